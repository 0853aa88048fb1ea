"""The column forms a table of items is saved in give back exactly the values they were made
from, whatever the values, and a malformed column is refused with its place named."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockgw.snapshot import SnapshotError
from mockgw.snapshot.tables import column, expand, runs, seqs_of

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.text(max_size=4),
    st.just([]),
    st.just({}),
    st.lists(st.text(max_size=2), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)


def same_json(a: Any, b: Any) -> bool:
    """Equal as JSON is: ``1`` and ``True`` differ, ``1`` and ``1.0`` too."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(scalars, max_size=30))
def test_any_column_round_trips(values: list[Any]) -> None:
    encoded = json.loads(json.dumps(column(values)))
    assert same_json(expand(encoded, len(values), "c"), values)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=6)), min_size=1, max_size=30))
def test_string_columns_are_text(values: list[str | None]) -> None:
    encoded = column(values)
    if len({(type(v), v) for v in values}) > 1 and any(isinstance(v, str) for v in values):
        assert "text" in encoded or "mostly" in encoded
    assert same_json(expand(json.loads(json.dumps(encoded)), len(values), "c"), values)


def test_the_usual_columns_are_compact() -> None:
    ids = [f"{i:010d}" for i in range(1000)]
    assert column(ids) == {"text": "|".join(ids), "sep": "|"}
    separated = ["|~^`\t\x1f" + i for i in ids]  # every separator taken: one width
    assert column(separated) == {"text": "".join(separated), "width": 16}
    assert expand(column(separated), 1000, "c") == separated
    assert column([True] * 1000) == {"same": True}
    assert column([None] * 999 + ["x"]) == {"mostly": None, "except": [[999, "x"]]}
    mixed = expand(column([1, True, 1]), 3, "c")
    assert [type(v) for v in mixed] == [int, bool, int]  # never confused
    assert runs(list(range(1, 1001))) == {"ranges": [[1, 1000]]}
    assert runs([1, 3, 5]) == [1, 3, 5]
    assert seqs_of({"ranges": [[1, 3], [7, 2]]}, "s") == [1, 2, 3, 7, 8]


@pytest.mark.parametrize(
    ("data", "count", "words"),
    [
        ({"text": "abc", "width": 2}, 2, "strings of width 2"),
        ({"text": "a|b|c", "sep": "|"}, 2, "2 strings joined by '|'"),
        ({"text": "ab", "sep": "||"}, 1, "sep must be one character"),
        ({"text": "abc", "lengths": [1, 1]}, 2, "lengths must be 2 lengths"),
        ({"text": "ab", "width": 1, "none": [5]}, 3, "none must list ascending indexes"),
        ({"values": [1]}, 2, "values must be a list of 2"),
        ({"mostly": 1, "except": [[9, 2]]}, 2, "index below 2"),
        ({"nothing": 1}, 1, "a column is an object"),
        ([], 1, "a column is an object"),
    ],
)
def test_a_malformed_column_is_refused(data: Any, count: int, words: str) -> None:
    with pytest.raises(SnapshotError) as info:
        expand(data, count, "state.x.columns.name")
    assert str(info.value).startswith("state.x.columns.name: ") and words in str(info.value)


def test_malformed_runs_are_refused() -> None:
    with pytest.raises(SnapshotError, match="ranges are"):
        seqs_of({"ranges": [[0, 2]]}, "s")
