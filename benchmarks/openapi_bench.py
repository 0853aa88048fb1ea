"""OpenAPI: ``import_rest_api`` of a 50-path document and ``get_export`` of the API it makes,
each as a ratio to ``create_rest_api`` measured in the same run, through boto3 in a mock.

The document (:func:`document`) is a realistic one: 50 paths (``/r0`` ... ``/r24`` and their
``/{id}`` children), a GET on each and a POST on every collection (75 methods), path, query and
header parameters, request and response models (5 models referencing each other), CORS response
headers, MOCK and HTTP integrations with responses and templates, an API key scheme, a request
validator and a customized gateway response. Rounds interleave the three calls (median per
call of each in the round; the ratio is the median over rounds of the per-round ratio); the APIs
a round imports are deleted before the next one so the state stays the same size.
"""

from __future__ import annotations

import json
import time
from typing import Any

from benchmarks._common import Figure, clean_session, median, ms, us

PATHS = 50


def document(paths: int = PATHS) -> str:
    """An OpenAPI 3.0 document with ``paths`` paths (half collections, half items)."""
    schemas: dict[str, Any] = {
        "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
        "Tag": {"type": "object", "properties": {"name": {"type": "string"}}},
        "Item": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "price": {"type": "number"},
                "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
            },
        },
        "NewItem": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}, "price": {"type": "number"}},
        },
        "Items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
    }
    cors = {"Access-Control-Allow-Origin": {"schema": {"type": "string"}}}

    def response(model: str) -> dict[str, Any]:
        return {
            "description": "ok",
            "headers": cors,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}}},
        }

    def http(method: str, uri: str) -> dict[str, Any]:
        return {
            "type": "http",
            "httpMethod": method,
            "uri": uri,
            "passthroughBehavior": "when_no_match",
            "requestParameters": {
                "integration.request.header.x-trace": "method.request.header.x-trace"
            },
            "responses": {
                "default": {
                    "statusCode": "200",
                    "responseParameters": {
                        "method.response.header.Access-Control-Allow-Origin": "'*'"
                    },
                },
                "4\\d{2}": {"statusCode": "400"},
            },
        }

    spec: dict[str, Any] = {}
    for n in range(paths // 2):
        base = f"/r{n}"
        spec[base] = {
            "get": {
                "operationId": f"List{n}",
                "parameters": [
                    {"name": "page", "in": "query", "schema": {"type": "string"}},
                    {"name": "x-trace", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {"200": response("Items"), "400": response("Error")},
                "security": [{"api_key": []}],
                "x-amazon-apigateway-integration": http(
                    "GET", f"https://backend.example.com{base}"
                ),
            },
            "post": {
                "operationId": f"Create{n}",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/NewItem"}}
                    },
                },
                "responses": {"200": response("Item")},
                "security": [{"api_key": []}],
                "x-amazon-apigateway-request-validator": "all",
                "x-amazon-apigateway-integration": {
                    "type": "mock",
                    "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {
                        "default": {
                            "statusCode": "200",
                            "responseTemplates": {
                                "application/json": '{"id": "$context.requestId"}'
                            },
                        }
                    },
                },
            },
        }
        spec[f"{base}/{{id}}"] = {
            "get": {
                "operationId": f"Get{n}",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": response("Item")},
                "x-amazon-apigateway-integration": http(
                    "GET", f"https://backend.example.com{base}/{{id}}"
                ),
            }
        }
    return json.dumps(
        {
            "openapi": "3.0.1",
            "info": {"title": "bench", "version": "1.0"},
            "paths": spec,
            "components": {
                "schemas": schemas,
                "securitySchemes": {
                    "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}
                },
            },
            "x-amazon-apigateway-request-validators": {
                "all": {"validateRequestBody": True, "validateRequestParameters": True}
            },
            "x-amazon-apigateway-gateway-responses": {
                "DEFAULT_4XX": {
                    "responseParameters": {
                        "gatewayresponse.header.Access-Control-Allow-Origin": "'*'"
                    }
                }
            },
        }
    )


def _timed(calls: int, body: Any) -> float:
    """The median seconds of ``calls`` calls of ``body``, each timed on its own."""
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        body()
        samples.append(time.perf_counter() - start)
    return median(samples)


def run(rounds: int = 7, calls: int = 5) -> list[Figure]:
    import mockgw

    body = document()
    client = clean_session().client("apigateway")
    creates: list[float] = []
    imports: list[float] = []
    exports: list[float] = []
    with mockgw.mock_apigateway():
        exported = client.import_rest_api(body=body)["id"]
        client.create_deployment(restApiId=exported, stageName="dev")
        made: list[str] = []

        def create() -> None:
            made.append(client.create_rest_api(name="bench")["id"])

        def imported() -> None:
            made.append(client.import_rest_api(body=body)["id"])

        def export() -> None:
            client.get_export(
                restApiId=exported,
                stageName="dev",
                exportType="oas30",
                parameters={"extensions": "apigateway"},
            )["body"].read()

        steps = ((creates, create, calls * 4), (imports, imported, calls), (exports, export, calls))
        for warm in steps:  # warm-up
            warm[1]()
        for r in range(rounds):
            order = steps[r % 3 :] + steps[: r % 3]
            for out, step, n in order:
                out.append(_timed(n, step))
            for api_id in made:
                client.delete_rest_api(restApiId=api_id)
            made.clear()
    import_ratio = median([i / c for i, c in zip(imports, creates, strict=True)])
    export_ratio = median([e / c for e, c in zip(exports, creates, strict=True)])
    return [
        Figure("create_rest_api (the reference of the two below)", us(median(creates)), "", None),
        Figure(
            f"import_rest_api, {PATHS}-path OpenAPI document / create_rest_api",
            f"{import_ratio:.1f}x ({ms(median(imports))})",
            "(reported)",
            None,
        ),
        Figure(
            "get_export of that API (oas30, extensions=apigateway) / create_rest_api",
            f"{export_ratio:.1f}x ({ms(median(exports))})",
            "(reported)",
            None,
        ),
    ]
