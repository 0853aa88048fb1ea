"""The journal of ``mockgw server --state``: no acknowledged write is ever lost.

Every call that may change state is appended to an append-only journal under its backend's lock,
right after its handler ran (``World.journal``, see :mod:`mockgw._dispatch` and
:mod:`mockgw.dataplane`), and answered only once the journal is durable per the fsync policy
(:mod:`.log`). A record holds what the handler needs to make the same change again: its request,
and the random bits and clock readings it drew (:mod:`mockgw.tape`); see :mod:`.entries`. The
journal is compacted into a snapshot in the background and replayed after the snapshot at
start-up (:mod:`.statefile`). In-process mocks have no journal (``World.journal`` is None).
"""

from __future__ import annotations

from mockgw.journal.frames import JournalError
from mockgw.journal.log import POLICIES
from mockgw.journal.statefile import (
    COMPACT_FRAMES,
    StateFile,
    StateFileError,
    compact,
    load_into,
)

__all__ = [
    "COMPACT_FRAMES",
    "POLICIES",
    "JournalError",
    "StateFile",
    "StateFileError",
    "compact",
    "load_into",
]
