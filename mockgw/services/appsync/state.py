"""AppSync's state for one (account, region): GraphQL APIs, each owning its API keys and tags."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockgw.services._store import Store
from mockgw.state import partition_of


@dataclass
class ApiKey:
    id: str
    description: str | None
    expires: int  # epoch seconds, always on the hour
    deletes: int  # expires + 60 days: AWS keeps an expired key that long


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


@dataclass
class AppSyncState:
    account_id: str
    region: str
    apis: Store[GraphqlApi] = field(default_factory=Store)

    @property
    def partition(self) -> str:
        return partition_of(self.region)

    @property
    def dns_suffix(self) -> str:
        return "amazonaws.com.cn" if self.partition == "aws-cn" else "amazonaws.com"

    def api_arn(self, api_id: str) -> str:
        """``arn:aws:appsync:{region}:{account}:apis/{apiId}``, the form TagResource takes."""
        return f"arn:{self.partition}:appsync:{self.region}:{self.account_id}:apis/{api_id}"

    def hosts(self, api_id: str) -> dict[str, str]:
        """The API's two endpoint host names, keyed as ``uris`` and ``dns`` key them."""
        return {
            "GRAPHQL": f"{api_id}.appsync-api.{self.region}.{self.dns_suffix}",
            "REALTIME": f"{api_id}.appsync-realtime-api.{self.region}.{self.dns_suffix}",
        }
