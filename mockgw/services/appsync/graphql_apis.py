"""GraphQL APIs, as far as API keys and tags need them: Create, Get, List, Update, Delete.

An API answers with AWS's defaults filled in (``visibility`` GLOBAL, ``apiType`` GRAPHQL,
``introspectionConfig`` ENABLED, ``xrayEnabled`` false, both limits 0, ``tags`` ``{}``), its ARN
``arn:aws:appsync:{region}:{account}:apis/{apiId}`` and its ``uris``/``dns`` for the GRAPHQL and
REALTIME endpoints. UpdateGraphqlApi changes the members it is given and keeps the others.
Deleting an API deletes its keys and tags with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockgw import ids
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync import lookups, merging
from mockgw.services.appsync.records.graphql_apis import GraphqlApi, graphql_api_view
from mockgw.services.appsync.state import API, AppSyncState

#: Request member -> GraphqlApi attribute, for the members Create and Update both take.
_CONFIG = {
    "logConfig": "log_config",
    "userPoolConfig": "user_pool_config",
    "openIDConnectConfig": "openid_connect_config",
    "lambdaAuthorizerConfig": "lambda_authorizer_config",
    "additionalAuthenticationProviders": "additional_authentication_providers",
    "xrayEnabled": "xray_enabled",
    "mergedApiExecutionRoleArn": "merged_api_execution_role_arn",
    "ownerContact": "owner_contact",
    "introspectionConfig": "introspection_config",
    "queryDepthLimit": "query_depth_limit",
    "resolverCountLimit": "resolver_count_limit",
    "enhancedMetricsConfig": "enhanced_metrics_config",
}


def _with_defaults(member: str, value: Any) -> Any:
    """Fill the nested defaults AWS reports back: a log config's ``excludeVerboseContent``
    (false) and an OIDC config's ``iatTTL``/``authTTL`` (0), also inside additional providers."""
    if member == "logConfig":
        return {"excludeVerboseContent": False, **value}
    if member == "openIDConnectConfig":
        return _oidc(value)
    if member == "additionalAuthenticationProviders":
        out = []
        for provider in value:
            provider = dict(provider)
            if "openIDConnectConfig" in provider:
                provider["openIDConnectConfig"] = _oidc(provider["openIDConnectConfig"])
            out.append(provider)
        return out
    return value


def _oidc(config: Mapping[str, Any]) -> dict[str, Any]:
    return {**config, "iatTTL": config.get("iatTTL", 0), "authTTL": config.get("authTTL", 0)}


def _configure(api: GraphqlApi, params: Params) -> None:
    for member, attribute in _CONFIG.items():
        if params.get(member) is not None:
            setattr(api, attribute, _with_defaults(member, params[member]))


@operation("CreateGraphqlApi")
def create_graphql_api(state: AppSyncState, params: Params) -> Result:
    api_id = ids.unique(ids.appsync_api_id, state.apis)
    hosts = state.hosts(api_id)
    api = GraphqlApi(
        api_id=api_id,
        name=params["name"],
        authentication_type=params["authenticationType"],
        arn=state.api_arn(api_id),
        uris={
            "GRAPHQL": f"https://{hosts['GRAPHQL']}/graphql",
            "REALTIME": f"wss://{hosts['REALTIME']}/graphql",
        },
        dns=hosts,
        owner=state.account_id,
        visibility=params.get("visibility") or "GLOBAL",
        api_type=params.get("apiType") or "GRAPHQL",
        tags=dict(params.get("tags") or {}),
    )
    _configure(api, params)
    state.apis.add(api_id, api)
    state.addresses.publish(API, api_id)
    return {"graphqlApi": graphql_api_view(api)}


@operation("GetGraphqlApi")
def get_graphql_api(state: AppSyncState, params: Params) -> Result:
    return {"graphqlApi": graphql_api_view(lookups.graphql_api(state, params["apiId"]))}


@operation("ListGraphqlApis")
def list_graphql_apis(state: AppSyncState, params: Params) -> Result:
    api_type = params.get("apiType")
    # Every API here belongs to the calling account: none is shared in from another one.
    foreign_only = params.get("owner") == "OTHER_ACCOUNTS"

    def keep(api: GraphqlApi) -> bool:
        return not foreign_only and (api_type is None or api.api_type == api_type)

    filtering = api_type is not None or foreign_only
    apis, token = lookups.page(
        state.apis,
        "graphqlApis",
        params.get("maxResults"),
        params.get("nextToken"),
        keep if filtering else None,
    )
    return {"graphqlApis": [graphql_api_view(api) for api in apis], "nextToken": token}


@operation("UpdateGraphqlApi")
def update_graphql_api(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    api.name = params["name"]
    api.authentication_type = params["authenticationType"]
    _configure(api, params)
    return {"graphqlApi": graphql_api_view(api)}


@operation("DeleteGraphqlApi")
def delete_graphql_api(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    lookups.check_deletable(state, api.api_id)
    merging.drop_associations(state, api.api_id)
    state.apis.remove(api.api_id)  # its keys and tags live on it and go with it
    state.addresses.withdraw(API, api.api_id)
    return None
