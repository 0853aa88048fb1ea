"""Values in and out of a snapshot, generically: a state value as JSON data, and back from its
type hint. The reference implementation (:mod:`.compiled` makes fast equivalents of it per
type) and the readable view :func:`to_jsonable` (``GET /_mockgw/state``)."""

from __future__ import annotations

import base64
import collections.abc as abc
import dataclasses
import datetime as _dt
import enum
import json
import types
import typing
from collections.abc import Mapping
from typing import Any

from mockgw.errors import MockgwError
from mockgw.services._shared.store import Store

#: How deep a value typed ``Any`` may nest (lists and objects) in a snapshot or a request.
MAX_DEPTH = 64


class SnapshotError(MockgwError):
    """A state that cannot be saved exactly, or a snapshot that cannot be restored."""


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
