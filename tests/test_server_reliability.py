"""``mockgw server`` under attack: 50 concurrent boto3 clients keep being served while other
connections send malformed, oversized, truncated and slow requests.

Every attacker gets an HTTP 4xx with AWS's JSON error form (or, for a client too slow to finish
its request, a closed connection once the idle timeout passes); no well-behaved client sees an
error; the state holds exactly what the well-behaved clients created; and the server is healthy
afterwards.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from botocore.config import Config

from mockgw.server import MockgwServer

CLIENTS = 50
PER_CLIENT = 3
MAX_BODY = 64 * 1024
IDLE = 1.0


@pytest.fixture
def server() -> Iterator[MockgwServer]:
    with MockgwServer(port=0, max_body=MAX_BODY, idle_timeout=IDLE) as running:
        yield running


def exchange(
    server: MockgwServer, payload: bytes, *, wait: float = 5.0, then: bytes = b""
) -> bytes:
    """Send ``payload`` (and ``then`` after a pause) on a fresh connection; return everything
    the server sends until it closes the connection or goes quiet."""
    with socket.create_connection((server.host, server.port), timeout=wait) as sock:
        try:
            sock.sendall(payload)
            if then:
                time.sleep(0.05)
                sock.sendall(then)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before we finished: read what it said
        chunks: list[bytes] = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if _complete(b"".join(chunks)):
                    break
        except (TimeoutError, ConnectionResetError):
            pass
    return b"".join(chunks)


def _complete(data: bytes) -> bool:
    head, found, body = data.partition(b"\r\n\r\n")
    if not found:
        return False
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return True


def assert_json_4xx(answer: bytes, *statuses: int) -> None:
    assert answer.startswith(b"HTTP/1.1 "), answer[:200]
    status = int(answer.split(b" ", 2)[1])
    assert status in statuses, answer[:300]
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"x-amzn-errortype:" in head.lower(), head
    assert isinstance(json.loads(body)["message"], str)


JSON_HEAD = b"Host: 127.0.0.1\r\nContent-Type: application/json\r\n"

#: name -> (payload, what comes after a pause, acceptable statuses)
ATTACKS: dict[str, tuple[bytes, bytes, tuple[int, ...]]] = {
    "garbage request line": (b"\x00\xff GARBAGE \x01\r\n\r\n", b"", (400,)),
    "unknown HTTP version": (b"GET /apikeys HTTP/9.9\r\n\r\n", b"", (400, 505)),
    "bad content length": (
        b"POST /apikeys HTTP/1.1\r\n" + JSON_HEAD + b"Content-Length: ten\r\n\r\n",
        b"",
        (400,),
    ),
    "oversized body": (
        b"POST /apikeys HTTP/1.1\r\n" + JSON_HEAD + b"Content-Length: %d\r\n\r\n" % (MAX_BODY + 1),
        b"x" * 4096,
        (413,),
    ),
    "oversized chunked body": (
        b"POST /apikeys HTTP/1.1\r\n" + JSON_HEAD + b"Transfer-Encoding: chunked\r\n\r\n",
        b"".join(b"4000\r\n" + b"x" * 0x4000 + b"\r\n" for _ in range(5)) + b"0\r\n\r\n",
        (413,),
    ),
    "malformed chunks": (
        b"POST /apikeys HTTP/1.1\r\n" + JSON_HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"",
        (400,),
    ),
    "header line too long": (
        b"GET /apikeys HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",
        b"",
        (400, 431),
    ),
    "too many headers": (
        b"GET /apikeys HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(150)) + b"\r\n",
        b"",
        (400, 431),
    ),
    "malformed json": (
        b"POST /apikeys HTTP/1.1\r\n" + JSON_HEAD + b"Content-Length: 9\r\n\r\n{not json",
        b"",
        (400,),
    ),
    "json nested too deep": (
        b"POST /apikeys HTTP/1.1\r\n" + JSON_HEAD + b"Content-Length: 40000\r\n\r\n",
        b"[" * 20_000 + b"]" * 20_000,
        (400,),
    ),
    "wrong types": (
        b"POST /apikeys HTTP/1.1\r\n" + JSON_HEAD + b'Content-Length: 16\r\n\r\n{"enabled":"no"}',
        b"",
        (400,),
    ),
    "unknown path": (b"GET /nothing/here HTTP/1.1\r\nHost: x\r\n\r\n", b"", (404,)),
    "odd bytes in an id": (b"GET /apikeys/%ff%00%2F.. HTTP/1.1\r\nHost: x\r\n\r\n", b"", (404,)),
}


def slowloris(server: MockgwServer) -> float:
    """Start a request and never finish it; returns how long the server took to hang up."""
    started = time.monotonic()
    with socket.create_connection((server.host, server.port), timeout=IDLE * 6) as sock:
        sock.sendall(b'POST /apikeys HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{"na')
        assert sock.recv(1024) in (b"",) or sock.recv(1024) == b""
    return time.monotonic() - started


def abandoned(server: MockgwServer) -> None:
    """Connections opened and dropped: at once, and in the middle of a body. (Dropped in the
    middle of the headers is its own test below.)"""
    for payload in (b"", b"POST /apikeys HTTP/1.1\r\nContent-Length: 99\r\n\r\n{"):
        sock = socket.create_connection((server.host, server.port), timeout=2)
        if payload:
            sock.sendall(payload)
        sock.close()


def test_fifty_clients_are_served_while_others_misbehave(server: MockgwServer) -> None:
    config = Config(retries={"max_attempts": 0}, max_pool_connections=1, read_timeout=30)
    clients = [server.client("apigateway", config=config) for _ in range(CLIENTS)]
    start = threading.Barrier(CLIENTS + len(ATTACKS) + 2)

    def well_behaved(n: int) -> list[str]:
        client = clients[n]
        start.wait(30)
        made = []
        for i in range(PER_CLIENT):
            key = client.create_api_key(name=f"c{n}-{i}", enabled=True)
            assert client.get_api_key(apiKey=key["id"])["name"] == f"c{n}-{i}"
            made.append(key["id"])
        return made

    def attack(name: str) -> Callable[[], Any]:
        payload, then, statuses = ATTACKS[name]

        def run() -> None:
            start.wait(30)
            answer = exchange(server, payload, then=then)
            try:
                assert_json_4xx(answer, *statuses)
            except AssertionError as error:
                raise AssertionError(f"{name}: {error}") from None

        return run

    def slow() -> float:
        start.wait(30)
        return slowloris(server)

    def drop() -> None:
        start.wait(30)
        abandoned(server)

    with ThreadPoolExecutor(CLIENTS + len(ATTACKS) + 2) as pool:
        attacks = [pool.submit(attack(name)) for name in ATTACKS]
        slow_one = pool.submit(slow)
        dropped = pool.submit(drop)
        served = [pool.submit(well_behaved, n) for n in range(CLIENTS)]
        ids = [key_id for future in served for key_id in future.result(60)]
        for future in attacks:
            future.result(60)
        dropped.result(60)
        assert slow_one.result(60) < IDLE * 5

    assert len(ids) == len(set(ids)) == CLIENTS * PER_CLIENT
    items = clients[0].get_api_keys(limit=500)["items"]
    extra = [k for k in items if k["id"] not in ids]
    assert sorted(k["id"] for k in items) == sorted(ids), f"attacks created or lost keys: {extra}"
    health = exchange(server, b"GET /_mockgw/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert health.startswith(b"HTTP/1.1 200")


@pytest.mark.parametrize("name", list(ATTACKS))
def test_each_attack_alone_gets_a_json_4xx_and_the_server_carries_on(
    server: MockgwServer, name: str
) -> None:
    payload, then, statuses = ATTACKS[name]
    assert_json_4xx(exchange(server, payload, then=then), *statuses)
    client = server.client("apigateway")
    assert client.create_api_key(name="after")["name"] == "after"
    assert [k["name"] for k in client.get_api_keys()["items"]] == ["after"]


@pytest.mark.parametrize(
    "truncated",
    [b"POST /apikeys HTTP/1.1\r\n", b"POST /apikeys HTTP/1.1\r\nHost: x\r\nX-Cut: ab"],
    ids=["after the request line", "inside a header"],
)
def test_a_request_cut_off_inside_its_headers_is_not_executed(
    server: MockgwServer, truncated: bytes
) -> None:
    """Found by this suite: http.server's header parser stops at end of file as if at the blank
    line, so a request whose client hung up inside its headers was executed."""
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(truncated)
        sock.shutdown(socket.SHUT_WR)  # the client is done sending: the headers never end
        answer = sock.recv(65536)
    assert not answer.startswith(b"HTTP/1.1 2"), answer[:100]
    assert server.client("apigateway").get_api_keys()["items"] == []
