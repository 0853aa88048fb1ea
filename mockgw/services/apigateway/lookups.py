"""Finding API Gateway's resources, with AWS's NotFound texts; paging; and the membership
rules several families check (a key in one usage plan per API stage, in ten plans at most)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from mockgw import errors
from mockgw.services._shared import paging
from mockgw.services._shared.operations import Params
from mockgw.services._shared.store import Store, T, require
from mockgw.services.apigateway.records.api_keys import ApiKey
from mockgw.services.apigateway.records.methods import Integration, Method
from mockgw.services.apigateway.records.rest_apis import Deployment, Resource, RestApi
from mockgw.services.apigateway.records.rules import PAGING
from mockgw.services.apigateway.records.stages import Stage
from mockgw.services.apigateway.records.usage_plans import UsagePlan
from mockgw.services.apigateway.state import ApiGatewayState

MAX_PLANS_PER_KEY = 10  # aws-behaviour.md 7.9

# ------------------------------------------------------------------------------ finders


def api_key(state: ApiGatewayState, key_id: str) -> ApiKey:
    return require(state.api_keys.get(key_id), "Invalid API Key identifier specified")


def usage_plan(state: ApiGatewayState, plan_id: str) -> UsagePlan:
    return require(state.usage_plans.get(plan_id), "Invalid Usage Plan ID specified")


def rest_api(state: ApiGatewayState, rest_api_id: str) -> RestApi:
    return require(
        state.rest_apis.get(rest_api_id),
        f"Invalid API identifier specified {state.account_id}:{rest_api_id}",
    )


def stage(api: RestApi, stage_name: str) -> Stage:
    return require(api.stages.get(stage_name), "Invalid stage identifier specified")


def deployment(api: RestApi, deployment_id: str) -> Deployment:
    return require(api.deployments.get(deployment_id), "Invalid Deployment identifier specified")


def resource(
    state: ApiGatewayState, rest_api_id: str, resource_id: str
) -> tuple[RestApi, Resource]:
    """The API and one of its resources; AWS answers the same for an unknown API or resource."""
    api = state.rest_apis.get(rest_api_id)
    found = None if api is None else api.resources.get(resource_id)
    if api is None or found is None:
        raise errors.not_found("Invalid Resource identifier specified")
    return api, found


def method(state: ApiGatewayState, params: Params) -> tuple[RestApi, Resource, Method]:
    """The method ``params`` name (restApiId, resourceId, httpMethod)."""
    api, res = resource(state, params["restApiId"], params["resourceId"])
    found = res.methods.get(params["httpMethod"])
    if found is None:
        raise errors.not_found("Invalid Method identifier specified")
    return api, res, found


def integration(state: ApiGatewayState, params: Params) -> tuple[Method, Integration]:
    """The integration of the method ``params`` name."""
    _, _, found = method(state, params)
    if found.integration is None:
        raise errors.not_found("Invalid Integration identifier specified")
    return found, found.integration


# ------------------------------------------------------------------------------ paging


def newest_first(
    store: Store[T],
    params: Params,
    keep: Callable[[T], bool] | None = None,
) -> tuple[list[T], str | None]:
    """A page of ``store`` newest first (API keys, usage plans and their keys, as AWS lists
    them), with API Gateway's ``limit``/``position`` rules."""
    return paging.page(
        PAGING, store, params.get("limit"), params.get("position"), keep, newest_first=True
    )


def oldest_first(store: Store[T], params: Params) -> tuple[list[T], str | None]:
    """A page of ``store`` in creation order (REST APIs, resources, deployments)."""
    return paging.page(PAGING, store, params.get("limit"), params.get("position"))


def embeds(params: Params, what: str) -> bool:
    """Whether the ``embed`` query list asks for ``what`` (``methods``, ``apisummary``)."""
    return any(p.strip() == what for e in params.get("embed") or () for p in e.split(","))


# ------------------------------------------------------------------------------ membership


def plans_of_key(state: ApiGatewayState, key_id: str) -> list[UsagePlan]:
    """The usage plans API key ``key_id`` is in."""
    return [plan for plan in state.usage_plans.values() if key_id in plan.key_ids]


def stage_conflict(
    state: ApiGatewayState,
    key_id: str,
    stages: Iterable[Mapping[str, Any]],
    exclude: str,
) -> tuple[UsagePlan, Mapping[str, Any]] | None:
    """Another plan holding ``key_id`` that shares one of ``stages`` (an API key may be in only
    one usage plan per API stage), with the shared stage."""
    wanted = {(s["apiId"], s["stage"]) for s in stages}
    if not wanted:
        return None
    for other in state.usage_plans.values():
        if other.id == exclude or key_id not in other.key_ids:
            continue
        for entry in other.api_stages:
            if (entry["apiId"], entry["stage"]) in wanted:
                return other, entry
    return None
