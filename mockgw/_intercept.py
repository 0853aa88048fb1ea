"""The seams where mockgw meets other libraries. Every private name of theirs it touches is here.

Each seam is one class attribute, replaced on the first start and put back on the last stop:

``botocore.endpoint.Endpoint._send`` (private)
    The method that hands a signed request to urllib3: the last step before the network, so

    * it catches every client, including those created before the mock started (a
      ``before-send`` handler would only reach clients created after it was registered, since
      each client copies its session's event hooks);
    * moto's ``before-send`` handler runs *earlier* in ``Endpoint._do_get_response`` and answers
      its own services first, so moto and mockgw work side by side;
    * it receives the fully signed request, so account and region come from the SigV4 scope
      exactly as AWS reads them.

``botocore.signers.RequestSigner.sign`` (public method; reads the private ``_credentials``)
    A client made before any mock, where no credentials could be found (a module-level client
    on a CI machine), has a signer without credentials, and botocore raises
    ``NoCredentialsError`` while signing, before ``_send``. While a mock is active, a request
    that mockgw answers or refuses, from a signer whose credentials are missing or
    refreshable (whose refresh would run a ``credential_process``, call SSO or STS, or read
    instance metadata), is signed by a copy of the signer holding mockgw's placeholder
    credentials. botocore's own ``sign`` still runs (its events, its signer choice, its region
    and service scope), so the dispatcher reads region and account from the scope as for any
    request. The copy is per request, so a client shared by threads is never changed. Static
    credentials (given in code, or found before the mock) are left alone: their access key
    may name the account a test means. Requests mockgw lets through (``allow``, non-AWS
    hosts) are signed exactly as without mockgw.

``botocore.session.Session.get_credentials`` (public; reads the private ``_credentials``)
    While a mock is active, a session hands out mockgw's placeholder credentials, except
    those set explicitly in code (``boto3.Session(aws_access_key_id=...)``,
    ``set_credentials``) or put in the environment by the test after the mock started, and
    caches nothing: no credential provider runs (no
    ``credential_process``, SSO, container or instance-metadata lookup, whatever the
    environment or config files say), and a session first used inside a mock has found
    nothing once it ends. ``create_client(aws_access_key_id=...)`` never asks the session.

``Session.full_config``, ``Session.get_scoped_config``, ``Session.available_profiles`` (public)
    While a mock is active, a session sees an empty config file: no profile, no region, no
    endpoint, no retry settings from ``~/.aws``, so a mocked test runs the same on a laptop
    full of profiles and on a bare CI machine. (``mockgw._environ`` points the config file
    variables at ``os.devnull`` too, for programs the test starts; in the process the
    replacement is what counts: a session caches the config file it first reads, and one
    first used inside a mock must not keep an empty one afterwards, nor one read before
    the mock use it inside.) A profile named in code then does not exist, as on CI.

The AWS CLI v1 (1.46+) ships its own copy of botocore as ``awscli.botocore`` and aliases it to
``botocore`` only when ``botocore`` was not imported yet; so the CLI normally uses the one
``botocore`` package, and we patch the distinct ``awscli.botocore`` modules too if something
imported them under that name.

aiobotocore
    ``AioEndpoint._send``, ``AioRequestSigner.sign`` and ``AioSession.get_credentials`` are
    ``async`` overrides of the three, patched the same way.

requests
    ``requests.Session.get_adapter`` routes requests to mockgw's hosts to mockgw; see
    ``mockgw._requests_door`` (and why not ``HTTPAdapter.send``).

Importing botocore costs about 200 ms and aiobotocore about 300 ms (aiohttp), so we import none
of them: a seam whose module is loaded when the mock starts is patched then, and a small import
hook patches the others the moment they are imported while a mock is active.

Out-of-order stops: a seam is put back only if it still holds our replacement. If something
patched over it after us and is still active, we leave ours under theirs: when they stop they
put ours back, and ours, inactive, behaves exactly as the original until the next mock starts
and takes it over again.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import Any

from mockgw._import_hook import PostImportHook
from mockgw.wire.restjson import WireResponse

#: (method, url, headers, body, door) -> answer, or None to let the request through unchanged.
#: The doors: ``"botocore"`` (botocore, the AWS CLI, aiobotocore) and ``"requests"``.
RequestHandler = Callable[[str, str, Any, bytes, str], "WireResponse | None"]
#: host (a URL's netloc, not an AWS host) -> whether mockgw answers requests to it right now
#: (an API Gateway custom domain name, while it exists in the active world).
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


# --------------------------------------------------------------------------- credentials

#: The placeholder credentials of requests signed inside a mock. Not 12 digits, so the
#: dispatcher files them under the default account.
PLACEHOLDER_KEY = "mockgw-testing"

#: (url, signing name) -> whether mockgw answers or refuses that request while a mock is active.
Substitutes = Callable[[str, "str | None"], bool]


def _placeholder(module: str) -> Any:
    """Placeholder credentials of the flavour the signer awaits (aiobotocore's are async)."""
    if module.startswith("aiobotocore"):
        from aiobotocore.credentials import AioCredentials

        return AioCredentials(PLACEHOLDER_KEY, PLACEHOLDER_KEY, method="mockgw")
    from botocore.credentials import Credentials

    return Credentials(PLACEHOLDER_KEY, PLACEHOLDER_KEY, method="mockgw")


def _needs_placeholder(signer: Any) -> bool:
    """A signer with no credentials, or with refreshable ones (a refresh may run a process or
    call the network). Duck-typed, so the AWS CLI's copy of botocore is recognised too."""
    credentials = signer.__dict__.get("_credentials")  # private: see the module docstring
    return credentials is None or hasattr(type(credentials), "refresh_needed")


def _signing_name(signer: Any, request: Any, kwargs: dict[str, Any]) -> str | None:
    name = kwargs.get("signing_name")
    if name:
        return str(name)
    context = getattr(request, "context", None) or {}
    name = context.get("signing", {}).get("signing_name") or getattr(signer, "signing_name", None)
    return str(name) if name else None


def _with_credentials(signer: Any, credentials: Any) -> Any:
    """A copy of ``signer`` that signs with ``credentials``: one request's, never shared."""
    copy = object.__new__(type(signer))
    copy.__dict__.update(signer.__dict__)
    copy._credentials = credentials
    return copy


# --------------------------------------------------------------------------- the seams

#: Builds a seam's replacement from the interceptor, the module and the original attribute.
Factory = Callable[["Interceptor", str, Any], Any]


def _sync_send(interceptor: Interceptor, module: str, original: Any) -> Any:
    handler = interceptor.handler

    def _send(self: Any, request: Any) -> Any:
        if interceptor.installed:
            answer = handler(
                request.method, request.url, request.headers, _body_bytes(request.body), "botocore"
            )
            if answer is not None:
                return to_aws_response(request.url, answer)
        return original(self, request)

    return _send


def _aio_send(interceptor: Interceptor, module: str, original: Any) -> Any:
    handler = interceptor.handler

    async def _send(self: Any, request: Any) -> Any:
        if interceptor.installed:
            answer = handler(
                request.method, request.url, request.headers, _body_bytes(request.body), "botocore"
            )
            if answer is not None:
                return _aio_response(request.url, answer)
        return await original(self, request)

    return _send


def _signer_for(interceptor: Interceptor, module: str) -> Callable[[Any, Any, dict[str, Any]], Any]:
    """The signer to sign one request with: the client's own, or a copy with placeholders."""
    placeholder: list[Any] = []  # built on first use: aiobotocore's import is not ours to pay

    def choose(signer: Any, request: Any, kwargs: dict[str, Any]) -> Any:
        if not interceptor.installed or not _needs_placeholder(signer):
            return signer
        if not interceptor.substitutes(str(request.url), _signing_name(signer, request, kwargs)):
            return signer
        if not placeholder:
            placeholder.append(_placeholder(module))
        return _with_credentials(signer, placeholder[0])

    return choose


def _sync_sign(interceptor: Interceptor, module: str, original: Any) -> Any:
    choose = _signer_for(interceptor, module)

    def sign(self: Any, operation_name: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        return original(choose(self, request, kwargs), operation_name, request, *args, **kwargs)

    return sign


def _aio_sign(interceptor: Interceptor, module: str, original: Any) -> Any:
    choose = _signer_for(interceptor, module)

    async def sign(self: Any, operation_name: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        signer = choose(self, request, kwargs)
        return await original(signer, operation_name, request, *args, **kwargs)

    return sign


def _lent(session: Any, module: str, placeholder: Any) -> Any:
    """The credentials a session lends while a mock is active: those set on it in code, else
    keys the test put in the environment after the mock started (keys there before were
    replaced by placeholders, see ``mockgw._environ``; a 12-digit key picks the account),
    else the placeholders. Nothing is cached and no credential provider runs."""
    found = session.__dict__.get("_credentials")  # private: see the module docstring
    if getattr(found, "method", None) == "explicit":
        return found
    key = os.environ.get("AWS_ACCESS_KEY_ID")
    secret = os.environ.get("AWS_SECRET_ACCESS_KEY")
    if key and secret and key != PLACEHOLDER_KEY:
        token = os.environ.get("AWS_SESSION_TOKEN")
        return type(placeholder)(key, secret, token, method="env")
    return placeholder


def _sync_credentials(interceptor: Interceptor, module: str, original: Any) -> Any:
    placeholder = _placeholder(module)

    def get_credentials(self: Any) -> Any:
        if interceptor.installed:
            return _lent(self, module, placeholder)
        return original(self)

    return get_credentials


def _aio_credentials(interceptor: Interceptor, module: str, original: Any) -> Any:
    placeholder = _placeholder(module)

    async def get_credentials(self: Any) -> Any:
        if interceptor.installed:
            return _lent(self, module, placeholder)
        return await original(self)

    return get_credentials


def _no_config_file(interceptor: Interceptor, module: str, original: Any) -> Any:
    """``Session.full_config``: while a mock is active, an empty config, never cached."""

    def full_config(self: Any) -> Any:
        if interceptor.installed:
            return {"profiles": {}}
        return original.fget(self)

    return property(full_config, doc=original.__doc__)


def _no_profiles(interceptor: Interceptor, module: str, original: Any) -> Any:
    """``Session.available_profiles``: while a mock is active, none."""

    def available_profiles(self: Any) -> Any:
        if interceptor.installed:
            return []
        return original.fget(self)

    return property(available_profiles, doc=original.__doc__)


def _no_scoped_config(interceptor: Interceptor, module: str, original: Any) -> Any:
    """``Session.get_scoped_config``: while a mock is active, what an empty config file gives:
    nothing, or ``ProfileNotFound`` for a profile named in code (one named in the environment
    is removed while a mock is active: see ``mockgw._environ``)."""
    exceptions = sys.modules[module.rpartition(".")[0] + ".exceptions"]

    def get_scoped_config(self: Any) -> Any:
        if not interceptor.installed:
            return original(self)
        profile = self.get_config_variable("profile")
        if profile is None:
            return {}
        raise exceptions.ProfileNotFound(profile=profile)

    return get_scoped_config


def _get_adapter(interceptor: Interceptor, module: str, original: Any) -> Any:
    from mockgw import _requests_door

    return _requests_door.make_get_adapter(
        lambda: interceptor.installed, interceptor.handler, interceptor.claims, original
    )


_BOTOCORE: tuple[tuple[str, tuple[tuple[str, str, Factory], ...]], ...] = (
    ("endpoint", (("Endpoint", "_send", _sync_send),)),
    ("signers", (("RequestSigner", "sign", _sync_sign),)),
    (
        "session",
        (
            ("Session", "get_credentials", _sync_credentials),
            ("Session", "get_scoped_config", _no_scoped_config),
            ("Session", "full_config", _no_config_file),
            ("Session", "available_profiles", _no_profiles),
        ),
    ),
)

#: module -> (class, attribute, factory of the replacement) for every seam.
SEAMS: dict[str, tuple[tuple[str, str, Factory], ...]] = {
    **{f"botocore.{module}": seams for module, seams in _BOTOCORE},
    **{f"awscli.botocore.{module}": seams for module, seams in _BOTOCORE},
    "aiobotocore.endpoint": (("AioEndpoint", "_send", _aio_send),),
    "aiobotocore.signers": (("AioRequestSigner", "sign", _aio_sign),),
    "aiobotocore.session": (("AioSession", "get_credentials", _aio_credentials),),
    "requests.sessions": (("Session", "get_adapter", _get_adapter),),
}


class _Seam:
    __slots__ = ("attribute", "original", "owner", "replacement")

    def __init__(self, owner: type, attribute: str, original: Any, replacement: Any) -> None:
        self.owner = owner
        self.attribute = attribute
        self.original = original
        self.replacement = replacement


# --------------------------------------------------------------------------- the interceptor


class Interceptor:
    """Installs every seam on :meth:`install` and puts each back on :meth:`uninstall`.

    ``handler`` answers a request (or returns None to let it through, or raises to refuse it);
    ``substitutes`` says whether a request is one mockgw answers or refuses, so that a client
    without credentials signs it with placeholders instead of failing; ``claims`` whether a
    host that is not AWS's is one mockgw answers now (a custom domain name).
    """

    def __init__(
        self, handler: RequestHandler, substitutes: Substitutes, claims: HostClaim
    ) -> None:
        self.handler = handler
        self.substitutes = substitutes
        self.claims = claims
        #: read by every replacement on every call: inactive, they behave as the originals
        self.installed = False
        self._lock = threading.RLock()
        #: (owner, attribute, original) -> seam, built once: starts stay cheap.
        self._built: dict[tuple[type, str, Any], _Seam] = {}
        #: id(replacement) -> seam, to recognise ours when an out-of-order stop left it in place
        self._ours: dict[int, _Seam] = {}
        self._applied: list[_Seam] = []
        self._hook = PostImportHook(dict.fromkeys(SEAMS, self._on_import))
        self._hooked = False

    def install(self) -> None:
        with self._lock:
            if self.installed:
                return
            self.installed = True
            try:
                missing = False
                for name in SEAMS:
                    module = sys.modules.get(name)
                    if module is None:
                        missing = True
                    else:
                        self._apply(module)
                if missing:
                    sys.meta_path.insert(0, self._hook)
                    self._hooked = True
            except BaseException:
                self._uninstall()
                raise

    def uninstall(self) -> None:
        with self._lock:
            self._uninstall()

    def _uninstall(self) -> None:
        self.installed = False
        if self._hooked:
            self._hooked = False
            with contextlib.suppress(ValueError):
                sys.meta_path.remove(self._hook)
        while self._applied:
            seam = self._applied.pop()
            if seam.owner.__dict__.get(seam.attribute) is seam.replacement:
                setattr(seam.owner, seam.attribute, seam.original)
            # else: patched over by something still active; see the module docstring.

    def _on_import(self, module: ModuleType) -> None:
        with self._lock:
            if self.installed:
                self._apply(module)

    def _apply(self, module: ModuleType) -> None:
        for class_name, attribute, factory in SEAMS[module.__name__]:
            owner = getattr(module, class_name, None)
            current = owner.__dict__.get(attribute) if isinstance(owner, type) else None
            if owner is None or current is None:
                continue  # a version without this seam
            seam = self._ours.get(id(current))
            if seam is None or seam.replacement is not current:
                key = (owner, attribute, current)
                seam = self._built.get(key)
                if seam is None:
                    replacement = factory(self, module.__name__, current)
                    if not isinstance(replacement, property):
                        replacement.__wrapped__ = current
                    seam = _Seam(owner, attribute, current, replacement)
                    self._built[key] = seam
                    self._ours[id(replacement)] = seam
                setattr(owner, attribute, seam.replacement)
            # else: ours is in place already (left by an out-of-order stop, or the module is
            # an alias of one patched already): take it over as it is.
            if seam not in self._applied:
                self._applied.append(seam)
