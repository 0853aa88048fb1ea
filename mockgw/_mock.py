"""The Mock object: decorator, context manager (sync and async) and start/stop in one.

All active mocks share one :class:`_Controller`. It installs the seams (``mockgw._intercept``)
and neutralizes the environment (``mockgw._environ``) when the first mock starts, and puts both
back when the last one stops, so mocks nest: they share one world, a service stays mocked while
any active mock covers it, and an inner stop never tears down what an outer mock still needs.
Mocks may stop in any order, and other libraries' mocks may start and stop around them in any
order (see those two modules for how each is put back).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload
from urllib.parse import urlsplit

from mockgw import _environ, _http, ids
from mockgw._decorate import decorate
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


class _Controller:
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
        """Decorate a function, coroutine function, generator or async generator function, a
        ``contextlib`` context manager factory, a classmethod or staticmethod, or a test class:
        the mock is active for as long as the decorated code runs (see ``mockgw._decorate``)."""
        return decorate(self, target)

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

    def authorize(
        self,
        rest_api_id: str,
        authorizer_id: str,
        *,
        effect: str | None = "Allow",
        principal_id: str = "user",
        context: Mapping[str, Any] | None = None,
        usage_identifier_key: str | None = None,
        claims: Mapping[str, str] | None = None,
        region: str = DEFAULT_REGION,
        account_id: str = DEFAULT_ACCOUNT,
    ) -> None:
        """Decide for authorizer ``authorizer_id`` of REST API ``rest_api_id``, which mockgw
        cannot run (a Lambda function, a Cognito user pool): ``effect`` ``"Allow"`` or
        ``"Deny"`` (its policy's), ``"Unauthorized"`` (a 401), or None to forget the decision;
        ``context`` and ``usage_identifier_key`` are what a Lambda authorizer returns besides its
        policy, ``claims`` a Cognito token's. Calls to the methods the authorizer guards are
        allowed or refused by it (with ``apiKeySource: AUTHORIZER``, the API key is its
        ``usage_identifier_key``), and TestInvokeAuthorizer answers from it."""
        if "apigateway" not in self.services:
            raise MockgwError(
                f"this mock does not cover 'apigateway': it covers {sorted(self.services)}"
            )
        backend = self.world.backend("apigateway", account_id, region)
        with backend.lock:
            definition("apigateway").hooks.authorize(
                backend.state,
                rest_api_id,
                authorizer_id,
                effect=effect,
                principal_id=principal_id,
                context=context,
                usage_identifier_key=usage_identifier_key,
                claims=claims,
            )

    # ---- AppSync: helpers for tests that call GraphQL and Event APIs (services/appsync/hooks.py)
    def _appsync_backend(self, helper: str, api_id: str) -> Any:
        if "appsync" not in self.services:
            raise MockgwError(
                f"this mock does not cover 'appsync': it covers {sorted(self.services)}"
            )
        world = self.world
        where = world.directory.locate(definition("appsync").hooks.API_KIND, api_id)
        if where is None:
            raise MockgwError(f"{helper}: no AppSync API {api_id!r} exists in any region")
        return world.backend("appsync", *where)

    def register_data_source(
        self,
        api_id: str,
        data_source_name: str,
        handler: Callable[[Any], Any] | None,
    ) -> None:
        """Stand in for a data source mockgw cannot reach (Lambda, DynamoDB, HTTP, ...) of
        GraphQL API ``api_id``: the endpoint calls ``handler`` with what the resolver's request
        template or code produced (an AWS_LAMBDA data source: the request's ``payload``, the
        function's event; a direct Lambda resolver: the whole context) and uses what it returns
        as ``ctx.result``; an exception it raises becomes ``ctx.error``. None forgets it."""
        backend = self._appsync_backend("register_data_source", api_id)
        with backend.lock:
            definition("appsync").hooks.register_data_source(
                backend.state, self.world.extras("appsync"), api_id, data_source_name, handler
            )

    def published_events(self, api_id: str, channel: str | None = None) -> list[dict[str, Any]]:
        """The events published to Event API ``api_id`` through its HTTP endpoint (only those
        of ``channel``, ``"namespace/a/b"``, when given), oldest first: each a dict with
        ``channel``, ``namespace``, ``payload`` (the JSON text as published), ``event`` (it,
        parsed), ``identifier`` and ``published`` (epoch seconds)."""
        backend = self._appsync_backend("published_events", api_id)
        with backend.lock:
            events: list[dict[str, Any]] = definition("appsync").hooks.published_events(
                backend.state, api_id, channel
            )
        return events

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


def active_mocks() -> list[Mock]:
    with _controller.lock:
        return list(_controller.active)
