"""The one source of time for every backend.

Everything mockgw stamps (API Gateway ``createdDate``/``lastUpdatedDate``, AppSync ``expires``
and ``deletes``, usage counted per day) reads the clock through these functions, looked up on the
``time`` module at call time. freezegun replaces ``time.time`` while it is active, so a test that
freezes time before or after a mock starts sees the frozen instant in every answer.

Every reading goes through :func:`now`, so a journal can record the readings of a call and
replay them (:mod:`mockgw.tape`).
"""

from __future__ import annotations

import datetime as _dt
import time as _time

from mockgw import tape


def now() -> float:
    """Seconds since the epoch, as a float (freezegun-aware)."""
    if tape.active:
        return tape.time(_time.time)
    return _time.time()


def now_datetime() -> _dt.datetime:
    """The current instant as an aware UTC datetime (freezegun-aware)."""
    return _dt.datetime.fromtimestamp(now(), tz=_dt.timezone.utc)


def today() -> _dt.date:
    """The current UTC calendar day, the unit AWS meters usage in."""
    return now_datetime().date()
