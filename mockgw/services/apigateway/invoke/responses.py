"""The execute-api engine's refusals: API Gateway's gateway responses, as the deployment the
call reached customized them (``Deployment.gateway_responses``) or as AWS defines them.

What a refusal answers (:func:`gateway_response`), for a response type:

- the status code, parameters and templates of :func:`~..records.gateway_responses.effective`
  (the type's customization, else its ``DEFAULT_4XX``/``DEFAULT_5XX`` family's, else AWS's
  default: the type's status and ``{"message":$context.error.messageString}``);
- the body: the ``application/json`` template (else the first one), with
  ``$context.error.messageString`` (the message as a JSON string), ``$context.error.message``,
  ``$context.error.responseType``, ``$context.error.validationErrorString`` (a request
  validator's problems, as a JSON string) and the call's other ``$context`` variables filled in;
- the headers: ``Content-Type`` (the template's content type), every
  ``gatewayresponse.header.<name>`` parameter (a ``'static'`` value, or
  ``method.request.header|querystring|path.<name>`` of the call, or ``context.<variable>``),
  ``x-amzn-RequestId``, ``x-amzn-ErrorType`` (the type's error code, below) and mockgw's own
  ``x-mockgw-reason`` saying which rule refused the call (not an AWS header).

The default messages and error codes (AWS's, recorded in LocalStack's AWS-validated snapshots
or quoted by AWS's knowledge center): INVALID_API_KEY ``Forbidden`` (ForbiddenException),
MISSING_AUTHENTICATION_TOKEN ``Missing Authentication Token``
(MissingAuthenticationTokenException), THROTTLED ``Too Many Requests``
(TooManyRequestsException), QUOTA_EXCEEDED ``Limit Exceeded`` (LimitExceededException),
UNAUTHORIZED ``Unauthorized`` (UnauthorizedException), ACCESS_DENIED ``User is not authorized to
access this resource with an explicit deny`` (AccessDeniedException), BAD_REQUEST_BODY ``Invalid
request body`` and BAD_REQUEST_PARAMETERS ``Missing required request parameters: [...]``
(BadRequestException), AUTHORIZER_CONFIGURATION_ERROR ``null``
(AuthorizerConfigurationException). API_CONFIGURATION_ERROR answers ``Internal server error``
with InternalServerErrorException (mockgw's choice: AWS's code for it is not recorded).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from mockgw import ids
from mockgw.services.apigateway.records.gateway_responses import GatewayResponse, effective
from mockgw.wire.restjson import WireResponse

INVALID_API_KEY = "INVALID_API_KEY"
MISSING_AUTHENTICATION_TOKEN = "MISSING_AUTHENTICATION_TOKEN"
THROTTLED = "THROTTLED"
QUOTA_EXCEEDED = "QUOTA_EXCEEDED"
UNAUTHORIZED = "UNAUTHORIZED"
ACCESS_DENIED = "ACCESS_DENIED"
BAD_REQUEST_BODY = "BAD_REQUEST_BODY"
BAD_REQUEST_PARAMETERS = "BAD_REQUEST_PARAMETERS"
API_CONFIGURATION_ERROR = "API_CONFIGURATION_ERROR"
AUTHORIZER_CONFIGURATION_ERROR = "AUTHORIZER_CONFIGURATION_ERROR"

#: the default message of each type the engine gives (None prints as ``null``)
MESSAGES: dict[str, str | None] = {
    INVALID_API_KEY: "Forbidden",
    MISSING_AUTHENTICATION_TOKEN: "Missing Authentication Token",
    THROTTLED: "Too Many Requests",
    QUOTA_EXCEEDED: "Limit Exceeded",
    UNAUTHORIZED: "Unauthorized",
    ACCESS_DENIED: "User is not authorized to access this resource with an explicit deny",
    BAD_REQUEST_BODY: "Invalid request body",
    BAD_REQUEST_PARAMETERS: "Missing required request parameters: []",
    API_CONFIGURATION_ERROR: "Internal server error",
    AUTHORIZER_CONFIGURATION_ERROR: None,
}
#: ``x-amzn-ErrorType`` of each type
ERROR_TYPES = {
    INVALID_API_KEY: "ForbiddenException",
    MISSING_AUTHENTICATION_TOKEN: "MissingAuthenticationTokenException",
    THROTTLED: "TooManyRequestsException",
    QUOTA_EXCEEDED: "LimitExceededException",
    UNAUTHORIZED: "UnauthorizedException",
    ACCESS_DENIED: "AccessDeniedException",
    BAD_REQUEST_BODY: "BadRequestException",
    BAD_REQUEST_PARAMETERS: "BadRequestException",
    API_CONFIGURATION_ERROR: "InternalServerErrorException",
    AUTHORIZER_CONFIGURATION_ERROR: "AuthorizerConfigurationException",
}

_HEADER = "gatewayresponse.header."
_CONTEXT = re.compile(r"\$\{context\.([\w.]+)\}|\$context\.([A-Za-z]\w*(?:\.[A-Za-z]\w*)*)")
#: what a response parameter reads from the refused call: (kind, name) -> value or None
Lookup = Callable[[str, str], str | None]


def _no_lookup(kind: str, name: str) -> str | None:
    return None


def gateway_response(
    response_type: str,
    reason: str,
    *,
    message: str | None = None,
    customized: Mapping[str, GatewayResponse] | None = None,
    request_id: str | None = None,
    context: Mapping[str, str] | None = None,
    lookup: Lookup = _no_lookup,
) -> WireResponse:
    """The refusal of type ``response_type`` (``message``: instead of the type's default)."""
    response, _ = effective(customized or {}, response_type)
    text = MESSAGES.get(response_type) if message is None else message
    request_id = request_id or ids.request_id()
    known = {
        **(context or {}),
        "requestId": request_id,
        "error.message": "null" if text is None else text,
        "error.messageString": json.dumps(text),
        "error.responseType": response_type,
    }
    templates = response.response_templates
    content_type = "application/json"
    template = templates.get(content_type)
    if template is None and templates:
        content_type, template = next(iter(templates.items()))
    headers = {"Content-Type": content_type}
    for name, value in response.response_parameters.items():
        if name.startswith(_HEADER):
            resolved = _parameter_value(value, lookup, known)
            if resolved is not None:
                headers[name[len(_HEADER) :]] = resolved
    headers["x-amzn-RequestId"] = request_id
    headers["x-amzn-ErrorType"] = ERROR_TYPES.get(response_type, "BadRequestException")
    headers["x-mockgw-reason"] = reason
    body = _render(template or "", known).encode()
    status = int(response.status_code or ("500" if response_type.endswith("5XX") else "400"))
    return WireResponse(status, headers, body)


def _render(template: str, known: Mapping[str, str]) -> str:
    if "$" not in template:
        return template

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return known.get(name, match.group(0))

    return _CONTEXT.sub(substitute, template)


def _parameter_value(value: str, lookup: Lookup, known: Mapping[str, str]) -> str | None:
    """A gateway response parameter's value: ``'static'``, a method request parameter of the
    call, or a context variable."""
    if len(value) >= 2 and value[0] == "'" == value[-1]:
        return value[1:-1]
    for kind in ("header", "querystring", "path"):
        prefix = f"method.request.{kind}."
        if value.startswith(prefix):
            return lookup(kind, value[len(prefix) :])
    if value.startswith("context."):
        return known.get(value[len("context.") :])
    if value.startswith("stageVariables."):
        return lookup("stageVariables", value[len("stageVariables.") :])
    return None


def refusal(
    status: int, message: str, code: str, reason: str, request_id: str | None = None
) -> WireResponse:
    """A refusal outside any REST API's gateway responses (no such API or domain name)."""
    headers = {
        "Content-Type": "application/json",
        "x-amzn-RequestId": request_id or ids.request_id(),
        "x-amzn-ErrorType": code,
        "x-mockgw-reason": reason,
    }
    body = json.dumps({"message": message}, separators=(",", ":")).encode()
    return WireResponse(status, headers, body)


def forbidden(reason: str, request_id: str | None = None) -> WireResponse:
    """An unknown REST API or custom domain path: 403 ``Forbidden``."""
    return refusal(403, "Forbidden", "ForbiddenException", reason, request_id)


def describe(value: Any) -> str:
    """A value as AWS's Java logs print it (``{a=1, b=2}``, ``[x, y]``)."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}={describe(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(describe(v) for v in value) + "]"
    return "null" if value is None else str(value)
