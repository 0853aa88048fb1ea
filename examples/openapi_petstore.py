"""An API defined in OpenAPI: imported, deployed, called through its execute-api URL (API key,
request validator, customized gateway responses, a Lambda authorizer decided by the test),
tried with TestInvokeMethod, and exported back.

Run it with ``python examples/openapi_petstore.py``; nothing reaches AWS.
"""

from __future__ import annotations

import json
import sys

import boto3
import requests

from mockgw import mock_apigateway

AUTHORIZER_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:123456789012:function:authorize/invocations"
)
MOCK_200 = {
    "type": "mock",
    "requestTemplates": {"application/json": '{"statusCode": 200}'},
    "responses": {
        "default": {
            "statusCode": "200",
            "responseTemplates": {
                "application/json": '{"pets": [], "user": "$context.authorizer.principalId"}'
            },
        }
    },
}
DOCUMENT = {
    "openapi": "3.0.1",
    "info": {"title": "pets", "version": "1.0"},
    "paths": {
        "/pets": {
            "get": {
                "parameters": [{"name": "page", "in": "query", "required": True}],
                "security": [{"api_key": []}, {"users": []}],
                "x-amazon-apigateway-request-validator": "params",
                "responses": {"200": {"description": "the pets"}},
                "x-amazon-apigateway-integration": MOCK_200,
            }
        }
    },
    "components": {
        "securitySchemes": {
            "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
            "users": {
                "type": "apiKey",
                "name": "Authorization",
                "in": "header",
                "x-amazon-apigateway-authorizer": {
                    "type": "token",
                    "authorizerUri": AUTHORIZER_URI,
                },
            },
        }
    },
    "x-amazon-apigateway-request-validators": {"params": {"validateRequestParameters": True}},
    "x-amazon-apigateway-gateway-responses": {
        "INVALID_API_KEY": {
            "statusCode": "401",
            "responseTemplates": {"application/json": '{"error": "bad key"}'},
        }
    },
}


def main() -> int:
    with mock_apigateway() as mock:
        apigw = boto3.client("apigateway", region_name="us-east-1")
        api = apigw.import_rest_api(body=json.dumps(DOCUMENT), failOnWarnings=True)
        apigw.create_deployment(restApiId=api["id"], stageName="prod")
        plan = apigw.create_usage_plan(name="p", apiStages=[{"apiId": api["id"], "stage": "prod"}])
        key = apigw.create_api_key(name="k", enabled=True)
        apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        (authorizer,) = apigw.get_authorizers(restApiId=api["id"])["items"]
        # a Lambda authorizer cannot run in-process: the test says what it decides
        mock.authorize(api["id"], authorizer["id"], effect="Allow", principal_id="alice")

        url = f"https://{api['id']}.execute-api.us-east-1.amazonaws.com/prod/pets"
        headers = {"Authorization": "Bearer token", "x-api-key": key["value"]}
        ok = requests.get(url, params={"page": "1"}, headers=headers, timeout=5)
        print("with key, token and page:", ok.status_code, ok.json())
        no_page = requests.get(url, headers=headers, timeout=5)
        print("without page:", no_page.status_code, no_page.json())
        no_key = requests.get(url, params={"page": "1"}, headers={"Authorization": "t"}, timeout=5)
        print("without key:", no_key.status_code, no_key.json())
        mock.authorize(api["id"], authorizer["id"], effect="Deny")
        denied = requests.get(url, params={"page": "1"}, headers=headers, timeout=5)
        print("denied:", denied.status_code, denied.json())

        (resource,) = [
            r for r in apigw.get_resources(restApiId=api["id"])["items"] if r["path"] == "/pets"
        ]
        tried = apigw.test_invoke_method(
            restApiId=api["id"],
            resourceId=resource["id"],
            httpMethod="GET",
            pathWithQueryString="/pets?page=2",
        )
        print("test invoke:", tried["status"], tried["log"].splitlines()[2].split(" : ")[1])

        exported = apigw.get_export(
            restApiId=api["id"],
            stageName="prod",
            exportType="oas30",
            parameters={"extensions": "apigateway"},
        )
        print("exported paths:", list(json.loads(exported["body"].read())["paths"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
