"""A REST API's whole definition (models, validators, authorizers and their registered
decisions, gateway responses, documentation parts and versions, and what a deployment froze)
survives a snapshot and a restore exactly."""

from __future__ import annotations

import json

import mockgw
from mockgw.services import definition
from tests.apigw_fixtures import rest_api_with_get
from tests.test_snapshot import client, same, states

LAMBDA_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:123456789012:function:f/invocations"
)


def test_the_definition_survives_a_round_trip() -> None:
    with mockgw.mock_apigateway() as m:
        apigw = client("apigateway")
        api_id, root = rest_api_with_get(apigw)
        apigw.create_model(
            restApiId=api_id,
            name="Pet",
            contentType="application/json",
            schema=json.dumps({"type": "object", "properties": {"id": {"type": "integer"}}}),
        )
        validator = apigw.create_request_validator(
            restApiId=api_id, name="all", validateRequestBody=True
        )
        authorizer = apigw.create_authorizer(
            restApiId=api_id,
            name="a",
            type="TOKEN",
            authorizerUri=LAMBDA_URI,
            identitySource="method.request.header.Authorization",
        )
        apigw.put_method(
            restApiId=api_id,
            resourceId=root,
            httpMethod="POST",
            authorizationType="CUSTOM",
            authorizerId=authorizer["id"],
            requestValidatorId=validator["id"],
            requestModels={"application/json": "Pet"},
        )
        apigw.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="MOCK")
        apigw.put_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX", statusCode="418")
        apigw.create_documentation_part(
            restApiId=api_id, location={"type": "API"}, properties='{"a": 1}'
        )
        apigw.create_deployment(restApiId=api_id, stageName="dev")
        apigw.create_documentation_version(
            restApiId=api_id, documentationVersion="v1", stageName="dev"
        )
        backend = m.world.backend("apigateway", "123456789012", "us-east-1")
        with backend.lock:
            definition("apigateway").hooks.authorize(
                backend.state, api_id, authorizer["id"], context={"k": 1}
            )
        before = states(m.world)
        saved = json.loads(json.dumps(m.snapshot()))
    with mockgw.mock_apigateway() as fresh:
        fresh.restore(saved)
        same(before, states(fresh.world))
        assert fresh.snapshot() == saved
        apigw = client("apigateway")
        invoked = apigw.test_invoke_authorizer(
            restApiId=api_id, authorizerId=authorizer["id"], headers={"Authorization": "t"}
        )
        assert invoked["clientStatus"] == 200
        assert [m["name"] for m in apigw.get_models(restApiId=api_id)["items"]] == [
            "Error",
            "Empty",
            "Pet",
        ]
        assert (
            apigw.get_gateway_response(restApiId=api_id, responseType="THROTTLED")["statusCode"]
            == "418"
        )
