"""Fast exact encoders and decoders, made once per type from its hints.

:func:`encoder` and :func:`decoder` give, for a type hint, a function equivalent to
``values.to_jsonable(value, exact=True)`` and ``values.from_jsonable(data, hint)``, specialised
to that hint: a dataclass gets Python source generated for it (one attribute read or one type
check per field, no per-field dispatch), a ``Store`` of dataclasses is written as a table
(``"fields"`` once, then one list per item: JSON without a key per value, and a decoder that
checks each row in a single function call). What the specialised code does not cover takes the
generic path, so both always agree; the tests hold them to it. A value that is not what its
hint says (a wrong type, an unknown field, a nested ``Any`` deeper than
:data:`~.values.MAX_DEPTH`) is refused with the generic path's message.

Made for 400,000 API keys loaded in well under a second.
"""

from __future__ import annotations

import dataclasses
import threading
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from mockgw.services._shared.store import Store
from mockgw.snapshot import tables
from mockgw.snapshot.values import MAX_DEPTH, SnapshotError, _bad, _exact, _hints_of, from_jsonable

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any, str], Any]
C = TypeVar("C")

_UNIONS: tuple[Any, ...] = (typing.Union, types.UnionType)
_SCALARS = (str, int, bool)
_lock = threading.RLock()
_encoders: dict[Any, Encoder] = {}
_decoders: dict[Any, Decoder] = {}


def _identity(value: Any) -> Any:
    return value


def snapshot_fields(cls: type) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if f.metadata.get("snapshot", True)]


def _optional(hint: Any) -> Any | None:
    """``X`` for ``X | None``, else None."""
    if typing.get_origin(hint) in _UNIONS:
        args = typing.get_args(hint)
        arms = [a for a in args if a is not type(None)]
        if len(arms) == 1 and len(args) == 2:
            return arms[0]
    return None


# ------------------------------------------------------------------------------ encoders


def _compiled(cache: dict[Any, C], hint: Any, make: Callable[[Any], C]) -> C:
    """``cache[hint]``, made once (under the lock) the first time any thread asks."""
    found = cache.get(hint)
    if found is None:
        with _lock:
            found = cache.get(hint)
            if found is None:
                found = cache[hint] = make(hint)
    return found


def encoder(hint: Any) -> Encoder:
    """``to_jsonable(value, exact=True)`` for values of ``hint``, fast."""
    return _compiled(_encoders, hint, _make_encoder)


def _is_identity(hint: Any) -> bool:
    inner = _optional(hint)
    return hint in _SCALARS or hint is float or (inner is not None and _is_identity(inner))


def _make_encoder(hint: Any) -> Encoder:
    if _is_identity(hint):
        return _identity
    inner = _optional(hint)
    if inner is not None:
        inner_encode = encoder(inner)

        def optional(value: Any) -> Any:
            return None if value is None else inner_encode(value)

        return optional
    origin = typing.get_origin(hint) or hint
    args = typing.get_args(hint)
    if isinstance(origin, type) and issubclass(origin, Store):
        return _store_encoder(args[0] if args else Any)
    if origin in (list, typing.List) and args:  # noqa: UP006
        if _is_identity(args[0]):
            return list
        item = encoder(args[0])
        return lambda value: [item(x) for x in value]
    if origin in (dict, Mapping, typing.Dict) and len(args) == 2 and args[0] is str:  # noqa: UP006
        if _is_identity(args[1]):
            return dict
        item = encoder(args[1])
        return lambda value: {k: item(x) for k, x in value.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _object_encoder(hint)
    return _exact


def _object_encoder(cls: type) -> Encoder:
    hints = _hints_of(cls)
    fields = snapshot_fields(cls)
    namespace: dict[str, Any] = {}
    parts = []
    for i, spec in enumerate(fields):
        field_encoder = encoder(hints.get(spec.name, Any))
        if field_encoder is _identity:
            parts.append(f"{spec.name!r}: o.{spec.name}")
        else:
            namespace[f"e{i}"] = field_encoder
            parts.append(f"{spec.name!r}: e{i}(o.{spec.name})")
    source = "def encode(o):\n    return {" + ", ".join(parts) + "}\n"
    exec(compile(source, f"<mockgw.snapshot encoder of {cls.__qualname__}>", "exec"), namespace)
    encode: Encoder = namespace["encode"]
    return encode


def _columns_encoder(cls: type) -> Callable[[list[Any]], list[list[Any]]]:
    """``columns(items)``: each snapshot field's encoded values, one list per field."""
    hints = _hints_of(cls)
    namespace: dict[str, Any] = {}
    parts = []
    for i, spec in enumerate(snapshot_fields(cls)):
        encode = encoder(hints.get(spec.name, Any))
        if encode is _identity:
            parts.append(f"[o.{spec.name} for o in items]")
        else:
            namespace[f"e{i}"] = encode
            parts.append(f"[e{i}(o.{spec.name}) for o in items]")
    source = "def columns(items):\n    return [" + ", ".join(parts) + "]\n"
    exec(compile(source, f"<mockgw.snapshot columns of {cls.__qualname__}>", "exec"), namespace)
    columns: Callable[[list[Any]], list[list[Any]]] = namespace["columns"]
    return columns


def store_key(cls: type) -> str | None:
    """The field a Store of ``cls`` keys its items by: ``id`` unless the class names another
    in ``STORE_KEY`` (API Gateway's models are kept by name); None when the class has no such
    field (the keys are then only the Store's own)."""
    key: str = getattr(cls, "STORE_KEY", "id")
    return key if key in {f.name for f in snapshot_fields(cls)} else None


def _store_encoder(item_hint: Any) -> Encoder:
    if isinstance(item_hint, type) and dataclasses.is_dataclass(item_hint):
        names = [f.name for f in snapshot_fields(item_hint)]
        columns_of = _columns_encoder(item_hint)
        key = store_key(item_hint)
        id_at = names.index(key) if key is not None else None

        def table(store: Store[Any]) -> dict[str, Any]:
            data = store.export(_identity)
            items = data.pop("items")
            columns = columns_of(items)
            if id_at is not None and columns[id_at] == data["ids"]:
                data["ids"] = None  # the items' own keys (checked when read)
            data["seqs"] = tables.runs(data["seqs"])
            data["fields"] = list(names)
            data["count"] = len(items)
            data["columns"] = [tables.column(values) for values in columns]
            return data

        return table
    item = encoder(item_hint)
    return lambda store: store.export(item)


# ------------------------------------------------------------------------------ decoders


def decoder(hint: Any) -> Decoder:
    """``from_jsonable(data, hint, where)``, fast."""
    return _compiled(_decoders, hint, _make_decoder)


def check_depth(data: Any, where: str, limit: int = MAX_DEPTH) -> None:
    """Refuse JSON ``data`` that nests lists and objects deeper than ``limit``."""
    level = [data]
    depth = 0
    while level:
        nested = [x for x in level if isinstance(x, (list, dict))]
        if not nested:
            return
        depth += 1
        if depth > limit:
            raise SnapshotError(f"{where}: nested deeper than {limit} levels")
        level = [v for x in nested for v in (x.values() if isinstance(x, dict) else x)]


def _any(data: Any, where: str) -> Any:
    if isinstance(data, (list, dict)):
        check_depth(data, where)
        return _copied(data)
    return data


def _copied(data: Any) -> Any:
    """A copy of JSON ``data`` (depth already bounded), so the state shares nothing with it."""
    if isinstance(data, dict):
        return {k: _copied(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copied(v) for v in data]
    return data


def _generic(hint: Any) -> Decoder:
    return lambda data, where: from_jsonable(data, hint, where)


def _scalar(kind: type) -> Decoder:
    def scalar(data: Any, where: str) -> Any:
        return data if type(data) is kind else from_jsonable(data, kind, where)

    return scalar


def _make_decoder(hint: Any) -> Decoder:
    if hint is Any or hint is object:
        return _any
    if hint in _SCALARS:
        return _scalar(hint)
    inner = _optional(hint)
    origin = typing.get_origin(hint) or hint
    args = typing.get_args(hint)
    if inner is not None:
        inner_decode = decoder(inner)

        def optional(data: Any, where: str) -> Any:
            return None if data is None else inner_decode(data, where)

        return optional
    if isinstance(origin, type) and issubclass(origin, Store):
        return _store_decoder(args[0] if args else Any)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _object_decoder(hint)
    if origin in (list, dict, Mapping) and args and _holds_any(hint):
        generic = _generic(hint)

        def checked(data: Any, where: str) -> Any:
            check_depth(data, where)
            return generic(_copied(data), where)

        return checked
    return _generic(hint)


def _holds_any(hint: Any) -> bool:
    return hint is Any or any(_holds_any(a) for a in typing.get_args(hint))


def _check(hint: Any, value: str) -> str | None:
    """A Python expression true when ``value`` already is exactly what ``hint`` decodes to
    (the fast path), or None when only the decoder can tell."""
    if hint is str or hint is int or hint is bool:
        return f"type({value}) is {hint.__name__}"
    if hint is float:
        return f"type({value}) is float"
    inner = _optional(hint)
    if inner is not None:
        check = _check(inner, value)
        return None if check is None else f"({value} is None or {check})"
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list and args and args[0] in _SCALARS:
        kind = args[0].__name__
        return (
            f"(type({value}) is list and (not {value} or all(type(x) is {kind} for x in {value})))"
        )
    if origin is dict and len(args) == 2 and args[0] is str and args[1] in _SCALARS:
        kind = args[1].__name__
        every = f"all(type(x) is {kind} for x in {value}.values())"
        return f"(type({value}) is dict and (not {value} or {every}))"
    return None


def _check_lines(
    cls: type, fields: list[dataclasses.Field[Any]], namespace: dict[str, Any], place: str
) -> list[list[str]]:
    """For each field, the lines that check ``v{i}`` (already read), converting it on the slow
    path; ``place`` is the expression naming where the object is (evaluated only then)."""
    hints = _hints_of(cls)
    out = []
    for i, spec in enumerate(fields):
        hint = hints.get(spec.name, Any)
        namespace[f"d{i}"] = decoder(hint)
        check = _check(hint, f"v{i}")
        call = f"v{i} = d{i}(v{i}, {place} + {'.' + spec.name!r})"
        copy = _copy(hint, f"v{i}")
        if check is None:
            out.append([f"    {call}"])
        elif copy is None:
            out.append([f"    if not {check}:", f"        {call}"])
        else:  # a container is copied: the state never shares one with the caller's data
            out.append(
                [f"    if {check}:", f"        v{i} = {copy}", "    else:", f"        {call}"]
            )
    return out


def _copy(hint: Any, value: str) -> str | None:
    """An expression copying ``value`` when the fast path of :func:`_check` keeps a list or
    dict as it is (None: it keeps an immutable value)."""
    inner = _optional(hint)
    if inner is not None:
        copy = _copy(inner, value)
        return None if copy is None else f"(None if {value} is None else {copy})"
    origin = typing.get_origin(hint)
    if origin is list:
        return f"list({value})"
    if origin is dict:
        return f"dict({value})"
    return None


def _construct_lines(
    cls: type, fields: list[dataclasses.Field[Any]], namespace: dict[str, Any]
) -> list[str]:
    """The lines that make ``o`` from ``v0``..``vN`` (attributes set in the class's field order,
    so instances share their key table as ``__init__``-made ones do) and return it."""
    lines = ["    o = new(cls)"]
    index = {spec.name: i for i, spec in enumerate(fields)}
    for spec in dataclasses.fields(cls):
        if spec.name in index:
            lines.append(f"    o.{spec.name} = v{index[spec.name]}")
        elif spec.default is not dataclasses.MISSING:
            namespace[f"default_{spec.name}"] = spec.default
            lines.append(f"    o.{spec.name} = default_{spec.name}")
        elif spec.default_factory is not dataclasses.MISSING:
            namespace[f"factory_{spec.name}"] = spec.default_factory
            lines.append(f"    o.{spec.name} = factory_{spec.name}()")
        else:
            raise SnapshotError(f"{cls.__qualname__}.{spec.name} is not saved and has no default")
    lines.append("    return o")
    namespace.update(new=object.__new__, cls=cls, bad=_bad, SnapshotError=SnapshotError)
    return lines


def _frozen(cls: type) -> bool:
    params = getattr(cls, "__dataclass_params__", None)
    return bool(params is not None and params.frozen)


def _object_decoder(cls: type) -> Decoder:
    """A dataclass from its object form (what ``to_jsonable(exact=True)`` writes)."""
    if _frozen(cls):
        return _generic(cls)
    fields = snapshot_fields(cls)
    namespace: dict[str, Any] = {"known": frozenset(f.name for f in dataclasses.fields(cls))}
    lines = [
        "def build(data, where):",
        "    if type(data) is not dict:",
        f"        raise bad(where, data, {'an object (' + cls.__name__ + ')'!r})",
        "    if not known.issuperset(data):",
        "        unknown = sorted(set(data) - known)[0]",
        f'        raise SnapshotError(f"{{where}}: {cls.__name__} has no field {{unknown!r}}")',
    ]
    checks = _check_lines(cls, fields, namespace, "where")
    for i, spec in enumerate(fields):  # each field read and checked in turn: the first problem
        # A field the data has is read and checked; one it lacks (a snapshot of an older
        # version of the class) takes its default, which is a value already, not data.
        lines.append(f"    if {spec.name!r} in data:")
        lines.append(f"        v{i} = data[{spec.name!r}]")
        lines += ["    " + line for line in checks[i]]
        lines.append("    else:")
        if spec.default is not dataclasses.MISSING:
            namespace[f"missing{i}"] = spec.default
            lines.append(f"        v{i} = missing{i}")
        elif spec.default_factory is not dataclasses.MISSING:
            namespace[f"factory{i}"] = spec.default_factory
            lines.append(f"        v{i} = factory{i}()")
        else:
            lines.append(
                f'        raise SnapshotError(f"{{where}}: {cls.__name__}.{spec.name} is missing")'
            )
    lines += _construct_lines(cls, fields, namespace)
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<mockgw.snapshot decoder of {cls.__qualname__}>", "exec"), namespace)
    build: Decoder = namespace["build"]
    return build


def _rows_decoder(cls: type) -> Callable[[Any, Any, str], list[Any]]:
    """``build(rows, ids, where)``: the dataclasses of a table's rows, each checked and made
    in one generated loop (no call per row), and each row's ``id`` (if the class has one)
    checked against the id the store holds it under."""
    fields = snapshot_fields(cls)
    size = len(fields)
    namespace: dict[str, Any] = {"seq": (list, tuple)}
    place = "(where + '[' + repr(item_id) + ']')"
    lines = [
        "def build(row, item_id, where):",
        f"    if type(row) not in seq or len(row) != {size}:",
        f"        raise bad({place}, row, 'a row of {size} values')",
    ]
    lines.append(
        "    " + ", ".join(f"v{i}" for i in range(size)) + (", = row" if size == 1 else " = row")
    )
    names = [f.name for f in fields]
    for check in _check_lines(cls, fields, namespace, place):
        lines += check
    lines += _construct_lines(cls, fields, namespace)
    key = store_key(cls)
    if key is not None:
        at = lines.index("    o = new(cls)")
        index = names.index(key)
        lines[at:at] = [
            f"    if v{index} != item_id:",
            f'        raise SnapshotError(f"{{{place}}}: its {key} is {{v{index}!r}}, but the '
            'store holds it under {item_id!r}")',
        ]
    assert lines[-1] == "    return o"
    body = ["        " + line[4:] for line in lines[1:-1]] + ["        append(o)"]
    source = "\n".join(
        [
            "def build(rows, ids, where):",
            "    out = []",
            "    append = out.append",
            "    for row, item_id in zip(rows, ids):",
            *body,
            "    return out",
        ]
    )
    exec(compile(source + "\n", f"<mockgw.snapshot rows of {cls.__qualname__}>", "exec"), namespace)
    build: Callable[[Any, Any, str], list[Any]] = namespace["build"]
    return build


_STORE_KEYS = frozenset(("ids", "seqs", "next", "items"))
_ROWS_KEYS = frozenset(("ids", "seqs", "next", "fields", "rows"))
_COLUMNS_KEYS = frozenset(("ids", "seqs", "next", "fields", "count", "columns"))


def _store_decoder(item_hint: Any) -> Decoder:
    item = decoder(item_hint)
    table = isinstance(item_hint, type) and dataclasses.is_dataclass(item_hint)
    names = [f.name for f in snapshot_fields(item_hint)] if table else []
    rows_decoder = _rows_decoder(item_hint) if table and not _frozen(item_hint) else None
    key = store_key(item_hint) if table else None

    def build(data: Any, where: str) -> Store[Any]:
        keys = data.keys() if type(data) is dict else ()
        if table and keys in (_COLUMNS_KEYS, _ROWS_KEYS):
            fields = data["fields"]
            if type(fields) is not list or not all(type(f) is str for f in fields):
                raise _bad(where, fields, "a list of field names")
            ids, rows = tables.rows_of(data, where, key)
            if type(ids) is not list:
                raise _bad(where, ids, "a list of ids")
            if fields == names and rows_decoder is not None:
                seqs = tables.seqs_of(data["seqs"], where)
                made = rows_decoder(rows, ids, where)
                shaped = {"ids": ids, "seqs": seqs, "next": data["next"], "items": made}
                try:
                    return Store.restore(shaped, None)
                except ValueError as error:
                    raise SnapshotError(f"{where}: {error}") from None
                # written by another version of the class: field by field

                def convert(value: Any, item_id: str) -> Any:
                    place = f"{where}[{item_id!r}]"
                    if type(value) not in (list, tuple) or len(value) != len(fields):
                        raise _bad(place, value, f"a row of {len(fields)} values")
                    made = item(dict(zip(fields, value, strict=True)), place)
                    if key is not None and getattr(made, key) != item_id:
                        raise _elsewhere(place, key, getattr(made, key), item_id)
                    return made

            seqs = tables.seqs_of(data["seqs"], where)
            shaped = {"ids": ids, "seqs": seqs, "next": data["next"], "items": rows}
        elif keys == _STORE_KEYS:

            def convert(value: Any, item_id: str) -> Any:
                place = f"{where}[{item_id!r}]"
                made = item(value, place)
                if key is not None and getattr(made, key) != item_id:
                    raise _elsewhere(place, key, getattr(made, key), item_id)
                return made

            shaped = data
        else:
            raise _bad(where, data, 'a Store ({"ids", "seqs", "next", "items" or a table})')
        try:
            return Store.restore(shaped, convert)
        except ValueError as error:
            raise SnapshotError(f"{where}: {error}") from None

    return build


def _elsewhere(place: str, key: str, made: Any, item_id: str) -> SnapshotError:
    return SnapshotError(
        f"{place}: its {key} is {made!r}, but the store holds it under {item_id!r}"
    )


def from_exact(data: Any, hint: Any, where: str) -> Any:
    """What :func:`decoder` gives, with errors the generic path would raise for bad data."""
    try:
        return decoder(hint)(data, where)
    except SnapshotError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise SnapshotError(f"{where}: {error}") from None
