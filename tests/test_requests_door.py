"""Raw HTTP through `requests`: mockgw's hosts answered in-process, the rest untouched."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from typing import Any

import pytest
import requests
import responses
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from requests.adapters import HTTPAdapter

import mockgw
from mockgw.server import MockgwServer
from mockgw.services import definition
from tests.door_helpers import ROOT, needs_appsync_keys, needs_usage_plan_keys, run_example

ORIGINAL_SEND = HTTPAdapter.__dict__["send"]
ORIGINAL_GET_ADAPTER = requests.Session.__dict__["get_adapter"]
APIGW = "https://apigateway.us-east-1.amazonaws.com"
APPSYNC = "https://appsync.us-east-1.amazonaws.com"


def signed_headers(method: str, url: str, body: bytes, service: str, access_key: str) -> Any:
    request = AWSRequest(method, url, data=body, headers={"Content-Type": "application/json"})
    region = url.split(".")[1]
    SigV4Auth(Credentials(access_key, "secret"), service, region).add_auth(request)
    return dict(request.headers)


# ---------------------------------------------------------------------------- the three keys


@mockgw.mock_apigateway
def test_create_api_key_unsigned_gets_the_201_aws_sends() -> None:
    body = {"name": "Dev API Key", "description": "Used for development", "enabled": True}
    created = requests.post(f"{APIGW}/apikeys", json=body)
    assert created.status_code == 201
    assert created.headers["Content-Type"] == "application/json"
    assert created.headers["x-amzn-RequestId"]
    key = created.json()
    assert {k: key[k] for k in body} == body
    assert len(key["id"]) == 10 and len(key["value"]) == 40
    assert isinstance(key["createdDate"], int)
    assert key["stageKeys"] == []

    read = requests.get(f"{APIGW}/apikeys/{key['id']}", params={"includeValue": "true"})
    assert read.status_code == 200
    assert read.json()["value"] == key["value"]
    assert "value" not in requests.get(f"{APIGW}/apikeys/{key['id']}").json()
    listed = requests.get(f"{APIGW}/apikeys").json()
    assert [k["id"] for k in listed["item"]] == [key["id"]]


def test_signed_request_uses_the_account_and_region_of_its_scope() -> None:
    url = "https://apigateway.eu-west-1.amazonaws.com/apikeys"
    body = json.dumps({"name": "signed"}).encode()
    with mockgw.mock() as active:
        headers = signed_headers("POST", url, body, "apigateway", "111122223333")
        assert headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=111122223333/")
        assert requests.post(url, data=body, headers=headers).status_code == 201
        mine = active.backend("apigateway", region="eu-west-1", account_id="111122223333")
        assert [k.name for k in mine.api_keys.values()] == ["signed"]
        default = active.backend("apigateway", region="eu-west-1")
        assert len(default.api_keys) == 0
        # The same key is invisible from another region.
        assert requests.get(f"{APIGW}/apikeys").json()["item"] == []


@needs_usage_plan_keys
@mockgw.mock_apigateway
def test_usage_plan_key_round_trip() -> None:
    plan = requests.post(f"{APIGW}/usageplans", json={"name": "plan"}).json()
    key = requests.post(f"{APIGW}/apikeys", json={"name": "k", "enabled": True}).json()
    added = requests.post(
        f"{APIGW}/usageplans/{plan['id']}/keys", json={"keyId": key["id"], "keyType": "API_KEY"}
    )
    assert added.status_code == 201
    assert added.json()["id"] == key["id"] and added.json()["type"] == "API_KEY"
    read = requests.get(f"{APIGW}/usageplans/{plan['id']}/keys/{key['id']}")
    assert read.status_code == 200
    assert read.json()["name"] == "k"


@needs_appsync_keys
@mockgw.mock_appsync
def test_appsync_api_key_round_trip() -> None:
    api = requests.post(f"{APPSYNC}/v1/apis", json={"name": "g", "authenticationType": "API_KEY"})
    assert api.status_code == 200
    api_id = api.json()["graphqlApi"]["apiId"]
    created = requests.post(f"{APPSYNC}/v1/apis/{api_id}/apikeys", json={"description": "d"})
    assert created.status_code == 200
    key = created.json()["apiKey"]
    listed = requests.get(f"{APPSYNC}/v1/apis/{api_id}/apikeys").json()["apiKeys"]
    assert [(k["id"], k["description"]) for k in listed] == [(key["id"], "d")]


# ---------------------------------------------------------------------------- errors


@mockgw.mock_apigateway
def test_errors_come_in_aws_error_form() -> None:
    missing = requests.get(f"{APIGW}/apikeys/nope")
    assert missing.status_code == 404
    assert missing.headers["x-amzn-ErrorType"] == "NotFoundException"
    assert missing.json() == {"message": "Invalid API Key identifier specified"}
    bad = requests.post(
        f"{APIGW}/apikeys", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert bad.status_code == 400
    assert bad.headers["x-amzn-ErrorType"] == "BadRequestException"


@mockgw.mock_apigateway
def test_hal_is_answered_in_process_as_the_server_answers_it() -> None:
    """The HTTP doors share one front: ``Accept: application/hal+json`` gets API Gateway's HAL
    form from in-process `requests` too, as from `mockgw server`."""
    hal = {"Accept": "application/hal+json"}
    created = requests.post(f"{APIGW}/apikeys", json={"name": "my_api_key"}, headers=hal)
    assert created.status_code == 201
    assert created.headers["Content-Type"] == "application/hal+json"
    document = created.json()
    key_id = document["id"]
    assert document["_links"]["self"] == {"href": f"/apikeys/{key_id}"}
    assert document["_links"]["apikey:delete"] == {"href": f"/apikeys/{key_id}"}
    listed = requests.get(f"{APIGW}/apikeys", headers=hal).json()
    assert listed["_embedded"]["item"]["id"] == key_id  # HAL writes a one-element list as it
    plain = requests.get(f"{APIGW}/apikeys/{key_id}")
    assert plain.headers["Content-Type"] == "application/json" and "_links" not in plain.json()


@mockgw.mock_apigateway
def test_a_body_that_is_not_json_is_refused_in_process_with_415() -> None:
    refused = requests.post(
        f"{APIGW}/apikeys", data="name=k", headers={"Content-Type": "text/plain"}
    )
    assert refused.status_code == 415
    assert refused.headers["x-amzn-ErrorType"] == "UnsupportedMediaTypeException"
    assert refused.json() == {
        "message": "Unsupported Media Type 'text/plain': apigateway.CreateApiKey takes a JSON "
        "body; send it with Content-Type: application/json"
    }
    assert requests.get(f"{APIGW}/apikeys").json()["item"] == []
    # a raw payload (the CSV of ImportApiKeys) may have any content type
    csv = "Name,Key\nimported,abcdefghijklmnopqrstuvwxyz\n"
    imported = requests.post(
        f"{APIGW}/apikeys?mode=import&format=csv", data=csv, headers={"Content-Type": "text/csv"}
    )
    assert imported.status_code == 201 and len(imported.json()["ids"]) == 1


@mockgw.mock_apigateway
def test_an_unimplemented_operation_raises_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # every operation of the model is answered: take one out to see how a missing one fails
    monkeypatch.delitem(definition("apigateway").handlers, "GetExport")
    with pytest.raises(mockgw.UnsupportedOperationError, match=r"apigateway\.GetExport"):
        requests.get(f"{APIGW}/restapis/a/stages/b/exports/swagger")


@mockgw.mock_apigateway
def test_a_mockgw_service_no_mock_covers_is_refused() -> None:
    with pytest.raises(mockgw.UnmockedServiceError, match="appsync"):
        requests.get(f"{APPSYNC}/v1/apis")


# ---------------------------------------------------------------------------- pass-through


def test_other_hosts_reach_a_real_loopback_server() -> None:
    with MockgwServer(port=0) as server, mockgw.mock():
        # The server is a real socket on 127.0.0.1: not an AWS host, so it passes through.
        answer = requests.post(f"{server.endpoint_url}/apikeys", json={"name": "via-socket"})
        assert answer.status_code == 201
        assert requests.get(f"{APIGW}/apikeys").json()["item"] == []  # in-process world
    assert [
        k["name"] for k in server.snapshot()["apigateway"]["123456789012"]["us-east-1"]["api_keys"]
    ] == ["via-socket"]


def test_a_users_responses_mock_started_first_keeps_working() -> None:
    with responses.RequestsMock() as user:
        user.get("https://example.com/hello", json={"from": "user"})
        user.get("https://s3.amazonaws.com/bucket", body="s3 from the user's mock")
        with mockgw.mock():
            assert requests.get("https://example.com/hello").json() == {"from": "user"}
            # Another AWS service's host is not mockgw's: untouched, so the user's mock answers.
            assert requests.get("https://s3.amazonaws.com/bucket").text == (
                "s3 from the user's mock"
            )
            assert requests.post(f"{APIGW}/apikeys", json={"name": "k"}).status_code == 201
        assert HTTPAdapter.__dict__["send"] is not ORIGINAL_SEND  # the user's mock is still on
        with pytest.raises(requests.ConnectionError, match="Connection refused by Responses"):
            requests.get(f"{APIGW}/apikeys")  # mockgw is gone: the user's mock sees it
    assert HTTPAdapter.__dict__["send"] is ORIGINAL_SEND


def test_a_users_responses_mock_started_inside_keeps_working() -> None:
    with mockgw.mock():
        with responses.RequestsMock() as user:
            user.get("https://example.com/inner", json={"inner": True})
            assert requests.get("https://example.com/inner").json() == {"inner": True}
        assert requests.post(f"{APIGW}/apikeys", json={"name": "k"}).status_code == 201
    assert HTTPAdapter.__dict__["send"] is ORIGINAL_SEND


def test_out_of_order_stops_restore_everything_exactly() -> None:
    """mockgw routes through `Session.get_adapter`, `responses` patches `HTTPAdapter.send`:
    neither can put the other's patch back, whatever the order."""
    user = responses.RequestsMock()
    outer = mockgw.mock()
    outer.start()
    user.start()
    user.get("https://example.com/x", body="user")
    assert requests.post(f"{APIGW}/apikeys", json={}).status_code == 201  # mockgw first
    outer.stop()  # mockgw stops first: the user's patch stays, and works
    try:
        assert requests.get("https://example.com/x").text == "user"
        with pytest.raises(requests.ConnectionError, match="Connection refused by Responses"):
            requests.get(f"{APIGW}/apikeys")  # mockgw is gone: the user's mock sees it
    finally:
        user.stop()
    assert HTTPAdapter.__dict__["send"] is ORIGINAL_SEND
    assert requests.Session.__dict__["get_adapter"] is ORIGINAL_GET_ADAPTER

    # And the other way round: the user's mock stops while mockgw is still active.
    user = responses.RequestsMock()
    user.start()
    with mockgw.mock():
        user.stop()
        assert HTTPAdapter.__dict__["send"] is ORIGINAL_SEND
        assert requests.post(f"{APIGW}/apikeys", json={}).status_code == 201  # still mockgw's
    assert HTTPAdapter.__dict__["send"] is ORIGINAL_SEND
    assert requests.Session.__dict__["get_adapter"] is ORIGINAL_GET_ADAPTER


def test_an_allowed_service_passes_through() -> None:
    with responses.RequestsMock() as user:
        user.get(f"{APPSYNC}/v1/apis", json={"graphqlApis": [], "from": "user"})
        with mockgw.mock_apigateway(allow=["appsync"]):
            assert requests.get(f"{APPSYNC}/v1/apis").json()["from"] == "user"


def test_stop_removes_the_door_exactly() -> None:
    with mockgw.mock():
        assert requests.Session.__dict__["get_adapter"] is not ORIGINAL_GET_ADAPTER
        assert HTTPAdapter.__dict__["send"] is ORIGINAL_SEND  # never touched
    assert requests.Session.__dict__["get_adapter"] is ORIGINAL_GET_ADAPTER
    with responses.RequestsMock() as user:
        user.get(f"{APIGW}/apikeys", body="after")
        assert requests.get(f"{APIGW}/apikeys").text == "after"


def test_threads_share_the_mock() -> None:
    results: list[int] = []

    def create(n: int) -> None:
        for i in range(5):
            answer = requests.post(f"{APIGW}/apikeys", json={"name": f"t{n}-{i}"})
            results.append(answer.status_code)

    with mockgw.mock() as active:
        threads = [threading.Thread(target=create, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == [201] * 40
        assert len(active.backend("apigateway").api_keys) == 40


def test_requests_imported_after_the_mock_started_is_caught() -> None:
    script = (
        "import sys, mockgw\n"
        "m = mockgw.mock(); m.start()\n"
        "assert 'requests' not in sys.modules\n"
        "import requests\n"
        "r = requests.post('https://apigateway.us-east-1.amazonaws.com/apikeys', json={})\n"
        "print(r.status_code)\n"
        "m.stop()\n"
        "print(requests.Session.get_adapter.__qualname__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["201", "Session.get_adapter"]


def test_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert "201" in run_example("raw_http.py", capsys)
