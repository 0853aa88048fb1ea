"""Identifiers and secret values in the formats AWS uses.

All randomness comes from one ``random.Random`` so a test can make runs reproducible with
:func:`seed`. The generator is shared by every backend and guarded by a lock: ``choices`` makes
several draws, and two threads interleaving them would break reproducibility.
"""

from __future__ import annotations

import random
import string
import threading

LOWER_ALNUM = string.ascii_lowercase + string.digits
ALNUM = string.ascii_letters + string.digits

_lock = threading.Lock()
_rng = random.Random()


def seed(value: int | str | None) -> None:
    """Make every id and key value generated from now on reproducible (``None``: random)."""
    with _lock:
        _rng.seed(value)


def random_string(alphabet: str, length: int) -> str:
    with _lock:
        return "".join(_rng.choices(alphabet, k=length))


def request_id() -> str:
    """A request id in the UUID form AWS returns in ``x-amzn-RequestId``."""
    with _lock:
        bits = _rng.getrandbits(128)
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def apigateway_id() -> str:
    """API key and REST API ids: 10 lowercase alphanumerics (e.g. ``c4gja270ha``)."""
    return random_string(LOWER_ALNUM, 10)


def usage_plan_id() -> str:
    """Usage plan ids: 6 lowercase alphanumerics (e.g. ``c7y23b``)."""
    return random_string(LOWER_ALNUM, 6)


def api_key_value() -> str:
    """A generated API key value: 40 mixed-case alphanumerics."""
    return random_string(ALNUM, 40)
