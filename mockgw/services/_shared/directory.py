"""Where a globally addressed resource lives.

Some resources are reached by a name that carries no account, and sometimes no region: a REST
API's id in ``{id}.execute-api.{region}.amazonaws.com`` (or in the server's
``/restapis/{id}/...`` path), a GraphQL API's id in its endpoint host. The world keeps one
:class:`Directory` of them, ``(kind, name) -> (account, region)``; each state holds a
:class:`Addresses` handle bound to its own account and region, and its handlers publish and
withdraw names through it when they commit. A data-plane call then finds its backend with one
lookup instead of scanning every account and region.

A state made outside a world (a test building one by hand) holds an unbound handle that
remembers nothing.
"""

from __future__ import annotations

import threading


class Directory:
    """``(kind, name) -> (account, region)`` for one world."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._where: dict[tuple[str, str], tuple[str, str]] = {}

    def bind(self, account_id: str, region: str) -> Addresses:
        return Addresses(self, account_id, region)

    def locate(self, kind: str, name: str) -> tuple[str, str] | None:
        """``(account, region)`` of the resource, or None when no state published it."""
        return self._where.get((kind, name))

    def _publish(self, kind: str, name: str, where: tuple[str, str]) -> None:
        with self._lock:
            self._where[(kind, name)] = where

    def _withdraw(self, kind: str, name: str, where: tuple[str, str]) -> None:
        with self._lock:
            if self._where.get((kind, name)) == where:
                del self._where[(kind, name)]


class Addresses:
    """One state's handle on its world's :class:`Directory`."""

    __slots__ = ("_directory", "_where")

    def __init__(
        self, directory: Directory | None = None, account_id: str = "", region: str = ""
    ) -> None:
        self._directory = directory
        self._where = (account_id, region)

    def publish(self, kind: str, name: str) -> None:
        if self._directory is not None:
            self._directory._publish(kind, name, self._where)

    def withdraw(self, kind: str, name: str) -> None:
        if self._directory is not None:
            self._directory._withdraw(kind, name, self._where)

    def locate(self, kind: str, name: str) -> tuple[str, str] | None:
        """``(account, region)`` of whoever published the name in this world (a handler's
        check that a name is taken, or that another account's resource exists), or None."""
        return None if self._directory is None else self._directory.locate(kind, name)
