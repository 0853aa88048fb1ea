"""Recorded calls: every request a world answered, for tests to assert on; and the ``mockgw``
logger, which says at DEBUG what was answered and what was refused.

Recording is always on, so it must cost next to nothing when nobody looks: a call appends one
small list holding references to what the door already has (the caller, the route, the raw
query, headers and body, the answer) to a bounded deque. Nothing is parsed, copied or
formatted until a test reads :attr:`mockgw.Mock.calls`: the parameters are then parsed again
from the request by the operation's input shape, exactly as the handler saw them, so no handler
can change them afterwards by keeping and mutating what it was given.

The log keeps the newest :data:`MAX_CALLS` calls of a world (the oldest are dropped first), so a
long-running ``mockgw server`` holds a bounded amount of memory.
"""

from __future__ import annotations

import base64
import datetime as _dt
import itertools
import json
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

from mockgw.errors import ServiceError
from mockgw.wire.restjson import WireResponse

#: The logger every part of mockgw writes to (the server's request log is ``mockgw.server``).
log = logging.getLogger("mockgw")

_DEBUG = logging.DEBUG
_debug_enabled = log.isEnabledFor  # a cached level check: one dict lookup when DEBUG is off

#: How many calls a world keeps; the oldest are dropped first.
MAX_CALLS = 100_000

#: The doors a call can come through.
DOORS = ("botocore", "requests", "server")

#: The operation name a data-plane call is recorded under (IAM's action: execute-api:Invoke).
INVOKE = "Invoke"

# An entry: [seq, door, service, operation, account, region, method, path, answer, source, call]
# where ``source`` is what the parameters are parsed from when first read, and ``call`` the
# :class:`Call` built from the entry then (None until read).
_SEQ, _CALL = 0, 10


@dataclass(frozen=True)
class Call:
    """One answered request."""

    #: ``"apigateway"``, ``"appsync"``, or a data plane's endpoint prefix (``"execute-api"``)
    service: str
    #: botocore's operation name (``"CreateApiKey"``); ``"Invoke"`` for a call to a deployed
    #: API; None when the request matched no operation of the service
    operation: str | None
    #: the operation's input as the handler saw it, keyed by member name as the model spells it
    #: (``{"name": "ci", "enabled": True}``); ``{}`` when the request could not be parsed. A
    #: data-plane call has ``apiId``, ``httpMethod``, ``path``, ``headers`` and ``body``.
    params: dict[str, Any]
    account_id: str
    region: str
    #: the HTTP status of the answer
    status: int
    #: the AWS error code of the answer (``"NotFoundException"``), None on success
    error: str | None
    #: the error message of the answer, None on success
    message: str | None
    #: which door the request came through: ``"botocore"`` (boto3, aiobotocore, the AWS CLI),
    #: ``"requests"`` (raw HTTP in-process) or ``"server"`` (``mockgw server``)
    door: str
    method: str
    path: str

    @property
    def ok(self) -> bool:
        """Whether the answer was a success (2xx or 3xx)."""
        return self.status < 400

    def __str__(self) -> str:
        what = f"{self.service}.{self.operation or '?'}"
        outcome = str(self.status) if self.error is None else f"{self.status} {self.error}"
        return f"{what}({_short(self.params)}) -> {outcome} [{self.door}, {self.region}]"

    def to_json(self) -> dict[str, Any]:
        """The call as JSON-able data (what ``GET /_mockgw/calls`` returns)."""
        return {
            "service": self.service,
            "operation": self.operation,
            "params": _jsonable(self.params),
            "accountId": self.account_id,
            "region": self.region,
            "status": self.status,
            "error": self.error,
            "message": self.message,
            "door": self.door,
            "method": self.method,
            "path": self.path,
        }


class CallLog:
    """A world's recorded calls (see the module docstring). Thread-safe: appends and reads
    are single operations on a deque."""

    __slots__ = ("_entries", "_seq")

    def __init__(self, limit: int = MAX_CALLS) -> None:
        self._entries: deque[list[Any]] = deque(maxlen=limit)
        self._seq = itertools.count(1)

    def add(
        self,
        door: str,
        service: str,
        operation: str | None,
        account_id: str,
        region: str,
        method: str,
        path: str,
        answer: WireResponse,
        source: Any,
    ) -> None:
        """Record one answered call. ``source``: a :class:`ApiSource`-like tuple the params are
        parsed from on first read, or a callable returning them."""
        self._entries.append(
            [next(self._seq), door, service, operation, account_id, region, method, path,
             answer, source, None]
        )  # fmt: skip
        if _debug_enabled(_DEBUG):
            _log_answer(door, service, operation, account_id, region, method, path, answer)

    def mark(self) -> int:
        """A point in the log: :meth:`since` it gives only the calls recorded after it."""
        return next(self._seq)

    def since(self, mark: int = 0, services: Iterable[str] | None = None) -> list[Call]:
        """The calls recorded after ``mark``, oldest first, of ``services`` (None: all)."""
        wanted = None if services is None else frozenset(services)
        found = []
        for entry in list(self._entries):
            if entry[_SEQ] <= mark or (wanted is not None and entry[2] not in wanted):
                continue
            call = entry[_CALL]
            if call is None:
                call = entry[_CALL] = _build(entry)
            found.append(call)
        return found

    def clear(self) -> int:
        """Forget every call; returns how many there were."""
        count = len(self._entries)
        self._entries.clear()
        return count

    def __len__(self) -> int:
        return len(self._entries)


class Calls(Sequence[Call]):
    """Recorded calls, oldest first, with filters and assertions that read well in a test::

        m.calls.filter(operation="CreateApiKey").assert_called_once_with(name="ci")
        m.calls.filter("apigateway", "DeleteApiKey").assert_not_called()
        assert [c.error for c in m.calls if not c.ok] == ["NotFoundException"]

    Parameters are compared by the names the model gives them; the ones an assertion names must
    be equal, the others are not compared.
    """

    __slots__ = ("_calls", "_what")

    def __init__(self, calls: Iterable[Call] = (), what: str = "calls") -> None:
        self._calls = list(calls)
        self._what = what

    # ---- a read-only sequence
    @overload
    def __getitem__(self, index: int) -> Call: ...
    @overload
    def __getitem__(self, index: slice) -> Calls: ...
    def __getitem__(self, index: int | slice) -> Call | Calls:
        if isinstance(index, slice):
            return Calls(self._calls[index], self._what)
        return self._calls[index]

    def __len__(self) -> int:
        return len(self._calls)

    def __iter__(self) -> Iterator[Call]:
        return iter(self._calls)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Calls):
            return self._calls == other._calls
        if isinstance(other, (list, tuple)):
            return self._calls == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} {self._what}>" if self._calls else f"<no {self._what}>"

    def __str__(self) -> str:
        return self._describe()

    # ---- filters
    def filter(
        self,
        service: str | None = None,
        operation: str | None = None,
        *,
        door: str | None = None,
        region: str | None = None,
        account_id: str | None = None,
        error: str | None = None,
        ok: bool | None = None,
        where: Callable[[Call], bool] | None = None,
    ) -> Calls:
        """The calls that match every criterion given (None: any). ``error`` is an AWS error
        code; ``ok`` keeps the successes (True) or the errors (False); ``where`` is any test of
        a :class:`Call`."""
        wanted = {
            "service": service,
            "operation": operation,
            "door": door,
            "region": region,
            "account_id": account_id,
            "error": error,
        }
        criteria = {k: v for k, v in wanted.items() if v is not None}
        kept = [
            call
            for call in self._calls
            if all(getattr(call, k) == v for k, v in criteria.items())
            and (ok is None or call.ok == ok)
            and (where is None or where(call))
        ]
        named = [str(v) for v in (service, operation) if v is not None]
        named += [f"{k}={v!r}" for k, v in criteria.items() if k not in ("service", "operation")]
        named += [f"ok={ok}"] if ok is not None else []
        named += ["where=..."] if where is not None else []
        what = f"calls to {'.'.join(named[:2])}" if named else self._what
        if len(named) > 2:
            what += f" ({', '.join(named[2:])})"
        return Calls(kept, what)

    def with_params(self, **params: Any) -> Calls:
        """The calls whose parameters include these (equal values)."""
        return Calls([c for c in self._calls if _includes(c.params, params)], self._what)

    @property
    def last(self) -> Call:
        """The newest call (AssertionError when there is none)."""
        if not self._calls:
            raise AssertionError(f"expected {self._what}, but there were none")
        return self._calls[-1]

    # ---- assertions
    def assert_called(self) -> Calls:
        """At least one call; returns them."""
        if not self._calls:
            raise AssertionError(f"expected {self._what}, but there were none")
        return self

    def assert_called_once(self) -> Call:
        """Exactly one call; returns it."""
        if len(self._calls) != 1:
            raise AssertionError(
                f"expected 1 of {self._what}, got {len(self._calls)}{self._listing()}"
            )
        return self._calls[0]

    def assert_called_times(self, count: int) -> Calls:
        """Exactly ``count`` calls; returns them."""
        if len(self._calls) != count:
            raise AssertionError(
                f"expected {count} of {self._what}, got {len(self._calls)}{self._listing()}"
            )
        return self

    def assert_not_called(self) -> None:
        """No call at all."""
        if self._calls:
            raise AssertionError(
                f"expected no {self._what}, got {len(self._calls)}{self._listing()}"
            )

    def assert_called_with(self, **params: Any) -> Call:
        """The newest call's parameters include these; returns it."""
        call = self.last
        if not _includes(call.params, params):
            raise AssertionError(
                f"expected the last of {self._what} with {_short(params)}, "
                f"but it had {_short(call.params)}{_difference(call.params, params)}"
            )
        return call

    def assert_called_once_with(self, **params: Any) -> Call:
        """Exactly one call, and its parameters include these; returns it."""
        self.assert_called_once()
        return self.assert_called_with(**params)

    def assert_any_call(self, **params: Any) -> Call:
        """Some call's parameters include these; returns the newest such call."""
        for call in reversed(self._calls):
            if _includes(call.params, params):
                return call
        raise AssertionError(f"expected one of {self._what} with {_short(params)}{self._listing()}")

    # ---- rendering
    def _listing(self) -> str:
        if not self._calls:
            return ""
        shown = self._calls[-20:]
        skipped = len(self._calls) - len(shown)
        lines = [f"\n  {n}. {c}" for n, c in enumerate(shown, start=skipped + 1)]
        return (f":\n  ... {skipped} older" if skipped else ":") + "".join(lines)

    def _describe(self) -> str:
        return f"{len(self._calls)} {self._what}{self._listing()}"


# --------------------------------------------------------------------------- building calls


def _build(entry: list[Any]) -> Call:
    _, door, service, operation, account, region, method, path, answer, source, _ = entry
    error, message = _error_of(answer)
    return Call(
        service=service,
        operation=operation,
        params=_params_of(source),
        account_id=account,
        region=region,
        status=answer.status,
        error=error,
        message=message,
        door=door,
        method=method,
        path=path,
    )


def _params_of(source: Any) -> dict[str, Any]:
    if source is None:
        return {}
    if callable(source):
        return dict(source())
    from mockgw.wire.restjson import parse_request

    spec, operation_name, uri_params, query, headers, body = source
    try:
        return parse_request(spec, spec.operation(operation_name), uri_params, query, headers, body)
    except ServiceError:  # the call failed validation: the handler never saw parameters
        return {}


def _error_of(answer: WireResponse) -> tuple[str | None, str | None]:
    if answer.status < 400:
        return None, None
    code = None
    for name, value in answer.headers.items():
        if name.lower() == "x-amzn-errortype":
            code = str(value).split(":", 1)[0]
            break
    message = None
    try:
        document = json.loads(answer.body) if answer.body else None
    except ValueError:
        document = None
    if isinstance(document, dict):
        found = document.get("message", document.get("Message"))
        message = found if isinstance(found, str) else None
        if code is None and isinstance(document.get("__type"), str):
            code = document["__type"].rsplit("#", 1)[-1]
    return code, message


def _includes(params: Mapping[str, Any], wanted: Mapping[str, Any]) -> bool:
    missing = object()
    return all(params.get(k, missing) == v for k, v in wanted.items())


def _difference(params: Mapping[str, Any], wanted: Mapping[str, Any]) -> str:
    missing = object()
    lines = []
    for name, value in wanted.items():
        found = params.get(name, missing)
        if found is missing:
            lines.append(f"\n  {name}: expected {value!r}, not sent")
        elif found != value:
            lines.append(f"\n  {name}: expected {value!r}, got {found!r}")
    return "".join(lines)


def _short(params: Mapping[str, Any], limit: int = 200) -> str:
    text = ", ".join(f"{k}={v!r}" for k, v in params.items())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode()
        except UnicodeDecodeError:
            return base64.b64encode(bytes(value)).decode()
    return str(value)


# --------------------------------------------------------------------------- logging


def _log_answer(
    door: str,
    service: str,
    operation: str | None,
    account: str,
    region: str,
    method: str,
    path: str,
    answer: WireResponse,
) -> None:
    error, message = _error_of(answer)
    outcome = str(answer.status) if error is None else f"{answer.status} {error}: {message}"
    log.debug(
        "answered %s.%s (%s %s) for account %s in %s via %s: %s",
        service,
        operation or "?",
        method,
        path,
        account,
        region,
        door,
        outcome,
    )


def log_refusal(message: str) -> None:
    """Say at DEBUG that a request was refused (never sent, or not implemented)."""
    log.debug("refused: %s", message)
