"""The seams where mockgw meets other libraries. Every private name of theirs it touches is here.

botocore
    We replace ``botocore.endpoint.Endpoint._send``, the method that hands a signed request to
    urllib3. It is the last step before the network, so:

    * it catches every client, including those created before the mock started (a
      ``before-send`` handler would only reach clients created after it was registered);
    * moto's ``before-send`` handler runs *earlier* in ``Endpoint._do_get_response`` and answers
      its own services first, so moto and mockgw work side by side;
    * it receives the fully signed request, so account and region come from the SigV4 scope
      exactly as AWS reads them.

    The AWS CLI v1 (1.46+) ships its own copy of botocore as ``awscli.botocore`` and aliases it
    to ``botocore`` only when ``botocore`` was not imported yet; so the CLI normally uses the one
    ``botocore.endpoint`` module, and we patch a distinct ``awscli.botocore.endpoint`` too if
    something imported it under that name.

aiobotocore
    ``AioEndpoint`` subclasses ``Endpoint`` with an ``async`` ``_send``, which we patch the same
    way. Importing aiobotocore costs about 300 ms (aiohttp), so we do not import it ourselves:
    if it is loaded when the mock starts we patch it then; otherwise a small import hook patches
    it the moment it is imported while a mock is active.

requests (through ``responses``)
    Raw ``requests`` calls to a mocked service's AWS host (and to ``execute-api`` hosts, the
    deployed stages of mocked REST APIs) are answered by the same dispatcher
    through a ``responses.RequestsMock`` whose one route asks the controller's ``on_request``.
    Everything else passes through to whatever ``HTTPAdapter.send`` was in place when the mock
    started (the network, or a user's own ``responses`` mock started earlier). We build that
    ``RequestsMock`` once and install its ``unbound_on_send()`` with a plain ``setattr``:
    ``RequestsMock.start()`` goes through ``unittest.mock.patch``, which costs ~65 us per
    start/stop pair against ~1 us for the ``setattr``, and mock starts must stay cheap. Like the
    aiobotocore patch, it waits for ``requests`` to be imported if it is not yet.

Everything is installed on the first start and removed on the last stop, and the original
attributes are put back exactly.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from mockgw._dispatch import aws_service_of_host, is_aws_host
from mockgw.services import DATA_PLANE_PREFIXES, SERVICES
from mockgw.wire.restjson import WireResponse

#: (method, url, headers, body) -> answer, or None to let the request through unchanged.
#: The doors: ``"botocore"`` (botocore, the AWS CLI, aiobotocore) and ``"requests"``.
RequestHandler = Callable[[str, str, Any, bytes, str], "WireResponse | None"]
#: host (a URL's netloc, not an AWS host) -> whether mockgw answers requests to it right now.
HostClaim = Callable[[str], bool]


# --------------------------------------------------------------------------- bodies


class _RawBody:
    """The ``raw`` object botocore reads an ``AWSResponse`` body from (urllib3's interface)."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, amt: int = 1024, **_: Any) -> Iterator[bytes]:
        while self._body:
            yield self.read(amt)

    def read(self, amt: int | None = None, *_: Any, **__: Any) -> bytes:
        if amt is None or amt < 0:
            amt = len(self._body)
        chunk, self._body = self._body[:amt], self._body[amt:]
        return chunk

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._body = b""


class _AioContent:
    """aiohttp's ``StreamReader`` interface, as ``AioStreamingBody`` uses it."""

    def __init__(self, raw: _AioRaw) -> None:
        self._raw = raw

    async def read(self, n: int = -1) -> bytes:
        return self._raw.take(n)

    def at_eof(self) -> bool:
        return not self._raw.remaining


class _AioRaw:
    """The ``raw`` object of an ``AioAWSResponse``: aiohttp's ``ClientResponse`` interface."""

    def __init__(self, url: str, body: bytes) -> None:
        self.url = url
        self.remaining = body
        self.content = _AioContent(self)

    def take(self, n: int) -> bytes:
        if n is None or n < 0:
            n = len(self.remaining)
        chunk, self.remaining = self.remaining[:n], self.remaining[n:]
        return chunk

    async def read(self) -> bytes:
        return self.take(-1)

    def close(self) -> None:
        self.remaining = b""

    def release(self) -> None:
        self.remaining = b""


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if hasattr(body, "read"):  # a seekable stream botocore may rewind for a retry
        start = body.tell() if hasattr(body, "tell") else None
        data = body.read()
        if start is not None and hasattr(body, "seek"):
            body.seek(start)
        return data if isinstance(data, bytes) else str(data).encode()
    if isinstance(body, Iterable):  # a generator body, as `requests` sends chunked
        return b"".join(c.encode() if isinstance(c, str) else bytes(c) for c in body)
    return bytes(body)


def to_aws_response(url: str, answer: WireResponse) -> Any:
    from botocore.awsrequest import AWSResponse

    response = AWSResponse(url, answer.status, answer.headers, _RawBody(answer.body))
    response._content = answer.body  # botocore caches the body here; skip the stream join
    return response


def _aio_response(url: str, answer: WireResponse) -> Any:
    from aiobotocore.awsrequest import AioAWSResponse

    response = AioAWSResponse(url, answer.status, answer.headers, _AioRaw(url, answer.body))
    response._content = answer.body
    return response


# --------------------------------------------------------------------------- import hook


class _PostImportHook(importlib.abc.MetaPathFinder):
    """Calls ``callback(module)`` right after one named module finishes importing.

    It asks the finders after it for the module's spec and wraps the loader's ``exec_module``;
    the module's own ``__spec__.loader`` and ``__loader__`` are put back once it has run.
    """

    def __init__(self, callbacks: dict[str, Callable[[ModuleType], None]]) -> None:
        self._callbacks = callbacks
        self._busy = threading.local()

    def find_spec(
        self, fullname: str, path: Any = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        callback = self._callbacks.get(fullname)
        if callback is None or getattr(self._busy, "name", None) == fullname:
            return None
        self._busy.name = fullname
        try:
            spec = _find_spec_after(self, fullname, path, target)
        finally:
            self._busy.name = None
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _NotifyingLoader(spec.loader, callback)
        return spec


def _find_spec_after(
    hook: object, fullname: str, path: Any, target: ModuleType | None
) -> importlib.machinery.ModuleSpec | None:
    for finder in list(sys.meta_path):
        if finder is hook:
            continue
        find = getattr(finder, "find_spec", None)
        if find is None:
            continue
        spec = find(fullname, path, target)
        if spec is not None:
            return spec  # type: ignore[no-any-return]
    return None


class _NotifyingLoader(importlib.abc.Loader):
    def __init__(self, loader: Any, callback: Callable[[ModuleType], None]) -> None:
        self._loader = loader
        self._callback = callback

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: ModuleType) -> None:
        # Restore the real loader first: importlib.resources, inspect and pkgutil read it later.
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        module.__loader__ = self._loader
        self._loader.exec_module(module)
        self._callback(module)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)


# --------------------------------------------------------------------------- requests door

#: `responses` passthru pattern: every request the route below does not answer.
_EVERYTHING = re.compile(r"")


def _answers_host(url: str) -> bool:
    """Whether ``url`` is the AWS endpoint of a service mockgw mocks (answered, or refused if
    no active mock covers it). Every other host passes through untouched, other AWS services'
    included, so a user's own `responses` (or moto's) mocks of them keep working."""
    host = urlsplit(url).netloc.rpartition("@")[2]
    if not is_aws_host(host):
        return False
    service = aws_service_of_host(host)
    return service in SERVICES or service in DATA_PLANE_PREFIXES


class _RequestsDoor:
    """``requests`` -> ``responses`` -> the dispatcher, for the mocked services' AWS hosts, and
    the other hosts ``claims`` names (custom domain names of mocked REST APIs, while they exist).

    `responses` matches under its own lock, and the answer is computed while matching, so raw
    `requests` calls are answered one at a time (botocore's seam has no such lock).
    """

    def __init__(self, handler: RequestHandler, claims: HostClaim | None = None) -> None:
        import responses

        self._handler = handler
        self._claims = claims
        self.active = False
        self.previous_send: Any = None
        self._saved: Any = None
        self.adapter: type | None = None
        requests_mock: Any = responses.RequestsMock  # its stubs want `requests`' exact types
        self.mock = requests_mock(
            assert_all_requests_are_fired=False,
            passthru_prefixes=(_EVERYTHING,),
            real_adapter_send=self._pass_through,
        )
        self.route = self._make_route(responses)
        self.mock.add(self.route)
        self.send = self.mock.unbound_on_send()
        from requests.adapters import HTTPAdapter

        self._http_adapter: Any = HTTPAdapter

    def _make_route(self, responses: Any) -> Any:
        door = self

        class _AwsRoute(responses.CallbackResponse):  # type: ignore[misc]
            """Matches a request mockgw answers; the answer is computed while matching, so a
            request mockgw lets through (an allowed service) falls to the passthru."""

            def matches(self, request: Any) -> tuple[bool, str]:
                if not door.active or not door.answers(request.url):
                    return False, "not a host mockgw answers"
                answer = door._handler(
                    request.method or "GET",
                    request.url,
                    request.headers,
                    _body_bytes(request.body),
                    "requests",
                )
                if answer is None:
                    return False, "let through by the active mock"
                request._mockgw_answer = answer
                return True, ""

        def answer(request: Any) -> tuple[int, dict[str, str], bytes]:
            found: WireResponse = request.__dict__.pop("_mockgw_answer")
            return found.status, found.headers, found.body

        return _AwsRoute(method="ANY", url=_EVERYTHING, callback=answer, content_type=None)

    def answers(self, url: str) -> bool:
        if _answers_host(url):
            return True
        return self._claims is not None and self._claims(urlsplit(url).netloc)

    def _pass_through(self, adapter: Any, request: Any, **kwargs: Any) -> Any:
        return self.previous_send(adapter, request, **kwargs)

    def install(self) -> None:
        adapter = self._http_adapter
        # A fresh call log each time: `responses` records every answered call.
        self.mock.calls.reset()
        self.route.calls.reset()
        self.adapter = adapter
        if adapter.__dict__["send"] is not self.send:
            self._saved = adapter.__dict__["send"]
            self.previous_send = adapter.send
            setattr(adapter, "send", self.send)  # noqa: B010
        # else: our door was left in place by an out-of-order stop (below); reuse it as it is.
        self.active = True

    def uninstall(self) -> None:
        self.active = False
        adapter, self.adapter = self.adapter, None
        if adapter is not None and adapter.__dict__.get("send") is self.send:
            setattr(adapter, "send", self._saved)  # noqa: B010
        # Otherwise something patched `send` over ours and is still active (a `responses` mock
        # started inside this one and not stopped yet): removing ours would remove theirs. When
        # they stop they put ours back; inactive, it passes every request to `previous_send`.


# --------------------------------------------------------------------------- the interceptor


class Interceptor:
    def __init__(self, handler: RequestHandler, claims: HostClaim | None = None) -> None:
        self._handler = handler
        self._claims = claims
        self._lock = threading.RLock()
        self._installed = False
        self._patched: list[tuple[type, Any]] = []
        #: (class, original _send) -> our replacement, built once: starts stay cheap.
        self._replacements: dict[tuple[type, Any], Any] = {}
        self._door: _RequestsDoor | None = None
        self._door_installed = False
        self._hook = _PostImportHook(
            {
                "aiobotocore.endpoint": self._on_import(self._patch_aio),
                "requests": self._on_import(lambda _: self._install_door()),
            }
        )
        self._hooked = False

    @property
    def installed(self) -> bool:
        return self._installed

    def install(self) -> None:
        with self._lock:
            if self._installed:
                return
            self._installed = True
            try:
                for endpoint in _loaded_endpoint_classes():
                    self._patch_sync(endpoint)
                aio = sys.modules.get("aiobotocore.endpoint")
                if aio is not None:
                    self._patch_aio(aio)
                if "requests" in sys.modules:
                    self._install_door()
                if aio is None or not self._door_installed:
                    sys.meta_path.insert(0, self._hook)
                    self._hooked = True
            except BaseException:
                self._uninstall()
                raise

    def uninstall(self) -> None:
        with self._lock:
            self._uninstall()

    def _uninstall(self) -> None:
        self._installed = False
        if self._hooked:
            self._hooked = False
            with contextlib.suppress(ValueError):
                sys.meta_path.remove(self._hook)
        if self._door_installed and self._door is not None:
            self._door_installed = False
            self._door.uninstall()
        while self._patched:
            cls, original = self._patched.pop()
            setattr(cls, "_send", original)  # noqa: B010

    def _on_import(self, patch: Callable[[ModuleType], None]) -> Callable[[ModuleType], None]:
        def loaded(module: ModuleType) -> None:
            with self._lock:
                if self._installed:
                    patch(module)

        return loaded

    # -- botocore
    def _patch_sync(self, endpoint: type) -> None:
        original = endpoint.__dict__["_send"]
        replacement = self._replacements.get((endpoint, original))
        if replacement is None:
            handler = self._handler

            def replacement(self: Any, request: Any) -> Any:
                answer = handler(
                    request.method,
                    request.url,
                    request.headers,
                    _body_bytes(request.body),
                    "botocore",
                )
                if answer is None:
                    return original(self, request)
                return to_aws_response(request.url, answer)

        self._patch(endpoint, original, replacement)

    # -- aiobotocore
    def _patch_aio(self, module: ModuleType) -> None:
        endpoint: type = module.AioEndpoint
        if any(cls is endpoint for cls, _ in self._patched):
            return
        original = endpoint.__dict__["_send"]
        replacement = self._replacements.get((endpoint, original))
        if replacement is None:
            handler = self._handler

            async def replacement(self: Any, request: Any) -> Any:
                answer = handler(
                    request.method,
                    request.url,
                    request.headers,
                    _body_bytes(request.body),
                    "botocore",
                )
                if answer is None:
                    return await original(self, request)
                return _aio_response(request.url, answer)

        self._patch(endpoint, original, replacement)

    def _patch(self, cls: type, original: Any, replacement: Any) -> None:
        replacement.__wrapped__ = original
        self._replacements[(cls, original)] = replacement
        self._patched.append((cls, original))
        setattr(cls, "_send", replacement)  # noqa: B010 (a private botocore name, see above)

    # -- requests
    def _install_door(self) -> None:
        if self._door_installed:
            return
        if self._door is None:
            self._door = _RequestsDoor(self._handler, self._claims)
        self._door.install()
        self._door_installed = True


def _loaded_endpoint_classes() -> list[type]:
    """botocore's ``Endpoint``, and the AWS CLI's own copy if it was imported under its name."""
    from botocore.endpoint import Endpoint

    found: list[type] = [Endpoint]
    cli = sys.modules.get("awscli.botocore.endpoint")
    if cli is not None and cli.Endpoint is not Endpoint:
        found.append(cli.Endpoint)
    return found
