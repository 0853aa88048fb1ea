"""The answer of a call that got through: a response the test registered with
``Mock.respond``, else the method's MOCK integration.

A MOCK integration renders its request template (the one for the call's ``Content-Type``, else
``application/json``) and answers the status code the result names (``{"statusCode": 404}``;
200 when it names none), through the integration response whose ``selectionPattern`` matches
that code (else the default one, with no pattern): its status, its ``application/json``
response template rendered as the body, and the static values of its
``method.response.header.*`` parameters; a response template may override the status and
headers through ``$context.responseOverride``. Templates are VTL with API Gateway's
``$input``, ``$util``, ``$context`` and ``$stageVariables`` (:mod:`mockgw.templates.mapping`);
a template that fails is API_CONFIGURATION_ERROR, as a broken template is on AWS. An HTTP, AWS
or proxy integration is never called: with no registered response the call is refused with
API_CONFIGURATION_ERROR (500 ``{"message": "Internal server error"}``) and an
``x-mockgw-reason`` header saying so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mockgw.services.apigateway.invoke import responses
from mockgw.services.apigateway.invoke.request import Request
from mockgw.services.apigateway.records.methods import Method
from mockgw.services.apigateway.records.rest_apis import Resource
from mockgw.templates import mapping
from mockgw.wire.restjson import WireResponse

_STATUS_CODE = re.compile(r'"?statusCode"?\s*:\s*"?([0-9]{3})')
_HEADER_PARAMETER = "method.response.header."


def answer(call: Request, resource: Resource, method: Method) -> WireResponse:
    paths = (call.path, resource.path) if resource.path != call.path else (call.path,)
    registered = call.gateway.registered(call.api_id, call.stage, call.method, paths)
    if registered is not None:
        headers = {**registered.headers, "x-amzn-RequestId": call.request_id}
        return WireResponse(registered.status, headers, registered.body)
    integration = method.integration
    where = f"{method.http_method} {resource.path}"
    if integration is None:
        return _configuration_error(call, f"{where} has no integration")
    if integration.type != "MOCK":
        return _configuration_error(
            call,
            f"{where} has a {integration.type} integration, which mockgw does not call; "
            "register its answer with Mock.respond(rest_api_id, method, path, ...)",
        )
    content_type = (call.header("content-type") or "").split(";", 1)[0].strip().lower()
    templates = integration.request_templates or {}
    template = templates.get(content_type or "application/json")
    if template is None:
        template = templates.get("application/json")
    rendered = _render(call, template or "", resource, call.body)
    if isinstance(rendered, WireResponse):
        return rendered
    found = _STATUS_CODE.search(rendered[0])
    status_code = found.group(1) if found else "200"
    chosen = None
    for response in integration.responses.values():
        pattern = response.selection_pattern
        if pattern and _matches(pattern, status_code):
            chosen = response
            break
        if not pattern and chosen is None:
            chosen = response
    if chosen is None:
        return _configuration_error(
            call,
            f"the MOCK integration of {where} answered {status_code}, and no integration "
            "response matches it and there is no default one (empty selectionPattern)",
        )
    response_templates = chosen.response_templates or {}
    text = response_templates.get("application/json")
    if text is None and response_templates:
        text = next((t for t in response_templates.values() if t is not None), None)
    rendered = _render(call, text or "", resource, b"")
    if isinstance(rendered, WireResponse):
        return rendered
    body, override = rendered
    headers = {"Content-Type": "application/json", "x-amzn-RequestId": call.request_id}
    for name, value in (chosen.response_parameters or {}).items():
        if name.startswith(_HEADER_PARAMETER) and len(value) >= 2 and value[0] == "'" == value[-1]:
            headers[name[len(_HEADER_PARAMETER) :]] = value[1:-1]
    status = int(chosen.status_code)
    if isinstance(override, Mapping):
        for name, value in (override.get("header") or {}).items():
            if value is not None:
                headers[str(name)] = str(value)
        wanted = str(override.get("status") or "")
        if wanted.isdigit() and 100 <= int(wanted) <= 599:
            status = int(wanted)
    return WireResponse(status, headers, body.encode())


def _matches(pattern: str, status_code: str) -> bool:
    """Whether a selection pattern matches the status code (a pattern that is not a regular
    expression matches nothing)."""
    try:
        return re.fullmatch(pattern, status_code) is not None
    except re.error:
        return False


def _configuration_error(call: Request, reason: str) -> WireResponse:
    return call.refuse(responses.API_CONFIGURATION_ERROR, reason)


def _render(
    call: Request, template: str, resource: Resource, body: bytes
) -> tuple[str, Any] | WireResponse:
    """``template`` rendered for ``call`` (with ``body`` as ``$input``'s payload), and the
    ``$context.responseOverride`` it left; or the refusal when the template fails."""
    if "$" not in template and "#" not in template:
        return template, None
    evaluation, context = mapping.render(
        template,
        body=body,
        params={
            "path": dict(call.path_parameters),
            "querystring": {name: values[-1] for name, values in call.query.items() if values},
            "header": dict(call.headers),
        },
        context={**call.context(), "resourcePath": resource.path, "resourceId": resource.id},
        stage_variables=call.stage_variables,
    )
    if evaluation.error is not None or evaluation.result is None:
        message = evaluation.error.message if evaluation.error else "no output"
        return _configuration_error(call, f"the mapping template failed: {message}")
    return evaluation.result, context.get("responseOverride")
