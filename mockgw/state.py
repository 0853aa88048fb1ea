"""Where backends live: one state object per (service, account, region), each with its lock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mockgw.services import definition

if TYPE_CHECKING:
    from mockgw.faults import FaultTable

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"


def partition_of(region: str) -> str:
    """The AWS partition a region belongs to, as ARNs name it."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


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
        #: the injected faults (mockgw.faults); None while there are none, so the dispatcher's
        #: check costs one attribute load. ``fault_table`` keeps the table between uses.
        self.faults: FaultTable | None = None
        self.fault_table: FaultTable | None = None

    def backend(self, service: str, account_id: str, region: str) -> Backend:
        key = (service, account_id, region)
        found = self._backends.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._backends.get(key)
            if found is None:
                state = definition(service).new_state(account_id, region)
                found = self._backends[key] = Backend(service, account_id, region, state)
            return found

    def backends(self) -> Iterator[Backend]:
        with self._lock:
            snapshot = list(self._backends.values())
        return iter(snapshot)

    def reset(self) -> None:
        """Forget every backend, and every injected fault: a fresh world."""
        with self._lock:
            self._backends.clear()
        if self.fault_table is not None:
            self.fault_table.clear()

    def replace(self, states: dict[tuple[str, str, str], Any]) -> None:
        """Swap every backend for ``(service, account_id, region) -> state`` at once (restore)."""
        backends = {key: Backend(*key, state) for key, state in states.items()}
        with self._lock:
            self._backends = backends
