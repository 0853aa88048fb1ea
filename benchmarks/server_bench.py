"""Server throughput: ``mockgw server`` against moto's server, in one run (``run.py``'s
``server`` section).

The rounds are ``benchmarks/server_rps.py``'s: each server in its own process, started as a
user starts it; the target figures come from 8 and 64 concurrent boto3 clients spread over two
client processes that start together (``boto3-processes``: with 64 clients as threads of one
process, that process's GIL is what the figure would measure), alternating CreateApiKey and
GetApiKey; 8 raw keep-alive HTTP clients give the servers' own capacity and the cost of
``--state`` with the default ``--fsync always`` (a third server, journaling to a temporary
directory). Servers take turns round by round; each figure is the median round.
"""

from __future__ import annotations

import contextlib

from benchmarks import server_rps
from benchmarks._common import Figure, median

TARGET = 2.0
#: the target figures' client counts, and the raw harness's
BOTO3_CLIENTS = (8, 64)
RAW_CLIENTS = 8


def _availability() -> str | None:
    """Why the servers cannot be measured here (None: they can)."""
    try:
        import mockgw.server  # noqa: F401
    except ImportError as error:
        return f"no mockgw server ({error})"
    try:
        import flask  # noqa: F401
        import moto.server  # noqa: F401
    except ImportError as error:
        return f"moto server unavailable ({error}); pip install 'moto[server]'"
    return None


def run(requests: int = 1200, rounds: int = 3) -> list[Figure]:
    """The server figures (``requests``: a round's requests, shared among its clients)."""
    missing = _availability()
    if missing is not None:
        label = f"server: requests/s, {BOTO3_CLIENTS[0]} concurrent boto3 clients, mockgw / moto"
        return [Figure(label, "-", f"≥ {TARGET}x", None, f"NOT MEASURED: {missing}")]
    names = ("mockgw", "moto", "mockgw-always")
    plan = [(clients, "boto3-processes") for clients in BOTO3_CLIENTS] + [(RAW_CLIENTS, "raw")]
    figures: list[Figure] = []
    with contextlib.ExitStack() as stack:
        urls = {name: stack.enter_context(server_rps.running(name)) for name in names}
        for clients, harness in plan:
            measure_round = (
                server_rps.boto3_processes_round if harness != "raw" else server_rps.raw_round
            )
            per_client = max(2, requests // clients)
            measured = names if harness == "raw" else names[:2]
            samples: dict[str, list[float]] = {name: [] for name in measured}
            try:
                for r in range(rounds):
                    order = measured[r % len(measured) :] + measured[: r % len(measured)]
                    for name in order:
                        samples[name].append(measure_round(urls[name], clients, per_client))
            except Exception as error:
                figures.append(
                    Figure(f"server ({harness} harness)", "-", "", False, f"FAILED: {error!r}")
                )
                continue
            mine, theirs = median(samples["mockgw"]), median(samples["moto"])
            ratio = mine / theirs
            what = f"{ratio:.2f}x (mockgw {mine:,.0f} req/s, moto {theirs:,.0f} req/s)"
            if harness != "raw":
                name = (
                    f"server: requests/s, {clients} concurrent boto3 clients "
                    "(2 processes), mockgw / moto"
                )
                figures.append(Figure(name, what, f"≥ {TARGET}x", ratio >= TARGET))
                continue
            figures.append(
                Figure(
                    f"server: requests/s, {clients} raw HTTP clients, mockgw / moto",
                    what,
                    "(server capacity)",
                    None,
                )
            )
            durable = median(samples["mockgw-always"])
            figures.append(
                Figure(
                    f"server: requests/s, {clients} raw HTTP clients, --state --fsync always "
                    "/ in memory",
                    f"{durable / mine:.2f}x ({durable:,.0f} req/s)",
                    "(durability cost)",
                    None,
                )
            )
    return figures
