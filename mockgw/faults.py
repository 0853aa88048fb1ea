"""Fault injection: make chosen operations fail, or answer slowly, on purpose.

A test registers a :class:`Fault` for ``(service, operation)`` (names as botocore spells them;
``"*"`` is every operation of the service). The dispatcher asks the world's fault table about
every call *after* routing it and *before* running its handler, so a failed call changes no
state, exactly like a throttled call on AWS. The answer is a real AWS error in the service's
wire form (``x-amzn-ErrorType`` + ``{"message"}``, with the error shape's HTTP status), so
botocore's own retry logic (legacy, standard or adaptive) runs as it would against AWS.

Which calls a fault hits: it counts the calls that match it from the moment it is added; the
first ``after`` of them pass, then the next ``times`` of them are hit (``times=None``: every
one until the fault is removed).

Costs: when no fault is registered the world's table is ``None`` and the dispatcher's check is
one attribute load.

Delays are real wall-clock waits, taken *outside* every lock (other threads and other server
connections are not held up). They wait on a lock with a timeout rather than calling
``time.sleep``: tests commonly stub ``time.sleep`` (globally) to skip botocore's retry backoff,
and a slow answer must stay slow then; freezegun never touches either, so under ``freeze_time``
the wait is real while the frozen clock (``clock.now()``, ``time.perf_counter()``) does not
move. In-process, a delay blocks the calling thread (there is no socket for botocore's
``read_timeout`` to expire on); on the server, a delay longer than the client's
``read_timeout`` gives botocore's ``ReadTimeoutError``, which it retries.
"""

from __future__ import annotations

import html
import itertools
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any

from mockgw.errors import MockgwError, ServiceError
from mockgw.services import SERVICES

if TYPE_CHECKING:
    from mockgw.state import World

__all__ = ["COMMON_ERRORS", "Fault", "FaultTable", "add", "clear", "from_json"]

#: Never set: waiting on it is a sleep nothing can stub or freeze (see the module docstring).
_never = threading.Event()


def _sleep(seconds: float) -> None:
    _never.wait(seconds)


#: Errors every AWS service may return although its model does not list them ("Common Errors"
#: in each service's API reference), with their HTTP status. botocore retries the 5xx ones and
#: the throttling ones.
COMMON_ERRORS: dict[str, tuple[int, str]] = {
    "AccessDeniedException": (400, "You do not have sufficient access to perform this action."),
    "IncompleteSignature": (400, "The request signature does not conform to AWS standards."),
    "InternalFailure": (
        500,
        "The request processing has failed because of an unknown error, exception or failure.",
    ),
    "InvalidClientTokenId": (
        403,
        "The X.509 certificate or AWS access key ID provided does not exist in our records.",
    ),
    "NotAuthorized": (400, "You do not have permission to perform this action."),
    "RequestExpired": (
        400,
        "The request reached the service more than 15 minutes after the date stamp on the "
        "request or more than 15 minutes after the request expiration date.",
    ),
    "ServiceUnavailable": (
        503,
        "The request has failed due to a temporary failure of the server.",
    ),
    "ThrottlingException": (400, "Rate exceeded"),
    "ValidationError": (
        400,
        "The input fails to satisfy the constraints specified by an AWS service.",
    ),
}

#: The longest delay a fault may add, in seconds (chosen: longer than any client waits).
MAX_DELAY = 3600.0

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_ids = itertools.count(1)


@dataclass(eq=False)
class Fault:
    """One injected fault; the handle :meth:`mockgw.Mock.inject_fault` returns.

    ``calls`` counts the matching calls seen since it was added, ``hits`` the ones it failed
    or slowed. :meth:`remove` takes it out; used as a context manager it removes itself on exit.
    """

    service: str
    operation: str  # botocore's name, or "*"
    error: str | None  # the AWS error code, or None for a delay alone
    status: int
    message: str
    times: int | None = None
    after: int = 0
    delay: float = 0.0
    region: str | None = None  # None: every region
    id: int = field(default_factory=lambda: next(_ids))
    calls: int = 0
    hits: int = 0
    _table: FaultTable | None = field(default=None, repr=False)

    @property
    def exhausted(self) -> bool:
        """True once it has hit all the calls it was meant to."""
        return self.times is not None and self.hits >= self.times

    def remove(self) -> None:
        """Stop this fault (a no-op if it was already removed or its world is gone)."""
        table = self._table
        if table is not None:
            table.remove(self)

    def describe(self) -> dict[str, Any]:
        """The fault as JSON data (what ``GET /_mockgw/faults`` lists)."""
        return {
            "id": self.id,
            "service": self.service,
            "operation": self.operation,
            "error": self.error,
            "status": self.status,
            "message": self.message,
            "times": self.times,
            "after": self.after,
            "delay": self.delay,
            "region": self.region,
            "calls": self.calls,
            "hits": self.hits,
        }

    def __enter__(self) -> Fault:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.remove()


class FaultTable:
    """A world's faults, by (service, operation). The world holds it only while it is not
    empty (``World.faults`` is ``None`` otherwise), so calls pay nothing when there are none."""

    def __init__(self, world: World) -> None:
        self._world = world
        self._lock = threading.Lock()
        self._faults: dict[tuple[str, str], list[Fault]] = {}

    def __len__(self) -> int:
        with self._lock:
            return sum(len(found) for found in self._faults.values())

    def all(self) -> list[Fault]:
        """Every fault, oldest first."""
        with self._lock:
            return sorted((f for found in self._faults.values() for f in found), key=_by_id)

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            fault._table = self
            self._faults.setdefault((fault.service, fault.operation), []).append(fault)
            self._world.faults = self
        return fault

    def remove(self, fault: Fault) -> None:
        with self._lock:
            found = self._faults.get((fault.service, fault.operation), [])
            if fault in found:
                found.remove(fault)
                if not found:
                    del self._faults[(fault.service, fault.operation)]
            fault._table = None
            if not self._faults and self._world.faults is self:
                self._world.faults = None

    def clear(self) -> None:
        with self._lock:
            for found in self._faults.values():
                for fault in found:
                    fault._table = None
            self._faults.clear()
            if self._world.faults is self:
                self._world.faults = None

    def apply(self, service: str | None, operation: str, region: str) -> ServiceError | None:
        """Count one call; sleep for the delays it hits; the error it must fail with, if any.

        Every matching fault counts the call; the delays of those that hit it add up; the
        oldest error among them is the answer."""
        if service is None:
            return None
        error: Fault | None = None
        delay = 0.0
        with self._lock:
            for key in ((service, operation), (service, "*")):
                for fault in self._faults.get(key, ()):
                    if fault.region is not None and fault.region != region:
                        continue
                    fault.calls += 1
                    if fault.calls <= fault.after or fault.exhausted:
                        continue
                    fault.hits += 1
                    delay += fault.delay
                    if fault.error is not None and (error is None or fault.id < error.id):
                        error = fault
        if delay > 0:
            _sleep(delay)  # outside the lock: a slow answer holds up no one else
        if error is None or error.error is None:
            return None
        return ServiceError(error.error, error.message, error.status)


def _shown(value: Any) -> str:
    """A value for a message: short, whatever it is (a fault may come from a hostile body)."""
    text = repr(value) if isinstance(value, (int, float, str, type(None))) else type(value).__name__
    return text if len(text) <= 80 else text[:77] + "..."


def _by_id(fault: Fault) -> int:
    return fault.id


def _table(world: World) -> FaultTable:
    table: FaultTable | None = world.fault_table
    if table is None:
        table = world.fault_table = FaultTable(world)
    return table


def add(world: World, fault: Fault) -> Fault:
    """Add a fault made by :func:`build` to ``world``."""
    return _table(world).add(fault)


def clear(world: World) -> None:
    """Remove every fault of ``world``."""
    table = world.fault_table
    if table is not None:
        table.clear()


def faults_of(world: World) -> list[Fault]:
    table = world.fault_table
    return [] if table is None else table.all()


def build(
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
    """A checked :class:`Fault`: names from botocore's model, a status and message from the
    error's shape (or :data:`COMMON_ERRORS`) unless given."""
    from mockgw.wire import model

    if service not in SERVICES:
        raise MockgwError(f"cannot inject a fault into {service!r}: mockgw mocks {list(SERVICES)}")
    spec = model.spec(service)
    names = spec.model.operation_names
    if operation != "*" and operation not in names:
        close = [n for n in names if n.lower() == operation.lower().replace("_", "")]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise MockgwError(
            f"{service} has no operation {operation!r}{hint}: name it as botocore does "
            f"(e.g. 'CreateApiKey'), or '*' for every operation"
        )
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise MockgwError(
            f"times must be a positive integer or None (every call), not {_shown(times)}"
        )
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise MockgwError(f"after must be an integer >= 0, not {_shown(after)}")
    if (
        isinstance(delay, bool)
        or not isinstance(delay, (int, float))
        or not 0 <= delay <= MAX_DELAY  # NaN compares false: refused too
    ):
        raise MockgwError(
            f"delay must be a number of seconds from 0 to {MAX_DELAY:g}, not {_shown(delay)}"
        )
    if message is not None and not isinstance(message, str):
        raise MockgwError(f"message must be a string, not {_shown(message)}")
    if region is not None and not isinstance(region, str):
        raise MockgwError(f"region must be a string or null, not {_shown(region)}")
    if error is None:
        if not delay:
            raise MockgwError("a fault needs an error code, a delay, or both")
        return Fault(service, operation, None, 0, "", times, after, float(delay), region)
    if error in spec.error_status:
        shape = spec.model.shape_for(error)
        default_status = spec.error_status[error]
        default_message = _SPACE.sub(" ", html.unescape(_TAG.sub("", shape.documentation)))
        default_message = default_message.strip() or error
    elif error in COMMON_ERRORS:
        default_status, default_message = COMMON_ERRORS[error]
    else:
        modeled = (
            sorted({s.name for s in spec.operation(operation).error_shapes})
            if operation != "*"
            else sorted(spec.error_status)
        )
        raise MockgwError(
            f"{error!r} is not an error of {service}: use one of its modeled errors "
            f"({', '.join(modeled) or 'none for this operation'}; all of the service's: "
            f"{', '.join(sorted(spec.error_status))}) or a common AWS error "
            f"({', '.join(COMMON_ERRORS)})"
        )
    if status is not None and (
        isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599
    ):
        raise MockgwError(f"status must be an HTTP error status (400-599), not {_shown(status)}")
    return Fault(
        service,
        operation,
        error,
        default_status if status is None else status,
        default_message if message is None else message,
        times,
        after,
        float(delay),
        region,
    )


_JSON_FIELDS = ("service", "operation", "error", "times", "after", "delay", "message", "status")


def from_json(data: Any) -> dict[str, Any]:
    """The keyword arguments of :func:`add` from a ``POST /_mockgw/faults`` body."""
    if not isinstance(data, Mapping):
        raise MockgwError(
            "a fault is a JSON object, e.g. "
            '{"service": "apigateway", "operation": "CreateApiKey", '
            '"error": "TooManyRequestsException", "times": 2}'
        )
    unknown = sorted(set(data) - {*_JSON_FIELDS, "region"})
    if unknown:
        known = [*_JSON_FIELDS, "region"]
        raise MockgwError(f"unknown fault fields {unknown}; a fault has {known}")
    for required in ("service", "operation"):
        if not isinstance(data.get(required), str):
            raise MockgwError(f"a fault needs {required!r} (a string)")
    if data.get("error") is not None and not isinstance(data["error"], str):
        raise MockgwError(
            f"error must be an AWS error code (a string), not {_shown(data['error'])}"
        )
    return dict(data)
