"""`mockgw server`: the real AWS CLI, boto3 and curl-like raw HTTP, bad input, load, shutdown."""

from __future__ import annotations

import enum
import http.client
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

import mockgw
from mockgw import snapshot
from mockgw.server import MockgwServer
from mockgw.services._shared.store import Store
from mockgw.state import World
from tests.door_helpers import (
    APPSYNC_KEY_OPS,
    ROOT,
    STAGE_OPS,
    USAGE_PLAN_KEY_OPS,
    hermetic_aws_env,
    missing,
    needs_appsync_keys,
    needs_stages,
    needs_usage_plan_keys,
    run_example,
    stage,
)

BIN = Path(sys.executable).parent
ACCOUNT = "123456789012"


@dataclass
class Raw:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    server: MockgwServer,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    conn: http.client.HTTPConnection | None = None,
) -> Raw:
    """One request as curl would send it (JSON body with its content type unless told)."""
    own = conn is None
    conn = conn or http.client.HTTPConnection(server.host, server.port, timeout=10)
    sent = dict(headers or {})
    data: bytes | None = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        sent.setdefault("Content-Type", "application/json")
    conn.request(method, path, body=data, headers=sent)
    response = conn.getresponse()
    raw = Raw(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    if own:
        conn.close()
    return raw


def send_raw(server: MockgwServer, payload: bytes, wait: float = 5) -> bytes:
    """Bytes on a fresh socket; everything the server answers until it closes or goes quiet."""
    with socket.create_connection((server.host, server.port), timeout=wait) as sock:
        sock.sendall(payload)
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and _complete(b"".join(chunks)):
                    break
        except TimeoutError:
            pass
    return b"".join(chunks)


def _complete(data: bytes) -> bool:
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return True


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def error_of(answer: bytes) -> tuple[str, str]:
    head, _, body = answer.partition(b"\r\n\r\n")
    kind = next(
        line.split(b":", 1)[1].strip().decode()
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"x-amzn-errortype:")
    )
    return kind, json.loads(body)["message"]


def keys_in(server: MockgwServer, region: str = "us-east-1", account: str = ACCOUNT) -> list[Any]:
    state = server.snapshot().get("apigateway", {}).get(account, {}).get(region, {})
    return list(state.get("api_keys", []))


# ---------------------------------------------------------------------------- boto3


def test_boto3_api_key_round_trip(mockgw_server: MockgwServer) -> None:
    apigw = mockgw_server.client("apigateway")
    key = apigw.create_api_key(name="Dev API Key", description="Used for development", enabled=True)
    assert key["ResponseMetadata"]["HTTPStatusCode"] == 201
    read = apigw.get_api_key(apiKey=key["id"], includeValue=True)
    assert read["value"] == key["value"] and read["name"] == "Dev API Key"
    assert isinstance(read["createdDate"], datetime)
    with pytest.raises(apigw.exceptions.NotFoundException) as info:
        apigw.get_api_key(apiKey="nope")
    assert info.value.response["Error"]["Message"] == "Invalid API Key identifier specified"


def test_boto3_account_and_region_come_from_the_signature(mockgw_server: MockgwServer) -> None:
    mockgw_server.client(
        "apigateway", "eu-west-1", aws_access_key_id="111122223333"
    ).create_api_key(name="theirs")
    assert [k["name"] for k in keys_in(mockgw_server, "eu-west-1", "111122223333")] == ["theirs"]
    assert mockgw_server.client("apigateway", "eu-west-1").get_api_keys()["items"] == []


@needs_usage_plan_keys
def test_boto3_usage_plan_key_round_trip(mockgw_server: MockgwServer) -> None:
    apigw = mockgw_server.client("apigateway")
    plan = apigw.create_usage_plan(name="plan")
    key = apigw.create_api_key(name="k", enabled=True)
    added = apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    assert added["id"] == key["id"] and added["type"] == "API_KEY"
    read = apigw.get_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
    assert read["name"] == "k"


@needs_appsync_keys
def test_boto3_appsync_api_key_round_trip(mockgw_server: MockgwServer) -> None:
    appsync = mockgw_server.client("appsync")
    api_id = appsync.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"][
        "apiId"
    ]
    key = appsync.create_api_key(apiId=api_id, description="d")["apiKey"]
    listed = appsync.list_api_keys(apiId=api_id)["apiKeys"]
    assert [(k["id"], k["description"]) for k in listed] == [(key["id"], "d")]


# ---------------------------------------------------------------------------- the AWS CLI


def _aws(server: MockgwServer, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BIN / "aws"), "--endpoint-url", server.endpoint_url, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def cli_runs(
    mockgw_server_session: MockgwServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[subprocess.CompletedProcess[str]]]:
    """Every door chain of the real `aws` CLI, run concurrently once for this module's tests.

    Each chain works in its own region, so the chains and the other tests cannot collide.
    """
    server = mockgw_server_session
    env = hermetic_aws_env(tmp_path_factory.mktemp("aws"))

    def api_key() -> list[subprocess.CompletedProcess[str]]:
        region = ["--region", "ap-south-1"]
        stage_keys: list[str] = []
        if not missing("apigateway", STAGE_OPS):
            api = stage(server.client("apigateway", "ap-south-1"))
            stage_keys = ["--stage-keys", f"restApiId={api},stageName=dev"]
        args = [
            "apigateway",
            "create-api-key",
            "--name",
            "Dev API Key",
            "--description",
            "Used for development",
            "--enabled",
        ]
        created = _aws(server, env, *args, *stage_keys, *region)
        if created.returncode:
            return [created]
        key_id = json.loads(created.stdout)["id"]
        read = _aws(
            server,
            env,
            "apigateway",
            "get-api-key",
            "--api-key",
            key_id,
            "--include-value",
            "--output",
            "text",
            *region,
        )
        return [created, read]

    def usage_plan_key() -> list[subprocess.CompletedProcess[str]]:
        apigw = server.client("apigateway", "ap-southeast-2")
        plan = apigw.create_usage_plan(name="plan")["id"]
        key = apigw.create_api_key(name="planned")["id"]
        region = ["--region", "ap-southeast-2"]
        added = _aws(
            server,
            env,
            "apigateway",
            "create-usage-plan-key",
            "--usage-plan-id",
            plan,
            "--key-id",
            key,
            "--key-type",
            "API_KEY",
            *region,
        )
        read = _aws(
            server,
            env,
            "apigateway",
            "get-usage-plan-keys",
            "--usage-plan-id",
            plan,
            "--output",
            "table",
            *region,
        )
        return [added, read]

    def appsync_key() -> list[subprocess.CompletedProcess[str]]:
        appsync = server.client("appsync", "ca-central-1")
        api = appsync.create_graphql_api(name="g", authenticationType="API_KEY")
        api_id = api["graphqlApi"]["apiId"]
        region = ["--region", "ca-central-1"]
        created = _aws(
            server,
            env,
            "appsync",
            "create-api-key",
            "--api-id",
            api_id,
            "--description",
            "d",
            *region,
        )
        listed = _aws(server, env, "appsync", "list-api-keys", "--api-id", api_id, *region)
        return [created, listed]

    chains = {"api_key": api_key}
    if not missing("apigateway", USAGE_PLAN_KEY_OPS):
        chains["usage_plan_key"] = usage_plan_key
    if not missing("appsync", APPSYNC_KEY_OPS):
        chains["appsync_key"] = appsync_key
    with ThreadPoolExecutor(len(chains)) as pool:
        futures = {name: pool.submit(chain) for name, chain in chains.items()}
        return {name: future.result() for name, future in futures.items()}


def _ok(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_aws_cli_create_api_key_seed(
    cli_runs: dict[str, list[subprocess.CompletedProcess[str]]],
) -> None:
    created, read = cli_runs["api_key"]
    key = json.loads(_ok(created))
    assert key["name"] == "Dev API Key"
    assert key["description"] == "Used for development"
    assert key["enabled"] is True
    lines = _ok(read).strip().splitlines()
    row = lines[0].split("\t")
    assert {key["id"], key["value"], "Dev API Key", "Used for development", "True"} <= set(row)
    if not missing("apigateway", STAGE_OPS):
        (stage_key,) = key["stageKeys"]
        assert stage_key.endswith("/dev")
        assert lines[1] == f"STAGEKEYS\t{stage_key}"


@needs_usage_plan_keys
def test_aws_cli_usage_plan_key(
    cli_runs: dict[str, list[subprocess.CompletedProcess[str]]],
) -> None:
    added, table = cli_runs["usage_plan_key"]
    assert json.loads(_ok(added))["type"] == "API_KEY"
    assert "planned" in _ok(table) and "GetUsagePlanKeys" in table.stdout


@needs_appsync_keys
def test_aws_cli_appsync_api_key(
    cli_runs: dict[str, list[subprocess.CompletedProcess[str]]],
) -> None:
    created, listed = cli_runs["appsync_key"]
    key = json.loads(_ok(created))["apiKey"]
    assert [k["id"] for k in json.loads(_ok(listed))["apiKeys"]] == [key["id"]]


# ---------------------------------------------------------------------------- raw HTTP (curl)


def test_curl_like_create_and_read_on_one_keep_alive_connection(
    mockgw_server: MockgwServer,
) -> None:
    conn = http.client.HTTPConnection(mockgw_server.host, mockgw_server.port, timeout=10)
    created = call(mockgw_server, "POST", "/apikeys", {"name": "curl", "enabled": True}, conn=conn)
    sock = conn.sock
    assert created.status == 201
    assert created.headers["content-type"] == "application/json"
    assert created.headers["x-amzn-requestid"]
    assert "connection" not in created.headers  # HTTP/1.1: the connection stays open
    key = created.json()
    read = call(mockgw_server, "GET", f"/apikeys/{key['id']}?includeValue=true", conn=conn)
    assert read.status == 200 and read.json()["value"] == key["value"]
    listed = call(mockgw_server, "GET", "/apikeys", conn=conn)
    assert [k["name"] for k in listed.json()["item"]] == ["curl"]
    assert conn.sock is sock  # all three on the same socket
    conn.close()


@needs_usage_plan_keys
def test_curl_like_usage_plan_key(mockgw_server: MockgwServer) -> None:
    plan = call(mockgw_server, "POST", "/usageplans", {"name": "plan"}).json()
    key = call(mockgw_server, "POST", "/apikeys", {"name": "k"}).json()
    added = call(
        mockgw_server,
        "POST",
        f"/usageplans/{plan['id']}/keys",
        {"keyId": key["id"], "keyType": "API_KEY"},
    )
    assert added.status == 201
    read = call(mockgw_server, "GET", f"/usageplans/{plan['id']}/keys/{key['id']}")
    assert read.status == 200 and read.json()["name"] == "k"


@needs_appsync_keys
def test_curl_like_appsync_api_key(mockgw_server: MockgwServer) -> None:
    # Unsigned and sent to 127.0.0.1: the /v1/ path tells the service.
    api = call(mockgw_server, "POST", "/v1/apis", {"name": "g", "authenticationType": "API_KEY"})
    assert api.status == 200
    api_id = api.json()["graphqlApi"]["apiId"]
    key = call(mockgw_server, "POST", f"/v1/apis/{api_id}/apikeys", {}).json()["apiKey"]
    listed = call(mockgw_server, "GET", f"/v1/apis/{api_id}/apikeys").json()["apiKeys"]
    assert [k["id"] for k in listed] == [key["id"]]


def test_host_header_chooses_service_and_region(mockgw_server: MockgwServer) -> None:
    host = {"Host": "apigateway.eu-central-1.amazonaws.com"}
    assert call(mockgw_server, "POST", "/apikeys", {"name": "h"}, host).status == 201
    assert [k["name"] for k in keys_in(mockgw_server, "eu-central-1")] == ["h"]


def test_a_signed_raw_request_uses_its_scope(mockgw_server: MockgwServer) -> None:
    url = f"{mockgw_server.endpoint_url}/apikeys"
    body = json.dumps({"name": "signed"}).encode()
    request = AWSRequest("POST", url, data=body, headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials("210987654321", "s"), "apigateway", "sa-east-1").add_auth(request)
    answer = call(mockgw_server, "POST", "/apikeys", body, dict(request.headers))
    assert answer.status == 201
    assert [k["name"] for k in keys_in(mockgw_server, "sa-east-1", "210987654321")] == ["signed"]


def test_head_answers_headers_only(mockgw_server: MockgwServer) -> None:
    answer = call(mockgw_server, "HEAD", "/_mockgw/health")
    assert answer.status == 200 and answer.body == b""
    assert int(answer.headers["content-length"]) > 0


# ---------------------------------------------------------------------------- HAL


def test_hal_create_api_key_has_the_reference_form(mockgw_server: MockgwServer) -> None:
    hal = {"Accept": "application/hal+json"}
    answer = call(mockgw_server, "POST", "/apikeys", {"name": "my_api_key"}, hal)
    assert answer.status == 201
    assert answer.headers["content-type"] == "application/hal+json"
    doc = answer.json()
    key_id = doc["id"]
    assert doc["_links"] == {
        "curies": {
            "href": "https://docs.aws.amazon.com/apigateway/latest/developerguide/"
            "restapi-apikey-{rel}.html",
            "name": "apikey",
            "templated": True,
        },
        "self": {"href": f"/apikeys/{key_id}"},
        "apikey:delete": {"href": f"/apikeys/{key_id}"},
        "apikey:update": {"href": f"/apikeys/{key_id}"},
    }
    assert next(iter(doc)) == "_links"
    assert time.strptime(doc["createdDate"], "%Y-%m-%dT%H:%M:%SZ")
    assert doc["enabled"] is False and doc["name"] == "my_api_key"
    # Without the Accept header: plain JSON, epoch timestamps.
    plain = call(mockgw_server, "GET", f"/apikeys/{key_id}").json()
    assert "_links" not in plain and isinstance(plain["createdDate"], int)
    hal_get = call(mockgw_server, "GET", f"/apikeys/{key_id}", headers=hal).json()
    assert hal_get["_links"]["self"] == {"href": f"/apikeys/{key_id}"}


def test_hal_collection_embeds_its_items(mockgw_server: MockgwServer) -> None:
    hal = {"Accept": "application/hal+json"}
    first = call(mockgw_server, "POST", "/apikeys", {"name": "one"}).json()["id"]
    one = call(mockgw_server, "GET", "/apikeys", headers=hal).json()
    assert one["_links"]["curies"][0]["name"] == "apikey"
    assert one["_links"]["self"] == {"href": "/apikeys"}
    assert one["_links"]["apikey:create"] == {"href": "/apikeys"}
    assert one["_links"]["apikey:by-key"] == {"href": "/apikeys/{api_Key}", "templated": True}
    assert one["_links"]["item"] == {"href": f"/apikeys/{first}"}  # one item: an object
    embedded = one["_embedded"]["item"]
    assert embedded["id"] == first and embedded["_links"]["self"] == {"href": f"/apikeys/{first}"}
    call(mockgw_server, "POST", "/apikeys", {"name": "two"})
    two = call(mockgw_server, "GET", "/apikeys", headers=hal).json()
    assert len(two["_links"]["item"]) == 2 and len(two["_embedded"]["item"]) == 2


@needs_usage_plan_keys
def test_hal_usage_plan_key_links_follow_the_model(mockgw_server: MockgwServer) -> None:
    hal = {"Accept": "application/hal+json"}
    plan = call(mockgw_server, "POST", "/usageplans", {"name": "p"}).json()["id"]
    key = call(mockgw_server, "POST", "/apikeys", {"name": "k"}).json()["id"]
    body = {"keyId": key, "keyType": "API_KEY"}
    added = call(mockgw_server, "POST", f"/usageplans/{plan}/keys", body, hal).json()
    href = f"/usageplans/{plan}/keys/{key}"
    assert added["_links"]["curies"]["name"] == "usageplankey"
    assert added["_links"]["self"] == {"href": href}
    assert added["_links"]["usageplankey:delete"] == {"href": href}
    assert "usageplankey:update" not in added["_links"]  # the API has no PATCH for it


@needs_stages
def test_hal_writes_a_one_element_list_as_its_element(mockgw_server: MockgwServer) -> None:
    api = stage(mockgw_server.client("apigateway"), "beta")
    body = {"name": "my_api_key", "stageKeys": [{"restApiId": api, "stageName": "beta"}]}
    doc = call(mockgw_server, "POST", "/apikeys", body, {"Accept": "application/hal+json"}).json()
    assert doc["stageKeys"] == f"{api}/beta"  # as in the CreateApiKey reference's sample
    assert call(mockgw_server, "GET", f"/apikeys/{doc['id']}").json()["stageKeys"] == [
        f"{api}/beta"
    ]


def test_hal_errors_stay_plain(mockgw_server: MockgwServer) -> None:
    answer = call(mockgw_server, "GET", "/apikeys/nope", headers={"Accept": "application/hal+json"})
    assert answer.status == 404 and answer.json() == {
        "message": "Invalid API Key identifier specified"
    }


# ---------------------------------------------------------------------------- bad input


def test_malformed_json_is_a_400(mockgw_server: MockgwServer) -> None:
    answer = call(mockgw_server, "POST", "/apikeys", b"{not json")
    assert answer.status == 400
    assert answer.headers["x-amzn-errortype"] == "BadRequestException"
    assert answer.json() == {"message": "Could not parse request body into json"}


def test_wrong_content_type_is_a_415(mockgw_server: MockgwServer) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = call(mockgw_server, "POST", "/apikeys", b"name=k", form)
    assert answer.status == 415
    assert answer.headers["x-amzn-errortype"] == "UnsupportedMediaTypeException"
    assert "apigateway.CreateApiKey takes a JSON body" in answer.json()["message"]


def test_a_raw_payload_takes_any_content_type(mockgw_server: MockgwServer) -> None:
    csv = b"name,key,description,Enabled\nimported,abcdefghijklmnopqrstuvwxyz,d,true\n"
    answer = call(
        mockgw_server,
        "POST",
        "/apikeys?mode=import&format=csv",
        csv,
        {"Content-Type": "text/csv"},
    )
    assert answer.status == 201, answer.body
    assert [k["name"] for k in keys_in(mockgw_server)] == ["imported"]


def test_unknown_paths_are_404s(mockgw_server: MockgwServer) -> None:
    unsigned = call(mockgw_server, "GET", "/no/such/thing")
    assert unsigned.status == 404
    assert unsigned.headers["x-amzn-errortype"] == "NotFoundException"
    assert (
        "No operation of apigateway or appsync matches GET /no/such/thing"
        in (unsigned.json()["message"])
    )
    host = {"Host": "apigateway.us-east-1.amazonaws.com"}
    routed = call(mockgw_server, "DELETE", "/apikeys", headers=host)
    assert routed.status == 404
    assert routed.json()["message"] == "No apigateway operation matches DELETE /apikeys"
    admin = call(mockgw_server, "GET", "/_mockgw/nothing")
    assert admin.status == 404 and "/_mockgw/health" in admin.json()["message"]


def test_odd_bytes_in_ids(mockgw_server: MockgwServer) -> None:
    for path in ("/apikeys/%00%FF", "/apikeys/..%2F..%2Fetc", "/apikeys/%E2%80%AE", "/apikeys/%"):
        answer = call(mockgw_server, "GET", path)
        assert answer.status == 404, path
        assert answer.json() == {"message": "Invalid API Key identifier specified"}
    raw = send_raw(mockgw_server, "GET /apikeys/\u00e9\u00ff HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status_of(raw) == 404
    assert error_of(raw) == ("NotFoundException", "Invalid API Key identifier specified")


def test_protocol_garbage_gets_json_errors(mockgw_server: MockgwServer) -> None:
    garbage = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\0" * 32 + b"\r\n\r\n"
    tls_hello = send_raw(mockgw_server, garbage)
    assert status_of(tls_hello) == 400
    assert error_of(tls_hello)[0] == "BadRequestException"
    teapot = send_raw(mockgw_server, b"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status_of(teapot) == 501 and error_of(teapot)[0] == "NotImplementedException"
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(200))
    crowded = send_raw(mockgw_server, b"GET /apikeys HTTP/1.1\r\n" + many + b"\r\n")
    assert status_of(crowded) == 431
    bad_length = send_raw(mockgw_server, b"POST /apikeys HTTP/1.1\r\nContent-Length: x\r\n\r\n")
    assert status_of(bad_length) == 400
    assert "Invalid Content-Length" in error_of(bad_length)[1]
    assert call(mockgw_server, "GET", "/_mockgw/health").status == 200  # still up


def test_an_unsupported_operation_is_a_501_naming_it(mockgw_server: MockgwServer) -> None:
    answer = call(mockgw_server, "GET", "/restapis/a/stages/b/exports/swagger")
    assert answer.status == 501
    assert answer.headers["x-amzn-errortype"] == "NotImplementedException"
    assert "apigateway.GetExport" in answer.json()["message"]
    s3 = mockgw_server.client("s3")
    with pytest.raises(ClientError) as info:
        s3.list_buckets()
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501


def test_an_internal_error_is_a_500_and_the_server_stays_up(
    mockgw_server: MockgwServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(mockgw_server.dispatcher, "dispatch", broken)
    with monkeypatch.context() as quiet:
        quiet.setattr("mockgw.server.log.error", lambda *a: None)
        answer = call(mockgw_server, "GET", "/apikeys")
    assert answer.status == 500
    assert answer.headers["x-amzn-errortype"] == "InternalFailure"
    assert "RuntimeError: boom" in answer.json()["message"]
    monkeypatch.undo()
    assert call(mockgw_server, "GET", "/apikeys").status == 200


@pytest.fixture
def small_server() -> Iterator[MockgwServer]:
    with MockgwServer(port=0, max_body=1024, idle_timeout=0.3) as server:
        yield server


def test_an_oversized_body_is_a_413_and_closes(small_server: MockgwServer) -> None:
    big = json.dumps({"name": "x" * 2000}).encode()
    conn = http.client.HTTPConnection(small_server.host, small_server.port, timeout=5)
    answer = call(small_server, "POST", "/apikeys", big, conn=conn)
    assert answer.status == 413
    assert answer.headers["x-amzn-errortype"] == "RequestEntityTooLargeException"
    assert answer.headers["connection"] == "close"
    assert "larger than mockgw's limit of 1024 bytes" in answer.json()["message"]
    assert call(small_server, "POST", "/apikeys", {"name": "fits"}).status == 201


def test_expect_continue_refuses_before_the_body(small_server: MockgwServer) -> None:
    head = (
        b"POST /apikeys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 5000000\r\nExpect: 100-continue\r\n\r\n"
    )
    answer = send_raw(small_server, head)  # the body is never sent
    assert status_of(answer) == 413


def test_chunked_bodies(small_server: MockgwServer) -> None:
    body = json.dumps({"name": "chunked"}).encode()
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    head = (
        b"POST /apikeys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    assert status_of(send_raw(small_server, head + chunked)) == 201
    assert [k["name"] for k in keys_in(small_server)] == ["chunked"]
    too_big = b"".join(b"200\r\n" + b"x" * 512 + b"\r\n" for _ in range(3)) + b"0\r\n\r\n"
    assert status_of(send_raw(small_server, head + too_big)) == 413
    assert status_of(send_raw(small_server, head + b"zz\r\n")) == 400


def test_a_slow_client_is_dropped_and_others_are_served(small_server: MockgwServer) -> None:
    slow = socket.create_connection((small_server.host, small_server.port), timeout=5)
    slow.sendall(b'POST /apikeys HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{"na')
    idle = socket.create_connection((small_server.host, small_server.port), timeout=5)
    started = time.monotonic()
    assert call(small_server, "POST", "/apikeys", {"name": "fast"}).status == 201
    assert slow.recv(1024) == b""  # closed by the server once its idle timeout passed
    assert idle.recv(1024) == b""
    assert time.monotonic() - started < 3
    slow.close()
    idle.close()
    assert [k["name"] for k in keys_in(small_server)] == ["fast"]


# ---------------------------------------------------------------------------- load


def test_many_clients_at_once(mockgw_server: MockgwServer) -> None:
    threads, per_thread = 16, 12
    clients = [mockgw_server.client("apigateway") for _ in range(threads)]

    def work(n: int) -> list[str]:
        made = [clients[n].create_api_key(name=f"c{n}-{i}")["id"] for i in range(per_thread)]
        for key_id in made[:3]:
            assert clients[n].get_api_key(apiKey=key_id)["name"].startswith(f"c{n}-")
        return made

    with ThreadPoolExecutor(threads) as pool:
        ids = [key_id for made in pool.map(work, range(threads)) for key_id in made]
    assert len(ids) == len(set(ids)) == threads * per_thread
    assert len(keys_in(mockgw_server)) == threads * per_thread
    page = clients[0].get_api_keys(limit=500)["items"]
    assert len(page) == threads * per_thread


# ---------------------------------------------------------------------------- test endpoints


def test_state_reset_and_health(mockgw_server: MockgwServer) -> None:
    health = call(mockgw_server, "GET", "/_mockgw/health").json()
    assert health["status"] == "running"
    assert set(health["operations"]) == {"apigateway", "appsync"}
    call(mockgw_server, "POST", "/apikeys", {"name": "k", "tags": {"team": "a"}})
    state = call(mockgw_server, "GET", "/_mockgw/state").json()
    (key,) = state["apigateway"][ACCOUNT]["us-east-1"]["api_keys"]
    assert key["name"] == "k" and key["tags"] == {"team": "a"}
    assert call(mockgw_server, "GET", "/_mockgw/reset").status == 405
    assert call(mockgw_server, "POST", "/_mockgw/reset").json() == {"reset": True}
    assert call(mockgw_server, "GET", "/_mockgw/state").json() == {}


class Colour(enum.Enum):
    RED = "red"


@dataclass
class Thing:
    id: str
    when: datetime
    raw: bytes
    colour: Colour
    labels: set[str] = field(default_factory=set)
    _private: int = 0


@dataclass
class State:
    things: Store[Thing] = field(default_factory=Store)
    index: dict[str, list[str]] = field(default_factory=dict)


def test_snapshot_is_generic() -> None:
    state = State()
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    state.things.add("b", Thing("b", moment, b"\x00\x01", Colour.RED, {"y", "x"}))
    state.things.add("a", Thing("a", moment.replace(tzinfo=None), b"", Colour.RED))
    state.index["k"] = ["b", "a"]
    assert snapshot.to_jsonable(state) == {
        "things": [
            {
                "id": "b",
                "when": "2026-01-02T03:04:05Z",
                "raw": "AAE=",
                "colour": "red",
                "labels": ["x", "y"],
            },
            {"id": "a", "when": "2026-01-02T03:04:05Z", "raw": "", "colour": "red", "labels": []},
        ],
        "index": {"k": ["b", "a"]},
    }
    world = World()
    world.backend("apigateway", "111122223333", "eu-west-1")
    dumped = json.loads(snapshot.dumps(world))
    assert list(dumped) == ["apigateway"]
    assert dumped["apigateway"]["111122223333"]["eu-west-1"]["api_keys"] == []


def test_the_in_process_mock_and_the_server_are_separate(mockgw_server: MockgwServer) -> None:
    with mockgw.mock_apigateway() as active:
        # The server's loopback URL is not an AWS host: the request passes through the mock.
        mockgw_server.client("apigateway").create_api_key(name="server side")
        assert len(active.backend("apigateway").api_keys) == 0
    assert [k["name"] for k in keys_in(mockgw_server)] == ["server side"]


# ---------------------------------------------------------------------------- the command


def _start(args: list[str]) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("mockgw server listening on http://127.0.0.1:"), line + (
        process.stderr.read() if process.stderr else ""
    )
    return process, line.split()[-1]


@pytest.mark.parametrize(
    ("command", "sig"),
    [
        ([str(BIN / "mockgw"), "server", "--port", "0"], signal.SIGTERM),
        ([sys.executable, "-m", "mockgw", "server", "--port", "0", "--quiet"], signal.SIGINT),
    ],
    ids=["console-script-SIGTERM", "python-m-SIGINT"],
)
def test_the_command_serves_and_shuts_down_cleanly(command: list[str], sig: int) -> None:
    process, url = _start(command)
    try:
        host, port = url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
        conn.request(
            "POST", "/apikeys", body=b'{"name":"cmd"}', headers={"Content-Type": "application/json"}
        )
        created = conn.getresponse()
        assert created.status == 201 and created.read()
        conn.request("GET", "/_mockgw/health")
        health = conn.getresponse()
        assert health.status == 200 and health.read()  # this open connection must not block
        process.send_signal(sig)
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert out.strip() == "mockgw server stopped"
    logged = 'POST /apikeys HTTP/1.1" 201' in err
    assert logged is ("--quiet" not in command)


def test_the_command_reports_a_busy_port(mockgw_server: MockgwServer) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mockgw", "server", "--port", str(mockgw_server.port)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
    )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{mockgw_server.port}" in done.stderr


def test_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_example("server_client.py", capsys)
    assert "keys: ['Dev API Key', 'from curl']" in out
