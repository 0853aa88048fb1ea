"""Where backends live: one state object per (service, account, region), each with its lock;
and what a world holds besides them (the directory of globally addressed resources, the data
planes' per-world extras, the injected faults, and the journal of ``mockgw server --state``).

A reset or a restore swaps every backend at once. It first takes the lock of every backend (so
no call is half-way through one), marks the old backends ``retired``, and, with a journal,
appends its record before any call can reach the new backends: a call that was waiting for an
old backend's lock sees ``retired``, looks its backend up again and lands after the reset, in
the world and in the journal alike.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from mockgw.calls import CallLog
from mockgw.errors import ServiceError
from mockgw.services import definition
from mockgw.services._shared.directory import Directory

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"


class Journal(Protocol):
    """What the dispatcher, the data planes and the world append to while a journal is open
    (``mockgw.journal.recorder.Recorder``); each append returns the record's sequence number,
    and :meth:`commit` returns once that record is durable. ``World.journal`` is None
    in-process, and then nothing is recorded."""

    def operation(
        self,
        backend: Backend,
        operation: Any,
        uri: Mapping[str, str],
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes,
        recorded: Any,
    ) -> int: ...

    def effects(self, backend: Backend, changes: list[Any]) -> int: ...

    def reset(self) -> int: ...

    def restore(self, body: bytes) -> int: ...

    def commit(self, seq: int) -> None: ...


class FaultCheck(Protocol):
    """What the dispatcher asks the world's fault table (``mockgw.faults.FaultTable``)."""

    def apply(self, service: str | None, operation: str, region: str) -> ServiceError | None: ...


@dataclass
class Backend:
    service: str
    account_id: str
    region: str
    state: Any
    lock: threading.RLock = field(default_factory=threading.RLock)
    #: set (under ``lock``) once a reset or restore has swapped this backend out of its world
    retired: bool = False


class World:
    """Every backend of the mocks active at once. Mocks that overlap share one world."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._backends: dict[tuple[str, str, str], Backend] = {}
        self._extras: dict[str, Any] = {}
        #: (kind, name) -> (account, region) of the resources data-plane calls address
        self.directory = Directory()
        #: the injected faults (mockgw.faults); None while there are none, so the dispatcher's
        #: check costs one attribute load. ``fault_table`` keeps the table between uses.
        self.faults: FaultCheck | None = None
        self.fault_table: Any = None
        #: the journal every acknowledged write is appended to (``mockgw server --state``)
        self.journal: Journal | None = None
        #: every call answered in this world, for tests (see mockgw.calls)
        self.calls = CallLog()

    def backend(self, service: str, account_id: str, region: str) -> Backend:
        key = (service, account_id, region)
        found = self._backends.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._backends.get(key)
            if found is None:
                state = definition(service).new_state(account_id, region)
                state.addresses = self.directory.bind(account_id, region)
                found = self._backends[key] = Backend(service, account_id, region, state)
            return found

    def backends(self) -> Iterator[Backend]:
        with self._lock:
            snapshot = list(self._backends.values())
        return iter(snapshot)

    def extras(self, service: str) -> Any:
        """What ``service``'s data plane keeps for this world besides the backends' state
        (throttle buckets, registered answers): made on first use, dropped with the world."""
        found = self._extras.get(service)
        if found is None:
            with self._lock:
                found = self._extras.get(service)
                if found is None:
                    plane = definition(service).data_plane
                    found = self._extras[service] = plane.new_extras()
        return found

    def reset(self) -> None:
        """Forget every backend, every injected fault and every recorded call: a fresh world."""
        journal = self.journal
        seq = 0
        with self._exclusive():
            self._retire()
            self._backends = {}
            self.directory = Directory()
            if journal is not None:
                seq = journal.reset()
        if self.fault_table is not None:
            self.fault_table.clear()
        self.calls.clear()
        if journal is not None:
            journal.commit(seq)

    def replace(self, states: Mapping[tuple[str, str, str], Any], record: bytes = b"") -> None:
        """Swap every backend for ``(service, account_id, region) -> state`` at once (restore).
        ``record``: the snapshot as JSON, for the journal (if the world has one)."""
        directory = Directory()
        backends = {}
        for (service, account_id, region), state in states.items():
            state.addresses = addresses = directory.bind(account_id, region)
            publish = definition(service).addresses
            for kind, name in publish(state) if publish is not None else ():
                addresses.publish(kind, name)
            backends[(service, account_id, region)] = Backend(service, account_id, region, state)
        journal = self.journal
        seq = 0
        with self._exclusive():
            self._retire()
            self._backends = backends
            self.directory = directory
            if journal is not None:
                seq = journal.restore(record)
        if journal is not None:
            journal.commit(seq)

    def _retire(self) -> None:
        for backend in self._backends.values():
            backend.retired = True

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """Hold the lock of every backend (in a fixed order; a call holds one at most), then
        the world's own lock, so no backend can be added until the block ends."""
        while True:
            with self._lock:
                held = sorted(self._backends.items(), key=lambda item: item[0])
            for _, backend in held:
                backend.lock.acquire()
            self._lock.acquire()
            if len(held) == len(self._backends) and all(
                self._backends.get(key) is backend for key, backend in held
            ):
                break
            self._lock.release()
            for _, backend in reversed(held):  # a backend was added meanwhile: again
                backend.lock.release()
        try:
            yield
        finally:
            self._lock.release()
            for _, backend in reversed(held):
                backend.lock.release()
