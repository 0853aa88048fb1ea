"""What a state change drew from outside the state: random bits and clock readings, recorded
so that the same handler, fed the same input and the same tape, makes the same change again.

``mockgw server --state`` journals every write it acknowledges (:mod:`mockgw.journal`) and
replays the journal at start-up through the very handlers that answered it. A handler is a
function of the state, its input, :mod:`mockgw.ids` (random) and :mod:`mockgw.clock` (time);
while the journal records a call, those two modules read through the thread's :class:`Tape`,
which keeps every value they hand out; while it replays one, they hand the recorded values back
instead of drawing new ones. A data plane that changes state as a side effect of answering a
call (API Gateway's usage metering) notes the change with :func:`effect`, and the journal keeps
the note, not the call.

Cost when no journal is open in the process (every in-process mock): one global load per draw
or clock reading (:data:`active` is False). The tape is per thread, so calls on other threads,
other backends and in-process mocks running beside a server are never recorded.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

__all__ = ["Tape", "active", "bits", "effect", "enable", "play", "record", "stop", "time"]

#: True once a journal has been opened in this process (never reset: a later server may open
#: another); until then ids and clock skip the per-thread lookup altogether.
active = False

_local = threading.local()


class Tape:
    """The values one call drew: ``bits`` (each ``getrandbits`` result, in order), ``times``
    (each clock reading, in order) and ``effects`` (the changes a data plane noted).

    In play mode the recorded values come back in order; a handler that asks for more than was
    recorded (code that changed between recording and replay) gets fresh values and
    :attr:`diverged` is set, so the journal can say so instead of failing."""

    __slots__ = ("_bit", "_time", "bits", "diverged", "effects", "playing", "times")

    def __init__(
        self,
        bits: list[int] | None = None,
        times: list[float] | None = None,
        effects: list[Any] | None = None,
        *,
        playing: bool = False,
    ) -> None:
        self.bits: list[int] = bits if bits is not None else []
        self.times: list[float] = times if times is not None else []
        self.effects: list[Any] = effects if effects is not None else []
        self.playing = playing
        self.diverged = False
        self._bit = 0
        self._time = 0

    def __bool__(self) -> bool:
        return True

    def draw_bits(self, source: Callable[[int], int], k: int) -> int:
        if not self.playing:
            value = source(k)
            self.bits.append(value)
            return value
        index = self._bit
        if index < len(self.bits):
            self._bit = index + 1
            return self.bits[index]
        self.diverged = True
        return source(k)

    def read_time(self, source: Callable[[], float]) -> float:
        if not self.playing:
            value = source()
            self.times.append(value)
            return value
        index = self._time
        if index < len(self.times):
            self._time = index + 1
            return self.times[index]
        self.diverged = True
        return self.times[-1] if self.times else source()


def enable() -> None:
    """Let ids and clock consult the thread's tape (a journal calls this when it opens)."""
    global active
    active = True


def record() -> Tape:
    """Start recording this thread's draws on a fresh tape (until :func:`stop`)."""
    tape = Tape()
    _local.tape = tape
    return tape


def play(tape: Tape) -> Tape:
    """Replay ``tape`` on this thread (until :func:`stop`)."""
    tape.playing = True
    tape._bit = tape._time = 0
    _local.tape = tape
    return tape


def stop() -> None:
    _local.tape = None


def current() -> Tape | None:
    tape: Tape | None = getattr(_local, "tape", None)
    return tape


def bits(source: Callable[[int], int], k: int) -> int:
    """``source(k)`` (a ``getrandbits``), recorded or replayed when the thread has a tape."""
    tape: Tape | None = getattr(_local, "tape", None)
    return source(k) if tape is None else tape.draw_bits(source, k)


def time(source: Callable[[], float]) -> float:
    """``source()`` (a clock reading), recorded or replayed when the thread has a tape."""
    tape: Tape | None = getattr(_local, "tape", None)
    return source() if tape is None else tape.read_time(source)


def effect(*change: Any) -> None:
    """Note a change a data plane made to the state it was handed (JSON values only): the
    journal keeps it, and replays it through the plane's ``replay``. A no-op unless a journal
    is recording this thread; a replaying thread does not note again."""
    if not active:
        return
    tape: Tape | None = getattr(_local, "tape", None)
    if tape is not None and not tape.playing:
        tape.effects.append(list(change))
