"""PutRestApi: a document merged into, or overwriting, an existing REST API.

Pinned AWS facts (LocalStack's AWS-validated ``test_put_rest_api_mode_binary_media_types``,
``test_import_rest_apis_with_base_path_*`` and ``test_import_api_bad_file``): the answer is 200
with ``tags`` (``{}``), the document's title as the API's name and its version; ``merge`` adds
the document's binary media types to the API's (``image/heif`` + ``image/png``,
``image/jpg``), ``overwrite`` replaces them; the root resource keeps its id, and in
``overwrite`` a resource at a path the document keeps keeps its id; a body that is not an
OpenAPI document is 400 ``Invalid OpenAPI input.`` even for an unknown API. mockgw's choices
are in ``mockgw/services/apigateway/openapi/run.py`` and ``settings.py``.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from mockgw import Mock
from tests.helpers import assert_error, body, status
from tests.openapi_documents import lambda_uri, petstore_json

PETS = {
    "swagger": "2.0",
    "info": {"title": "Simple PetStore (Swagger)", "version": "1.0.0"},
    "x-amazon-apigateway-binary-media-types": ["image/png", "image/jpg"],
    "paths": {
        "/pets": {
            "get": {
                "responses": {"200": {"description": "200 response"}},
                "x-amazon-apigateway-integration": {
                    "responses": {"default": {"statusCode": "200"}},
                    "uri": "http://petstore-demo-endpoint.execute-api.com/petstore/pets",
                    "passthroughBehavior": "when_no_match",
                    "httpMethod": "GET",
                    "type": "http",
                },
            }
        }
    },
}


@pytest.fixture
def apigw(mockgw: Mock) -> Any:
    return boto3.client("apigateway", region_name="us-east-1")


def new_api(apigw: Any) -> dict[str, Any]:
    """An API with binary media type image/heif, a description, a tag, ``GET /old`` (MOCK) and
    ``GET /pets`` (MOCK), a model, an authorizer and a stage."""
    api = apigw.create_rest_api(
        name="before", description="old", binaryMediaTypes=["image/heif"], tags={"team": "a"}
    )
    api_id, root = api["id"], api["rootResourceId"]
    for part in ("old", "pets"):
        resource = apigw.create_resource(restApiId=api_id, parentId=root, pathPart=part)["id"]
        apigw.put_method(
            restApiId=api_id, resourceId=resource, httpMethod="GET", authorizationType="NONE"
        )
        apigw.put_integration(restApiId=api_id, resourceId=resource, httpMethod="GET", type="MOCK")
    apigw.create_model(
        restApiId=api_id, name="Old", contentType="application/json", schema='{"type": "object"}'
    )
    apigw.create_authorizer(
        restApiId=api_id,
        name="token",
        type="TOKEN",
        authorizerUri=lambda_uri("auth"),
        identitySource="method.request.header.Authorization",
    )
    apigw.create_deployment(restApiId=api_id, stageName="dev")
    return api


def paths(apigw: Any, api_id: str) -> dict[str, str]:
    return {r["path"]: r["id"] for r in apigw.get_resources(restApiId=api_id)["items"]}


def test_merge_adds_the_document_to_the_api(apigw: Any) -> None:
    api = new_api(apigw)
    api_id = api["id"]
    before = paths(apigw, api_id)
    put = apigw.put_rest_api(restApiId=api_id, body=json.dumps(PETS))
    assert status(put) == 200
    assert body(put) == {
        "id": api_id,
        "name": "Simple PetStore (Swagger)",
        "description": "old",
        "createdDate": api["createdDate"],
        "version": "1.0.0",
        "binaryMediaTypes": ["image/heif", "image/png", "image/jpg"],
        "apiKeySource": "HEADER",
        "endpointConfiguration": {"types": ["EDGE"], "ipAddressType": "ipv4"},
        "tags": {"team": "a"},
        "disableExecuteApiEndpoint": False,
        "rootResourceId": api["rootResourceId"],
    }
    assert paths(apigw, api_id) == before  # /pets kept its id, /old stayed
    pets = apigw.get_method(restApiId=api_id, resourceId=before["/pets"], httpMethod="GET")
    assert pets["methodIntegration"]["type"] == "HTTP"  # the document's method replaced it
    old = apigw.get_method(restApiId=api_id, resourceId=before["/old"], httpMethod="GET")
    assert old["methodIntegration"]["type"] == "MOCK"
    assert [m["name"] for m in apigw.get_models(restApiId=api_id)["items"]] == [
        "Error",
        "Empty",
        "Old",
    ]
    assert [a["name"] for a in apigw.get_authorizers(restApiId=api_id)["items"]] == ["token"]
    assert [s["stageName"] for s in apigw.get_stages(restApiId=api_id)["item"]] == ["dev"]


def test_merge_is_the_default_and_updates_models_validators_authorizers_by_name(
    apigw: Any,
) -> None:
    api_id = new_api(apigw)["id"]
    authorizer_id = apigw.get_authorizers(restApiId=api_id)["items"][0]["id"]
    document = {
        "openapi": "3.0.1",
        "info": {"title": "after", "version": "2"},
        "paths": {},
        "components": {
            "schemas": {"Old": {"type": "string", "description": "now a string"}},
            "securitySchemes": {
                "token": {
                    "type": "apiKey",
                    "name": "x-token",
                    "in": "header",
                    "x-amazon-apigateway-authorizer": {
                        "type": "token",
                        "authorizerUri": lambda_uri("other"),
                        "authorizerResultTtlInSeconds": 5,
                    },
                }
            },
        },
        "x-amazon-apigateway-request-validators": {"v": {"validateRequestBody": True}},
    }
    apigw.put_rest_api(restApiId=api_id, body=json.dumps(document))
    model = apigw.get_model(restApiId=api_id, modelName="Old")
    assert (json.loads(model["schema"]), model["description"]) == (
        {"type": "string", "description": "now a string"},
        "now a string",
    )
    assert body(apigw.get_authorizer(restApiId=api_id, authorizerId=authorizer_id)) == {
        "id": authorizer_id,
        "name": "token",
        "type": "TOKEN",
        "authType": "custom",
        "authorizerUri": lambda_uri("other"),
        "identitySource": "method.request.header.x-token",
        "authorizerResultTtlInSeconds": 5,
    }
    apigw.put_rest_api(restApiId=api_id, body=json.dumps(document))
    validators = apigw.get_request_validators(restApiId=api_id)["items"]
    assert [(v["name"], v["validateRequestBody"]) for v in validators] == [("v", True)]


def test_overwrite_replaces_the_definition_and_keeps_ids_of_kept_paths(
    apigw: Any, mockgw: Mock
) -> None:
    api = new_api(apigw)
    api_id = api["id"]
    authorizer_id = apigw.get_authorizers(restApiId=api_id)["items"][0]["id"]
    mockgw.authorize(api_id, authorizer_id, effect="Allow")
    before = paths(apigw, api_id)
    put = body(apigw.put_rest_api(restApiId=api_id, body=json.dumps(PETS), mode="overwrite"))
    assert put["binaryMediaTypes"] == ["image/png", "image/jpg"]
    assert "description" not in put
    assert put["tags"] == {"team": "a"}
    assert paths(apigw, api_id) == {"/": before["/"], "/pets": before["/pets"]}
    assert apigw.get_models(restApiId=api_id)["items"] == []
    assert apigw.get_authorizers(restApiId=api_id)["items"] == []
    # the stage still serves what its deployment froze
    assert [s["stageName"] for s in apigw.get_stages(restApiId=api_id)["item"]] == ["dev"]


@pytest.mark.parametrize("mode", ["merge", "overwrite"])
def test_a_failed_put_changes_nothing(apigw: Any, mode: str) -> None:
    api_id = new_api(apigw)["id"]
    before = (
        body(apigw.get_rest_api(restApiId=api_id)),
        apigw.get_resources(restApiId=api_id, embed=["methods"])["items"],
        apigw.get_models(restApiId=api_id)["items"],
        apigw.get_authorizers(restApiId=api_id)["items"],
    )
    broken = json.loads(json.dumps(PETS))
    broken["paths"]["/pets"]["get"]["x-amazon-apigateway-integration"]["uri"] = "nope"
    assert_error(
        lambda: apigw.put_rest_api(restApiId=api_id, body=json.dumps(broken), mode=mode),
        "BadRequestException",
        400,
        "Errors found during import:\n\tUnable to put integration on 'GET' for resource at path "
        "'/pets': Invalid HTTP endpoint specified for URI",
    )
    after = (
        body(apigw.get_rest_api(restApiId=api_id)),
        apigw.get_resources(restApiId=api_id, embed=["methods"])["items"],
        apigw.get_models(restApiId=api_id)["items"],
        apigw.get_authorizers(restApiId=api_id)["items"],
    )
    assert after == before


def test_warnings_are_answered_or_refused(apigw: Any) -> None:
    api_id = new_api(apigw)["id"]
    warned = json.loads(json.dumps(PETS))
    get = warned["paths"]["/pets"]["get"]
    get["responses"]["200"]["schema"] = {"$ref": "#/definitions/Missing"}
    put = apigw.put_rest_api(restApiId=api_id, body=json.dumps(warned))
    assert put["warnings"] == ["Reference to model 'Missing' not found. Ignoring."]
    assert_error(
        lambda: apigw.put_rest_api(restApiId=api_id, body=json.dumps(warned), failOnWarnings=True),
        "BadRequestException",
        400,
        "Warnings found during import:\n\tReference to model 'Missing' not found. Ignoring.",
    )


def test_errors(apigw: Any) -> None:
    assert_error(
        lambda: apigw.put_rest_api(restApiId="nope", body=petstore_json()),
        "NotFoundException",
        404,
        "Invalid API identifier specified 123456789012:nope",
    )
    for bad in ("{'key:value}", '{"openapi": "2"}'):
        assert_error(
            lambda bad=bad: apigw.put_rest_api(restApiId="nope", body=bad),  # type: ignore[misc]
            "BadRequestException",
            400,
            "Invalid OpenAPI input.",
        )
    api_id = new_api(apigw)["id"]
    assert_error(
        lambda: apigw.put_rest_api(restApiId=api_id, body=petstore_json(), mode="replace"),
        "ValidationException",
        400,
        "1 validation error detected: Value 'replace' at 'mode' failed to satisfy constraint: "
        "Member must satisfy enum value set: [merge, overwrite]",
    )
