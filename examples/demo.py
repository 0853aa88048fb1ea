"""`make demo`: the calls mockgw was specified from, answered as AWS answers them.

Runs the three seed calls (API Gateway ``create_api_key`` with every parameter and
``create_usage_plan_key``, AppSync ``create_api_key``) inside one mock, then every other example
script in this folder.
"""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path
from typing import Any

import boto3

from mockgw import mock

HERE = Path(__file__).resolve().parent


def show(title: str, response: dict[str, Any]) -> None:
    response = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    print(f"\n== {title}")
    print(json.dumps(response, indent=2, default=str))


def seed_calls() -> None:
    with mock():
        apigw = boto3.client("apigateway", region_name="us-east-1")
        api = apigw.create_rest_api(name="orders")
        root = api["rootResourceId"]
        apigw.put_method(
            restApiId=api["id"],
            resourceId=root,
            httpMethod="GET",
            authorizationType="NONE",
            apiKeyRequired=True,
        )
        apigw.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
        apigw.create_deployment(restApiId=api["id"], stageName="dev")

        key = apigw.create_api_key(
            name="Dev API Key",
            description="Used for development",
            enabled=True,
            generateDistinctId=True,
            value="MyDevApiKeyValue0123456789",
            stageKeys=[{"restApiId": api["id"], "stageName": "dev"}],
            customerId="customer-42",
            tags={"team": "payments"},
        )
        status = key["ResponseMetadata"]["HTTPStatusCode"]
        show(f"apigateway.create_api_key (HTTP {status})", key)

        plan = apigw.create_usage_plan(
            name="Basic",
            apiStages=[{"apiId": api["id"], "stage": "dev"}],
            throttle={"rateLimit": 10, "burstLimit": 20},
            quota={"limit": 5000, "period": "MONTH"},
        )
        plan_key = apigw.create_usage_plan_key(
            usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY"
        )
        status = plan_key["ResponseMetadata"]["HTTPStatusCode"]
        show(f"apigateway.create_usage_plan_key (HTTP {status})", plan_key)

        appsync = boto3.client("appsync", region_name="us-east-1")
        graphql = appsync.create_graphql_api(name="orders", authenticationType="API_KEY")
        appsync_key = appsync.create_api_key(
            apiId=graphql["graphqlApi"]["apiId"], description="web client"
        )
        show("appsync.create_api_key", appsync_key)


def main() -> int:
    seed_calls()
    for script in sorted(HERE.glob("*.py")):
        if script.name in ("demo.py", "__init__.py") or script.name.startswith("test_"):
            continue
        print(f"\n#### examples/{script.name}")
        try:
            runpy.run_path(str(script), run_name="__main__")
        except SystemExit as done:  # a script's `sys.exit(main())` must not end the demo
            if done.code not in (None, 0):
                print(f"examples/{script.name} failed with exit code {done.code}")
                return 1
    print("\nmockgw demo: every call was answered in-process; nothing reached AWS.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
