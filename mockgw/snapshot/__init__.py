"""Every backend's state as plain JSON data, and back.

Two forms, both generic (nothing here knows a resource by name, so new backends and new fields
need no change here):

* the **view** (:func:`dump`, the server's ``GET /_mockgw/state``): dataclasses become objects
  (public fields only, derived ones left out), a
  :class:`~mockgw.services._shared.store.Store` becomes the list of its items in creation order,
  mappings become objects, sequences and sets become lists, timestamps ISO-8601 strings and
  bytes base64. Easy to read and assert on; not enough to rebuild the state.
* the **snapshot** (:func:`snapshot` / :func:`restore`, ``Mock.snapshot()``, ``mockgw server
  --state``): ``dump(world, exact=True)`` keeps everything the state is made of, and
  :func:`from_jsonable` rebuilds it from the dataclasses' type hints. A ``Store`` keeps its ids
  and creation sequence numbers (so the pagination tokens handed out before a snapshot still
  work after a restore, and new items still list after old ones), a mapping whose keys are not
  all strings becomes a list of ``[key, value]`` pairs, datetimes keep their time zone (or lack
  of one), and a value the snapshot cannot represent is an error, never a silent ``repr``.

Values typed ``Any`` are restored as the JSON they were saved as (a tuple comes back a list).

Version 2 writes a ``Store`` of dataclasses as a table (``"fields"``, then ``"rows"``); version
1 files (an object per item) are still read. Both are encoded and decoded by code made per type
(:mod:`.compiled`), the generic functions (:mod:`.values`) being the reference it agrees with.

A snapshot is accepted only if it describes a consistent world: every member present and of its
type, nothing nested deeper than :data:`~.values.MAX_DEPTH` where a value is free-form, each
item stored under its own id, and the references each service checks (``check`` in its
definition: a usage plan's keys exist, a resource's parent exists...). The first problem is the
error; the running state is not touched.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from mockgw.services import SERVICES, definition
from mockgw.snapshot.compiled import check_depth, encoder, from_exact
from mockgw.snapshot.files import fsync_directory, write_bytes
from mockgw.snapshot.values import (
    MAX_DEPTH,
    SnapshotError,
    from_jsonable,
    to_jsonable,
)
from mockgw.snapshot.view import view_of_exact
from mockgw.state import World

__all__ = [
    "FORMAT",
    "MAX_DEPTH",
    "VERSION",
    "SnapshotError",
    "check_depth",
    "dump",
    "dumps",
    "from_jsonable",
    "fsync_directory",
    "load",
    "restore",
    "save",
    "snapshot",
    "to_jsonable",
    "write_bytes",
    "write_json",
]

#: What :func:`snapshot` writes in ``format``, and the version of its layout.
FORMAT = "mockgw-snapshot"
VERSION = 2
READS = (1, 2)


# ------------------------------------------------------------------------------ the world


def dump(world: World, *, exact: bool = False) -> dict[str, Any]:
    """``{service: {account_id: {region: state}}}`` for every backend of ``world``.

    Each backend is copied under its own lock (the exact form: what the state is made of, fast),
    so a dump taken while requests are being served shows every backend in a state it really
    had, and the view (``exact=False``) is made from the copy after the lock is released.
    ``exact``: the lossless form :func:`restore` takes (see the module docstring).
    """
    out: dict[str, Any] = {}
    backends = sorted(world.backends(), key=lambda b: (b.service, b.account_id, b.region))
    for backend in backends:
        kind = type(backend.state)
        encode = encoder(kind)
        with no_gc(), backend.lock:
            data = encode(backend.state)
        if not exact:
            with no_gc():
                data = view_of_exact(data, kind)
        out.setdefault(backend.service, {}).setdefault(backend.account_id, {})[backend.region] = (
            data
        )
    return out


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic garbage collector off while many objects are made (none of them in a
    cycle): with a large state, its passes over every live object would cost more than the
    work itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def dumps(world: World, **options: Any) -> str:
    """:func:`dump` as a JSON document; ``options`` go to :func:`json.dumps`."""
    return json.dumps(dump(world), **options)


def snapshot(world: World) -> dict[str, Any]:
    """Everything ``world`` holds, as JSON data :func:`restore` rebuilds it from."""
    return {"format": FORMAT, "version": VERSION, "state": dump(world, exact=True)}


def restore(world: World, data: Any, record: bytes | None = None) -> None:
    """Make ``world`` hold exactly what :func:`snapshot` saved: every (service, account, region)
    backend is rebuilt, and backends the snapshot does not have are dropped. Injected faults
    are not state and stay as they are. Nothing changes if the snapshot is invalid.

    ``record``: ``data`` as JSON text, if the caller has it, for the world's journal (without
    it, a world with a journal serializes ``data`` again)."""
    with no_gc():
        states = _states(data)
    if world.journal is not None and record is None:
        record = json.dumps(data, separators=(",", ":")).encode()
    world.replace(states, record or b"")


def _states(data: Any) -> dict[tuple[str, str, str], Any]:
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise SnapshotError(
            f'not a mockgw snapshot (a JSON object with "format": {FORMAT!r}, made by '
            "Mock.snapshot(), Mock.save() or `mockgw server --state`)"
        )
    if data.get("version") not in READS:
        raise SnapshotError(
            f"mockgw snapshot version {data.get('version')!r} is not supported; this mockgw "
            f"reads versions {', '.join(map(str, READS))}"
        )
    tree = data.get("state")
    if not isinstance(tree, Mapping):
        raise SnapshotError('the snapshot\'s "state" must be an object')
    states: dict[tuple[str, str, str], Any] = {}
    for service, accounts in tree.items():
        if service not in SERVICES:
            raise SnapshotError(f"the snapshot has state for {service!r}; mockgw mocks {SERVICES}")
        if not isinstance(accounts, Mapping):
            raise SnapshotError(f"state.{service} must be an object of accounts")
        service_definition = definition(service)
        for account_id, regions in accounts.items():
            if not isinstance(regions, Mapping):
                raise SnapshotError(f"state.{service}.{account_id} must be an object of regions")
            for region, state in regions.items():
                where = f"state.{service}.{account_id}.{region}"
                kind = type(service_definition.new_state(account_id, region))
                made = from_exact(state, kind, where)
                if (made.account_id, made.region) != (account_id, region):
                    raise SnapshotError(
                        f"{where}: the state says it is account {made.account_id!r}, region "
                        f"{made.region!r}"
                    )
                if service_definition.rebuild is not None:
                    service_definition.rebuild(made)
                check = service_definition.check
                for problem in check(made) if check is not None else ():
                    raise SnapshotError(f"{where}: {problem}")
                states[(service, account_id, region)] = made
    return states


def save(world: World, path: str | os.PathLike[str]) -> None:
    """Write :func:`snapshot` to ``path`` atomically (see :func:`write_bytes`)."""
    write_json(path, snapshot(world))


def write_json(path: str | os.PathLike[str], data: Any) -> None:
    """Write ``data`` as JSON to ``path`` atomically (see :func:`write_bytes`)."""
    write_bytes(path, json.dumps(data, separators=(",", ":"), allow_nan=False).encode())


def load(world: World, path: str | os.PathLike[str]) -> None:
    """:func:`restore` ``world`` from a file :func:`save` wrote."""
    where = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise SnapshotError(f"cannot read the mockgw snapshot {where!r}: {error}") from None
    data = parse(raw, repr(where))
    try:
        restore(world, data)
    except SnapshotError as error:
        raise SnapshotError(f"{where!r}: {error}") from None


def parse(raw: bytes, where: str) -> Any:
    """A snapshot file's bytes as JSON data; a :class:`SnapshotError` (one line) if they are
    not JSON text (binary, cut short, nested too deep, ``NaN``...)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SnapshotError(f"{where} is not a mockgw snapshot (not UTF-8 text: {error})") from None
    try:
        with no_gc():
            return json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise SnapshotError(f"{where} is not a mockgw snapshot (JSON nested too deep)") from None
    except ValueError as error:
        raise SnapshotError(f"{where} is not JSON: {error}") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text} is too large a number")
    return value
