"""The model's constraint failures in AWS's words (mockgw/wire/constraints.py), and numbers JSON
cannot carry refused by the wire layer of both services.

Every message here was recorded against AWS (LocalStack's validated snapshots,
``test_apigateway_api.snapshot.json``): body members named after the operation's input in lower
camel case, list items numbered before ``member``, lists printed in brackets, enums in AWS's
order, the body's problems before the URI's.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from mockgw import mock_apigateway
from mockgw._dispatch import Caller, Dispatcher
from mockgw.state import World
from mockgw.wire.constraints import java_text
from tests.helpers import assert_error

OP_ENUM = "[add, remove, move, test, replace, copy]"


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


def _method(apigw: Any) -> dict[str, str]:
    api = apigw.create_rest_api(name="a")
    where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    apigw.put_method(**where, authorizationType="NONE")
    return where


def test_a_body_enum_is_named_after_the_input_and_listed_in_aws_order(apigw: Any) -> None:
    where = _method(apigw)
    assert_error(
        lambda: apigw.put_integration(**where, type="HTTPS_PROXY"),
        "ValidationException",
        400,
        "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed "
        "to satisfy constraint: Member must satisfy enum value set: "
        "[HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]",
    )
    assert "methodIntegration" not in apigw.get_method(**where)


def test_a_list_of_enums_is_checked_whole_and_printed_in_brackets(apigw: Any) -> None:
    assert_error(
        lambda: apigw.create_rest_api(
            name="a", endpointConfiguration={"types": ["wrong"], "ipAddressType": "wrong"}
        ),
        "ValidationException",
        400,
        "2 validation errors detected: Value '[wrong]' at "
        "'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member "
        "must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, "
        "REGIONAL]]; Value 'wrong' at 'createRestApiInput.endpointConfiguration.ipAddressType' "
        "failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]",
    )
    assert apigw.get_rest_apis()["items"] == []


def test_list_items_are_numbered_before_member(apigw: Any) -> None:
    api_id = apigw.create_rest_api(name="a")["id"]
    bad = {"op": "wrong", "path": "/name", "value": "x"}
    assert_error(
        lambda: apigw.update_rest_api(
            restApiId=api_id,
            patchOperations=[bad, {"op": "replace", "path": "/name", "value": "y"}, bad],
        ),
        "ValidationException",
        400,
        f"2 validation errors detected: Value 'wrong' at "
        f"'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: Member "
        f"must satisfy enum value set: {OP_ENUM}; Value 'wrong' at "
        f"'updateRestApiInput.patchOperations.3.member.op' failed to satisfy constraint: Member "
        f"must satisfy enum value set: {OP_ENUM}",
    )
    assert apigw.get_rest_api(restApiId=api_id)["name"] == "a"


def test_a_missing_required_body_member_is_named_after_the_input() -> None:
    """AWS's text, quoted in aws-cdk#5678 (a CloudFormation error)."""
    from botocore.config import Config

    with mock_apigateway():
        raw = boto3.client(
            "apigateway", region_name="us-east-1", config=Config(parameter_validation=False)
        )
        api_id = raw.create_rest_api(name="a")["id"]
        assert_error(
            lambda: raw.create_authorizer(restApiId=api_id, type="TOKEN"),
            "ValidationException",
            400,
            "1 validation error detected: Value null at 'createAuthorizerInput.name' failed to "
            "satisfy constraint: Member must not be null",
        )


def test_java_text_prints_values_as_aws_does() -> None:
    assert java_text(["a", "b"]) == "[a, b]"
    assert java_text([]) == "[]"
    assert java_text(None) == "null"
    assert java_text(True) == "true"
    assert java_text({"k": ["v"]}) == "{k=[v]}"
    assert java_text("") == ""


# ------------------------------------------------------------------ numbers JSON cannot carry


def _raw(service: str, method: str, path: str, body: bytes) -> tuple[int, str, dict[str, Any]]:
    dispatcher = Dispatcher(World())
    answer = dispatcher.dispatch(
        Caller(service, "us-east-1", "123456789012"), method, path, "", {}, body
    )
    return answer.status, answer.headers["x-amzn-ErrorType"], json.loads(answer.body)


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"-1e400"])
def test_apigateway_refuses_numbers_json_cannot_carry(number: bytes) -> None:
    body = b'{"name": "p", "throttle": {"burstLimit": 1, "rateLimit": ' + number + b"}}"
    assert _raw("apigateway", "POST", "/usageplans", body) == (
        400,
        "BadRequestException",
        {"message": "Could not parse request body into json"},
    )


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"1e400"])
def test_appsync_refuses_numbers_json_cannot_carry(number: bytes) -> None:
    body = b'{"name": "n", "authenticationType": "API_KEY", "queryDepthLimit": ' + number + b"}"
    status, code, _ = _raw("appsync", "POST", "/v1/apis", body)
    assert (status, code) == (400, "BadRequestException")


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_botocore_sending_a_special_double_changes_nothing(apigw: Any, number: float) -> None:
    """botocore sends these as the strings ``NaN``, ``Infinity``, ``-Infinity``."""
    shown = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}[str(number)]
    assert_error(
        lambda: apigw.create_usage_plan(name="p", throttle={"rateLimit": number}),
        "ValidationException",
        400,
        f"1 validation error detected: Value '{shown}' at "
        "'createUsagePlanInput.throttle.rateLimit' failed to satisfy constraint: Member must be "
        "a number",
    )
    assert apigw.get_usage_plans()["items"] == []


def test_query_numbers_must_be_finite() -> None:
    from mockgw.wire.restjson import _text_float

    with pytest.raises(Exception, match="Member must be a number"):
        _text_float("nan", "x")
    with pytest.raises(Exception, match="Member must be a number"):
        _text_float("inf", "x")
    assert _text_float("1.5", "x") == 1.5
