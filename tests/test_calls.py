"""Recorded calls: what every door answered, with its operation, parameters, outcome and door."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from aiobotocore.session import get_session
from awscli.clidriver import create_clidriver

import mockgw
from mockgw.calls import Call, CallLog, Calls
from mockgw.server import MockgwServer
from mockgw.services import definition
from mockgw.wire.restjson import WireResponse
from tests.door_helpers import isolate_aws_config, stage

APIGW = "https://apigateway.us-east-1.amazonaws.com"


def apigw(region: str = "us-east-1") -> Any:
    return boto3.client("apigateway", region_name=region)


# --------------------------------------------------------------------------- what is recorded


def test_a_botocore_call_is_recorded_with_its_parsed_parameters() -> None:
    with mockgw.mock_apigateway() as m:
        key = apigw().create_api_key(name="ci", enabled=True, tags={"team": "a"})
        [call] = m.calls
    assert call == Call(
        service="apigateway",
        operation="CreateApiKey",
        params={"name": "ci", "enabled": True, "tags": {"team": "a"}},
        account_id="123456789012",
        region="us-east-1",
        status=201,
        error=None,
        message=None,
        door="botocore",
        method="POST",
        path="/apikeys",
    )
    assert call.ok
    assert key["name"] == "ci"


def test_errors_are_recorded_with_code_and_message() -> None:
    with mockgw.mock_apigateway() as m, pytest.raises(apigw().exceptions.NotFoundException):
        apigw().get_api_key(apiKey="nope")
    [call] = m.calls
    assert (call.operation, call.status, call.error) == ("GetApiKey", 404, "NotFoundException")
    assert call.message == "Invalid API Key identifier specified"
    assert call.params == {"apiKey": "nope"}
    assert not call.ok


def test_a_call_that_fails_validation_has_no_parameters() -> None:
    with mockgw.mock_apigateway() as m:
        assert requests.get(f"{APIGW}/apikeys?limit=abc").status_code == 400
    [call] = m.calls
    assert (call.operation, call.status, call.error) == ("GetApiKeys", 400, "ValidationException")
    assert call.message == (
        "1 validation error detected: Value 'abc' at 'limit' failed to satisfy constraint: "
        "Member must be a number"
    )
    assert call.params == {}


def test_account_region_and_request_without_a_route() -> None:
    with mockgw.mock_apigateway() as m:
        apigw("eu-west-1").get_api_keys()
        boto3.client(
            "apigateway",
            region_name="ap-south-1",
            aws_access_key_id="210987654321",
            aws_secret_access_key="x",
        ).get_usage_plans()
        missing = requests.get(f"{APIGW}/no/such/route")
    assert missing.status_code == 404
    first, second, third = m.calls
    assert (first.region, first.account_id) == ("eu-west-1", "123456789012")
    assert (second.region, second.account_id) == ("ap-south-1", "210987654321")
    assert (third.operation, third.error, third.door) == (None, "NotFoundException", "requests")


def test_injected_faults_are_recorded_as_the_errors_the_client_saw() -> None:
    with mockgw.mock_apigateway() as m:
        m.inject_fault("apigateway", "GetApiKeys", "TooManyRequestsException", times=1)
        client = boto3.client(
            "apigateway",
            region_name="us-east-1",
            config=boto3.session.Config(retries={"mode": "standard"}),
        )
        client.get_api_keys(limit=5)
    assert [(c.status, c.error, c.params) for c in m.calls] == [
        (429, "TooManyRequestsException", {"limit": 5}),
        (200, None, {"limit": 5}),
    ]


def test_parameters_are_those_of_the_request_even_if_state_changes_later() -> None:
    with mockgw.mock_apigateway() as m:
        key = apigw().create_api_key(name="k", tags={"a": "1"})
        arn = f"arn:aws:apigateway:us-east-1::/apikeys/{key['id']}"
        apigw().tag_resource(resourceArn=arn, tags={"b": "2"})
        created = m.calls.filter(operation="CreateApiKey").assert_called_once()
    assert created.params["tags"] == {"a": "1"}


# --------------------------------------------------------------------------- every door


def test_every_door_is_named() -> None:
    with mockgw.mock() as m:
        apigw().create_api_key(name="botocore")
        requests.post(f"{APIGW}/apikeys", json={"name": "requests"})

        async def via_aiobotocore() -> None:
            async with get_session().create_client("apigateway", region_name="us-east-1") as c:
                await c.create_api_key(name="aiobotocore")

        asyncio.run(via_aiobotocore())
    assert [(c.door, c.params["name"]) for c in m.calls] == [
        ("botocore", "botocore"),
        ("requests", "requests"),
        ("botocore", "aiobotocore"),
    ]


def test_the_aws_cli_in_process_is_the_botocore_door(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    isolate_aws_config(monkeypatch, tmp_path)
    with mockgw.mock_apigateway() as m:
        assert create_clidriver().main(["apigateway", "create-api-key", "--name", "cli"]) == 0
    capsys.readouterr()
    call = m.calls.filter(operation="CreateApiKey").assert_called_once_with(name="cli")
    assert call.door == "botocore"


def test_the_server_records_its_calls_and_serves_them() -> None:
    with MockgwServer(port=0) as server:
        client = server.client("apigateway")
        client.create_api_key(name="served")
        with pytest.raises(client.exceptions.NotFoundException):
            client.get_api_key(apiKey="nope")
        server.calls.filter(operation="CreateApiKey").assert_called_once_with(name="served")
        assert [c.door for c in server.calls] == ["server", "server"]

        url = f"{server.endpoint_url}/_mockgw/calls"
        with urllib.request.urlopen(url + "?operation=GetApiKey") as answer:
            listed = json.load(answer)["calls"]
        assert listed == [
            {
                "service": "apigateway",
                "operation": "GetApiKey",
                "params": {"apiKey": "nope"},
                "accountId": "123456789012",
                "region": "us-east-1",
                "status": 404,
                "error": "NotFoundException",
                "message": "Invalid API Key identifier specified",
                "door": "server",
                "method": "GET",
                "path": "/apikeys/nope",
            }
        ]
        with urllib.request.urlopen(url + "?service=appsync") as answer:
            assert json.load(answer) == {"calls": []}

        wrong = urllib.request.Request(url + "?colour=red")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(wrong)
        assert refused.value.code == 400
        assert "unknown filter 'colour'" in json.load(refused.value)["message"]

        delete = urllib.request.Request(
            url, method="DELETE", headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(delete) as answer:
            assert json.load(answer) == {"cleared": 2}
        assert len(server.calls) == 0

        client.create_api_key(name="after")
        server.reset()  # POST /_mockgw/reset forgets the calls too
        assert list(server.calls) == []


def test_calls_to_deployed_stages_are_recorded_as_invoke() -> None:
    with mockgw.mock_apigateway() as m:
        api = stage(apigw())
        m.respond(api, "GET", "/", status=200, body={"ok": True})
        url = f"https://{api}.execute-api.us-east-1.amazonaws.com/dev/"
        assert requests.get(url, headers={"x-api-key": "k"}).status_code == 200
        assert requests.get(url + "missing").status_code == 403
    invokes = m.calls.filter("execute-api", "Invoke")
    assert [(c.status, c.door, c.params["path"]) for c in invokes] == [
        (200, "requests", "/dev/"),
        (403, "requests", "/dev/missing"),
    ]
    ok = invokes[0]
    assert ok.params["apiId"] == api and ok.params["httpMethod"] == "GET"
    assert ok.params["headers"]["x-api-key"] == "k"
    assert (ok.account_id, ok.region) == ("123456789012", "us-east-1")
    assert invokes[1].error == "MissingAuthenticationTokenException"  # as API Gateway sends it
    assert invokes[1].message == "Missing Authentication Token"


def test_calls_to_deployed_stages_on_the_server() -> None:
    with MockgwServer(port=0) as server:
        api = stage(server.client("apigateway"))
        url = f"{server.endpoint_url}/restapis/{api}/dev/_user_request_/"
        with pytest.raises(urllib.error.HTTPError) as failed:  # no integration response: 500
            urllib.request.urlopen(url)
        call = server.calls.filter(operation="Invoke").assert_called_once()
    assert (call.service, call.door, call.params["path"]) == ("execute-api", "server", "/dev/")
    assert (call.status, call.error) == (failed.value.code, "InternalServerErrorException")


# --------------------------------------------------------------------------- which mock sees what


def test_calls_stay_readable_after_the_mock_stops_until_it_starts_again() -> None:
    m = mockgw.mock_apigateway()
    with m:
        apigw().create_api_key(name="first")
    assert [c.params["name"] for c in m.calls] == ["first"]
    with m:
        assert list(m.calls) == []
        apigw().create_api_key(name="second")
    assert [c.params["name"] for c in m.calls] == ["second"]


def test_a_decorated_test_sees_its_own_calls() -> None:
    m = mockgw.mock_apigateway()

    @m
    def create(name: str) -> None:
        apigw().create_api_key(name=name)

    create("once")
    m.calls.assert_called_once()
    create("again")
    m.calls.filter(operation="CreateApiKey").assert_called_once_with(name="again")


def test_a_nested_mock_sees_the_calls_made_while_it_was_active_for_its_services() -> None:
    with mockgw.mock() as outer:
        apigw().create_api_key(name="before")
        with mockgw.mock_appsync() as inner:
            boto3.client("appsync", region_name="us-east-1").list_graphql_apis()
            apigw().create_api_key(name="during")
        apigw().create_api_key(name="after")
    assert [c.operation for c in inner.calls] == ["ListGraphqlApis"]
    assert [c.params.get("name") for c in outer.calls] == ["before", None, "during", "after"]


def test_reset_forgets_the_calls() -> None:
    with mockgw.mock_apigateway() as m:
        apigw().create_api_key(name="k")
        m.reset()
        assert list(m.calls) == []
        apigw().get_api_keys()
        assert [c.operation for c in m.calls] == ["GetApiKeys"]


def test_calls_are_recorded_from_many_threads() -> None:
    with mockgw.mock_apigateway() as m:
        client = apigw()

        def work(n: int) -> None:
            for i in range(20):
                client.create_api_key(name=f"t{n}-{i}")

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        names = sorted(c.params["name"] for c in m.calls)
    assert names == sorted(f"t{n}-{i}" for n in range(4) for i in range(20))


def test_the_log_keeps_the_newest_calls() -> None:
    log = CallLog(limit=3)
    answer = WireResponse(200, {}, b"{}")
    for n in range(5):
        params = {"n": n}
        log.add("botocore", "apigateway", "GetApiKeys", "1", "r", "GET", "/", answer, params.copy)
    assert [c.params["n"] for c in log.since()] == [2, 3, 4]
    mark = log.mark()
    log.add("server", "apigateway", "GetApiKeys", "1", "r", "GET", "/", answer, None)
    assert [c.door for c in log.since(mark)] == ["server"]
    assert log.clear() == 3
    assert log.since() == []


# --------------------------------------------------------------------------- filters and assertions


def recorded(*calls: tuple[str, str, dict[str, Any], int, str | None]) -> Calls:
    return Calls(
        Call(s, o, p, "123456789012", "us-east-1", st, e, None, "botocore", "POST", "/")
        for s, o, p, st, e in calls
    )


CALLS = recorded(
    ("apigateway", "CreateApiKey", {"name": "a", "enabled": True}, 201, None),
    ("appsync", "CreateApiKey", {"apiId": "x"}, 200, None),
    ("apigateway", "CreateApiKey", {"name": "b"}, 201, None),
    ("apigateway", "GetApiKey", {"apiKey": "nope"}, 404, "NotFoundException"),
)


def test_filters() -> None:
    assert len(CALLS.filter(operation="CreateApiKey")) == 3
    assert len(CALLS.filter("apigateway", "CreateApiKey")) == 2
    assert [c.operation for c in CALLS.filter(ok=False)] == ["GetApiKey"]
    assert CALLS.filter(error="NotFoundException")[0].params == {"apiKey": "nope"}
    assert CALLS.filter(where=lambda c: c.params.get("name") == "b")[0].status == 201
    assert CALLS.filter("apigateway").with_params(enabled=True)[0].params["name"] == "a"
    assert CALLS.filter(door="server") == []
    assert CALLS[1:3] == [CALLS[1], CALLS[2]]
    assert CALLS.filter("apigateway", "CreateApiKey").last.params == {"name": "b"}


def test_assertions_pass_and_return_what_they_checked() -> None:
    creates = CALLS.filter("apigateway", "CreateApiKey")
    assert creates.assert_called() is creates
    assert creates.assert_called_times(2) is creates
    assert creates.assert_called_with(name="b").params == {"name": "b"}
    assert creates.assert_any_call(name="a", enabled=True).params["name"] == "a"
    assert CALLS.filter(error="NotFoundException").assert_called_once().status == 404
    CALLS.filter("apigateway", "DeleteApiKey").assert_not_called()


def test_assertion_messages_say_what_was_expected_and_list_the_calls() -> None:
    creates = CALLS.filter("apigateway", "CreateApiKey")
    with pytest.raises(AssertionError) as failed:
        creates.assert_called_once()
    assert str(failed.value) == (
        "expected 1 of calls to apigateway.CreateApiKey, got 2:\n"
        "  1. apigateway.CreateApiKey(name='a', enabled=True) -> 201 [botocore, us-east-1]\n"
        "  2. apigateway.CreateApiKey(name='b') -> 201 [botocore, us-east-1]"
    )
    with pytest.raises(AssertionError) as failed:
        creates.assert_called_with(name="a", enabled=False)
    assert str(failed.value) == (
        "expected the last of calls to apigateway.CreateApiKey with name='a', enabled=False, "
        "but it had name='b'\n  name: expected 'a', got 'b'\n  enabled: expected False, not sent"
    )
    with pytest.raises(AssertionError, match=r"^expected no calls to apigateway.GetApiKey, got 1"):
        CALLS.filter("apigateway", "GetApiKey").assert_not_called()
    with pytest.raises(AssertionError, match=r"^expected calls to x, but there were none$"):
        CALLS.filter(service="x").assert_called()
    with pytest.raises(AssertionError, match=r"^expected one of calls to appsync with apiId='y':"):
        CALLS.filter("appsync").assert_any_call(apiId="y")
    with pytest.raises(AssertionError, match=r"^expected 3 of calls"):
        creates.assert_called_times(3)
    with pytest.raises(AssertionError, match="there were none"):
        _ = Calls().last


# --------------------------------------------------------------------------- logging


def test_debug_logging_says_each_call_answered_and_each_refusal(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="mockgw")
    with mockgw.mock_apigateway():
        apigw().create_api_key(name="k")
        with pytest.raises(apigw().exceptions.NotFoundException):
            apigw().get_api_key(apiKey="nope")
        with pytest.raises(mockgw.UnmockedServiceError):
            boto3.client("sts", region_name="us-east-1").get_caller_identity()
    messages = [r.getMessage() for r in caplog.records if r.name == "mockgw"]
    assert messages[0] == (
        "answered apigateway.CreateApiKey (POST /apikeys) for account 123456789012 in "
        "us-east-1 via botocore: 201"
    )
    assert messages[1] == (
        "answered apigateway.GetApiKey (GET /apikeys/nope) for account 123456789012 in "
        "us-east-1 via botocore: 404 NotFoundException: Invalid API Key identifier specified"
    )
    assert messages[2].startswith("refused: mockgw stopped a request to AWS service 'sts'")
    assert all(r.levelno == logging.DEBUG for r in caplog.records if r.name == "mockgw")


def test_nothing_is_logged_above_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="mockgw")
    with mockgw.mock_apigateway():
        apigw().create_api_key(name="k")
    assert [r for r in caplog.records if r.name.startswith("mockgw")] == []


def test_unsupported_operations_are_logged_as_refusals(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG, logger="mockgw")
    handlers = definition("appsync").handlers
    assert isinstance(handlers, dict)
    monkeypatch.delitem(handlers, "ListGraphqlApis")  # as if mockgw did not implement it
    with mockgw.mock_appsync() as m, pytest.raises(mockgw.UnsupportedOperationError):
        boto3.client("appsync", region_name="us-east-1").list_graphql_apis()
    refusals = [r.getMessage() for r in caplog.records if r.getMessage().startswith("refused:")]
    count = len(mockgw.supported_operations()["appsync"])
    assert refusals == [
        "refused: mockgw does not implement appsync.ListGraphqlApis "
        "(client.list_graphql_apis()) yet, so nothing answered it, and it was never sent to AWS. "
        f"mockgw.supported_operations()['appsync'] lists the {count} appsync operations mockgw "
        "answers (README: Supported operations)."
    ]
    assert list(m.calls) == []  # not answered, so not recorded
