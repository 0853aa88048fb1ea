"""Requests per second of `mockgw server` under N concurrent clients, and of `moto.server` on the
same harness, with the ratio. Not a test: it prints and exits 0.

    python benchmarks/server_rps.py                      # 8 clients, 2000 requests, 3 rounds
    python benchmarks/server_rps.py --clients 16 --requests 6000 --no-moto
    python benchmarks/server_rps.py --clients 8,64 --before e8b55c1 \
        --servers mockgw,mockgw-before,moto,mockgw-always,mockgw-batch,mockgw-never

Servers: ``mockgw`` (this tree, in memory), ``mockgw-before`` (the tree at ``--before REV``,
exported with ``git archive`` to a temporary directory: the figure before a change),
``mockgw-always`` / ``mockgw-batch`` / ``mockgw-never`` (this tree with ``--state`` in a
temporary directory and that ``--fsync`` policy: the cost of durability), ``moto``.

Each server runs in its own process (so the clients do not share its GIL), started the way a
user starts it (``python -m mockgw server``, ``python -m moto.server``), on a free loopback
port. The clients are threads in this process, each with its own connection pool (keep-alive),
alternating CreateApiKey and GetApiKey (on a key it created). Three harnesses:

* ``boto3``: real boto3 clients; their own serialize/sign/parse cost is part of the figure,
  as it is for a user's test suite;
* ``boto3-processes``: the same clients spread over two client processes that start together,
  so that one process's GIL is not what the figure measures at 64 clients (``run.py``'s
  target figures);
* ``raw``: ``http.client`` on keep-alive connections sending a fixed (unverified) SigV4 header,
  so the figure is the server's own capacity.

Rounds alternate between the servers; the figure is the median round.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REGION = "us-east-1"
AUTH = (
    "AWS4-HMAC-SHA256 Credential=AKIDBENCHMARK/20260101/us-east-1/apigateway/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date, Signature=" + "0" * 64
)
SERVERS: dict[str, list[str]] = {
    "mockgw": [sys.executable, "-m", "mockgw", "server", "--quiet", "--port"],
    "moto": [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p"],
}
POLICIES = ("always", "batch", "never")
for _policy in POLICIES:
    SERVERS[f"mockgw-{_policy}"] = SERVERS["mockgw"]
SERVERS["mockgw-before"] = SERVERS["mockgw"]
#: Where ``mockgw-before`` runs from (set by ``--before``).
BEFORE: dict[str, Path] = {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(name: str) -> Iterator[str]:
    """A server process on a free port; yields its endpoint URL."""
    port = free_port()
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "benchmark", "AWS_SECRET_ACCESS_KEY": "benchmark"}
    command = [*SERVERS[name], str(port)]
    cwd = ROOT
    with tempfile.TemporaryDirectory(prefix="mockgw-bench-") as scratch:
        policy = name.removeprefix("mockgw-")
        if policy in POLICIES:
            command += ["--state", str(Path(scratch) / "state.json"), "--fsync", policy]
        elif name == "mockgw-before":
            cwd = BEFORE["root"]
            env["PYTHONPATH"] = str(cwd)
        with _process(name, command, cwd, env, port) as url:
            yield url


@contextmanager
def _process(
    name: str, command: list[str], cwd: Path, env: dict[str, str], port: int
) -> Iterator[str]:
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=cwd,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} server did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def timed(clients: int, per_client: int, work: Callable[[int, int], None]) -> float:
    """Requests per second of ``clients`` threads each calling ``work(client, i)``."""
    barrier = threading.Barrier(clients + 1)
    errors: list[BaseException] = []

    def loop(n: int) -> None:
        barrier.wait()
        try:
            for i in range(per_client):
                work(n, i)
        except BaseException as error:  # reported below, after the clock stops
            errors.append(error)

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return clients * per_client / elapsed


def boto3_work(endpoint: str, clients: int) -> Callable[[int, int], None]:
    """``clients`` boto3 clients, each warmed up with a key of its own; the work of client
    ``n``'s ``i``-th request: alternately create a key and read its own back."""
    import boto3
    from botocore.config import Config

    config = Config(max_pool_connections=2, retries={"max_attempts": 0})
    made = [
        boto3.client(
            "apigateway",
            region_name=REGION,
            endpoint_url=endpoint,
            aws_access_key_id="benchmark",
            aws_secret_access_key="benchmark",
            config=config,
        )
        for _ in range(clients)
    ]
    keys = [client.create_api_key(name="warm-up")["id"] for client in made]

    def work(n: int, i: int) -> None:
        if i % 2:
            made[n].get_api_key(apiKey=keys[n])
        else:
            made[n].create_api_key(name=f"k{n}-{i}")

    return work


def boto3_round(endpoint: str, clients: int, per_client: int) -> float:
    return timed(clients, per_client, boto3_work(endpoint, clients))


def boto3_processes_round(
    endpoint: str, clients: int, per_client: int, processes: int = 2
) -> float:
    """:func:`boto3_round`, with the ``clients`` threads spread over ``processes`` client
    processes that start together. One process's GIL cannot drive 64 boto3 clients (each call
    costs the client more CPU than the server), so with threads in one process the figure
    measures the client; spread out, it measures the servers, both of them alike."""
    command = [sys.executable, "-m", "benchmarks.server_rps", "--child", endpoint]
    shares = [clients // processes + (k < clients % processes) for k in range(processes)]
    children = [
        subprocess.Popen(
            [*command, str(share), str(per_client)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for share in shares
        if share
    ]
    try:
        for child in children:  # each has made its clients and warmed them up
            assert child.stdout is not None
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError("a client process failed to start")
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        spans = []
        for child in children:
            assert child.stdout is not None
            first, last, done = child.stdout.readline().split()
            spans.append((float(first), float(last), int(done)))
    finally:
        for child in children:
            if child.stdin is not None:
                child.stdin.close()  # a child still waiting for "go" reads end of file
            try:
                child.wait(30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    started = min(first for first, _, _ in spans)
    ended = max(last for _, last, _ in spans)
    return sum(done for _, _, done in spans) / (ended - started)


def _child(endpoint: str, clients: int, per_client: int) -> None:
    """One client process of :func:`boto3_processes_round`: its clients, warmed up, wait for
    ``go`` on stdin, run, and print start and end on the system's monotonic clock (shared by
    every process) and how many requests they made."""
    work = boto3_work(endpoint, clients)
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.monotonic()
    timed(clients, per_client, work)
    print(started, time.monotonic(), clients * per_client, flush=True)


def raw_round(endpoint: str, clients: int, per_client: int) -> float:
    host, port = endpoint.removeprefix("http://").split(":")
    headers = {
        "Content-Type": "application/json",
        "Authorization": AUTH,
        "X-Amz-Date": "20260101T000000Z",
    }
    connections = [http.client.HTTPConnection(host, int(port), timeout=30) for _ in range(clients)]

    def send(conn: http.client.HTTPConnection, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {payload[:200]!r}")
        return json.loads(payload)

    keys = [send(conn, "POST", "/apikeys", {"name": "warm-up"})["id"] for conn in connections]

    def work(n: int, i: int) -> None:
        if i % 2:
            send(connections[n], "GET", f"/apikeys/{keys[n]}")
        else:
            send(connections[n], "POST", "/apikeys", {"name": f"k{n}-{i}"})

    try:
        return timed(clients, per_client, work)
    finally:
        for conn in connections:
            conn.close()


def export_tree(revision: str, into: Path) -> Path:
    """The repository at ``revision`` (``git archive``), unpacked in ``into``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    target = into / f"mockgw-{revision}"
    target.mkdir()
    archive_path = into / "tree.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(target, filter="data")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--clients", default="8", help="concurrent clients (threads), e.g. 8 or 8,64"
    )
    parser.add_argument("--requests", type=int, default=2000, help="requests per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-moto", action="store_true", help="measure mockgw only")
    parser.add_argument(
        "--servers", default="", help=f"comma-separated, from: {', '.join(SERVERS)}"
    )
    parser.add_argument("--before", metavar="REV", help="git revision for mockgw-before")
    parser.add_argument(
        "--harness",
        choices=("boto3", "boto3-processes", "raw", "both"),
        default="both",
        help="client kind (boto3-processes: the boto3 clients spread over two processes)",
    )
    args = parser.parse_args(argv)
    names = [n for n in args.servers.split(",") if n] or (
        ["mockgw"] if args.no_moto else ["mockgw", "moto"]
    )
    unknown = [n for n in names if n not in SERVERS]
    if unknown:
        parser.error(f"unknown servers {unknown}; choose from {', '.join(SERVERS)}")
    if "mockgw-before" in names and not args.before:
        parser.error("mockgw-before needs --before REV")
    harnesses = ["boto3", "raw"] if args.harness == "both" else [args.harness]
    counts = [int(c) for c in args.clients.split(",")]
    rounds = {"boto3": boto3_round, "boto3-processes": boto3_processes_round, "raw": raw_round}
    print(
        f"clients {counts}, {args.requests} requests a round (CreateApiKey/GetApiKey), "
        f"{args.rounds} rounds; {os.cpu_count()} CPUs",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="mockgw-before-") as scratch, ExitStack() as stack:
        if args.before:
            BEFORE["root"] = export_tree(args.before, Path(scratch))
        urls = {name: stack.enter_context(running(name)) for name in names}
        for clients in counts:
            per_client = max(2, args.requests // clients)
            for harness in harnesses:
                samples: dict[str, list[float]] = {name: [] for name in names}
                for r in range(args.rounds):
                    order = names[r % len(names) :] + names[: r % len(names)]
                    for name in order:
                        samples[name].append(rounds[harness](urls[name], clients, per_client))
                medians = {name: statistics.median(samples[name]) for name in names}
                for name in names:
                    versus = (
                        f"  {medians[name] / medians['moto']:5.2f}x moto"
                        if "moto" in medians and name != "moto"
                        else ""
                    )
                    print(
                        f"  {clients:3} clients  {harness:5} {name:14} {medians[name]:8.0f} "
                        f"requests/s{versus}  (rounds: "
                        f"{', '.join(f'{s:.0f}' for s in samples[name])})",
                        flush=True,
                    )
    return 0


@contextmanager
def _maybe(enabled: bool, name: str) -> Iterator[str | None]:
    if not enabled:
        yield None
        return
    with running(name) as url:
        yield url


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(main())
