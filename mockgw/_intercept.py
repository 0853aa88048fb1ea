"""The seam in botocore's send path. Every private botocore name mockgw touches is in this file.

We replace ``botocore.endpoint.Endpoint._send``, the method that hands a signed request to
urllib3. It is the last step before the network, so:

* it catches every client, including those created before the mock started (a ``before-send``
  handler would only reach clients created after it was registered);
* moto's ``before-send`` handler runs *earlier* in ``Endpoint._do_get_response`` and answers its
  own services first, so moto and mockgw work side by side;
* it receives the fully signed request, so account and region come from the SigV4 scope exactly
  as AWS reads them.

aiobotocore subclasses ``Endpoint`` with an ``async`` ``_send``; when it is importable we patch
that too. The patch is installed on the first start and removed on the last stop, under the
controller's lock; the original functions are put back exactly.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

from mockgw.wire.restjson import WireResponse

#: (method, url, headers, body) -> answer, or None to let the request through unchanged.
RequestHandler = Callable[[str, str, Any, bytes], "WireResponse | None"]


class _RawBody:
    """The ``raw`` object botocore reads an ``AWSResponse`` body from."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body

    def read(self, *_: Any) -> bytes:
        body, self._body = self._body, b""
        return body


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, bytearray):
        return bytes(body)
    if hasattr(body, "read"):  # a seekable stream botocore may rewind for a retry
        start = body.tell() if hasattr(body, "tell") else None
        data = body.read()
        if start is not None and hasattr(body, "seek"):
            body.seek(start)
        return data if isinstance(data, bytes) else str(data).encode()
    return bytes(body)


def to_aws_response(url: str, answer: WireResponse) -> Any:
    from botocore.awsrequest import AWSResponse

    response = AWSResponse(url, answer.status, answer.headers, _RawBody(answer.body))
    response._content = answer.body  # botocore caches the body here; skip the stream join
    return response


class Interceptor:
    def __init__(self, handler: RequestHandler) -> None:
        self._handler = handler
        self._patched: list[tuple[type, Any]] = []

    @property
    def installed(self) -> bool:
        return bool(self._patched)

    def install(self) -> None:
        if self._patched:
            return
        from botocore.endpoint import Endpoint

        handler = self._handler
        original = Endpoint._send

        def _send(endpoint: Any, request: Any) -> Any:
            answer = handler(
                request.method, request.url, request.headers, _body_bytes(request.body)
            )
            if answer is None:
                return original(endpoint, request)
            return to_aws_response(request.url, answer)

        self._patch(Endpoint, original, _send)
        aio = _aiobotocore_endpoint()
        if aio is not None:
            aio_original = getattr(aio, "_send")  # noqa: B009

            async def _aio_send(endpoint: Any, request: Any) -> Any:
                body = _body_bytes(request.body)
                answer = handler(request.method, request.url, request.headers, body)
                if answer is None:
                    return await aio_original(endpoint, request)
                return _aio_response(request.url, answer)

            self._patch(aio, aio_original, _aio_send)

    def _patch(self, cls: type, original: Any, replacement: Any) -> None:
        replacement.__wrapped__ = original
        self._patched.append((cls, cls.__dict__["_send"]))
        setattr(cls, "_send", replacement)  # noqa: B010 (a private botocore name, see above)

    def uninstall(self) -> None:
        while self._patched:
            cls, original = self._patched.pop()
            setattr(cls, "_send", original)  # noqa: B010


_aio_endpoint: list[type | None] = []


def _aiobotocore_endpoint() -> type | None:
    """aiobotocore's endpoint class, if aiobotocore is installed (looked up once per process).

    It is imported here rather than only when already loaded, so a client of a module that
    imports aiobotocore after the mock started is caught too.
    """
    if not _aio_endpoint:
        try:
            module = importlib.import_module("aiobotocore.endpoint")
            _aio_endpoint.append(module.AioEndpoint)
        except ImportError:
            _aio_endpoint.append(None)
    return _aio_endpoint[0]


def _aio_response(url: str, answer: WireResponse) -> Any:
    from aiobotocore.awsrequest import AioAWSResponse

    class _AioRaw:
        def __init__(self, body: bytes) -> None:
            self._body = body

        async def read(self) -> bytes:
            return self._body

        async def stream(self) -> Any:
            yield self._body

    response = AioAWSResponse(url, answer.status, answer.headers, _AioRaw(answer.body))
    response._content = answer.body
    return response
