"""Server throughput: ``mockgw server`` against moto's server, on one harness.

Each server runs in its own process (``python -m mockgw server`` / ``python -m moto.server``).
The load is ``THREADS`` concurrent boto3 clients spread over ``PROCESSES`` client processes
(one process's GIL could not drive a fast server: boto3 spends more CPU per request than
mockgw's server does), each creating an API key and reading it back over keep-alive
connections. Requests per second are counted over a fixed window after a warm-up; servers take
turns, twice each, and the better window of each counts (the machine's noise shows up as a bad
window, not a good one).

If ``benchmarks/server_rps.py`` (the server engineer's harness) exists, :func:`run` uses its
rounds instead (``boto3`` clients as threads in this process, 8 and 64 of them, for the target
figures; ``raw`` keep-alive HTTP clients for the servers' own capacity and for the cost of
``--state`` with its default ``--fsync always``), and this module's harness is the fallback.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

from benchmarks._common import Figure, median

TARGET = 2.0
THREADS = 8  # concurrent boto3 clients in all
PROCESSES = 2  # client processes they are spread over (each has its own GIL)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _command(kind: str, port: int) -> list[str]:
    if kind == "mockgw":
        return [sys.executable, "-m", "mockgw", "server", "--port", str(port), "--quiet"]
    return [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]


@contextlib.contextmanager
def serving(kind: str) -> Iterator[str]:
    """A running server of ``kind`` in a child process; yields its endpoint URL."""
    port = _free_port()
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen(
        _command(kind, port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{kind} server exited with {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{kind} server did not start in 30 s") from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _client(url: str, pool: int) -> Any:
    import boto3.session
    from botocore.config import Config

    return boto3.session.Session(region_name="us-east-1").client(
        "apigateway",
        endpoint_url=url,
        aws_access_key_id="benchmark",
        aws_secret_access_key="benchmark",
        config=Config(retries={"max_attempts": 0}, max_pool_connections=pool),
    )


def _worker(url: str, threads: int, begin: float, end: float) -> None:
    """One client process (``python -m benchmarks.server_bench URL THREADS BEGIN END``):
    ``threads`` boto3 clients, each creating a key and reading it back in a loop. It prints
    ``ready`` once warm, waits for a line on stdin, then counts the requests that complete
    between ``begin`` and ``end`` seconds after it, and prints ``count failures``."""
    clients = [_client(url, threads) for _ in range(threads)]
    for client in clients:  # connect, load the model, and check the server answers
        client.get_api_key(apiKey=client.create_api_key(name="warm-up")["id"])
    print("ready", flush=True)
    sys.stdin.readline()
    go = time.monotonic()
    begin, end = go + begin, go + end
    counts = [0] * threads
    failures = [0] * threads

    def work(i: int) -> None:
        client = clients[i]
        done = failed = 0
        while True:
            try:
                key = client.create_api_key(name=f"rps-{i}", enabled=True)
                now = time.monotonic()
                done += begin <= now <= end
                client.get_api_key(apiKey=key["id"], includeValue=True)
                now = time.monotonic()
                done += begin <= now <= end
            except Exception:
                failed += 1
                now = time.monotonic()
            if now > end or failed > 1000:
                break
        counts[i], failures[i] = done, failed

    running = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    print(sum(counts), sum(failures), flush=True)


def measure(url: str, seconds: float, warmup: float = 0.5) -> tuple[float, int]:
    """Requests per second over ``seconds`` (after ``warmup``) from ``PROCESSES`` client
    processes of ``THREADS // PROCESSES`` clients each, and the number of failed requests."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    command = [
        sys.executable, "-m", "benchmarks.server_bench",
        url, str(THREADS // PROCESSES), str(warmup), str(warmup + seconds),
    ]  # fmt: skip
    workers = [
        subprocess.Popen(
            command, cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for _ in range(PROCESSES)
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None
            if worker.stdout.readline().strip() != "ready":
                raise RuntimeError("a client process failed to start")
        for worker in workers:
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()
        results = []
        for worker in workers:
            out, _ = worker.communicate(timeout=seconds + warmup + 120)
            count, failed = out.split()
            results.append((int(count), int(failed)))
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    return sum(r[0] for r in results) / seconds, sum(r[1] for r in results)


def _health(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_mockgw/health", timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def _availability() -> tuple[str | None, str | None]:
    """Why mockgw's server, or moto's, cannot be measured here (None: it can)."""
    mine = theirs = None
    try:
        import mockgw.server  # noqa: F401
    except ImportError as error:
        mine = f"no mockgw server ({error})"
    try:
        import flask  # noqa: F401
        import moto.server  # noqa: F401
    except ImportError as error:
        theirs = f"moto server unavailable ({error}); pip install 'moto[server]'"
    return mine, theirs


def _shared_harness() -> Any:
    """The server engineer's harness, ``benchmarks/server_rps.py``, when it is there."""
    try:
        from benchmarks import server_rps
    except ImportError:
        return None
    needed = ("running", "boto3_processes_round", "raw_round")
    return server_rps if all(hasattr(server_rps, name) for name in needed) else None


def run(
    seconds: float = 4.0, turns: int = 2, requests: int = 1200, rounds: int = 3
) -> list[Figure]:
    """The server figures: with ``server_rps.py``'s harness when present (its
    ``boto3-processes`` rounds give the target figures, 8 and 64 clients spread over two client
    processes so that the figure is not one client process's GIL; its ``raw`` rounds the
    servers' own capacity, and the cost of ``--state`` with the default ``--fsync always``),
    else with this module's own multi-process boto3 harness."""
    label = f"server: requests/s, {THREADS} concurrent boto3 clients, mockgw / moto"
    mine_missing, moto_missing = _availability()
    if mine_missing is not None:
        return [Figure(label, "-", f"≥ {TARGET}x", None, f"NOT MEASURED: {mine_missing}")]
    if moto_missing is not None:
        return [Figure(label, "-", f"≥ {TARGET}x", None, f"NOT MEASURED: {moto_missing}")]
    shared = _shared_harness()
    if shared is None:
        return _run_own(label, seconds, turns)
    names = ("mockgw", "moto", "mockgw-always")
    figures: list[Figure] = []
    with contextlib.ExitStack() as stack:
        urls = {name: stack.enter_context(shared.running(name)) for name in names}
        for clients, harness in ((THREADS, "boto3"), (64, "boto3"), (THREADS, "raw")):
            measure_round = shared.boto3_processes_round if harness == "boto3" else shared.raw_round
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
            if harness == "boto3":
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


def _run_own(label: str, seconds: float, turns: int) -> list[Figure]:
    kinds = ["mockgw", "moto"]
    rates: dict[str, list[float]] = {kind: [] for kind in kinds}
    failed: dict[str, int] = {kind: 0 for kind in kinds}
    for turn in range(turns):
        for kind in kinds if turn % 2 == 0 else list(reversed(kinds)):
            with serving(kind) as url:
                rate, failures = measure(url, seconds)
            rates[kind].append(rate)
            failed[kind] += failures
    mine, theirs = max(rates["mockgw"]), max(rates["moto"])
    ratio = mine / theirs if theirs else float("inf")
    what = f"{ratio:.2f}x (mockgw {mine:,.0f} req/s, moto {theirs:,.0f} req/s)"
    ok = ratio >= TARGET and failed["mockgw"] == 0
    note = f"{failed['mockgw']} mockgw requests failed" if failed["mockgw"] else ""
    return [Figure(label, what, f"≥ {TARGET}x", ok, note)]


if __name__ == "__main__":
    _worker(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]))
