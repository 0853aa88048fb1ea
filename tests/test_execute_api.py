"""Calls to deployed stages: API keys enforced, throttles and quotas applied, MOCK answered.

Pinned AWS facts (docs "Gateway response types", re:Post "api-gateway-429-limit", and the
module docstrings of ``mockgw/services/apigateway/invoke/``): a missing, unknown or disabled
key on a method with apiKeyRequired is 403 ``{"message":"Forbidden"}``; an unknown route is 403
``{"message":"Missing Authentication Token"}``; rate/burst is 429 ``Too Many Requests``; quota
is 429 ``Limit Exceeded``. Where AWS is not recorded the tests pin mockgw's documented choice.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
from freezegun import freeze_time

import mockgw
from mockgw import Mock, UnmockedServiceError
from mockgw.server import MockgwServer
from tests.door_helpers import run_example

HELLO = b'{"message": "hello from mockgw"}'
FORBIDDEN = b'{"message":"Forbidden"}'
MISSING_TOKEN = b'{"message":"Missing Authentication Token"}'
TOO_MANY = b'{"message":"Too Many Requests"}'
LIMIT_EXCEEDED = b'{"message":"Limit Exceeded"}'
INTERNAL = b'{"message":"Internal server error"}'


# ---------------------------------------------------------------------------- building blocks


def mock_method(
    apigw: Any,
    api_id: str,
    resource_id: str,
    http_method: str,
    template: str,
    *,
    key_required: bool = True,
    request_template: str = '{"statusCode": 200}',
) -> None:
    """``http_method`` on a resource: a MOCK integration answering 200 with ``template``."""
    common = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": http_method}
    apigw.put_method(**common, authorizationType="NONE", apiKeyRequired=key_required)
    apigw.put_method_response(**common, statusCode="200")
    apigw.put_integration(
        **common, type="MOCK", requestTemplates={"application/json": request_template}
    )
    apigw.put_integration_response(
        **common,
        statusCode="200",
        selectionPattern="",
        responseTemplates={"application/json": template},
    )


class Api:
    """A REST API deployed to ``dev``:

    - ``GET /`` (key required) answers ``{"message": "hello from mockgw"}``;
    - ``GET /open`` (no key) answers ``{"open": true}``;
    - ``GET /pets/{id}`` (key required) answers its ``$context`` values;
    - ``ANY /{proxy+}`` (key required) has an HTTP_PROXY integration mockgw does not call.
    """

    def __init__(self, apigw: Any, stage: str = "dev") -> None:
        self.apigw = apigw
        api = apigw.create_rest_api(name="pets")
        self.id: str = api["id"]
        root = api["rootResourceId"]
        mock_method(apigw, self.id, root, "GET", '{"message": "hello from mockgw"}')
        open_ = apigw.create_resource(restApiId=self.id, parentId=root, pathPart="open")["id"]
        mock_method(apigw, self.id, open_, "GET", '{"open": true}', key_required=False)
        pets = apigw.create_resource(restApiId=self.id, parentId=root, pathPart="pets")["id"]
        pet = apigw.create_resource(restApiId=self.id, parentId=pets, pathPart="{id}")["id"]
        mock_method(
            apigw,
            self.id,
            pet,
            "GET",
            '{"resource": "$context.resourcePath", "stage": "${context.stage}", '
            '"key": "$context.identity.apiKeyId", "unknown": "$context.nothing"}',
        )
        proxy = apigw.create_resource(restApiId=self.id, parentId=root, pathPart="{proxy+}")
        self.proxy_id: str = proxy["id"]
        apigw.put_method(
            restApiId=self.id,
            resourceId=self.proxy_id,
            httpMethod="ANY",
            authorizationType="NONE",
            apiKeyRequired=True,
        )
        apigw.put_integration(
            restApiId=self.id,
            resourceId=self.proxy_id,
            httpMethod="ANY",
            type="HTTP_PROXY",
            integrationHttpMethod="ANY",
            uri="https://backend.example.com/{proxy}",
        )
        apigw.create_deployment(restApiId=self.id, stageName=stage)
        self.root = root

    def url(self, path: str = "/", stage: str = "dev", region: str = "us-east-1") -> str:
        return f"https://{self.id}.execute-api.{region}.amazonaws.com/{stage}{path}"

    def metered(
        self,
        *,
        stage: str = "dev",
        throttle: dict[str, Any] | None = None,
        quota: dict[str, Any] | None = None,
        method_throttle: dict[str, Any] | None = None,
        enabled: bool = True,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """An API key in a new usage plan on ``stage``: ``(key, plan)``."""
        api_stage: dict[str, Any] = {"apiId": self.id, "stage": stage}
        if method_throttle:
            api_stage["throttle"] = method_throttle
        options: dict[str, Any] = {"apiStages": [api_stage]}
        if throttle:
            options["throttle"] = throttle
        if quota:
            options["quota"] = quota
        plan = self.apigw.create_usage_plan(name="plan", **options)
        key = self.apigw.create_api_key(name="key", enabled=enabled)
        self.apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        return key, plan


def get(url: str, key: dict[str, Any] | str | None = None, **kwargs: Any) -> requests.Response:
    headers = kwargs.pop("headers", {})
    if key is not None:
        headers["x-api-key"] = key if isinstance(key, str) else key["value"]
    return requests.get(url, headers=headers, timeout=5, **kwargs)


def statuses(url: str, key: dict[str, Any], n: int) -> list[int]:
    return [get(url, key).status_code for _ in range(n)]


def assert_gateway_error(response: requests.Response, status: int, body: bytes, code: str) -> None:
    assert response.status_code == status
    assert response.content == body
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["x-amzn-ErrorType"] == code
    assert len(response.headers["x-amzn-RequestId"]) == 36
    assert response.headers["x-mockgw-reason"]
    assert set(response.headers) == {
        "Content-Type",
        "x-amzn-ErrorType",
        "x-amzn-RequestId",
        "x-mockgw-reason",
    }


@pytest.fixture
def apigw(mockgw: Mock) -> Any:
    return boto3.client("apigateway", region_name="us-east-1")


@pytest.fixture
def api(apigw: Any) -> Api:
    return Api(apigw)


# ---------------------------------------------------------------------------- API keys


def test_a_valid_key_gets_the_mock_integration_answer(api: Api) -> None:
    key, _ = api.metered()
    response = get(api.url(), key)
    assert response.status_code == 200
    assert response.content == HELLO
    assert response.headers["Content-Type"] == "application/json"
    assert len(response.headers["x-amzn-RequestId"]) == 36
    assert "x-amzn-ErrorType" not in response.headers


def test_a_missing_key_is_forbidden(api: Api) -> None:
    api.metered()
    response = get(api.url())
    assert_gateway_error(response, 403, FORBIDDEN, "ForbiddenException")
    assert "no x-api-key" in response.headers["x-mockgw-reason"]


def test_an_unknown_key_is_forbidden(api: Api) -> None:
    api.metered()
    response = get(api.url(), "not-a-key-value-anyone-has-0123456789")
    assert_gateway_error(response, 403, FORBIDDEN, "ForbiddenException")


def test_a_key_id_is_not_a_key_value(api: Api) -> None:
    key, _ = api.metered()
    assert_gateway_error(get(api.url(), key["id"]), 403, FORBIDDEN, "ForbiddenException")


def test_a_disabled_key_is_forbidden_until_enabled_again(apigw: Any, api: Api) -> None:
    key, _ = api.metered(enabled=False)
    response = get(api.url(), key)
    assert_gateway_error(response, 403, FORBIDDEN, "ForbiddenException")
    assert response.headers["x-mockgw-reason"] == f"API key {key['id']} is disabled"
    apigw.update_api_key(
        apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/enabled", "value": "true"}]
    )
    assert get(api.url(), key).status_code == 200


def test_a_key_in_no_usage_plan_is_forbidden(apigw: Any, api: Api) -> None:
    key = apigw.create_api_key(name="loose", enabled=True)
    response = get(api.url(), key)
    assert_gateway_error(response, 403, FORBIDDEN, "ForbiddenException")
    assert response.headers["x-mockgw-reason"] == (
        f"API key {key['id']} is in no usage plan with API stage {api.id}:dev"
    )


def test_a_key_whose_plan_holds_another_stage_is_forbidden(apigw: Any, api: Api) -> None:
    apigw.create_deployment(restApiId=api.id, stageName="prod")
    key, _ = api.metered(stage="prod")
    assert get(api.url(stage="prod"), key).status_code == 200
    assert_gateway_error(get(api.url(stage="dev"), key), 403, FORBIDDEN, "ForbiddenException")


def test_a_key_removed_from_its_plan_is_forbidden(apigw: Any, api: Api) -> None:
    key, plan = api.metered()
    assert get(api.url(), key).status_code == 200
    apigw.delete_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
    assert_gateway_error(get(api.url(), key), 403, FORBIDDEN, "ForbiddenException")


def test_a_method_without_api_key_required_needs_no_key_and_is_not_counted(
    apigw: Any, api: Api
) -> None:
    key, plan = api.metered(quota={"limit": 1, "period": "DAY"})
    for _ in range(3):
        response = get(api.url("/open"))
        assert (response.status_code, response.content) == (200, b'{"open": true}')
    assert get(api.url("/open"), key).status_code == 200  # a key sent anyway is ignored
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    used = apigw.get_usage(usagePlanId=plan["id"], startDate=today, endDate=today)["items"]
    assert used == {key["id"]: [[0, 1]]}


# ---------------------------------------------------------------------------- routing


def test_an_unknown_path_method_or_stage_is_missing_authentication_token(api: Api) -> None:
    key, _ = api.metered()
    for url, method in (
        (api.url("/open"), "POST"),  # the resource exists, the method does not
        (api.url("/open/"), "DELETE"),
        (api.url("/", stage="staging"), "GET"),
        (f"https://{api.id}.execute-api.us-east-1.amazonaws.com/", "GET"),
    ):
        response = requests.request(method, url, headers={"x-api-key": key["value"]}, timeout=5)
        assert_gateway_error(response, 403, MISSING_TOKEN, "MissingAuthenticationTokenException")


def test_a_stage_serves_what_its_deployment_froze(apigw: Any, api: Api) -> None:
    key, _ = api.metered()
    late = apigw.create_resource(restApiId=api.id, parentId=api.root, pathPart="late")["id"]
    mock_method(apigw, api.id, late, "GET", '{"late": true}')
    # /late is not deployed yet: only the {proxy+} route (no registered answer) matches
    assert get(api.url("/late"), key).status_code == 500
    apigw.create_deployment(restApiId=api.id, stageName="dev")
    response = get(api.url("/late"), key)
    assert (response.status_code, response.content) == (200, b'{"late": true}')


def test_an_unknown_rest_api_is_forbidden(api: Api) -> None:
    response = get("https://abcdefghij.execute-api.us-east-1.amazonaws.com/dev/")
    assert_gateway_error(response, 403, FORBIDDEN, "ForbiddenException")
    assert (
        response.headers["x-mockgw-reason"] == "no REST API abcdefghij exists in region us-east-1"
    )
    # the API exists, in us-east-1 only
    other = get(api.url(region="eu-west-1"))
    assert_gateway_error(other, 403, FORBIDDEN, "ForbiddenException")


def test_stages_answer_after_a_restore_and_not_after_a_reset_or_a_delete(
    mockgw: Mock, apigw: Any, api: Api
) -> None:
    """The engine finds a REST API through the world's directory: a restore rebuilds it (and
    the deployment's route index, which is derived, not saved), a reset and a delete empty it."""
    key, _ = api.metered()
    saved = mockgw.snapshot()
    mockgw.reset()
    assert_gateway_error(get(api.url(), key), 403, FORBIDDEN, "ForbiddenException")
    mockgw.restore(saved)
    assert get(api.url(), key).content == HELLO
    assert get(api.url("/pets/7"), key).json()["resource"] == "/pets/{id}"
    apigw.delete_rest_api(restApiId=api.id)
    assert_gateway_error(get(api.url(), key), 403, FORBIDDEN, "ForbiddenException")


def test_a_rest_api_is_found_in_its_own_account_and_region_only(mockgw: Mock, api: Api) -> None:
    key, _ = api.metered()
    other = boto3.client(
        "apigateway",
        region_name="eu-west-1",
        aws_access_key_id="111122223333",
        aws_secret_access_key="x",
    )
    elsewhere = Api(other)
    other_key, _ = elsewhere.metered()
    assert get(elsewhere.url(region="eu-west-1"), other_key).content == HELLO
    assert get(api.url(region="eu-west-1"), key).status_code == 403  # not in that region
    assert get(elsewhere.url(region="us-east-1"), other_key).status_code == 403


def test_a_disabled_execute_api_endpoint_is_forbidden(apigw: Any, api: Api) -> None:
    key, _ = api.metered()
    apigw.update_rest_api(
        restApiId=api.id,
        patchOperations=[{"op": "replace", "path": "/disableExecuteApiEndpoint", "value": "true"}],
    )
    assert_gateway_error(get(api.url(), key), 403, FORBIDDEN, "ForbiddenException")


def test_path_parameters_and_context_variables(api: Api) -> None:
    """A reference to nothing renders as nothing in API Gateway's templates (users of
    velocityjs-based emulators found the same: toqoz/api-gateway-mapping-template#5)."""
    key, _ = api.metered()
    response = get(api.url("/pets/7"), key)
    assert response.status_code == 200
    assert response.json() == {
        "resource": "/pets/{id}",
        "stage": "dev",
        "key": key["id"],
        "unknown": "",
    }


def test_a_greedy_path_takes_the_rest_and_an_unregistered_proxy_is_a_500(api: Api) -> None:
    key, _ = api.metered()
    for path in ("/pets/7/toys", "/a/b/c/d", "/open/x"):
        response = get(api.url(path), key)
        assert_gateway_error(response, 500, INTERNAL, "InternalServerErrorException")
        assert (
            "HTTP_PROXY integration, which mockgw does not call"
            in (response.headers["x-mockgw-reason"])
        )
    # the literal and {param} routes still win over {proxy+}
    assert get(api.url("/"), key).content == HELLO
    assert get(api.url("/pets/8"), key).status_code == 200
    # the most specific resource is chosen before its methods are looked at (mockgw's choice):
    # /pets exists, without methods, so {proxy+} does not take it
    missing = get(api.url("/pets"), key)
    assert_gateway_error(missing, 403, MISSING_TOKEN, "MissingAuthenticationTokenException")
    assert missing.headers["x-mockgw-reason"] == "resource /pets has no GET or ANY"


def test_registered_responses_replace_the_integration(mockgw: Mock, api: Api) -> None:
    key, _ = api.metered()
    mockgw.respond(api.id, "GET", "/orders/1", body={"order": 1}, headers={"X-Trace": "t1"})
    mockgw.respond(api.id, "POST", "/{proxy+}", status=201, body="made", stage="dev")
    mockgw.respond(api.id, "ANY", "/pets/7", status=418, body=b"\x00teapot")

    got = get(api.url("/orders/1"), key)
    assert (got.status_code, got.json()) == (200, {"order": 1})
    assert got.headers["X-Trace"] == "t1"
    assert got.headers["Content-Type"] == "application/json"
    made = requests.post(api.url("/orders"), headers={"x-api-key": key["value"]}, timeout=5)
    assert (made.status_code, made.content) == (201, b"made")
    assert get(api.url("/pets/7"), key).content == b"\x00teapot"  # over the MOCK integration
    assert get(api.url("/pets/8"), key).status_code == 200  # the MOCK answer, unchanged
    # keys are still enforced in front of a registered response
    assert_gateway_error(get(api.url("/orders/1")), 403, FORBIDDEN, "ForbiddenException")


def test_a_registered_response_needs_a_deployed_route(mockgw: Mock, apigw: Any) -> None:
    api = apigw.create_rest_api(name="bare")
    mock_method(apigw, api["id"], api["rootResourceId"], "GET", "{}", key_required=False)
    apigw.create_deployment(restApiId=api["id"], stageName="dev")
    mockgw.respond(api["id"], "GET", "/elsewhere", body="never")
    url = f"https://{api['id']}.execute-api.us-east-1.amazonaws.com/dev/elsewhere"
    assert_gateway_error(get(url), 403, MISSING_TOKEN, "MissingAuthenticationTokenException")


def test_mock_integration_selects_the_integration_response_by_status(apigw: Any) -> None:
    api = apigw.create_rest_api(name="selection")
    api_id, root = api["id"], api["rootResourceId"]
    common = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    apigw.put_method(**common, authorizationType="NONE")
    for code in ("200", "404"):
        apigw.put_method_response(
            **common, statusCode=code, responseParameters={"method.response.header.X-Why": True}
        )
    apigw.put_integration(
        **common, type="MOCK", requestTemplates={"application/json": '{"statusCode": 404}'}
    )
    apigw.put_integration_response(
        **common,
        statusCode="200",
        selectionPattern="",
        responseTemplates={"application/json": "{}"},
    )
    apigw.put_integration_response(
        **common,
        statusCode="404",
        selectionPattern="4\\d{2}",
        responseTemplates={"application/json": '{"message": "no such pet"}'},
        responseParameters={"method.response.header.X-Why": "'missing'"},
    )
    apigw.create_deployment(restApiId=api_id, stageName="dev")
    url = f"https://{api_id}.execute-api.us-east-1.amazonaws.com/dev"
    response = get(url)
    assert (response.status_code, response.content) == (404, b'{"message": "no such pet"}')
    assert response.headers["X-Why"] == "missing"

    apigw.delete_integration_response(**common, statusCode="200")
    apigw.put_integration(
        **common, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'}
    )
    apigw.put_integration_response(**common, statusCode="404", selectionPattern="4\\d{2}")
    apigw.create_deployment(restApiId=api_id, stageName="dev")
    response = get(url)  # 200 matches no pattern and there is no default response
    assert_gateway_error(response, 500, INTERNAL, "InternalServerErrorException")


# ---------------------------------------------------------------------------- throttling


def test_burst_then_rate_under_freezegun(api: Api) -> None:
    with freeze_time("2024-05-06 12:00:00") as frozen:
        key, _ = api.metered(throttle={"rateLimit": 1, "burstLimit": 3})
        assert statuses(api.url(), key, 3) == [200, 200, 200]
        throttled = get(api.url(), key)
        assert_gateway_error(throttled, 429, TOO_MANY, "TooManyRequestsException")
        frozen.tick(dt.timedelta(seconds=1))
        assert statuses(api.url(), key, 2) == [200, 429]
        frozen.tick(dt.timedelta(seconds=0.5))
        assert statuses(api.url(), key, 1) == [429]
        frozen.tick(dt.timedelta(seconds=0.5))
        assert statuses(api.url(), key, 2) == [200, 429]
        frozen.tick(dt.timedelta(seconds=60))  # the bucket refills to the burst, no further
        assert statuses(api.url(), key, 4) == [200, 200, 200, 429]


def test_each_key_has_its_own_bucket(apigw: Any, api: Api) -> None:
    with freeze_time("2024-05-06 12:00:00"):
        key, plan = api.metered(throttle={"rateLimit": 1, "burstLimit": 1})
        other = apigw.create_api_key(name="other", enabled=True)
        apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=other["id"], keyType="API_KEY")
        assert statuses(api.url(), key, 2) == [200, 429]
        assert statuses(api.url(), other, 2) == [200, 429]


def test_a_method_throttle_overrides_the_plan_throttle(api: Api) -> None:
    with freeze_time("2024-05-06 12:00:00"):
        key, _ = api.metered(
            throttle={"rateLimit": 100, "burstLimit": 100},
            method_throttle={"/pets/{id}/GET": {"rateLimit": 1, "burstLimit": 2}},
        )
        assert statuses(api.url("/pets/1"), key, 3) == [200, 200, 429]
        assert statuses(api.url(), key, 5) == [200] * 5  # other methods: the plan's bucket


def test_a_throttled_call_costs_no_quota(apigw: Any, api: Api) -> None:
    with freeze_time("2024-05-06 12:00:00"):
        key, plan = api.metered(
            throttle={"rateLimit": 1, "burstLimit": 1}, quota={"limit": 10, "period": "DAY"}
        )
        assert statuses(api.url(), key, 4) == [200, 429, 429, 429]
        items = apigw.get_usage(
            usagePlanId=plan["id"], startDate="2024-05-06", endDate="2024-05-06"
        )
        assert items["items"] == {key["id"]: [[1, 9]]}


# ---------------------------------------------------------------------------- quotas


def test_a_daily_quota_gives_429_at_the_right_call_and_resets_at_utc_midnight(api: Api) -> None:
    with freeze_time("2024-05-06 09:00:00") as frozen:
        key, _ = api.metered(quota={"limit": 3, "period": "DAY"})
        assert statuses(api.url(), key, 3) == [200, 200, 200]
        exceeded = get(api.url(), key)
        assert_gateway_error(exceeded, 429, LIMIT_EXCEEDED, "LimitExceededException")
        frozen.move_to("2024-05-06 23:59:59")
        assert statuses(api.url(), key, 1) == [429]
        frozen.move_to("2024-05-07 00:00:00")
        assert statuses(api.url(), key, 4) == [200, 200, 200, 429]


def test_a_weekly_quota_runs_monday_to_sunday(api: Api) -> None:
    with freeze_time("2024-05-06 10:00:00") as frozen:  # a Monday
        key, _ = api.metered(quota={"limit": 2, "period": "WEEK"})
        assert statuses(api.url(), key, 1) == [200]
        frozen.move_to("2024-05-09 10:00:00")
        assert statuses(api.url(), key, 1) == [200]
        frozen.move_to("2024-05-12 23:59:59")  # Sunday
        assert statuses(api.url(), key, 1) == [429]
        frozen.move_to("2024-05-13 00:00:00")  # the next Monday
        assert statuses(api.url(), key, 3) == [200, 200, 429]


def test_a_monthly_quota_takes_its_offset_in_the_first_month_only(api: Api) -> None:
    with freeze_time("2024-05-20 10:00:00") as frozen:
        key, _ = api.metered(quota={"limit": 5, "offset": 3, "period": "MONTH"})
        assert statuses(api.url(), key, 3) == [200, 200, 429]
        frozen.move_to("2024-06-01 00:00:00")
        assert statuses(api.url(), key, 6) == [200] * 5 + [429]


def test_a_quota_of_zero_refuses_every_call(api: Api) -> None:
    key, _ = api.metered(quota={"limit": 0, "period": "DAY"})
    assert_gateway_error(get(api.url(), key), 429, LIMIT_EXCEEDED, "LimitExceededException")


def test_a_quota_added_later_counts_the_calls_already_made(apigw: Any, api: Api) -> None:
    with freeze_time("2024-05-06 10:00:00"):
        key, plan = api.metered()
        assert statuses(api.url(), key, 3) == [200] * 3
        apigw.update_usage_plan(
            usagePlanId=plan["id"],
            patchOperations=[
                {"op": "replace", "path": "/quota/limit", "value": "4"},
                {"op": "replace", "path": "/quota/period", "value": "DAY"},
            ],
        )
        assert statuses(api.url(), key, 2) == [200, 429]


# ---------------------------------------------------------------------------- doors


def test_execute_api_is_refused_when_api_gateway_is_not_mocked() -> None:
    url = "https://abcdefghij.execute-api.us-east-1.amazonaws.com/dev/"
    with mockgw.mock_appsync(), pytest.raises(UnmockedServiceError, match="execute-api"):
        requests.get(url, timeout=5)


def test_signed_calls_from_botocore_style_clients_are_answered_too(api: Api) -> None:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    key, _ = api.metered()
    request = AWSRequest("GET", api.url(), headers={"x-api-key": key["value"]})
    SigV4Auth(Credentials("AKID", "secret"), "execute-api", "us-east-1").add_auth(request)
    response = requests.get(api.url(), headers=dict(request.headers), timeout=5)
    assert (response.status_code, response.content) == (200, HELLO)


@pytest.fixture
def served(mockgw_server: MockgwServer) -> Iterator[tuple[MockgwServer, Api]]:
    yield mockgw_server, Api(mockgw_server.client("apigateway"))


def raw(server: MockgwServer, method: str, path: str, headers: dict[str, str]) -> Any:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        conn.request(method, path, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_the_server_serves_stages_at_the_user_request_path(
    served: tuple[MockgwServer, Api],
) -> None:
    server, api = served
    key, _ = api.metered(quota={"limit": 2, "period": "DAY"})
    path = f"/restapis/{api.id}/dev/_user_request_/"
    status, headers, body = raw(server, "GET", path, {"x-api-key": key["value"]})
    assert (status, body) == (200, HELLO)
    assert headers["Content-Type"] == "application/json"
    status, headers, body = raw(server, "GET", path, {})
    assert (status, body, headers["x-amzn-ErrorType"]) == (403, FORBIDDEN, "ForbiddenException")
    pet = raw(
        server, "GET", f"/restapis/{api.id}/dev/_user_request_/pets/3", {"x-api-key": key["value"]}
    )
    assert pet[0] == 200
    status, headers, body = raw(server, "GET", path, {"x-api-key": key["value"]})
    assert (status, body, headers["x-amzn-ErrorType"]) == (
        429,
        LIMIT_EXCEEDED,
        "LimitExceededException",
    )
    usage = api.apigw.get_usage(
        usagePlanId=api.apigw.get_usage_plans()["items"][0]["id"],
        startDate=dt.datetime.now(dt.timezone.utc).date().isoformat(),
        endDate=dt.datetime.now(dt.timezone.utc).date().isoformat(),
    )
    assert usage["items"] == {key["id"]: [[2, 0]]}


def test_the_server_serves_stages_by_host_header(served: tuple[MockgwServer, Api]) -> None:
    server, api = served
    key, _ = api.metered()
    for host in (
        f"{api.id}.execute-api.localhost:{server.port}",
        f"{api.id}.execute-api.us-east-1.amazonaws.com",
    ):
        status, _, body = raw(server, "GET", "/dev/", {"Host": host, "x-api-key": key["value"]})
        assert (status, body) == (200, HELLO)
        status, _, body = raw(server, "GET", "/dev/nope/nope/nope", {"Host": host})
        assert (status, body) == (403, FORBIDDEN)  # {proxy+} matched; the key is missing
        status, _, body = raw(server, "GET", "/qa/", {"Host": host})
        assert (status, body) == (403, MISSING_TOKEN)


def test_the_server_still_answers_the_control_plane_under_restapis(
    served: tuple[MockgwServer, Api],
) -> None:
    server, api = served
    status, _, body = raw(server, "GET", f"/restapis/{api.id}/stages/dev", {})
    assert status == 200
    assert json.loads(body)["stageName"] == "dev"


def test_the_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_example("metered_api.py", capsys)
    assert '200 {"message": "hello"}' in out
    assert '429 {"message":"Too Many Requests"}' in out
    assert '403 {"message":"Forbidden"}' in out
