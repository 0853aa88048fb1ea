"""The Mock object: decorator, context manager (sync and async) and start/stop in one.

All active mocks share one controller (:mod:`mockgw._controller`), which installs the seams and
neutralizes the environment while any mock is active; mocks nest and may stop in any order.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from mockgw import ids
from mockgw._controller import controller as _controller
from mockgw._decorate import decorate
from mockgw.calls import Calls
from mockgw.errors import MockgwError
from mockgw.services import DATA_PLANE_PREFIXES, SERVICES, definition
from mockgw.state import DEFAULT_ACCOUNT, DEFAULT_REGION, World

if TYPE_CHECKING:
    from mockgw.faults import Fault
    from mockgw.services.apigateway.state import ApiGatewayState
    from mockgw.services.appsync.state import AppSyncState

T = TypeVar("T")
#: what a mock decorates (a function, coroutine function or class) keeps its own type
F = TypeVar("F", bound=Callable[..., Any])


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
        return [m for m in _controller.active if isinstance(m, Mock)]
