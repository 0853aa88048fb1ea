"""Snapshots: the exact state to JSON and back, in files, and across `mockgw server --state`
restarts (SIGTERM and SIGINT)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import http.client
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mockgw
from mockgw import snapshot
from mockgw.journal import load_into
from mockgw.server import MockgwServer
from mockgw.services._shared.store import Store
from mockgw.snapshot import SnapshotError
from mockgw.snapshot.tables import seqs_of
from mockgw.state import World

ROOT = Path(__file__).resolve().parent.parent
OTHER_ACCOUNT = "111122223333"


def client(service: str, region: str = "us-east-1", account: str | None = None) -> Any:
    """A client that works whenever a mock is active (its credentials are explicit)."""
    return boto3.client(
        service,
        region_name=region,
        aws_access_key_id=account or "mockgw-testing",
        aws_secret_access_key="mockgw-testing",
    )


def same(a: Any, b: Any, where: str = "state") -> None:
    """``a`` and ``b`` are equal values of exactly the same types, all the way down (Stores
    included: ids, sequence numbers and the next sequence number)."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, Store):
        assert (a._ids, a._seqs) == (b._ids, b._seqs), where
        assert a._next == b._next, where
        for item_id in a._ids:
            same(a.get(item_id), b.get(item_id), f"{where}[{item_id}]")
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            if f.metadata.get("snapshot", True):  # derived fields are not state
                same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            same(a[key], b[key], f"{where}[{key!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def states(world: World) -> dict[tuple[str, str, str], Any]:
    found = {(b.service, b.account_id, b.region): b.state for b in world.backends()}
    return dict(sorted(found.items()))


# ------------------------------------------------------------------------------ round trips


def build_rich_state() -> dict[str, Any]:
    apigw, appsync = client("apigateway"), client("appsync")
    far = client("apigateway", "eu-west-1", OTHER_ACCOUNT)
    keys = [
        apigw.create_api_key(name=f"k{i}", enabled=i % 2 == 0, tags={"i": str(i)}) for i in range(5)
    ]
    apigw.delete_api_key(apiKey=keys[-1]["id"])  # the newest: the store's next number stays 6
    api = apigw.create_rest_api(name="orders", binaryMediaTypes=["image/png"])
    pets = apigw.create_resource(
        restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets"
    )
    apigw.put_method(
        restApiId=api["id"],
        resourceId=pets["id"],
        httpMethod="GET",
        authorizationType="NONE",
        apiKeyRequired=True,
        requestParameters={"method.request.querystring.page": False},
    )
    apigw.put_integration(
        restApiId=api["id"],
        resourceId=pets["id"],
        httpMethod="GET",
        type="MOCK",
        requestTemplates={"application/json": '{"statusCode": 200}'},
    )
    apigw.create_deployment(restApiId=api["id"], stageName="dev", variables={"v": "1"})
    plan = apigw.create_usage_plan(
        name="basic",
        apiStages=[{"apiId": api["id"], "stage": "dev"}],
        throttle={"rateLimit": 10.5, "burstLimit": 20},
        quota={"limit": 5000, "period": "MONTH"},
    )
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=keys[0]["id"], keyType="API_KEY")
    far.create_api_key(name="far away")
    graphql = appsync.create_graphql_api(name="g", authenticationType="API_KEY", tags={"t": "1"})
    appsync.create_api_key(apiId=graphql["graphqlApi"]["apiId"], description="d")
    return {"api": api, "keys": keys, "plan": plan, "graphql": graphql["graphqlApi"]}


def test_restore_rebuilds_the_exact_state_from_json() -> None:
    with mockgw.mock() as m:
        built = build_rich_state()
        apigw = client("apigateway")
        page = apigw.get_api_keys(limit=2, includeValues=True)
        rest = apigw.get_api_keys(position=page["position"], includeValues=True)["items"]
        before = states(m.world)
        saved = json.loads(json.dumps(m.snapshot()))
    with mockgw.mock() as fresh:  # a new, empty world
        fresh.restore(saved)
        same(before, states(fresh.world))
        assert fresh.snapshot() == saved
        apigw = client("apigateway")
        # a pagination token handed out before the snapshot still works after the restore
        again = apigw.get_api_keys(position=page["position"], includeValues=True)["items"]
        assert again == rest
        # new items are numbered after every old one (even the deleted newest), and list first
        new = apigw.create_api_key(name="new")
        saved_keys = saved["state"]["apigateway"]["123456789012"]["us-east-1"]["api_keys"]
        assert seqs_of(saved_keys["seqs"], "") == [1, 2, 3, 4] and saved_keys["next"] == 6
        now = fresh.snapshot()["state"]["apigateway"]["123456789012"]["us-east-1"]["api_keys"]
        assert seqs_of(now["seqs"], "") == [1, 2, 3, 4, 6]
        assert [k["name"] for k in apigw.get_api_keys()["items"]] == ["new", "k3", "k2", "k1", "k0"]
        assert new["id"] not in {k["id"] for k in built["keys"]}
        # every account, region and service came back, and the frozen deployment tree too
        far = client("apigateway", "eu-west-1", OTHER_ACCOUNT)
        assert [k["name"] for k in far.get_api_keys()["items"]] == ["far away"]
        stage = apigw.get_stage(restApiId=built["api"]["id"], stageName="dev")
        assert stage["variables"] == {"v": "1"}
        plan = apigw.get_usage_plan(usagePlanId=built["plan"]["id"])
        assert plan["throttle"] == {"rateLimit": 10.5, "burstLimit": 20}
        assert [k["id"] for k in apigw.get_usage_plan_keys(usagePlanId=plan["id"])["items"]] == [
            built["keys"][0]["id"]
        ]
        appsync = client("appsync")
        keys = appsync.list_api_keys(apiId=built["graphql"]["apiId"])["apiKeys"]
        assert [k["description"] for k in keys] == ["d"]


def test_counted_usage_survives_a_round_trip() -> None:
    with mockgw.mock_apigateway() as m:
        apigw = client("apigateway")
        plan = apigw.create_usage_plan(name="p", quota={"limit": 100, "period": "DAY"})
        key = apigw.create_api_key(name="k", enabled=True)
        apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        m.record_usage(plan["id"], key["id"], dt.date(2026, 1, 2), 7)
        before = states(m.world)
        usage = apigw.get_usage(
            usagePlanId=plan["id"], startDate="2026-01-01", endDate="2026-01-03"
        )
        m.restore(json.loads(json.dumps(m.snapshot())))
        same(before, states(m.world))
        again = apigw.get_usage(
            usagePlanId=plan["id"], startDate="2026-01-01", endDate="2026-01-03"
        )
        assert again["items"] == usage["items"] and usage["items"][key["id"]][1][0] == 7


def test_restore_replaces_everything_and_keeps_the_view_the_same() -> None:
    with mockgw.mock() as m:
        client("apigateway").create_api_key(name="kept")
        saved = m.snapshot()
        view = snapshot.dump(m.world)
        client("apigateway").create_api_key(name="dropped")
        client("appsync").create_graphql_api(name="dropped", authenticationType="API_KEY")
        m.restore(saved)
        assert snapshot.dump(m.world) == view
        assert list(view) == ["apigateway"]


def test_save_and_load_files(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with mockgw.mock_apigateway() as m:
        key = client("apigateway").create_api_key(name="on disk")
        m.save(path)
        assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary file left
    assert json.loads(path.read_text())["format"] == "mockgw-snapshot"
    with mockgw.mock_apigateway() as m:
        m.load(path)
        assert client("apigateway").get_api_key(apiKey=key["id"])["name"] == "on disk"
        with pytest.raises(SnapshotError) as info:
            m.load(tmp_path / "missing.json")
        assert str(info.value).startswith(
            f"cannot read the mockgw snapshot {str(tmp_path / 'missing.json')!r}: "
        )
        (tmp_path / "bad.json").write_text("{")
        with pytest.raises(SnapshotError) as info:
            m.load(tmp_path / "bad.json")
        assert str(info.value).startswith(f"{str(tmp_path / 'bad.json')!r} is not JSON: ")


# ------------------------------------------------------------------------------ property


OPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "key",
                "key_off",
                "delete_key",
                "rename_key",
                "plan",
                "delete_plan",
                "plan_key",
                "unplan_key",
                "rest_api",
                "resource",
                "deploy",
                "graphql",
                "appsync_key",
                "delete_appsync_key",
            ]
        ),
        st.integers(0, 5),
        st.booleans(),
    ),
    max_size=14,
)


def apply(op: str, n: int, far: bool, clients: dict[str, Any]) -> None:
    """One random step; an AWS error answer (a clash of names, say) is a step that changed
    nothing, as on AWS."""
    with contextlib.suppress(ClientError):
        step(op, n, far, clients)


def step(op: str, n: int, far: bool, clients: dict[str, Any]) -> None:
    apigw = clients["far" if far else "apigateway"]
    appsync = clients["appsync"]
    keys = [k["id"] for k in apigw.get_api_keys()["items"]]
    plans = [p["id"] for p in apigw.get_usage_plans()["items"]]
    apis = [a["id"] for a in apigw.get_rest_apis()["items"]]
    graphqls = [g["apiId"] for g in appsync.list_graphql_apis()["graphqlApis"]]

    def pick(items: list[str]) -> str | None:
        return items[n % len(items)] if items else None

    if op in ("key", "key_off"):
        apigw.create_api_key(name=f"k{n}", enabled=op == "key", tags={"n": str(n)} if n else {})
    elif op == "delete_key" and (key := pick(keys)):
        apigw.delete_api_key(apiKey=key)
    elif op == "rename_key" and (key := pick(keys)):
        apigw.update_api_key(
            apiKey=key, patchOperations=[{"op": "replace", "path": "/name", "value": f"r{n}"}]
        )
    elif op == "plan":
        options: dict[str, Any] = {"throttle": {"rateLimit": n + 0.5, "burstLimit": n}} if n else {}
        apigw.create_usage_plan(name=f"p{n}", **options)
    elif op == "delete_plan" and (plan := pick(plans)):
        apigw.delete_usage_plan(usagePlanId=plan)
    elif op == "plan_key" and (plan := pick(plans)) and (key := pick(keys)):
        current = apigw.get_usage_plan_keys(usagePlanId=plan)["items"]
        if key not in {k["id"] for k in current}:
            apigw.create_usage_plan_key(usagePlanId=plan, keyId=key, keyType="API_KEY")
    elif op == "unplan_key" and (plan := pick(plans)):
        current = [k["id"] for k in apigw.get_usage_plan_keys(usagePlanId=plan)["items"]]
        if current:
            apigw.delete_usage_plan_key(usagePlanId=plan, keyId=current[n % len(current)])
    elif op == "rest_api":
        apigw.create_rest_api(name=f"api{n}")
    elif op == "resource" and (api := pick(apis)):
        root = apigw.get_rest_api(restApiId=api)["rootResourceId"]
        path = f"r{n}{len(apigw.get_resources(restApiId=api)['items'])}"
        apigw.create_resource(restApiId=api, parentId=root, pathPart=path)
    elif op == "deploy" and (api := pick(apis)):
        root = apigw.get_rest_api(restApiId=api)["rootResourceId"]
        apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
        apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
        apigw.create_deployment(restApiId=api, stageName=f"s{n}")
    elif op == "graphql":
        appsync.create_graphql_api(name=f"g{n}", authenticationType="API_KEY")
    elif op == "appsync_key" and (graphql := pick(graphqls)):
        appsync.create_api_key(apiId=graphql, **({"description": f"d{n}"} if far else {}))
    elif op == "delete_appsync_key" and (graphql := pick(graphqls)):
        current = [k["id"] for k in appsync.list_api_keys(apiId=graphql)["apiKeys"]]
        if current:
            appsync.delete_api_key(apiId=graphql, id=current[n % len(current)])


@pytest.fixture(scope="module")
def clients() -> dict[str, Any]:
    return {
        "apigateway": client("apigateway"),
        "far": client("apigateway", "eu-west-1", OTHER_ACCOUNT),
        "appsync": client("appsync"),
    }


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_any_state_survives_a_json_round_trip(
    clients: dict[str, Any], ops: list[tuple[str, int, bool]]
) -> None:
    with mockgw.mock() as m:
        for op, n, far in ops:
            apply(op, n, far, clients)
        before = states(m.world)
        view = snapshot.dump(m.world)
        text = json.dumps(m.snapshot())
        m.reset()
        m.restore(json.loads(text))
        same(before, states(m.world))
        assert snapshot.dump(m.world) == view
        assert json.dumps(m.snapshot()) == text


# ------------------------------------------------------------------------------ generic


class Colour(enum.Enum):
    RED = "red"


@dataclass(frozen=True)
class Point:
    x: int
    y: float


@dataclass
class Thing:
    id: str
    when: dt.datetime
    naive: dt.datetime
    day: dt.date
    raw: bytes
    colour: Colour
    point: Point | None
    labels: set[str] = field(default_factory=set)
    pair: tuple[int, str] = (0, "")
    by_point: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    by_day: dict[dt.date, int] = field(default_factory=dict)
    either: int | str = 0
    anything: Any = None
    _private: int = 0
    cache: dict[str, Any] = field(default_factory=dict, metadata={"snapshot": False})


@dataclass
class Holder:
    things: Store[Thing] = field(default_factory=Store)
    names: Store[str] = field(default_factory=Store)


def test_the_inverse_is_generic() -> None:
    holder = Holder()
    moment = dt.datetime(2026, 1, 2, 3, 4, 5, 600, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    holder.things.add(
        "b",
        Thing(
            "b",
            moment,
            moment.replace(tzinfo=None),
            dt.date(2026, 1, 2),
            b"\x00\xff",
            Colour.RED,
            Point(1, 2.5),
            {"y", "x"},
            (3, "three"),
            {(1, 2): ["a"]},
            {dt.date(2026, 1, 1): 4},
            "text",
            {"free": [1, "form"]},
            7,
            {"not": "saved"},
        ),
    )
    holder.things.add("a", Thing("a", moment, moment, dt.date.min, b"", Colour.RED, None))
    holder.names.add("gone", "gone")
    holder.names.add("n", "n")
    holder.names.remove("gone")
    data = json.loads(json.dumps(snapshot.to_jsonable(holder, exact=True)))
    assert data["names"] == {"ids": ["n"], "seqs": [2], "next": 3, "items": ["n"]}
    assert data["things"]["items"][0]["by_point"] == [[[1, 2], ["a"]]]
    assert "cache" not in data["things"]["items"][0]
    back = snapshot.from_jsonable(data, Holder)
    expected = holder.things.get("b")
    assert expected is not None
    expected.cache.clear()  # not saved: restored as its default
    same(holder, back)
    assert back.names.page(10, None) == (["n"], None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            [],
            "not a mockgw snapshot (a JSON object with \"format\": 'mockgw-snapshot', made by "
            "Mock.snapshot(), Mock.save() or `mockgw server --state`)",
        ),
        (
            {"format": "mockgw-snapshot", "version": 9, "state": {}},
            "mockgw snapshot version 9 is not supported; this mockgw reads versions 1, 2",
        ),
        (
            {"format": "mockgw-snapshot", "version": 1, "state": {"s3": {}}},
            "the snapshot has state for 's3'; mockgw mocks ('apigateway', 'appsync')",
        ),
        (
            {
                "format": "mockgw-snapshot",
                "version": 1,
                "state": {"appsync": {"1": {"us-east-1": {"account_id": "1", "colour": 1}}}},
            },
            "state.appsync.1.us-east-1: AppSyncState has no field 'colour'",
        ),
        (
            {
                "format": "mockgw-snapshot",
                "version": 1,
                "state": {"appsync": {"1": {"us-east-1": {"account_id": 1}}}},
            },
            "state.appsync.1.us-east-1.account_id: expected a string, found 1",
        ),
        (
            {
                "format": "mockgw-snapshot",
                "version": 1,
                "state": {"appsync": {"1": {"r": {"account_id": "1", "region": "r", "apis": []}}}},
            },
            'state.appsync.1.r.apis: expected a Store ({"ids", "seqs", "next", "items" or a '
            "table}), found []",
        ),
    ],
)
def test_a_bad_snapshot_is_refused_and_changes_nothing(data: Any, message: str) -> None:
    with mockgw.mock() as m:
        client("apigateway").create_api_key(name="still here")
        before = m.snapshot()
        with pytest.raises(SnapshotError) as info:
            m.restore(data)
        assert str(info.value) == message
        assert m.snapshot() == before


def test_state_a_snapshot_cannot_hold_is_an_error_not_a_repr() -> None:
    @dataclass
    class WithLock:
        lock: Any = field(default_factory=threading.Lock)

    with pytest.raises(SnapshotError) as info:
        snapshot.to_jsonable(WithLock(), exact=True)
    assert str(info.value) == (
        "a lock cannot be saved in a snapshot; give its dataclass field "
        "metadata={'snapshot': False} if it is not state"
    )
    assert snapshot.to_jsonable(WithLock())["lock"].startswith("<unlocked _thread.lock")


# ------------------------------------------------------------------------------ server


def test_server_snapshot_endpoints(mockgw_server: MockgwServer) -> None:
    mockgw_server.client("apigateway").create_api_key(name="copied")
    conn = http.client.HTTPConnection(mockgw_server.host, mockgw_server.port, timeout=5)
    conn.request("GET", "/_mockgw/snapshot")
    saved = json.loads(conn.getresponse().read())
    mockgw_server.reset()
    json_type = {"Content-Type": "application/json"}
    conn.request("PUT", "/_mockgw/snapshot", body=json.dumps(saved), headers=json_type)
    answer = conn.getresponse()
    assert (answer.status, json.loads(answer.read())) == (200, {"restored": True})
    assert (
        mockgw_server.snapshot()["apigateway"]["123456789012"]["us-east-1"]["api_keys"][0]["name"]
        == "copied"
    )
    conn.request("PUT", "/_mockgw/snapshot", body=b"{}", headers=json_type)
    answer = conn.getresponse()
    assert answer.status == 400
    assert json.loads(answer.read())["message"].startswith("not a mockgw snapshot")
    conn.close()


def test_server_state_file_in_process(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with MockgwServer(port=0, state_file=path) as server:
        assert server.state_file is not None and not server.state_file.loaded
        key = server.client("apigateway").create_api_key(name="kept")
        # a keep-alive connection opened before shutdown...
        conn = http.client.HTTPConnection(server.host, server.port, timeout=5)
        conn.request("GET", "/_mockgw/health")
        assert conn.getresponse().read()
    # ...is closed by it: a late request never gets a success the state file would not hold
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        conn.request("POST", "/apikeys", body=b'{"name":"late"}')
        conn.getresponse()
    conn.close()
    with MockgwServer(port=0, state_file=path) as again:
        assert again.state_file is not None and again.state_file.loaded
        names = [k["name"] for k in again.client("apigateway").get_api_keys()["items"]]
        assert names == ["kept"]
        assert again.client("apigateway").get_api_key(apiKey=key["id"])["id"] == key["id"]


def test_server_refuses_a_state_file_it_could_not_honour(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    with pytest.raises(SnapshotError):
        MockgwServer(port=0, state_file=bad)
    assert bad.read_text() == '{"format": "something else"}'  # never overwritten
    with pytest.raises(SnapshotError) as info:
        MockgwServer(port=0, state_file=tmp_path / "no" / "dir.json")
    assert str(info.value) == (
        f"cannot save the state file {str(tmp_path / 'no' / 'dir.json')!r}: "
        f"{str(tmp_path / 'no')!r} is not a writable directory"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]  # no journal left behind
    empty = tmp_path / "empty.json"
    empty.touch()  # e.g. made by mktemp: an empty state
    server = MockgwServer(port=0, state_file=empty)
    server.shutdown()
    assert empty.read_bytes() == b""  # nothing was written, so nothing was kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "empty.json"]


# ------------------------------------------------------------------------------ the command


def start(*args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "mockgw", "server", "--port", "0", "--quiet", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("mockgw server listening on http://127.0.0.1:"), line
    return process, line.split()[-1]


def stop(process: subprocess.Popen[str], sig: int) -> tuple[str, str]:
    process.send_signal(sig)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    return out, err


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def remote(service: str, url: str) -> Any:
    return boto3.client(
        service,
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="mockgw-testing",
        aws_secret_access_key="mockgw-testing",
    )


def test_a_server_killed_with_sigterm_keeps_every_key_across_a_restart(
    tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    path = tmp_path / "state.json"
    process, url = start("--state", str(path), "--seed", "7")
    processes.append(process)
    apigw, appsync = remote("apigateway", url), remote("appsync", url)
    created = [apigw.create_api_key(name=f"key {i}", enabled=True) for i in range(12)]
    plan = apigw.create_usage_plan(name="plan")
    for key in created[:3]:
        apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    graphql = appsync.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
    appsync_key = appsync.create_api_key(apiId=graphql["apiId"])["apiKey"]
    first_page = apigw.get_api_keys(limit=5, includeValues=True)
    listed = (
        first_page["items"]
        + apigw.get_api_keys(position=first_page["position"], includeValues=True)["items"]
    )
    out, err = stop(process, signal.SIGTERM)
    assert out.splitlines()[-1] == "mockgw server stopped"
    assert f"mockgw: state kept in {path} (journal, fsync always)" in err
    assert f"mockgw: every write is in {path}" in err
    # every write was journaled before it was answered; nothing is dumped at shutdown
    assert [p.name for p in tmp_path.iterdir()] == ["state.json.journal"]

    process, url = start("--state", str(path))
    processes.append(process)
    apigw, appsync = remote("apigateway", url), remote("appsync", url)
    # every key, with its value, in the same order, and the old page token still works
    again = apigw.get_api_keys(limit=5, includeValues=True)
    assert again["items"] == first_page["items"]
    rest = apigw.get_api_keys(position=first_page["position"], includeValues=True)["items"]
    assert again["items"] + rest == listed
    assert {k["id"]: k["value"] for k in listed} == {k["id"]: k["value"] for k in created}
    plan_keys = apigw.get_usage_plan_keys(usagePlanId=plan["id"])["items"]
    assert sorted(k["id"] for k in plan_keys) == sorted(k["id"] for k in created[:3])
    assert [k["id"] for k in appsync.list_api_keys(apiId=graphql["apiId"])["apiKeys"]] == [
        appsync_key["id"]
    ]
    apigw.delete_api_key(apiKey=created[0]["id"])
    _, err = stop(process, signal.SIGINT)
    assert f"mockgw: state loaded from {path} (18 journal records replayed) in " in err
    world = World()
    load_into(world, path)
    state = world.backend("apigateway", "123456789012", "us-east-1").state
    assert len(state.api_keys) == 11 and created[0]["id"] not in state.api_keys


def test_the_command_refuses_an_unreadable_state_file(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("not json")
    done = subprocess.run(
        [sys.executable, "-m", "mockgw", "server", "--port", "0", "--state", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=10,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    loading, refused = done.stderr.splitlines()
    assert loading == f"mockgw: loading the state from {path}"
    assert refused.startswith(f"mockgw: {str(path)!r} is not JSON: ")
    assert path.read_text() == "not json"


def test_counters_survive_whatever_was_deleted() -> None:
    store: Store[str] = Store()
    for name in "abc":
        store.add(name, name)
    store.remove("c")
    data = snapshot.to_jsonable(store, exact=True)
    back = snapshot.from_jsonable(data, Store[str])
    back.add("d", "d")
    assert back._seqs == [1, 2, 4]
    assert next(itertools.count(4)) == 4 and os.sep  # keep the imports honest


def test_a_snapshot_without_the_newer_collections_loads_them_empty() -> None:
    """A state saved before a collection existed (an older mockgw) restores it empty."""
    from mockgw.services.apigateway.state import ApiGatewayState

    with mockgw.mock() as m:
        boto3.client("apigateway", region_name="us-east-1").create_api_key(name="old")
        saved = m.snapshot()
    backend = saved["state"]["apigateway"]["123456789012"]["us-east-1"]
    for newer in ("domain_names", "vpc_links", "client_certificates", "account"):
        del backend[newer]
    with mockgw.mock() as m:
        m.restore(saved)
        state: ApiGatewayState = m.backend("apigateway")
        assert [k.name for k in state.api_keys.values()] == ["old"]
        assert len(state.domain_names) == 0 and len(state.vpc_links) == 0
        apigw = boto3.client("apigateway", region_name="us-east-1")
        assert apigw.get_account()["throttleSettings"] == {"burstLimit": 5000, "rateLimit": 10000.0}
