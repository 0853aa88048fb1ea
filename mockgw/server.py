"""``mockgw server``: the dispatcher over HTTP/1.1, for clients outside the Python process.

Connections are served by one event-loop thread and a fixed pool of workers
(:mod:`mockgw._serving`), with a strict request parser (:mod:`mockgw._http1`): thousands of slow
or idle clients cost sockets, not threads; a request's head must arrive within
``header_timeout``, a silent connection is closed after ``idle_timeout``, and the listen backlog
takes a burst of :data:`BACKLOG` clients. The dispatcher is synchronous, CPU-bound Python
behind the GIL, so more threads would not answer faster; the pool is there so that a client
waiting for an fsync or an injected delay does not hold up the others. Every error is answered
in AWS's error form (``x-amzn-ErrorType`` + ``{"message"}``), never an HTML page or a
traceback; the answer goes out in one ``send`` with Nagle off.

Service, region and account come from the SigV4 scope (``Credential=AKID/date/region/service``)
or an AWS ``Host`` header; an unsigned request to ``127.0.0.1`` is routed by its path (API
Gateway's and AppSync's paths do not overlap) in the default region and account.

Deployed REST API stages are served as API Gateway serves them (API keys, usage plans, MOCK
integrations; see ``services/apigateway/invoke/``) at
``/restapis/{restApiId}/{stage}/_user_request_/{path}`` (LocalStack's form, so a test can
switch), and at ``/{stage}/{path}`` when the ``Host`` header is
``{restApiId}.execute-api.localhost[:port]`` (or the AWS host name); and through a custom domain
name, at ``/{basePath}/{path}`` when the ``Host`` header names it (see :mod:`mockgw.dataplane`).

Endpoints for tests live under ``/_mockgw/``: ``GET health``, ``GET state`` (every backend as
JSON, see :mod:`mockgw.snapshot`) and ``POST reset`` (resources, faults and recorded calls);
``GET``/``POST``/``DELETE faults`` and ``DELETE faults/{id}`` (see :mod:`mockgw.faults`);
``GET``/``PUT snapshot`` (the exact state); ``GET``/``DELETE calls`` (the recorded calls);
``GET operations`` (the supported operations). See :mod:`mockgw._admin`. They answer only a
request whose ``Host`` is the server's own address (``127.0.0.1``, ``localhost``, ``[::1]`` or
the address it listens on, with its port) or a name given in ``admin_hosts``, and a request
that changes anything only with ``Content-Type: application/json``: a web page can neither reach
them through DNS rebinding nor send them a form, so it cannot reset, read or poison a
developer's server.

A request for a service mockgw does not mock is answered ``501 NotImplemented`` in that
service's own protocol (XML for S3 and the query services, JSON-RPC for DynamoDB...), so every
SDK can read the message: see :mod:`mockgw._protocols`.

With ``state_file`` (``mockgw server --state FILE``), every write is journaled and durable
before it is answered, and replayed at start-up (:mod:`mockgw.journal`). Shutdown stops
accepting, answers the requests already being handled (later ones on open connections get
``503 ServiceUnavailable``, never a success the journal would not hold) and closes the journal.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import logging
import os
import socket
import sys
import threading
import time
import traceback
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mockgw import _admin, _http, _protocols, dataplane, snapshot
from mockgw._admin import ADMIN_PREFIX
from mockgw._dispatch import Caller, Dispatcher, identify, is_aws_host
from mockgw._http import Reject, error_response
from mockgw._http1 import Request
from mockgw._serving import Connection, Loop, listen
from mockgw.calls import Calls, log_refusal
from mockgw.errors import UnsupportedOperationError
from mockgw.journal import COMPACT_FRAMES, JournalError, StateFile
from mockgw.services import SERVICES
from mockgw.state import DEFAULT_REGION, World
from mockgw.wire import model
from mockgw.wire.restjson import WireResponse

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "MAX_BODY", "MockgwServer"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4566
#: Largest request body accepted, in bytes. API Gateway's own payload limit is 10 MB; the
#: largest bodies these APIs take (ImportRestApi, ImportApiKeys, AppSync schemas) fit in it.
MAX_BODY = 10 * 1024 * 1024
#: Seconds a connection may stay silent (idle keep-alive, or a client sending slowly).
IDLE_TIMEOUT = 60.0
#: Seconds a request's head (request line and headers) may take to arrive.
HEADER_TIMEOUT = 10.0
#: Worker threads answering requests.
WORKERS = 16
#: Connections open at once; beyond it, the one quiet longest is closed.
MAX_CONNECTIONS = 4096
#: Connections the kernel queues before they are accepted (a burst of clients).
BACKLOG = 1024

log = logging.getLogger("mockgw.server")
_LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


class MockgwServer:
    """A live mockgw HTTP server with its own world (state), independent of in-process mocks.

    ``MockgwServer(port=0).start()`` serves on a free port from a background thread;
    :attr:`endpoint_url` is what clients pass as ``endpoint_url``. :meth:`serve_forever` serves
    from the calling thread instead (the CLI). It is a context manager that stops on exit.
    """

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        *,
        world: World | None = None,
        max_body: int = MAX_BODY,
        idle_timeout: float = IDLE_TIMEOUT,
        header_timeout: float = HEADER_TIMEOUT,
        workers: int = WORKERS,
        max_connections: int = MAX_CONNECTIONS,
        backlog: int = BACKLOG,
        quiet: bool = True,
        state_file: str | os.PathLike[str] | None = None,
        fsync: str = "always",
        compact_every: int = COMPACT_FRAMES,
        compactor: str = "process",
        admin_hosts: Iterable[str] = (),
    ) -> None:
        self.world = world if world is not None else World()
        self.dispatcher = Dispatcher(self.world)
        self.max_body = max_body
        self.quiet = quiet
        self.admin_hosts = {h.lower() for h in admin_hosts}
        self._thread: threading.Thread | None = None
        self._serving = threading.Event()
        self._stopped = False
        self._shutdown_lock = threading.Lock()
        self._shut = threading.Event()
        self._busy = _Gate()
        # ---- durability: load the state file before binding, so a bad file starts nothing
        self.state_file = (
            StateFile(
                state_file,
                self.world,
                fsync=fsync,
                compact_frames=max(1, compact_every),
                compactor=compactor,
            )
            if state_file
            else None
        )
        try:
            self._listener = listen(host, port, backlog)
        except BaseException:
            if self.state_file is not None:
                self.state_file.close()
            raise
        bound = self._listener.getsockname()
        self._address: tuple[str, int] = (str(bound[0]), int(bound[1]))
        self._loop = Loop(
            self._listener,
            self._respond,
            workers=max(1, workers),
            max_body=max_body,
            idle_timeout=idle_timeout,
            header_timeout=header_timeout,
            max_connections=max(1, max_connections),
            on_error=log.error,
        )

    # ------------------------------------------------------------------ address
    @property
    def host(self) -> str:
        return self._address[0]

    @property
    def port(self) -> int:
        return self._address[1]

    @property
    def endpoint_url(self) -> str:
        host = self.host
        if host in ("0.0.0.0", ""):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        return f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"

    @property
    def answering(self) -> int:
        """How many requests the server is answering at this moment (shutdown waits for them)."""
        return self._busy.busy

    @property
    def loopback(self) -> bool:
        """Whether only this machine can reach the server."""
        host = self.host
        return host == "localhost" or host.startswith("127.") or host == "::1"

    def reachable_at(self) -> str:
        """The address other machines reach a non-loopback server at (best effort, without
        sending anything: a UDP socket's route to a documentation address)."""
        host = self.host
        if host not in ("0.0.0.0", "::", ""):
            return host
        family = socket.AF_INET6 if host == "::" else socket.AF_INET
        probe = "2001:db8::1" if host == "::" else "192.0.2.1"
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))  # UDP: nothing is sent
                return str(udp.getsockname()[0])
        except Exception:  # no route, or a sandbox: say what we listen on
            return host

    def __repr__(self) -> str:
        return f"<mockgw.MockgwServer {self.endpoint_url}>"

    # ------------------------------------------------------------------ lifecycle
    def serve_forever(self, poll_interval: float = 0.25) -> None:
        """Serve until :meth:`shutdown` is called (from another thread or a signal handler)."""
        if self._stopped:
            return
        self._serving.set()
        try:
            self._loop.run(poll_interval)
        finally:
            self._serving.clear()

    def start(self) -> MockgwServer:
        """Serve from a daemon thread; returns once the server accepts connections."""
        if self._thread is not None:
            return self
        self._thread = threading.Thread(
            target=self.serve_forever, name=f"mockgw-server-{self.port}", daemon=True
        )
        self._thread.start()
        self._loop.running.wait(5)
        return self

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop accepting, answer the requests already being handled (for up to ``timeout``
        seconds; requests that arrive meanwhile get 503), stop serving, then close the journal.
        Safe to call more than once, from any thread: a later call returns once the first one
        is done."""
        with self._shutdown_lock:
            if self._stopped:
                first = False
            else:
                self._stopped = first = True
        if not first:
            self._shut.wait(timeout + 30)
            return
        try:
            self._stop(timeout)
        finally:
            self._shut.set()

    def _stop(self, timeout: float) -> None:
        self._loop.stop_accepting()
        with contextlib.suppress(OSError):
            self._listener.close()
        self._busy.close(timeout)  # ---- durability: no answer is left half-made
        self._loop.stop()
        if self._loop.running.is_set():
            self._loop.done.wait(5)
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(5)
        if self.state_file is not None:
            self.state_file.close()

    stop = shutdown

    def __enter__(self) -> MockgwServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.shutdown()

    # ------------------------------------------------------------------ state
    def reset(self) -> None:
        """Forget every resource of every service, account and region."""
        self.world.reset()

    @property
    def calls(self) -> Calls:
        """Every call the server answered since it started or was last reset, oldest first
        (what ``GET /_mockgw/calls`` returns; see :class:`mockgw.calls.Calls`)."""
        return Calls(self.world.calls.since())

    def snapshot(self) -> dict[str, Any]:
        """Every backend's state as JSON data (what ``GET /_mockgw/state`` returns)."""
        return snapshot.dump(self.world)

    def client(self, service: str, region_name: str = DEFAULT_REGION, **options: Any) -> Any:
        """A boto3 client for ``service`` pointed at this server, with throwaway credentials
        (``aws_access_key_id`` may be a 12-digit account id to choose the account)."""
        boto3: Any = importlib.import_module("boto3")
        options.setdefault("aws_access_key_id", "mockgw-testing")
        options.setdefault("aws_secret_access_key", "mockgw-testing")
        return boto3.client(
            service, region_name=region_name, endpoint_url=self.endpoint_url, **options
        )

    # ------------------------------------------------------------------ requests
    def _respond(self, request: Request, conn: Connection) -> tuple[WireResponse, bool]:
        """A worker's answer to one parsed request, and whether to close the connection."""
        head = request.head
        target = head.target
        if target.startswith(("http://", "https://")):  # absolute-form, as sent to a proxy
            parts = urlsplit(target)
            target = parts.path + ("?" + parts.query if parts.query else "")
        if not self._busy.enter():  # ---- durability: the server is stopping
            answer = error_response(503, "mockgw server is shutting down", "ServiceUnavailable")
            return answer, True
        started = time.perf_counter()
        try:
            answer = self.handle(head.method, target, head.headers, request.body)
        finally:
            self._busy.leave()
        if not self.quiet:
            _access_log(conn.peer, head.method, head.target, head.version, answer, started)
        return answer, not head.keep_alive

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> WireResponse:
        """Answer one request. ``headers`` have lower-case names. Never raises."""
        try:
            path, _, query = target.partition("?")
            path = path.split("#", 1)[0] or "/"
            if path.startswith(ADMIN_PREFIX) or path == ADMIN_PREFIX.rstrip("/"):
                self._check_admin(method, headers)
                return _admin.answer(self.world, method, path, body, query)
            # ---- data planes: calls to deployed stages (see the module docstring)
            routed = f"{path}?{query}" if query else path  # the planes read the query string
            called = dataplane.serve(self.world, method, routed, headers, body, door="server")
            if called is not None:
                return called
            caller = self._caller(method, path, query, headers)
            if caller.service not in SERVICES:  # ---- a service mockgw does not mock
                refused = _protocols.unmocked_service(
                    caller.service or "", method, path, headers, body
                )
                log_refusal(f"{caller.service!r} is not mocked: {method} {target}")
                return refused
            try:
                return _http.dispatch(
                    self.dispatcher, caller, method, path, query, headers, body, "server"
                )
            except UnsupportedOperationError as error:
                return error_response(501, str(error))
        except Reject as reject:
            return error_response(reject.status, reject.message)
        except JournalError as error:  # the change happened in memory but is not durable
            log.error("mockgw: %s", error)
            return error_response(
                503, f"mockgw cannot record the change: {error}", "ServiceUnavailable"
            )
        except Exception as error:  # the server must answer and stay up, whatever happened
            log.error("mockgw: error answering %s %s\n%s", method, target, traceback.format_exc())
            return error_response(
                500, f"mockgw failed to answer {method} {target}: {type(error).__name__}: {error}"
            )

    def _check_admin(self, method: str, headers: Mapping[str, str]) -> None:
        """``/_mockgw/*`` only for this machine's own clients (see the module docstring)."""
        host = headers.get("host", "").strip().lower()
        name, port = _split_host(host)
        if port is not None and port != str(self.port):
            name = ""
        own = {*_LOOPBACK, self.host.lower(), *self.admin_hosts}
        if name.strip("[]") not in {h.strip("[]") for h in own}:
            raise Reject(
                403,
                f"{ADMIN_PREFIX} answers only requests addressed to the server itself "
                f"(Host: 127.0.0.1:{self.port} or localhost:{self.port}), not Host: {host!r}; "
                "`mockgw server --admin-host NAME` allows another name",
            )
        if method in ("GET", "HEAD"):
            return
        kind = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if kind != "application/json":
            raise Reject(
                415,
                f"{ADMIN_PREFIX} takes only application/json requests (Content-Type: "
                f"application/json), not {kind or 'a request without a content type'}",
            )

    def _caller(self, method: str, path: str, query: str, headers: Mapping[str, str]) -> Caller:
        host = headers.get("host", "")
        caller = identify(headers, host) if is_aws_host(host) else identify(headers)
        if caller.service is not None:
            return caller
        # Unsigned, and not addressed to an AWS host: the path tells the service.
        parsed = parse_qs(query, keep_blank_values=True) if query else {}
        found = [s for s in SERVICES if model.spec(s).router.match(method, path, parsed)]
        if len(found) == 1:
            return dataclasses.replace(caller, service=found[0])
        raise Reject(
            404,
            f"No operation of {' or '.join(SERVICES)} matches {method} {path}. Sign the request "
            "(SigV4), or send it with the service's AWS Host header, to choose the service.",
        )


def _split_host(host: str) -> tuple[str, str | None]:
    """``(name, port or None)`` of a ``Host`` header (``[::1]:4566``, ``localhost``...)."""
    if host.startswith("["):
        end = host.find("]")
        if end < 0:
            return host, None
        rest = host[end + 1 :]
        return host[: end + 1], rest[1:] if rest.startswith(":") else None
    if host.count(":") == 1:
        name, _, port = host.partition(":")
        return name, port
    return host, None


class _Gate:
    """Counts the requests being answered; once closed, lets no new one in."""

    def __init__(self) -> None:
        self._done = threading.Condition()
        self._open = True
        self._busy = 0

    def enter(self) -> bool:
        with self._done:
            if self._open:
                self._busy += 1
            return self._open

    def leave(self) -> None:
        with self._done:
            self._busy -= 1
            if not self._busy:
                self._done.notify_all()

    def close(self, timeout: float) -> None:
        with self._done:
            self._open = False
            self._done.wait_for(lambda: not self._busy, timeout)

    @property
    def busy(self) -> int:
        with self._done:
            return self._busy


_log_lock = threading.Lock()


def write_line(text: str) -> None:
    """Write one whole line to stderr: one ``write`` under a lock, so lines from several
    threads never interleave."""
    data = (text.rstrip("\n") + "\n").encode("utf-8", "replace")
    with _log_lock:
        try:
            sys.stderr.flush()
            fd = sys.stderr.fileno()
        except (AttributeError, OSError, ValueError):
            sys.stderr.write(data.decode("utf-8"))
            return
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(fd, view) :]
            except InterruptedError:
                continue
            except OSError:
                return


def _access_log(
    peer: Any,
    method: str,
    target: str,
    version: tuple[int, int],
    answer: WireResponse,
    started: float,
) -> None:
    address = peer[0] if isinstance(peer, tuple) and peer else str(peer)
    when = time.strftime("%d/%b/%Y %H:%M:%S")
    millis = (time.perf_counter() - started) * 1000
    shown = target if len(target) <= 200 else target[:200] + "..."
    write_line(
        f'{address} - [{when}] "{method} {shown!s} HTTP/{version[0]}.{version[1]}" '
        f"{answer.status} {len(answer.body)} {millis:.1f}ms"
    )
