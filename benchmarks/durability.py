"""Start-up and shutdown of ``mockgw server --state`` holding many API keys. Not a test: it
prints and exits 0.

    python benchmarks/durability.py                    # 400,000 keys, 3 rounds
    python benchmarks/durability.py --keys 100000 --tail 5000 --before e8b55c1

For each round: a state file of ``--keys`` API keys (written directly, in the snapshot format
of the tree measured) is loaded by a fresh ``python -m mockgw server`` process; **start-up** is
the time from spawning it to its "listening" line. Then ``--tail`` writes are made (16
keep-alive clients, ``--fsync never`` so that making them is quick; a journal tail is what
start-up replays besides the snapshot), and the server is stopped: **shutdown** is the time from
SIGTERM to its exit. A second start-up then replays that tail. ``--before REV`` measures the
tree at that revision the same way (its state file is the whole snapshot, saved at shutdown).
The interpreter's own start (``python -c pass``) and mockgw's import are reported alongside.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.server_rps import export_tree  # noqa: E402

ACCOUNT, REGION = "123456789012", "us-east-1"
SERVE = [sys.executable, "-m", "mockgw", "server", "--port", "0", "--quiet", "--state"]
FIELDS = ["id", "value", "name", "description", "enabled", "customer_id", "created_date"]
FIELDS += ["last_updated_date", "stage_keys", "tags"]


def state_document(keys: int, version: int) -> dict[str, Any]:
    """A snapshot of ``keys`` API keys with real-looking ids and values."""
    rng = random.Random(keys)
    alnum, lower = string.ascii_letters + string.digits, string.ascii_lowercase + string.digits
    ids: list[str] = []
    seen: set[str] = set()
    while len(ids) < keys:
        made = "".join(rng.choices(lower, k=10))
        if made not in seen:
            seen.add(made)
            ids.append(made)
    values = ["".join(rng.choices(alnum, k=40)) for _ in range(keys)]
    rows = [
        [i, v, f"key {n}", None, True, None, 1_700_000_000 + n, 1_700_000_000 + n, [], {}]
        for n, (i, v) in enumerate(zip(ids, values, strict=True))
    ]
    store: dict[str, Any] = {"ids": ids, "seqs": list(range(1, keys + 1)), "next": keys + 1}
    if version >= 2:
        store.update(fields=FIELDS, rows=rows)
    else:
        store["items"] = [dict(zip(FIELDS, row, strict=True)) for row in rows]
    empty = {"ids": [], "seqs": [], "next": 1, "items": []}
    state = {
        "account_id": ACCOUNT,
        "region": REGION,
        "api_keys": store,
        "key_values": dict(zip(values, ids, strict=True)),
        "usage_plans": empty,
        "rest_apis": empty,
    }
    return {
        "format": "mockgw-snapshot",
        "version": version,
        "state": {"apigateway": {ACCOUNT: {REGION: state}}},
    }


class Server:
    def __init__(self, tree: Path, state: Path, *options: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(tree)}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [*SERVE, str(state), *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tree,
            env=env,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        self.startup = time.perf_counter() - self.started
        if not line.startswith("mockgw server listening on"):
            err = self.process.stderr.read() if self.process.stderr else ""
            raise RuntimeError(f"the server did not start: {line}{err}")
        self.port = int(line.rsplit(":", 1)[1])
        self.load_cpu = float("nan")  # this tree says how much CPU its load took
        assert self.process.stderr is not None
        for _ in range(3):
            said = self.process.stderr.readline()
            found = re.search(r"\(([\d.]+) s of CPU\)", said)
            if found:
                self.load_cpu = float(found.group(1))
            if "state kept in" in said or "will be saved to" in said or not said:
                break

    def write(self, count: int, clients: int = 16) -> None:
        def work(n: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            for i in range(n, count, clients):
                conn.request(
                    "POST",
                    "/apikeys",
                    body=json.dumps({"name": f"tail {i}"}),
                    headers={"Content-Type": "application/json"},
                )
                answer = conn.getresponse()
                answer.read()
                assert answer.status == 201
            conn.close()

        threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def ping(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", "/_mockgw/health", headers={"Host": f"127.0.0.1:{self.port}"})
        conn.getresponse().read()
        conn.close()

    def stop(self) -> float:
        started = time.perf_counter()
        self.process.send_signal(signal.SIGTERM)
        _, err = self.process.communicate(timeout=600)
        elapsed = time.perf_counter() - started
        if self.process.returncode != 0:
            raise RuntimeError(f"the server failed to stop: {err}")
        return elapsed


def interpreter_start(tree: Path) -> tuple[float, float]:
    """(``python -c pass``, ``python -c 'import mockgw.server'``) in seconds."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    times = []
    for code in ("pass", "import mockgw.server, mockgw.wire.model as m; m.spec('apigateway')"):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tree)
        times.append(time.perf_counter() - started)
    return times[0], times[1]


def measure(tree: Path, keys: int, tail: int, version: int, scratch: Path) -> dict[str, float]:
    state = scratch / f"state-{version}.json"
    state.write_bytes(saved(keys, version))
    for leftover in scratch.glob(f"state-{version}.json.*"):
        leftover.unlink()
    options = ("--fsync", "never", "--compact-every", str(tail + 1)) if version >= 2 else ()
    first = Server(tree, state, *options)
    first.write(tail)
    shutdown = first.stop()
    compaction = compact_time(tree, state, scratch) if version >= 2 else float("nan")
    second = Server(tree, state)
    restart = second.startup
    second.ping()  # serving (an older tree failed a SIGTERM that came before its loop ran)
    second.stop()
    return {
        "start": first.startup,
        "stop": shutdown,
        "restart": restart,
        "load CPU": first.load_cpu,
        "reload CPU": second.load_cpu,
        "compaction": compaction,
    }


def compact_time(tree: Path, state: Path, scratch: Path) -> float:
    """Seconds the compaction child takes to fold the journal of ``state`` (a copy of it,
    the journal sealed) into the snapshot."""
    copy = scratch / "compacting" / state.name
    copy.parent.mkdir(exist_ok=True)
    for leftover in copy.parent.iterdir():
        leftover.unlink()
    copy.write_bytes(state.read_bytes())
    journal = state.with_name(state.name + ".journal")
    if not journal.exists():
        return float("nan")
    copy.with_name(copy.name + ".journal.sealed").write_bytes(journal.read_bytes())
    env = {**os.environ, "PYTHONPATH": str(tree)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mockgw.journal", "compact", str(copy)], check=True, env=env
    )
    return time.perf_counter() - started


_files: dict[tuple[int, int], bytes] = {}


def saved(keys: int, version: int) -> bytes:
    """The state file: as this tree's ``snapshot.save`` writes it (version 2), or in the
    layout older trees read and write (version 1)."""
    found = _files.get((keys, version))
    if found is None:
        document = state_document(keys, version)
        if version >= 2:
            from mockgw import snapshot
            from mockgw.state import World

            world = World()
            snapshot.restore(world, document)
            document = snapshot.snapshot(world)
        found = _files[(keys, version)] = json.dumps(document).encode()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, default=400_000)
    parser.add_argument("--tail", type=int, default=5_000, help="writes after the load")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", metavar="REV", help="also measure the tree at REV")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mockgw-durability-") as scratch_dir:
        scratch = Path(scratch_dir)
        trees = {"mockgw": (ROOT, 2)}
        if args.before:
            trees["mockgw-before"] = (export_tree(args.before, scratch), 1)
        bare, imported = interpreter_start(ROOT)
        print(
            f"{args.keys:,} keys, {args.tail:,} writes after the load, {args.rounds} rounds; "
            f"{os.cpu_count()} CPUs; python -c pass {bare:.2f} s, import mockgw.server and "
            f"its model {imported:.2f} s",
            flush=True,
        )
        results: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
        for _ in range(args.rounds):
            for name, (tree, version) in trees.items():
                results[name].append(measure(tree, args.keys, args.tail, version, scratch))
        for name, samples in results.items():
            line = ", ".join(
                f"{what} {statistics.median(s[what] for s in samples):.2f} s"
                for what in ("start", "stop", "restart", "load CPU", "reload CPU", "compaction")
            )
            print(f"  {name:14} {line}  (rounds: {samples})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
