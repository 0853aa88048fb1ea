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
from mockgw.services._base import Params, Result
from mockgw.services.appsync import lookups
from mockgw.services.appsync._table import operations
from mockgw.services.appsync.state import AppSyncState, GraphqlApi

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


def graphql_api_view(api: GraphqlApi) -> dict[str, Any]:
    """A ``GraphqlApi`` shape; ``None`` members are left out on the wire."""
    return {
        "name": api.name,
        "apiId": api.api_id,
        "authenticationType": api.authentication_type,
        "logConfig": api.log_config,
        "userPoolConfig": api.user_pool_config,
        "openIDConnectConfig": api.openid_connect_config,
        "arn": api.arn,
        "uris": dict(api.uris),
        "tags": dict(api.tags),
        "additionalAuthenticationProviders": list(api.additional_authentication_providers),
        "xrayEnabled": api.xray_enabled,
        "lambdaAuthorizerConfig": api.lambda_authorizer_config,
        "dns": dict(api.dns),
        "visibility": api.visibility,
        "apiType": api.api_type,
        "mergedApiExecutionRoleArn": api.merged_api_execution_role_arn,
        "owner": api.owner,
        "ownerContact": api.owner_contact,
        "introspectionConfig": api.introspection_config,
        "queryDepthLimit": api.query_depth_limit,
        "resolverCountLimit": api.resolver_count_limit,
        "enhancedMetricsConfig": api.enhanced_metrics_config,
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


def _new_id(state: AppSyncState) -> str:
    while True:
        api_id = ids.appsync_api_id()
        if api_id not in state.apis:
            return api_id


@operations("CreateGraphqlApi")
def create_graphql_api(state: AppSyncState, params: Params) -> Result:
    api_id = _new_id(state)
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
    return {"graphqlApi": graphql_api_view(api)}


@operations("GetGraphqlApi")
def get_graphql_api(state: AppSyncState, params: Params) -> Result:
    return {"graphqlApi": graphql_api_view(lookups.graphql_api(state, params["apiId"]))}


@operations("ListGraphqlApis")
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


@operations("UpdateGraphqlApi")
def update_graphql_api(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    api.name = params["name"]
    api.authentication_type = params["authenticationType"]
    _configure(api, params)
    return {"graphqlApi": graphql_api_view(api)}


@operations("DeleteGraphqlApi")
def delete_graphql_api(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    state.apis.remove(api.api_id)  # its keys and tags live on it and go with it
    return None
