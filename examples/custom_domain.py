"""Calls through a custom domain name: a REGIONAL domain name, a base path mapping to a stage,
and plain ``requests`` calls to ``https://api.example.com/v1/``, metered like any other.

Run it with ``python examples/custom_domain.py``; nothing resolves or reaches
``api.example.com``: mockgw answers it while the domain name exists in the mock.
"""

from __future__ import annotations

import sys

import boto3
import requests

from mockgw import mock_apigateway

CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/example"


def main() -> int:
    with mock_apigateway():
        apigw = boto3.client("apigateway", region_name="us-east-1")

        # GET / requires an API key; its MOCK integration answers {"message": "hello"}.
        api = apigw.create_rest_api(name="orders")
        where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
        apigw.put_method(**where, authorizationType="NONE", apiKeyRequired=True)
        apigw.put_integration(
            **where, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'}
        )
        apigw.put_integration_response(
            **where,
            statusCode="200",
            selectionPattern="",
            responseTemplates={"application/json": '{"message": "hello"}'},
        )
        apigw.create_deployment(restApiId=api["id"], stageName="prod")
        plan = apigw.create_usage_plan(
            name="Basic",
            apiStages=[{"apiId": api["id"], "stage": "prod"}],
            quota={"limit": 2, "period": "DAY"},
        )
        key = apigw.create_api_key(name="customer-1", enabled=True)
        apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")

        domain = apigw.create_domain_name(
            domainName="api.example.com",
            regionalCertificateArn=CERTIFICATE,
            endpointConfiguration={"types": ["REGIONAL"]},
        )
        print(
            f"api.example.com -> {domain['regionalDomainName']} ({domain['regionalHostedZoneId']})"
        )
        apigw.create_base_path_mapping(
            domainName="api.example.com", restApiId=api["id"], stage="prod", basePath="v1"
        )

        headers = {"x-api-key": key["value"]}
        for n in (1, 2, 3):  # the quota is 2 a day
            answer = requests.get("https://api.example.com/v1/", headers=headers, timeout=5)
            print(f"GET https://api.example.com/v1/ #{n}: {answer.status_code} {answer.text}")
        answer = requests.get("https://api.example.com/v2/", headers=headers, timeout=5)
        print(f"GET https://api.example.com/v2/ (no mapping): {answer.status_code} {answer.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
