"""UpdateMethod, UpdateMethodResponse, UpdateIntegration, UpdateIntegrationResponse and
UpdateDeployment.

Sources: LocalStack's validated snapshots (``test_update_method``,
``test_update_method_validation``, ``TestApigatewayMethodResponse``,
``test_lifecycle_integration_response``, ``test_create_integration_with_vpc_link``,
``test_update_rest_api_deployment``), the AWS CLI's documented examples, and the patch paths
terraform-provider-aws sends.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from mockgw import mock_apigateway
from tests.helpers import assert_error, body, status

NO_RESOURCE = "Invalid Resource identifier specified"
NO_METHOD = "Invalid Method identifier specified"
NO_STATUS = "Invalid Response status code specified"
LAMBDA_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:123456789012:function:f/invocations"
)
OP_ENUM = "[add, remove, move, test, replace, copy]"


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


@pytest.fixture
def where(apigw: Any) -> dict[str, str]:
    api = apigw.create_rest_api(name="updates")
    return {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "ANY"}


# ------------------------------------------------------------------------------ UpdateMethod


def test_update_method_as_recorded(apigw: Any, where: dict[str, str]) -> None:
    apigw.put_method(**where, authorizationType="NONE")
    added = apigw.update_method(
        **where,
        patchOperations=[
            {
                "op": "add",
                "path": "/requestParameters/method.request.querystring.optional",
                "value": "true",
            },
            {"op": "add", "path": "/requestModels/application~1json", "value": "Empty"},
        ],
    )
    assert status(added) == 200
    assert body(added) == {
        "apiKeyRequired": False,
        "authorizationType": "NONE",
        "httpMethod": "ANY",
        "requestModels": {"application/json": "Empty"},
        "requestParameters": {"method.request.querystring.optional": True},
    }
    replaced = apigw.update_method(
        **where,
        patchOperations=[
            {"op": "replace", "path": "/operationName", "value": "ReplacedOperationName"},
            {"op": "replace", "path": "/apiKeyRequired", "value": "true"},
            {"op": "replace", "path": "/authorizationType", "value": "AWS_IAM"},
            {
                "op": "replace",
                "path": "/requestParameters/method.request.querystring.optional",
                "value": "false",
            },
        ],
    )
    assert body(replaced) == {
        "apiKeyRequired": True,
        "authorizationType": "AWS_IAM",
        "httpMethod": "ANY",
        "operationName": "ReplacedOperationName",
        "requestModels": {"application/json": "Empty"},
        "requestParameters": {"method.request.querystring.optional": False},
    }
    removed = apigw.update_method(
        **where,
        patchOperations=[
            {
                "op": "remove",
                "path": "/requestParameters/method.request.querystring.optional",
                "value": "true",
            },
            {"op": "remove", "path": "/requestModels/application~1json", "value": "Empty"},
        ],
    )
    assert body(removed) == {
        "apiKeyRequired": True,
        "authorizationType": "AWS_IAM",
        "httpMethod": "ANY",
        "operationName": "ReplacedOperationName",
    }
    assert body(apigw.get_method(**where)) == body(removed)


def test_update_method_scopes_and_case(apigw: Any, where: dict[str, str]) -> None:
    apigw.put_method(**where, authorizationType="NONE")
    updated = apigw.update_method(
        **where,
        patchOperations=[
            {"op": "replace", "path": "/authorizationType", "value": "aws_iam"},
            {"op": "add", "path": "/authorizationScopes", "value": "read"},
            {"op": "add", "path": "/authorizationScopes", "value": "write"},
            {"op": "remove", "path": "/authorizationScopes", "value": "read"},
        ],
    )
    assert updated["authorizationType"] == "AWS_IAM"
    assert updated["authorizationScopes"] == ["write"]


def test_update_method_wrong_value_type_is_false(apigw: Any, where: dict[str, str]) -> None:
    apigw.put_method(**where, authorizationType="NONE", apiKeyRequired=True)
    updated = apigw.update_method(
        **where, patchOperations=[{"op": "replace", "path": "/apiKeyRequired", "value": "whatever"}]
    )
    assert body(updated) == {
        "apiKeyRequired": False,
        "authorizationType": "NONE",
        "httpMethod": "ANY",
    }


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (
            {"op": "add", "path": "/operationName", "value": "operationName"},
            "Invalid patch operation specified. Must be one of: [replace]",
        ),
        (
            {"op": "add", "path": "/requestValidatorId", "value": "wrong-id"},
            "Invalid patch operation specified. Must be one of: [replace]",
        ),
        ({"op": "add", "path": "/httpMethod", "value": "PUT"}, "Invalid patch path /httpMethod"),
        (
            {
                "op": "replace",
                "path": "/requestParameters",
                "value": "method.request.querystring.optional=false",
            },
            "Invalid patch path /requestParameters",
        ),
        (
            {"op": "add", "path": "/requestModels/application/json", "value": "Empty"},
            "Invalid patch path /requestModels/application/json",
        ),
        (
            {"op": "add", "path": "/requestModels/application~1json", "value": "Nope"},
            "Invalid model identifier specified: Nope",
        ),
        (
            {"op": "replace", "path": "/authorizationType", "value": "BASIC"},
            "Invalid authorization type specified. Valid options are "
            "NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS",
        ),
        (
            {"op": "add", "path": "/requestParameters/header.x", "value": "true"},
            "Invalid mapping expression specified: header.x",
        ),
        (
            {"op": "move", "path": "/authorizationScopes", "value": "x"},
            "Invalid patch operation specified. Must be one of: [add, remove]",
        ),
    ],
)
def test_update_method_rejects_and_changes_nothing(
    apigw: Any, where: dict[str, str], patch: Any, message: str
) -> None:
    apigw.put_method(**where, authorizationType="NONE", apiKeyRequired=True)
    before = body(apigw.get_method(**where))
    assert_error(
        lambda: apigw.update_method(
            **where,
            patchOperations=[{"op": "replace", "path": "/operationName", "value": "x"}, patch],
        ),
        "BadRequestException",
        400,
        message,
    )
    assert body(apigw.get_method(**where)) == before


def test_update_method_on_unknown_targets(apigw: Any, where: dict[str, str]) -> None:
    assert_error(
        lambda: apigw.update_method(**{**where, "restApiId": "fake-api"}, patchOperations=[]),
        "NotFoundException",
        404,
        NO_RESOURCE,
    )
    assert_error(
        lambda: apigw.update_method(**{**where, "resourceId": "fake-resource-id"}),
        "NotFoundException",
        404,
        NO_RESOURCE,
    )
    assert_error(
        lambda: apigw.update_method(
            **{**where, "httpMethod": "GET"},
            patchOperations=[{"op": "replace", "path": "/operationName", "value": "x"}],
        ),
        "NotFoundException",
        404,
        NO_METHOD,
    )


# ----------------------------------------------------------------------- UpdateMethodResponse


def test_update_method_response_lifecycle(apigw: Any, where: dict[str, str]) -> None:
    apigw.put_method(**where, authorizationType="NONE")
    put = apigw.put_method_response(
        **where, statusCode="200", responseParameters={}, responseModels={}
    )
    assert body(put) == {"responseModels": {}, "responseParameters": {}, "statusCode": "200"}
    assert body(apigw.get_method_response(**where, statusCode="200")) == body(put)
    patches = [
        {
            "op": "add",
            "path": "/responseParameters/method.response.header.my-header",
            "value": "true",
        },
        {"op": "add", "path": "/responseModels/application~1json", "value": "Empty"},
    ]
    added = apigw.update_method_response(**where, statusCode="200", patchOperations=patches)
    assert status(added) == 201
    expected = {
        "responseModels": {"application/json": "Empty"},
        "responseParameters": {"method.response.header.my-header": True},
        "statusCode": "200",
    }
    assert body(added) == expected
    replaced = apigw.update_method_response(
        **where,
        statusCode="200",
        patchOperations=[{**p, "op": "replace"} for p in patches],
    )
    assert body(replaced) == expected
    assert apigw.get_method(**where)["methodResponses"] == {"200": expected}
    removed = apigw.update_method_response(
        **where, statusCode="200", patchOperations=[{**p, "op": "remove"} for p in patches]
    )
    assert body(removed) == {"statusCode": "200"}


@pytest.mark.parametrize(
    ("patch", "code", "http", "message"),
    [
        (
            {"op": "replace", "path": "/responseParameters/wrong", "value": "true"},
            "NotFoundException",
            404,
            "Invalid parameter name specified",
        ),
        (
            {"op": "remove", "path": "/responseParameters/wrong", "value": "true"},
            "NotFoundException",
            404,
            "Invalid parameter name specified",
        ),
        (
            {"op": "replace", "path": "/responseModels/wrong", "value": "Empty"},
            "NotFoundException",
            404,
            "Content-Type specified was not found",
        ),
        (
            {"op": "remove", "path": "/responseModels/wrong", "value": "Empty"},
            "NotFoundException",
            404,
            "Content-Type specified was not found",
        ),
        (
            {"op": "remove", "path": "/wrong/method.response.header.my-header", "value": "true"},
            "BadRequestException",
            400,
            "Invalid patch path /wrong/method.response.header.my-header",
        ),
        (
            {"op": "add", "path": "/responseModels/text~1plain", "value": "Nope"},
            "BadRequestException",
            400,
            "Invalid model identifier specified: Nope",
        ),
    ],
)
def test_update_method_response_rejects_and_changes_nothing(
    apigw: Any, where: dict[str, str], patch: Any, code: str, http: int, message: str
) -> None:
    apigw.put_method(**where, authorizationType="NONE")
    apigw.put_method_response(
        **where,
        statusCode="200",
        responseParameters={"method.response.header.my-header": False},
        responseModels={"application/json": "Empty"},
    )
    before = body(apigw.get_method_response(**where, statusCode="200"))
    first = {"op": "replace", "path": "/responseModels/application~1json", "value": "Error"}
    assert_error(
        lambda: apigw.update_method_response(
            **where, statusCode="200", patchOperations=[first, patch]
        ),
        code,
        http,
        message,
    )
    assert body(apigw.get_method_response(**where, statusCode="200")) == before


def test_update_method_response_on_unknown_targets(apigw: Any, where: dict[str, str]) -> None:
    apigw.put_method(**where, authorizationType="NONE")
    apigw.put_method_response(**where, statusCode="200")
    patch = [{"op": "add", "path": "/responseParameters/method.response.header.a", "value": "true"}]
    cases = [
        ({**where, "statusCode": "201"}, NO_STATUS),
        ({**where, "resourceId": "nope00", "statusCode": "200"}, NO_RESOURCE),
        ({**where, "httpMethod": "GET", "statusCode": "200"}, NO_METHOD),
    ]
    for target, message in cases:
        assert_error(
            lambda target=target: apigw.update_method_response(**target, patchOperations=patch),
            "NotFoundException",
            404,
            message,
        )


def test_body_problems_come_before_uri_problems(apigw: Any, where: dict[str, str]) -> None:
    """Recorded: the body's ``patchOperations`` problems are listed before ``statusCode``'s."""
    assert_error(
        lambda: apigw.update_method_response(
            **where,
            statusCode="wrong",
            patchOperations=[
                {"op": "wrong_op", "path": "/responseModels/a", "value": "x"},
                {"op": "remove", "path": "/responseModels/a"},
                {"op": "wrong_op", "path": "/responseModels/a", "value": "x"},
            ],
        ),
        "ValidationException",
        400,
        f"3 validation errors detected: Value 'wrong_op' at "
        f"'updateMethodResponseInput.patchOperations.1.member.op' failed to satisfy constraint: "
        f"Member must satisfy enum value set: {OP_ENUM}; Value 'wrong_op' at "
        f"'updateMethodResponseInput.patchOperations.3.member.op' failed to satisfy constraint: "
        f"Member must satisfy enum value set: {OP_ENUM}; Value 'wrong' at 'statusCode' failed to "
        f"satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d",
    )


# ------------------------------------------------------------------------------ UpdateIntegration


def test_update_integration_paths(apigw: Any, where: dict[str, str]) -> None:
    apigw.put_method(**where, authorizationType="NONE")
    apigw.put_integration(
        **where,
        type="HTTP_PROXY",
        integrationHttpMethod="GET",
        uri="http://my-vpclink-test-nlb.us-east-1.amazonaws.com",
        connectionType="VPC_LINK",
        connectionId="${stageVariables.vpcLinkId}",
        requestTemplates={"application/json": "{}"},
    )
    updated = apigw.update_integration(
        **where,
        patchOperations=[
            {"op": "replace", "path": "/connectionId", "value": "${stageVariables.vpcLinkIdBeta}"},
            {"op": "replace", "path": "/uri", "value": "https://example.com/{proxy}"},
            {"op": "replace", "path": "/httpMethod", "value": "POST"},
            {"op": "replace", "path": "/timeoutInMillis", "value": "5000"},
            {"op": "replace", "path": "/passthroughBehavior", "value": "NEVER"},
            {"op": "replace", "path": "/contentHandling", "value": "CONVERT_TO_TEXT"},
            {"op": "replace", "path": "/cacheNamespace", "value": "ns"},
            {"op": "replace", "path": "/tlsConfig/insecureSkipVerification", "value": "true"},
            {"op": "add", "path": "/cacheKeyParameters/method.request.path.proxy", "value": ""},
            {
                "op": "add",
                "path": "/requestParameters/integration.request.path.proxy",
                "value": "method.request.path.proxy",
            },
            {"op": "add", "path": "/requestTemplates/application~1xml"},
            {"op": "replace", "path": "/requestTemplates/application~1json", "value": '{"a": 1}'},
        ],
    )
    assert status(updated) == 200
    assert body(updated) == {
        "type": "HTTP_PROXY",
        "httpMethod": "POST",
        "uri": "https://example.com/{proxy}",
        "connectionType": "VPC_LINK",
        "connectionId": "${stageVariables.vpcLinkIdBeta}",
        "requestParameters": {"integration.request.path.proxy": "method.request.path.proxy"},
        "requestTemplates": {"application/json": '{"a": 1}', "application/xml": None},
        "passthroughBehavior": "NEVER",
        "contentHandling": "CONVERT_TO_TEXT",
        "timeoutInMillis": 5000,
        "cacheNamespace": "ns",
        "cacheKeyParameters": ["method.request.path.proxy"],
        "tlsConfig": {"insecureSkipVerification": True},
    }
    assert body(apigw.get_integration(**where)) == body(updated)
    removed = apigw.update_integration(
        **where,
        patchOperations=[
            {"op": "remove", "path": "/cacheKeyParameters/method.request.path.proxy", "value": ""},
            {"op": "remove", "path": "/requestParameters/integration.request.path.proxy"},
            {"op": "remove", "path": "/requestTemplates/application~1json"},
            {"op": "remove", "path": "/requestTemplates/application~1xml"},
        ],
    )
    assert removed["cacheKeyParameters"] == []
    assert "requestParameters" not in removed
    assert "requestTemplates" not in removed


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (
            {"op": "replace", "path": "/uri", "value": "ftp://x"},
            "Invalid HTTP endpoint specified for URI",
        ),
        (
            {"op": "replace", "path": "/timeoutInMillis", "value": "10"},
            "Timeout should be between 50 ms and 29000 ms",
        ),
        (
            {"op": "replace", "path": "/passthroughBehavior", "value": "SOMETIMES"},
            "Invalid passthrough behavior specified. Valid options are "
            "WHEN_NO_MATCH,WHEN_NO_TEMPLATES,NEVER",
        ),
        ({"op": "replace", "path": "/type", "value": "MOCK"}, "Invalid patch path /type"),
        (
            {"op": "add", "path": "/uri", "value": "https://e.com"},
            "Invalid patch operation specified. Must be one of: [replace]",
        ),
        (
            {"op": "replace", "path": "/cacheKeyParameters/a", "value": ""},
            "Invalid patch operation specified. Must be one of: [add, remove]",
        ),
    ],
)
def test_update_integration_rejects_and_changes_nothing(
    apigw: Any, where: dict[str, str], patch: Any, message: str
) -> None:
    apigw.put_method(**where, authorizationType="NONE")
    apigw.put_integration(**where, type="HTTP", integrationHttpMethod="GET", uri="https://e.com")
    before = body(apigw.get_integration(**where))
    assert_error(
        lambda: apigw.update_integration(
            **where,
            patchOperations=[{"op": "replace", "path": "/cacheNamespace", "value": "x"}, patch],
        ),
        "BadRequestException",
        400,
        message,
    )
    assert body(apigw.get_integration(**where)) == before


def test_an_aws_proxy_integration_stays_a_lambda_invocation(
    apigw: Any, where: dict[str, str]
) -> None:
    apigw.put_method(**where, authorizationType="NONE")
    apigw.put_integration(**where, type="AWS_PROXY", integrationHttpMethod="POST", uri=LAMBDA_URI)
    assert_error(
        lambda: apigw.update_integration(
            **where,
            patchOperations=[
                {
                    "op": "replace",
                    "path": "/uri",
                    "value": "arn:aws:apigateway:us-east-1:s3:path/bucket/key",
                }
            ],
        ),
        "BadRequestException",
        400,
        "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose "
        "stream invocations.",
    )


def test_update_integration_without_one(apigw: Any, where: dict[str, str]) -> None:
    apigw.put_method(**where, authorizationType="NONE")
    assert_error(
        lambda: apigw.update_integration(**where, patchOperations=[]),
        "NotFoundException",
        404,
        "Invalid Integration identifier specified",
    )


# ------------------------------------------------------------------------ UpdateIntegrationResponse


def test_update_integration_response(apigw: Any, where: dict[str, str]) -> None:
    apigw.put_method(**where, authorizationType="NONE")
    apigw.put_integration(**where, type="MOCK")
    apigw.put_integration_response(
        **where,
        statusCode="200",
        selectionPattern="",
        responseTemplates={"application/json": '"created"'},
    )
    updated = apigw.update_integration_response(
        **where,
        statusCode="200",
        patchOperations=[
            {"op": "replace", "path": "/selectionPattern", "value": "updated-pattern"}
        ],
    )
    assert status(updated) == 200
    assert body(updated) == {
        "responseTemplates": {"application/json": '"created"'},
        "selectionPattern": "updated-pattern",
        "statusCode": "200",
    }
    header = "/responseParameters/method.response.header.Access-Control-Allow-Origin"
    with_header = apigw.update_integration_response(
        **where,
        statusCode="200",
        patchOperations=[
            {"op": "replace", "path": header, "value": "'*'"},
            {"op": "replace", "path": "/contentHandling", "value": "CONVERT_TO_TEXT"},
        ],
    )
    assert with_header["responseParameters"] == {
        "method.response.header.Access-Control-Allow-Origin": "'*'"
    }
    assert with_header["contentHandling"] == "CONVERT_TO_TEXT"
    without = apigw.update_integration_response(
        **where,
        statusCode="200",
        patchOperations=[
            {"op": "remove", "path": header},
            {"op": "remove", "path": "/responseTemplates/application~1json"},
        ],
    )
    assert body(without) == {
        "selectionPattern": "updated-pattern",
        "statusCode": "200",
        "contentHandling": "CONVERT_TO_TEXT",
    }
    assert_error(
        lambda: apigw.update_integration_response(
            **where,
            statusCode="200",
            patchOperations=[{"op": "replace", "path": "/statusCode", "value": "201"}],
        ),
        "BadRequestException",
        400,
        "Invalid patch path /statusCode",
    )
    assert_error(
        lambda: apigw.update_integration_response(**where, statusCode="300"),
        "NotFoundException",
        404,
        NO_STATUS,
    )


# ------------------------------------------------------------------------------ UpdateDeployment


def test_update_deployment(apigw: Any) -> None:
    from tests.apigw_fixtures import rest_api_with_get

    api_id, _ = rest_api_with_get(apigw)
    deployment = apigw.create_deployment(restApiId=api_id, description="my deployment")
    updated = apigw.update_deployment(
        restApiId=api_id,
        deploymentId=deployment["id"],
        patchOperations=[{"op": "replace", "path": "/description", "value": "new-description"}],
    )
    assert status(updated) == 200
    assert body(updated) == {
        "id": deployment["id"],
        "description": "new-description",
        "createdDate": deployment["createdDate"],
    }
    assert (
        apigw.get_deployment(restApiId=api_id, deploymentId=deployment["id"])["description"]
        == "new-description"
    )
    for patch, message in (
        (
            {"op": "replace", "path": "/id", "value": "x"},
            "Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/description]",
        ),
        (
            {"op": "add", "path": "/description", "value": "x"},
            "Invalid patch path  '/description' specified for op 'add'. Please choose supported "
            "operations",
        ),
    ):
        assert_error(
            lambda patch=patch: apigw.update_deployment(
                restApiId=api_id, deploymentId=deployment["id"], patchOperations=[patch]
            ),
            "BadRequestException",
            400,
            message,
        )
    assert_error(
        lambda: apigw.update_deployment(restApiId=api_id, deploymentId="nope00"),
        "NotFoundException",
        404,
        "Invalid Deployment identifier specified",
    )
