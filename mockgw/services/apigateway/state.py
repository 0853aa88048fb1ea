"""API Gateway's state for one (account, region): a Store per top-level collection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from mockgw.services._shared import arns
from mockgw.services._shared.regional import DERIVED, RegionalState
from mockgw.services._shared.store import Store
from mockgw.services.apigateway.records.api_keys import ApiKey
from mockgw.services.apigateway.records.rest_apis import RestApi
from mockgw.services.apigateway.records.usage_plans import UsagePlan

#: The directory kind a REST API's id is published under (its execute-api host names it).
REST_API = "restapi"


@dataclass
class ApiGatewayState(RegionalState):
    api_keys: Store[ApiKey] = field(default_factory=Store)
    #: value -> api key id: an index of ``api_keys``, made again after a restore (``rebuild``)
    key_values: dict[str, str] = field(default_factory=dict, metadata=DERIVED)
    usage_plans: Store[UsagePlan] = field(default_factory=Store)
    rest_apis: Store[RestApi] = field(default_factory=Store)

    def arn(self, path: str) -> str:
        """API Gateway ARNs carry no account: ``arn:aws:apigateway:us-east-1::/apikeys/id``."""
        return arns.arn("apigateway", self.region, "", path)

    def stage_exists(self, rest_api_id: str, stage_name: str) -> bool:
        api = self.rest_apis.get(rest_api_id)
        return api is not None and stage_name in api.stages


def rebuild(state: ApiGatewayState) -> None:
    """Make the derived fields again after a restore: the index of API key values."""
    state.key_values = {key.value: key.id for key in state.api_keys.values()}


def addresses(state: ApiGatewayState) -> Iterator[tuple[str, str]]:
    """The names this state publishes in the world's directory: its REST APIs' ids."""
    for api_id in list(state.rest_apis.ids()):
        yield REST_API, api_id
