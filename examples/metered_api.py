"""Keys that guard real calls: an API key in a usage plan, a MOCK endpoint, a 429, GetUsage.

Run it with ``python examples/metered_api.py``; every call is answered in-process, including
the plain ``requests.get`` to the stage's execute-api URL.
"""

from __future__ import annotations

import datetime as dt
import sys

import boto3
import requests

from mockgw import mock_apigateway


def main() -> int:
    with mock_apigateway():
        apigw = boto3.client("apigateway", region_name="us-east-1")

        # GET / requires an API key; its MOCK integration answers {"message": "hello"}.
        api = apigw.create_rest_api(name="metered")
        where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
        apigw.put_method(**where, authorizationType="NONE", apiKeyRequired=True)
        apigw.put_method_response(**where, statusCode="200")
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
        url = f"https://{api['id']}.execute-api.us-east-1.amazonaws.com/prod/"

        # A plan of 2 calls at once (burst), refilled at 1 a second, 100 calls a day.
        plan = apigw.create_usage_plan(
            name="Basic",
            apiStages=[{"apiId": api["id"], "stage": "prod"}],
            throttle={"burstLimit": 2, "rateLimit": 1},
            quota={"limit": 100, "period": "DAY"},
        )
        key = apigw.create_api_key(name="customer-1", enabled=True)
        apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")

        print(f"GET {url}")
        answer = requests.get(url, timeout=5)
        print(f"  without a key: {answer.status_code} {answer.text}")
        for n in (1, 2, 3):
            answer = requests.get(url, headers={"x-api-key": key["value"]}, timeout=5)
            print(f"  call {n} with the key: {answer.status_code} {answer.text}")

        today = dt.datetime.now(dt.timezone.utc).date().isoformat()
        used = apigw.get_usage(usagePlanId=plan["id"], startDate=today, endDate=today)
        print(f"\nGetUsage for {today}: {used['items']}  ([used, remaining] per day)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
