"""A metered call to a deployed stage, as a ratio to ``get_api_key`` in the same run.

Inside one ``mock_apigateway()``: a REST API whose ``GET /pets`` needs an API key, on a MOCK
integration whose response template is VTL (``$context``, ``$input.params``), deployed to a
stage in a usage plan with a throttle and a quota. The call is a ``requests.Session().get`` to
the stage's execute-api URL with ``x-api-key`` (route found in the deployment's index, key and
plan checked, throttle bucket and quota counted, usage recorded, both templates rendered); the
reference is boto3's ``get_api_key`` of that key (a control-plane call of the same service).
Calls alternate one by one, each timed alone; the figure is the median over rounds of the
per-round ratio of medians.
"""

from __future__ import annotations

from typing import Any

from benchmarks._common import Figure, clean_session, ratio_of, us

TEMPLATE = '{"stage": "$context.stage", "type": "$input.params(\'type\')"}'


def run(rounds: int = 15, calls: int = 60) -> list[Figure]:
    import requests

    import mockgw

    with mockgw.mock_apigateway():
        apigw = clean_session().client("apigateway")
        api = apigw.create_rest_api(name="bench")
        pets = apigw.create_resource(
            restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets"
        )["id"]
        where = {"restApiId": api["id"], "resourceId": pets, "httpMethod": "GET"}
        apigw.put_method(**where, authorizationType="NONE", apiKeyRequired=True)
        apigw.put_method_response(**where, statusCode="200")
        apigw.put_integration(
            **where, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'}
        )
        apigw.put_integration_response(
            **where, statusCode="200", responseTemplates={"application/json": TEMPLATE}
        )
        apigw.create_deployment(restApiId=api["id"], stageName="prod")
        key = apigw.create_api_key(name="bench", enabled=True)
        plan = apigw.create_usage_plan(
            name="bench",
            apiStages=[{"apiId": api["id"], "stage": "prod"}],
            throttle={"rateLimit": 100000.0, "burstLimit": 100000},
            quota={"limit": 10_000_000, "period": "DAY"},
        )
        apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        session = requests.Session()
        url = f"https://{api['id']}.execute-api.us-east-1.amazonaws.com/prod/pets?type=dog"
        headers = {"x-api-key": key["value"]}

        def call() -> Any:
            answer = session.get(url, headers=headers, timeout=5)
            assert answer.content == b'{"stage": "prod", "type": "dog"}', answer.content
            return answer

        def read_key() -> Any:
            return apigw.get_api_key(apiKey=key["id"])

        ratio, subject, reference = ratio_of(call, read_key, rounds, calls)
    return [
        Figure("apigateway get_api_key through boto3", us(reference), "", None),
        Figure(
            "execute-api metered call (MOCK, VTL template) / get_api_key",
            f"{ratio:.2f}x ({us(subject)})",
            "(reported)",
            None,
        ),
    ]
