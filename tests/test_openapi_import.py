"""ImportRestApi: an OpenAPI 2.0 or 3.0 document (JSON or YAML) becomes a REST API, through the
same operations a client would call.

Pinned AWS facts (LocalStack's AWS-validated ``test_apigateway_import`` snapshots, recorded
2025-07-02 to 2025-11-18, unless said otherwise): the answer is 201 with the RestApi (no
``tags``), the name/description/version from ``info`` (a number as text); only the document's
models (no ``Empty``/``Error`` by default), each ``application/json`` with the schema's
``description`` and canonical references; an HTTP integration gets ``connectionType:
INTERNET``, a MOCK one neither ``httpMethod`` nor ``connectionType``; ``default`` is the
integration response without ``selectionPattern``; undeclared path variables are required path
parameters; every scheme with an authorizer extension is an authorizer (TTL only when given);
``x-api-key`` in an apiKey scheme is ``apiKeyRequired``; a non-string integration request
parameter is left out with ``Invalid format for 'requestParameters'. Expected type string for
property '<name>' of resource '<path>' and method '<METHOD>' but got '<value>'``; a body that
is not an OpenAPI document is 400 ``Invalid OpenAPI input.``; base paths as
``ignore``/``prepend``/``split`` say. Error and warning texts quoted from AWS answers in public
repositories: ``Errors found during import:\\n\\tUnable to put integration on '<M>' for resource
at path '<p>': <message>``, ``Unable to create resource at path ...``, ``Unable to put method
'<M>' on resource at path ...``, ``Unable to create model for '<name>': ...``,
``\\nAdditionally, these warnings were found:``, ``Reference to model '<name>' not found.
Ignoring.``, ``Unsupported model type 'StringSchema' in <code> response to method '<M> <path>'.
Ignoring.``, ``More than one server provided. Ignoring all but the first for defining endpoint
configuration``, ``Warnings found during import:``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import boto3
import pytest
import requests

from mockgw import Mock
from tests.helpers import assert_error, body, status
from tests.openapi_documents import OAS30_YAML, PETS_URI, ROOT_PAGE, petstore, petstore_json

ACCOUNT = "123456789012"
LAMBDA = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"
)


@pytest.fixture
def apigw(mockgw: Mock) -> Any:
    return boto3.client("apigateway", region_name="us-east-1")


def methods_of(apigw: Any, api_id: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Every method of the API, by (path, HTTP method), as GetMethod answers it."""
    found = {}
    for resource in apigw.get_resources(restApiId=api_id)["items"]:
        for http_method in resource.get("resourceMethods", {}):
            method = apigw.get_method(
                restApiId=api_id, resourceId=resource["id"], httpMethod=http_method
            )
            found[(resource["path"], http_method)] = body(method)
    return found


def swagger(paths: dict[str, Any], **extra: Any) -> str:
    return json.dumps(
        {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": paths, **extra}
    )


def mock_get(**extra: Any) -> dict[str, Any]:
    integration = {
        "type": "mock",
        "requestTemplates": {"application/json": '{"statusCode": 200}'},
        "responses": {"default": {"statusCode": "200"}},
    }
    return {
        "get": {
            "responses": {"200": {"description": "ok"}},
            **extra,
            "x-amazon-apigateway-integration": integration,
        }
    }


# ---------------------------------------------------------------------------- the PetStore


def test_the_petstore_imports_as_aws_builds_it(apigw: Any) -> None:
    imported = apigw.import_rest_api(body=petstore_json(), failOnWarnings=True)
    assert status(imported) == 201
    api = body(imported)
    api_id = api["id"]
    assert api == {
        "id": api_id,
        "name": "PetStore",
        "description": (
            "Your first API with Amazon API Gateway. This is a sample API that integrates via "
            "HTTP with our demo Pet Store endpoints"
        ),
        "createdDate": api["createdDate"],
        "apiKeySource": "HEADER",
        "endpointConfiguration": {"types": ["EDGE"], "ipAddressType": "ipv4"},
        "disableExecuteApiEndpoint": False,
        "rootResourceId": api["rootResourceId"],
    }
    assert isinstance(api["createdDate"], dt.datetime)
    assert body(apigw.get_rest_api(restApiId=api_id)) == {**api, "tags": {}}

    models = {m["name"]: m for m in apigw.get_models(restApiId=api_id)["items"]}
    assert list(models) == ["Pets", "Empty", "NewPetResponse", "Pet", "NewPet", "PetType"]
    canonical = f"https://apigateway.amazonaws.com/restapis/{api_id}/models/"
    assert json.loads(models["Pets"]["schema"]) == {
        "type": "array",
        "items": {"$ref": canonical + "Pet"},
    }
    assert json.loads(models["NewPet"]["schema"])["properties"]["type"] == {
        "$ref": canonical + "PetType"
    }
    assert {m["contentType"] for m in models.values()} == {"application/json"}
    assert all("description" not in m for m in models.values())

    validators = apigw.get_request_validators(restApiId=api_id)["items"]
    ids = {v["name"]: v["id"] for v in validators}
    assert [{k: v for k, v in item.items() if k != "id"} for item in validators] == [
        {"name": "all", "validateRequestBody": True, "validateRequestParameters": True},
        {"name": "params-only", "validateRequestBody": False, "validateRequestParameters": True},
    ]
    responses = {
        r["responseType"]: r
        for r in apigw.get_gateway_responses(restApiId=api_id)["items"]
        if not r["defaultResponse"]
    }
    assert sorted(responses) == [
        "BAD_REQUEST_BODY",
        "DEFAULT_4XX",
        "INVALID_API_KEY",
        "MISSING_AUTHENTICATION_TOKEN",
    ]
    assert responses["INVALID_API_KEY"]["statusCode"] == "401"

    resources = apigw.get_resources(restApiId=api_id)["items"]
    assert sorted((r["path"], sorted(r.get("resourceMethods", {}))) for r in resources) == [
        ("/", ["GET"]),
        ("/pets", ["GET", "OPTIONS", "POST"]),
        ("/pets/{petId}", ["GET", "OPTIONS"]),
    ]
    by_path = {r["path"]: r["id"] for r in resources}
    assert by_path["/"] == api["rootResourceId"]
    methods = methods_of(apigw, api_id)
    assert methods[("/", "GET")] == {
        "httpMethod": "GET",
        "authorizationType": "NONE",
        "apiKeyRequired": False,
        "methodResponses": {
            "200": {
                "statusCode": "200",
                "responseParameters": {"method.response.header.Content-Type": False},
            }
        },
        "methodIntegration": {
            "type": "MOCK",
            "requestTemplates": {"application/json": '{"statusCode": 200}'},
            "passthroughBehavior": "WHEN_NO_MATCH",
            "timeoutInMillis": 29000,
            "cacheNamespace": by_path["/"],
            "cacheKeyParameters": [],
            "integrationResponses": {
                "200": {
                    "statusCode": "200",
                    "responseParameters": {"method.response.header.Content-Type": "'text/html'"},
                    "responseTemplates": {"text/html": ROOT_PAGE},
                }
            },
        },
    }
    assert methods[("/pets", "GET")] == {
        "httpMethod": "GET",
        "authorizationType": "NONE",
        "apiKeyRequired": True,
        "requestValidatorId": ids["params-only"],
        "requestParameters": {
            "method.request.querystring.type": False,
            "method.request.querystring.page": True,
        },
        "methodResponses": {
            "200": {
                "statusCode": "200",
                "responseParameters": {"method.response.header.Access-Control-Allow-Origin": False},
                "responseModels": {"application/json": "Pets"},
            }
        },
        "methodIntegration": {
            "type": "HTTP",
            "httpMethod": "GET",
            "uri": PETS_URI,
            "connectionType": "INTERNET",
            "requestParameters": {
                "integration.request.querystring.page": "method.request.querystring.page",
                "integration.request.querystring.type": "method.request.querystring.type",
            },
            "passthroughBehavior": "WHEN_NO_MATCH",
            "timeoutInMillis": 29000,
            "cacheNamespace": by_path["/pets"],
            "cacheKeyParameters": [],
            "integrationResponses": {
                "200": {
                    "statusCode": "200",
                    "responseParameters": {
                        "method.response.header.Access-Control-Allow-Origin": "'*'"
                    },
                }
            },
        },
    }
    post = methods[("/pets", "POST")]
    assert (post["operationName"], post["requestModels"], post["requestValidatorId"]) == (
        "CreatePet",
        {"application/json": "NewPet"},
        ids["all"],
    )
    get_pet = methods[("/pets/{petId}", "GET")]
    assert get_pet["requestParameters"] == {"method.request.path.petId": True}
    assert get_pet["methodIntegration"]["uri"] == PETS_URI + "/{petId}"
    assert get_pet["apiKeyRequired"] is False
    options = methods[("/pets", "OPTIONS")]
    assert options["methodResponses"]["200"]["responseModels"] == {"application/json": "Empty"}
    assert "httpMethod" not in options["methodIntegration"]
    assert "connectionType" not in options["methodIntegration"]


def test_an_import_is_a_new_api_each_time(apigw: Any) -> None:
    first = apigw.import_rest_api(body=petstore_json())["id"]
    second = apigw.import_rest_api(body=petstore_json())["id"]
    assert first != second
    assert [a["id"] for a in apigw.get_rest_apis()["items"]] == [first, second]


def test_yaml_and_openapi_30_with_authorizers_iam_and_settings(apigw: Any) -> None:
    imported = body(
        apigw.import_rest_api(
            body=OAS30_YAML,
            parameters={"endpointConfigurationTypes": "REGIONAL", "basepath": "prepend"},
        )
    )
    api_id = imported["id"]
    assert {k: imported[k] for k in ("name", "description", "version")} == {
        "name": "orders",
        "description": "Orders API",
        "version": "2",
    }
    assert imported["binaryMediaTypes"] == ["image/png"]
    assert imported["minimumCompressionSize"] == 1024
    assert imported["apiKeySource"] == "AUTHORIZER"
    assert imported["endpointConfiguration"] == {"types": ["REGIONAL"], "ipAddressType": "ipv4"}
    assert imported["disableExecuteApiEndpoint"] is True
    authorizers = {a["name"]: a for a in apigw.get_authorizers(restApiId=api_id)["items"]}
    assert authorizers["users"] == {
        "id": authorizers["users"]["id"],
        "name": "users",
        "type": "COGNITO_USER_POOLS",
        "providerARNs": ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123"],
        "authType": "cognito_user_pools",
        "identitySource": "method.request.header.Authorization",
    }
    assert authorizers["lambda"] == {
        "id": authorizers["lambda"]["id"],
        "name": "lambda",
        "type": "REQUEST",
        "authType": "custom",
        "authorizerUri": LAMBDA,
        "identitySource": "method.request.header.x-token, method.request.querystring.tenant",
        "authorizerResultTtlInSeconds": 0,
    }
    order = apigw.get_model(restApiId=api_id, modelName="Order")
    assert order["description"] == "One order"
    methods = methods_of(apigw, api_id)
    assert sorted(methods) == [
        ("/v1/orders", "GET"),
        ("/v1/orders", "POST"),
        ("/v1/orders/{orderId}/{proxy+}", "ANY"),
    ]
    listing = methods[("/v1/orders", "GET")]
    assert listing["authorizationType"] == "COGNITO_USER_POOLS"
    assert listing["authorizerId"] == authorizers["users"]["id"]
    assert listing["authorizationScopes"] == ["orders/read"]
    assert listing["requestParameters"] == {
        "method.request.querystring.status": False,
        "method.request.header.x-tenant": True,
    }
    assert listing["methodResponses"]["200"] == {
        "statusCode": "200",
        "responseParameters": {"method.response.header.x-count": False},
        "responseModels": {"application/json": "Orders"},
    }
    # a YAML integer status code reads as its text (recorded)
    assert listing["methodIntegration"]["integrationResponses"]["200"]["statusCode"] == "200"
    create = methods[("/v1/orders", "POST")]
    assert (create["authorizationType"], create["requestModels"]) == (
        "CUSTOM",
        {"application/json": "Order"},
    )
    assert create["methodIntegration"]["type"] == "AWS_PROXY"
    assert "connectionType" not in create["methodIntegration"]
    proxy = methods[("/v1/orders/{orderId}/{proxy+}", "ANY")]
    assert proxy["authorizationType"] == "AWS_IAM"
    assert proxy["requestParameters"] == {
        "method.request.path.orderId": True,
        "method.request.path.proxy": True,
    }
    assert "methodResponses" not in proxy


def test_yaml_scalars_read_as_aws_reads_them(apigw: Any) -> None:
    document = (
        "swagger: '2.0'\ninfo:\n  title: dated\n  version: 2022-04-12T15:36:55Z\n"
        "  description: !!binary aGVsbG8=\npaths: {}\n"
    )
    imported = apigw.import_rest_api(body=document)  # YAML's own types: no 500
    assert (status(imported), imported["version"]) == (201, "2022-04-12T15:36:55Z")


@pytest.mark.parametrize(
    ("mode", "paths"),
    [
        ("ignore", ["/", "/test"]),
        ("prepend", ["/", "/base", "/base/part", "/base/part/test"]),
        ("split", ["/", "/part", "/part/test"]),
    ],
)
def test_base_paths(apigw: Any, mode: str, paths: list[str]) -> None:
    document = json.loads(swagger({"/test": mock_get()}, basePath="/base/part/"))
    oas30 = {
        "openapi": "3.0.1",
        "info": document["info"],
        "servers": [{"url": "https://example.com/base/part/"}],
        "paths": document["paths"],
    }
    for given in (document, oas30):
        api_id = apigw.import_rest_api(body=json.dumps(given), parameters={"basepath": mode})["id"]
        assert sorted(r["path"] for r in apigw.get_resources(restApiId=api_id)["items"]) == paths


def test_an_openapi_30_base_path_variable_wins_over_the_url_and_extra_servers_warn(
    apigw: Any,
) -> None:
    document = {
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "1"},
        "servers": [
            {"url": "https://example.com/other", "variables": {"basePath": {"default": "/v2"}}},
            {"url": "https://example.org"},
        ],
        "paths": json.loads(swagger({"/x": mock_get()}))["paths"],
    }
    imported = apigw.import_rest_api(body=json.dumps(document), parameters={"basepath": "prepend"})
    assert imported["warnings"] == [
        "More than one server provided. Ignoring all but the first for defining endpoint "
        "configuration"
    ]
    paths = sorted(r["path"] for r in apigw.get_resources(restApiId=imported["id"])["items"])
    assert paths == ["/", "/v2", "/v2/x"]


def test_documentation_is_imported_unless_ignored(apigw: Any) -> None:
    document = petstore()
    document["x-amazon-apigateway-documentation"] = {
        "version": "1",
        "documentationParts": [
            {"location": {"type": "API"}, "properties": {"description": "pets"}},
            {
                "location": {"type": "REQUEST_BODY", "path": "/pets", "method": "POST"},
                "properties": {"description": "a new pet"},
            },
        ],
    }
    api_id = apigw.import_rest_api(body=json.dumps(document), failOnWarnings=True)["id"]
    parts = apigw.get_documentation_parts(restApiId=api_id)["items"]
    assert [p["location"] for p in parts] == [
        {"type": "API"},
        {"type": "REQUEST_BODY", "path": "/pets", "method": "POST"},
    ]
    ignored = apigw.import_rest_api(
        body=json.dumps(document), parameters={"ignore": "documentation"}
    )["id"]
    assert apigw.get_documentation_parts(restApiId=ignored)["items"] == []


# ---------------------------------------------------------------------------- warnings


def test_a_request_parameter_that_is_not_a_string_is_left_out_with_aws_warning(
    apigw: Any,
) -> None:
    get = mock_get()
    get["get"]["x-amazon-apigateway-integration"]["requestParameters"] = {
        "integration.request.header.x": "'a'",
        "integration.request.header.nothing": True,
    }
    imported = apigw.import_rest_api(body=swagger({"/test": get}))
    assert imported["warnings"] == [
        "Invalid format for 'requestParameters'. Expected type string for property "
        "'integration.request.header.nothing' of resource '/test' and method 'GET' but got "
        "'true'"
    ]
    (method,) = methods_of(apigw, imported["id"]).values()
    assert method["methodIntegration"]["requestParameters"] == {
        "integration.request.header.x": "'a'"
    }


def test_missing_models_and_inline_schemas_are_warnings(apigw: Any) -> None:
    get = mock_get()
    get["get"]["responses"] = {
        "200": {"description": "ok", "schema": {"$ref": "#/definitions/Nowhere"}},
        "404": {"description": "no", "schema": {"type": "string"}},
    }
    imported = apigw.import_rest_api(body=swagger({"/things": get}))
    assert imported["warnings"] == [
        "Reference to model 'Nowhere' not found. Ignoring.",
        "Unsupported model type 'StringSchema' in 404 response to method 'GET /things'. Ignoring.",
    ]
    (method,) = methods_of(apigw, imported["id"]).values()
    assert method["methodResponses"] == {
        "200": {"statusCode": "200"},
        "404": {"statusCode": "404"},
    }


def test_fail_on_warnings_refuses_the_import_and_creates_nothing(apigw: Any) -> None:
    get = mock_get()
    get["get"]["responses"]["200"]["schema"] = {"$ref": "#/definitions/Nowhere"}
    assert_error(
        lambda: apigw.import_rest_api(body=swagger({"/x": get}), failOnWarnings=True),
        "BadRequestException",
        400,
        "Warnings found during import:\n\tReference to model 'Nowhere' not found. Ignoring.",
    )
    assert apigw.get_rest_apis()["items"] == []


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "document",
    [
        "{'key:value}",
        'test:\n    value:\n        - "value ... \\"escaped\\": $var, \\"dt\\": $(var +"%a")}\\"\n',
        "[1, 2]",
        '{"info": {"title": "no version key"}, "paths": {}}',
        '{"openapi": "1.0", "paths": {}}',
    ],
)
def test_a_body_that_is_not_an_openapi_document(apigw: Any, document: str) -> None:
    assert_error(
        lambda: apigw.import_rest_api(body=document),
        "BadRequestException",
        400,
        "Invalid OpenAPI input.",
    )
    assert apigw.get_rest_apis()["items"] == []


def test_an_empty_body_is_the_models_error(apigw: Any) -> None:
    assert_error(
        lambda: apigw.import_rest_api(body=b""),
        "ValidationException",
        400,
        "1 validation error detected: Value null at 'body' failed to satisfy constraint: Member "
        "must not be null",
    )


def test_handler_errors_are_collected_with_aws_prefixes_and_nothing_is_created(
    apigw: Any,
) -> None:
    bad_uri = mock_get()["get"]
    bad_uri["x-amazon-apigateway-integration"] = {
        "type": "http",
        "httpMethod": "GET",
        "uri": "nope",
    }
    bad_timeout = {
        "responses": {},
        "x-amazon-apigateway-integration": {
            "type": "mock",
            "timeoutInMillis": 30000,
        },
    }
    document = json.loads(
        swagger(
            {
                "/a": {"get": bad_uri},
                "/b": {"post": bad_timeout},
                "/{x}/c": mock_get(),
                "/{y}/d": mock_get(),
            },
            definitions={"Bad-Name": {"type": "object"}},
        )
    )
    document["paths"]["/a"]["get"]["responses"]["200"]["schema"] = {
        "$ref": "#/definitions/Bad-Name"
    }
    message = (
        "Errors found during import:\n"
        "\tUnable to create model for 'Bad-Name': Model name must be alphanumeric\n"
        "\tUnable to create resource at path '/{y}/d': A sibling ({x}) of this resource already "
        "has a variable path part -- only one is allowed\n"
        "\tUnable to put integration on 'GET' for resource at path '/a': Invalid HTTP endpoint "
        "specified for URI\n"
        "\tUnable to put integration on 'POST' for resource at path '/b': Timeout should be "
        "between 50 ms and 29000 ms\n"
        "Additionally, these warnings were found:\n"
        "\tReference to model 'Bad-Name' not found. Ignoring."
    )
    assert_error(
        lambda: apigw.import_rest_api(body=json.dumps(document)),
        "BadRequestException",
        400,
        message,
    )
    assert apigw.get_rest_apis()["items"] == []


def test_a_value_the_model_refuses_is_the_models_error(apigw: Any) -> None:
    get = mock_get()
    get["get"]["x-amazon-apigateway-integration"]["type"] = "telepathy"
    assert_error(
        lambda: apigw.import_rest_api(body=swagger({"/x": get})),
        "BadRequestException",
        400,
        "Errors found during import:\n\tUnable to put integration on 'GET' for resource at path "
        "'/x': 1 validation error detected: Value 'TELEPATHY' at 'putIntegrationInput.type' "
        "failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, "
        "AWS_PROXY, HTTP_PROXY, AWS]",
    )


def test_a_document_without_a_title_cannot_make_an_api(apigw: Any) -> None:
    document = {"swagger": "2.0", "info": {"version": "1"}, "paths": {}}
    assert_error(
        lambda: apigw.import_rest_api(body=json.dumps(document)),
        "BadRequestException",
        400,
        "Errors found during import:\n\tUnable to create API: 1 validation error detected: "
        "Value null at 'createRestApiInput.name' failed to satisfy constraint: Member must not "
        "be null\n"
        "Additionally, these warnings were found:\n\tParse issue: attribute info.title is missing",
    )


def test_bad_parameters(apigw: Any) -> None:
    assert_error(
        lambda: apigw.import_rest_api(body=petstore_json(), parameters={"basepath": "up"}),
        "BadRequestException",
        400,
        "Invalid basepath parameter specified. Valid options are ignore,prepend,split",
    )
    assert_error(
        lambda: apigw.import_rest_api(
            body=petstore_json(), parameters={"endpointConfigurationTypes": "EDGE,REGIONAL"}
        ),
        "BadRequestException",
        400,
        "Errors found during import:\n\tUnable to create API: Cannot create an api with multiple "
        "Endpoint Types.",
    )
    assert apigw.get_rest_apis()["items"] == []


def test_security_naming_no_scheme_and_an_unknown_validator_are_warnings(apigw: Any) -> None:
    document = json.loads(
        swagger(
            {"/x": mock_get(security=[{"ghost": []}])},
            **{"x-amazon-apigateway-request-validator": "missing"},
        )
    )
    imported = apigw.import_rest_api(body=json.dumps(document))
    assert imported["warnings"] == [
        "Security scheme 'ghost' is not defined. Ignoring.",
        "Request validator 'missing' is not defined. Ignoring.",
    ]


def test_an_import_is_published_for_execute_api_calls(apigw: Any) -> None:
    api_id = apigw.import_rest_api(body=swagger({"/hello": mock_get()}))["id"]
    apigw.create_deployment(restApiId=api_id, stageName="dev")
    response = requests.get(
        f"https://{api_id}.execute-api.us-east-1.amazonaws.com/dev/hello", timeout=5
    )
    assert response.status_code == 200
