"""Raw ``requests`` calls to the AWS hosts of mockgw's services, answered by the dispatcher.

Imported only once ``requests`` is (see ``mockgw._intercept``). While a mock is active,
``requests.Session.get_adapter`` hands a request to such a host (and to ``execute-api`` hosts,
the deployed stages of mocked REST APIs, and to their custom domain names while they exist) to
an :class:`AwsAdapter`, which answers it, refuses it,
or passes it to the adapter the session would have used. Every other URL gets that adapter
directly, so a user's own ``responses`` (or moto's) mocks and real local servers keep working.

Why ``get_adapter`` and not ``HTTPAdapter.send``: ``responses``, moto and most HTTP mocks patch
``HTTPAdapter.send`` and put back, at their stop, whatever they found at their start. Two
patchers of one attribute stopped in the other order either leave the first one's patch in
place for good or pull it out while it is still active. mockgw owns a different attribute, so
every order of starts and stops restores both exactly. (``requests-mock`` patches
``Session.send`` and, during its own ``send``, the session's instance ``get_adapter``: it then
answers first, and mockgw answers what it passes on.)
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from requests.adapters import BaseAdapter, HTTPAdapter
from requests.models import PreparedRequest, Response
from urllib3.response import HTTPResponse

from mockgw._dispatch import aws_service_of_host, is_aws_host
from mockgw.services import DATA_PLANE_PREFIXES, SERVICES
from mockgw.wire.restjson import WireResponse

#: (method, url, headers, body, door) -> answer, or None to let the request through unchanged.
Handler = Callable[[str, str, Any, bytes, str], "WireResponse | None"]


def answers_host(url: str) -> bool:
    """Whether ``url`` is the AWS endpoint of a service mockgw mocks (answered, or refused if
    no active mock covers it). Every other host passes through untouched, other AWS services'
    included, so a user's own `responses` (or moto's) mocks of them keep working."""
    host = urlsplit(url).netloc.rpartition("@")[2]
    if not is_aws_host(host):
        return False
    service = aws_service_of_host(host)
    return service in SERVICES or service in DATA_PLANE_PREFIXES


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _body_of(request: PreparedRequest) -> bytes:
    """The request body as bytes. A one-shot iterable body is replaced by the bytes read, so a
    request handed on to the real adapter still has its body."""
    body: Any = request.body
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if hasattr(body, "read"):
        start = body.tell() if hasattr(body, "tell") else None
        data = body.read()
        if start is not None and hasattr(body, "seek"):
            body.seek(start)
        return data if isinstance(data, bytes) else str(data).encode()
    if isinstance(body, Iterable):  # a generator body, as `requests` sends chunked
        data = b"".join(c.encode() if isinstance(c, str) else bytes(c) for c in body)
        request.body = data
        return data
    return bytes(body)


class AwsAdapter(BaseAdapter):
    """One request to a mockgw host: answered by the dispatcher, or (when the active mock lets
    it through) sent by ``fallback``, the adapter the session mounted for the URL."""

    def __init__(self, handler: Handler, fallback: BaseAdapter) -> None:
        super().__init__()
        self._handler = handler
        self._fallback = fallback

    def send(
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: dict[str, str] | None = None,
    ) -> Response:
        url = request.url or ""
        answer = self._handler(
            request.method or "GET", url, request.headers, _body_of(request), "requests"
        )
        if answer is None:
            return self._fallback.send(
                request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
            )
        raw = HTTPResponse(
            body=io.BytesIO(answer.body),
            headers=answer.headers,
            status=answer.status,
            reason=_reason(answer.status),
            preload_content=False,
            decode_content=False,
            request_method=request.method,
            request_url=url,
        )
        # requests' own Response builder (it reads nothing of the adapter but its identity).
        response: Response = HTTPAdapter.build_response(self, request, raw)  # type: ignore[arg-type]
        return response

    def close(self) -> None:
        """Nothing to close: no connection pool, nothing was sent from here."""


def make_get_adapter(
    is_active: Callable[[], bool],
    handler: Handler,
    claims: Callable[[str], bool],
    original: Callable[[Any, str], BaseAdapter],
) -> Callable[[Any, str], BaseAdapter]:
    """``Session.get_adapter`` that routes mockgw's hosts to an :class:`AwsAdapter` while a mock
    is active (``is_active``), and is ``original`` otherwise. ``claims(host)``: whether a host
    that is not AWS's is one mockgw answers now (a custom domain name, while it exists)."""

    def get_adapter(self: Any, url: str) -> BaseAdapter:
        adapter = original(self, url)
        if is_active() and (answers_host(url) or claims(urlsplit(url).netloc)):
            return AwsAdapter(handler, adapter)
        return adapter

    return get_adapter
