"""The ``mockgw`` command: ``mockgw server [--host 127.0.0.1] [--port 4566] [--state FILE]``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from mockgw import ids
from mockgw.errors import MockgwError
from mockgw.server import DEFAULT_HOST, DEFAULT_PORT, IDLE_TIMEOUT, MAX_BODY, MockgwServer


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
    server.add_argument("--quiet", action="store_true", help="do not log each request")
    server.add_argument(
        "--state",
        metavar="FILE",
        help=(
            "load the state from FILE at start if it exists, and save it there (atomically) "
            "at shutdown, SIGTERM and SIGINT included"
        ),
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
        quiet=args.quiet,
        state=args.state,
        seed=args.seed,
    )


def serve(
    host: str,
    port: int,
    *,
    max_body: int = MAX_BODY,
    idle_timeout: float = IDLE_TIMEOUT,
    quiet: bool = False,
    state: str | None = None,
    seed: str | None = None,
) -> int:
    """Run a server in the foreground until SIGINT or SIGTERM; 0 on a clean shutdown.

    With ``state``, the server starts from that snapshot file (if it exists) and saves its
    whole state there when it stops; 1 if the file cannot be loaded or saved."""
    if seed is not None:
        ids.seed(int(seed) if seed.lstrip("-").isdigit() else seed)
    try:
        server = MockgwServer(
            host,
            port,
            max_body=max_body,
            idle_timeout=idle_timeout,
            quiet=quiet,
            state_file=state,
        )
    except MockgwError as error:
        print(f"mockgw: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"mockgw: cannot listen on {host}:{port}: {error}", file=sys.stderr)
        return 1

    def stop(signum: int, frame: FrameType | None) -> None:
        # shutdown() waits for serve_forever() to return, so it cannot run on this thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    print(f"mockgw server listening on {server.endpoint_url}", flush=True)
    if server.state_file is not None:
        loaded = "loaded from" if server.state_file.loaded else "will be saved to"
        print(f"mockgw: state {loaded} {server.state_file.path}", file=sys.stderr, flush=True)
    code = 0
    try:
        server.serve_forever()
    finally:
        try:
            server.shutdown()  # saves the state file, if any
        except MockgwError as error:
            print(f"mockgw: {error}", file=sys.stderr, flush=True)
            code = 1
        except OSError as error:
            print(f"mockgw: cannot save the state: {error}", file=sys.stderr, flush=True)
            code = 1
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if server.state_file is not None and not code:
        print(f"mockgw: state saved to {server.state_file.path}", file=sys.stderr, flush=True)
    print("mockgw server stopped", flush=True)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
