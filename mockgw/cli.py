"""The ``mockgw`` command: ``mockgw server [--host 127.0.0.1] [--port 4566] [--state FILE]``."""

from __future__ import annotations

import argparse
import gc
import signal
import sys
import threading
import time
from collections.abc import Sequence
from types import FrameType

from mockgw import ids
from mockgw.errors import MockgwError
from mockgw.journal import COMPACT_FRAMES, POLICIES
from mockgw.server import (
    BACKLOG,
    DEFAULT_HOST,
    DEFAULT_PORT,
    HEADER_TIMEOUT,
    IDLE_TIMEOUT,
    MAX_BODY,
    MAX_CONNECTIONS,
    WORKERS,
    MockgwServer,
    write_line,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mockgw",
        description="mockgw: a mock of AWS API Gateway and AppSync API keys.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    server = commands.add_parser(
        "server",
        help="serve the mock over HTTP (point any AWS SDK or the AWS CLI at it)",
        description=(
            "Serve API Gateway and AppSync at AWS's paths, over HTTP/1.1. Clients choose the "
            "service, region and account by their SigV4 signature (or the Host header). "
            "Test endpoints: GET /_mockgw/health, GET /_mockgw/state, POST /_mockgw/reset, "
            "GET/POST/DELETE /_mockgw/faults, GET/PUT /_mockgw/snapshot."
        ),
    )
    server.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    server.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any)"
    )
    server.add_argument(
        "--max-body",
        type=int,
        default=MAX_BODY,
        metavar="BYTES",
        help=f"largest request body accepted (default {MAX_BODY})",
    )
    server.add_argument(
        "--idle-timeout",
        type=float,
        default=IDLE_TIMEOUT,
        metavar="SECONDS",
        help=f"close connections silent this long (default {IDLE_TIMEOUT:g})",
    )
    server.add_argument(
        "--header-timeout",
        type=float,
        default=HEADER_TIMEOUT,
        metavar="SECONDS",
        help=f"time a request's headers may take to arrive (default {HEADER_TIMEOUT:g})",
    )
    server.add_argument(
        "--workers",
        type=int,
        default=WORKERS,
        metavar="N",
        help=f"threads answering requests (default {WORKERS})",
    )
    server.add_argument(
        "--max-connections",
        type=int,
        default=MAX_CONNECTIONS,
        metavar="N",
        help=(
            f"connections open at once; beyond it the quietest is closed "
            f"(default {MAX_CONNECTIONS})"
        ),
    )
    server.add_argument("--quiet", action="store_true", help="do not log each request")
    server.add_argument(
        "--state",
        metavar="FILE",
        help=(
            "keep the state in FILE: loaded at start if it exists; every write is journaled "
            "beside it (FILE.journal) before it is answered, and compacted into it"
        ),
    )
    server.add_argument(
        "--fsync",
        choices=POLICIES,
        default="always",
        help=(
            "with --state, when the journal reaches the disk: always (default: before each "
            "answer; survives a power cut), batch (written before each answer, synced every "
            "0.1 s; survives a killed process), never (left to the OS)"
        ),
    )
    server.add_argument(
        "--compact-every",
        type=int,
        default=COMPACT_FRAMES,
        metavar="RECORDS",
        help=(
            "with --state, fold the journal into FILE after this many records (default "
            f"{COMPACT_FRAMES}; start-up replays at most about twice as many)"
        ),
    )
    server.add_argument(
        "--admin-host",
        action="append",
        default=[],
        metavar="NAME",
        help="another Host name the /_mockgw/ endpoints answer (e.g. a container's name)",
    )
    server.add_argument(
        "--seed",
        metavar="N",
        help="seed the ids and key values (the same requests then give the same ids)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command != "server":
        parser.print_help()
        return 2
    return serve(
        args.host,
        args.port,
        max_body=args.max_body,
        idle_timeout=args.idle_timeout,
        header_timeout=args.header_timeout,
        workers=args.workers,
        max_connections=args.max_connections,
        quiet=args.quiet,
        state=args.state,
        fsync=args.fsync,
        compact_every=args.compact_every,
        admin_hosts=args.admin_host,
        seed=args.seed,
    )


class _Stopped(BaseException):
    """SIGINT or SIGTERM while the server was still starting."""


def _say(text: str) -> None:
    write_line(f"mockgw: {text}")


def serve(
    host: str,
    port: int,
    *,
    max_body: int = MAX_BODY,
    idle_timeout: float = IDLE_TIMEOUT,
    header_timeout: float = HEADER_TIMEOUT,
    workers: int = WORKERS,
    max_connections: int = MAX_CONNECTIONS,
    quiet: bool = False,
    state: str | None = None,
    fsync: str = "always",
    compact_every: int = COMPACT_FRAMES,
    admin_hosts: Sequence[str] = (),
    seed: str | None = None,
) -> int:
    """Run a server in the foreground until SIGINT or SIGTERM; 0 on a clean shutdown.

    With ``state``, the server starts from that state file (if it exists) and journals every
    write beside it before answering; 1 if the file cannot be loaded or kept."""
    if seed is not None:
        ids.seed(int(seed) if seed.lstrip("-").isdigit() else seed)
    server: MockgwServer | None = None

    def stop(signum: int, frame: FrameType | None) -> None:
        if server is None:
            raise _Stopped  # still loading: unwind (nothing has been written yet)
        # shutdown() waits for serve_forever() to return, so it cannot run on this thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    collecting = gc.isenabled()
    gc.disable()  # a large state loads without the collector scanning it over and over
    try:
        try:
            if state is not None:
                _say(f"loading the state from {state}")
            started, cpu = time.perf_counter(), time.process_time()
            made = MockgwServer(
                host,
                port,
                max_body=max_body,
                idle_timeout=idle_timeout,
                header_timeout=header_timeout,
                workers=workers,
                max_connections=max_connections,
                backlog=BACKLOG,
                quiet=quiet,
                state_file=state,
                fsync=fsync,
                compact_every=compact_every,
                admin_hosts=admin_hosts,
            )
        except _Stopped:
            _say("stopped while starting")
            print("mockgw server stopped", flush=True)
            return 0
        except MockgwError as error:
            _say(str(error))
            return 1
        except OSError as error:
            _say(f"cannot listen on {host}:{port}: {error}")
            return 1
        server = made
        gc.freeze()  # what was loaded lives as long as the process: never scan it again
        if collecting:
            gc.enable()
        print(f"mockgw server listening on {server.endpoint_url}", flush=True)
        if not server.loopback:
            _say(
                f"WARNING: listening on {server.host}:{server.port}, reachable from other "
                f"machines at http://{server.reachable_at()}:{server.port}; anyone who can "
                "reach it can read and change its state"
            )
        kept = server.state_file
        if kept is not None:
            if kept.loaded:
                took = time.perf_counter() - started
                used = time.process_time() - cpu
                _say(
                    f"state loaded from {kept.path} ({kept.replayed} journal records replayed) "
                    f"in {took:.2f} s ({used:.2f} s of CPU)"
                )
            _say(f"state kept in {kept.path} (journal, fsync {fsync})")
        code = 0
        try:
            server.serve_forever()
        finally:
            try:
                server.shutdown()  # answers what it accepted, then closes the journal
            except (MockgwError, OSError) as error:
                _say(f"cannot close the state file: {error}")
                code = 1
        if kept is not None and not code:
            _say(f"every write is in {kept.path}")
        print("mockgw server stopped", flush=True)
        return code
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
