"""The execute-api engine's refusals, in the form API Gateway's default gateway responses give
them: ``{"message": ...}`` with the response type's status, ``x-amzn-ErrorType``, and mockgw's
own ``x-mockgw-reason`` header saying which rule refused the call (not an AWS header)."""

from __future__ import annotations

import json

from mockgw import ids
from mockgw.wire.restjson import WireResponse


def refusal(
    status: int, message: str, code: str, reason: str, request_id: str | None = None
) -> WireResponse:
    headers = {
        "Content-Type": "application/json",
        "x-amzn-RequestId": request_id or ids.request_id(),
        "x-amzn-ErrorType": code,
        "x-mockgw-reason": reason,
    }
    body = json.dumps({"message": message}, separators=(",", ":")).encode()
    return WireResponse(status, headers, body)


def forbidden(reason: str, request_id: str | None = None) -> WireResponse:
    """INVALID_API_KEY (and an unknown API): 403 ``Forbidden``."""
    return refusal(403, "Forbidden", "ForbiddenException", reason, request_id)


def missing_token(reason: str, request_id: str | None = None) -> WireResponse:
    """MISSING_AUTHENTICATION_TOKEN: 403; API Gateway hides which paths exist."""
    return refusal(
        403, "Missing Authentication Token", "IncompleteSignatureException", reason, request_id
    )


def throttled(reason: str, request_id: str | None = None) -> WireResponse:
    """THROTTLED: 429 ``Too Many Requests``."""
    return refusal(429, "Too Many Requests", "TooManyRequestsException", reason, request_id)


def quota_exceeded(reason: str, request_id: str | None = None) -> WireResponse:
    """QUOTA_EXCEEDED: 429 ``Limit Exceeded``."""
    return refusal(429, "Limit Exceeded", "LimitExceededException", reason, request_id)


def internal_error(reason: str, request_id: str | None = None) -> WireResponse:
    return refusal(500, "Internal server error", "InternalServerErrorException", reason, request_id)
