"""``/_mockgw/*``: the endpoints a test talks to on ``mockgw server`` (not AWS's).

``GET health``, ``GET state`` (every backend as JSON, see :mod:`mockgw.snapshot`), ``POST
reset`` (resources, faults and recorded calls); ``GET``/``POST``/``DELETE faults`` and
``GET``/``DELETE faults/{id}`` (see :mod:`mockgw.faults`); ``GET``/``PUT snapshot`` (the exact
state); ``GET``/``DELETE calls`` (the recorded calls, see :mod:`mockgw.calls`; ``GET`` takes
the filters ``service``, ``operation``, ``door``, ``region``, ``accountId`` and ``error`` as
query parameters); ``GET operations`` (the supported operations, per service).
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import parse_qs

from mockgw import faults, snapshot
from mockgw._http import error_response, json_response
from mockgw.calls import Calls
from mockgw.errors import MockgwError
from mockgw.services import SERVICES, definition
from mockgw.state import World
from mockgw.wire.restjson import WireResponse

ADMIN_PREFIX = "/_mockgw/"


def answer(
    world: World, method: str, path: str, body: bytes = b"", query: str = ""
) -> WireResponse:
    """The answer to a request whose path starts with ``/_mockgw/``."""
    name = path[len(ADMIN_PREFIX) :].strip("/")
    if name in ("calls", "operations"):
        return _introspection(world, method, name, query)
    if name.startswith(("faults", "snapshot")):
        status, data = _extra(world, method, name, body)
        return json_response(status, data) if status < 400 else error_response(status, data)
    allowed = {"health": ("GET", "HEAD"), "state": ("GET", "HEAD"), "reset": ("POST",)}
    if name not in allowed:
        return error_response(
            404,
            f"Unknown mockgw endpoint {path}; there are {ADMIN_PREFIX}health (GET), "
            f"{ADMIN_PREFIX}state (GET), {ADMIN_PREFIX}reset (POST), {ADMIN_PREFIX}calls "
            f"(GET, DELETE), {ADMIN_PREFIX}operations (GET), {ADMIN_PREFIX}faults and "
            f"{ADMIN_PREFIX}snapshot",
        )
    if method not in allowed[name]:
        refused = error_response(405, f"{path} accepts {' or '.join(allowed[name])}")
        refused.headers["Allow"] = ", ".join(allowed[name])
        return refused
    if name == "health":
        operations = {s: len(definition(s).handlers) for s in SERVICES}
        return json_response(200, {"status": "running", "operations": operations})
    if name == "state":
        return json_response(200, snapshot.dump(world))
    world.reset()
    return json_response(200, {"reset": True})


#: ``GET /_mockgw/calls`` query parameters -> ``Calls.filter`` arguments
_CALL_FILTERS = {
    "service": "service",
    "operation": "operation",
    "door": "door",
    "region": "region",
    "accountId": "account_id",
    "error": "error",
}


def _introspection(world: World, method: str, name: str, query: str) -> WireResponse:
    """``calls`` (GET with filters, DELETE) and ``operations`` (GET)."""
    allowed = ("GET", "HEAD", "DELETE") if name == "calls" else ("GET", "HEAD")
    if method not in allowed:
        refused = error_response(405, f"{ADMIN_PREFIX}{name} accepts {' or '.join(allowed)}")
        refused.headers["Allow"] = ", ".join(allowed)
        return refused
    if name == "operations":
        operations = {s: sorted(definition(s).handlers) for s in SERVICES}
        return json_response(200, {"operations": operations})
    if method == "DELETE":
        return json_response(200, {"cleared": world.calls.clear()})
    given = parse_qs(query, keep_blank_values=True) if query else {}
    unknown = sorted(set(given) - set(_CALL_FILTERS))
    if unknown:
        return error_response(
            400,
            f"{ADMIN_PREFIX}calls: unknown filter {unknown[0]!r}; the filters are "
            f"{', '.join(_CALL_FILTERS)}",
        )
    criteria: dict[str, Any] = {_CALL_FILTERS[k]: v[-1] for k, v in given.items()}
    calls = Calls(world.calls.since()).filter(**criteria)
    return json_response(200, {"calls": [call.to_json() for call in calls]})


def _extra(world: World, method: str, name: str, body: bytes) -> tuple[int, Any]:
    """``faults[/{id}]`` and ``snapshot``: (status, JSON data or a message)."""
    try:
        if name == "snapshot":
            if method in ("GET", "HEAD"):
                return 200, snapshot.snapshot(world)
            if method == "PUT":
                data = snapshot.parse(body or b"null", "the snapshot")
                snapshot.restore(world, data, record=body)
                return 200, {"restored": True}
            return 405, f"{ADMIN_PREFIX}snapshot accepts GET or PUT"
        return _faults(world, method, name, body)
    except (ValueError, RecursionError) as error:  # not JSON
        return 400, f"{ADMIN_PREFIX}{name}: the body is not JSON: {_reason(error)}"
    except MockgwError as error:
        return 400, str(error)


def _json(body: bytes) -> Any:
    """A request body as JSON: ``NaN``, ``Infinity`` and numbers too large for a double are
    refused (ValueError), and so is nesting too deep to read (RecursionError)."""
    return json.loads(body or b"null", parse_constant=_no_constant, parse_float=_finite)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large a number")
    return value


def _reason(error: Exception) -> str:
    return "it nests too deep" if isinstance(error, RecursionError) else str(error)


def _faults(world: World, method: str, name: str, body: bytes) -> tuple[int, Any]:
    """The server's ``/_mockgw/faults`` endpoints: (HTTP status, JSON data or an error message).

    ``GET faults`` lists them; ``POST faults`` adds one (a JSON object with the keyword
    arguments of :meth:`mockgw.Mock.inject_fault`); ``DELETE faults`` removes them all;
    ``GET``/``DELETE faults/{id}`` reads or removes one.
    """
    if name == "faults":
        if method in ("GET", "HEAD"):
            return 200, {"faults": [f.describe() for f in faults.faults_of(world)]}
        if method == "POST":
            fault = faults.add(world, faults.build(**faults.from_json(_json(body))))
            return 201, fault.describe()
        if method == "DELETE":
            count = len(faults.faults_of(world))
            faults.clear(world)
            return 200, {"cleared": count}
        return 405, "/_mockgw/faults accepts GET, POST or DELETE"
    _, _, wanted = name.partition("/")
    found = [f for f in faults.faults_of(world) if str(f.id) == wanted]
    if not found or name != f"faults/{wanted}":
        return 404, f"no fault {wanted!r}; GET /_mockgw/faults lists them"
    if method in ("GET", "HEAD"):
        return 200, found[0].describe()
    if method == "DELETE":
        found[0].remove()
        return 200, {"removed": found[0].id}
    return 405, f"/_mockgw/faults/{wanted} accepts GET or DELETE"
