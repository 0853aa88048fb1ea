"""The connections of ``mockgw server``: one event-loop thread for every socket, a fixed pool of
worker threads for the requests.

The loop (``selectors``) accepts, reads and parses (:mod:`mockgw._http1`) every connection; a
connection costs a socket and a buffer, never a thread, so thousands of slow or idle clients
cannot grow the process beyond its connection limit. A whole request goes to the pool; the
worker answers it (``handle``), writes the answer itself when the socket takes it at once (the
usual case) and hands the connection back to the loop for the next request, or for the rest of
a large answer.

Time limits, checked by the loop: a request's head must arrive within ``header_timeout`` of its
first byte (slow-header clients), and no connection may stay silent longer than
``idle_timeout`` (between requests, or in the middle of one). When ``max_connections`` are
open, a new one evicts the connection that has been quiet longest (never one being answered).
After an error answer that closes the connection, what the client still sends is read and
dropped for a moment, so it reads the answer instead of a reset.
"""

from __future__ import annotations

import collections
import contextlib
import email.utils
import errno
import queue
import selectors
import socket
import threading
import time
from collections.abc import Callable
from http import HTTPStatus

from mockgw._http1 import HttpError, Parser, Request
from mockgw.wire.restjson import WireResponse

#: Bytes read from a socket at a time.
READ_SIZE = 65536
#: Seconds an answer that closes the connection waits for the client to stop sending.
LINGER = 1.0
#: Bytes read and dropped at most while lingering.
LINGER_BYTES = 1 << 20

Handler = Callable[[Request, "Connection"], "tuple[WireResponse, bool]"]


def status_line(status: int) -> str:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    return f"HTTP/1.1 {status} {reason}"


class _Date:
    """The ``Date`` header, formatted once a second."""

    def __init__(self) -> None:
        self._second = -1
        self._text = ""

    def __call__(self) -> str:
        now = int(time.time())
        if now != self._second:
            self._text = email.utils.formatdate(now, usegmt=True)
            self._second = now
        return self._text


_date = _Date()


def render(answer: WireResponse, *, head_only: bool, close: bool) -> bytes:
    """The bytes of an answer: status line, headers (``Content-Length`` and ``Connection``
    ours), body."""
    status = answer.status
    lines = [status_line(status), "Server: mockgw", "Date: " + _date()]
    for name, value in answer.headers.items():
        if name.lower() not in ("content-length", "connection", "server", "date"):
            text = str(value)
            if "\r" in text or "\n" in text:
                text = text.replace("\r", " ").replace("\n", " ")
            lines.append(f"{name}: {text}")
    bodiless = status in (204, 304) or 100 <= status < 200
    if not bodiless:
        lines.append(f"Content-Length: {len(answer.body)}")
    if close:
        lines.append("Connection: close")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
    return head if head_only or bodiless else head + answer.body


class Connection:
    """One client connection; the loop owns it except while a worker answers it (``busy``)."""

    __slots__ = (
        "busy",
        "closed",
        "closing",
        "continued",
        "dropped",
        "first_byte",
        "last_seen",
        "linger_until",
        "out",
        "parser",
        "peer",
        "sock",
    )  # fmt: skip

    def __init__(self, sock: socket.socket, peer: object, max_body: int) -> None:
        self.sock = sock
        self.peer = peer
        self.parser = Parser(max_body)
        self.out = b""  # answer bytes the socket has not taken yet
        self.busy = False
        self.closing = False  # close once ``out`` is written
        self.linger_until = 0.0  # reading and dropping input until then (after a close)
        self.dropped = 0
        now = time.monotonic()
        self.first_byte = 0.0  # when the current request's first byte came (0: none yet)
        self.last_seen = now
        self.closed = False
        self.continued = False  # 100 Continue sent for the current request


class Loop:
    """Serves ``listener`` until :meth:`stop`; ``handle(request, connection)`` answers a request
    on a worker thread and says whether to close the connection after it."""

    def __init__(
        self,
        listener: socket.socket,
        handle: Handler,
        *,
        workers: int,
        max_body: int,
        idle_timeout: float,
        header_timeout: float,
        max_connections: int,
        on_error: Callable[[str], None],
    ) -> None:
        self.listener = listener
        self.handle = handle
        self.max_body = max_body
        self.idle_timeout = idle_timeout
        self.header_timeout = header_timeout
        self.max_connections = max_connections
        self.on_error = on_error
        self.selector = selectors.DefaultSelector()
        self.connections: dict[int, Connection] = {}
        self._inbox: collections.deque[Connection] = collections.deque()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._woken = False
        self._stopping = False
        self._accepting = True
        self._work: queue.SimpleQueue[tuple[Connection, Request] | None] = queue.SimpleQueue()
        self._workers = [
            threading.Thread(target=self._work_loop, name=f"mockgw-worker-{i}", daemon=True)
            for i in range(workers)
        ]
        self.running = threading.Event()
        self.done = threading.Event()

    # ------------------------------------------------------------------ the loop
    def run(self, poll: float = 0.25) -> None:
        self.listener.setblocking(False)
        self.selector.register(self.listener, selectors.EVENT_READ, None)
        self.selector.register(self._wake_r, selectors.EVENT_READ, None)
        for worker in self._workers:
            worker.start()
        self.running.set()
        next_sweep = time.monotonic() + poll
        try:
            while not self._stopping:
                for key, _ in self.selector.select(poll):
                    sock = key.fileobj
                    if sock is self.listener:
                        self._accept()
                    elif sock is self._wake_r:
                        self._drain_wakeups()
                    else:
                        conn: Connection = key.data
                        if conn.out:
                            self._write(conn)
                        else:
                            self._read(conn)
                self._take_back()
                now = time.monotonic()
                if now >= next_sweep:
                    self._sweep(now)
                    next_sweep = now + poll
        finally:
            self._shutdown()

    def stop(self) -> None:
        """Ask the loop to end (from any thread); :attr:`done` is set once it has."""
        self._stopping = True
        self._wake()

    def stop_accepting(self) -> None:
        self._accepting = False
        self._wake()

    def _shutdown(self) -> None:
        for _ in self._workers:
            self._work.put(None)
        # Connections the workers handed back hold finished answers: send them (briefly, best
        # effort), then close every connection, those still busy included (their request
        # outlived shutdown's wait and was never answered), so no client waits on a socket
        # nobody serves any more.
        self._take_back()
        for conn in list(self.connections.values()):
            if conn.out and not conn.busy and not conn.closed:
                with contextlib.suppress(OSError):
                    conn.sock.settimeout(1.0)
                    conn.sock.sendall(conn.out)
            self._close(conn)
        with contextlib.suppress(OSError):
            self.selector.close()
        self._wake_r.close()
        self._wake_w.close()
        self.done.set()

    # ------------------------------------------------------------------ accepting
    def _accept(self) -> None:
        for _ in range(64):
            try:
                sock, peer = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:
                if error.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                    self._evict()  # out of descriptors: make room, take it next time
                return
            if not self._accepting:
                sock.close()
                continue
            if len(self.connections) >= self.max_connections:
                self._evict()
            sock.setblocking(False)
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn = Connection(sock, peer, self.max_body)
            self.connections[sock.fileno()] = conn
            self.selector.register(sock, selectors.EVENT_READ, conn)

    def _evict(self) -> None:
        """Close the connection quiet the longest (not one being answered)."""
        idle = [c for c in self.connections.values() if not c.busy]
        if idle:
            self._close(min(idle, key=lambda c: c.last_seen))

    # ------------------------------------------------------------------ reading
    def _read(self, conn: Connection) -> None:
        try:
            data = conn.sock.recv(READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._close(conn)
            return
        now = time.monotonic()
        conn.last_seen = now
        if not data:
            self._close(conn)  # the client is done (or went away)
            return
        if conn.linger_until:
            conn.dropped += len(data)
            if conn.dropped > LINGER_BYTES:
                self._close(conn)
            return
        if not conn.parser.started:
            conn.first_byte = now
        conn.parser.feed(data)
        self._advance(conn)

    def _advance(self, conn: Connection) -> None:
        """Parse what the connection has; hand a whole request to a worker."""
        parser = conn.parser
        try:
            request = parser.next_request()
        except HttpError as error:
            self._refuse(conn, error.status, error.message)
            return
        if request is None:
            head = parser.head
            if head is not None and head.expect_continue and not conn.continued:
                conn.continued = True
                self._send(conn, b"HTTP/1.1 100 Continue\r\n\r\n")
            if not parser.started:
                conn.first_byte = 0.0
            return
        conn.continued = False
        conn.busy = True
        conn.first_byte = 0.0
        self._unregister(conn)
        self._work.put((conn, request))

    def _refuse(self, conn: Connection, status: int, message: str) -> None:
        from mockgw._http import error_response  # the doors share one error form

        answer = render(error_response(status, message), head_only=False, close=True)
        conn.closing = True
        self._send(conn, answer)

    def _send(self, conn: Connection, data: bytes) -> None:
        """Write ``data`` (loop thread); what the socket does not take waits for writability."""
        conn.out += data
        self._write(conn)

    def _write(self, conn: Connection) -> None:
        try:
            sent = conn.sock.send(conn.out)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError:
            self._close(conn)
            return
        conn.out = conn.out[sent:]
        if conn.out:
            self._register(conn, selectors.EVENT_WRITE)
            return
        if conn.closing:
            self._linger(conn)
        else:
            self._register(conn, selectors.EVENT_READ)

    def _linger(self, conn: Connection) -> None:
        """Stop writing, and read and drop what the client still sends, briefly."""
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self._close(conn)
            return
        conn.linger_until = time.monotonic() + LINGER
        self._register(conn, selectors.EVENT_READ)

    # ------------------------------------------------------------------ the selector
    def _register(self, conn: Connection, events: int) -> None:
        if conn.closed:
            return
        try:
            self.selector.modify(conn.sock, events, conn)
        except KeyError:
            self.selector.register(conn.sock, events, conn)
        except (ValueError, OSError):
            self._close(conn)

    def _unregister(self, conn: Connection) -> None:
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.selector.unregister(conn.sock)

    def _close(self, conn: Connection) -> None:
        if conn.closed:
            return
        conn.closed = True
        self._unregister(conn)
        fd = conn.sock.fileno()
        if self.connections.get(fd) is conn:
            del self.connections[fd]
        with contextlib.suppress(OSError):
            conn.sock.close()

    # ------------------------------------------------------------------ time limits
    def _sweep(self, now: float) -> None:
        for conn in list(self.connections.values()):
            if conn.busy:
                continue
            if conn.linger_until:
                if now >= conn.linger_until:
                    self._close(conn)
            elif (
                conn.first_byte
                and conn.parser.head is None
                and now - conn.first_byte > self.header_timeout
            ):
                self._refuse(
                    conn,
                    408,
                    f"The request's headers did not arrive within {self.header_timeout:g} s",
                )
            elif now - conn.last_seen > self.idle_timeout and not self._pending(conn):
                self._close(conn)  # silent too long: between requests or in the middle of one

    @staticmethod
    def _pending(conn: Connection) -> bool:
        """Whether bytes wait unread on the socket (the client spoke just now: not idle)."""
        try:
            return bool(conn.sock.recv(1, socket.MSG_PEEK))
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            return False

    # ------------------------------------------------------------------ workers
    def _work_loop(self) -> None:
        while True:
            item = self._work.get()
            if item is None:
                return
            conn, request = item
            try:
                answer, close = self.handle(request, conn)
                data = render(answer, head_only=request.head.method == "HEAD", close=close)
            except BaseException as error:  # the handler answers every error itself
                self.on_error(f"mockgw: error answering a request: {error!r}")
                conn.closing = True
                self._give_back(conn)
                continue
            conn.closing = close
            try:
                sent = conn.sock.send(data)
            except (BlockingIOError, InterruptedError):
                sent = 0
            except OSError:
                sent = -1
            if sent < 0:
                conn.closing = True
                conn.out = b""
            else:
                conn.out = data[sent:]
            self._give_back(conn)

    def _give_back(self, conn: Connection) -> None:
        """Return a connection a worker answered to the loop."""
        self._inbox.append(conn)
        self._wake()

    def _wake(self) -> None:
        if not self._woken:
            self._woken = True
            with contextlib.suppress(OSError):
                self._wake_w.send(b"x")

    def _drain_wakeups(self) -> None:
        with contextlib.suppress(OSError):
            while self._wake_r.recv(4096):
                pass

    def _take_back(self) -> None:
        self._woken = False
        inbox = self._inbox
        while inbox:
            conn = inbox.popleft()
            conn.busy = False
            conn.last_seen = time.monotonic()
            if conn.closed:
                continue
            if conn.out:
                self._register(conn, selectors.EVENT_WRITE)
            elif conn.closing:
                if conn.out == b"" and conn.sock.fileno() >= 0:
                    self._linger(conn)
            else:
                self._register(conn, selectors.EVENT_READ)
                if conn.parser.buffer:  # a pipelined request already arrived
                    if conn.parser.started and not conn.first_byte:
                        conn.first_byte = conn.last_seen
                    self._advance(conn)

    @property
    def busy(self) -> int:
        return sum(1 for c in self.connections.values() if c.busy)


def listen(host: str, port: int, backlog: int) -> socket.socket:
    """A listening socket (no reverse DNS lookup, address reuse on)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except BaseException:
        sock.close()
        raise
    return sock
