"""Where backends live: one state object per (service, account, region), each with its lock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mockgw.services import definition

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"


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
        with self._lock:
            self._backends.clear()
