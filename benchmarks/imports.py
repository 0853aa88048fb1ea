"""What ``import mockgw`` adds to ``import boto3``, in fresh interpreters.

Each sample is a new ``python`` process that imports boto3, then the library, timing both
imports inside the process (interpreter start-up is not part of either). Runs alternate between
mockgw and moto, and the median of the added times is reported.

The target is measured as an installed package runs: with compiled bytecode (``.pyc``) cached.
The cache goes to a temporary ``PYTHONPYCACHEPREFIX``, so the repository is not touched even
when the environment sets ``PYTHONDONTWRITEBYTECODE``. The cost without any bytecode cache
(every mockgw module compiled from source on each import) is reported for information.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from benchmarks._common import Figure, median, ms

TARGET_SECONDS = 30e-3

_PROBE = """
import json, sys, time
t0 = time.perf_counter()
import boto3
t1 = time.perf_counter()
{statement}
t2 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1]))
"""

_STATEMENTS = {"mockgw": "import mockgw", "moto": "from moto import mock_aws"}


def _sample(statement: str, env: dict[str, str]) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(statement=statement)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    boto3_time, added = json.loads(out.stdout.strip().splitlines()[-1])
    return float(boto3_time), float(added)


def _environment(cache: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    if cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = os.devnull  # never read a cached .pyc of mockgw either
    else:
        env["PYTHONPYCACHEPREFIX"] = cache
    return env


def run(samples: int = 7, with_moto: bool = True) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="mockgw-pycache-") as cache:
        cached = _environment(cache)
        names = []
        # A first run of each compiles and caches the bytecode (and warms the file cache).
        for name in ["mockgw", "moto"] if with_moto else ["mockgw"]:
            try:
                _sample(_STATEMENTS[name], cached)
            except subprocess.CalledProcessError:
                if name == "mockgw":
                    raise
                continue
            names.append(name)
        added: dict[str, list[float]] = {name: [] for name in names}
        boto3_alone: list[float] = []
        for i in range(samples):
            for name in names if i % 2 == 0 else list(reversed(names)):
                base, extra = _sample(_STATEMENTS[name], cached)
                boto3_alone.append(base)
                added[name].append(extra)
        uncached = [_sample(_STATEMENTS["mockgw"], _environment(None))[1] for _ in range(3)]
    mine = median(added["mockgw"])
    figures = [
        Figure("import boto3 (fresh process)", ms(median(boto3_alone)), "", None),
        Figure("import mockgw after boto3: added", ms(mine), "≤ 30 ms", mine <= TARGET_SECONDS),
        Figure(
            "  the same, compiling mockgw from source (no .pyc)",
            ms(median(uncached)),
            "(reported)",
            None,
        ),
    ]
    if "moto" in added:
        figures.append(
            Figure(
                "from moto import mock_aws after boto3: added",
                ms(median(added["moto"])),
                "(reference, ≈ 200 ms)",
                None,
            )
        )
    return figures
