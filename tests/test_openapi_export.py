"""GetExport: a stage's deployment as Swagger 2.0 or OpenAPI 3.0, JSON or YAML; and the round
trip export -> import -> export, which gives the same document.

Pinned AWS facts (LocalStack's AWS-validated ``test_export_swagger_openapi`` and
``test_export_oas30_openapi``, recorded 2025-05-06): the exports of the imported "Simple
PetStore" below, with and without ``extensions=apigateway``, field for field; ``Content-Type:
application/octet-stream``; ``Content-Disposition: attachment; filename="swagger_1.0.0.json"``.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
import yaml
from freezegun import freeze_time

from mockgw import Mock
from tests.helpers import assert_error, status
from tests.openapi_documents import OAS30_YAML, lambda_uri, petstore_json

PETS_URI = "http://petstore-demo-endpoint.execute-api.com/petstore/pets"
SIMPLE = {
    "swagger": "2.0",
    "info": {"title": "Simple PetStore (Swagger)", "version": "1.0.0"},
    "schemes": ["https"],
    "x-amazon-apigateway-binary-media-types": ["image/png", "image/jpg"],
    "paths": {
        "/pets": {
            "get": {
                "responses": {"200": {"description": "200 response"}},
                "x-amazon-apigateway-integration": {
                    "responses": {"default": {"statusCode": "200"}},
                    "uri": PETS_URI,
                    "passthroughBehavior": "when_no_match",
                    "httpMethod": "GET",
                    "type": "http",
                },
            }
        },
        "/pets/{petId}": {
            "get": {
                "parameters": [{"name": "petId", "in": "path", "required": True, "type": "string"}],
                "responses": {"200": {"description": "200 response"}},
                "x-amazon-apigateway-integration": {
                    "responses": {"default": {"statusCode": "200"}},
                    "requestParameters": {
                        "integration.request.path.id": "method.request.path.petId"
                    },
                    "uri": PETS_URI + "/{id}",
                    "passthroughBehavior": "when_no_match",
                    "httpMethod": "GET",
                    "type": "http",
                },
            }
        },
    },
}


@pytest.fixture
def apigw(mockgw: Mock) -> Any:
    return boto3.client("apigateway", region_name="us-east-1")


def imported(apigw: Any, document: str, stage: str = "local") -> str:
    api_id: str = apigw.import_rest_api(body=document)["id"]
    apigw.create_deployment(restApiId=api_id, stageName=stage)
    return api_id


def export(apigw: Any, api_id: str, kind: str, stage: str = "local", **options: Any) -> str:
    answer = apigw.get_export(restApiId=api_id, stageName=stage, exportType=kind, **options)
    text: str = answer["body"].read().decode()
    return text


def test_swagger_export_as_recorded(apigw: Any) -> None:
    api_id = imported(apigw, json.dumps(SIMPLE))
    answer = apigw.get_export(restApiId=api_id, stageName="local", exportType="swagger")
    assert status(answer) == 200
    assert answer["contentType"] == "application/octet-stream"
    assert answer["contentDisposition"] == 'attachment; filename="swagger_1.0.0.json"'
    plain = json.loads(answer["body"].read())
    pet_id = {"name": "petId", "in": "path", "required": True, "type": "string"}
    assert plain == {
        "swagger": "2.0",
        "info": {"version": "1.0.0", "title": "Simple PetStore (Swagger)"},
        "host": f"{api_id}.execute-api.us-east-1.amazonaws.com",
        "basePath": "/local",
        "schemes": ["https"],
        "paths": {
            "/pets": {"get": {"responses": {"200": {"description": "200 response"}}}},
            "/pets/{petId}": {
                "get": {
                    "parameters": [pet_id],
                    "responses": {"200": {"description": "200 response"}},
                }
            },
        },
    }
    extended = json.loads(export(apigw, api_id, "swagger", parameters={"extensions": "apigateway"}))
    integration = extended["paths"]["/pets/{petId}"]["get"]["x-amazon-apigateway-integration"]
    assert integration == {
        "type": "http",
        "httpMethod": "GET",
        "uri": PETS_URI + "/{id}",
        "responses": {"default": {"statusCode": "200"}},
        "requestParameters": {"integration.request.path.id": "method.request.path.petId"},
        "passthroughBehavior": "when_no_match",
    }
    assert extended["x-amazon-apigateway-binary-media-types"] == ["image/png", "image/jpg"]
    assert list(extended) == [
        "swagger",
        "info",
        "host",
        "basePath",
        "schemes",
        "paths",
        "x-amazon-apigateway-binary-media-types",
    ]


def test_oas30_export_as_recorded(apigw: Any) -> None:
    api_id = imported(apigw, json.dumps(SIMPLE))
    answer = apigw.get_export(restApiId=api_id, stageName="local", exportType="oas30")
    assert answer["contentDisposition"] == 'attachment; filename="oas30_1.0.0.json"'
    plain = json.loads(answer["body"].read())
    assert plain == {
        "openapi": "3.0.1",
        "info": {"title": "Simple PetStore (Swagger)", "version": "1.0.0"},
        "servers": [
            {
                "url": f"https://{api_id}.execute-api.us-east-1.amazonaws.com/{{basePath}}",
                "variables": {"basePath": {"default": "local"}},
            }
        ],
        "paths": {
            "/pets": {
                "get": {"responses": {"200": {"description": "200 response", "content": {}}}}
            },
            "/pets/{petId}": {
                "get": {
                    "parameters": [
                        {
                            "name": "petId",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {"200": {"description": "200 response", "content": {}}},
                }
            },
        },
        "components": {},
    }
    extended = json.loads(export(apigw, api_id, "oas30", parameters={"extensions": "apigateway"}))
    assert extended["paths"]["/pets"]["get"]["x-amazon-apigateway-integration"] == {
        "httpMethod": "GET",
        "uri": PETS_URI,
        "responses": {"default": {"statusCode": "200"}},
        "passthroughBehavior": "when_no_match",
        "type": "http",
    }


def test_the_petstore_exports_models_security_consumes_and_produces(apigw: Any) -> None:
    api_id = imported(apigw, petstore_json())
    swagger = json.loads(export(apigw, api_id, "swagger"))
    root, pets = swagger["paths"]["/"]["get"], swagger["paths"]["/pets"]
    assert (root["consumes"], root["produces"]) == (["application/json"], ["text/html"])
    assert pets["post"]["parameters"] == [
        {
            "in": "body",
            "name": "NewPet",
            "required": True,
            "schema": {"$ref": "#/definitions/NewPet"},
        }
    ]
    assert pets["get"]["security"] == [{"api_key": []}]
    assert swagger["securityDefinitions"] == {
        "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}
    }
    assert list(swagger["definitions"]) == [
        "Pets",
        "Empty",
        "NewPetResponse",
        "Pet",
        "NewPet",
        "PetType",
    ]
    assert swagger["definitions"]["Pets"] == {
        "type": "array",
        "items": {"$ref": "#/definitions/Pet"},
    }
    assert "x-amazon-apigateway-integration" not in pets["get"]
    assert "x-amazon-apigateway-request-validators" not in swagger
    oas30 = json.loads(export(apigw, api_id, "oas30"))
    assert oas30["paths"]["/pets"]["post"]["requestBody"] == {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}},
        "required": True,
    }
    assert oas30["components"]["securitySchemes"] == swagger["securityDefinitions"]
    extended = json.loads(export(apigw, api_id, "swagger", parameters={"extensions": "apigateway"}))
    assert extended["paths"]["/pets"]["post"]["x-amazon-apigateway-request-validator"] == "all"
    assert extended["x-amazon-apigateway-request-validators"] == {
        "all": {"validateRequestBody": True, "validateRequestParameters": True},
        "params-only": {"validateRequestBody": False, "validateRequestParameters": True},
    }
    assert sorted(extended["x-amazon-apigateway-gateway-responses"]) == [
        "BAD_REQUEST_BODY",
        "DEFAULT_4XX",
        "INVALID_API_KEY",
        "MISSING_AUTHENTICATION_TOKEN",
    ]


def test_extensions_choose_what_is_written(apigw: Any) -> None:
    api_id = imported(apigw, OAS30_YAML)
    operation = "x-amazon-apigateway-integration"
    plain = json.loads(export(apigw, api_id, "oas30"))
    assert plain["components"]["securitySchemes"]["lambda"] == {
        "type": "apiKey",
        "name": "Unused",
        "in": "header",
    }
    assert operation not in plain["paths"]["/orders"]["get"]
    integrations = json.loads(
        export(apigw, api_id, "oas30", parameters={"extensions": "integrations"})
    )
    assert operation in integrations["paths"]["/orders"]["get"]
    assert (
        "x-amazon-apigateway-authorizer"
        not in integrations["components"]["securitySchemes"]["lambda"]
    )
    assert "x-amazon-apigateway-api-key-source" not in integrations
    authorizers = json.loads(
        export(apigw, api_id, "oas30", parameters={"extensions": "authorizers"})
    )
    assert operation not in authorizers["paths"]["/orders"]["get"]
    assert authorizers["components"]["securitySchemes"]["lambda"] == {
        "type": "apiKey",
        "name": "Unused",
        "in": "header",
        "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": {
            "type": "request",
            "authorizerUri": lambda_uri("auth"),
            "authorizerResultTtlInSeconds": 0,
            "identitySource": "method.request.header.x-token, method.request.querystring.tenant",
        },
    }
    assert authorizers["components"]["securitySchemes"]["sigv4"] == {
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "x-amazon-apigateway-authtype": "awsSigv4",
    }
    both = json.loads(
        export(apigw, api_id, "oas30", parameters={"extensions": "integrations,authorizers"})
    )
    assert operation in both["paths"]["/orders"]["get"]
    everything = json.loads(export(apigw, api_id, "oas30", parameters={"extensions": "apigateway"}))
    assert {k: v for k, v in everything.items() if k.startswith("x-")} == {
        "x-amazon-apigateway-binary-media-types": ["image/png"],
        "x-amazon-apigateway-api-key-source": "AUTHORIZER",
        "x-amazon-apigateway-minimum-compression-size": 1024,
        "x-amazon-apigateway-endpoint-configuration": {"disableExecuteApiEndpoint": True},
    }
    postman = export(apigw, api_id, "oas30", parameters={"extensions": "postman"})
    assert json.loads(postman) == plain


def test_json_is_printed_as_aws_prints_it(apigw: Any) -> None:
    api_id = imported(apigw, json.dumps(SIMPLE))
    text = export(apigw, api_id, "swagger")
    assert text.startswith('{\n  "swagger" : "2.0",\n  "info" : {\n    "version" : "1.0.0",\n')
    assert '  "schemes" : [ "https" ],\n' in text
    assert (
        '        "parameters" : [ {\n'
        '          "name" : "petId",\n'
        '          "in" : "path",\n'
        '          "required" : true,\n'
        '          "type" : "string"\n'
        "        } ],\n"
    ) in text
    assert text.endswith("\n}")


def test_yaml_exports(apigw: Any) -> None:
    api_id = imported(apigw, petstore_json())
    answer = apigw.get_export(
        restApiId=api_id, stageName="local", exportType="oas30", accepts="application/yaml"
    )
    assert answer["contentType"] == "application/octet-stream"
    assert answer["contentDisposition"].endswith('.yaml"')
    text = answer["body"].read().decode()
    assert text.startswith('---\nopenapi: "3.0.1"\ninfo:\n  title: "PetStore"\n')
    as_json = json.loads(export(apigw, api_id, "oas30"))
    assert yaml.safe_load(text) == as_json
    as_json_named = apigw.get_export(
        restApiId=api_id, stageName="local", exportType="swagger", accepts="application/json"
    )
    assert as_json_named["contentDisposition"].endswith('.json"')
    assert json.loads(as_json_named["body"].read())["swagger"] == "2.0"


@freeze_time("2024-05-06 18:20:26")
def test_an_api_without_version_exports_its_deployment_date(apigw: Any) -> None:
    document = {k: v for k, v in SIMPLE.items()}
    document["info"] = {"title": "undated"}
    api_id = imported(apigw, json.dumps(document))
    answer = apigw.get_export(restApiId=api_id, stageName="local", exportType="swagger")
    assert (
        answer["contentDisposition"] == 'attachment; filename="swagger_2024-05-06T18:20:26Z.json"'
    )
    assert json.loads(answer["body"].read())["info"] == {
        "version": "2024-05-06T18:20:26Z",
        "title": "undated",
    }


def test_an_export_is_of_what_the_stage_serves(apigw: Any) -> None:
    api_id = imported(apigw, json.dumps(SIMPLE))
    root = apigw.get_rest_api(restApiId=api_id)["rootResourceId"]
    apigw.create_resource(restApiId=api_id, parentId=root, pathPart="later")
    assert sorted(json.loads(export(apigw, api_id, "swagger"))["paths"]) == [
        "/pets",
        "/pets/{petId}",
    ]


@pytest.mark.parametrize("kind", ["swagger", "oas30"])
@pytest.mark.parametrize("accepts", ["application/json", "application/yaml"])
@pytest.mark.parametrize("source", ["petstore", "oas30", "simple"])
def test_export_import_export_is_a_fixed_point(
    apigw: Any, kind: str, accepts: str, source: str
) -> None:
    document = {"petstore": petstore_json(), "oas30": OAS30_YAML, "simple": json.dumps(SIMPLE)}
    first_id = imported(apigw, document[source], stage="dev")
    options = {"parameters": {"extensions": "apigateway"}, "accepts": accepts}
    first = export(apigw, first_id, kind, stage="dev", **options)
    second_id = apigw.import_rest_api(body=first, failOnWarnings=True)["id"]
    apigw.create_deployment(restApiId=second_id, stageName="dev")
    second = export(apigw, second_id, kind, stage="dev", **options)
    assert second.replace(second_id, "<id>") == first.replace(first_id, "<id>")


def test_errors(apigw: Any) -> None:
    api_id = imported(apigw, json.dumps(SIMPLE))
    assert_error(
        lambda: apigw.get_export(restApiId="nope", stageName="local", exportType="swagger"),
        "NotFoundException",
        404,
        "Invalid API identifier specified 123456789012:nope",
    )
    assert_error(
        lambda: apigw.get_export(restApiId=api_id, stageName="prod", exportType="swagger"),
        "NotFoundException",
        404,
        "Invalid stage identifier specified",
    )
    assert_error(
        lambda: apigw.get_export(restApiId=api_id, stageName="local", exportType="raml"),
        "BadRequestException",
        400,
        "Invalid export type specified. Valid options are oas30,swagger",
    )
    assert_error(
        lambda: apigw.get_export(
            restApiId=api_id, stageName="local", exportType="swagger", accepts="text/csv"
        ),
        "BadRequestException",
        400,
        "Invalid accepts value specified. Valid options are application/json,application/yaml",
    )
