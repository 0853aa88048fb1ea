"""A keyed collection that remembers creation order and pages through it in O(page).

AWS lists API Gateway resources newest first and hands out an opaque ``position`` token. The
token here encodes the creation sequence number of the next item to return, so it stays valid
when items are added or deleted between pages, and resuming costs a binary search, not a scan.

To a test (``Mock.backend(...)``) a store is a read-only ``Mapping`` of id to record, oldest
first: ``len(store)``, ``store[item_id]``, ``item_id in store``, ``for item in
store.values()``. Only the backends change it, through :meth:`Store.add` and
:meth:`Store.remove`.
"""

from __future__ import annotations

import base64
import binascii
import bisect
from collections.abc import Callable, ItemsView, Iterator, Mapping, ValuesView
from typing import Any, TypeVar, overload

from mockgw import errors

T = TypeVar("T")
D = TypeVar("D")


def require(found: T | None, message: str) -> T:
    """``found``, or AWS's NotFoundException with ``message`` when it is None (the finders in
    each service's lookups)."""
    if found is None:
        raise errors.not_found(message)
    return found


class InvalidToken(ValueError):
    """A pagination token this store never issued."""


class Store(Mapping[str, T]):
    """Items by id, in creation order. Iterating gives the ids (a copy: the store may change
    while a caller walks it); :meth:`values` and :meth:`items` walk a copy too."""

    __hash__ = None  # type: ignore[assignment]  # a Mapping compares by content

    def __init__(self) -> None:
        self._items: dict[str, tuple[int, T]] = {}
        self._seqs: list[int] = []  # ascending creation sequence numbers
        self._ids: list[str] = []  # ids, parallel to _seqs
        self._next = 1  # the sequence number the next item gets

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._items

    def __getitem__(self, item_id: str) -> T:
        return self._items[item_id][1]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._ids))

    def __repr__(self) -> str:
        return f"Store({dict(self.items())!r})"

    @overload
    def get(self, item_id: str, /) -> T | None: ...
    @overload
    def get(self, item_id: str, /, default: T | D) -> T | D: ...
    def get(self, item_id: str, /, default: Any = None) -> Any:
        found = self._items.get(item_id)
        return default if found is None else found[1]

    def add(self, item_id: str, item: T) -> None:
        if item_id in self._items:
            raise KeyError(f"duplicate id {item_id}")
        seq = self._next
        self._next = seq + 1
        self._items[item_id] = (seq, item)
        self._seqs.append(seq)
        self._ids.append(item_id)

    def remove(self, item_id: str) -> T:
        seq, item = self._items.pop(item_id)
        index = bisect.bisect_left(self._seqs, seq)
        del self._seqs[index]
        del self._ids[index]
        return item

    def ids(self) -> list[str]:
        """The ids, oldest first (a copy)."""
        return list(self._ids)

    def values(self) -> ValuesView[T]:
        """Oldest first."""
        return _Values(self)

    def items(self) -> ItemsView[str, T]:
        """(id, item) pairs, oldest first."""
        return _Items(self)

    def _walk(self) -> Iterator[tuple[str, T]]:
        items = self._items
        for item_id in list(self._ids):
            found = items.get(item_id)
            if found is not None:
                yield item_id, found[1]

    def newest_first(self) -> Iterator[T]:
        for item_id in reversed(list(self._ids)):
            yield self._items[item_id][1]

    def page(
        self,
        limit: int,
        token: str | None,
        keep: Callable[[T], bool] | None = None,
        newest_first: bool = True,
    ) -> tuple[list[T], str | None]:
        """Up to ``limit`` items from where ``token`` points, and the token of the next page."""
        start = _decode(token) if token else None
        if newest_first:
            index = (
                len(self._seqs) - 1 if start is None else bisect.bisect_right(self._seqs, start) - 1
            )
            step, stop = -1, -1
        else:
            index = 0 if start is None else bisect.bisect_left(self._seqs, start)
            step, stop = 1, len(self._seqs)
        out: list[T] = []
        while index != stop:
            item = self._items[self._ids[index]][1]
            if keep is None or keep(item):
                if len(out) == limit:
                    return out, _encode(self._seqs[index])
                out.append(item)
            index += step
        return out, None

    # ------------------------------------------------------------------ snapshots

    def export(self, convert: Callable[[T], Any]) -> dict[str, Any]:
        """Everything the store is, as data :meth:`restore` rebuilds it from: its ids and
        creation sequence numbers in order (so paging tokens handed out before a snapshot stay
        valid after a restore), the next sequence number, and each item through ``convert``."""
        return {
            "ids": list(self._ids),
            "seqs": list(self._seqs),
            "next": self._next,
            "items": [convert(self._items[i][1]) for i in self._ids],
        }

    @classmethod
    def restore(cls, data: Mapping[str, Any], convert: Callable[[Any, str], T] | None) -> Store[T]:
        """The store :meth:`export` described; ``convert(item_data, item_id)`` rebuilds an
        item (None: the items are made already). Raises ValueError naming the first
        inconsistency."""
        if not isinstance(data, Mapping) or set(data) != {"ids", "seqs", "next", "items"}:
            raise ValueError('a Store is an object with "ids", "seqs", "next" and "items"')
        ids, seqs, items, next_seq = data["ids"], data["seqs"], data["items"], data["next"]
        # each test runs in C (map, set, sorted): a store may hold hundreds of thousands
        if not (
            isinstance(ids, list)
            and isinstance(seqs, list)
            and isinstance(items, list)
            and len(ids) == len(seqs) == len(items)
            and set(map(type, ids)) <= {str}
            and set(map(type, seqs)) <= {int}
            and sorted(set(seqs)) == seqs  # strictly increasing
            and len(set(ids)) == len(ids)
            and isinstance(next_seq, int)
            and not isinstance(next_seq, bool)
            and (not seqs or next_seq > seqs[-1])
        ):
            raise ValueError(
                "a Store needs as many unique ids as items and increasing sequence "
                "numbers below its next one"
            )
        store: Store[T] = cls()
        store._ids = list(ids)
        store._seqs = list(seqs)
        if convert is None:
            store._items = dict(zip(ids, zip(seqs, items, strict=True), strict=True))
        else:
            store._items = {
                i: (s, convert(item, i)) for i, s, item in zip(ids, seqs, items, strict=True)
            }
        store._next = next_seq
        return store


class _Values(ValuesView[T]):
    _mapping: Store[T]

    def __iter__(self) -> Iterator[T]:
        for _, item in self._mapping._walk():
            yield item


class _Items(ItemsView[str, T]):
    _mapping: Store[T]

    def __iter__(self) -> Iterator[tuple[str, T]]:
        return self._mapping._walk()


def _encode(seq: int) -> str:
    return base64.urlsafe_b64encode(f"mockgw:{seq}".encode()).decode().rstrip("=")


def _decode(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        prefix, _, number = text.partition(":")
        if prefix != "mockgw" or not number.isdigit():
            raise InvalidToken(token)
        return int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidToken(token) from None
