"""mockgw's figures, measured in one run on this machine: `python benchmarks/run.py`.

Prints every figure of the performance brief with its target and PASS/FAIL, against botocore's
floor (a client whose ``before-send`` hook returns constant bytes) and against moto, which is
measured in the same process and run. Medians over interleaved rounds; see
``benchmarks/_common.py``. Exit status: 0 when every target is met, 1 otherwise.

    python benchmarks/run.py                 # everything (about two minutes)
    python benchmarks/run.py --quick         # fewer rounds, for a smoke run
    python benchmarks/run.py --only percall,lifecycle
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks._common import Figure, clean_session, fake_credentials  # noqa: E402

SECTIONS = (
    "percall",
    "mixed",
    "lifecycle",
    "imports",
    "paging",
    "openapi",
    "server",
    "appsync",
    "execute_api",
)


def _section(name: str, quick: bool) -> Callable[[], list[Figure]]:
    if name == "percall":
        from benchmarks import percall

        return lambda: percall.run(rounds=8 if quick else 30, calls=40 if quick else 60)
    if name == "mixed":
        from benchmarks import mixed

        return lambda: mixed.run(rounds=3 if quick else 7, iterations=1 if quick else 2)
    if name == "lifecycle":
        from benchmarks import lifecycle

        return lambda: lifecycle.run(rounds=3 if quick else 7)
    if name == "imports":
        from benchmarks import imports

        return lambda: imports.run(samples=3 if quick else 7)
    if name == "paging":
        from benchmarks import paging

        return lambda: paging.run(rounds=3 if quick else 9, calls=30 if quick else 60)
    if name == "openapi":
        from benchmarks import openapi_bench

        return lambda: openapi_bench.run(rounds=3 if quick else 7, calls=3 if quick else 5)
    if name == "server":
        from benchmarks import server_bench

        return lambda: server_bench.run(requests=400 if quick else 800, rounds=3)
    if name == "appsync":
        from benchmarks import appsync_endpoint

        return lambda: appsync_endpoint.run(rounds=5 if quick else 15, calls=30 if quick else 60)
    if name == "execute_api":
        from benchmarks import execute_api

        return lambda: execute_api.run(rounds=5 if quick else 15, calls=30 if quick else 60)
    raise SystemExit(f"unknown section {name!r}; choose from {', '.join(SECTIONS)}")


def render(figures: list[Figure]) -> str:
    rows = [("Figure", "Measured", "Target", "Result")]
    rows += [(f.name, f.value, f.target, f.verdict) for f in figures]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
        )
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [f"- {f.name}: {f.note}" for f in figures if f.note]
    return "\n".join(lines + (["", *notes] if notes else []))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    args = parser.parse_args(argv)

    fake_credentials()
    clean_session()  # before anything imports moto; see _common.clean_session
    import boto3
    import botocore

    import mockgw

    print(
        f"mockgw benchmarks: Python {platform.python_version()}, boto3 {boto3.__version__}, "
        f"botocore {botocore.__version__}, {platform.machine()}, "
        f"supported operations {sum(map(len, mockgw.supported_operations().values()))}",
        flush=True,
    )
    figures: list[Figure] = []
    started = time.perf_counter()
    for name in [s.strip() for s in args.only.split(",") if s.strip()]:
        section = _section(name, args.quick)
        t0 = time.perf_counter()
        found = section()
        figures += found
        print(f"  {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
        for figure in found:
            print(
                f"    {figure.name}: {figure.value} [{figure.verdict}]", file=sys.stderr, flush=True
            )
    print()
    print(render(figures))
    print(f"\n{len(figures)} figures in {time.perf_counter() - started:.0f} s")
    unmet = [f for f in figures if f.target and f.verdict in ("FAIL", "MISSING")]
    if unmet:
        print(f"targets not met: {', '.join(f.name for f in unmet)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
