"""Data sources: Create, Get, List, Update, DeleteDataSource, and the RDS introspections
(StartDataSourceIntrospection, GetDataSourceIntrospection).

Each type takes its own config and no other (AWS_LAMBDA ``lambdaConfig``, AMAZON_DYNAMODB
``dynamodbConfig``, AMAZON_ELASTICSEARCH ``elasticsearchConfig``, AMAZON_OPENSEARCH_SERVICE
``openSearchServiceConfig``, HTTP ``httpConfig``, RELATIONAL_DATABASE
``relationalDatabaseConfig``, AMAZON_EVENTBRIDGE ``eventBridgeConfig``; NONE and
AMAZON_BEDROCK_RUNTIME none); the model checks each config's required members. AWS answers a
DynamoDB config with ``useCallerCredentials`` and ``versioned`` (false unless given). The ARN is
``.../apis/<apiId>/datasources/<name>``; UpdateDataSource replaces the whole definition.

Texts: a name in use, 400 ``Data source with name <name> already exists`` (amplify-cli#911);
unknown, 404 ``No data source found named <name>`` (terraform-aws-modules/terraform-aws-appsync
#30). mockgw's: a type without its config, 400 ``<member> must be provided for data source
type <TYPE>.``; a config the type does not take, 400 ``<member> is not supported for data
source type <TYPE>.``; an HTTP endpoint that is not http(s), 400 ``Invalid HTTP endpoint:
<endpoint>``; a data source a resolver or function uses cannot be deleted, 400 ``Data source
<name> is used by a resolver or a function.``

Introspections: no database can be reached from a test, so an introspection is
``PROCESSING`` in the answer that starts it and ``FAILED`` from then on (decided at the
start, so no read changes anything), with ``introspectionStatusDetail``
``mockgw cannot reach the database <resourceArn>; an introspection has no models in a
test.``; an unknown id is 404 ``Introspection <id> not found.`` (mockgw's texts).
"""

from __future__ import annotations

from typing import Any

from mockgw import errors, ids
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync import lookups
from mockgw.services.appsync.records.data_sources import (
    CONFIG_MEMBERS,
    CONFIG_OF_TYPE,
    DataSource,
    data_source_view,
)
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.records.introspections import Introspection
from mockgw.services.appsync.state import AppSyncState


def _configs(params: Params) -> dict[str, dict[str, Any]]:
    kind = params["type"]
    wanted = CONFIG_OF_TYPE[kind]
    given = {m: dict(params[m]) for m in CONFIG_MEMBERS if params.get(m) is not None}
    for member in given:
        if member != wanted:
            raise errors.bad_request(f"{member} is not supported for data source type {kind}.")
    if wanted is not None and wanted not in given:
        raise errors.bad_request(f"{wanted} must be provided for data source type {kind}.")
    if wanted == "dynamodbConfig":
        config = given[wanted]
        config.setdefault("useCallerCredentials", False)
        config.setdefault("versioned", False)
    if wanted == "httpConfig":
        endpoint = given[wanted].get("endpoint") or ""
        if not endpoint.lower().startswith(("http://", "https://")):
            raise errors.bad_request(f"Invalid HTTP endpoint: {endpoint}")
    return given


def _build(api: GraphqlApi, params: Params) -> DataSource:
    return DataSource(
        name=params["name"],
        type=params["type"],
        arn=f"{api.arn}/datasources/{params['name']}",
        description=params.get("description"),
        service_role_arn=params.get("serviceRoleArn"),
        configs=_configs(params),
        metrics_config=params.get("metricsConfig"),
    )


@operation("CreateDataSource")
def create_data_source(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    if params["name"] in api.data_sources:
        raise errors.bad_request(f"Data source with name {params['name']} already exists")
    source = _build(api, params)
    api.data_sources.add(source.name, source)
    return {"dataSource": data_source_view(source)}


@operation("GetDataSource")
def get_data_source(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    return {"dataSource": data_source_view(lookups.data_source(api, params["name"]))}


@operation("ListDataSources")
def list_data_sources(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    sources, token = lookups.page(
        api.data_sources,
        f"datasources/{api.api_id}",
        params.get("maxResults"),
        params.get("nextToken"),
    )
    return {"dataSources": [data_source_view(s) for s in sources], "nextToken": token}


@operation("UpdateDataSource")
def update_data_source(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    current = lookups.data_source(api, params["name"])
    updated = _build(api, params)
    current.type, current.description = updated.type, updated.description
    current.service_role_arn, current.configs = updated.service_role_arn, updated.configs
    current.metrics_config = updated.metrics_config
    return {"dataSource": data_source_view(current)}


@operation("DeleteDataSource")
def delete_data_source(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    source = lookups.data_source(api, params["name"])
    used = any(r.data_source_name == source.name for r in api.resolvers.values()) or any(
        f.data_source_name == source.name for f in api.functions.values()
    )
    if used:
        raise errors.bad_request(f"Data source {source.name} is used by a resolver or a function.")
    api.data_sources.remove(source.name)
    return None


@operation("StartDataSourceIntrospection")
def start_data_source_introspection(state: AppSyncState, params: Params) -> Result:
    config = params.get("rdsDataApiConfig")
    if config is None:
        raise errors.bad_request("rdsDataApiConfig must be provided.")
    record = Introspection(
        introspection_id=ids.unique(ids.uuid4, state.introspections),
        resource_arn=config["resourceArn"],
        secret_arn=config["secretArn"],
        database_name=config["databaseName"],
        status="FAILED",
        detail=(
            f"mockgw cannot reach the database {config['resourceArn']}; an introspection has "
            "no models in a test."
        ),
    )
    state.introspections.add(record.introspection_id, record)
    return {"introspectionId": record.introspection_id, "introspectionStatus": "PROCESSING"}


@operation("GetDataSourceIntrospection")
def get_data_source_introspection(state: AppSyncState, params: Params) -> Result:
    record = state.introspections.get(params["introspectionId"])
    if record is None:
        raise errors.not_found(f"Introspection {params['introspectionId']} not found.")
    return {
        "introspectionId": record.introspection_id,
        "introspectionStatus": record.status,
        "introspectionStatusDetail": record.detail,
    }
