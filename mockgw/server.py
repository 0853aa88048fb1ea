"""``mockgw server``: the dispatcher over HTTP/1.1, for clients outside the Python process.

The HTTP stack is the standard library's ``http.server.ThreadingHTTPServer``: one thread per
connection, persistent connections (HTTP/1.1 keep-alive), and no dependency. The dispatcher is
synchronous, CPU-bound Python behind the GIL, so an event loop or a pre-forking server would buy
no throughput, and pre-forking would split the one in-memory world across processes. What
the stdlib lacks for a server that must stay up whatever a client sends, this module adds: AWS's
error form for every error (``x-amzn-ErrorType`` + ``{"message"}``, never an HTML page), a body
size limit checked before ``100 Continue``, chunked request bodies, an idle/slow-client timeout,
one ``write`` per response with Nagle off (no 40 ms delayed-ACK stalls on keep-alive), and no
reverse DNS lookup at bind time.

Service, region and account come from the SigV4 scope (``Credential=AKID/date/region/service``)
or an AWS ``Host`` header; an unsigned request to ``127.0.0.1`` is routed by its path (API
Gateway's and AppSync's paths do not overlap) in the default region and account.

Deployed REST API stages are served as API Gateway serves them (API keys, usage plans, MOCK
integrations; see ``services/apigateway/invoke/``) at
``/restapis/{restApiId}/{stage}/_user_request_/{path}`` (LocalStack's form, so a test can
switch), and at ``/{stage}/{path}`` when the ``Host`` header is
``{restApiId}.execute-api.localhost[:port]`` (or the AWS host name).

Endpoints for tests live under ``/_mockgw/``: ``GET health``, ``GET state`` (every backend as
JSON, see :mod:`mockgw.snapshot`) and ``POST reset`` (resources, faults and recorded calls);
``GET``/``POST``/``DELETE faults`` and ``DELETE faults/{id}`` (see :mod:`mockgw.faults`);
``GET``/``PUT snapshot`` (the exact state); ``GET``/``DELETE calls`` (the recorded calls);
``GET operations`` (the supported operations). See :mod:`mockgw._admin`.

A request for a service mockgw does not mock is answered ``501 NotImplemented`` in that
service's own protocol (XML for S3 and the query services, JSON-RPC for DynamoDB...), so every
SDK can read the message: see :mod:`mockgw._protocols`.

With ``state_file`` (``mockgw server --state FILE``) the server loads that snapshot when it is
made, and saves it atomically when it shuts down, after the last request it accepted has been
answered: requests that arrive while it stops get ``503 ServiceUnavailable``, never a success
the file would not hold.
"""

from __future__ import annotations

import dataclasses
import email.utils
import importlib
import logging
import os
import socket
import socketserver
import sys
import threading
import traceback
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mockgw import _admin, _http, _protocols, dataplane, snapshot
from mockgw._admin import ADMIN_PREFIX
from mockgw._dispatch import Caller, Dispatcher, identify, is_aws_host
from mockgw._http import Reject, error_response
from mockgw.calls import Calls, log_refusal
from mockgw.errors import UnsupportedOperationError
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

log = logging.getLogger("mockgw.server")


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
        quiet: bool = True,
        state_file: str | os.PathLike[str] | None = None,
    ) -> None:
        self.world = world if world is not None else World()
        # ---- snapshots: load the state file before binding, so a bad file starts nothing
        self.state_file = snapshot.StateFile(state_file, self.world) if state_file else None
        self._gate = _Gate()
        self.dispatcher = Dispatcher(self.world)
        self.max_body = max_body
        self.quiet = quiet
        self._thread: threading.Thread | None = None
        self._serving = threading.Event()
        self._httpd = _HTTPServer(host, port, self, idle_timeout)

    # ------------------------------------------------------------------ address
    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def endpoint_url(self) -> str:
        host = self.host
        if host in ("0.0.0.0", ""):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        return f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"

    def __repr__(self) -> str:
        return f"<mockgw.MockgwServer {self.endpoint_url}>"

    # ------------------------------------------------------------------ lifecycle
    def serve_forever(self, poll_interval: float = 0.2) -> None:
        """Serve until :meth:`shutdown` is called (from another thread or a signal handler)."""
        self._serving.set()
        try:
            self._httpd.serve_forever(poll_interval)
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
        self._serving.wait(5)
        return self

    def shutdown(self) -> None:
        """Stop serving and close the listening socket. Safe to call more than once."""
        if self._serving.is_set():
            self._httpd.shutdown()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(5)
        self._httpd.server_close()
        # ---- snapshots: answer what was accepted, refuse the rest, then save (once)
        self._gate.close(timeout=10)
        if self.state_file is not None:
            self.state_file.save_once()

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
    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> WireResponse:
        """Answer one request. ``headers`` have lower-case names. Never raises."""
        try:
            path, _, query = target.partition("?")
            path = path.split("#", 1)[0] or "/"
            if path.startswith(ADMIN_PREFIX) or path == ADMIN_PREFIX.rstrip("/"):
                return _admin.answer(self.world, method, path, body, query)
            # ---- data planes: calls to deployed stages (see the module docstring)
            called = dataplane.serve(self.world, method, path, headers, body, door="server")
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
        except Exception as error:  # the server must answer and stay up, whatever happened
            log.error("mockgw: error answering %s %s\n%s", method, target, traceback.format_exc())
            return error_response(
                500, f"mockgw failed to answer {method} {target}: {type(error).__name__}: {error}"
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


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a client holding a connection open never blocks shutdown
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, host: str, port: int, app: MockgwServer, idle_timeout: float) -> None:
        self.app = app
        self.idle_timeout = idle_timeout
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would resolve our own name with socket.getfqdn: a reverse DNS
        # lookup that can stall on a machine without a resolver. The name is never used.
        socketserver.TCPServer.server_bind(self)
        self.server_name = str(self.server_address[0])
        self.server_port = int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # a client went away: nothing to report
        log.error(
            "mockgw: error on a connection from %s\n%s", client_address, traceback.format_exc()
        )


class _LineTracker:
    """The request stream, remembering the last line read (``b""`` means end of file)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.last_line: bytes | None = None

    def readline(self, limit: int = -1) -> bytes:
        line: bytes = self._stream.readline(limit)
        self.last_line = line
        return line

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "mockgw"
    sys_version = ""
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_timeout)
        self.rfile = _LineTracker(self.rfile)  # type: ignore[assignment]

    # Every method the stdlib parses reaches the same handler; the dispatcher decides.
    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    def _serve(self) -> None:
        app = self.server.app
        if getattr(self.rfile, "last_line", None) == b"":
            # http.client's header parser takes end-of-file for the blank line that ends the
            # headers: a client that hung up mid-headers must not have its request executed.
            self.close_connection = True
            self._send(error_response(400, "The request ended before its headers did"))
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            body = self._read_body(headers, app.max_body)
        except Reject as reject:
            if reject.close:
                self.close_connection = True
            self._send(error_response(reject.status, reject.message))
            return
        except (TimeoutError, ConnectionError, OSError):
            self.close_connection = True
            return
        target = self.path
        if target.startswith(("http://", "https://")):  # absolute-form, as sent to a proxy
            parts = urlsplit(target)
            target = parts.path + ("?" + parts.query if parts.query else "")
        if not app._gate.enter():  # ---- snapshots: the server is stopping
            self.close_connection = True
            self._send(error_response(503, "mockgw server is shutting down", "ServiceUnavailable"))
            return
        try:
            self._send(app.handle(self.command, target, headers, body))
        finally:
            app._gate.leave()

    def _read_body(self, headers: Mapping[str, str], limit: int) -> bytes:
        if "chunked" in headers.get("transfer-encoding", "").lower():
            return self._read_chunked(limit)
        raw = headers.get("content-length")
        if raw is None:
            return b""
        try:
            length = int(raw.strip())
            if length < 0:
                raise ValueError
        except ValueError:
            raise Reject(400, f"Invalid Content-Length header: {raw!r}", close=True) from None
        if length > limit:
            raise Reject(
                413,
                f"Request body of {length} bytes is larger than mockgw's limit of {limit} bytes",
                close=True,
            )
        body = self.rfile.read(length)
        if len(body) < length:
            raise ConnectionError("client closed the connection mid-body")
        return body

    def _read_chunked(self, limit: int) -> bytes:
        parts: list[bytes] = []
        size_so_far = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
                if size < 0:
                    raise ValueError
            except ValueError:
                raise Reject(400, "Malformed chunked request body", close=True) from None
            if size == 0:
                break
            size_so_far += size
            if size_so_far > limit:
                raise Reject(
                    413, f"Request body is larger than mockgw's limit of {limit} bytes", close=True
                )
            chunk = self.rfile.read(size)
            if len(chunk) < size or self.rfile.read(2) != b"\r\n":
                raise Reject(400, "Malformed chunked request body", close=True)
            parts.append(chunk)
        while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
            pass  # trailers
        return b"".join(parts)

    def handle_expect_100(self) -> bool:
        # Refuse an oversized body before the client sends it.
        raw = self.headers.get("Content-Length", "0") or "0"
        if raw.strip().isdigit() and int(raw) > self.server.app.max_body:
            self.close_connection = True
            self._send(
                error_response(
                    413,
                    f"Request body of {int(raw)} bytes is larger than mockgw's limit of "
                    f"{self.server.app.max_body} bytes",
                )
            )
            return False
        return super().handle_expect_100()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The stdlib's protocol errors (bad request line, unknown method, huge headers), in
        AWS's error form instead of an HTML page."""
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = ""
        text = message or phrase or "Bad request"
        if explain:
            text = f"{text}: {explain}"
        self.close_connection = True
        if not hasattr(self, "command") or self.command is None:
            self.command = "GET"
        if not hasattr(self, "request_version"):
            self.request_version = "HTTP/1.1"
        self._send(error_response(code, text))

    def _send(self, answer: WireResponse) -> None:
        status = answer.status
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        lines = [f"HTTP/1.1 {status} {reason}"]
        lines.append("Server: mockgw")
        lines.append("Date: " + email.utils.formatdate(usegmt=True))
        for name, value in answer.headers.items():
            if name.lower() not in ("content-length", "connection", "server", "date"):
                lines.append(f"{name}: {_header_value(value)}")
        body = answer.body if self.command != "HEAD" and status not in (204, 304) else b""
        if status not in (204, 304):
            lines.append(f"Content-Length: {len(answer.body)}")
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        try:
            self.wfile.write(head + body)
        except OSError:
            self.close_connection = True
            return
        if not self.server.app.quiet:
            self.log_request(status, len(body))

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.app.quiet:
            sys.stderr.write(f"{self.address_string()} - [{self.log_date_time_string()}] ")
            sys.stderr.write((format % args) + "\n")


def _header_value(value: Any) -> str:
    text = str(value)
    return text.replace("\r", " ").replace("\n", " ")
