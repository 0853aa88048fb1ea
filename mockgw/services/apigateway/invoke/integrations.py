"""The answer of a call that got through: a response the test registered with
``Mock.respond``, else the method's MOCK integration.

A MOCK integration answers the status code its request template names (``{"statusCode": 404}``;
200 when it names none), through the integration response whose ``selectionPattern`` matches
that code (else the default one, with no pattern): its status, its ``application/json``
response template as the body (``$context.requestId``, ``.stage``, ``.httpMethod``,
``.resourcePath``, ``.path``, ``.apiId``, ``.identity.apiKey`` and ``.identity.apiKeyId`` are
filled in; nothing else of VTL is evaluated) and the static values of its
``method.response.header.*`` parameters. An HTTP, AWS or proxy integration is never called: with
no registered response the call gets 500 ``{"message": "Internal server error"}`` and an
``x-mockgw-reason`` header saying so.
"""

from __future__ import annotations

import re

from mockgw.services.apigateway.invoke import responses
from mockgw.services.apigateway.invoke.request import Request
from mockgw.services.apigateway.records.methods import Method
from mockgw.services.apigateway.records.rest_apis import Resource
from mockgw.wire.restjson import WireResponse

_STATUS_CODE = re.compile(r'"?statusCode"?\s*:\s*"?([0-9]{3})')
_CONTEXT = re.compile(r"\$\{context\.([\w.]+)\}|\$context\.([A-Za-z]\w*(?:\.[A-Za-z]\w*)*)")
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
        return responses.internal_error(f"{where} has no integration", call.request_id)
    if integration.type != "MOCK":
        return responses.internal_error(
            f"{where} has a {integration.type} integration, which mockgw does not call; "
            "register its answer with Mock.respond(rest_api_id, method, path, ...)",
            call.request_id,
        )
    content_type = call.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    templates = integration.request_templates or {}
    template = templates.get(content_type or "application/json")
    if template is None:
        template = templates.get("application/json")
    found = _STATUS_CODE.search(template or "")
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
        return responses.internal_error(
            f"the MOCK integration of {where} answered {status_code}, and no integration "
            "response matches it and there is no default one (empty selectionPattern)",
            call.request_id,
        )
    response_templates = chosen.response_templates or {}
    text = response_templates.get("application/json")
    if text is None and response_templates:
        text = next((t for t in response_templates.values() if t is not None), None)
    body = _fill(call, text or "", resource).encode()
    headers = {"Content-Type": "application/json", "x-amzn-RequestId": call.request_id}
    for name, value in (chosen.response_parameters or {}).items():
        if name.startswith(_HEADER_PARAMETER) and len(value) >= 2 and value[0] == "'" == value[-1]:
            headers[name[len(_HEADER_PARAMETER) :]] = value[1:-1]
    return WireResponse(int(chosen.status_code), headers, body)


def _matches(pattern: str, status_code: str) -> bool:
    try:
        return re.fullmatch(pattern, status_code) is not None
    except re.error:  # refused when it was put; never fail a call over it
        return False


def _fill(call: Request, template: str, resource: Resource) -> str:
    """The few ``$context`` variables mockgw knows, substituted in ``template``."""
    if "$" not in template:
        return template
    key = call.key
    known = {
        "requestId": call.request_id,
        "stage": call.stage,
        "httpMethod": call.method,
        "resourcePath": resource.path,
        "path": f"/{call.stage}{call.path}",
        "apiId": call.api_id,
        "identity.apiKey": key.value if key else "",
        "identity.apiKeyId": key.id if key else "",
    }

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return known.get(name, match.group(0))

    return _CONTEXT.sub(substitute, template)
