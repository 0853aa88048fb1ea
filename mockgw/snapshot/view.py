"""The readable view of a state (``GET /_mockgw/state``), made from an exact copy taken under
the backend's lock, so the lock is held only while copying."""

from __future__ import annotations

import collections.abc as abc
import dataclasses
import datetime as _dt
import typing
from collections.abc import Mapping
from typing import Any

from mockgw.services._shared.store import Store
from mockgw.snapshot.tables import rows_of
from mockgw.snapshot.values import _UNIONS, _fits, _from, _hashable, _hints_of, to_jsonable


def view_of_exact(data: Any, hint: Any) -> Any:
    """``to_jsonable(value)`` (the view) from ``to_jsonable(value, exact=True)`` (a copy taken
    under a backend's lock), so the view is made outside the lock. Typed by ``hint``."""
    if data is None or hint is Any or hint is object or isinstance(hint, typing.TypeVar):
        return data
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in _UNIONS:
        arms = [a for a in args if a is not type(None)]
        for arm in arms:
            if _fits(data, arm):
                return view_of_exact(data, arm)
        return data
    if origin is typing.Annotated:
        return view_of_exact(data, args[0])
    kind = origin if origin is not None else hint
    if not isinstance(kind, type):
        return data
    if issubclass(kind, Store):
        item = args[0] if args else Any
        if "fields" in data:  # a table
            fields = data["fields"]
            _, rows = rows_of(data, "view")
            return [view_of_exact(dict(zip(fields, row, strict=True)), item) for row in rows]
        return [view_of_exact(x, item) for x in data["items"]]
    if dataclasses.is_dataclass(kind):
        hints = _hints_of(kind)
        return {
            f.name: view_of_exact(data.get(f.name), hints.get(f.name, Any))
            for f in dataclasses.fields(kind)
            if not f.name.startswith("_") and f.metadata.get("snapshot", True)
        }
    if issubclass(kind, _dt.datetime):
        return to_jsonable(_dt.datetime.fromisoformat(data))
    if issubclass(kind, Mapping) or kind is dict:
        key_hint, value_hint = args if len(args) == 2 else (Any, Any)
        if isinstance(data, list):  # [[key, value], ...]
            return {
                str(_hashable(_from(k, key_hint, "view"))): view_of_exact(v, value_hint)
                for k, v in data
            }
        return {k: view_of_exact(v, value_hint) for k, v in data.items()}
    if kind in (list, tuple, set, frozenset) or issubclass(kind, (abc.Sequence, abc.Set)):
        if kind is str or not isinstance(data, list):
            return data
        if kind is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            return [view_of_exact(x, k) for x, k in zip(data, args, strict=False)]
        item = args[0] if args else Any
        return [view_of_exact(x, item) for x in data]
    return data
