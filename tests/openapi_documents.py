"""OpenAPI documents the OpenAPI tests import.

``PETSTORE`` is the PetStore example API AWS ships (the API Gateway console's "Example API",
shown in the developer guide's "Tutorial: Create a REST API by importing an example"): the
same paths, methods, integrations, models and CORS responses, with a shorter HTML page for
``GET /``. On top of it, as the issue asks: an ``api_key`` security scheme (apiKey
``x-api-key`` in the header) on ``GET /pets`` and ``POST /pets``, two request validators
(``all`` on ``POST /pets``, whose ``NewPet`` model now requires ``type`` and ``price``;
``params-only`` on ``GET /pets``, whose ``page`` parameter is now required) and customized
gateway responses.
"""

from __future__ import annotations

import copy
import json
from typing import Any

PETS_URI = "http://petstore-demo-endpoint.execute-api.com/petstore/pets"
ROOT_PAGE = "<html><body><h1>Welcome to your Pet Store API</h1></body></html>"

_CORS = "'Content-Type,X-Amz-Date,Authorization,X-Api-Key'"


def _options(methods: str, parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "responses": {
            "200": {
                "description": "Successful operation",
                "schema": {"$ref": "#/definitions/Empty"},
                "headers": {
                    "Access-Control-Allow-Origin": {"type": "string"},
                    "Access-Control-Allow-Methods": {"type": "string"},
                    "Access-Control-Allow-Headers": {"type": "string"},
                },
            }
        },
        "x-amazon-apigateway-integration": {
            "responses": {
                "default": {
                    "statusCode": "200",
                    "responseParameters": {
                        "method.response.header.Access-Control-Allow-Methods": f"'{methods}'",
                        "method.response.header.Access-Control-Allow-Headers": _CORS,
                        "method.response.header.Access-Control-Allow-Origin": "'*'",
                    },
                }
            },
            "passthroughBehavior": "when_no_match",
            "requestTemplates": {"application/json": '{"statusCode": 200}'},
            "type": "mock",
        },
    }
    if parameters:
        operation["parameters"] = parameters
    return operation


_PET_ID = {"name": "petId", "in": "path", "required": True, "type": "string"}
_ALLOW_ORIGIN = {"Access-Control-Allow-Origin": {"type": "string"}}


def _http(method: str, uri: str, **extra: Any) -> dict[str, Any]:
    return {
        "responses": {
            "default": {
                "statusCode": "200",
                "responseParameters": {"method.response.header.Access-Control-Allow-Origin": "'*'"},
            }
        },
        **extra,
        "uri": uri,
        "passthroughBehavior": "when_no_match",
        "httpMethod": method,
        "type": "http",
    }


PETSTORE: dict[str, Any] = {
    "swagger": "2.0",
    "info": {
        "description": (
            "Your first API with Amazon API Gateway. This is a sample API that integrates via "
            "HTTP with our demo Pet Store endpoints"
        ),
        "title": "PetStore",
    },
    "schemes": ["https"],
    "paths": {
        "/": {
            "get": {
                "tags": ["pets"],
                "description": "PetStore HTML web page containing API usage information",
                "consumes": ["application/json"],
                "produces": ["text/html"],
                "responses": {
                    "200": {
                        "description": "Successful operation",
                        "headers": {"Content-Type": {"type": "string"}},
                    }
                },
                "x-amazon-apigateway-integration": {
                    "responses": {
                        "default": {
                            "statusCode": "200",
                            "responseParameters": {
                                "method.response.header.Content-Type": "'text/html'"
                            },
                            "responseTemplates": {"text/html": ROOT_PAGE},
                        }
                    },
                    "passthroughBehavior": "when_no_match",
                    "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "type": "mock",
                },
            }
        },
        "/pets": {
            "get": {
                "tags": ["pets"],
                "summary": "List all pets",
                "produces": ["application/json"],
                "parameters": [
                    {"name": "type", "in": "query", "required": False, "type": "string"},
                    {"name": "page", "in": "query", "required": True, "type": "string"},
                ],
                "responses": {
                    "200": {
                        "description": "Successful operation",
                        "schema": {"$ref": "#/definitions/Pets"},
                        "headers": _ALLOW_ORIGIN,
                    }
                },
                "security": [{"api_key": []}],
                "x-amazon-apigateway-request-validator": "params-only",
                "x-amazon-apigateway-integration": _http(
                    "GET",
                    PETS_URI,
                    requestParameters={
                        "integration.request.querystring.page": "method.request.querystring.page",
                        "integration.request.querystring.type": "method.request.querystring.type",
                    },
                ),
            },
            "post": {
                "tags": ["pets"],
                "operationId": "CreatePet",
                "summary": "Create a pet",
                "consumes": ["application/json"],
                "produces": ["application/json"],
                "parameters": [
                    {
                        "in": "body",
                        "name": "NewPet",
                        "required": True,
                        "schema": {"$ref": "#/definitions/NewPet"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "Successful operation",
                        "schema": {"$ref": "#/definitions/NewPetResponse"},
                        "headers": _ALLOW_ORIGIN,
                    }
                },
                "security": [{"api_key": []}],
                "x-amazon-apigateway-request-validator": "all",
                "x-amazon-apigateway-integration": _http("POST", PETS_URI),
            },
            "options": _options("POST,GET,OPTIONS"),
        },
        "/pets/{petId}": {
            "get": {
                "tags": ["pets"],
                "summary": "Info for a specific pet",
                "operationId": "GetPet",
                "produces": ["application/json"],
                "parameters": [_PET_ID],
                "responses": {
                    "200": {
                        "description": "Successful operation",
                        "schema": {"$ref": "#/definitions/Pet"},
                        "headers": _ALLOW_ORIGIN,
                    }
                },
                "x-amazon-apigateway-integration": _http(
                    "GET",
                    PETS_URI + "/{petId}",
                    requestParameters={
                        "integration.request.path.petId": "method.request.path.petId"
                    },
                ),
            },
            "options": _options("GET,OPTIONS", [_PET_ID]),
        },
    },
    "securityDefinitions": {"api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}},
    "definitions": {
        "Pets": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
        "Empty": {"type": "object"},
        "NewPetResponse": {
            "type": "object",
            "properties": {
                "pet": {"$ref": "#/definitions/Pet"},
                "message": {"type": "string"},
            },
        },
        "Pet": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "type": {"type": "string"},
                "price": {"type": "number"},
            },
        },
        "NewPet": {
            "type": "object",
            "required": ["type", "price"],
            "properties": {
                "type": {"$ref": "#/definitions/PetType"},
                "price": {"type": "number"},
            },
        },
        "PetType": {"type": "string", "enum": ["dog", "cat", "fish", "bird", "gecko"]},
    },
    "x-amazon-apigateway-request-validators": {
        "all": {"validateRequestBody": True, "validateRequestParameters": True},
        "params-only": {"validateRequestBody": False, "validateRequestParameters": True},
    },
    "x-amazon-apigateway-gateway-responses": {
        "INVALID_API_KEY": {
            "statusCode": "401",
            "responseParameters": {"gatewayresponse.header.x-petstore": "'no key'"},
            "responseTemplates": {
                "application/json": '{"error": "key", "message": $context.error.messageString}'
            },
        },
        "BAD_REQUEST_BODY": {
            "statusCode": "422",
            "responseTemplates": {
                "application/json": '{"error": "body", "type": "$context.error.responseType"}'
            },
        },
        "MISSING_AUTHENTICATION_TOKEN": {
            "statusCode": "404",
            "responseTemplates": {"application/json": '{"message": "no such pet route"}'},
        },
        "DEFAULT_4XX": {
            "responseParameters": {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
        },
    },
}


def petstore() -> dict[str, Any]:
    """A fresh copy of :data:`PETSTORE` to change."""
    return copy.deepcopy(PETSTORE)


def petstore_json() -> str:
    return json.dumps(PETSTORE, indent=2)


#: An OpenAPI 3.0 document in YAML: a Cognito authorizer on the document, a Lambda REQUEST
#: authorizer on one method, an AWS_IAM method, a server with a base path, an any-method.
_OAS30 = """\
openapi: 3.0.1
info:
  title: orders
  description: Orders API
  version: 2
servers:
  - url: https://orders.example.com/{basePath}
    variables:
      basePath:
        default: /v1
paths:
  /orders:
    get:
      operationId: ListOrders
      parameters:
        - name: status
          in: query
          schema:
            type: string
        - name: x-tenant
          in: header
          required: true
          schema:
            type: string
      responses:
        200:
          description: the orders
          headers:
            x-count:
              schema:
                type: integer
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Orders"
      security:
        - users: [orders/read]
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: '{"statusCode": 200}'
        responses:
          default:
            statusCode: 200
            responseTemplates:
              application/json: '{"orders": []}'
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/Order"
      responses:
        "201":
          description: created
      security:
        - lambda: []
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: ORDERS_LAMBDA
  /orders/{orderId}/{proxy+}:
    x-amazon-apigateway-any-method:
      security:
        - sigv4: []
      responses: {}
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: ANY
        uri: https://backend.example.com/{proxy}
components:
  schemas:
    Order:
      type: object
      description: One order
      required: [item]
      properties:
        item:
          type: string
        quantity:
          type: integer
    Orders:
      type: array
      items:
        $ref: "#/components/schemas/Order"
  securitySchemes:
    users:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs:
          - arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123
    lambda:
      type: apiKey
      name: Unused
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: request
        identitySource: method.request.header.x-token, method.request.querystring.tenant
        authorizerUri: AUTH_LAMBDA
        authorizerResultTtlInSeconds: 0
    sigv4:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: awsSigv4
x-amazon-apigateway-binary-media-types:
  - image/png
x-amazon-apigateway-api-key-source: AUTHORIZER
x-amazon-apigateway-minimum-compression-size: 1024
x-amazon-apigateway-endpoint-configuration:
  disableExecuteApiEndpoint: true
"""


def lambda_uri(function: str) -> str:
    """The invocation URI of a Lambda function (what integrations and authorizers name)."""
    return (
        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
        f"arn:aws:lambda:us-east-1:123456789012:function:{function}/invocations"
    )


OAS30_YAML = _OAS30.replace("ORDERS_LAMBDA", lambda_uri("orders")).replace(
    "AUTH_LAMBDA", lambda_uri("auth")
)
