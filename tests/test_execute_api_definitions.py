"""The execute-api engine uses a REST API's definition: gateway responses shape its refusals,
request validators check parameters and bodies, authorizers decide (from what the test
registered with ``Mock.authorize``), AWS_IAM needs a signature, API keys may come from the
authorizer.

Pinned AWS facts: ``Missing required request parameters: [x-header-param, issuer, qs1]`` and
``Invalid request body``, an empty body included (LocalStack's AWS-validated
``test_api_gateway_request_validator``, recorded 2024-01-10); an unknown route is 403
``Missing Authentication Token`` with ``x-amzn-ErrorType: MissingAuthenticationTokenException``
(``test_routing_not_found``, recorded 2024-07-23); a Lambda authorizer's explicit deny is 403
``User is not authorized to access this resource with an explicit deny`` and a missing or
invalid identity 401 ``Unauthorized`` (AWS knowledge center, "api-gateway-403-error-lambda-
authorizer" and "api-gateway-401-error-lambda-authorizer"); a gateway response's template
reads ``$context.error.messageString`` (developer guide, "Gateway responses"). mockgw's
choices are in the module docstrings of ``mockgw/services/apigateway/invoke/``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import boto3
import pytest
import requests

from mockgw import Mock
from tests.openapi_documents import lambda_uri


class Api:
    """A REST API with one resource ``/items/{id}`` and whatever methods a test puts on it."""

    def __init__(self, mockgw: Mock) -> None:
        self.mock = mockgw
        self.apigw = boto3.client("apigateway", region_name="us-east-1")
        api = self.apigw.create_rest_api(name="defs")
        self.id: str = api["id"]
        self.root: str = api["rootResourceId"]
        items = self.apigw.create_resource(restApiId=self.id, parentId=self.root, pathPart="items")
        self.items: str = items["id"]
        item = self.apigw.create_resource(restApiId=self.id, parentId=self.items, pathPart="{id}")
        self.item: str = item["id"]

    def method(self, http_method: str = "GET", resource: str | None = None, **options: Any) -> None:
        """A method answering 200 ``{"ok": true, "who": <principal>}`` from a MOCK integration."""
        where = {
            "restApiId": self.id,
            "resourceId": resource or self.item,
            "httpMethod": http_method,
        }
        options.setdefault("authorizationType", "NONE")
        self.apigw.put_method(**where, **options)
        self.apigw.put_integration(
            **where, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'}
        )
        self.apigw.put_integration_response(
            **where,
            statusCode="200",
            selectionPattern="",
            responseTemplates={
                "application/json": '{"ok": true, "who": "$context.authorizer.principalId", '
                '"id": "$input.params(\'id\')"}'
            },
        )

    def deploy(self) -> None:
        self.apigw.create_deployment(restApiId=self.id, stageName="dev")

    def call(
        self, method: str = "GET", path: str = "/items/7", **options: Any
    ) -> requests.Response:
        url = f"https://{self.id}.execute-api.us-east-1.amazonaws.com/dev{path}"
        return requests.request(method, url, timeout=5, **options)

    def authorizer(self, kind: str = "TOKEN", **options: Any) -> str:
        if kind != "COGNITO_USER_POOLS":
            options.setdefault("authorizerUri", lambda_uri("auth"))
        if kind == "TOKEN":
            options.setdefault("identitySource", "method.request.header.Authorization")
        created = self.apigw.create_authorizer(
            restApiId=self.id, name=kind.lower(), type=kind, **options
        )
        authorizer_id: str = created["id"]
        return authorizer_id


@pytest.fixture
def api(mockgw: Mock) -> Api:
    return Api(mockgw)


def assert_refused(
    response: requests.Response, status: int, document: Any, error_type: str
) -> None:
    assert response.status_code == status
    assert response.json() == document
    assert response.headers["x-amzn-ErrorType"] == error_type
    assert response.headers["x-mockgw-reason"]


# ---------------------------------------------------------------------------- gateway responses


def test_default_refusals(api: Api) -> None:
    api.method()
    api.deploy()
    assert_refused(
        api.call(path="/nothing"),
        403,
        {"message": "Missing Authentication Token"},
        "MissingAuthenticationTokenException",
    )
    assert api.call(path="/nothing").content == b'{"message":"Missing Authentication Token"}'


def test_a_customized_response_shapes_status_headers_and_body(api: Api) -> None:
    api.method()
    api.apigw.put_gateway_response(
        restApiId=api.id,
        responseType="MISSING_AUTHENTICATION_TOKEN",
        statusCode="404",
        responseParameters={
            "gatewayresponse.header.x-static": "'fixed'",
            "gatewayresponse.header.x-echo": "method.request.header.x-echo",
            "gatewayresponse.header.x-query": "method.request.querystring.q",
            "gatewayresponse.header.x-request": "context.requestId",
        },
        responseTemplates={
            "application/json": '{"error": $context.error.messageString, "raw": '
            '"$context.error.message", "type": "$context.error.responseType", "stage": '
            '"$context.stage", "request": "$context.requestId"}'
        },
    )
    api.deploy()
    response = api.call(path="/nope?q=search", headers={"x-echo": "hello"})
    assert response.status_code == 404
    request_id = response.headers["x-amzn-RequestId"]
    assert response.json() == {
        "error": "Missing Authentication Token",
        "raw": "Missing Authentication Token",
        "type": "MISSING_AUTHENTICATION_TOKEN",
        "stage": "dev",
        "request": request_id,
    }
    assert response.headers["x-static"] == "fixed"
    assert response.headers["x-echo"] == "hello"
    assert response.headers["x-query"] == "search"
    assert response.headers["x-request"] == request_id
    assert response.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"


def test_default_4xx_and_5xx_fill_in_for_the_types_not_customized(api: Api) -> None:
    api.method()
    http = {"restApiId": api.id, "resourceId": api.items, "httpMethod": "GET"}
    api.apigw.put_method(**http, authorizationType="NONE")
    api.apigw.put_integration(
        **http, type="HTTP", integrationHttpMethod="GET", uri="https://backend.example.com/"
    )
    api.apigw.put_gateway_response(
        restApiId=api.id,
        responseType="DEFAULT_4XX",
        statusCode="418",
        responseTemplates={"application/json": '{"four": $context.error.messageString}'},
    )
    api.apigw.put_gateway_response(
        restApiId=api.id,
        responseType="DEFAULT_5XX",
        responseTemplates={"text/plain": "five: $context.error.message"},
    )
    api.deploy()
    four = api.call(path="/nope")
    assert (four.status_code, four.json()) == (418, {"four": "Missing Authentication Token"})
    five = api.call(path="/items")  # an HTTP integration mockgw does not call, nothing registered
    assert (five.status_code, five.text) == (500, "five: Internal server error")
    assert five.headers["Content-Type"] == "text/plain"
    assert five.headers["x-amzn-ErrorType"] == "InternalServerErrorException"


def test_throttle_and_quota_refusals_are_customizable(api: Api) -> None:
    api.method(apiKeyRequired=True)
    for kind, code in (("THROTTLED", "503"), ("QUOTA_EXCEEDED", "402")):
        api.apigw.put_gateway_response(
            restApiId=api.id,
            responseType=kind,
            statusCode=code,
            responseTemplates={"application/json": '{"slow down": $context.error.messageString}'},
        )
    api.deploy()
    plan = api.apigw.create_usage_plan(
        name="p",
        apiStages=[{"apiId": api.id, "stage": "dev"}],
        throttle={"rateLimit": 0.001, "burstLimit": 1},
    )
    key = api.apigw.create_api_key(name="k", enabled=True)
    api.apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    headers = {"x-api-key": key["value"]}
    assert api.call(headers=headers).status_code == 200
    throttled = api.call(headers=headers)
    assert (throttled.status_code, throttled.json()) == (503, {"slow down": "Too Many Requests"})
    assert throttled.headers["x-amzn-ErrorType"] == "TooManyRequestsException"
    quota_plan = api.apigw.create_usage_plan(
        name="q", apiStages=[{"apiId": api.id, "stage": "dev"}], quota={"limit": 0, "period": "DAY"}
    )
    other = api.apigw.create_api_key(name="o", enabled=True)
    api.apigw.create_usage_plan_key(
        usagePlanId=quota_plan["id"], keyId=other["id"], keyType="API_KEY"
    )
    exceeded = api.call(headers={"x-api-key": other["value"]})
    assert (exceeded.status_code, exceeded.json()) == (402, {"slow down": "Limit Exceeded"})


# ---------------------------------------------------------------------------- validators


def validated_method(api: Api, http_method: str = "POST", **flags: bool) -> str:
    validator = api.apigw.create_request_validator(
        restApiId=api.id,
        name="v",
        validateRequestBody=flags.get("body", True),
        validateRequestParameters=flags.get("parameters", True),
    )
    api.apigw.create_model(
        restApiId=api.id,
        name="Item",
        contentType="application/json",
        schema=json.dumps(
            {
                "type": "object",
                "properties": {"a": {"type": "number"}, "b": {"type": "number"}},
                "required": ["a", "b"],
            }
        ),
    )
    api.method(
        http_method,
        requestValidatorId=validator["id"],
        requestParameters={
            "method.request.path.id": True,
            "method.request.querystring.qs1": True,
            "method.request.header.x-header-param": True,
            "method.request.querystring.optional": False,
        },
        requestModels={"application/json": "Item"},
    )
    validator_id: str = validator["id"]
    return validator_id


GOOD = {"json": {"a": 1, "b": 2}, "headers": {"X-Header-Param": "t"}, "params": {"qs1": "x"}}


def test_required_parameters(api: Api) -> None:
    validated_method(api)
    api.apigw.update_method(
        restApiId=api.id,
        resourceId=api.item,
        httpMethod="POST",
        patchOperations=[
            {"op": "add", "path": "/requestParameters/method.request.path.issuer", "value": "true"}
        ],
    )
    api.deploy()
    missing = "Missing required request parameters: "
    assert_refused(
        api.call("POST", json={"test": "test"}),
        400,
        {"message": missing + "[x-header-param, issuer, qs1]"},
        "BadRequestException",
    )
    assert api.call("POST", **{**GOOD, "params": {}}).json() == {
        "message": missing + "[issuer, qs1]"
    }


def test_a_valid_request_passes_and_bodies_are_checked_against_the_model(api: Api) -> None:
    validated_method(api)
    api.deploy()
    good = api.call("POST", **GOOD)
    assert (good.status_code, good.json()["id"]) == (200, "7")
    for document in ({"test": "test"}, {"a": "1", "b": 2}, [1, 2]):
        assert_refused(
            api.call("POST", **{**GOOD, "json": document}),
            400,
            {"message": "Invalid request body"},
            "BadRequestException",
        )
    empty = api.call("POST", headers=GOOD["headers"], params=GOOD["params"])
    assert empty.json() == {"message": "Invalid request body"}
    # a content type the method names no model for is not checked
    text = api.call(
        "POST",
        data="anything",
        headers={**GOOD["headers"], "Content-Type": "text/plain"},
        params=GOOD["params"],
    )
    assert text.status_code == 200


def test_a_customized_validation_response_reads_the_problems(api: Api) -> None:
    validated_method(api)
    api.apigw.put_gateway_response(
        restApiId=api.id,
        responseType="BAD_REQUEST_BODY",
        responseTemplates={
            "application/json": '{"message": $context.error.messageString, "cause": '
            "$context.error.validationErrorString}"
        },
    )
    api.deploy()
    refused = api.call("POST", **{**GOOD, "json": {"a": 1}})
    assert refused.json() == {
        "message": "Invalid request body",
        "cause": '[object has missing required properties (["b"])]',
    }


def test_validators_check_only_what_they_are_for(api: Api) -> None:
    validator_id = validated_method(api, parameters=False)
    api.deploy()
    assert api.call("POST", json={"a": 1, "b": 2}).status_code == 200
    api.apigw.update_request_validator(
        restApiId=api.id,
        requestValidatorId=validator_id,
        patchOperations=[
            {"op": "replace", "path": "/validateRequestBody", "value": "false"},
            {"op": "replace", "path": "/validateRequestParameters", "value": "true"},
        ],
    )
    assert api.call("POST", json={}).status_code == 400  # the deployment froze the validator
    api.deploy()
    refused = api.call("POST", json={})
    assert refused.json()["message"].startswith("Missing required request parameters")
    assert api.call("POST", **{**GOOD, "json": {}}).status_code == 200


def test_models_referencing_models_are_checked_whole(api: Api) -> None:
    canonical = f"https://apigateway.amazonaws.com/restapis/{api.id}/models/"
    api.apigw.create_model(
        restApiId=api.id,
        name="Tag",
        contentType="application/json",
        schema=json.dumps({"type": "object", "required": ["name"]}),
    )
    api.apigw.create_model(
        restApiId=api.id,
        name="Tagged",
        contentType="application/json",
        schema=json.dumps(
            {
                "type": "object",
                "properties": {"tags": {"type": "array", "items": {"$ref": canonical + "Tag"}}},
            }
        ),
    )
    validator = api.apigw.create_request_validator(
        restApiId=api.id, name="body", validateRequestBody=True
    )
    api.method(
        "PUT", requestValidatorId=validator["id"], requestModels={"application/json": "Tagged"}
    )
    api.deploy()
    assert api.call("PUT", json={"tags": [{"name": "a"}]}).status_code == 200
    assert api.call("PUT", json={"tags": [{"nom": "a"}]}).status_code == 400


# ---------------------------------------------------------------------------- authorizers


def test_a_lambda_token_authorizer(api: Api, mockgw: Mock) -> None:
    authorizer_id = api.authorizer(identityValidationExpression="^Bearer .+$")
    api.method(authorizationType="CUSTOM", authorizerId=authorizer_id)
    api.deploy()
    token = {"Authorization": "Bearer abc"}
    unauthorized = ({"message": "Unauthorized"}, "UnauthorizedException")
    assert_refused(api.call(), 401, *unauthorized)  # no token
    assert_refused(api.call(headers={"Authorization": "abc"}), 401, *unauthorized)
    no_decision = api.call(headers=token)
    assert (no_decision.status_code, no_decision.content) == (500, b'{"message":null}')
    assert no_decision.headers["x-amzn-ErrorType"] == "AuthorizerConfigurationException"
    assert "Mock.authorize" in no_decision.headers["x-mockgw-reason"]
    mockgw.authorize(api.id, authorizer_id, effect="Allow", principal_id="alice")
    allowed = api.call(headers=token)
    assert (allowed.status_code, allowed.json()["who"]) == (200, "alice")
    mockgw.authorize(api.id, authorizer_id, effect="Deny")
    assert_refused(
        api.call(headers=token),
        403,
        {"message": "User is not authorized to access this resource with an explicit deny"},
        "AccessDeniedException",
    )
    mockgw.authorize(api.id, authorizer_id, effect="Unauthorized")
    assert_refused(api.call(headers=token), 401, *unauthorized)


def test_a_request_authorizer_reads_its_sources(api: Api, mockgw: Mock) -> None:
    authorizer_id = api.authorizer(
        "REQUEST", identitySource="method.request.header.x-token, method.request.querystring.t"
    )
    api.method(authorizationType="CUSTOM", authorizerId=authorizer_id)
    api.deploy()
    mockgw.authorize(api.id, authorizer_id, effect="Allow")
    assert api.call(headers={"x-token": "a"}).status_code == 401  # t is missing
    assert api.call(headers={"x-token": "a"}, params={"t": "b"}).status_code == 200
    api.apigw.update_authorizer(
        restApiId=api.id,
        authorizerId=authorizer_id,
        patchOperations=[{"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": "0"}],
    )
    api.deploy()
    assert api.call().status_code == 200  # not cached: the sources may be missing


def test_a_cognito_authorizer(api: Api, mockgw: Mock) -> None:
    authorizer_id = api.authorizer(
        "COGNITO_USER_POOLS",
        providerARNs=["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x"],
    )
    api.method(authorizationType="COGNITO_USER_POOLS", authorizerId=authorizer_id)
    api.deploy()
    assert api.call().status_code == 401  # no Authorization header
    mockgw.authorize(api.id, authorizer_id, effect="Allow", claims={"sub": "u1"})
    assert api.call(headers={"Authorization": "token"}).status_code == 200


def test_the_api_key_can_come_from_the_authorizer(api: Api, mockgw: Mock) -> None:
    authorizer_id = api.authorizer()
    api.method(authorizationType="CUSTOM", authorizerId=authorizer_id, apiKeyRequired=True)
    api.apigw.update_rest_api(
        restApiId=api.id,
        patchOperations=[{"op": "replace", "path": "/apiKeySource", "value": "AUTHORIZER"}],
    )
    api.deploy()
    plan = api.apigw.create_usage_plan(name="p", apiStages=[{"apiId": api.id, "stage": "dev"}])
    key = api.apigw.create_api_key(name="k", enabled=True)
    api.apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    token = {"Authorization": "t", "x-api-key": key["value"]}
    mockgw.authorize(api.id, authorizer_id, effect="Allow")
    assert_refused(api.call(headers=token), 403, {"message": "Forbidden"}, "ForbiddenException")
    mockgw.authorize(api.id, authorizer_id, effect="Allow", usage_identifier_key=key["value"])
    assert api.call(headers={"Authorization": "t"}).status_code == 200
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    usage = api.apigw.get_usage(
        usagePlanId=plan["id"], keyId=key["id"], startDate=today, endDate=today
    )
    assert sum(day[0] for days in usage["items"].values() for day in days) == 1


def test_aws_iam_needs_a_signed_call(api: Api) -> None:
    api.method(authorizationType="AWS_IAM")
    api.deploy()
    assert_refused(
        api.call(),
        403,
        {"message": "Missing Authentication Token"},
        "MissingAuthenticationTokenException",
    )
    signed = {
        "Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/execute-api/"
        "aws4_request, SignedHeaders=host, Signature=abc"
    }
    assert api.call(headers=signed).status_code == 200
    assert api.call(params={"X-Amz-Signature": "abc"}).status_code == 200


def test_the_query_string_reaches_the_engine_through_a_custom_domain_name(api: Api) -> None:
    validated_method(api, "GET", body=False)
    api.deploy()
    api.apigw.create_domain_name(
        domainName="api.example.com",
        regionalCertificateArn="arn:aws:acm:us-east-1:123456789012:certificate/abc",
        endpointConfiguration={"types": ["REGIONAL"]},
    )
    api.apigw.create_base_path_mapping(
        domainName="api.example.com", restApiId=api.id, stage="dev", basePath="v1"
    )
    headers = {"x-header-param": "h"}
    url = "https://api.example.com/v1/items/7"
    assert requests.get(url, params={"qs1": "x"}, headers=headers, timeout=5).status_code == 200
    refused = requests.get(url, headers=headers, timeout=5)
    assert refused.json() == {"message": "Missing required request parameters: [qs1]"}


CIRCULAR = {
    "openapi": "3.0.1",
    "info": {"title": "people", "version": "1"},
    "x-amazon-apigateway-request-validators": {"body": {"validateRequestBody": True}},
    "x-amazon-apigateway-request-validator": "body",
    "paths": {
        "/person": {
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Person"}}
                    }
                },
                "responses": {"200": {"description": "ok"}},
                "x-amazon-apigateway-integration": {
                    "type": "mock",
                    "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {"default": {"statusCode": "200"}},
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Person": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "home": {"$ref": "#/components/schemas/Home"},
                },
            },
            "Home": {
                "type": "object",
                "properties": {
                    "residents": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}}
                },
            },
        }
    },
}


def test_models_referencing_each_other_validate_and_nothing_is_fetched(
    api: Api, connections: list[Any]
) -> None:
    api_id = api.apigw.import_rest_api(body=json.dumps(CIRCULAR), failOnWarnings=True)["id"]
    api.apigw.create_deployment(restApiId=api_id, stageName="dev")
    url = f"https://{api_id}.execute-api.us-east-1.amazonaws.com/dev/person"
    nested = {"name": "a", "home": {"residents": [{"name": "b", "home": {"residents": []}}]}}
    assert requests.post(url, json=nested, timeout=5).status_code == 200
    wrong = {"name": "a", "home": {"residents": [{"nom": "b"}]}}
    refused = requests.post(url, json=wrong, timeout=5)
    assert (refused.status_code, refused.json()) == (400, {"message": "Invalid request body"})
    # a canonical reference to a model the API does not have is not followed (nor fetched)
    ghost = f"https://apigateway.amazonaws.com/restapis/{api_id}/models/Ghost"
    api.apigw.update_model(
        restApiId=api_id,
        modelName="Home",
        patchOperations=[
            {"op": "replace", "path": "/schema", "value": json.dumps({"$ref": ghost})}
        ],
    )
    api.apigw.create_deployment(restApiId=api_id, stageName="dev")
    assert requests.post(url, json=wrong, timeout=5).status_code == 200
    assert connections == []


def test_the_query_string_reaches_the_engine_on_mockgw_server() -> None:
    """The server hands the data planes the path with its query string, as the in-process
    doors do, so a validator that requires a query string parameter sees it."""
    from mockgw.server import MockgwServer

    with MockgwServer(port=0) as server:
        apigw = server.client("apigateway")
        api = apigw.create_rest_api(name="served")
        root = api["rootResourceId"]
        validator = apigw.create_request_validator(
            restApiId=api["id"], name="v", validateRequestParameters=True
        )
        where = {"restApiId": api["id"], "resourceId": root, "httpMethod": "GET"}
        apigw.put_method(
            **where,
            authorizationType="NONE",
            requestValidatorId=validator["id"],
            requestParameters={"method.request.querystring.page": True},
        )
        apigw.put_integration(
            **where, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'}
        )
        apigw.put_integration_response(**where, statusCode="200", selectionPattern="")
        apigw.create_deployment(restApiId=api["id"], stageName="dev")
        base = f"{server.endpoint_url}/restapis/{api['id']}/dev/_user_request_/"
        assert requests.get(base, params={"page": "1"}, timeout=5).status_code == 200
        refused = requests.get(base, timeout=5)
        assert refused.status_code == 400
        assert refused.json() == {"message": "Missing required request parameters: [page]"}
