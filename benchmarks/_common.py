"""Shared pieces of the benchmarks: results, interleaved timing, clean boto3 sessions.

Every figure is a median over *interleaved* rounds: each round runs every variant once, in an
order that rotates from round to round, so a slow spell of the machine hits all variants alike.
Ratios are taken per round (variant / reference in the same round) and then the median of
those ratios is reported.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: Credentials for clients created outside any mock (the floor's client, moto's client).
FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "benchmark",
    "AWS_SECRET_ACCESS_KEY": "benchmark",
    "AWS_DEFAULT_REGION": "us-east-1",
}
REGION = "us-east-1"


def fake_credentials() -> None:
    """Make sure no benchmark client can ever sign with real credentials."""
    for name in ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE"):
        os.environ.pop(name, None)
    os.environ.update(FAKE_ENV)


@dataclass
class Figure:
    """One line of the results table."""

    name: str
    value: str
    target: str
    ok: bool | None  # None: informational, or could not be measured
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.ok is None:
            return "INFO" if not self.note.startswith("NOT MEASURED") else "MISSING"
        return "PASS" if self.ok else "FAIL"


def interleave(
    variants: Mapping[str, Callable[[], float]], rounds: int, *, warmup: int = 1
) -> dict[str, list[float]]:
    """Run every variant once per round, rotating the order; each call returns its measure
    (seconds per operation). Returns the per-round measures of each variant."""
    names = list(variants)
    for _ in range(warmup):
        for name in names:
            variants[name]()
    out: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            gc.collect()
            out[name].append(variants[name]())
    return out


def median(values: list[float]) -> float:
    return statistics.median(values)


def ratio(samples: dict[str, list[float]], name: str, reference: str) -> float:
    """The median over rounds of ``name / reference`` measured in the same round."""
    return statistics.median(
        a / b for a, b in zip(samples[name], samples[reference], strict=True) if b > 0
    )


def per_call(calls: int, body: Callable[[], Any]) -> float:
    """Seconds per call of ``body``, timed over ``calls`` calls."""
    start = time.perf_counter()
    for _ in range(calls):
        body()
    return (time.perf_counter() - start) / calls


def alternate(first: Any, second: Any, calls: int) -> tuple[float, float]:
    """Median seconds per call of each, timing every call on its own and alternating them
    call by call (who goes first alternates too), so both see the same machine."""
    clock = time.perf_counter
    a: list[float] = []
    b: list[float] = []
    for i in range(calls):
        for body, out in ((first, a), (second, b)) if i % 2 == 0 else ((second, b), (first, a)):
            start = clock()
            body()
            out.append(clock() - start)
    return median(a), median(b)


def ratio_of(subject: Any, reference: Any, rounds: int, calls: int) -> tuple[float, float, float]:
    """After one warm-up round, ``rounds`` rounds of :func:`alternate`: the median over rounds
    of the per-round ratio subject / reference, and the median seconds per call of each."""
    alternate(subject, reference, calls)  # warm-up: caches, engines, indexes
    subjects: list[float] = []
    references: list[float] = []
    for _ in range(rounds):
        a, b = alternate(subject, reference, calls)
        subjects.append(a)
        references.append(b)
    ratio = median([a / b for a, b in zip(subjects, references, strict=True)])
    return ratio, median(subjects), median(references)


def us(seconds: float) -> str:
    return f"{seconds * 1e6:,.1f} µs"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.2f} ms"


_clean_session: Any = None


def clean_session() -> Any:
    """A boto3 session created before moto is imported, so its clients carry no moto hook:
    the floor and mockgw are measured as a user without moto would run them. (moto appends
    its ``before-send`` handler to botocore's built-in handlers on import; sessions created
    afterwards carry it.)"""
    global _clean_session
    if _clean_session is None:
        import sys

        import boto3.session

        if "moto" in sys.modules:
            raise RuntimeError("the clean session must be created before moto is imported")
        _clean_session = boto3.session.Session(region_name=REGION)
    return _clean_session


def moto_session() -> Any:
    """A boto3 session whose clients moto's ``mock_aws`` answers (created after moto's import)."""
    import boto3.session
    import moto  # noqa: F401  (registers moto's before-send hook for sessions created now)

    return boto3.session.Session(region_name=REGION)


def moto_missing() -> str | None:
    """Why moto cannot be benchmarked here, or None when it can."""
    try:
        import moto  # noqa: F401
        from moto.apigateway import models as _apigw  # noqa: F401  (needs openapi-spec-validator)
        from moto.appsync import models as _appsync  # noqa: F401
    except ImportError as error:
        return f"moto unavailable ({error}); pip install 'moto[apigateway,appsync,server]'"
    return None
