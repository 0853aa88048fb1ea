"""TestInvokeMethod: a method called as it stands, by the execute-api engine, with AWS's log.

Pinned AWS facts (LocalStack's AWS-validated ``test_invoke_test_method``, recorded 2025-09-29):
the answer's members and the log's lines for a MOCK integration, path parameters from
``pathWithQueryString`` (none when it does not fit the resource; the placeholders themselves
when it is not given), the query string in ``{foo=bar}`` form, ``Invalid Method identifier
specified`` and ``Invalid Resource identifier specified`` (404). A refused request shows
``{"x-amzn-ErrorType": "BadRequestException"}`` as its headers and logs ``Request body does not
match model schema for content type application/json: [...]`` (an AWS console test invoke,
quoted in public write-ups).
"""

from __future__ import annotations

import json
import re
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from mockgw import Mock
from tests.helpers import assert_error, body, status

STAMP = "Mon Jun 03 10:00:00 UTC 2024"


@pytest.fixture
def apigw(mockgw: Mock) -> Any:
    return boto3.client("apigateway", region_name="us-east-1")


@pytest.fixture
def pets(apigw: Any) -> dict[str, str]:
    """``GET /pets``, ``GET`` and ``POST /pets/{petId}`` (MOCK integrations)."""
    api = apigw.create_rest_api(name="pets")
    api_id, root = api["id"], api["rootResourceId"]
    pets = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="pets")["id"]
    pet = apigw.create_resource(restApiId=api_id, parentId=pets, pathPart="{petId}")["id"]
    for resource, method, template in (
        (pets, "GET", json.dumps({"pets": "all the pets"})),
        (pet, "GET", json.dumps({"petId": "$input.params('petId')"})),
        (pet, "POST", json.dumps({"petId": "$input.params('petId')"})),
    ):
        where = {"restApiId": api_id, "resourceId": resource, "httpMethod": method}
        apigw.put_method(**where, authorizationType="NONE")
        apigw.put_method_response(**where, statusCode="200")
        apigw.put_integration(
            **where, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'}
        )
        apigw.put_integration_response(
            **where, statusCode="200", responseTemplates={"application/json": template}
        )
    return {"api": api_id, "pets": pets, "pet": pet}


def log_lines(log: str) -> list[str]:
    """The log without its request id and dates."""
    assert log.endswith("\n")
    request_id = re.match(r"Execution log for request (\S+)\n", log)
    assert request_id is not None
    return log.replace(request_id.group(1), "<id>").splitlines()


@freeze_time("2024-06-03 10:00:00")
def test_a_mock_integration_answers_with_aws_log(apigw: Any, pets: dict[str, str]) -> None:
    answer = apigw.test_invoke_method(
        restApiId=pets["api"],
        resourceId=pets["pet"],
        httpMethod="GET",
        pathWithQueryString="/pets/123?foo=bar",
    )
    assert status(answer) == 200
    got = body(answer)
    assert got == {
        "status": 200,
        "body": '{"petId": "123"}',
        "headers": {"Content-Type": "application/json"},
        "multiValueHeaders": {"Content-Type": ["application/json"]},
        "log": got["log"],
        "latency": 0,
    }
    assert log_lines(got["log"]) == [
        "Execution log for request <id>",
        f"{STAMP} : Starting execution for request: <id>",
        f"{STAMP} : HTTP Method: GET, Resource Path: /pets/123",
        f"{STAMP} : Method request path: {{petId=123}}",
        f"{STAMP} : Method request query string: {{foo=bar}}",
        f"{STAMP} : Method request headers: {{}}",
        f"{STAMP} : Method request body before transformations: ",
        f'{STAMP} : Method response body after transformations: {{"petId": "123"}}',
        f"{STAMP} : Method response headers: {{Content-Type=application/json}}",
        f"{STAMP} : Successfully completed execution",
        f"{STAMP} : Method completed with status: 200",
    ]


@pytest.mark.parametrize(
    ("path", "resource_path", "parameters", "answered"),
    [
        (None, "/pets/{petId}", "{petId={petId}}", '{"petId": "{petId}"}'),
        ("/random/test", "/random/test", "{}", '{"petId": ""}'),
    ],
)
def test_path_parameters_follow_the_path_given(
    apigw: Any,
    pets: dict[str, str],
    path: str | None,
    resource_path: str,
    parameters: str,
    answered: str,
) -> None:
    options = {} if path is None else {"pathWithQueryString": path}
    answer = apigw.test_invoke_method(
        restApiId=pets["api"], resourceId=pets["pet"], httpMethod="GET", **options
    )
    assert answer["body"] == answered
    lines = log_lines(answer["log"])
    assert lines[2].endswith(f"HTTP Method: GET, Resource Path: {resource_path}")
    assert lines[3].endswith(f"Method request path: {parameters}")


def test_headers_and_body_are_logged(apigw: Any, pets: dict[str, str]) -> None:
    answer = apigw.test_invoke_method(
        restApiId=pets["api"],
        resourceId=pets["pet"],
        httpMethod="POST",
        pathWithQueryString="/pets/123",
        body='{"foo": "bar"}',
        headers={"x-one": "1"},
        multiValueHeaders={"x-many": ["a", "b"]},
    )
    lines = log_lines(answer["log"])
    assert lines[5].endswith("Method request headers: {x-one=1, x-many=a,b}")
    assert lines[6].endswith('Method request body before transformations: {"foo": "bar"}')
    assert answer["body"] == '{"petId": "123"}'


def test_no_deployment_is_needed_and_no_usage_is_counted(apigw: Any, pets: dict[str, str]) -> None:
    where = {"restApiId": pets["api"], "resourceId": pets["pets"], "httpMethod": "GET"}
    apigw.update_method(
        **where, patchOperations=[{"op": "replace", "path": "/apiKeyRequired", "value": "true"}]
    )
    assert apigw.test_invoke_method(**where)["status"] == 200  # no key needed either
    assert apigw.get_deployments(restApiId=pets["api"])["items"] == []


def test_a_refused_request_is_the_engine_refusal(apigw: Any, pets: dict[str, str]) -> None:
    api_id = pets["api"]
    validator = apigw.create_request_validator(
        restApiId=api_id, name="v", validateRequestBody=True, validateRequestParameters=True
    )
    apigw.create_model(
        restApiId=api_id,
        name="NewPet",
        contentType="application/json",
        schema=json.dumps({"type": "object", "required": ["type", "price"]}),
    )
    where = {"restApiId": api_id, "resourceId": pets["pet"], "httpMethod": "POST"}
    apigw.update_method(
        **where,
        patchOperations=[
            {"op": "replace", "path": "/requestValidatorId", "value": validator["id"]},
            {"op": "add", "path": "/requestModels/application~1json", "value": "NewPet"},
        ],
    )
    refused = apigw.test_invoke_method(**where, pathWithQueryString="/pets/1", body='{"type": 1}')
    assert {k: refused[k] for k in ("status", "body", "headers", "multiValueHeaders")} == {
        "status": 400,
        "body": '{"message":"Invalid request body"}',
        "headers": {"x-amzn-ErrorType": "BadRequestException"},
        "multiValueHeaders": {"x-amzn-ErrorType": ["BadRequestException"]},
    }
    lines = log_lines(refused["log"])
    assert lines[-2].endswith(
        "Request body does not match model schema for content type application/json: [object "
        'has missing required properties (["price"])]'
    )
    assert lines[-1].endswith("Method completed with status: 400")
    empty = apigw.test_invoke_method(**where, pathWithQueryString="/pets/1")
    assert log_lines(empty["log"])[-2].endswith(
        "content type application/json: [Unknown error parsing request body]"
    )
    apigw.put_gateway_response(restApiId=api_id, responseType="BAD_REQUEST_BODY", statusCode="422")
    assert apigw.test_invoke_method(**where, pathWithQueryString="/pets/1")["status"] == 422


def test_an_integration_mockgw_does_not_call_is_logged(apigw: Any, pets: dict[str, str]) -> None:
    where = {"restApiId": pets["api"], "resourceId": pets["pets"], "httpMethod": "GET"}
    apigw.put_integration(
        **where, type="HTTP", integrationHttpMethod="GET", uri="https://x.example/"
    )
    answer = apigw.test_invoke_method(**where)
    assert (answer["status"], answer["body"]) == (500, '{"message":"Internal server error"}')
    lines = log_lines(answer["log"])
    assert (
        "Execution failed due to configuration error: GET /pets has a HTTP integration" in lines[-2]
    )


def test_errors(apigw: Any, pets: dict[str, str]) -> None:
    api_id = pets["api"]
    assert_error(
        lambda: apigw.test_invoke_method(
            restApiId=api_id, resourceId=pets["pet"], httpMethod="HEAD"
        ),
        "NotFoundException",
        404,
        "Invalid Method identifier specified",
    )
    for rest_api, resource in ((api_id, "invalid_res"), ("nope", pets["pet"])):
        assert_error(
            lambda rest_api=rest_api, resource=resource: apigw.test_invoke_method(  # type: ignore[misc]
                restApiId=rest_api, resourceId=resource, httpMethod="POST"
            ),
            "NotFoundException",
            404,
            "Invalid Resource identifier specified",
        )
    assert_error(
        lambda: apigw.test_invoke_method(
            restApiId=api_id, resourceId=pets["pet"], httpMethod="GET", clientCertificateId="abc"
        ),
        "NotFoundException",
        404,
        "Invalid Client Certificate identifier specified",
    )
