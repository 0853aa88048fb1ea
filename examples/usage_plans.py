"""Usage plans under mockgw: a deployed stage, a throttled plan with a quota, and an API key in it.

Run it with ``python examples/usage_plans.py``; every call is answered in-process.
"""

from __future__ import annotations

import sys

import boto3

from mockgw import mock_apigateway


def main() -> int:
    with mock_apigateway():
        apigw = boto3.client("apigateway", region_name="us-east-1")

        # A REST API with one method, deployed to the stage "dev".
        api = apigw.create_rest_api(name="orders")
        apigw.put_method(
            restApiId=api["id"],
            resourceId=api["rootResourceId"],
            httpMethod="GET",
            authorizationType="NONE",
            apiKeyRequired=True,
        )
        apigw.put_integration(
            restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK"
        )
        apigw.create_deployment(restApiId=api["id"], stageName="dev")
        print(f"REST API {api['id']} deployed to stage 'dev'")

        plan = apigw.create_usage_plan(
            name="Basic",
            description="10 requests a second, 5000 a month",
            apiStages=[{"apiId": api["id"], "stage": "dev"}],
            throttle={"rateLimit": 10, "burstLimit": 20},
            quota={"limit": 5000, "period": "MONTH"},
        )
        print(f"\nusage plan {plan['id']} ({plan['name']}):")
        stages = [f"{s['apiId']}:{s['stage']}" for s in plan["apiStages"]]
        print(f"  stages:   {stages}")
        print(f"  throttle: {plan['throttle']}")
        print(f"  quota:    {plan['quota']}")

        key = apigw.create_api_key(name="Dev API Key", enabled=True)
        plan_key = apigw.create_usage_plan_key(
            usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY"
        )
        status = plan_key["ResponseMetadata"]["HTTPStatusCode"]
        print(f"\ncreate_usage_plan_key answered HTTP {status}:")
        for field in ("id", "type", "name", "value"):
            print(f"  {field:5} = {plan_key[field]}")

        listed = apigw.get_usage_plan_keys(usagePlanId=plan["id"])["items"]
        print(f"\nkeys in plan {plan['id']}: {[item['name'] for item in listed]}")
        plans = apigw.get_usage_plans(keyId=key["id"])["items"]
        print(f"plans of key {key['id']}: {[p['name'] for p in plans]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
