"""What every active mock shares: the one controller of the process.

It installs the seams (``mockgw._intercept``) and neutralizes the environment
(``mockgw._environ``) when the first mock starts, and puts both back when the last one stops,
so mocks nest: they share one world, a service stays mocked while any active mock covers it,
and an inner stop never tears down what an outer mock still needs. Mocks may stop in any order,
and other libraries' mocks may start and stop around them in any order (see those two modules
for how each is put back). The seams ask it what to do with each request: answer it from the
world, let it through, or stop it with a message that says what to do instead.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from typing import Any, Protocol
from urllib.parse import urlsplit

from mockgw import _environ, _http
from mockgw._dispatch import (
    Dispatcher,
    RequestHeaders,
    aws_service_of_host,
    identify,
    is_aws_host,
)
from mockgw._intercept import Interceptor
from mockgw.calls import log, log_refusal
from mockgw.errors import UnmockedServiceError
from mockgw.services import DATA_PLANE_PREFIXES, SERVICES
from mockgw.state import World
from mockgw.wire.restjson import WireResponse


class Mock(Protocol):
    """What the controller reads of a :class:`mockgw.Mock`."""

    @property
    def services(self) -> Collection[str]: ...

    @property
    def allow(self) -> Collection[str]: ...


class Controller:
    """The active mocks, the world they share, and the seams' questions about each request."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.active: list[Mock] = []
        self.world: World | None = None
        self.mocked: frozenset[str] = frozenset()
        self.allowed: frozenset[str] = frozenset()
        self._dispatcher: Dispatcher | None = None
        self._interceptor = Interceptor(self.on_request, self.substitutes, self.claims_host)
        self._saved_env: _environ.Changes = {}

    def enter(self, mock: Mock) -> None:
        with self.lock:
            if not self.active:
                self.world = World()
                self._dispatcher = Dispatcher(self.world)
                self._saved_env = _environ.neutralize()
                try:
                    self._interceptor.install()
                except BaseException:
                    self._restore_env()
                    raise
            self.active.append(mock)
            self._recompute()

    def leave(self, mock: Mock) -> None:
        with self.lock:
            self.active.remove(mock)
            self._recompute()
            if not self.active:
                try:
                    self._interceptor.uninstall()
                finally:
                    self._restore_env()
                    self.world = None
                    self._dispatcher = None

    def _recompute(self) -> None:
        self.mocked = frozenset(s for m in self.active for s in m.services)
        self.allowed = frozenset(s for m in self.active for s in m.allow)

    def _restore_env(self) -> None:
        changes, self._saved_env = self._saved_env, {}
        _environ.restore(changes)

    def substitutes(self, url: str, signing_name: str | None) -> bool:
        """Whether a request to ``url`` is one mockgw answers or refuses (so a client without
        credentials may sign it with placeholders): an AWS host no active mock lets through."""
        if not self.active:
            return False
        host = urlsplit(url).netloc
        if not is_aws_host(host):
            return False
        service = aws_service_of_host(host)
        if service in self.mocked:
            return True
        return service not in self.allowed and signing_name not in self.allowed

    def on_request(
        self, method: str, url: str, headers: Any, body: bytes, door: str = "botocore"
    ) -> WireResponse | None:
        """A door's question: answer this request, let it through, or stop it. ``door`` is
        ``"botocore"`` or ``"requests"`` (raw HTTP gets the HTTP doors' additions)."""
        parts = urlsplit(url)
        host = parts.netloc
        if not is_aws_host(host):
            # not AWS: a custom domain name a mocked data plane answers, or not ours at all
            return self._custom_host(method, url, host, headers, body)
        lowered = RequestHeaders(headers)  # lower-case str view, converted on demand
        service = aws_service_of_host(host)
        dispatcher = self._dispatcher
        if service in self.mocked and dispatcher is not None:
            caller = identify(lowered, host)
            if door == "botocore":
                return dispatcher.dispatch(caller, method, parts.path, parts.query, lowered, body)
            try:
                return _http.dispatch(
                    dispatcher, caller, method, parts.path, parts.query, lowered, body, door
                )
            except _http.Reject as reject:
                return _http.error_response(reject.status, reject.message)
        # ---- data planes: calls to the APIs users build (API Gateway's deployed stages)
        owner = DATA_PLANE_PREFIXES.get(service)
        world = self.world
        if owner is not None and owner in self.mocked and world is not None:
            from mockgw import dataplane

            answer = dataplane.answer_url(world, owner, method, url, lowered, body, door)
            if answer is not None:
                return answer
        signed = identify(lowered).service
        if service in self.allowed or signed in self.allowed:
            log.debug("let through (allowed by the mock): %s %s", method, url)
            return None
        message = _refusal(signed or service, f"{method} {url}", sorted(self.mocked))
        log_refusal(message)
        raise UnmockedServiceError(message)

    def claims_host(self, host: str) -> bool:
        """Whether ``host``, not an AWS host, is one a mocked service's data plane answers in
        the active world: an API Gateway custom domain name, for as long as it exists."""
        world = self.world
        if world is None:
            return False
        from mockgw import dataplane

        return dataplane.custom_host_owner(world, self.mocked, host) is not None

    def _custom_host(
        self, method: str, url: str, host: str, headers: Any, body: bytes
    ) -> WireResponse | None:
        world = self.world
        if world is None:
            return None
        from mockgw import dataplane

        owner = dataplane.custom_host_owner(world, self.mocked, host)
        if owner is None:
            return None
        return dataplane.answer_url(world, owner, method, url, RequestHeaders(headers), body)


def _refusal(service: str, request: str, mocked: list[str]) -> str:
    """Why a request was stopped, and what to do instead."""
    said = (
        f"mockgw stopped a request to AWS service {service!r} ({request}): no active mock "
        f"covers it, so it was never sent. Mocked now: {mocked or 'nothing'}."
    )
    # a data plane's host (execute-api: deployed stages) is answered by its service's mock
    mocked_by = DATA_PLANE_PREFIXES.get(service, service)
    if mocked_by in SERVICES:
        return (
            f"{said} mockgw mocks {service!r} too: add mockgw.mock_{mocked_by}() (or use "
            f"mockgw.mock(), which mocks every service mockgw knows). Do not pass "
            f"allow=[{service!r}]: allow sends the request to the real AWS."
        )
    return (
        f"{said} mockgw does not mock {service!r}. To send such requests out of the process on "
        f"purpose (to the real AWS endpoint, or to whatever intercepts HTTP below botocore), "
        f"pass allow=[{service!r}] to the mock; a client made inside a mock signs them with "
        f"placeholder credentials, so AWS itself would refuse them."
    )


controller = Controller()
