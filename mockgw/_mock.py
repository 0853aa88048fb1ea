"""The Mock object: decorator, context manager (sync and async) and start/stop in one.

All active mocks share one :class:`_Controller`. It installs the botocore seam and fake
credentials when the first mock starts and removes them when the last one stops, so mocks nest:
they share one world, a service stays mocked while any active mock covers it, and an inner stop
never tears down what an outer mock still needs.
"""

from __future__ import annotations

import functools
import inspect
import os
import threading
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload
from urllib.parse import urlsplit

from mockgw import _http, ids
from mockgw._dispatch import (
    Dispatcher,
    RequestHeaders,
    aws_service_of_host,
    identify,
    is_aws_host,
)
from mockgw._intercept import Interceptor
from mockgw.calls import Calls, log, log_refusal
from mockgw.errors import MockgwError, UnmockedServiceError
from mockgw.services import DATA_PLANE_PREFIXES, SERVICES, definition
from mockgw.state import DEFAULT_ACCOUNT, DEFAULT_REGION, World
from mockgw.wire.restjson import WireResponse

if TYPE_CHECKING:
    from mockgw.faults import Fault
    from mockgw.services.apigateway.state import ApiGatewayState
    from mockgw.services.appsync.state import AppSyncState

T = TypeVar("T")
#: what a mock decorates (a function, coroutine function or class) keeps its own type
F = TypeVar("F", bound=Callable[..., Any])

#: Environment set while any mock is active: fake credentials, so no client made inside a mock
#: can carry a real account's keys, and a default region only where none is configured.
_FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "mockgw-testing",
    "AWS_SECRET_ACCESS_KEY": "mockgw-testing",
}
_CLEARED = ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


class _Controller:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.active: list[Mock] = []
        self.world: World | None = None
        self.mocked: frozenset[str] = frozenset()
        self.allowed: frozenset[str] = frozenset()
        self._dispatcher: Dispatcher | None = None
        self._interceptor = Interceptor(self.on_request)
        self._saved_env: dict[str, str | None] = {}

    def enter(self, mock: Mock) -> None:
        with self.lock:
            if not self.active:
                self.world = World()
                self._dispatcher = Dispatcher(self.world)
                self._set_env()
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

    def _set_env(self) -> None:
        names = [*_FAKE_CREDENTIALS, *_CLEARED, "AWS_DEFAULT_REGION"]
        self._saved_env = {name: os.environ.get(name) for name in names}
        os.environ.update(_FAKE_CREDENTIALS)
        for name in _CLEARED:
            os.environ.pop(name, None)
        if not os.environ.get("AWS_DEFAULT_REGION") and not os.environ.get("AWS_REGION"):
            os.environ["AWS_DEFAULT_REGION"] = DEFAULT_REGION

    def _restore_env(self) -> None:
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_env = {}

    def on_request(
        self, method: str, url: str, headers: Any, body: bytes, door: str = "botocore"
    ) -> WireResponse | None:
        """A door's question: answer this request, let it through, or stop it. ``door`` is
        ``"botocore"`` or ``"requests"`` (raw HTTP gets the HTTP doors' additions)."""
        parts = urlsplit(url)
        host = parts.netloc
        if not is_aws_host(host):
            return None  # a local server or custom endpoint: not AWS, not ours
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
        name = signed or service
        message = (
            f"mockgw stopped a request to AWS service {name!r} ({method} {url}): no active mock "
            f"covers it, so it was never sent. Mocked now: {sorted(self.mocked) or 'nothing'}. "
            f"To let it through on purpose, pass allow=[{name!r}] to the mock."
        )
        log_refusal(message)
        raise UnmockedServiceError(message)


_controller = _Controller()


class Mock:
    """A mock of some of mockgw's services. Use it as a decorator, a context manager, or
    through :meth:`start` / :meth:`stop`."""

    def __init__(
        self,
        services: Iterable[str],
        *,
        allow: Iterable[str] = (),
        seed: int | str | None = None,
    ) -> None:
        chosen = tuple(services)
        unknown = sorted(set(chosen) - set(SERVICES))
        if unknown:
            raise MockgwError(f"mockgw cannot mock {unknown}; it mocks {list(SERVICES)}")
        self.services: frozenset[str] = frozenset(chosen)
        self.allow: frozenset[str] = frozenset(allow)
        #: when not None, ``mockgw.seed(seed)`` runs at every start: reproducible ids per test
        self.seed = seed
        self._depth = 0
        self._lock = threading.Lock()
        # ---- recorded calls: where this mock's calls start in the world's log, and the calls
        # kept when it stopped (so a test can read them after the `with` block)
        self._calls_mark = 0
        self._calls_kept: Calls = Calls()

    def __repr__(self) -> str:
        state = "active" if self._depth else "inactive"
        return f"<mockgw.Mock services={sorted(self.services)} {state}>"

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> Mock:
        with self._lock:
            _controller.enter(self)
            self._depth += 1
            if self._depth == 1:  # ---- recorded calls: a fresh list at each start
                world = _controller.world
                self._calls_mark = world.calls.mark() if world is not None else 0
                self._calls_kept = Calls()
            if self.seed is not None:
                ids.seed(self.seed)
        return self

    def stop(self) -> None:
        with self._lock:
            if self._depth == 0:
                raise MockgwError("stop() called on a mock that is not started")
            if self._depth == 1:  # ---- recorded calls: keep them readable after the stop
                self._calls_kept = self._read_calls()
            self._depth -= 1
            _controller.leave(self)

    @property
    def active(self) -> bool:
        return self._depth > 0

    def __enter__(self) -> Mock:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> Mock:
        return self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ state
    @property
    def world(self) -> World:
        world = _controller.world
        if world is None or not self.active:
            raise MockgwError("this mock is not active: start it before looking at its state")
        return world

    @overload
    def backend(
        self,
        service: Literal["apigateway"],
        *,
        region: str = DEFAULT_REGION,
        account_id: str = DEFAULT_ACCOUNT,
    ) -> ApiGatewayState: ...
    @overload
    def backend(
        self,
        service: Literal["appsync"],
        *,
        region: str = DEFAULT_REGION,
        account_id: str = DEFAULT_ACCOUNT,
    ) -> AppSyncState: ...
    @overload
    def backend(
        self, service: str, *, region: str = DEFAULT_REGION, account_id: str = DEFAULT_ACCOUNT
    ) -> Any: ...
    def backend(
        self, service: str, *, region: str = DEFAULT_REGION, account_id: str = DEFAULT_ACCOUNT
    ) -> Any:
        """The live state of ``service`` for one account and region, for assertions: an
        ``ApiGatewayState`` or ``AppSyncState`` whose collections (``api_keys``,
        ``usage_plans``, ``rest_apis``, ``apis``) are read-only mappings of id to record:
        ``len(state.api_keys)``, ``state.api_keys[key_id].name``, ``for key in
        state.api_keys.values()``. Change state through the API, not through these objects."""
        if service not in self.services:
            raise MockgwError(
                f"this mock does not cover {service!r}: it covers {sorted(self.services)}"
            )
        return self.world.backend(service, account_id, region).state

    def reset(self) -> None:
        """Forget every resource of every service, account and region, every injected fault
        and every recorded call."""
        self.world.reset()

    # ---- recorded calls (mockgw.calls)
    @property
    def calls(self) -> Calls:
        """The calls this mock answered, oldest first: every request to a service it covers
        (API Gateway's deployed stages included) since it started, through any door. Still
        readable after the mock stopped, until it starts again. Filter them with
        ``calls.filter(service, operation, ...)``; assert with ``assert_called_once_with(...)``
        and its siblings (see :class:`mockgw.calls.Calls`)."""
        with self._lock:
            return self._read_calls() if self._depth else self._calls_kept

    def _read_calls(self) -> Calls:
        world = _controller.world
        if world is None:
            return Calls()
        owned = {p for p, owner in DATA_PLANE_PREFIXES.items() if owner in self.services}
        return Calls(world.calls.since(self._calls_mark, self.services | owned))

    # ------------------------------------------------------------------ decorator
    @overload
    def __call__(self, target: type[T]) -> type[T]: ...
    @overload
    def __call__(self, target: F) -> F: ...

    def __call__(self, target: Any) -> Any:
        if inspect.isclass(target):
            return self._decorate_class(target)
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                async with self:
                    return await target(*args, **kwargs)

            return run_async

        @functools.wraps(target)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self:
                return target(*args, **kwargs)

        return run

    def _decorate_class(self, cls: type[T]) -> type[T]:
        import unittest

        if issubclass(cls, unittest.TestCase):
            # setUp, the test and tearDown all run inside one mock; a cleanup stops it, and
            # cleanups run even when setUp fails.
            original_setup = cls.setUp

            def setUp(test: Any) -> None:
                self.start()
                test.addCleanup(self.stop)
                original_setup(test)

            cls.setUp = setUp  # type: ignore[method-assign,assignment]
            return cls

        # pytest-style classes: setup_method, the test and teardown_method share one mock.
        original_setup_method = getattr(cls, "setup_method", None)
        original_teardown_method = getattr(cls, "teardown_method", None)
        started = f"_mockgw_started_{id(self)}"

        def setup_method(instance: Any, method: Any = None) -> None:
            self.start()
            setattr(instance, started, True)
            try:
                if original_setup_method is not None:
                    _call_xunit(original_setup_method, instance, method)
            except BaseException:
                delattr(instance, started)
                self.stop()
                raise

        def teardown_method(instance: Any, method: Any = None) -> None:
            try:
                if original_teardown_method is not None:
                    _call_xunit(original_teardown_method, instance, method)
            finally:
                if getattr(instance, started, False):
                    delattr(instance, started)
                    self.stop()

        cls.setup_method = setup_method  # type: ignore[attr-defined]
        cls.teardown_method = teardown_method  # type: ignore[attr-defined]
        return cls

    # ---- API Gateway: helpers for tests that call deployed stages (services/apigateway/hooks.py)
    def respond(
        self,
        rest_api_id: str,
        method: str,
        path: str,
        *,
        status: int = 200,
        body: Any = "",
        headers: dict[str, str] | None = None,
        stage: str | None = None,
    ) -> None:
        """Answer calls to ``method path`` of a deployed REST API with this response instead of
        its integration (any integration type: HTTP, Lambda proxy, ...). ``path`` is the request
        path after the stage (``/pets/7``) or a resource path (``/pets/{id}``); ``method`` may be
        ``ANY``; ``stage`` None means every stage. ``body`` is bytes, text, or JSON data. API
        keys, throttling and quotas are still enforced, and the route must exist in the stage's
        deployment, as on AWS."""
        if "apigateway" not in self.services:
            raise MockgwError(
                f"this mock does not cover 'apigateway': it covers {sorted(self.services)}"
            )
        world = self.world
        definition("apigateway").hooks.respond(
            world.extras("apigateway"),
            rest_api_id,
            method,
            path,
            status=status,
            body=body,
            headers=headers,
            stage=stage,
        )

    def record_usage(
        self,
        usage_plan_id: str,
        key_id: str,
        day: Any,
        used: int,
        *,
        region: str = DEFAULT_REGION,
        account_id: str = DEFAULT_ACCOUNT,
    ) -> None:
        """Seed usage: API key ``key_id`` made ``used`` calls in usage plan ``usage_plan_id``
        on ``day`` (a ``datetime.date`` or ``"yyyy-MM-dd"``, UTC). GetUsage reports it and the
        quota counts it, like calls made through the stage."""
        if "apigateway" not in self.services:
            raise MockgwError(
                f"this mock does not cover 'apigateway': it covers {sorted(self.services)}"
            )
        backend = self.world.backend("apigateway", account_id, region)
        with backend.lock:
            definition("apigateway").hooks.record_usage(
                backend.state, usage_plan_id, key_id, day, used
            )

    # ---- faults and snapshots (mockgw.faults, mockgw.snapshot)
    def inject_fault(
        self,
        service: str,
        operation: str,
        error: str | None = None,
        *,
        times: int | None = None,
        after: int = 0,
        delay: float = 0.0,
        message: str | None = None,
        status: int | None = None,
        region: str | None = None,
    ) -> Fault:
        """Make ``service.operation`` (botocore's names; ``"*"``: all of the service's) fail
        with the AWS error ``error`` and/or answer ``delay`` seconds late.

        The first ``after`` matching calls pass; the next ``times`` are hit (``None``: all of
        them until the fault is removed). ``status`` and ``message`` default to the error
        shape's (``TooManyRequestsException``: 429). ``region`` limits it to one region. A
        failed call changes no state. Returns the fault: ``.remove()`` it, read its ``calls``
        and ``hits``, or use it as a context manager. Faults belong to the world: they end
        with the outermost mock, and :meth:`reset` drops them.
        """
        if service not in self.services:
            raise MockgwError(
                f"this mock does not cover {service!r}: it covers {sorted(self.services)}"
            )
        from mockgw import faults

        fault = faults.build(
            service,
            operation,
            error,
            times=times,
            after=after,
            delay=delay,
            message=message,
            status=status,
            region=region,
        )
        return faults.add(self.world, fault)

    @property
    def faults(self) -> list[Fault]:
        """The injected faults, oldest first."""
        from mockgw import faults

        return faults.faults_of(self.world)

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        from mockgw import faults

        faults.clear(self.world)

    def snapshot(self) -> dict[str, Any]:
        """Every service's state, for every account and region, as JSON-able data that
        :meth:`restore` rebuilds exactly (creation order and paging tokens included)."""
        from mockgw import snapshot

        return snapshot.snapshot(self.world)

    def restore(self, data: dict[str, Any]) -> None:
        """Replace the whole state with a :meth:`snapshot` (faults are kept as they are)."""
        from mockgw import snapshot

        snapshot.restore(self.world, data)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write :meth:`snapshot` to a JSON file, atomically."""
        from mockgw import snapshot

        snapshot.save(self.world, path)

    def load(self, path: str | os.PathLike[str]) -> None:
        """:meth:`restore` from a JSON file :meth:`save` (or ``mockgw server --state``) wrote."""
        from mockgw import snapshot

        snapshot.load(self.world, path)


def _call_xunit(function: Any, instance: Any, method: Any) -> None:
    """Call a user's setup_method/teardown_method, with or without its ``method`` argument."""
    if len(inspect.signature(function).parameters) >= 2:
        function(instance, method)
    else:
        function(instance)


def active_mocks() -> list[Mock]:
    with _controller.lock:
        return list(_controller.active)
