"""The table a ``Store`` of dataclasses is saved as: column by column, each column in the
cheapest form its values allow, so a state of 400,000 API keys is parsed in a fraction of the
time a list of objects (or of rows) takes.

``{"ids": null, "seqs": {"ranges": [[1, 400000]]}, "next": 400001, "fields": [...],
"columns": [...]}``: ``ids`` is null when the items' own ``id`` field is the store's ids (it is
checked), a list otherwise; ``seqs`` a list or runs of consecutive numbers; each column one of

``{"same": v}``
    every item has the value ``v`` (``enabled: true``, ``description: null``, ``tags: {}``);
``{"text": "...", "sep": "|"}``, ``{"text": "...", "width": w}`` or ``{"text": "...",
"lengths": [...]}``
    strings, joined by a character none of them holds (split in C when read), or else
    concatenated (of one width, or with their lengths), with ``"none": [...]`` listing the
    items whose value is null;
``{"mostly": v, "except": [[index, value], ...]}``
    ``v`` but for a few items;
``{"values": [...]}``
    one value per item.

These are only encodings of the rows: :func:`rows_of` gives them back, and the decoder checks
every value against its type hint as it would in a row. A value that is not JSON text is
refused with a message naming the place.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from mockgw.snapshot.values import SnapshotError

#: Characters tried, in turn, to join a column of strings (the first that none of them holds).
SEPARATORS = ("|", "~", "^", "`", "\t", "\x1f")

#: The values a column is most often made of, for "same" and "mostly" (compared by type too:
#: ``True == 1`` in Python, not in JSON).
_COMMON: tuple[Any, ...] = (None, True, False, [], {}, "", 0)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def column(values: list[Any]) -> dict[str, Any]:
    """The cheapest form of one column (see the module docstring). The tests over the whole
    column run in C (``count``, ``map``, ``set``): this runs under a backend's lock."""
    count = len(values)
    if not count:
        return {"values": []}
    kinds = set(map(type, values))
    best, most = None, 0
    if len(kinds) <= 2:
        for common in _COMMON:
            if type(common) in kinds:
                n = values.count(common) if len(kinds) == 1 else _typed_count(values, common)
                if n > most:
                    best, most = common, n
    if most == count:
        return {"same": best}
    if most * 2 >= count:
        return {
            "mostly": best,
            "except": [[i, v] for i, v in enumerate(values) if not _same(v, best)],
        }
    if kinds <= {str, type(None)} and str in kinds:
        strings = [v for v in values if v is not None] if type(None) in kinds else values
        text = "".join(strings)
        sep = next((c for c in SEPARATORS if c not in text), None)
        out: dict[str, Any]
        if sep is not None:
            out = {"text": sep.join(strings), "sep": sep}
        else:
            out = {"text": text}
            widths = set(map(len, strings))
            if len(widths) == 1 and 0 not in widths:
                out["width"] = widths.pop()
            else:
                out["lengths"] = list(map(len, strings))
        if len(strings) != count:
            out["none"] = [i for i, v in enumerate(values) if v is None]
        return out
    return {"values": values}


def _typed_count(values: list[Any], common: Any) -> int:
    if common is None:
        return values.count(None)  # only None equals None
    kind = type(common)
    return sum(1 for v in values if type(v) is kind and v == common)


def runs(numbers: list[int]) -> dict[str, Any] | list[int]:
    """Ascending sequence numbers as runs of consecutive ones, when that is shorter."""
    out: list[list[int]] = []
    for n in numbers:
        if out and out[-1][0] + out[-1][1] == n:
            out[-1][1] += 1
        else:
            out.append([n, 1])
    return {"ranges": out} if len(out) * 2 < len(numbers) else list(numbers)


# ------------------------------------------------------------------------------ reading


def _bad(where: str, what: str) -> SnapshotError:
    return SnapshotError(f"{where}: {what}")


def expand(data: Any, count: int, where: str) -> list[Any]:
    """The ``count`` values of one column."""
    if type(data) is not dict or len(data) not in (1, 2, 3):
        raise _bad(where, "a column is an object: same, text, mostly or values")
    if "same" in data and len(data) == 1:
        return [data["same"]] * count
    if "values" in data and len(data) == 1:
        values = data["values"]
        if type(values) is not list or len(values) != count:
            raise _bad(where, f"values must be a list of {count}")
        return values
    if "mostly" in data and len(data) == 2 and "except" in data:
        out = [data["mostly"]] * count
        exceptions = data["except"]
        if type(exceptions) is not list:
            raise _bad(where, "except must be a list of [index, value] pairs")
        for pair in exceptions:
            if (
                type(pair) is not list
                or len(pair) != 2
                or type(pair[0]) is not int
                or not 0 <= pair[0] < count
            ):
                raise _bad(where, f"except holds [index, value] pairs, index below {count}")
            out[pair[0]] = pair[1]
        return out
    if "text" in data:
        return _text(data, count, where)
    raise _bad(where, "a column is an object: same, text, mostly or values")


def _text(data: dict[str, Any], count: int, where: str) -> list[Any]:
    text, nones = data["text"], data.get("none", [])
    if type(text) is not str or type(nones) is not list:
        raise _bad(where, "text must be a string, none a list of indexes")
    present = count - len(nones)
    if "sep" in data and set(data) <= {"text", "sep", "none"}:
        sep = data["sep"]
        if type(sep) is not str or len(sep) != 1:
            raise _bad(where, "sep must be one character")
        strings = text.split(sep) if present else []
        if len(strings) != present or (not present and text):
            raise _bad(where, f"text must hold {present} strings joined by {sep!r}")
    elif "width" in data and set(data) <= {"text", "width", "none"}:
        width = data["width"]
        if type(width) is not int or width < 1 or len(text) != width * present:
            raise _bad(where, f"text must hold {present} strings of width {width!r}")
        strings = [text[i : i + width] for i in range(0, len(text), width)]
    elif "lengths" in data and set(data) <= {"text", "lengths", "none"}:
        lengths = data["lengths"]
        if (
            type(lengths) is not list
            or len(lengths) != present
            or not all(type(n) is int and n >= 0 for n in lengths)
            or sum(lengths) != len(text)
        ):
            raise _bad(where, f"lengths must be {present} lengths adding up to the text's")
        offsets = list(itertools.accumulate(lengths, initial=0))
        strings = [text[a:b] for a, b in itertools.pairwise(offsets)]
    else:
        raise _bad(where, "text needs a width or lengths")
    if not nones:
        return strings
    if (
        not all(type(i) is int for i in nones)
        or sorted(set(nones)) != nones
        or (nones and not 0 <= nones[0] <= nones[-1] < count)
    ):
        raise _bad(where, f"none must list ascending indexes below {count}")
    out: list[Any] = [None] * count
    missing = set(nones)
    filled = iter(strings)
    for i in range(count):
        if i not in missing:
            out[i] = next(filled)
    return out


def seqs_of(data: Any, where: str) -> Any:
    """A list of sequence numbers from a list or runs (checked later, with the store)."""
    if type(data) is dict and set(data) == {"ranges"} and type(data["ranges"]) is list:
        out: list[int] = []
        for run in data["ranges"]:
            if (
                type(run) is not list
                or len(run) != 2
                or not all(type(n) is int and n >= 1 for n in run)
            ):
                raise _bad(where, "ranges are [first, count] pairs of positive integers")
            out.extend(range(run[0], run[0] + run[1]))
        return out
    return data


def rows_of(
    data: dict[str, Any], where: str, key: str | None = "id"
) -> tuple[list[Any], Iterator[tuple[Any, ...]] | list[Any]]:
    """The store's ids and its rows (tuples), from a table with ``columns`` or ``rows``
    (``key``: the field the ids are the values of, when they are left out)."""
    fields = data["fields"]
    if "rows" in data:
        rows = data["rows"]
        if type(rows) is not list:
            raise _bad(where, "rows must be a list")
        ids = data["ids"]
        if ids is None:
            raise _bad(where, "ids may be left out only beside columns")
        return ids, rows
    columns = data["columns"]
    if type(columns) is not list or type(fields) is not list or len(columns) != len(fields):
        raise _bad(where, "columns must be a list with one column per field")
    count = data.get("count")
    if type(count) is not int or count < 0:
        raise _bad(where, "count must be the number of items")
    expanded = [
        expand(col, count, f"{where}.columns.{name}")
        for col, name in zip(columns, fields, strict=True)
    ]
    ids = data["ids"]
    if ids is None:
        if key is None or key not in fields:
            raise _bad(where, "ids may be left out only when the items have their key field")
        ids = expanded[fields.index(key)]
    return ids, zip(*expanded, strict=True) if expanded else iter([() for _ in range(count)])
