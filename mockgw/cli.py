"""The ``mockgw`` command.

    mockgw server [--host 127.0.0.1] [--port 4566] [--state FILE] [--seed N] ...
    mockgw operations [SERVICE] [--json]
    mockgw --version

Every option of ``mockgw server`` can also come from an environment variable named after it
(``--port`` -> ``MOCKGW_PORT``, ``--idle-timeout`` -> ``MOCKGW_IDLE_TIMEOUT``; a flag such as
``--quiet`` takes ``1``/``true``/``yes`` or ``0``/``false``/``no``), for containers and CI
files; an option given on the command line wins.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from types import FrameType
from typing import Any

from mockgw import __version__, ids
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
from mockgw.state import DEFAULT_REGION

ENV_PREFIX = "MOCKGW_"
#: The fake credentials the printed environment uses (any value works; a 12-digit access key
#: id chooses that account).
FAKE_KEY = "mockgw-testing"

OVERVIEW = f"""\
mockgw {__version__}: a mock of the AWS API Gateway and AppSync APIs, for tests.

In Python tests it runs in-process, with no server: decorate a test with
@mockgw.mock_apigateway (or use the pytest fixture mockgw_mock) and every boto3 call to
those services is answered in memory. For other languages, the AWS CLI and Terraform, run
the server and point them at it.

commands:
  mockgw server       serve both APIs over HTTP at http://{DEFAULT_HOST}:{DEFAULT_PORT}, and print
                      the environment (AWS_ENDPOINT_URL, credentials, region) to paste
  mockgw operations   list the operations mockgw answers
  mockgw --version    print the version

Run `mockgw COMMAND --help` for a command's options.
"""

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def _parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    parser = argparse.ArgumentParser(
        prog="mockgw",
        description="mockgw: a mock of the AWS API Gateway and AppSync APIs, for tests.",
    )
    parser.add_argument("--version", action="version", version=f"mockgw {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    server = commands.add_parser(
        "server",
        help="serve the mock over HTTP (point any AWS SDK or the AWS CLI at it)",
        description=(
            "Serve API Gateway and AppSync at AWS's paths, over HTTP/1.1. Clients choose the "
            "service, region and account by their SigV4 signature (or the Host header). "
            "Test endpoints: GET /_mockgw/health, GET /_mockgw/state, POST /_mockgw/reset, "
            "GET/DELETE /_mockgw/calls, GET /_mockgw/operations, "
            "GET/POST/DELETE /_mockgw/faults, GET/PUT /_mockgw/snapshot. "
            f"Every option may also be set by an environment variable: {ENV_PREFIX}PORT for "
            "--port, and so on; the command line wins."
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
    operations = commands.add_parser(
        "operations",
        help="list the operations mockgw answers",
        description="List the operations mockgw answers, per service, as botocore names them.",
    )
    operations.add_argument("service", nargs="?", help="only this service (apigateway or appsync)")
    operations.add_argument("--json", action="store_true", help="print JSON")
    return parser, server


def _env_defaults(
    parser: argparse.ArgumentParser, command: argparse.ArgumentParser, env: Mapping[str, str]
) -> None:
    """Take ``command``'s option defaults from ``MOCKGW_*`` environment variables."""
    found: dict[str, Any] = {}
    for action in command._actions:  # argparse offers no public way to list the options
        if not action.option_strings or action.dest == "help":
            continue
        name = ENV_PREFIX + action.dest.upper()
        if action.help and name not in action.help:
            action.help += f" [env {name}]"
        raw = env.get(name)
        if raw is None:
            continue
        if isinstance(action, argparse._AppendAction):  # a list, comma separated
            found[action.dest] = [part.strip() for part in raw.split(",") if part.strip()]
            continue
        if action.choices is not None and raw not in action.choices:
            choices = ", ".join(map(str, action.choices))
            parser.error(f"{name}={raw!r}: expected one of {choices}")
        if isinstance(action, argparse._StoreTrueAction):
            if raw.strip().lower() not in _TRUE + _FALSE:
                parser.error(f"{name}={raw!r}: expected one of 1, true, yes, 0, false, no")
            found[action.dest] = raw.strip().lower() in _TRUE
            continue
        try:
            found[action.dest] = action.type(raw) if callable(action.type) else raw
        except ValueError:
            kind = getattr(action.type, "__name__", "value")
            parser.error(f"{name}={raw!r}: not a valid {kind} for {action.option_strings[0]}")
    command.set_defaults(**found)


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    parser, server_parser = _parser()
    _env_defaults(parser, server_parser, os.environ if env is None else env)
    args = parser.parse_args(argv)
    if args.command == "operations":
        return operations(args.service, as_json=args.json)
    if args.command != "server":
        print(OVERVIEW, end="")
        return 0
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


def operations(service: str | None = None, *, as_json: bool = False) -> int:
    """Print the supported operations (of one service); 2 for a service mockgw does not mock."""
    from mockgw import supported_operations

    supported = supported_operations()
    if service is not None:
        if service not in supported:
            print(
                f"mockgw: no service {service!r}; mockgw mocks {', '.join(supported)}",
                file=sys.stderr,
            )
            return 2
        supported = {service: supported[service]}
    if as_json:
        return _write(json.dumps(supported, indent=2) + "\n")
    lines = []
    for name, names in supported.items():
        lines.append(f"{name}: {len(names)} operations")
        lines += [f"  {operation}" for operation in names]
    return _write("\n".join(lines) + "\n")


def _write(text: str) -> int:
    """Print ``text`` in one write; a reader that stops early (``| head``) is no error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Nothing more can reach the reader; point stdout at /dev/null so that the flush at
        # exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def shell_environment(endpoint_url: str, region: str = DEFAULT_REGION) -> list[str]:
    """The lines a shell user pastes to point the AWS CLI and SDKs at a server."""
    return [
        f"export AWS_ENDPOINT_URL={endpoint_url}",
        f"export AWS_ACCESS_KEY_ID={FAKE_KEY}",
        f"export AWS_SECRET_ACCESS_KEY={FAKE_KEY}",
        f"export AWS_DEFAULT_REGION={region}",
        f"export AWS_REGION={region}",
    ]


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
        started_lines = [
            f"mockgw server listening on {server.endpoint_url}",
            "# to point the AWS CLI and SDKs at it, paste into a shell:",
            *shell_environment(server.endpoint_url),
        ]
        print("\n".join(started_lines), flush=True)  # one write: a reader gets all at once
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
