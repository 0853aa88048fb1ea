"""Gateway responses: what API Gateway answers when it refuses or fails a call, per response
type, as AWS defines them by default and as a REST API customizes them.

Only customized responses are stored (:class:`GatewayResponse`, by type). What a type answers
(:func:`effective`) is, as recorded against AWS (LocalStack's validated snapshots):

- its customization, with ``defaultResponse: false``;
- else, when its family's fallback (``DEFAULT_4XX`` for a 4xx type, ``DEFAULT_5XX`` for a 5xx
  one) is customized, the fallback's parameters and templates, and its status code when the
  fallback sets one (the type's own default status otherwise), with ``defaultResponse: true``;
- else AWS's default: the type's status code (none for the two fallbacks), no parameters, and
  the template ``{"message":$context.error.messageString}``.

The execute-api engine shapes its refusals with :func:`effective` over the response types a
deployment froze (``Deployment.gateway_responses``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_4XX, DEFAULT_5XX = "DEFAULT_4XX", "DEFAULT_5XX"

#: Every response type, in the order GetGatewayResponses lists them (alphabetical: mockgw's
#: choice, AWS's order is not recorded), with AWS's default status code (documented, and
#: recorded in LocalStack's validated snapshots).
DEFAULT_STATUS: dict[str, str | None] = {
    "ACCESS_DENIED": "403",
    "API_CONFIGURATION_ERROR": "500",
    "AUTHORIZER_CONFIGURATION_ERROR": "500",
    "AUTHORIZER_FAILURE": "500",
    "BAD_REQUEST_BODY": "400",
    "BAD_REQUEST_PARAMETERS": "400",
    DEFAULT_4XX: None,
    DEFAULT_5XX: None,
    "EXPIRED_TOKEN": "403",
    "INTEGRATION_FAILURE": "504",
    "INTEGRATION_TIMEOUT": "504",
    "INVALID_API_KEY": "403",
    "INVALID_SIGNATURE": "403",
    "MISSING_AUTHENTICATION_TOKEN": "403",
    "QUOTA_EXCEEDED": "429",
    "REQUEST_TOO_LARGE": "413",
    "RESOURCE_NOT_FOUND": "404",
    "THROTTLED": "429",
    "UNAUTHORIZED": "401",
    "UNSUPPORTED_MEDIA_TYPE": "415",
    "WAF_FILTERED": "403",
}
DEFAULT_TEMPLATES = {"application/json": '{"message":$context.error.messageString}'}


@dataclass
class GatewayResponse:
    """A customized response type."""

    response_type: str
    status_code: str | None = None
    response_parameters: dict[str, str] = field(default_factory=dict)
    response_templates: dict[str, str] = field(default_factory=dict)


def family(response_type: str) -> str | None:
    """The fallback a type inherits from (None for the two fallbacks themselves)."""
    status = DEFAULT_STATUS[response_type]
    if status is None:
        return None
    return DEFAULT_5XX if status.startswith("5") else DEFAULT_4XX


def fresh(response_type: str) -> GatewayResponse:
    """A customization of ``response_type`` that starts from AWS's default (what PutGatewayResponse
    fills in for what it is not given)."""
    return GatewayResponse(
        response_type,
        DEFAULT_STATUS[response_type],
        {},
        dict(DEFAULT_TEMPLATES),
    )


def effective(
    customized: Mapping[str, GatewayResponse], response_type: str
) -> tuple[GatewayResponse, bool]:
    """What ``response_type`` answers, and whether that is a default response (a copy)."""
    own = customized.get(response_type)
    if own is not None:
        return _copy(own), False
    fallback_type = family(response_type)
    fallback = None if fallback_type is None else customized.get(fallback_type)
    if fallback is not None:
        inherited = _copy(fallback)
        inherited.response_type = response_type
        inherited.status_code = fallback.status_code or DEFAULT_STATUS[response_type]
        return inherited, True
    return fresh(response_type), True


def _copy(response: GatewayResponse) -> GatewayResponse:
    return GatewayResponse(
        response.response_type,
        response.status_code,
        dict(response.response_parameters),
        dict(response.response_templates),
    )


def gateway_response_view(response: GatewayResponse, default: bool) -> dict[str, Any]:
    return {
        "responseType": response.response_type,
        "statusCode": response.status_code,
        "responseParameters": dict(response.response_parameters),
        "responseTemplates": dict(response.response_templates),
        "defaultResponse": default,
    }
