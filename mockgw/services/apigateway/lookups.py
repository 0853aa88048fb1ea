"""Finding API Gateway resources by id, with AWS's NotFound messages, and shared limits."""

from __future__ import annotations

from collections.abc import Callable

from mockgw import errors
from mockgw.errors import ServiceError
from mockgw.services._store import InvalidToken, Store, T
from mockgw.services.apigateway.rest_api_models import RestApi, Stage
from mockgw.services.apigateway.state import ApiGatewayState, ApiKey, UsagePlan

DEFAULT_PAGE = 25
MAX_PAGE = 500


def api_key(state: ApiGatewayState, key_id: str) -> ApiKey:
    found = state.api_keys.get(key_id)
    if found is None:
        raise errors.not_found("Invalid API Key identifier specified")
    return found


def usage_plan(state: ApiGatewayState, plan_id: str) -> UsagePlan:
    found = state.usage_plans.get(plan_id)
    if found is None:
        raise errors.not_found("Invalid Usage Plan ID specified")
    return found


def rest_api(state: ApiGatewayState, rest_api_id: str) -> RestApi:
    found = state.rest_apis.get(rest_api_id)
    if found is None:
        raise errors.not_found(f"Invalid API identifier specified {state.account_id}:{rest_api_id}")
    return found


def stage(api: RestApi, stage_name: str) -> Stage:
    found = api.stages.get(stage_name)
    if found is None:
        raise errors.not_found("Invalid stage identifier specified")
    return found


def page_size(limit: int | None) -> int:
    """AWS's ``limit``: 25 by default, at most 500; a value below 1 means the default."""
    if limit is None or limit < 1:
        return DEFAULT_PAGE
    return min(limit, MAX_PAGE)


def paged(
    store: Store[T],
    limit: int | None,
    position: str | None,
    keep: Callable[[T], bool] | None = None,
    *,
    newest_first: bool = True,
) -> tuple[list[T], str | None]:
    """A page of ``store`` (newest first unless told otherwise), with API Gateway's
    ``limit``/``position`` rules."""
    try:
        return store.page(page_size(limit), position or None, keep, newest_first)
    except InvalidToken:
        raise ServiceError("BadRequestException", "Invalid position parameter specified") from None
