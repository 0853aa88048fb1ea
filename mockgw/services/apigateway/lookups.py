"""Finding API Gateway's resources, with AWS's NotFound texts; paging; the membership rules
several families check (a key in one usage plan per API stage, in ten plans at most); and what
refers to a REST API's models, validators and authorizers (they cannot be deleted while used)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from mockgw import errors
from mockgw.services._shared import paging
from mockgw.services._shared.operations import Params
from mockgw.services._shared.store import Store, T
from mockgw.services.apigateway.records.api_keys import ApiKey
from mockgw.services.apigateway.records.authorizers import Authorizer
from mockgw.services.apigateway.records.documentation import (
    DocumentationPart,
    DocumentationVersion,
)
from mockgw.services.apigateway.records.methods import Integration, Method
from mockgw.services.apigateway.records.models import Model
from mockgw.services.apigateway.records.rest_apis import Deployment, Resource, RestApi
from mockgw.services.apigateway.records.rules import PAGING
from mockgw.services.apigateway.records.stages import Stage
from mockgw.services.apigateway.records.usage_plans import UsagePlan
from mockgw.services.apigateway.records.validators import RequestValidator
from mockgw.services.apigateway.state import ApiGatewayState

MAX_PLANS_PER_KEY = 10  # aws-behaviour.md 7.9

# ------------------------------------------------------------------------------ finders


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


def deployment(api: RestApi, deployment_id: str) -> Deployment:
    found = api.deployments.get(deployment_id)
    if found is None:
        raise errors.not_found("Invalid Deployment identifier specified")
    return found


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


def model(api: RestApi, name: str) -> Model:
    found = api.models.get(name)
    if found is None:
        raise errors.not_found(f"Invalid model name specified: {name}")
    return found


def api_model(state: ApiGatewayState, rest_api_id: str, name: str) -> tuple[RestApi, Model]:
    """A model of an API; AWS answers the same for an unknown API (recorded)."""
    api = state.rest_apis.get(rest_api_id)
    if api is None:
        raise errors.not_found(f"Invalid model name specified: {name}")
    return api, model(api, name)


def request_validator(
    state: ApiGatewayState, rest_api_id: str, validator_id: str
) -> tuple[RestApi, RequestValidator]:
    """A request validator; AWS answers the same for an unknown API (recorded)."""
    api = state.rest_apis.get(rest_api_id)
    found = None if api is None else api.request_validators.get(validator_id)
    if api is None or found is None:
        raise errors.not_found("Invalid Request Validator identifier specified")
    return api, found


def authorizer(
    state: ApiGatewayState, rest_api_id: str, authorizer_id: str
) -> tuple[RestApi, Authorizer]:
    """An authorizer (the same answer for an unknown API: mockgw's choice, as for validators)."""
    api = state.rest_apis.get(rest_api_id)
    found = None if api is None else api.authorizers.get(authorizer_id)
    if api is None or found is None:
        raise errors.not_found("Invalid Authorizer identifier specified")
    return api, found


def documentation_part(api: RestApi | None, part_id: str) -> DocumentationPart:
    found = None if api is None else api.documentation_parts.get(part_id)
    if found is None:
        raise errors.not_found("Invalid Documentation part identifier specified")
    return found


def documentation_version(api: RestApi, version: str) -> DocumentationVersion:
    found = api.documentation_versions.get(version)
    if found is None:
        # LocalStack's text (not recorded against AWS): mockgw's choice
        raise errors.not_found(f"Documentation version not found: {version}")
    return found


# ------------------------------------------------------------------------------ references


def model_user(api: RestApi, name: str) -> str | None:
    """Where model ``name`` is used, in AWS's words (``method request: /pets/GET``), or None.
    The newest resource is named first (recorded: of ``//ANY`` and ``/test/ANY``, AWS named the
    latter)."""
    for res in reversed(api.resources.ids()):
        resource_ = api.resources.get(res)
        assert resource_ is not None
        for m in resource_.methods.values():
            if name in (m.request_models or {}).values():
                return f"method request: {resource_.path}/{m.http_method}"
            for response in m.responses.values():
                if name in (response.response_models or {}).values():
                    return (
                        f"method response: {resource_.path}/{m.http_method}/{response.status_code}"
                    )
    return None


def authorizer_user(api: RestApi, authorizer_id: str) -> str | None:
    """The first method using an authorizer, as AWS names it: ``GET//test``."""
    for res, m in api.methods():
        if m.authorizer_id == authorizer_id:
            return f"{m.http_method}/{res.path}"
    return None


def validator_user(api: RestApi, validator_id: str) -> str | None:
    """The first method using a request validator, named as for authorizers."""
    for res, m in api.methods():
        if m.request_validator_id == validator_id:
            return f"{m.http_method}/{res.path}"
    return None


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


def oldest_first(
    store: Store[T], params: Params, keep: Callable[[T], bool] | None = None
) -> tuple[list[T], str | None]:
    """A page of ``store`` in creation order (REST APIs, resources, deployments, a REST API's
    definitions)."""
    return paging.page(PAGING, store, params.get("limit"), params.get("position"), keep)


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
