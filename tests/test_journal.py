"""The journal of ``mockgw server --state``: what a restart holds is what was acknowledged.

A replay runs the same handlers on the same tapes (random bits, clock readings), so the state a
restart rebuilds is equal to the live one, ids, timestamps, paging order and metered usage
included; the files are read strictly (a torn tail is dropped, anything else refused with one
line), written through symbolic links with their permissions kept, and one server at a time.
"""

from __future__ import annotations

import ast
import errno
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests

import mockgw
from mockgw import snapshot, tape
from mockgw.journal import JournalError, StateFile, StateFileError, compact, load_into
from mockgw.journal.files import paths
from mockgw.journal.frames import MAGIC, checksum, first_line, frame, parse
from mockgw.server import MockgwServer
from mockgw.state import World
from tests.test_execute_api import Api

ROOT = Path(mockgw.__file__).parent
ACCOUNT, REGION = "123456789012", "us-east-1"


def loaded(path: Path) -> World:
    world = World()
    load_into(world, path)
    return world


def same_state(live: World, path: Path) -> None:
    assert snapshot.snapshot(loaded(path)) == snapshot.snapshot(live)


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state.json"


def serve(path: Path, **options: Any) -> MockgwServer:
    options.setdefault("compactor", "thread")
    return MockgwServer(port=0, state_file=path, **options).start()


def user_request(server: MockgwServer, api: Api, path: str, key: str | None) -> int:
    url = f"{server.endpoint_url}/restapis/{api.id}/dev/_user_request_{path}"
    headers = {"x-api-key": key} if key else {}
    return requests.get(url, headers=headers, timeout=10).status_code


def every_write(server: MockgwServer) -> None:
    """Every write operation mockgw has, with the calls around them that read the clock, draw
    ids, fail, or change state as a side effect (metering)."""
    apigw, appsync = server.client("apigateway"), server.client("appsync")
    keys = [apigw.create_api_key(name=f"k{i}", enabled=True, tags={"n": str(i)}) for i in range(4)]
    apigw.update_api_key(
        apiKey=keys[0]["id"], patchOperations=[{"op": "replace", "path": "/name", "value": "k"}]
    )
    apigw.import_api_keys(
        body=b"name,key,enabled\nimported,abcdefghij0123456789abcdefghij,true\n", format="csv"
    )
    api = Api(apigw)
    key, plan = api.metered(quota={"limit": 100, "period": "DAY"})
    assert user_request(server, api, "/", key["value"]) == 200  # counted: a metering record
    assert user_request(server, api, "/", "not-a-key") == 403  # refused: nothing recorded
    apigw.update_usage(
        usagePlanId=plan["id"],
        keyId=key["id"],
        patchOperations=[{"op": "replace", "path": "/remaining", "value": "50"}],
    )
    apigw.update_usage_plan(
        usagePlanId=plan["id"],
        patchOperations=[{"op": "replace", "path": "/description", "value": "d"}],
    )
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=keys[1]["id"], keyType="API_KEY")
    apigw.delete_usage_plan_key(usagePlanId=plan["id"], keyId=keys[1]["id"])
    other = apigw.create_usage_plan(name="other")
    apigw.delete_usage_plan(usagePlanId=other["id"])
    arn = f"arn:aws:apigateway:{REGION}::/restapis/{api.id}"
    apigw.tag_resource(resourceArn=arn, tags={"team": "a", "cost": "b"})
    apigw.untag_resource(resourceArn=arn, tagKeys=["cost"])
    apigw.update_rest_api(
        restApiId=api.id, patchOperations=[{"op": "replace", "path": "/description", "value": "x"}]
    )
    child = apigw.create_resource(restApiId=api.id, parentId=api.root, pathPart="tmp")
    apigw.update_resource(
        restApiId=api.id,
        resourceId=child["id"],
        patchOperations=[{"op": "replace", "path": "/pathPart", "value": "moved"}],
    )
    where = {"restApiId": api.id, "resourceId": child["id"], "httpMethod": "POST"}
    apigw.put_method(**where, authorizationType="NONE")
    apigw.put_method_response(**where, statusCode="200")
    apigw.put_integration(**where, type="MOCK", requestTemplates={"application/json": "{}"})
    apigw.put_integration_response(**where, statusCode="200", selectionPattern="2\\d\\d")
    apigw.delete_integration_response(**where, statusCode="200")
    apigw.delete_integration(**where)
    apigw.delete_method_response(**where, statusCode="200")
    apigw.delete_method(**where)
    apigw.delete_resource(restApiId=api.id, resourceId=child["id"])
    deployment = apigw.create_deployment(restApiId=api.id, description="second")
    apigw.create_stage(restApiId=api.id, stageName="prod", deploymentId=deployment["id"])
    apigw.update_stage(
        restApiId=api.id,
        stageName="prod",
        patchOperations=[{"op": "replace", "path": "/description", "value": "p"}],
    )
    apigw.delete_stage(restApiId=api.id, stageName="prod")
    apigw.delete_deployment(restApiId=api.id, deploymentId=deployment["id"])
    doomed = apigw.create_rest_api(name="doomed")
    apigw.delete_rest_api(restApiId=doomed["id"])
    apigw.delete_api_key(apiKey=keys[3]["id"])
    with pytest.raises(apigw.exceptions.NotFoundException):  # refused: nothing recorded
        apigw.delete_api_key(apiKey="nope")
    graphql = appsync.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
    appsync.update_graphql_api(apiId=graphql["apiId"], name="g2", authenticationType="API_KEY")
    appsync_key = appsync.create_api_key(apiId=graphql["apiId"], description="a")["apiKey"]
    appsync.update_api_key(apiId=graphql["apiId"], id=appsync_key["id"], description="b")
    appsync.tag_resource(resourceArn=graphql["arn"], tags={"t": "1"})
    appsync.untag_resource(resourceArn=graphql["arn"], tagKeys=["t"])
    appsync.delete_api_key(apiId=graphql["apiId"], id=appsync_key["id"])
    gone = appsync.create_graphql_api(name="gone", authenticationType="API_KEY")["graphqlApi"]
    appsync.delete_graphql_api(apiId=gone["apiId"])
    east2 = server.client("apigateway", region_name="us-east-2", aws_access_key_id="210987654321")
    east2.create_api_key(name="elsewhere")


def test_every_write_replays_to_the_same_state(state_path: Path) -> None:
    server = serve(state_path)
    try:
        every_write(server)
        live = snapshot.snapshot(server.world)
    finally:
        server.shutdown()
    assert snapshot.snapshot(loaded(state_path)) == live
    # ...and once more from a restarted server, which answers with the same ids and values
    again = serve(state_path)
    try:
        assert snapshot.snapshot(again.world) == live
        apigw = again.client("apigateway")
        names = [k["name"] for k in apigw.get_api_keys(includeValues=True)["items"]]
        assert names == ["key", "imported", "k2", "k1", "k"]  # newest first, k3 deleted
        assert again.state_file is not None and again.state_file.replayed > 40
    finally:
        again.shutdown()


def test_a_compacted_state_file_replays_the_same(state_path: Path) -> None:
    server = MockgwServer(port=0, state_file=state_path, compactor="thread").start()
    assert server.state_file is not None
    server.state_file.recorder.compact_frames = 10  # compact every 10 records, in this process
    try:
        every_write(server)
        deadline = time.monotonic() + 20
        while server.state_file.compactions < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        live = snapshot.snapshot(server.world)
    finally:
        server.shutdown()
    assert server.state_file.compactions >= 2
    assert json.loads(state_path.read_text())["journal"]["seq"] > 0
    assert snapshot.snapshot(loaded(state_path)) == live


def test_compaction_in_a_child_process(state_path: Path) -> None:
    server = MockgwServer(port=0, state_file=state_path).start()  # compactor="process"
    assert server.state_file is not None
    server.state_file.recorder.compact_frames = 5
    try:
        apigw = server.client("apigateway")
        for i in range(8):
            apigw.create_api_key(name=f"k{i}")
        deadline = time.monotonic() + 30
        while server.state_file.compactions < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        apigw.create_api_key(name="after")
        live = snapshot.snapshot(server.world)
    finally:
        server.shutdown()
    assert server.state_file.compactions >= 1
    saved = json.loads(state_path.read_text())
    assert saved["journal"]["seq"] >= 5 and saved["version"] == 2
    assert snapshot.snapshot(loaded(state_path)) == live


def test_writes_racing_resets_and_restores_replay_in_the_order_they_took_effect(
    state_path: Path,
) -> None:
    server = serve(state_path, workers=8)
    apigw = server.client("apigateway")
    apigw.create_api_key(name="base")
    saved = snapshot.snapshot(server.world)
    stop = threading.Event()

    def writer(n: int) -> None:
        client = server.client("apigateway")
        i = 0
        while not stop.is_set():
            client.create_api_key(name=f"w{n}-{i}")
            i += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    try:
        for thread in threads:
            thread.start()
        for _ in range(5):
            time.sleep(0.05)
            server.world.reset()
            time.sleep(0.05)
            snapshot.restore(server.world, saved)
        stop.set()
        for thread in threads:
            thread.join(30)
        live = snapshot.snapshot(server.world)
    finally:
        stop.set()
        server.shutdown()
    assert snapshot.snapshot(loaded(state_path)) == live


def test_the_tape_records_then_replays_ids_and_clock() -> None:
    from mockgw import clock, ids

    tape.enable()
    recorded = tape.record()
    try:
        made = (ids.rest_api_id(), ids.appsync_api_id(), ids.random_string("é€", 5), clock.now())
    finally:
        tape.stop()
    tape.play(tape.Tape(list(recorded.bits), list(recorded.times)))
    try:
        again = (ids.rest_api_id(), ids.appsync_api_id(), ids.random_string("é€", 5), clock.now())
    finally:
        tape.stop()
    assert again == made
    assert ids.rest_api_id() != made[0]  # no tape: fresh draws


def test_services_draw_randomness_and_time_only_through_ids_and_clock() -> None:
    """A handler that read the time or drew randomness anywhere else would not replay."""
    forbidden = {"random", "secrets", "uuid", "time", "os"}
    offenders = []
    for path in sorted((ROOT / "services").rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module.split(".")[0]]
            elif (
                isinstance(node, ast.Attribute)
                and node.attr in ("now", "utcnow", "today")
                and isinstance(node.value, ast.Attribute)
                and node.value.attr in ("datetime", "date")
            ):
                names = ["datetime.now"]
            offenders += [
                f"{path.relative_to(ROOT)}: {n}" for n in names if n in forbidden | {"datetime.now"}
            ]
    assert offenders == []


# ------------------------------------------------------------------------------ files


def test_a_torn_tail_is_dropped_and_damage_is_refused(state_path: Path) -> None:
    with serve(state_path) as server:
        for i in range(3):
            server.client("apigateway").create_api_key(name=f"k{i}")
    journal, _ = paths(state_path)
    whole = journal.read_bytes()
    cut = whole[:-7]  # the last record cut short, as a crash would leave it
    journal.write_bytes(cut)
    assert [k.name for k in loaded_keys(state_path)] == ["k0", "k1"]
    journal.write_bytes(whole[: len(whole) - 60] + b"\x00" * 60)  # zeros where data was due
    assert len(loaded_keys(state_path)) == 2
    damaged = bytearray(whole)
    damaged[len(first_line("0", "empty")) + 40] ^= 0xFF  # inside the first record
    journal.write_bytes(bytes(damaged))
    with pytest.raises(StateFileError, match="is damaged at byte"):
        load_into(World(), state_path)
    with pytest.raises(StateFileError, match="damaged"):
        StateFile(state_path, World())
    assert journal.read_bytes() == bytes(damaged)  # never rewritten


def loaded_keys(path: Path) -> list[Any]:
    return list(loaded(path).backend("apigateway", ACCOUNT, REGION).state.api_keys.values())


def test_a_server_cuts_the_torn_tail_before_appending(state_path: Path) -> None:
    with serve(state_path) as server:
        server.client("apigateway").create_api_key(name="kept")
    journal, _ = paths(state_path)
    journal.write_bytes(journal.read_bytes() + b"1f 20 0 deadbeef\n{")  # a record cut short
    with serve(state_path) as server:
        server.client("apigateway").create_api_key(name="next")
    assert [k.name for k in loaded_keys(state_path)] == ["kept", "next"]


def test_frames_round_trip() -> None:
    head, body = b'{"k":"reset"}', b"raw \x00 bytes\n"
    data = first_line("abc", "empty") + frame(7, head, body, checksum(head, body))
    parsed = parse(data, "x")
    assert (parsed.lineage, parsed.base, parsed.good) == ("abc", "empty", len(data))
    assert [(r.seq, r.head, r.body) for r in parsed.records] == [(7, {"k": "reset"}, body)]
    with pytest.raises(JournalError, match="not a mockgw journal"):
        parse(b"GIF89a\x00\x01", "x")
    assert parse(MAGIC[:5], "x").records == []  # created, cut before its first line


def test_a_journal_that_does_not_continue_the_snapshot_is_refused(state_path: Path) -> None:
    with serve(state_path) as server:
        server.client("apigateway").create_api_key(name="k")
    other = World()
    other.backend("apigateway", ACCOUNT, REGION)
    snapshot.save(other, state_path)  # the snapshot replaced behind the journal's back
    with pytest.raises(StateFileError, match="does not continue the snapshot"):
        StateFile(state_path, World())


BAD_FILES = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00", "is not a mockgw snapshot (not UTF-8 text"),
    "truncated": (b'{"format": "mockgw-snapshot", "version": 2, "sta', "is not JSON: "),
    "nested too deep": (b"[" * 100_000 + b"]" * 100_000, "JSON nested too deep"),
    "not a number": (
        b'{"format": "mockgw-snapshot", "version": 2, "state": {}, "x": NaN}',
        "NaN is not a JSON number",
    ),
    "wrong type": (
        b'{"format": "mockgw-snapshot", "version": 2, "state": {"appsync": {"1": '
        b'{"r": {"account_id": 1}}}}}',
        "account_id: expected a string, found 1",
    ),
    "bad journal meta": (
        b'{"format": "mockgw-snapshot", "version": 2, "state": {}, "journal": {"seq": -1}}',
        '"journal" must be',
    ),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_state_file_stops_start_up_with_one_line_and_is_kept(
    tmp_path: Path, name: str
) -> None:
    data, message = BAD_FILES[name]
    path = tmp_path / "state.json"
    path.write_bytes(data)
    with pytest.raises(StateFileError) as info:
        MockgwServer(port=0, state_file=path)
    assert message in str(info.value) and "\n" not in str(info.value)
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_a_symlinked_state_file_is_written_through_and_keeps_its_mode(tmp_path: Path) -> None:
    real = tmp_path / "data" / "state.json"
    real.parent.mkdir()
    snapshot.save(World(), real)
    os.chmod(real, 0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    server = MockgwServer(port=0, state_file=link, compactor="thread").start()
    assert server.state_file is not None
    server.state_file.recorder.compact_frames = 2
    try:
        for i in range(3):
            server.client("apigateway").create_api_key(name=f"k{i}")
        deadline = time.monotonic() + 20
        while server.state_file.compactions < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        server.shutdown()
    assert link.is_symlink() and link.resolve() == real
    assert json.loads(real.read_text())["journal"]["seq"] >= 2  # compacted into the target
    assert os.stat(real).st_mode & 0o777 == 0o640
    assert not (tmp_path / "link.json.journal").exists()  # the journal lives by the target
    assert len(loaded_keys(link)) == 3


def test_one_server_per_state_file(state_path: Path) -> None:
    with (
        serve(state_path),
        pytest.raises(StateFileError, match="in use by another mockgw server"),
    ):
        MockgwServer(port=0, state_file=state_path)


@pytest.mark.parametrize("policy", ["always", "batch", "never"])
def test_every_policy_writes_the_record_before_the_answer(state_path: Path, policy: str) -> None:
    with serve(state_path, fsync=policy) as server:
        key = server.client("apigateway").create_api_key(name=policy)
        journal, _ = paths(state_path)
        # in the file (the OS has it) before the answer came, while the server still runs
        assert b'{"name": "%s"}' % policy.encode() in journal.read_bytes()
        assert [k.id for k in loaded_keys(state_path)] == [key["id"]]


def test_a_journal_that_cannot_be_written_fails_the_write_with_503(
    state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve(state_path) as server:
        apigw = server.client("apigateway", config=_no_retries())
        apigw.create_api_key(name="before")
        real_write = os.write

        def full(fd: int, data: Any) -> int:
            if len(data) > 1 and fd > 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_write(fd, data)

        monkeypatch.setattr("mockgw.journal.log.os.write", full)
        monkeypatch.setattr("mockgw.server.log.error", lambda *a: None)
        with pytest.raises(apigw.exceptions.ClientError) as info:
            apigw.create_api_key(name="lost")
        error = info.value.response
        assert error["ResponseMetadata"]["HTTPStatusCode"] == 503
        assert "No space left on device" in error["Error"]["Message"]
        monkeypatch.undo()
        with pytest.raises(apigw.exceptions.ClientError):  # broken for good: no more writes
            apigw.create_api_key(name="later")
        assert apigw.get_api_keys()["items"]  # reads still answer


def _no_retries() -> Any:
    from botocore.config import Config

    return Config(retries={"max_attempts": 0})


def test_compact_without_a_sealed_journal_changes_nothing(state_path: Path) -> None:
    snapshot.save(World(), state_path)
    before = state_path.read_bytes()
    compact(state_path)
    assert state_path.read_bytes() == before
