"""Resolvers: Create, Get, List, Update, DeleteResolver, ListResolversByFunction.

A resolver attaches to a field of the schema in force: the type must exist (404 ``Type <T> not
found``), the field on it (404 ``No field named <f> found on type <T>``; both AWS's texts), one
resolver per field (400 ``Only one resolver is allowed per field.``, AWS's). ``kind`` is UNIT by
default: a UNIT resolver names a data source that exists (404 ``No data source found named
<name>``); a PIPELINE resolver lists functions that exist (404 ``The specified functions
[<id>,<id>] must exist before referencing them from a resolver.``, AWS's). ``code`` needs
``runtime`` APPSYNC_JS 1.0.0 and ``runtime`` needs ``code``; ``cachingConfig.ttl`` is 1..3600
(the model's documentation). An unknown resolver is 404 ``No resolver found.`` (AWS's). The ARN
is ``.../apis/<apiId>/types/<type>/resolvers/<field>`` (seen from AWS). UpdateResolver replaces
the definition. mockgw's texts: see ``rules``.
"""

from __future__ import annotations

from typing import Any

from mockgw import errors
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync import lookups
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.records.resolvers import Resolver, resolver_key, resolver_view
from mockgw.services.appsync.records.rules import check_code_and_runtime
from mockgw.services.appsync.state import AppSyncState


def _field_exists(api: GraphqlApi, type_name: str, field_name: str) -> None:
    definition = lookups.schema_type(api, type_name)
    fields = {f.name.value for f in getattr(definition, "fields", None) or ()}
    if field_name not in fields:
        raise errors.not_found(f"No field named {field_name} found on type {type_name}")


def _check_caching(config: Any) -> None:
    if config is not None and not 1 <= config["ttl"] <= 3600:
        raise errors.bad_request("Caching TTL must be between 1 and 3600 seconds.")


def _build(api: GraphqlApi, params: Params) -> Resolver:
    type_name, field_name = params["typeName"], params["fieldName"]
    _field_exists(api, type_name, field_name)
    kind = params.get("kind") or "UNIT"
    source = params.get("dataSourceName")
    functions: list[str] | None = None
    if kind == "PIPELINE":
        functions = list((params.get("pipelineConfig") or {}).get("functions") or [])
        missing = [f for f in functions if f not in api.functions]
        if missing:
            raise errors.not_found(
                f"The specified functions [{','.join(missing)}] must exist before referencing "
                "them from a resolver."
            )
        source = None
    elif source is not None:
        lookups.data_source(api, source)
    check_code_and_runtime(params.get("code"), params.get("runtime"))
    _check_caching(params.get("cachingConfig"))
    return Resolver(
        type_name=type_name,
        field_name=field_name,
        arn=f"{api.arn}/types/{type_name}/resolvers/{field_name}",
        kind=kind,
        data_source_name=source,
        request_mapping_template=params.get("requestMappingTemplate"),
        response_mapping_template=params.get("responseMappingTemplate"),
        functions=functions,
        sync_config=params.get("syncConfig"),
        caching_config=params.get("cachingConfig"),
        max_batch_size=params.get("maxBatchSize") or 0,
        runtime=params.get("runtime"),
        code=params.get("code"),
        metrics_config=params.get("metricsConfig"),
    )


@operation("CreateResolver")
def create_resolver(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    resolver = _build(api, params)
    key = resolver_key(resolver.type_name, resolver.field_name)
    if key in api.resolvers:
        raise errors.bad_request("Only one resolver is allowed per field.")
    api.resolvers.add(key, resolver)
    return {"resolver": resolver_view(resolver)}


@operation("GetResolver")
def get_resolver(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    found = lookups.resolver(api, params["typeName"], params["fieldName"])
    return {"resolver": resolver_view(found)}


@operation("ListResolvers")
def list_resolvers(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    type_name = params["typeName"]
    found, token = lookups.page(
        api.resolvers,
        f"resolvers/{api.api_id}/{type_name}",
        params.get("maxResults"),
        params.get("nextToken"),
        lambda r: r.type_name == type_name,
    )
    return {"resolvers": [resolver_view(r) for r in found], "nextToken": token}


@operation("UpdateResolver")
def update_resolver(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    current = lookups.resolver(api, params["typeName"], params["fieldName"])
    updated = _build(api, params)
    api.resolvers.remove(resolver_key(current.type_name, current.field_name))
    api.resolvers.add(resolver_key(updated.type_name, updated.field_name), updated)
    return {"resolver": resolver_view(updated)}


@operation("DeleteResolver")
def delete_resolver(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    found = lookups.resolver(api, params["typeName"], params["fieldName"])
    api.resolvers.remove(resolver_key(found.type_name, found.field_name))
    return None


@operation("ListResolversByFunction")
def list_resolvers_by_function(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    function_id = lookups.function(api, params["functionId"]).function_id
    found, token = lookups.page(
        api.resolvers,
        f"function-resolvers/{api.api_id}/{function_id}",
        params.get("maxResults"),
        params.get("nextToken"),
        lambda r: function_id in (r.functions or ()),
    )
    return {"resolvers": [resolver_view(r) for r in found], "nextToken": token}
