"""Request validators: CreateRequestValidator, GetRequestValidator(s), UpdateRequestValidator,
DeleteRequestValidator, and the validators methods name.

Source: LocalStack's ``test_apigateway_api.snapshot.json`` (``TestApiGatewayApiRequestValidator``
and ``TestApiGatewayApiMethod``), recorded against AWS.
"""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest

from mockgw import mock_apigateway
from tests.helpers import assert_error, body, status

ACCOUNT = "123456789012"
VALIDATOR_ID = re.compile(r"^[a-z0-9]{6}$")
NO_VALIDATOR = "Invalid Request Validator identifier specified"


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


@pytest.fixture
def api_id(apigw: Any) -> str:
    return apigw.create_rest_api(name="validators")["id"]  # type: ignore[no-any-return]


def test_request_validator_lifecycle(apigw: Any, api_id: str) -> None:
    created = apigw.create_request_validator(restApiId=api_id, name="test-validator")
    assert status(created) == 201
    assert body(created) == {
        "id": created["id"],
        "name": "test-validator",
        "validateRequestBody": False,
        "validateRequestParameters": False,
    }
    assert VALIDATOR_ID.match(created["id"])
    validator_id = created["id"]
    got = apigw.get_request_validator(restApiId=api_id, requestValidatorId=validator_id)
    assert status(got) == 200
    assert body(got) == body(created)
    listed = apigw.get_request_validators(restApiId=api_id)
    assert body(listed) == {"items": [body(created)]}
    with_value = apigw.update_request_validator(
        restApiId=api_id,
        requestValidatorId=validator_id,
        patchOperations=[{"op": "replace", "path": "/validateRequestBody", "value": "true"}],
    )
    assert status(with_value) == 200
    assert with_value["validateRequestBody"] is True
    without_value = apigw.update_request_validator(
        restApiId=api_id,
        requestValidatorId=validator_id,
        patchOperations=[{"op": "replace", "path": "/validateRequestBody"}],
    )
    assert body(without_value) == body(created)
    renamed = apigw.update_request_validator(
        restApiId=api_id,
        requestValidatorId=validator_id,
        patchOperations=[
            {"op": "replace", "path": "/name", "value": "renamed"},
            {"op": "replace", "path": "/validateRequestParameters", "value": "TRUE"},
        ],
    )
    assert renamed["name"] == "renamed"
    assert renamed["validateRequestParameters"] is True
    deleted = apigw.delete_request_validator(restApiId=api_id, requestValidatorId=validator_id)
    assert status(deleted) == 202
    assert_error(
        lambda: apigw.get_request_validator(restApiId=api_id, requestValidatorId=validator_id),
        "NotFoundException",
        404,
        NO_VALIDATOR,
    )
    assert apigw.get_request_validators(restApiId=api_id)["items"] == []


def test_create_with_both_flags(apigw: Any, api_id: str) -> None:
    created = apigw.create_request_validator(
        restApiId=api_id, name="all", validateRequestBody=True, validateRequestParameters=True
    )
    assert created["validateRequestBody"] is True
    assert created["validateRequestParameters"] is True


def test_calls_on_an_unknown_api(apigw: Any, api_id: str) -> None:
    assert_error(
        lambda: apigw.create_request_validator(restApiId="api_id", name="v"),
        "BadRequestException",
        400,
        "Invalid REST API identifier specified",
    )
    assert_error(
        lambda: apigw.get_request_validators(restApiId="api_id"),
        "NotFoundException",
        404,
        f"Invalid API identifier specified {ACCOUNT}:api_id",
    )
    validator_id = apigw.create_request_validator(restApiId=api_id, name="v")["id"]
    for call in (
        lambda: apigw.get_request_validator(restApiId="api_id", requestValidatorId=validator_id),
        lambda: apigw.delete_request_validator(restApiId="api_id", requestValidatorId=validator_id),
        lambda: apigw.get_request_validator(restApiId=api_id, requestValidatorId="validator_id"),
        lambda: apigw.delete_request_validator(restApiId=api_id, requestValidatorId="nope00"),
        lambda: apigw.update_request_validator(
            restApiId=api_id, requestValidatorId="nope00", patchOperations=[]
        ),
    ):
        assert_error(call, "NotFoundException", 404, NO_VALIDATOR)


def test_a_validator_needs_a_name(apigw: Any, api_id: str) -> None:
    assert_error(
        lambda: apigw.create_request_validator(restApiId=api_id),
        "BadRequestException",
        400,
        "Request Validator name cannot be blank",
    )
    assert apigw.get_request_validators(restApiId=api_id)["items"] == []


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (
            {"op": "add", "path": "/validateRequestBody", "value": "true"},
            "Invalid patch path  '/validateRequestBody' specified for op 'add'. Please choose "
            "supported operations",
        ),
        (
            {"op": "remove", "path": "/validateRequestBody", "value": "true"},
            "Invalid patch path  '/validateRequestBody' specified for op 'remove'. Please choose "
            "supported operations",
        ),
        (
            {"op": "replace", "path": "/invalidPath", "value": "true"},
            "Invalid patch path  '/invalidPath' specified for op 'replace'. Must be one of: "
            "[/name, /validateRequestParameters, /validateRequestBody]",
        ),
        ({"op": "replace", "path": "/name"}, "Request Validator name cannot be blank"),
        ({"op": "replace", "path": "/name", "value": ""}, "Request Validator name cannot be blank"),
    ],
)
def test_update_rejects_and_changes_nothing(
    apigw: Any, api_id: str, patch: Any, message: str
) -> None:
    created = apigw.create_request_validator(restApiId=api_id, name="v")
    assert_error(
        lambda: apigw.update_request_validator(
            restApiId=api_id,
            requestValidatorId=created["id"],
            patchOperations=[
                {"op": "replace", "path": "/validateRequestBody", "value": "true"},
                patch,
            ],
        ),
        "BadRequestException",
        400,
        message,
    )
    got = apigw.get_request_validator(restApiId=api_id, requestValidatorId=created["id"])
    assert body(got) == body(created)


def test_methods_name_validators_of_their_api(apigw: Any) -> None:
    api = apigw.create_rest_api(name="a")
    where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    assert_error(
        lambda: apigw.put_method(**where, authorizationType="NONE", requestValidatorId="abc123"),
        "BadRequestException",
        400,
        NO_VALIDATOR,
    )
    validator_id = apigw.create_request_validator(restApiId=api["id"], name="v")["id"]
    put = apigw.put_method(**where, authorizationType="NONE", requestValidatorId=validator_id)
    assert put["requestValidatorId"] == validator_id
    assert_error(
        lambda: apigw.update_method(
            **where,
            patchOperations=[{"op": "replace", "path": "/requestValidatorId", "value": "fake-id"}],
        ),
        "BadRequestException",
        400,
        NO_VALIDATOR,
    )
    assert_error(
        lambda: apigw.delete_request_validator(
            restApiId=api["id"], requestValidatorId=validator_id
        ),
        "ConflictException",
        409,
        "Cannot delete request validator 'v', is referenced in method: GET//",
    )
    cleared = apigw.update_method(
        **where, patchOperations=[{"op": "replace", "path": "/requestValidatorId", "value": ""}]
    )
    assert "requestValidatorId" not in cleared
    assert (
        status(apigw.delete_request_validator(restApiId=api["id"], requestValidatorId=validator_id))
        == 202
    )


def test_get_request_validators_pages(apigw: Any, api_id: str) -> None:
    made = [apigw.create_request_validator(restApiId=api_id, name=f"v{i}")["id"] for i in range(3)]
    first = apigw.get_request_validators(restApiId=api_id, limit=2)
    assert [v["id"] for v in first["items"]] == made[:2]
    rest = apigw.get_request_validators(restApiId=api_id, limit=2, position=first["position"])
    assert [v["id"] for v in rest["items"]] == made[2:]
    assert "position" not in rest
