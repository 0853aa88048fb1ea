"""Gateway responses: PutGatewayResponse, GetGatewayResponse(s), UpdateGatewayResponse,
DeleteGatewayResponse.

Source: LocalStack's ``test_apigateway_api.snapshot.json`` (``TestApiGatewayGatewayResponse``),
recorded against AWS, and AWS's "Gateway response types" documentation (default status codes,
DEFAULT_4XX/DEFAULT_5XX inheritance).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import botocore.session
import pytest

from mockgw import Mock, mock_apigateway
from mockgw.services.apigateway.records.gateway_responses import DEFAULT_STATUS, effective
from tests.apigw_fixtures import rest_api_with_get
from tests.helpers import assert_error, body, status

ACCOUNT = "123456789012"
DEFAULT_TEMPLATES = {"application/json": '{"message":$context.error.messageString}'}
TEMPLATE = (
    '{\n     "message": $context.error.messageString,\n     "type":  '
    '"$context.error.responseType",\n     "stage":  "$context.stage",\n     "resourcePath":  '
    '"$context.resourcePath",\n     "stageVariables.a":  "$stageVariables.a",\n     '
    '"statusCode": "\'404\'"\n}'
)
PARAMETERS = {
    "gatewayresponse.header.x-request-path": "method.request.path.petId",
    "gatewayresponse.header.Access-Control-Allow-Origin": "'a.b.c'",
    "gatewayresponse.header.x-request-query": "method.request.querystring.q",
    "gatewayresponse.header.x-request-header": "method.request.header.Accept",
}
RESPONSE_TYPES = (
    "REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, "
    "MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, "
    "BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, ACCESS_DENIED, "
    "DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR, "
    "UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN"
)


@pytest.fixture
def mocked() -> Iterator[Mock]:
    with mock_apigateway() as m:
        yield m


@pytest.fixture
def apigw(mocked: Mock) -> Any:
    return boto3.client("apigateway", region_name="us-east-1")


@pytest.fixture
def api_id(apigw: Any) -> str:
    return apigw.create_rest_api(name="gateway-responses")["id"]  # type: ignore[no-any-return]


def default(response_type: str, status_code: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "defaultResponse": True,
        "responseParameters": {},
        "responseTemplates": DEFAULT_TEMPLATES,
        "responseType": response_type,
    }
    if status_code is not None:
        out["statusCode"] = status_code
    return out


def test_every_response_type_of_the_model_has_a_default() -> None:
    model = botocore.session.get_session().get_service_model("apigateway")
    assert sorted(DEFAULT_STATUS) == sorted(model.shape_for("GatewayResponseType").enum)


def test_every_type_answers_its_default(apigw: Any, api_id: str) -> None:
    response = apigw.get_gateway_responses(restApiId=api_id)
    assert status(response) == 200
    assert body(response) == {
        "items": [default(kind, code) for kind, code in DEFAULT_STATUS.items()]
    }
    assert [i.get("statusCode") for i in response["items"]][:8] == [
        "403", "500", "500", "500", "400", "400", None, None,
    ]  # fmt: skip
    one = apigw.get_gateway_response(restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN")
    assert status(one) == 200
    assert body(one) == default("MISSING_AUTHENTICATION_TOKEN", "403")


def test_gateway_response_lifecycle(apigw: Any, api_id: str) -> None:
    put = apigw.put_gateway_response(
        restApiId=api_id,
        responseType="MISSING_AUTHENTICATION_TOKEN",
        statusCode="404",
        responseParameters=PARAMETERS,
        responseTemplates={"application/json": TEMPLATE},
    )
    assert status(put) == 201
    customized = {
        "defaultResponse": False,
        "responseParameters": PARAMETERS,
        "responseTemplates": {"application/json": TEMPLATE},
        "responseType": "MISSING_AUTHENTICATION_TOKEN",
        "statusCode": "404",
    }
    assert body(put) == customized
    got = apigw.get_gateway_response(restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN")
    assert body(got) == customized
    listed = apigw.get_gateway_responses(restApiId=api_id)["items"]
    assert [i for i in listed if i["responseType"] == "MISSING_AUTHENTICATION_TOKEN"] == [
        customized
    ]
    assert sum(i["defaultResponse"] for i in listed) == 20
    deleted = apigw.delete_gateway_response(
        restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN"
    )
    assert status(deleted) == 202
    after = apigw.get_gateway_response(
        restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN"
    )
    assert body(after) == default("MISSING_AUTHENTICATION_TOKEN", "403")


def test_each_put_replaces_the_whole_customization(apigw: Any, api_id: str) -> None:
    kind = "MISSING_AUTHENTICATION_TOKEN"
    apigw.put_gateway_response(
        restApiId=api_id,
        responseType=kind,
        statusCode="404",
        responseParameters=PARAMETERS,
        responseTemplates={"application/json": TEMPLATE},
    )
    status_only = apigw.put_gateway_response(restApiId=api_id, responseType=kind, statusCode="404")
    assert body(status_only) == {
        "defaultResponse": False,
        "responseParameters": {},
        "responseTemplates": DEFAULT_TEMPLATES,
        "responseType": kind,
        "statusCode": "404",
    }
    header = {"gatewayresponse.header.x-request-header": "method.request.header.Accept"}
    parameters_only = apigw.put_gateway_response(
        restApiId=api_id, responseType=kind, responseParameters=header
    )
    assert body(parameters_only) == {
        "defaultResponse": False,
        "responseParameters": header,
        "responseTemplates": DEFAULT_TEMPLATES,
        "responseType": kind,
        "statusCode": "403",
    }
    templates_only = apigw.put_gateway_response(
        restApiId=api_id, responseType=kind, responseTemplates={"application/json": TEMPLATE}
    )
    assert body(templates_only) == {
        "defaultResponse": False,
        "responseParameters": {},
        "responseTemplates": {"application/json": TEMPLATE},
        "responseType": kind,
        "statusCode": "403",
    }


def test_default_5xx_is_inherited_by_the_5xx_types_not_customized(apigw: Any, api_id: str) -> None:
    header = {"gatewayresponse.header.x-request-header": "method.request.header.Accept"}
    five = apigw.put_gateway_response(
        restApiId=api_id,
        responseType="DEFAULT_5XX",
        statusCode="599",
        responseParameters=header,
        responseTemplates={"application/json": TEMPLATE},
    )
    assert five["statusCode"] == "599"
    own = apigw.put_gateway_response(
        restApiId=api_id,
        responseType="AUTHORIZER_FAILURE",
        responseParameters={"gatewayresponse.header.foo": "'bar'"},
    )
    assert body(own) == {
        "defaultResponse": False,
        "responseParameters": {"gatewayresponse.header.foo": "'bar'"},
        "responseTemplates": DEFAULT_TEMPLATES,
        "responseType": "AUTHORIZER_FAILURE",
        "statusCode": "500",
    }
    items = {i["responseType"]: i for i in apigw.get_gateway_responses(restApiId=api_id)["items"]}
    for kind in (
        "API_CONFIGURATION_ERROR",
        "AUTHORIZER_CONFIGURATION_ERROR",
        "INTEGRATION_FAILURE",
        "INTEGRATION_TIMEOUT",
    ):
        assert items[kind] == {
            "defaultResponse": True,
            "responseParameters": header,
            "responseTemplates": {"application/json": TEMPLATE},
            "responseType": kind,
            "statusCode": "599",
        }
    assert items["AUTHORIZER_FAILURE"] == body(own)
    assert items["DEFAULT_5XX"]["defaultResponse"] is False
    assert items["ACCESS_DENIED"] == default("ACCESS_DENIED", "403")
    assert items["DEFAULT_4XX"] == default("DEFAULT_4XX", None)


def test_a_fallback_without_a_status_code_leaves_the_types_own(apigw: Any, api_id: str) -> None:
    apigw.put_gateway_response(
        restApiId=api_id, responseType="DEFAULT_4XX", responseTemplates={"application/json": "x"}
    )
    got = apigw.get_gateway_response(restApiId=api_id, responseType="THROTTLED")
    assert body(got) == {
        "defaultResponse": True,
        "responseParameters": {},
        "responseTemplates": {"application/json": "x"},
        "responseType": "THROTTLED",
        "statusCode": "429",
    }


# ---------------------------------------------------------------------- UpdateGatewayResponse


def test_update_gateway_response(apigw: Any, api_id: str) -> None:
    not_set = apigw.update_gateway_response(
        restApiId=api_id,
        responseType="DEFAULT_4XX",
        patchOperations=[{"op": "replace", "path": "/statusCode", "value": "444"}],
    )
    assert status(not_set) == 200
    expected = {
        "defaultResponse": False,
        "responseParameters": {},
        "responseTemplates": DEFAULT_TEMPLATES,
        "responseType": "DEFAULT_4XX",
        "statusCode": "444",
    }
    assert body(not_set) == expected
    assert (
        body(apigw.get_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX")) == expected
    )
    apigw.put_gateway_response(
        restApiId=api_id,
        responseType="DEFAULT_4XX",
        statusCode="404",
        responseParameters=PARAMETERS,
        responseTemplates={"application/json": TEMPLATE},
    )
    xml = (
        "<gatewayResponse><message>$context.error.messageString</message><type>"
        "$context.error.responseType</type></gatewayResponse>"
    )
    updated = apigw.update_gateway_response(
        restApiId=api_id,
        responseType="DEFAULT_4XX",
        patchOperations=[
            {"op": "replace", "path": "/statusCode", "value": "444"},
            {
                "op": "replace",
                "path": "/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin",
                "value": "'example.com'",
            },
            {"op": "add", "path": "/responseTemplates/application~1xml", "value": xml},
        ],
    )
    assert body(updated) == {
        "defaultResponse": False,
        "responseParameters": {
            **PARAMETERS,
            "gatewayresponse.header.Access-Control-Allow-Origin": "'example.com'",
        },
        "responseTemplates": {"application/json": TEMPLATE, "application/xml": xml},
        "responseType": "DEFAULT_4XX",
        "statusCode": "444",
    }
    assert body(apigw.get_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX")) == body(
        updated
    )
    # every 4xx type not customized now answers with 444
    assert apigw.get_gateway_response(restApiId=api_id, responseType="THROTTLED")["statusCode"] == (
        "444"
    )
    removed = apigw.update_gateway_response(
        restApiId=api_id,
        responseType="DEFAULT_4XX",
        patchOperations=[
            {"op": "remove", "path": "/responseTemplates/application~1xml"},
            {"op": "remove", "path": "/responseParameters/gatewayresponse.header.x-request-path"},
        ],
    )
    assert removed["responseTemplates"] == {"application/json": TEMPLATE}
    assert "gatewayresponse.header.x-request-path" not in removed["responseParameters"]


@pytest.mark.parametrize(
    ("response_type", "patch", "code", "http", "message"),
    [
        (
            "DEFAULT_4XX",
            {"op": "add", "path": "/statusCode", "value": "444"},
            "BadRequestException",
            400,
            "Invalid patch path /statusCode",
        ),
        (
            "DEFAULT_4XX",
            {"op": "remove", "path": "/statusCode"},
            "BadRequestException",
            400,
            "Invalid patch path /statusCode",
        ),
        (
            "DEFAULT_5XX",
            {
                "op": "replace",
                "path": "/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin",
                "value": "'example.com'",
            },
            "NotFoundException",
            404,
            "Invalid parameter name specified",
        ),
        (
            "DEFAULT_4XX",
            {"op": "add", "value": "'example.com'"},
            "BadRequestException",
            400,
            "Invalid patch path null",
        ),
        (
            "DEFAULT_4XX",
            {"op": "add", "path": "/wrongPath", "value": "'example.com'"},
            "BadRequestException",
            400,
            "Invalid patch path /wrongPath",
        ),
        (
            "DEFAULT_4XX",
            {"op": "replace", "path": "/responseTemplates/application~1json"},
            "BadRequestException",
            400,
            "Invalid null or empty value in responseTemplates",
        ),
        (
            "DEFAULT_4XX",
            {"op": "add", "path": "/responseParameters/gatewayresponse.header.a", "value": ""},
            "BadRequestException",
            400,
            "Invalid null or empty value in responseParameters",
        ),
    ],
)
def test_update_rejects_and_changes_nothing(
    apigw: Any, api_id: str, response_type: str, patch: Any, code: str, http: int, message: str
) -> None:
    before = apigw.get_gateway_responses(restApiId=api_id)["items"]
    assert_error(
        lambda: apigw.update_gateway_response(
            restApiId=api_id,
            responseType=response_type,
            patchOperations=[{"op": "replace", "path": "/statusCode", "value": "418"}, patch],
        ),
        code,
        http,
        message,
    )
    assert apigw.get_gateway_responses(restApiId=api_id)["items"] == before


def test_update_with_a_bad_op_is_a_validation_error(apigw: Any, api_id: str) -> None:
    assert_error(
        lambda: apigw.update_gateway_response(
            restApiId=api_id,
            responseType="DEFAULT_4XX",
            patchOperations=[{"op": "wrong-op", "path": "/statusCode", "value": "'example.com'"}],
        ),
        "ValidationException",
        400,
        "1 validation error detected: Value 'wrong-op' at "
        "'updateGatewayResponseInput.patchOperations.1.member.op' failed to satisfy constraint: "
        "Member must satisfy enum value set: [add, remove, move, test, replace, copy]",
    )


def test_calls_on_an_unknown_api_or_type(apigw: Any, api_id: str) -> None:
    fake = "apiid123fake"
    for call in (
        lambda: apigw.get_gateway_responses(restApiId=fake),
        lambda: apigw.get_gateway_response(restApiId=fake, responseType="DEFAULT_4XX"),
        lambda: apigw.delete_gateway_response(restApiId=fake, responseType="DEFAULT_4XX"),
        lambda: apigw.update_gateway_response(
            restApiId=fake, responseType="DEFAULT_4XX", patchOperations=[]
        ),
        lambda: apigw.put_gateway_response(restApiId=fake, responseType="DEFAULT_4XX"),
    ):
        assert_error(
            call, "NotFoundException", 404, f"Invalid API identifier specified {ACCOUNT}:{fake}"
        )
    assert_error(
        lambda: apigw.delete_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX"),
        "NotFoundException",
        404,
        "Gateway response type not defined on api",
    )


def test_an_unknown_type_is_a_validation_error(api_id: str) -> None:
    from botocore.config import Config

    raw = boto3.client(
        "apigateway", region_name="us-east-1", config=Config(parameter_validation=False)
    )
    message = (
        "1 validation error detected: Value 'FAKE_RESPONSE_TYPE' at 'responseType' failed to "
        f"satisfy constraint: Member must satisfy enum value set: [{RESPONSE_TYPES}]"
    )
    for call in (
        lambda: raw.get_gateway_response(restApiId=api_id, responseType="FAKE_RESPONSE_TYPE"),
        lambda: raw.delete_gateway_response(restApiId=api_id, responseType="FAKE_RESPONSE_TYPE"),
        lambda: raw.update_gateway_response(
            restApiId=api_id, responseType="FAKE_RESPONSE_TYPE", patchOperations=[]
        ),
        lambda: raw.put_gateway_response(
            restApiId=api_id,
            responseType="FAKE_RESPONSE_TYPE",
            statusCode="404",
            responseParameters={},
            responseTemplates={},
        ),
    ):
        assert_error(call, "ValidationException", 400, message)


def test_a_deployment_freezes_the_customized_responses(apigw: Any, mocked: Mock) -> None:
    api_id, _ = rest_api_with_get(apigw)
    apigw.put_gateway_response(restApiId=api_id, responseType="THROTTLED", statusCode="503")
    deployment_id = apigw.create_deployment(restApiId=api_id, stageName="dev")["id"]
    apigw.put_gateway_response(restApiId=api_id, responseType="THROTTLED", statusCode="500")
    got = apigw.get_deployment(restApiId=api_id, deploymentId=deployment_id)
    assert set(body(got)) == {"id", "createdDate"}
    api = mocked.backend("apigateway").rest_apis.get(api_id)
    frozen = api.deployments.get(deployment_id).gateway_responses
    assert effective(frozen, "THROTTLED")[0].status_code == "503"
    assert effective(frozen, "QUOTA_EXCEEDED") == effective({}, "QUOTA_EXCEEDED")
