"""What the AppSync endpoint keeps for one world besides the backends' state: the Python
callables tests register as stand-ins for data sources that cannot run in a test (Lambda,
DynamoDB, HTTP, ...), keyed by API id and data source name. The world holds one
(``World.extras("appsync")``) and drops it with itself; callables are never part of a snapshot.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Handler = Callable[[Any], Any]


@dataclass
class StandIns:
    handlers: dict[tuple[str, str], Handler] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def register(self, api_id: str, data_source: str, handler: Handler | None) -> None:
        with self.lock:
            if handler is None:
                self.handlers.pop((api_id, data_source), None)
            else:
                self.handlers[(api_id, data_source)] = handler

    def handler(self, api_id: str, data_source: str) -> Handler | None:
        with self.lock:
            return self.handlers.get((api_id, data_source))
