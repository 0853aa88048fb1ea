"""Where backends live: one state object per (service, account, region), each with its lock;
and what a world holds besides them (the directory of globally addressed resources, the data
planes' per-world extras, the injected faults)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from mockgw.calls import CallLog
from mockgw.errors import ServiceError
from mockgw.services import definition
from mockgw.services._shared.directory import Directory

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"


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
        with self._lock:
            self._backends.clear()
            self.directory = Directory()
        self.calls.clear()
        if self.fault_table is not None:
            self.fault_table.clear()

    def replace(self, states: Mapping[tuple[str, str, str], Any]) -> None:
        """Swap every backend for ``(service, account_id, region) -> state`` at once (restore)."""
        directory = Directory()
        backends = {}
        for (service, account_id, region), state in states.items():
            state.addresses = addresses = directory.bind(account_id, region)
            publish = definition(service).addresses
            for kind, name in publish(state) if publish is not None else ():
                addresses.publish(kind, name)
            backends[(service, account_id, region)] = Backend(service, account_id, region, state)
        with self._lock:
            self._backends = backends
            self.directory = directory
