"""Fault injection: chosen operations fail (or answer late) on purpose, and botocore's own retry
logic runs against them as it runs against AWS, in-process and on the server."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ReadTimeoutError
from freezegun import freeze_time

import mockgw
from mockgw import clock
from mockgw.server import MockgwServer
from tests.door_helpers import run_example
from tests.helpers import assert_error

#: the real clock, kept where freezegun (which swaps every module's time.perf_counter) cannot see
_REAL_CLOCK = (time.perf_counter,)


def perf_counter() -> float:
    return _REAL_CLOCK[0]()


THROTTLED = "The request has reached its throttling limit. Retry after the specified time period."


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """botocore's retry backoff, recorded instead of slept (as tests usually stub it)."""
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    return slept


@pytest.fixture
def m() -> Iterator[mockgw.Mock]:
    with mockgw.mock() as active:
        yield active


def apigw(mode: str = "standard", attempts: int | None = None, **options: Any) -> Any:
    retries: dict[str, Any] = {"mode": mode}
    if attempts is not None:
        retries["total_max_attempts"] = attempts
    config = Config(retries=retries, **options)  # type: ignore[arg-type]
    return boto3.client("apigateway", region_name="us-east-1", config=config)


# ------------------------------------------------------------------------ botocore's retries


@pytest.mark.parametrize("mode", ["standard", "legacy"])
def test_injected_throttling_twice_is_retried_by_botocore_and_succeeds(
    m: mockgw.Mock, sleeps: list[float], mode: str
) -> None:
    client = apigw(mode)
    fault = m.inject_fault("apigateway", "CreateApiKey", "TooManyRequestsException", times=2)
    created = client.create_api_key(name="after two throttles", enabled=True)
    assert created["ResponseMetadata"]["RetryAttempts"] == 2
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(sleeps) == 2  # botocore backed off twice, as it does against AWS
    assert (fault.calls, fault.hits, fault.exhausted) == (3, 2, True)
    # the throttled calls changed nothing: exactly one key exists
    assert [k["name"] for k in client.get_api_keys()["items"]] == ["after two throttles"]
    assert client.create_api_key(name="next")["ResponseMetadata"]["RetryAttempts"] == 0


def test_the_error_is_the_error_shape_aws_sends(m: mockgw.Mock, sleeps: list[float]) -> None:
    client = apigw(attempts=1)  # no retries: the first answer is the error
    m.inject_fault("apigateway", "GetApiKeys", "TooManyRequestsException", times=1)
    error = assert_error(client.get_api_keys, "TooManyRequestsException", 429, THROTTLED)
    assert isinstance(error, client.exceptions.TooManyRequestsException)
    assert error.response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == (
        "TooManyRequestsException"
    )
    assert client.get_api_keys()["items"] == []  # times=1: the next call passes
    assert sleeps == []


def test_retries_give_up_as_botocore_does_when_the_fault_lasts(
    m: mockgw.Mock, sleeps: list[float]
) -> None:
    client = apigw("standard")
    fault = m.inject_fault("apigateway", "CreateApiKey", "TooManyRequestsException")
    error = assert_error(
        lambda: client.create_api_key(name="never"), "TooManyRequestsException", 429, THROTTLED
    )
    assert error.response["ResponseMetadata"]["RetryAttempts"] == 2  # standard: 3 attempts
    assert (fault.calls, fault.hits, fault.exhausted) == (3, 3, False)
    fault.remove()
    assert m.world.faults is None  # no fault left: the dispatcher's check is one attribute
    assert client.create_api_key(name="now")["name"] == "now"


def test_server_errors_are_retried_and_client_errors_are_not(
    m: mockgw.Mock, sleeps: list[float]
) -> None:
    client = apigw("standard")
    m.inject_fault("apigateway", "GetUsagePlans", "ServiceUnavailableException", times=1)
    assert client.get_usage_plans()["ResponseMetadata"]["RetryAttempts"] == 1
    m.inject_fault("apigateway", "GetUsagePlans", "InternalFailure", times=2)
    assert client.get_usage_plans()["ResponseMetadata"]["RetryAttempts"] == 2
    m.inject_fault("apigateway", "GetUsagePlans", "BadRequestException", times=1)
    error = assert_error(
        client.get_usage_plans,
        "BadRequestException",
        400,
        "The submitted request is not valid, for example, the input is incomplete or incorrect. "
        "See the accompanying error message for details.",
    )
    assert error.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert len(sleeps) == 3


# ------------------------------------------------------------------------ which calls it hits


def test_after_lets_calls_pass_first(m: mockgw.Mock, sleeps: list[float]) -> None:
    client = apigw(attempts=1)
    fault = m.inject_fault(
        "apigateway", "CreateApiKey", "LimitExceededException", after=2, times=1, message="full"
    )
    client.create_api_key(name="1")
    client.create_api_key(name="2")
    assert_error(lambda: client.create_api_key(name="3"), "LimitExceededException", 429, "full")
    client.create_api_key(name="4")
    assert [k["name"] for k in client.get_api_keys()["items"]] == ["4", "2", "1"]
    assert (fault.calls, fault.hits) == (4, 1)


def test_times_none_fails_every_call_until_removed(m: mockgw.Mock) -> None:
    client = apigw(attempts=1)
    with m.inject_fault("apigateway", "GetApiKeys", "UnauthorizedException", status=403) as fault:
        for _ in range(3):
            assert_error(
                client.get_api_keys,
                "UnauthorizedException",
                403,
                "The request is denied because the caller has insufficient permissions.",
            )
        assert m.faults == [fault]
    assert m.faults == [] and m.world.faults is None
    assert client.get_api_keys()["items"] == []
    fault.remove()  # removing twice is harmless


def test_other_operations_and_regions_are_untouched(m: mockgw.Mock) -> None:
    client = apigw(attempts=1)
    west = boto3.client(
        "apigateway", region_name="us-west-2", config=Config(retries={"total_max_attempts": 1})
    )
    fault = m.inject_fault(
        "apigateway", "CreateApiKey", "ConflictException", region="us-east-1", message="no"
    )
    assert west.create_api_key(name="west")["name"] == "west"
    assert client.get_api_keys()["items"] == []
    assert_error(lambda: client.create_api_key(name="east"), "ConflictException", 409, "no")
    assert (fault.calls, fault.hits) == (1, 1)


def test_a_wildcard_hits_every_operation_of_the_service(m: mockgw.Mock) -> None:
    client = apigw(attempts=1)
    appsync = boto3.client("appsync", region_name="us-east-1")
    m.inject_fault("apigateway", "*", "ThrottlingException", times=2)
    assert_error(client.get_api_keys, "ThrottlingException", 400, "Rate exceeded")
    assert_error(client.get_rest_apis, "ThrottlingException", 400, "Rate exceeded")
    assert appsync.list_graphql_apis()["graphqlApis"] == []
    assert client.get_rest_apis()["items"] == []


def test_appsync_faults_raise_appsync_exceptions(m: mockgw.Mock, sleeps: list[float]) -> None:
    appsync = boto3.client("appsync", region_name="us-east-1")
    api = appsync.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
    m.inject_fault("appsync", "CreateApiKey", "ApiKeyLimitExceededException", times=1)
    with pytest.raises(appsync.exceptions.ApiKeyLimitExceededException) as info:
        appsync.create_api_key(apiId=api["apiId"])
    response: Any = info.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response["Error"]["Message"] == "The API key exceeded a limit. Try your request again."
    m.inject_fault("appsync", "CreateApiKey", "InternalFailureException", times=1)
    key = appsync.create_api_key(apiId=api["apiId"])
    assert key["ResponseMetadata"]["RetryAttempts"] == 1
    assert [k["id"] for k in appsync.list_api_keys(apiId=api["apiId"])["apiKeys"]] == [
        key["apiKey"]["id"]
    ]


# ------------------------------------------------------------------------ slow answers


def test_a_delay_really_waits_even_with_time_sleep_stubbed(
    m: mockgw.Mock, sleeps: list[float]
) -> None:
    client = apigw()
    fault = m.inject_fault("apigateway", "GetApiKeys", delay=0.15, times=1)
    started = perf_counter()
    assert client.get_api_keys()["items"] == []
    assert perf_counter() - started >= 0.15
    assert sleeps == []  # the delay is not a call to the (stubbed) time.sleep
    started = perf_counter()
    client.get_api_keys()
    assert perf_counter() - started < 0.1
    assert (fault.calls, fault.hits) == (2, 1)


def test_a_delay_under_freezegun_waits_and_leaves_the_frozen_clock_alone(m: mockgw.Mock) -> None:
    client = apigw(attempts=1)
    with freeze_time("2026-03-01 12:00:00"):
        m.inject_fault("apigateway", "CreateApiKey", "TooManyRequestsException", delay=0.1, times=1)
        started = perf_counter()
        with pytest.raises(ClientError):
            client.create_api_key(name="slow and throttled")
        assert perf_counter() - started >= 0.1
        key = client.create_api_key(name="k")
        assert key["createdDate"].timestamp() == clock.now() == 1772366400.0


# ------------------------------------------------------------------------ misuse, lifetime


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (
            ("lambda", "Invoke", "TooManyRequestsException"),
            {},
            "this mock does not cover 'lambda': it covers ['apigateway', 'appsync']",
        ),
        (
            ("apigateway", "create_api_key", "TooManyRequestsException"),
            {},
            "apigateway has no operation 'create_api_key' (did you mean 'CreateApiKey'?): name "
            "it as botocore does (e.g. 'CreateApiKey'), or '*' for every operation",
        ),
        (
            ("apigateway", "CreateApiKey", "SlowDown"),
            {},
            "'SlowDown' is not an error of apigateway: use one of its modeled errors "
            "(BadRequestException, ConflictException, LimitExceededException, NotFoundException, "
            "TooManyRequestsException, UnauthorizedException; all of the service's: "
            "BadRequestException, ConflictException, LimitExceededException, NotFoundException, "
            "ServiceUnavailableException, TooManyRequestsException, UnauthorizedException) or a "
            "common AWS error (AccessDeniedException, IncompleteSignature, InternalFailure, "
            "InvalidClientTokenId, NotAuthorized, RequestExpired, ServiceUnavailable, "
            "ThrottlingException, ValidationError)",
        ),
        (
            ("apigateway", "CreateApiKey", "TooManyRequestsException"),
            {"times": 0},
            "times must be a positive integer or None (every call), not 0",
        ),
        (
            ("apigateway", "CreateApiKey", "TooManyRequestsException"),
            {"after": -1},
            "after must be an integer >= 0, not -1",
        ),
        (("apigateway", "CreateApiKey"), {}, "a fault needs an error code, a delay, or both"),
        (
            ("apigateway", "CreateApiKey"),
            {"delay": -1},
            "delay must be a number of seconds from 0 to 3600, not -1",
        ),
        (
            ("apigateway", "CreateApiKey", "TooManyRequestsException"),
            {"status": 200},
            "status must be an HTTP error status (400-599), not 200",
        ),
    ],
)
def test_a_fault_is_checked_against_botocore_model(
    m: mockgw.Mock, args: tuple[str, ...], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(mockgw.MockgwError) as info:
        m.inject_fault(*args, **kwargs)
    assert str(info.value) == message
    assert m.faults == []


def test_faults_belong_to_the_world() -> None:
    with mockgw.mock_apigateway() as outer:
        outer.inject_fault("apigateway", "GetApiKeys", "TooManyRequestsException")
        with mockgw.mock_apigateway() as inner:  # nested mocks share one world: and its faults
            assert [f.operation for f in inner.faults] == ["GetApiKeys"]
        outer.reset()  # a fresh world has no faults
        assert outer.faults == [] and outer.world.faults is None
        outer.inject_fault("apigateway", "GetApiKeys", "TooManyRequestsException")
    with mockgw.mock_apigateway() as later:  # dropped with the world
        assert later.faults == []
        assert apigw(attempts=1).get_api_keys()["items"] == []


def test_faults_survive_a_restore_and_are_not_in_snapshots(m: mockgw.Mock) -> None:
    apigw().create_api_key(name="k")
    fault = m.inject_fault("apigateway", "GetApiKeys", "TooManyRequestsException")
    saved = m.snapshot()
    assert "fault" not in json.dumps(saved).lower()
    m.restore(saved)
    assert m.faults == [fault]


# ------------------------------------------------------------------------ on the server


def admin(server: MockgwServer, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        server.endpoint_url + "/_mockgw/" + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_server_faults_through_the_admin_endpoints(
    mockgw_server: MockgwServer, sleeps: list[float]
) -> None:
    fault = {
        "service": "apigateway",
        "operation": "CreateApiKey",
        "error": "TooManyRequestsException",
        "times": 2,
    }
    status, added = admin(mockgw_server, "POST", "faults", fault)
    assert status == 201
    assert added == {
        **fault,
        "id": added["id"],
        "status": 429,
        "message": THROTTLED,
        "after": 0,
        "delay": 0.0,
        "region": None,
        "calls": 0,
        "hits": 0,
    }
    client = mockgw_server.client("apigateway", config=Config(retries={"mode": "standard"}))
    created = client.create_api_key(name="over http")
    assert created["ResponseMetadata"]["RetryAttempts"] == 2
    status, listed = admin(mockgw_server, "GET", "faults")
    assert status == 200 and [(f["calls"], f["hits"]) for f in listed["faults"]] == [(3, 2)]
    assert admin(mockgw_server, "GET", f"faults/{added['id']}")[1]["hits"] == 2
    assert admin(mockgw_server, "DELETE", f"faults/{added['id']}") == (
        200,
        {"removed": added["id"]},
    )
    assert admin(mockgw_server, "DELETE", f"faults/{added['id']}") == (
        404,
        {"message": f"no fault '{added['id']}'; GET /_mockgw/faults lists them"},
    )
    admin(mockgw_server, "POST", "faults", {**fault, "operation": "*", "times": None})
    assert admin(mockgw_server, "DELETE", "faults") == (200, {"cleared": 1})
    assert mockgw_server.world.faults is None


def test_server_rejects_bad_faults(mockgw_server: MockgwServer) -> None:
    assert admin(mockgw_server, "POST", "faults", {"service": "apigateway"}) == (
        400,
        {"message": "a fault needs 'operation' (a string)"},
    )
    assert admin(
        mockgw_server, "POST", "faults", {"service": "s3", "operation": "x", "colour": 1}
    ) == (
        400,
        {
            "message": "unknown fault fields ['colour']; a fault has ['service', 'operation', "
            "'error', 'times', 'after', 'delay', 'message', 'status', 'region']"
        },
    )
    assert admin(mockgw_server, "PUT", "faults", {}) == (
        405,
        {"message": "/_mockgw/faults accepts GET, POST or DELETE"},
    )


def test_a_server_reset_drops_faults(mockgw_server: MockgwServer) -> None:
    admin(mockgw_server, "POST", "faults", {"service": "appsync", "operation": "*", "delay": 5})
    assert admin(mockgw_server, "POST", "reset") == (200, {"reset": True})
    assert admin(mockgw_server, "GET", "faults") == (200, {"faults": []})


def test_a_slow_server_answer_times_out_and_botocore_retries(
    mockgw_server: MockgwServer, sleeps: list[float]
) -> None:
    admin(
        mockgw_server,
        "POST",
        "faults",
        {"service": "apigateway", "operation": "GetApiKeys", "delay": 0.6, "times": 1},
    )
    config = Config(read_timeout=0.2, retries={"mode": "standard"})
    client = mockgw_server.client("apigateway", config=config)
    answer = client.get_api_keys()  # the first attempt times out on the socket; the retry passes
    assert answer["ResponseMetadata"]["RetryAttempts"] == 1
    no_retry = mockgw_server.client(
        "apigateway", config=Config(read_timeout=0.2, retries={"total_max_attempts": 1})
    )
    admin(
        mockgw_server,
        "POST",
        "faults",
        {"service": "apigateway", "operation": "GetApiKeys", "delay": 0.6, "times": 1},
    )
    started = perf_counter()
    with pytest.raises(ReadTimeoutError):
        no_retry.get_api_keys()
    # The server still answers the abandoned attempt after its delay; let it finish here, so it
    # draws no request id from the shared generator while a later test runs seeded.
    threading.Event().wait(max(0.0, started + 0.8 - perf_counter()))


def test_the_example_runs(sleeps: list[float], capsys: pytest.CaptureFixture[str]) -> None:
    out = run_example("faults_and_snapshots.py", capsys)
    lines = out.splitlines()
    assert lines[:5] == [
        "retries: 2",
        "fault calls/hits: 3 2",
        f"error: TooManyRequestsException {THROTTLED}",
        "keys: ['retried']",
        "retry attempts per call: [0, 0, 1]",
    ]
    assert lines[5].startswith("same id and value: True ")
    assert lines[6:] == [
        "after restore: ['saved']",
        "loaded: ['saved']",
        "after restart: survivor",
    ]
