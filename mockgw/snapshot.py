"""Every backend's state as plain JSON data, for tests and the server's ``/_mockgw/state``.

The conversion is generic: dataclasses become objects (public fields only), a
:class:`~mockgw.services._store.Store` becomes the list of its items in creation order, mappings
become objects, sequences and sets become lists, timestamps ISO-8601 strings and bytes base64.
Nothing here knows a resource by name, so new backends show up without changes.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as _dt
import enum
import json
from collections.abc import Mapping
from typing import Any

from mockgw.services._store import Store
from mockgw.state import World


def dump(world: World) -> dict[str, Any]:
    """``{service: {account_id: {region: state}}}`` for every backend of ``world``.

    Each backend is read under its own lock, so a dump taken while requests are being served
    shows every backend in a state it really had.
    """
    out: dict[str, Any] = {}
    backends = sorted(world.backends(), key=lambda b: (b.service, b.account_id, b.region))
    for backend in backends:
        with backend.lock:
            data = to_jsonable(backend.state)
        out.setdefault(backend.service, {}).setdefault(backend.account_id, {})[backend.region] = (
            data
        )
    return out


def dumps(world: World, **options: Any) -> str:
    """:func:`dump` as a JSON document; ``options`` go to :func:`json.dumps`."""
    return json.dumps(dump(world), **options)


def to_jsonable(value: Any) -> Any:
    """``value`` as JSON-compatible data (dict, list, str, int, float, bool, None)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.startswith("_")
        }
    if isinstance(value, Store):
        return [to_jsonable(item) for item in value.values()]
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((to_jsonable(item) for item in value), key=repr)
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    return repr(value)
