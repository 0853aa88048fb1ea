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
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as _dt
import enum
import json
import os
import stat
import tempfile
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mockgw.errors import MockgwError
from mockgw.services import SERVICES, definition
from mockgw.services._shared.store import Store
from mockgw.state import World

#: What :func:`snapshot` writes in ``format``, and the version of its layout.
FORMAT = "mockgw-snapshot"
VERSION = 1


class SnapshotError(MockgwError):
    """A state that cannot be saved exactly, or a snapshot that cannot be restored."""


# ------------------------------------------------------------------------------ the world


def dump(world: World, *, exact: bool = False) -> dict[str, Any]:
    """``{service: {account_id: {region: state}}}`` for every backend of ``world``.

    Each backend is read under its own lock, so a dump taken while requests are being served
    shows every backend in a state it really had. ``exact``: the lossless form
    :func:`restore` takes (see the module docstring).
    """
    out: dict[str, Any] = {}
    backends = sorted(world.backends(), key=lambda b: (b.service, b.account_id, b.region))
    for backend in backends:
        with backend.lock:
            data = to_jsonable(backend.state, exact=exact)
        out.setdefault(backend.service, {}).setdefault(backend.account_id, {})[backend.region] = (
            data
        )
    return out


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
    if data.get("version") != VERSION:
        raise SnapshotError(
            f"mockgw snapshot version {data.get('version')!r} is not supported; this mockgw "
            f"reads version {VERSION}"
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
        for account_id, regions in accounts.items():
            if not isinstance(regions, Mapping):
                raise SnapshotError(f"state.{service}.{account_id} must be an object of regions")
            for region, state in regions.items():
                kind = type(definition(service).new_state(account_id, region))
                where = f"state.{service}.{account_id}.{region}"
                states[(service, account_id, region)] = from_jsonable(state, kind, where)
    return states


def save(world: World, path: str | os.PathLike[str]) -> None:
    """Write :func:`snapshot` to ``path`` atomically (a temporary file in the same directory,
    flushed to disk, then renamed over ``path``): a crash leaves the old file or the new one."""
    write_json(path, snapshot(world))


def load(world: World, path: str | os.PathLike[str]) -> None:
    """:func:`restore` ``world`` from a file :func:`save` wrote."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        where = os.fspath(path)
        raise SnapshotError(f"cannot read the mockgw snapshot {where!r}: {error}") from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise SnapshotError(f"{os.fspath(path)!r} is not JSON: {error}") from None
    try:
        restore(world, data)
    except SnapshotError as error:
        raise SnapshotError(f"{os.fspath(path)!r}: {error}") from None


def write_json(path: str | os.PathLike[str], data: Any) -> None:
    """Write ``data`` as JSON to ``path`` atomically (see :func:`write_bytes`)."""
    write_bytes(path, json.dumps(data, separators=(",", ":")).encode())


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` atomically: a temporary file in the same
    directory, flushed to disk, renamed over it, and the directory synced, so a crash leaves the
    old file or the new one. A symbolic link is written through (the file it points to is
    replaced, the link stays), and the file keeps its permission bits (a new one gets the
    umask's, as ``open`` would give it)."""
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fchmod(file.fileno(), mode)
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_directory(target.parent)


def fsync_directory(directory: str | os.PathLike[str]) -> None:
    """Make a rename or a new file in ``directory`` durable (not every platform can)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    """The process's umask, read without changing it where the system tells it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere, the only way to read it is to set it
    os.umask(mask)
    return mask


# ------------------------------------------------------------------------------ values out


def to_jsonable(value: Any, *, exact: bool = False) -> Any:
    """``value`` as JSON-compatible data (dict, list, str, int, float, bool, None).

    ``exact``: the lossless form :func:`from_jsonable` inverts (module docstring); a value it
    cannot represent raises :class:`SnapshotError`.
    """
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value, exact=exact)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if exact:
            return {
                f.name: to_jsonable(getattr(value, f.name), exact=True)
                for f in dataclasses.fields(value)
                if f.metadata.get("snapshot", True)
            }
        return {
            f.name: to_jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.startswith("_") and f.metadata.get("snapshot", True)
        }
    if isinstance(value, Store):
        if exact:
            return value.export(_exact)
        return [to_jsonable(item) for item in value.values()]
    if isinstance(value, Mapping):
        if exact and not all(isinstance(k, str) for k in value):
            return [
                [to_jsonable(k, exact=True), to_jsonable(v, exact=True)] for k, v in value.items()
            ]
        return {str(k): to_jsonable(v, exact=exact) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item, exact=exact) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((to_jsonable(item, exact=exact) for item in value), key=repr)
    if isinstance(value, _dt.datetime):
        if exact:
            return value.isoformat()
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    if exact:
        raise SnapshotError(
            f"a {type(value).__name__} cannot be saved in a snapshot; give its dataclass field "
            "metadata={'snapshot': False} if it is not state"
        )
    return repr(value)


def _exact(value: Any) -> Any:
    return to_jsonable(value, exact=True)


# ------------------------------------------------------------------------------ values in


def from_jsonable(data: Any, hint: Any, where: str = "snapshot") -> Any:
    """The value of type ``hint`` that ``to_jsonable(value, exact=True)`` turned into ``data``.

    ``hint`` is a type as a dataclass annotates it (``str | None``, ``dict[str, list[int]]``,
    ``Store[ApiKey]``, a dataclass, an Enum, ``datetime``, ``Any``...). ``where`` names the
    place in error messages.
    """
    try:
        return _from(data, hint, where)
    except SnapshotError:
        raise
    except (TypeError, ValueError, KeyError) as error:
        raise SnapshotError(f"{where}: {error}") from None


def _bad(where: str, data: Any, expected: str) -> SnapshotError:
    shown = json.dumps(data)[:80] if _is_json(data) else repr(data)[:80]
    return SnapshotError(f"{where}: expected {expected}, found {shown}")


def _is_json(data: Any) -> bool:
    try:
        json.dumps(data)
    except (TypeError, ValueError):
        return False
    return True


_UNIONS: tuple[Any, ...] = (typing.Union, types.UnionType)


def _from(data: Any, hint: Any, where: str) -> Any:
    if hint is Any or hint is object or isinstance(hint, typing.TypeVar):
        return data
    if hint is None or hint is type(None):
        if data is not None:
            raise _bad(where, data, "null")
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in _UNIONS:
        if data is None and type(None) in args:
            return None
        arms = [a for a in args if a is not type(None)]
        for arm in arms:
            if _fits(data, arm):
                return _from(data, arm, where)
        raise _bad(where, data, " or ".join(_name(a) for a in arms))
    if origin is typing.Literal:
        if data not in args:
            raise _bad(where, data, f"one of {list(args)}")
        return data
    if origin is typing.Annotated:
        return _from(data, args[0], where)
    if origin is not None:
        return _generic(data, origin, args, where)
    if isinstance(hint, type):
        return _class(data, hint, where)
    raise SnapshotError(f"{where}: cannot restore a value typed {hint!r}")


def _generic(data: Any, origin: Any, args: tuple[Any, ...], where: str) -> Any:
    import collections.abc as abc

    if isinstance(origin, type) and issubclass(origin, Store):
        return _store_in(data, args[0] if args else Any, where)
    if origin in (list, abc.Sequence, abc.MutableSequence, abc.Iterable, abc.Collection):
        item = args[0] if args else Any
        if not isinstance(data, list):
            raise _bad(where, data, "a list")
        return [_from(x, item, f"{where}[{i}]") for i, x in enumerate(data)]
    if origin in (set, frozenset, abc.Set, abc.MutableSet):
        item = args[0] if args else Any
        if not isinstance(data, list):
            raise _bad(where, data, "a list")
        made = {_from(x, item, f"{where}[{i}]") for i, x in enumerate(data)}
        return frozenset(made) if origin is frozenset else made
    if origin is tuple:
        if not isinstance(data, list):
            raise _bad(where, data, "a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_from(x, args[0], f"{where}[{i}]") for i, x in enumerate(data))
        if args and len(args) != len(data):
            raise _bad(where, data, f"a list of {len(args)} items")
        kinds = args or (Any,) * len(data)
        return tuple(
            _from(x, k, f"{where}[{i}]") for i, (x, k) in enumerate(zip(data, kinds, strict=True))
        )
    if origin in (dict, abc.Mapping, abc.MutableMapping):
        key_hint, value_hint = args if len(args) == 2 else (Any, Any)
        if isinstance(data, list):  # [[key, value], ...]: keys that were not all strings
            out: dict[Any, Any] = {}
            for i, pair in enumerate(data):
                if not isinstance(pair, list) or len(pair) != 2:
                    raise _bad(f"{where}[{i}]", pair, "a [key, value] pair")
                key = _hashable(_from(pair[0], key_hint, f"{where}[{i}][0]"))
                out[key] = _from(pair[1], value_hint, f"{where}[{key!r}]")
            return out
        if not isinstance(data, dict):
            raise _bad(where, data, "an object")
        return {
            _key(k, key_hint, where): _from(v, value_hint, f"{where}.{k}") for k, v in data.items()
        }
    if origin is type:
        raise SnapshotError(f"{where}: cannot restore a class")
    if isinstance(origin, type):
        return _class(data, origin, where)
    raise SnapshotError(f"{where}: cannot restore a value typed {origin!r}")


def _hashable(value: Any) -> Any:
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value


def _key(key: str, hint: Any, where: str) -> Any:
    if hint is str or hint is Any:
        return key
    origin = typing.get_origin(hint)
    if origin in _UNIONS:
        arms = [a for a in typing.get_args(hint) if a is not type(None)]
        return _key(key, arms[0], where) if len(arms) == 1 else key
    if isinstance(hint, type) and issubclass(hint, str) and not issubclass(hint, enum.Enum):
        return hint(key)
    # only str keys are saved as object keys; anything else was saved as pairs
    return _from(key, hint, f"{where} key")


def _class(data: Any, cls: type, where: str) -> Any:
    if cls is bool:
        if not isinstance(data, bool):
            raise _bad(where, data, "true or false")
        return data
    if cls is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise _bad(where, data, "an integer")
        return data
    if cls is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise _bad(where, data, "a number")
        return float(data)
    if cls is str:
        if not isinstance(data, str):
            raise _bad(where, data, "a string")
        return data
    if issubclass(cls, enum.Enum):
        return cls(data)
    if cls is _dt.datetime:
        if not isinstance(data, str):
            raise _bad(where, data, "an ISO-8601 date and time")
        return _dt.datetime.fromisoformat(data)
    if cls is _dt.date:
        if not isinstance(data, str):
            raise _bad(where, data, "an ISO-8601 date")
        return _dt.date.fromisoformat(data)
    if cls in (bytes, bytearray):
        if not isinstance(data, str):
            raise _bad(where, data, "base64 text")
        return cls(base64.b64decode(data, validate=True))
    if dataclasses.is_dataclass(cls):
        return _dataclass_in(data, cls, where)
    if issubclass(cls, Store):
        return _store_in(data, Any, where)
    if cls in (list, dict, set, frozenset, tuple):
        return _generic(data, cls, (), where)
    raise SnapshotError(f"{where}: cannot restore a {cls.__name__}")


_hints: dict[type, dict[str, Any]] = {}


def _hints_of(cls: type) -> dict[str, Any]:
    found = _hints.get(cls)
    if found is None:
        try:
            found = typing.get_type_hints(cls)
        except Exception as error:
            name = cls.__qualname__
            raise SnapshotError(f"cannot read the type hints of {name}: {error}") from None
        _hints[cls] = found
    return found


def _dataclass_in(data: Any, cls: type, where: str) -> Any:
    if not isinstance(data, dict):
        raise _bad(where, data, f"an object ({cls.__name__})")
    hints = _hints_of(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise SnapshotError(f"{where}: {cls.__name__} has no field {unknown[0]!r}")
    # Built without calling __init__/__post_init__: the snapshot has the values they made.
    instance: Any = object.__new__(cls)
    for name, spec in fields.items():
        if name in data and spec.metadata.get("snapshot", True):
            value = _from(data[name], hints.get(name, Any), f"{where}.{name}")
        elif spec.default is not dataclasses.MISSING:
            value = spec.default
        elif spec.default_factory is not dataclasses.MISSING:
            value = spec.default_factory()
        else:
            raise SnapshotError(f"{where}: {cls.__name__}.{name} is missing")
        object.__setattr__(instance, name, value)
    return instance


def _store_in(data: Any, item_hint: Any, where: str) -> Store[Any]:
    def item(value: Any, item_id: str) -> Any:
        return _from(value, item_hint, f"{where}[{item_id!r}]")

    if not isinstance(data, dict) or set(data) != {"ids", "seqs", "next", "items"}:
        raise _bad(where, data, 'a Store ({"ids", "seqs", "next", "items"})')
    try:
        return Store.restore(data, item)
    except ValueError as error:
        raise SnapshotError(f"{where}: {error}") from None


def _fits(data: Any, hint: Any) -> bool:
    """Whether JSON ``data`` can be a value of ``hint`` (picks the arm of a union)."""
    if hint is Any or hint is object:
        return True
    if hint is None or hint is type(None):
        return data is None
    origin = typing.get_origin(hint) or hint
    if origin in _UNIONS:
        return any(_fits(data, a) for a in typing.get_args(hint))
    if origin is typing.Literal:
        return data in typing.get_args(hint)
    if not isinstance(origin, type):
        return True
    if origin is bool:
        return isinstance(data, bool)
    if origin is int:
        return isinstance(data, int) and not isinstance(data, bool)
    if origin is float:
        return isinstance(data, (int, float)) and not isinstance(data, bool)
    if origin is str or issubclass(origin, (_dt.date, bytes, bytearray)):
        return isinstance(data, str)
    if issubclass(origin, enum.Enum):
        return any(data == member.value for member in origin)
    if issubclass(origin, (list, tuple, set, frozenset)):
        return isinstance(data, list)
    if issubclass(origin, Store) or dataclasses.is_dataclass(origin):
        return isinstance(data, dict)
    if issubclass(origin, Mapping) or origin is dict:
        return isinstance(data, (dict, list))
    return True


def _name(hint: Any) -> str:
    return getattr(hint, "__name__", None) or repr(hint)
