"""GraphQL APIs: the record, and the ``GraphqlApi`` shape (views hand out copies: answers are
serialized after the backend's lock is released)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from mockgw.services._shared.store import Store
from mockgw.services.appsync.records.api_keys import ApiKey
from mockgw.services.appsync.records.caches import ApiCache
from mockgw.services.appsync.records.data_sources import DataSource
from mockgw.services.appsync.records.resolvers import Function, Resolver


@dataclass
class GraphqlApi:
    api_id: str
    name: str
    authentication_type: str
    arn: str
    uris: dict[str, str]
    dns: dict[str, str]
    owner: str
    visibility: str = "GLOBAL"
    api_type: str = "GRAPHQL"
    xray_enabled: bool = False
    introspection_config: str = "ENABLED"
    query_depth_limit: int = 0
    resolver_count_limit: int = 0
    log_config: dict[str, Any] | None = None
    user_pool_config: dict[str, Any] | None = None
    openid_connect_config: dict[str, Any] | None = None
    lambda_authorizer_config: dict[str, Any] | None = None
    additional_authentication_providers: list[dict[str, Any]] = field(default_factory=list)
    merged_api_execution_role_arn: str | None = None
    owner_contact: str | None = None
    enhanced_metrics_config: dict[str, Any] | None = None
    tags: dict[str, str] = field(default_factory=dict)
    api_keys: Store[ApiKey] = field(default_factory=Store)
    #: the schema in force (SDL text), None before the first one is created (StartSchemaMerge
    #: of merged APIs reads and writes it too)
    schema_sdl: str | None = None
    #: the last schema creation: PROCESSING, SUCCESS or FAILED (None before any)
    schema_status: str | None = None
    schema_details: str | None = None
    #: the SDL a PROCESSING creation will put in force
    pending_sdl: str | None = None
    data_sources: Store[DataSource] = field(default_factory=Store)
    resolvers: Store[Resolver] = field(default_factory=Store)  # keyed "Type.field"
    functions: Store[Function] = field(default_factory=Store)
    api_cache: ApiCache | None = None
    environment_variables: dict[str, str] = field(default_factory=dict)


def graphql_api_view(api: GraphqlApi) -> dict[str, Any]:
    """A ``GraphqlApi`` shape; ``None`` members are left out on the wire."""
    return {
        "name": api.name,
        "apiId": api.api_id,
        "authenticationType": api.authentication_type,
        "logConfig": copy.deepcopy(api.log_config),
        "userPoolConfig": copy.deepcopy(api.user_pool_config),
        "openIDConnectConfig": copy.deepcopy(api.openid_connect_config),
        "arn": api.arn,
        "uris": dict(api.uris),
        "tags": dict(api.tags),
        "additionalAuthenticationProviders": copy.deepcopy(api.additional_authentication_providers),
        "xrayEnabled": api.xray_enabled,
        "lambdaAuthorizerConfig": copy.deepcopy(api.lambda_authorizer_config),
        "dns": dict(api.dns),
        "visibility": api.visibility,
        "apiType": api.api_type,
        "mergedApiExecutionRoleArn": api.merged_api_execution_role_arn,
        "owner": api.owner,
        "ownerContact": api.owner_contact,
        "introspectionConfig": api.introspection_config,
        "queryDepthLimit": api.query_depth_limit,
        "resolverCountLimit": api.resolver_count_limit,
        "enhancedMetricsConfig": copy.deepcopy(api.enhanced_metrics_config),
    }
