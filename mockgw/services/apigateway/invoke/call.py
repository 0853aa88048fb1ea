"""One call to a deployed stage: route it, authorize it, meter it, validate it, answer it.

The steps after routing (:func:`handle`) are the same for TestInvokeMethod, which runs them
on the REST API as it stands, without authorization, API key or usage (``test_invoke.py``).
"""

from __future__ import annotations

from mockgw.services.apigateway.invoke import (
    authorization,
    integrations,
    metering,
    responses,
    validation,
)
from mockgw.services.apigateway.invoke.definition import Definition
from mockgw.services.apigateway.invoke.request import Request
from mockgw.services.apigateway.records.methods import Method
from mockgw.services.apigateway.records.rest_apis import Resource
from mockgw.services.apigateway.records.routes import routes_of
from mockgw.wire.restjson import WireResponse


def run(call: Request) -> WireResponse:
    """Answer ``call`` while the backend's lock is held."""
    api = call.state.rest_apis.get(call.api_id)
    if api is None:  # deleted between the directory lookup and the lock
        return responses.forbidden(f"no REST API {call.api_id}", call.request_id)
    if api.disable_execute_api_endpoint and call.domain_name is None:
        return responses.forbidden("the default endpoint is disabled", call.request_id)
    deployment = api.deployed(call.stage) if call.stage else None
    if deployment is None:
        return _missing(call, f"REST API {call.api_id} has no stage {call.stage!r}")
    call.customized = deployment.gateway_responses
    stage = api.stages[call.stage]
    call.stage_variables = dict(stage.variables)
    resource = routes_of(deployment).match(call.segments)
    if resource is None:
        return _missing(
            call,
            f"no resource of stage {call.stage!r} matches {call.path} (deploy the API "
            "again after changing it: a stage serves what its deployment froze)",
        )
    method = resource.methods.get(call.method) or resource.methods.get("ANY")
    if method is None:
        return _missing(call, f"resource {resource.path} has no {call.method} or ANY")
    call.path_parameters = path_parameters(resource.path, call.segments) or {}
    definition = Definition.of_deployment(deployment)
    refused = authorization.check(call, api, definition, method)
    if refused is not None:
        return refused
    if method.api_key_required:
        refused = metering.meter(call, resource, method, api.api_key_source)
        if refused is not None:
            return refused
    return handle(call, definition, resource, method)


def handle(
    call: Request, definition: Definition, resource: Resource, method: Method
) -> WireResponse:
    """Validate the call against the method's request validator, then answer it."""
    failure = validation.check(call, definition, method)
    if failure is not None:
        return call.refuse(failure.response_type, failure.log, failure.message, failure.detail)
    return integrations.answer(call, resource, method)


def path_parameters(template: str, segments: list[str]) -> dict[str, str] | None:
    """The path parameters of resource path ``template`` (``/pets/{id}``, ``/{proxy+}``) in a
    request path's ``segments``; None when the path does not fit the template."""
    parts = [p for p in template.split("/") if p]
    found: dict[str, str] = {}
    for index, part in enumerate(parts):
        if part.startswith("{") and part.endswith("+}"):
            if index >= len(segments):
                return None
            found[part[1:-2]] = "/".join(segments[index:])
            return found
        if index >= len(segments):
            return None
        if part.startswith("{") and part.endswith("}"):
            found[part[1:-1]] = segments[index]
        elif part != segments[index]:
            return None
    return found if len(parts) == len(segments) else None


def _missing(call: Request, reason: str) -> WireResponse:
    return call.refuse(responses.MISSING_AUTHENTICATION_TOKEN, reason)
