"""Views hand out copies: the dispatcher serializes an answer after it has released the
backend's lock, so an answer that shared a dict or list with the state could change under the
serializer (another thread's Update*), or change the state when a caller edits it."""

from __future__ import annotations

import copy
from typing import Any

import boto3

import mockgw
from mockgw.services import definition


def scramble(value: Any) -> None:
    """Change every dict and list inside ``value`` in place."""
    if isinstance(value, dict):
        for item in list(value.values()):
            scramble(item)
        value["scrambled"] = True
    elif isinstance(value, list):
        for item in value:
            scramble(item)
        value.append("scrambled")


def assert_reads_are_copies(m: mockgw.Mock, service: str, reads: dict[str, dict[str, Any]]) -> None:
    state = m.backend(service)
    handlers = definition(service).handlers
    for operation, params in reads.items():
        first = handlers[operation](state, params)
        expected = copy.deepcopy(first)
        scramble(first)
        assert handlers[operation](state, params) == expected, operation


def test_api_gateway_reads_return_copies() -> None:
    with mockgw.mock() as m:
        apigw = boto3.client("apigateway", region_name="us-east-1")
        api = apigw.create_rest_api(name="api", binaryMediaTypes=["image/png"], tags={"a": "b"})
        ids = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
        apigw.put_method(
            **ids,
            authorizationType="NONE",
            requestParameters={"method.request.header.x": True},
            authorizationScopes=["s"],
        )
        apigw.put_method_response(**ids, statusCode="200", responseParameters={"h": True})
        apigw.put_integration(
            **ids,
            type="MOCK",
            requestTemplates={"application/json": '{"statusCode": 200}'},
            requestParameters={"integration.request.header.y": "'z'"},
        )
        apigw.put_integration_response(**ids, statusCode="200", responseTemplates={"a/b": "x"})
        apigw.create_deployment(restApiId=api["id"], stageName="dev", variables={"v": "1"})
        key = apigw.create_api_key(name="k", tags={"t": "1"})
        plan = apigw.create_usage_plan(
            name="p",
            apiStages=[{"apiId": api["id"], "stage": "dev"}],
            throttle={"burstLimit": 1, "rateLimit": 1.0},
            quota={"limit": 10, "period": "DAY"},
        )
        apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        assert_reads_are_copies(
            m,
            "apigateway",
            {
                "GetRestApi": {"restApiId": api["id"]},
                "GetResources": {"restApiId": api["id"], "embed": ["methods"]},
                "GetMethod": ids,
                "GetIntegration": ids,
                "GetStage": {"restApiId": api["id"], "stageName": "dev"},
                "GetApiKey": {"apiKey": key["id"], "includeValue": True},
                "GetUsagePlan": {"usagePlanId": plan["id"]},
                "GetTags": {"resourceArn": f"arn:aws:apigateway:us-east-1::/apikeys/{key['id']}"},
            },
        )


def test_appsync_reads_return_copies() -> None:
    with mockgw.mock() as m:
        appsync = boto3.client("appsync", region_name="us-east-1")
        api = appsync.create_graphql_api(
            name="g",
            authenticationType="API_KEY",
            logConfig={"fieldLogLevel": "ALL", "cloudWatchLogsRoleArn": "arn:aws:iam::1:role/r"},
            additionalAuthenticationProviders=[
                {
                    "authenticationType": "OPENID_CONNECT",
                    "openIDConnectConfig": {"issuer": "https://issuer.example"},
                }
            ],
            tags={"a": "b"},
        )["graphqlApi"]
        appsync.create_api_key(apiId=api["apiId"])
        assert_reads_are_copies(
            m,
            "appsync",
            {
                "GetGraphqlApi": {"apiId": api["apiId"]},
                "ListGraphqlApis": {},
                "ListApiKeys": {"apiId": api["apiId"]},
                "ListTagsForResource": {"resourceArn": api["arn"]},
            },
        )
