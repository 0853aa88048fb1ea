"""What a world's ``journal`` is while ``mockgw server --state`` runs: the recorder the
dispatcher, the data planes and the world's reset and restore append to (see
:class:`mockgw.state.Journal`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from mockgw import tape
from mockgw.journal import entries
from mockgw.journal.log import Log
from mockgw.state import Backend


class Recorder:
    """Appends records to ``log``; ``commit`` makes them durable per its fsync policy.

    ``on_grown`` is called (outside every lock) when the current journal file has passed
    ``compact_frames`` frames or ``compact_bytes`` bytes: the state file compacts it."""

    def __init__(
        self,
        log: Log,
        *,
        compact_frames: int,
        compact_bytes: int,
        on_grown: Callable[[], None],
    ) -> None:
        self.log = log
        self.compact_frames = compact_frames
        self.compact_bytes = compact_bytes
        self._on_grown = on_grown
        self._lock = threading.Lock()

    def operation(
        self,
        backend: Backend,
        operation: Any,
        uri: Mapping[str, str],
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes,
        recorded: tape.Tape,
    ) -> int:
        return self.log.append(
            entries.op_head(backend, operation, uri, query, headers, recorded), body
        )

    def effects(self, backend: Backend, changes: list[Any]) -> int:
        return self.log.append(entries.effects_head(backend, changes))

    def reset(self) -> int:
        return self.log.append(entries.world_head(entries.RESET))

    def restore(self, body: bytes) -> int:
        return self.log.append(entries.world_head(entries.RESTORE), body)

    def commit(self, seq: int) -> None:
        log = self.log
        log.commit(seq)
        if log.frames >= self.compact_frames or log.size >= self.compact_bytes:
            self._on_grown()
