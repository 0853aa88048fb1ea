"""A strict HTTP/1.1 request parser for ``mockgw server``, fed bytes as they arrive.

Strict where leniency lets one request be read two ways (request smuggling) or lets a client
hold resources: only CRLF line ends; header names are tokens, with no space before the colon
and no folded lines; ``Content-Length`` is digits only (no sign, no ``_``, no white space
inside), and several must agree; ``Transfer-Encoding`` may only be ``chunked``, never beside a
``Content-Length``; a chunk size is 1 to 16 hex digits, its extensions and the trailers are
bounded; the request line and the header section are bounded in size and count. Every refusal
is an :class:`HttpError` with its status (400, 413, 414, 431, 505) and closes the connection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Largest request line, and largest header section (request line included), in bytes.
MAX_REQUEST_LINE = 16 * 1024
MAX_HEAD = 64 * 1024
MAX_HEADERS = 100
#: Largest chunk-size line (with its extensions), and trailer section, in bytes; most trailers.
MAX_CHUNK_LINE = 4096
MAX_TRAILERS = 8 * 1024
MAX_TRAILER_COUNT = 32

#: Methods answered; any other gets 501.
METHODS = frozenset(("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"))

_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_REQUEST_LINE = re.compile(rb"([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([^\x00-\x20\x7f]+) HTTP/(\d)\.(\d)")
_FIELD_VALUE = re.compile(rb"[^\x00-\x08\x0a-\x1f\x7f]*")
_DIGITS = re.compile(rb"[0-9]{1,18}")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(;[^\r\n]*)?")


class HttpError(Exception):
    """A request that cannot be read: answered with ``status`` and the connection closed."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Head:
    method: str
    target: str
    version: tuple[int, int]
    #: lower-case name -> value (repeated fields joined with ", ", as RFC 9110 allows)
    headers: dict[str, str]
    #: body length (None: chunked)
    length: int | None
    keep_alive: bool
    expect_continue: bool = False


@dataclass
class Request:
    head: Head
    body: bytes


@dataclass
class _Chunked:
    """Where a chunked body's reading stands."""

    parts: list[bytes] = field(default_factory=list)
    size: int = 0
    remaining: int = -1  # bytes of chunk data left to read; -1: a size line is next
    trailers: bool = False
    trailer_bytes: int = 0
    trailer_count: int = 0


class Parser:
    """One connection's requests, parsed from the bytes :meth:`feed` is given.

    ``next_request()`` returns a whole :class:`Request`, or None until more bytes arrive;
    :attr:`head` is set as soon as a request's head has been read (so an ``Expect:
    100-continue`` or an oversized body can be answered before the body is sent)."""

    def __init__(self, max_body: int) -> None:
        self.max_body = max_body
        self.buffer = bytearray()
        self.head: Head | None = None
        self._chunked: _Chunked | None = None
        self.started = False  # bytes of the current request have arrived

    def feed(self, data: bytes) -> None:
        self.buffer += data
        if data:
            self.started = True

    def next_request(self) -> Request | None:
        if self.head is None:
            self.head = self._parse_head()
            if self.head is None:
                return None
        head = self.head
        if head.length is not None:
            if len(self.buffer) < head.length:
                return None
            body = bytes(self.buffer[: head.length])
            del self.buffer[: head.length]
        else:
            found = self._read_chunked()
            if found is None:
                return None
            body = found
        self.head = None
        self._chunked = None
        self.started = bool(self.buffer)
        return Request(head, body)

    # ------------------------------------------------------------------ head
    def _parse_head(self) -> Head | None:
        buffer = self.buffer
        while buffer[:2] == b"\r\n":  # empty lines before a request line are ignored
            del buffer[:2]
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            line_end = buffer.find(b"\r\n")
            if line_end < 0 and len(buffer) > MAX_REQUEST_LINE:
                raise HttpError(414, f"The request line is longer than {MAX_REQUEST_LINE} bytes")
            if len(buffer) > MAX_HEAD:
                raise HttpError(431, f"The request's headers are larger than {MAX_HEAD} bytes")
            if b"\n" in buffer and b"\r\n" not in buffer and buffer.find(b"\n") < MAX_REQUEST_LINE:
                raise HttpError(400, "Request lines must end with CRLF")
            return None
        if end + 4 > MAX_HEAD:
            raise HttpError(431, f"The request's headers are larger than {MAX_HEAD} bytes")
        raw = bytes(buffer[:end])
        del buffer[: end + 4]
        lines = raw.split(b"\r\n")
        request_line = lines[0]
        if len(request_line) > MAX_REQUEST_LINE:
            raise HttpError(414, f"The request line is longer than {MAX_REQUEST_LINE} bytes")
        found = _REQUEST_LINE.fullmatch(request_line)
        if found is None:
            raise HttpError(400, f"Bad request line {request_line[:100]!r}")
        method, target, major, minor = found.groups()
        version = (int(major), int(minor))
        if version not in ((1, 1), (1, 0)):
            raise HttpError(505, f"HTTP version {major.decode()}.{minor.decode()} is not supported")
        if method.decode("ascii") not in METHODS:
            raise HttpError(501, f"Unsupported method ({method.decode('ascii')!r})")
        if len(lines) - 1 > MAX_HEADERS:
            raise HttpError(431, f"A request may have at most {MAX_HEADERS} header fields")
        headers: dict[str, str] = {}
        lengths: list[bytes] = []
        for line in lines[1:]:
            name, colon, value = line.partition(b":")
            if not colon or not _TOKEN.fullmatch(name):
                if line[:1] in (b" ", b"\t"):
                    raise HttpError(400, "Folded header lines are not accepted")
                raise HttpError(400, f"Bad header line {line[:100]!r}")
            value = value.strip(b" \t")
            if not _FIELD_VALUE.fullmatch(value):
                raise HttpError(400, f"Bad characters in header {name.decode()!r}")
            key = name.decode("ascii").lower()
            text = value.decode("latin-1")
            if key == "content-length":
                lengths += [part.strip(b" \t") for part in value.split(b",")]
            if key in headers:
                if key == "host":
                    raise HttpError(400, "A request may have one Host header only")
                headers[key] = f"{headers[key]}, {text}"
            else:
                headers[key] = text
        return self._framing(
            method.decode("ascii"), target.decode("latin-1"), version, headers, lengths
        )

    def _framing(
        self,
        method: str,
        target: str,
        version: tuple[int, int],
        headers: dict[str, str],
        lengths: list[bytes],
    ) -> Head:
        encoding = headers.get("transfer-encoding")
        length: int | None = 0
        if encoding is not None:
            if lengths:
                raise HttpError(
                    400, "A request may not have both Transfer-Encoding and Content-Length"
                )
            if version < (1, 1):
                raise HttpError(400, "Transfer-Encoding needs HTTP/1.1")
            if encoding.strip().lower() != "chunked":
                raise HttpError(400, f"Unsupported Transfer-Encoding {encoding!r}: only chunked is")
            length = None
        elif lengths:
            if not all(_DIGITS.fullmatch(part) for part in lengths):
                shown = headers["content-length"]
                raise HttpError(400, f"Invalid Content-Length header: {shown!r}")
            values = {int(part) for part in lengths}
            if len(values) != 1:
                raise HttpError(400, "Conflicting Content-Length headers")
            length = values.pop()
            if length > self.max_body:
                raise HttpError(
                    413,
                    f"Request body of {length} bytes is larger than mockgw's limit of "
                    f"{self.max_body} bytes",
                )
        connection = headers.get("connection", "").lower()
        tokens = {t.strip() for t in connection.split(",")}
        keep_alive = "close" not in tokens if version >= (1, 1) else "keep-alive" in tokens
        expect = headers.get("expect", "").strip().lower() == "100-continue" and version >= (1, 1)
        return Head(method, target, version, headers, length, keep_alive, expect)

    # ------------------------------------------------------------------ chunked bodies
    def _read_chunked(self) -> bytes | None:
        state = self._chunked
        if state is None:
            state = self._chunked = _Chunked()
        buffer = self.buffer
        while True:
            if state.trailers:
                end = buffer.find(b"\r\n")
                if end < 0:
                    if state.trailer_bytes + len(buffer) > MAX_TRAILERS:
                        raise HttpError(413, f"The trailers are larger than {MAX_TRAILERS} bytes")
                    return None
                line = bytes(buffer[:end])
                del buffer[: end + 2]
                if not line:
                    return b"".join(state.parts)
                state.trailer_bytes += end + 2
                state.trailer_count += 1
                if state.trailer_bytes > MAX_TRAILERS or state.trailer_count > MAX_TRAILER_COUNT:
                    raise HttpError(413, f"The trailers are larger than {MAX_TRAILERS} bytes")
                name, colon, _ = line.partition(b":")
                if not colon or not _TOKEN.fullmatch(name):
                    raise HttpError(400, "Malformed trailer in the chunked request body")
                continue
            if state.remaining < 0:
                end = buffer.find(b"\r\n")
                if end < 0:
                    if len(buffer) > MAX_CHUNK_LINE:
                        raise HttpError(400, "Malformed chunked request body (chunk size line)")
                    return None
                line = bytes(buffer[:end])
                if end > MAX_CHUNK_LINE or not _CHUNK_SIZE.fullmatch(line):
                    raise HttpError(400, "Malformed chunked request body (chunk size)")
                del buffer[: end + 2]
                size = int(_CHUNK_SIZE.fullmatch(line).group(1), 16)  # type: ignore[union-attr]
                if size == 0:
                    state.trailers = True
                    continue
                state.size += size
                if state.size > self.max_body:
                    raise HttpError(
                        413, f"Request body is larger than mockgw's limit of {self.max_body} bytes"
                    )
                state.remaining = size
            if len(buffer) < state.remaining + 2:
                return None
            if buffer[state.remaining : state.remaining + 2] != b"\r\n":
                raise HttpError(400, "Malformed chunked request body (no CRLF after a chunk)")
            state.parts.append(bytes(buffer[: state.remaining]))
            del buffer[: state.remaining + 2]
            state.remaining = -1
