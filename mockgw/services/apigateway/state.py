"""API Gateway's state for one (account, region), and the resources in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockgw import clock
from mockgw.services._store import Store
from mockgw.services.apigateway.rest_api_models import RestApi
from mockgw.state import partition_of


@dataclass
class ApiKey:
    id: str
    value: str
    name: str | None
    description: str | None
    enabled: bool
    customer_id: str | None
    created_date: int
    last_updated_date: int
    stage_keys: list[str] = field(default_factory=list)  # "restApiId/stageName"
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class UsagePlan:
    id: str
    name: str
    description: str | None = None
    # {apiId, stage, throttle: {"/pets/GET": {burstLimit, rateLimit}}}, in the order added
    api_stages: list[dict[str, Any]] = field(default_factory=list)
    throttle: dict[str, Any] | None = None  # {burstLimit: int, rateLimit: float}, both always
    quota: dict[str, Any] | None = None  # {limit: int, offset: int, period: str}, all always
    product_code: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    key_ids: Store[str] = field(default_factory=Store)  # api key ids, in the order added
    # ---- execute-api metering (mockgw/execute_api.py, usage.py)
    #: epoch seconds at creation: the quota period it falls in is the "initial time period"
    #: the quota's offset is subtracted in
    created_date: int = field(default_factory=lambda: int(clock.now()))
    #: api key id -> {"yyyy-MM-dd" (a UTC day): calls allowed (or seeded) that day}
    usage: dict[str, dict[str, int]] = field(default_factory=dict)
    #: api key id -> {"yyyy-MM-dd" (the UTC day UpdateUsage granted it): calls added to the
    #: remaining quota from that day to the end of its quota period}
    quota_extensions: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class ApiGatewayState:
    account_id: str
    region: str
    api_keys: Store[ApiKey] = field(default_factory=Store)
    key_values: dict[str, str] = field(default_factory=dict)  # value -> api key id
    usage_plans: Store[UsagePlan] = field(default_factory=Store)
    rest_apis: Store[RestApi] = field(default_factory=Store)

    @property
    def partition(self) -> str:
        return partition_of(self.region)

    def arn(self, path: str) -> str:
        """API Gateway ARNs carry no account: ``arn:aws:apigateway:us-east-1::/apikeys/id``."""
        return f"arn:{self.partition}:apigateway:{self.region}::{path}"

    def stage_exists(self, rest_api_id: str, stage_name: str) -> bool:
        api = self.rest_apis.get(rest_api_id)
        return api is not None and stage_name in api.stages
