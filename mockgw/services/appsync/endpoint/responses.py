"""The wire forms of AppSync's data-plane answers.

- A GraphQL answer is compact JSON, ``{"data": ..., "errors": [...]}`` (``errors`` only when
  there are some), ``Content-Type: application/json; charset=UTF-8``.
- A refusal before execution (401, a malformed request, an Event API error) is
  ``{"errors": [{"errorType": ..., "message": ...}]}`` printed the way AppSync's Jackson
  printer prints it, two-space indents and ``" : "`` (as recorded in aws-amplify/amplify-js#4270
  and aws-amplify/amplify-android's ``publish_errors.json``), with ``x-amzn-ErrorType``.

Every refusal also carries ``x-mockgw-reason`` (mockgw's own header, not AWS's) saying which
rule refused the call.
"""

from __future__ import annotations

import json
from typing import Any

from mockgw import ids
from mockgw.wire.restjson import WireResponse

CONTENT_TYPE = "application/json; charset=UTF-8"


def jackson(value: Any, depth: int = 0) -> str:
    """``value`` as Jackson's default pretty printer writes it: objects one member a line,
    indented two spaces per enclosing object, arrays inline (``[ {`` ... ``} ]``)."""
    if isinstance(value, dict):
        if not value:
            return "{ }"
        pad = "  " * (depth + 1)
        members = ",\n".join(
            f"{pad}{json.dumps(str(k))} : {jackson(v, depth + 1)}" for k, v in value.items()
        )
        return "{\n" + members + "\n" + "  " * depth + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(jackson(v, depth) for v in value) + " ]"
    return json.dumps(value, ensure_ascii=False)


def refusal(
    status: int, error_type: str, message: str | None, reason: str, request_id: str | None = None
) -> WireResponse:
    """An answer that carries no GraphQL result: AppSync's ``errors`` list of one."""
    error: dict[str, Any] = {"errorType": error_type}
    if message is not None:
        error["message"] = message
    headers = {
        "Content-Type": CONTENT_TYPE,
        "x-amzn-RequestId": request_id or ids.request_id(),
        "x-amzn-ErrorType": error_type,
        "x-mockgw-reason": reason,
    }
    return WireResponse(status, headers, jackson({"errors": [error]}).encode())


def json_answer(status: int, body: Any) -> WireResponse:
    """A compact JSON answer (a GraphQL result, an Event API publish result)."""
    headers = {"Content-Type": CONTENT_TYPE, "x-amzn-RequestId": ids.request_id()}
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return WireResponse(status, headers, text.encode())
