"""Wide inputs for the OpenAPI importer: whatever a document holds, ImportRestApi answers a
REST API or AWS's 400 (never a traceback, a 500 or a half-made API); and any API it makes
exports, imports and exports again to the same document.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import mockgw

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 500),
    st.text(max_size=8),
    st.sampled_from(["mock", "http", "aws_proxy", "GET", "200", "default", "#/definitions/M"]),
)
ANYTHING = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
SEGMENT = st.sampled_from(["a", "b", "{id}", "{proxy+}", "c-d", "x y", ""])


def maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(value, ANYTHING)


INTEGRATION = st.fixed_dictionaries(
    {
        "type": maybe(st.sampled_from(["mock", "http", "HTTP_PROXY", "aws"])),
        "httpMethod": maybe(st.sampled_from(["GET", "POST"])),
        "uri": maybe(st.sampled_from(["https://example.com/x", "arn:aws:apigateway:x"])),
        "requestTemplates": maybe(st.just({"application/json": '{"statusCode": 200}'})),
        "responses": maybe(
            st.dictionaries(
                st.sampled_from(["default", "4\\d{2}", "5.."]),
                st.fixed_dictionaries({"statusCode": maybe(st.sampled_from(["200", 400]))}),
                max_size=2,
            )
        ),
        "requestParameters": maybe(st.dictionaries(st.text(max_size=5), SCALARS, max_size=2)),
        "timeoutInMillis": maybe(st.integers(0, 40000)),
    }
)
OPERATION = st.fixed_dictionaries(
    {
        "responses": maybe(
            st.dictionaries(
                st.sampled_from(["200", "404", 500, "xx"]),
                st.fixed_dictionaries(
                    {
                        "description": st.just("r"),
                        "schema": maybe(st.just({"$ref": "#/definitions/M"})),
                    }
                ),
                max_size=2,
            )
        ),
        "parameters": maybe(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "name": maybe(st.sampled_from(["id", "q", "h"])),
                        "in": maybe(st.sampled_from(["path", "query", "header", "body"])),
                        "required": maybe(st.booleans()),
                    }
                ),
                max_size=2,
            )
        ),
        "security": maybe(st.just([{"key": []}])),
        "x-amazon-apigateway-integration": maybe(INTEGRATION),
    },
    optional={"operationId": maybe(st.just("op"))},
)
DOCUMENT = st.fixed_dictionaries(
    {
        "swagger": st.just("2.0"),
        "info": maybe(st.fixed_dictionaries({"title": maybe(st.just("api")), "version": SCALARS})),
        "paths": maybe(
            st.dictionaries(
                st.lists(SEGMENT, min_size=0, max_size=3).map(lambda parts: "/" + "/".join(parts)),
                st.dictionaries(
                    st.sampled_from(
                        ["get", "post", "x-amazon-apigateway-any-method", "parameters"]
                    ),
                    maybe(OPERATION),
                    max_size=2,
                ),
                max_size=4,
            )
        ),
        "definitions": maybe(st.dictionaries(st.sampled_from(["M", "N-1"]), ANYTHING, max_size=2)),
        "securityDefinitions": maybe(
            st.just({"key": {"type": "apiKey", "name": "x-api-key", "in": "header"}})
        ),
        "x-amazon-apigateway-gateway-responses": maybe(
            st.dictionaries(st.sampled_from(["DEFAULT_4XX", "NOPE"]), ANYTHING, max_size=2)
        ),
        "x-amazon-apigateway-request-validators": maybe(ANYTHING),
        "x-amazon-apigateway-binary-media-types": maybe(st.just(["image/png"])),
    }
)


@pytest.fixture(scope="module")
def apigw() -> Any:
    with mockgw.mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


def _valid_operation(draw: Any, path: str) -> dict[str, Any]:
    variables = [part.strip("{}+") for part in path.split("/") if part.startswith("{")]
    parameters = [{"name": v, "in": "path", "required": True, "type": "string"} for v in variables]
    for name in draw(st.lists(st.sampled_from(["q", "page"]), unique=True, max_size=2)):
        parameters.append(
            {"name": name, "in": "query", "required": draw(st.booleans()), "type": "string"}
        )
    if draw(st.booleans()):
        parameters.append({"name": "x-h", "in": "header", "required": True, "type": "string"})
    responses: dict[str, Any] = {}
    for code in draw(st.lists(st.sampled_from(["200", "400", "404"]), unique=True, max_size=2)):
        response: dict[str, Any] = {"description": "r"}
        if draw(st.booleans()):
            response["schema"] = {
                "$ref": "#/definitions/" + draw(st.sampled_from(["Item", "Items"]))
            }
        if draw(st.booleans()):
            response["headers"] = {"x-count": {"type": "string"}}
        responses[code] = response
    integration: dict[str, Any] = draw(
        st.sampled_from(
            [
                {"type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'}},
                {"type": "http", "httpMethod": "GET", "uri": "https://example.com/x"},
                {"type": "http_proxy", "httpMethod": "ANY", "uri": "https://example.com/{p}"},
            ]
        )
    )
    integration = {
        **integration,
        "passthroughBehavior": draw(st.sampled_from(["when_no_match", "never"])),
    }
    patterns = draw(
        st.lists(st.sampled_from(["default", "4\\d{2}", "5\\d{2}"]), unique=True, max_size=2)
    )
    if patterns:
        integration["responses"] = {
            pattern: {"statusCode": {"default": "200", "4\\d{2}": "400"}.get(pattern, "500")}
            for pattern in patterns
        }
    operation: dict[str, Any] = {
        "responses": responses,
        "x-amazon-apigateway-integration": integration,
    }
    if parameters:
        operation["parameters"] = parameters
    if draw(st.booleans()):
        operation["security"] = [{"api_key": []}]
    if draw(st.booleans()):
        operation["operationId"] = draw(st.sampled_from(["One", "Two"]))
    if draw(st.booleans()):
        operation["x-amazon-apigateway-request-validator"] = "v"
    return operation


@st.composite
def valid_documents(draw: Any) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path in draw(
        st.lists(
            st.lists(st.sampled_from(["a", "b", "{id}"]), min_size=1, max_size=3).map(
                lambda parts: "/" + "/".join(parts)
            ),
            min_size=1,
            max_size=5,
            unique=True,
        )
    ):
        if "{id}" in path.split("/")[:-1] and path.count("{id}") > 1:
            continue
        verbs = draw(
            st.lists(
                st.sampled_from(["get", "post", "x-amazon-apigateway-any-method"]),
                min_size=1,
                max_size=2,
                unique=True,
            )
        )
        paths[path] = {verb: _valid_operation(draw, path) for verb in verbs}
    assume(paths)
    return {
        "swagger": "2.0",
        "info": {"title": "valid", "version": draw(st.sampled_from(["1", "2.0"]))},
        "paths": paths,
        "securityDefinitions": {"api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}},
        "definitions": {
            "Item": {"type": "object", "properties": {"n": {"type": "string"}}},
            "Items": {"type": "array", "items": {"$ref": "#/definitions/Item"}},
        },
        "x-amazon-apigateway-request-validators": {"v": {"validateRequestParameters": True}},
        "x-amazon-apigateway-gateway-responses": draw(
            st.sampled_from([{}, {"DEFAULT_4XX": {"statusCode": "418"}}])
        ),
    }


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENT)
def test_any_document_is_an_api_or_a_400(apigw: Any, document: dict[str, Any]) -> None:
    before = len(apigw.get_rest_apis(limit=500)["items"])
    try:
        apigw.import_rest_api(body=json.dumps(document))
    except ClientError as error:
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert error.response["Error"]["Code"] in ("BadRequestException", "ValidationException")
        assert len(apigw.get_rest_apis(limit=500)["items"]) == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=valid_documents())
def test_an_imported_api_exports_imports_and_exports_the_same(
    apigw: Any, document: dict[str, Any]
) -> None:
    api_id = apigw.import_rest_api(body=json.dumps(document), failOnWarnings=True)["id"]
    apigw.create_deployment(restApiId=api_id, stageName="dev")
    for kind in ("swagger", "oas30"):
        options = {"parameters": {"extensions": "apigateway"}}
        first = apigw.get_export(restApiId=api_id, stageName="dev", exportType=kind, **options)
        text = first["body"].read().decode()
        again = apigw.import_rest_api(body=text, failOnWarnings=True)["id"]
        apigw.create_deployment(restApiId=again, stageName="dev")
        second = apigw.get_export(restApiId=again, stageName="dev", exportType=kind, **options)
        assert second["body"].read().decode().replace(again, "<id>") == text.replace(api_id, "<id>")
