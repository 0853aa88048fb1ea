"""What the journal records of each acknowledged write, and how a record is made again.

Four kinds of record, each one frame (:mod:`.frames`):

``op``
    a control-plane call that may have changed state: the backend (service, account, region),
    the operation, the request as the parser read it (URI parameters, query, the headers the
    operation's input reads, the body as sent) and the tape (:mod:`mockgw.tape`: the random
    bits and clock readings the handler drew). Replay parses the request again and runs the
    same handler on the same tape, so it makes the same change, ids and timestamps included.
    The request, not the parsed input, is kept: its encoding is exact with no per-type code
    (bytes, timestamps), and the parser is deterministic.
``fx``
    the changes a data-plane call made (API Gateway's usage metering), as the plane noted them;
    replay hands them to the plane's ``replay``. The call itself is not kept: its throttle
    buckets are not state, so replaying it could decide differently.
``reset`` / ``restore``
    the whole world emptied, or replaced by a snapshot (the frame's body).

Reads are not recorded, so a read may change only what the clock decides anyway (AppSync drops
expired keys when it lists them; after a replay, the next read drops them again).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from mockgw import snapshot, tape
from mockgw.errors import ServiceError
from mockgw.journal.frames import JournalError, Record
from mockgw.services import SERVICES, definition
from mockgw.state import Backend, World
from mockgw.wire import model
from mockgw.wire.restjson import parse_request

OP, EFFECTS, RESET, RESTORE = "op", "fx", "reset", "restore"

#: operation model -> (header names it reads, header name prefixes it reads)
_header_plans: dict[Any, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _headers_read(operation: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    found = _header_plans.get(operation)
    if found is None:
        names: list[str] = []
        prefixes: list[str] = []
        shape = operation.input_shape
        for name, member in shape.members.items() if shape is not None else ():
            location = member.serialization.get("location")
            wire = member.serialization.get("name", name).lower()
            if location == "header":
                names.append(wire)
            elif location == "headers":
                prefixes.append(wire)
        found = _header_plans[operation] = (tuple(names), tuple(prefixes))
    return found


def _dumps(head: dict[str, Any]) -> bytes:
    return json.dumps(head, separators=(",", ":"), allow_nan=False).encode()


def op_head(
    backend: Backend,
    operation: Any,
    uri: Mapping[str, str],
    query: Mapping[str, list[str]],
    headers: Mapping[str, str],
    recorded: tape.Tape,
) -> bytes:
    names, prefixes = _headers_read(operation)
    kept: dict[str, str] = {}
    if names or prefixes:
        for name, value in headers.items():
            if name in names or (prefixes and name.startswith(prefixes)):
                kept[name] = value
    head: dict[str, Any] = {
        "k": OP,
        "s": backend.service,
        "a": backend.account_id,
        "r": backend.region,
        "o": operation.name,
    }
    if uri:
        head["u"] = dict(uri)
    if query:
        head["q"] = {k: list(v) for k, v in query.items()}
    if kept:
        head["h"] = kept
    if recorded.bits:
        head["b"] = recorded.bits
    if recorded.times:
        head["t"] = recorded.times
    return _dumps(head)


def effects_head(backend: Backend, changes: list[Any]) -> bytes:
    head: dict[str, Any] = {"k": EFFECTS, "s": backend.service, "a": backend.account_id}
    head["r"] = backend.region
    head["x"] = changes
    return _dumps(head)


def world_head(kind: str) -> bytes:
    return _dumps({"k": kind})


# ------------------------------------------------------------------------------ replay


class Replayer:
    """Applies records to a world, in order. ``diverged`` counts the records that did not
    replay as they ran (code changed since they were written); ``first_divergence`` says how."""

    def __init__(self, world: World, where: str) -> None:
        tape.enable()  # ids and clock must read the tapes replayed on this thread
        self.world = world
        self.where = where
        self.applied = 0
        self.diverged = 0
        self.first_divergence: str | None = None

    def apply(self, record: Record) -> None:
        head = record.head
        kind = head.get("k")
        try:
            if kind == OP:
                self._op(record)
            elif kind == EFFECTS:
                self._effects(record)
            elif kind == RESET:
                self.world.reset()
            elif kind == RESTORE:
                self._restore(record)
            else:
                raise JournalError(f"unknown record kind {kind!r}")
        except JournalError as error:
            raise JournalError(f"{self.where}: record {record.seq}: {error}") from None
        except snapshot.SnapshotError as error:
            raise JournalError(f"{self.where}: record {record.seq}: {error}") from None
        self.applied += 1

    def _diverge(self, record: Record, how: str) -> None:
        self.diverged += 1
        if self.first_divergence is None:
            self.first_divergence = f"record {record.seq}: {how}"

    def _backend(self, head: Mapping[str, Any]) -> Backend:
        service, account, region = head.get("s"), head.get("a"), head.get("r")
        if service not in SERVICES:
            raise JournalError(f"unknown service {service!r}")
        if not isinstance(account, str) or not isinstance(region, str):
            raise JournalError("account and region must be strings")
        return self.world.backend(service, account, region)

    def _op(self, record: Record) -> None:
        head = record.head
        backend = self._backend(head)
        name = head.get("o")
        handler = definition(backend.service).handlers.get(name) if isinstance(name, str) else None
        if handler is None or not isinstance(name, str):
            raise JournalError(f"{backend.service} has no operation {name!r}")
        uri, query, headers = head.get("u", {}), head.get("q", {}), head.get("h", {})
        bits, times = head.get("b", []), head.get("t", [])
        if not (
            _strings(uri)
            and _strings(headers)
            and isinstance(query, dict)
            and all(
                isinstance(v, list) and all(isinstance(x, str) for x in v) for v in query.values()
            )
            and isinstance(bits, list)
            and all(isinstance(b, int) and not isinstance(b, bool) and b >= 0 for b in bits)
            and isinstance(times, list)
            and all(isinstance(t, (int, float)) and not isinstance(t, bool) for t in times)
        ):
            raise JournalError("malformed operation record")
        spec = model.spec(backend.service)
        operation = spec.operation(name)
        try:
            params = parse_request(spec, operation, uri, query, headers, record.body)
        except ServiceError as error:
            self._diverge(record, f"{name}'s request no longer parses: {error}")
            return
        played = tape.play(tape.Tape(bits, [float(t) for t in times]))
        try:
            with backend.lock:
                handler(backend.state, params)
        except ServiceError as error:
            self._diverge(record, f"{name} failed on replay: {error.code}: {error}")
        except Exception:
            pass
        finally:
            tape.stop()
        if played.diverged:
            self._diverge(record, f"{name} drew more random bits or clock readings than it did")

    def _effects(self, record: Record) -> None:
        head = record.head
        backend = self._backend(head)
        changes = head.get("x")
        plane = definition(backend.service).data_plane
        if plane is None or not isinstance(changes, list):
            raise JournalError("malformed data-plane record")
        with backend.lock:
            for change in changes:
                try:
                    plane.replay(backend.state, change)
                except (ValueError, TypeError, KeyError) as error:
                    self._diverge(record, f"a data-plane change did not apply: {error}")

    def _restore(self, record: Record) -> None:
        try:
            data = json.loads(record.body)
        except (ValueError, RecursionError) as error:
            raise JournalError(f"the restored snapshot is not JSON: {error}") from None
        snapshot.restore(self.world, data)


def _strings(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )
