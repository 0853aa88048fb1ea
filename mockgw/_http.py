"""What the HTTP doors (``mockgw server`` and in-process ``requests``) add around the
dispatcher, so a raw HTTP client gets the same answer from both: AWS's error form for HTTP-level
refusals, the 415 for a body that is not JSON where the operation takes JSON, and API Gateway's
HAL form when the client asks for it (``Accept: application/hal+json``). botocore never needs
either, so its door calls the dispatcher directly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qs

from mockgw import _hal, ids
from mockgw._dispatch import Caller, Dispatcher
from mockgw.services import SERVICES
from mockgw.wire import model
from mockgw.wire.restjson import WireResponse

JSON_TYPES = ("application/json", "application/hal+json", "text/json")
HAL = "application/hal+json"
ERROR_CODES = {
    400: "BadRequestException",
    403: "ForbiddenException",
    404: "NotFoundException",
    405: "MethodNotAllowedException",
    408: "RequestTimeoutException",
    411: "LengthRequiredException",
    413: "RequestEntityTooLargeException",
    414: "RequestURITooLongException",
    415: "UnsupportedMediaTypeException",
    417: "ExpectationFailedException",
    431: "RequestHeaderFieldsTooLargeException",
    500: "InternalFailure",
    501: "NotImplementedException",
    505: "HTTPVersionNotSupportedException",
}


class Reject(Exception):
    """An HTTP-level error answer; ``close`` when the connection cannot be reused."""

    def __init__(self, status: int, message: str, *, close: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.close = close


def error_response(status: int, message: str, code: str | None = None) -> WireResponse:
    """An answer in AWS's rest-json error form."""
    body = json.dumps({"message": message}).encode()
    headers = {
        "x-amzn-RequestId": ids.request_id(),
        "x-amzn-ErrorType": code or ERROR_CODES.get(status, "BadRequestException"),
        "Content-Type": "application/json",
    }
    return WireResponse(status, headers, body)


def json_response(status: int, data: Any) -> WireResponse:
    body = "".join(_pieces(data, 0)).encode()
    return WireResponse(status, {"Content-Type": "application/json"}, body)


#: Items serialized by one ``json.dumps`` call at most: a large state is written in pieces, so
#: no single call holds the GIL long enough to stall the server's other threads.
_PIECE = 1000


def _pieces(value: Any, depth: int) -> Iterator[str]:
    """``json.dumps(value)`` (compact), in pieces of at most :data:`_PIECE` items."""
    if isinstance(value, list) and len(value) > _PIECE:
        yield "["
        for start in range(0, len(value), _PIECE):
            if start:
                yield ","
            yield json.dumps(value[start : start + _PIECE], separators=(",", ":"))[1:-1]
        yield "]"
    elif (
        isinstance(value, dict)
        and depth < 8
        and any(isinstance(v, (list, dict)) for v in value.values())
    ):
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield ("," if i else "") + json.dumps(str(key)) + ":"
            yield from _pieces(item, depth + 1)
        yield "}"
    else:
        yield json.dumps(value, separators=(",", ":"))


def dispatch(
    dispatcher: Dispatcher,
    caller: Caller,
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    body: bytes,
    door: str = "requests",
) -> WireResponse:
    """The dispatcher's answer, with the HTTP doors' additions. Raises :class:`Reject` (415)
    and the dispatcher's ``UnsupportedOperationError``. ``door``: ``"requests"`` or
    ``"server"``, as the call is recorded."""
    if body:
        check_content_type(caller, method, path, query, headers)
    answer = dispatcher.dispatch(caller, method, path, query, headers, body, door)
    if caller.service == "apigateway" and HAL in headers.get("accept", ""):
        answer = render_hal(method, path, query, answer)
    return answer


def check_content_type(
    caller: Caller, method: str, path: str, query: str, headers: Mapping[str, str]
) -> None:
    """415 for a body that is not JSON, unless the operation takes a raw payload."""
    content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if not content_type or content_type in JSON_TYPES or content_type.endswith("+json"):
        return
    if content_type.startswith("application/x-amz-json"):
        return
    service = caller.service
    if service not in SERVICES:
        return  # the dispatcher names the unsupported service
    spec = model.spec(service)
    parsed = parse_qs(query, keep_blank_values=True) if query else {}
    match = spec.router.match(method, path, parsed)
    if match is None:
        return  # the dispatcher answers NotFound
    shape = spec.operation(match.operation).input_shape
    payload = shape.serialization.get("payload") if shape is not None else None
    if payload is not None and shape.members[payload].type_name in ("blob", "string"):
        return  # a raw payload (an OpenAPI document, a CSV file) may have any type
    raise Reject(
        415,
        f"Unsupported Media Type {content_type!r}: {service}.{match.operation} takes a JSON "
        "body; send it with Content-Type: application/json",
    )


def render_hal(method: str, path: str, query: str, answer: WireResponse) -> WireResponse:
    """API Gateway's answer in HAL form (see :mod:`mockgw._hal`)."""
    if not 200 <= answer.status < 300 or not answer.body:
        return answer
    spec = model.spec("apigateway")
    parsed = parse_qs(query, keep_blank_values=True) if query else {}
    match = spec.router.match(method, path, parsed)
    document = json.loads(answer.body)
    if match is None or not isinstance(document, dict):
        return answer
    shape = spec.operation(match.operation).output_shape

    def routes(method: str, path: str) -> bool:
        return spec.router.match(method, path, {}) is not None

    rendered = _hal.render(shape, method, path, document, routes)
    headers = {**answer.headers, "Content-Type": HAL}
    return WireResponse(answer.status, headers, json.dumps(rendered).encode())
