"""``mockgw server`` holds against abuse: strict HTTP parsing, bounded concurrency under a flood
of slow connections, a burst of clients, test endpoints closed to web pages, whole log lines,
and a 4xx in AWS's error form for every bad input (never a 500 or a traceback)."""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import selectors
import socket
import statistics
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from mockgw import cli, snapshot
from mockgw.server import MockgwServer
from mockgw.services import definition
from mockgw.snapshot.tables import rows_of, seqs_of
from mockgw.state import World

ACCOUNT, REGION = "123456789012", "us-east-1"


@pytest.fixture
def server() -> Iterator[MockgwServer]:
    with MockgwServer(port=0, max_body=4096, idle_timeout=5, header_timeout=1.0) as running:
        yield running


def raw(server: MockgwServer, payload: bytes, wait: float = 5.0) -> bytes:
    """Send ``payload``; everything the server sends until it closes the connection."""
    with socket.create_connection((server.host, server.port), timeout=wait) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(payload)  # the server may answer and close before it all went
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass
    return b"".join(chunks)


def status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def message(answer: bytes) -> str:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"x-amzn-errortype:" in head.lower(), head
    text: str = json.loads(body)["message"]
    return text


POST = b"POST /apikeys HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
BODY = b'{"name": "k"}'
CHUNKED = POST + b"Transfer-Encoding: chunked\r\n\r\n"

#: name -> (request, status, words in the message); each answer closes the connection
MALFORMED: dict[str, tuple[bytes, int, str]] = {
    "chunk size not hex": (CHUNKED + b"zz\r\n", 400, "chunk size"),
    "signed chunk size": (CHUNKED + b"-5\r\n", 400, "chunk size"),
    "0x chunk size": (CHUNKED + b"0x5\r\n", 400, "chunk size"),
    "chunk size of 17 digits": (CHUNKED + b"1" * 17 + b"\r\n", 400, "chunk size"),
    "chunk size after a space": (CHUNKED + b" 5\r\n", 400, "chunk size"),
    "chunk extension too long": (CHUNKED + b"5;" + b"x" * 5000 + b"\r\n", 400, "chunk size"),
    "no CRLF after a chunk": (CHUNKED + b"5\r\nhelloXX0\r\n\r\n", 400, "no CRLF"),
    "signed Content-Length": (POST + b"Content-Length: +13\r\n\r\n" + BODY, 400, "Content-Length"),
    "negative Content-Length": (POST + b"Content-Length: -1\r\n\r\n", 400, "Content-Length"),
    "underscored Content-Length": (
        POST + b"Content-Length: 1_3\r\n\r\n" + BODY,
        400,
        "Content-Length",
    ),
    "spaced Content-Length": (POST + b"Content-Length: 1 3\r\n\r\n" + BODY, 400, "Content-Length"),
    "conflicting Content-Lengths": (
        POST + b"Content-Length: 13\r\nContent-Length: 14\r\n\r\n" + BODY,
        400,
        "Conflicting",
    ),
    "conflicting Content-Length list": (
        POST + b"Content-Length: 13, 12\r\n\r\n" + BODY,
        400,
        "Conflicting",
    ),
    "unknown Transfer-Encoding": (POST + b"Transfer-Encoding: gzip\r\n\r\n", 400, "gzip"),
    "chunked not last": (POST + b"Transfer-Encoding: chunked, gzip\r\n\r\n", 400, "Unsupported"),
    "Transfer-Encoding and Content-Length": (
        POST + b"Transfer-Encoding: chunked\r\nContent-Length: 13\r\n\r\n",
        400,
        "both",
    ),
    "Transfer-Encoding in HTTP/1.0": (
        b"POST /apikeys HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
        400,
        "HTTP/1.1",
    ),
    "too many trailers": (
        CHUNKED + b"0\r\n" + b"".join(b"X-T%d: v\r\n" % i for i in range(40)) + b"\r\n",
        413,
        "trailers",
    ),
    "trailers too large": (CHUNKED + b"0\r\nX-T: " + b"v" * 9000 + b"\r\n\r\n", 413, "trailers"),
    "malformed trailer": (CHUNKED + b"0\r\nno colon here\r\n\r\n", 400, "trailer"),
    "bare LF line ends": (b"GET /apikeys HTTP/1.1\nHost: x\n\n", 400, "CRLF"),
    "folded header": (b"GET /apikeys HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400, "Folded"),
    "space before the colon": (b"GET /apikeys HTTP/1.1\r\nHost : x\r\n\r\n", 400, "header"),
    "two Host headers": (b"GET /apikeys HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "Host"),
    "NUL in a header": (b"GET /apikeys HTTP/1.1\r\nX-A: a\x00b\r\n\r\n", 400, "characters"),
    "request line too long": (b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\n\r\n", 414, "longer"),
    "body larger than the limit": (POST + b"Content-Length: 5000\r\n\r\n", 413, "larger"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_framing_is_refused_and_the_connection_closed(
    server: MockgwServer, name: str
) -> None:
    request, expected, words = MALFORMED[name]
    answer = raw(server, request)  # raw() returns once the server has closed the connection
    assert status(answer) == expected, answer[:300]
    assert words in message(answer)
    assert b"\r\nConnection: close\r\n" in answer
    assert snapshot.dump(server.world) == {}  # nothing was executed


def test_well_formed_framing_is_accepted(server: MockgwServer) -> None:
    same_twice = POST + b"Content-Length: 13, 13\r\n\r\n" + BODY
    assert status(raw(server, same_twice + b"")) == 201
    chunked = CHUNKED + b"5;ext=1\r\n" + BODY[:5] + b"\r\n8\r\n" + BODY[5:] + b"\r\n"
    assert status(raw(server, chunked + b"0\r\nX-Trailer: ok\r\n\r\n")) == 201
    leading_blank_line = b"\r\n" + POST + b"Content-Length: 13\r\nConnection: close\r\n\r\n" + BODY
    assert status(raw(server, leading_blank_line)) == 201
    names = [
        k["name"] for k in snapshot.dump(server.world)["apigateway"][ACCOUNT][REGION]["api_keys"]
    ]
    assert names == ["k", "k", "k"]


def test_pipelined_requests_are_answered_in_order(server: MockgwServer) -> None:
    one = POST + b"Content-Length: 13\r\n\r\n" + BODY
    last = b"GET /apikeys HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    answer = raw(server, one + one + last)
    assert [int(s) for s in re.findall(rb"HTTP/1.1 (\d{3}) ", answer)] == [201, 201, 200]


def test_a_slow_header_is_cut_off_after_the_header_timeout(server: MockgwServer) -> None:
    started = time.monotonic()
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        for part in (b"GET /apikeys HTTP/1.1\r\n", b"Host: x\r\n", b"X-Slow: 1\r\n"):
            sock.sendall(part)  # every byte comes in time for the idle limit, not the header one
            time.sleep(0.5)
        answer = sock.recv(65536)
        assert sock.recv(65536) == b""
    assert status(answer) == 408 and "did not arrive within 1 s" in message(answer)
    assert time.monotonic() - started < 4


def p99(samples: list[float]) -> float:
    return sorted(samples)[max(0, int(len(samples) * 0.99) - 1)]


def test_a_flood_of_slow_connections_neither_grows_the_process_nor_slows_the_others() -> None:
    flood = 2000
    with MockgwServer(port=0, header_timeout=2.0, idle_timeout=30, workers=8) as server:
        threads_before = threading.active_count()
        slow: list[socket.socket] = []
        for i in range(flood):
            sock = socket.create_connection((server.host, server.port), timeout=10)
            sock.sendall(b"POST /apikeys HTTP/1.1\r\nHost: x\r\n" if i % 2 else b"G")
            slow.append(sock)
        latencies: list[float] = []
        conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
        try:
            for i in range(150):
                started = time.perf_counter()
                conn.request("POST", "/apikeys", body=b'{"name": "k%d"}' % i, headers=JSON_TYPE)
                answer = conn.getresponse()
                answer.read()
                latencies.append(time.perf_counter() - started)
                assert answer.status == 201
            assert threading.active_count() - threads_before <= 1  # this test's connection
            assert p99(latencies) < 1.0, statistics.quantiles(latencies, n=100)[-5:]
            time.sleep(3)  # the header timeout cuts the slow ones off
            closed = 0
            for sock in slow:
                sock.settimeout(5)
                try:
                    data = sock.recv(65536)
                    closed += data == b"" or data.startswith(b"HTTP/1.1 408")
                except OSError:
                    closed += 1
            assert closed == flood
            deadline = time.monotonic() + 10
            while len(server._loop.connections) > 1 and time.monotonic() < deadline:
                time.sleep(0.1)  # each lingers a moment for the client to hang up
            assert len(server._loop.connections) <= 1
        finally:
            conn.close()
            for sock in slow:
                sock.close()


JSON_TYPE = {"Content-Type": "application/json"}


def test_a_burst_of_400_clients_is_queued_and_served() -> None:
    with MockgwServer(port=0) as server:
        server.client("apigateway").get_api_keys()  # models loaded
        selector = selectors.DefaultSelector()
        request = b"GET /apikeys HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        socks = []
        for _ in range(400):
            sock = socket.socket()
            sock.setblocking(False)
            sock.connect_ex((server.host, server.port))
            socks.append(sock)
        answers: dict[socket.socket, bytes] = {}
        for sock in socks:
            selector.register(sock, selectors.EVENT_WRITE)
        deadline = time.monotonic() + 60
        while selector.get_map() and time.monotonic() < deadline:
            for key, events in selector.select(1):
                sock = key.fileobj  # type: ignore[assignment]
                if events & selectors.EVENT_WRITE:
                    sock.sendall(request)
                    selector.modify(sock, selectors.EVENT_READ)
                    answers[sock] = b""
                else:
                    data = sock.recv(65536)
                    answers[sock] += data
                    if not data:
                        selector.unregister(sock)
        for sock in socks:
            sock.close()
        assert len(answers) == 400
        assert all(a.startswith(b"HTTP/1.1 200 ") for a in answers.values())


# ------------------------------------------------------------------------------ /_mockgw/


def admin(server: MockgwServer, method: str, path: str, **headers: str) -> tuple[int, Any]:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=60)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name.replace("_", "-"), value)
    conn.endheaders()
    answer = conn.getresponse()
    data = answer.read()
    conn.close()
    return answer.status, (json.loads(data) if data else None), dict(answer.getheaders())  # type: ignore[return-value]


def test_test_endpoints_answer_only_the_server_itself_and_json() -> None:
    with MockgwServer(port=0, admin_hosts=["mockgw"]) as server:
        port = server.port
        own = f"127.0.0.1:{port}"
        assert admin(server, "GET", "/_mockgw/health", Host=own)[0] == 200
        assert admin(server, "GET", "/_mockgw/health", Host=f"localhost:{port}")[0] == 200
        assert admin(server, "GET", "/_mockgw/health", Host=f"[::1]:{port}")[0] == 200
        assert admin(server, "GET", "/_mockgw/health", Host=f"mockgw:{port}")[0] == 200
        for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1:{port + 1}", ""):
            code, body, headers = admin(server, "GET", "/_mockgw/state", Host=host)
            assert code == 403, host
            assert headers["x-amzn-ErrorType"] == "ForbiddenException"
            assert "answers only requests addressed to the server itself" in body["message"]
        code, body, _ = admin(server, "GET", "/_mockgw/state")  # no Host at all
        assert code == 403
        for kind in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
            code, body, _ = admin(server, "POST", "/_mockgw/reset", Host=own, Content_Type=kind)
            assert code == 415 and "application/json" in body["message"]
        code, body, _ = admin(server, "POST", "/_mockgw/reset", Host=own)  # a no-cors POST
        assert code == 415
        code, _, headers = admin(server, "OPTIONS", "/_mockgw/reset", Host=own)
        assert code >= 400 and not any(h.lower().startswith("access-control") for h in headers)
        code, body, _ = admin(
            server, "POST", "/_mockgw/reset", Host=own, Content_Type="application/json"
        )
        assert (code, body) == (200, {"reset": True})


def test_the_state_dump_copies_under_the_lock_and_serializes_outside_it() -> None:
    with MockgwServer(port=0) as server:
        backend = server.world.backend("apigateway", ACCOUNT, REGION)
        create = definition("apigateway").handlers["CreateApiKey"]
        for i in range(30_000):
            create(backend.state, {"name": f"key {i}"})
        held: list[float] = []
        lock = backend.lock

        class Timed:
            def __enter__(self) -> None:
                lock.acquire()
                self.at = time.perf_counter()

            def __exit__(self, *exc: Any) -> None:
                held.append(time.perf_counter() - self.at)
                lock.release()

            def acquire(self, *a: Any) -> bool:
                return lock.acquire(*a)

            def release(self) -> None:
                lock.release()

        backend.lock = Timed()  # type: ignore[assignment]
        started = time.perf_counter()
        code, body, _ = admin(server, "GET", "/_mockgw/state", Host=f"127.0.0.1:{server.port}")
        total = time.perf_counter() - started
        assert code == 200 and len(body["apigateway"][ACCOUNT][REGION]["api_keys"]) == 30_000
        assert held and max(held) < total / 3, (held, total)


# ------------------------------------------------------------------------------ logs


def test_log_lines_are_written_whole(capfd: pytest.CaptureFixture[str]) -> None:
    with MockgwServer(port=0, quiet=False) as server:
        clients = [server.client("apigateway") for _ in range(8)]

        def work(n: int) -> None:
            for i in range(15):
                clients[n].create_api_key(name=f"c{n}-{i}" + "x" * 200)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    lines = capfd.readouterr().err.splitlines()
    access = re.compile(r'^127\.0\.0\.1 - \[[^\]]+\] "POST /apikeys HTTP/1\.1" 201 \d+ [\d.]+ms$')
    assert len([line for line in lines if access.match(line)]) == 120
    assert all(access.match(line) for line in lines if "/apikeys" in line)


def test_a_server_reachable_from_other_machines_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MockgwServer, "loopback", property(lambda self: False))
    monkeypatch.setattr(MockgwServer, "reachable_at", lambda self: "192.0.2.7")
    monkeypatch.setattr(MockgwServer, "serve_forever", lambda self, *a: None)
    assert cli.serve("127.0.0.1", 0, quiet=True) == 0
    err = capsys.readouterr().err
    assert "WARNING: listening on 127.0.0.1:" in err
    assert "reachable from other machines at http://192.0.2.7:" in err


# ------------------------------------------------------------------------------ bad input


def call(server: MockgwServer, method: str, path: str, body: bytes) -> tuple[int, str, str]:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    conn.request(method, path, body=body, headers={**JSON_TYPE, "Host": f"127.0.0.1:{server.port}"})
    answer = conn.getresponse()
    data = json.loads(answer.read())
    conn.close()
    return answer.status, str(answer.getheader("x-amzn-ErrorType")), data.get("message", "")


BAD_INPUT: dict[str, tuple[str, str, bytes, str]] = {
    "deep JSON in a body": (
        "POST",
        "/apikeys",
        b'{"name": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        "",
    ),
    "deep JSON just inside the parser's reach": (
        "POST",
        "/apikeys",
        b'{"tags": {"a": ' + b"[" * 900 + b"]" * 900 + b"}}",
        "more than 64 levels",
    ),
    "Infinity in a body": (
        "POST",
        "/usageplans",
        b'{"name": "p", "throttle": {"rateLimit": Infinity}}',
        "json",
    ),
    "NaN in a body": (
        "POST",
        "/usageplans",
        b'{"name": "p", "throttle": {"rateLimit": NaN}}',
        "json",
    ),
    "a number too large for a double": (
        "POST",
        "/usageplans",
        b'{"name": "p", "throttle": {"rateLimit": 1e999}}',
        "json",
    ),
    "inf in a query": ("GET", "/apikeys?limit=inf", b"", ""),
    "deep JSON in a page token": ("GET", "/apikeys?position=" + "%5B" * 3000, b"", ""),
    "deep JSON in a snapshot": (
        "PUT",
        "/_mockgw/snapshot",
        b"[" * 5000 + b"]" * 5000,
        "JSON nested too deep",
    ),
    "deep JSON in a fault": (
        "POST",
        "/_mockgw/faults",
        b'{"service": "apigateway", "operation": "*", "error": ' + b"[" * 3000 + b"]" * 3000 + b"}",
        "",
    ),
    "Infinity as a fault's delay": (
        "POST",
        "/_mockgw/faults",
        b'{"service": "apigateway", "operation": "*", "delay": Infinity}',
        "not JSON",
    ),
    "a fault's delay that is no number": (
        "POST",
        "/_mockgw/faults",
        b'{"service": "apigateway", "operation": "*", "delay": "slow"}',
        "delay must be a number",
    ),
    "a fault's enormous delay": (
        "POST",
        "/_mockgw/faults",
        b'{"service": "apigateway", "operation": "*", "delay": 1e300}',
        "delay must be a number of seconds from 0 to 3600",
    ),
    "a fault's message that is a list": (
        "POST",
        "/_mockgw/faults",
        b'{"service": "apigateway", "operation": "*", "error": "ThrottlingException", '
        b'"message": [1]}',
        "message must be a string",
    ),
}


@pytest.mark.parametrize("name", list(BAD_INPUT))
def test_bad_input_anywhere_is_a_4xx_in_the_error_form(server: MockgwServer, name: str) -> None:
    method, path, body, words = BAD_INPUT[name]
    with MockgwServer(port=0, max_body=1 << 20) as roomy:
        code, kind, text = call(roomy, method, path, body)
        assert 400 <= code < 500, (code, kind, text)
        assert kind.endswith("Exception"), kind
        assert words in text, text
        assert call(roomy, "GET", "/apikeys", b"")[0] == 200  # and it carries on


def test_invalid_selection_patterns_and_over_deep_resource_trees_are_refused(
    server: MockgwServer,
) -> None:
    apigw = server.client("apigateway")
    api = apigw.create_rest_api(name="a")
    where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    apigw.put_method(**where, authorizationType="NONE")
    apigw.put_integration(**where, type="MOCK")
    with pytest.raises(apigw.exceptions.BadRequestException) as info:
        apigw.put_integration_response(**where, statusCode="200", selectionPattern="([0-9")
    assert info.value.response["Error"]["Message"].startswith("Invalid selection pattern specified")
    parent = api["rootResourceId"]
    for _ in range(300):
        parent = apigw.create_resource(restApiId=api["id"], parentId=parent, pathPart="p")["id"]
    with pytest.raises(apigw.exceptions.BadRequestException) as info:
        apigw.create_resource(restApiId=api["id"], parentId=parent, pathPart="deeper")
    assert (
        info.value.response["Error"]["Message"] == "Resource paths may be at most 300 levels deep"
    )


# ------------------------------------------------------------------------------ snapshots


def test_a_snapshot_of_an_inconsistent_world_is_refused_and_changes_nothing(
    server: MockgwServer,
) -> None:
    apigw = server.client("apigateway")
    key = apigw.create_api_key(name="k")
    apigw.create_api_key(name="k2")
    plan = apigw.create_usage_plan(name="p")
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    good = snapshot.snapshot(server.world)
    before = snapshot.dump(server.world)
    state = good["state"]["apigateway"][ACCOUNT][REGION]

    def as_rows(table: dict[str, Any]) -> None:
        """The table in the row layout (also read), so a test can change one value."""
        ids, rows = rows_of(table, "")
        table.update(ids=list(ids), seqs=seqs_of(table["seqs"], ""), rows=[list(r) for r in rows])
        del table["columns"], table["count"]

    def poisoned(change: Any) -> bytes:
        data = json.loads(json.dumps(good))
        state = data["state"]["apigateway"][ACCOUNT][REGION]
        as_rows(state["api_keys"])
        as_rows(state["usage_plans"])
        change(state)
        return json.dumps(data).encode()

    assert call(server, "PUT", "/_mockgw/snapshot", poisoned(lambda s: None))[0] == 200
    plans = state["usage_plans"]
    key_ids = plans["fields"].index("key_ids")
    cases = {
        "usage plan .* holds API key 'gone', which does not exist": lambda s: s["usage_plans"][
            "rows"
        ][0][key_ids].update(ids=["gone"], items=["gone"]),
        "two API keys have the same value": lambda s: s["api_keys"]["rows"][1].__setitem__(
            1, s["api_keys"]["rows"][0][1]
        ),
        r"\['x'\]: its id is": lambda s: s["api_keys"]["ids"].__setitem__(0, "x"),
        'expected an integer, found "soon"': lambda s: s["api_keys"]["rows"][0].__setitem__(
            6, "soon"
        ),
        "ApiKey.value|a row of 10 values": lambda s: s["api_keys"]["rows"][0].pop(),
        "the state says it is account": lambda s: s.update(account_id="999999999999"),
    }
    assert next(iter(rows_of(plans, "")[1]))[key_ids]["items"] == [key["id"]]
    for pattern, change in cases.items():
        code, kind, text = call(server, "PUT", "/_mockgw/snapshot", poisoned(change))
        assert code == 400 and kind == "BadRequestException", text
        assert re.search(pattern, text), (pattern, text)
        assert "\n" not in text
        assert snapshot.dump(server.world) == before  # untouched


def test_a_world_restored_from_a_snapshot_shares_nothing_with_it() -> None:
    world = World()
    state = world.backend("apigateway", ACCOUNT, REGION).state
    definition("apigateway").handlers["CreateApiKey"](state, {"name": "k", "tags": {"a": "1"}})
    saved = snapshot.snapshot(world)
    frozen = json.dumps(saved)
    for _ in range(2):
        snapshot.restore(world, saved)
        state = world.backend("apigateway", ACCOUNT, REGION).state
        definition("apigateway").handlers["CreateApiKey"](state, {"name": "more"})
        next(iter(state.api_keys.values())).tags["b"] = "2"
    assert json.dumps(saved) == frozen
