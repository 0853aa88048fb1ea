"""AWS's PetStore example, imported from OpenAPI (with an API key scheme, request validators and
gateway responses: tests/openapi_documents.py), deployed, then called through its execute-api
URL with ``requests``: the key, the validators and the customized gateway responses all work.

Pinned AWS facts: a missing required parameter is 400 ``Missing required request parameters:
[page]`` and a body the model refuses 400 ``Invalid request body`` (LocalStack's AWS-validated
``test_api_gateway_request_validator``, recorded 2024-01-10); a customized gateway response
changes the status, headers and body of the refusal (developer guide, "Gateway responses");
``DEFAULT_4XX``'s parameters reach every 4xx type not customized itself (recorded,
``TestApiGatewayGatewayResponse``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import boto3
import pytest
import requests

from mockgw import Mock
from tests.door_helpers import run_example
from tests.openapi_documents import ROOT_PAGE, petstore_json


class PetStore:
    def __init__(self, mockgw: Mock) -> None:
        apigw = boto3.client("apigateway", region_name="us-east-1")
        self.id: str = apigw.import_rest_api(body=petstore_json(), failOnWarnings=True)["id"]
        apigw.create_deployment(restApiId=self.id, stageName="prod")
        plan = apigw.create_usage_plan(name="pets", apiStages=[{"apiId": self.id, "stage": "prod"}])
        key = apigw.create_api_key(name="client", enabled=True)
        apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        self.key: str = key["value"]
        self.plan_id, self.key_id = plan["id"], key["id"]
        self.apigw = apigw
        # the HTTP integrations reach petstore-demo-endpoint: a mock answers for them
        mockgw.respond(self.id, "GET", "/pets", body=[{"id": 1, "type": "dog", "price": 249.99}])
        mockgw.respond(self.id, "POST", "/pets", body={"pet": {"id": 2}, "message": "created"})
        mockgw.respond(self.id, "GET", "/pets/{petId}", body={"id": 1, "type": "dog"})

    def url(self, path: str) -> str:
        return f"https://{self.id}.execute-api.us-east-1.amazonaws.com/prod{path}"

    def call(
        self, method: str, path: str, *, key: bool = True, **options: Any
    ) -> requests.Response:
        headers = dict(options.pop("headers", {}))
        if key:
            headers["x-api-key"] = self.key
        return requests.request(method, self.url(path), headers=headers, timeout=5, **options)


@pytest.fixture
def store(mockgw: Mock) -> PetStore:
    return PetStore(mockgw)


def test_the_root_page_is_the_mock_integration(store: PetStore) -> None:
    response = store.call("GET", "/", key=False)
    assert response.status_code == 200
    assert response.text == ROOT_PAGE
    assert response.headers["Content-Type"] == "text/html"


def test_listing_needs_the_key_and_the_required_page(store: PetStore) -> None:
    listed = store.call("GET", "/pets", params={"page": "1", "type": "dog"})
    assert listed.status_code == 200
    assert listed.json() == [{"id": 1, "type": "dog", "price": 249.99}]
    missing_page = store.call("GET", "/pets", params={"type": "dog"})
    assert missing_page.status_code == 400
    assert missing_page.json() == {"message": "Missing required request parameters: [page]"}
    assert missing_page.headers["x-amzn-ErrorType"] == "BadRequestException"
    # DEFAULT_4XX's header reaches BAD_REQUEST_PARAMETERS, which is not customized itself
    assert missing_page.headers["Access-Control-Allow-Origin"] == "*"


def test_a_missing_or_wrong_key_gets_the_customized_invalid_api_key(store: PetStore) -> None:
    for response in (
        store.call("GET", "/pets", key=False, params={"page": "1"}),
        store.call("GET", "/pets", key=False, params={"page": "1"}, headers={"x-api-key": "no"}),
    ):
        assert response.status_code == 401
        assert response.json() == {"error": "key", "message": "Forbidden"}
        assert response.headers["x-petstore"] == "no key"
        assert response.headers["x-amzn-ErrorType"] == "ForbiddenException"
        # a type's own customization replaces DEFAULT_4XX's whole
        assert "Access-Control-Allow-Origin" not in response.headers


def test_a_new_pet_is_validated_against_the_model(store: PetStore) -> None:
    created = store.call("POST", "/pets", json={"type": "cat", "price": 123.11})
    assert created.status_code == 200
    assert created.json() == {"pet": {"id": 2}, "message": "created"}
    for bad in ({"type": "cat"}, {"type": "unicorn", "price": 1}, {"type": "dog", "price": "x"}):
        refused = store.call("POST", "/pets", json=bad)
        assert refused.status_code == 422
        assert refused.json() == {"error": "body", "type": "BAD_REQUEST_BODY"}
        assert refused.headers["x-amzn-ErrorType"] == "BadRequestException"
    not_json = store.call("POST", "/pets", data="{", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 422


def test_an_unknown_route_gets_the_customized_missing_authentication_token(
    store: PetStore,
) -> None:
    for path in ("/cats", "/pets/1/toys"):
        response = store.call("GET", path, key=False)
        assert response.status_code == 404
        assert response.json() == {"message": "no such pet route"}
        assert response.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    wrong_verb = store.call("DELETE", "/pets/1", key=False)
    assert wrong_verb.status_code == 404


def test_a_pet_needs_no_key(store: PetStore) -> None:
    response = store.call("GET", "/pets/1", key=False)
    assert (response.status_code, response.json()) == (200, {"id": 1, "type": "dog"})


def test_refused_calls_are_not_counted(store: PetStore) -> None:
    store.call("GET", "/pets", params={"page": "1"})
    store.call("GET", "/pets", key=False, params={"page": "1"})
    store.call("GET", "/pets")  # refused by the validator, after the key was metered
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    usage = store.apigw.get_usage(
        usagePlanId=store.plan_id, keyId=store.key_id, startDate=today, endDate=today
    )
    assert sum(day[0] for days in usage["items"].values() for day in days) == 2


def test_customizing_after_deployment_needs_a_redeployment(store: PetStore) -> None:
    store.apigw.put_gateway_response(
        restApiId=store.id,
        responseType="MISSING_AUTHENTICATION_TOKEN",
        statusCode="410",
        responseTemplates={"application/json": json.dumps({"gone": True})},
    )
    assert store.call("GET", "/nothing", key=False).status_code == 404  # the deployment's
    store.apigw.create_deployment(restApiId=store.id, stageName="prod")
    again = store.call("GET", "/nothing", key=False)
    assert (again.status_code, again.json()) == (410, {"gone": True})


def test_the_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_example("openapi_petstore.py", capsys)
    assert "with key, token and page: 200 {'pets': [], 'user': 'alice'}" in out
    assert "without page: 400 {'message': 'Missing required request parameters: [page]'}" in out
    assert "without key: 401 {'error': 'bad key'}" in out
    assert "denied: 403" in out
    assert "test invoke: 200 HTTP Method: GET, Resource Path: /pets" in out
    assert "exported paths: ['/pets']" in out
