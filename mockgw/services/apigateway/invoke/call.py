"""One call to a deployed stage: route it, meter it, answer it."""

from __future__ import annotations

from mockgw.services.apigateway.invoke import integrations, metering, responses
from mockgw.services.apigateway.invoke.request import Request
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
    if method.api_key_required:
        refused = metering.meter(call, resource, method)
        if refused is not None:
            return refused
    return integrations.answer(call, resource, method)


def _missing(call: Request, reason: str) -> WireResponse:
    return responses.missing_token(reason, call.request_id)
