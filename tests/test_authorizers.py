"""Authorizers: CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer,
TestInvokeAuthorizer (answered from a decision the test registers), the authorizers methods
name, and the stage cache flushes.

Sources: LocalStack's validated snapshots (``test_authorizer_crud_no_api``, ``test_update_method``,
``test_update_method_validation``, ``test_apigateway_with_custom_authorization_method``), the AWS
CLI's documented create-authorizer outputs, and AWS errors quoted in terraform-provider-aws#1757,
serverless#4428 and terraform-provider-aws#14812 (see mockgw/services/apigateway/authorizers.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from mockgw import Mock, mock_apigateway
from mockgw.errors import MockgwError
from tests.helpers import assert_error, body, status

ACCOUNT = "123456789012"
REGION = "us-east-1"
AUTHORIZER_ID = re.compile(r"^[a-z0-9]{6}$")
LAMBDA_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:123456789012:function:myApiAuthorizer/invocations"
)
POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_aWcZeQbuD"
NO_AUTHORIZER = "Invalid Authorizer identifier specified"
INVALID_AUTHORIZER = (
    "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
    "COGNITO_USER_POOLS requires a valid authorizer."
)


@pytest.fixture
def mocked() -> Iterator[Mock]:
    with mock_apigateway() as m:
        yield m


@pytest.fixture
def apigw(mocked: Mock) -> Any:
    return boto3.client("apigateway", region_name=REGION)


@pytest.fixture
def api(apigw: Any) -> dict[str, str]:
    return apigw.create_rest_api(name="authorized")  # type: ignore[no-any-return]


def token_authorizer(apigw: Any, api_id: str, **kwargs: Any) -> dict[str, Any]:
    return apigw.create_authorizer(  # type: ignore[no-any-return]
        restApiId=api_id,
        name=kwargs.pop("name", "authorizer-test"),
        type="TOKEN",
        authorizerUri=LAMBDA_URI,
        identitySource="method.request.header.Authorization",
        **kwargs,
    )


def authorize(mocked: Mock, api_id: str, authorizer_id: str, **kwargs: Any) -> None:
    mocked.authorize(api_id, authorizer_id, region=REGION, account_id=ACCOUNT, **kwargs)


# ------------------------------------------------------------------------------ CRUD


def test_create_a_token_authorizer(apigw: Any, api: dict[str, str]) -> None:
    created = token_authorizer(apigw, api["id"])
    assert status(created) == 201
    assert body(created) == {
        "id": created["id"],
        "name": "authorizer-test",
        "type": "TOKEN",
        "authType": "custom",
        "authorizerUri": LAMBDA_URI,
        "identitySource": "method.request.header.Authorization",
    }
    assert AUTHORIZER_ID.match(created["id"])
    got = apigw.get_authorizer(restApiId=api["id"], authorizerId=created["id"])
    assert status(got) == 200
    assert body(got) == body(created)
    listed = apigw.get_authorizers(restApiId=api["id"])
    assert body(listed) == {"items": [body(created)]}


def test_create_echoes_every_member(apigw: Any, api: dict[str, str]) -> None:
    created = apigw.create_authorizer(
        restApiId=api["id"],
        name="First_Request_Custom_Authorizer",
        type="REQUEST",
        authType="oauth2",
        authorizerUri=LAMBDA_URI,
        authorizerCredentials="arn:aws:iam::123456789012:role/caller",
        identitySource="method.request.header.Authorization,context.accountId",
        identityValidationExpression="^x-[a-z]+",
        authorizerResultTtlInSeconds=300,
    )
    assert body(created) == {
        "id": created["id"],
        "name": "First_Request_Custom_Authorizer",
        "type": "REQUEST",
        "authType": "oauth2",
        "authorizerUri": LAMBDA_URI,
        "authorizerCredentials": "arn:aws:iam::123456789012:role/caller",
        "identitySource": "method.request.header.Authorization,context.accountId",
        "identityValidationExpression": "^x-[a-z]+",
        "authorizerResultTtlInSeconds": 300,
    }


def test_create_a_cognito_authorizer(apigw: Any, api: dict[str, str]) -> None:
    created = apigw.create_authorizer(
        restApiId=api["id"],
        name="First_Cognito_Custom_Authorizer",
        type="COGNITO_USER_POOLS",
        providerARNs=[POOL],
        identitySource="method.request.header.Authorization",
    )
    assert body(created) == {
        "id": created["id"],
        "name": "First_Cognito_Custom_Authorizer",
        "type": "COGNITO_USER_POOLS",
        "authType": "cognito_user_pools",
        "providerARNs": [POOL],
        "identitySource": "method.request.header.Authorization",
    }


def test_calls_on_an_unknown_api(apigw: Any) -> None:
    assert_error(
        lambda: apigw.create_authorizer(
            restApiId="test-fake-rest-id", name="a", type="TOKEN", authorizerUri=LAMBDA_URI
        ),
        "ConflictException",
        409,
        "Unable to complete operation due to concurrent modification. Please try again later.",
    )
    assert_error(
        lambda: apigw.get_authorizers(restApiId="test-fake-rest-id"),
        "NotFoundException",
        404,
        f"Invalid API identifier specified {ACCOUNT}:test-fake-rest-id",
    )
    for call in (
        lambda: apigw.get_authorizer(restApiId="nope000000", authorizerId="abc123"),
        lambda: apigw.delete_authorizer(restApiId="nope000000", authorizerId="abc123"),
        lambda: apigw.test_invoke_authorizer(restApiId="nope000000", authorizerId="abc123"),
    ):
        assert_error(call, "NotFoundException", 404, NO_AUTHORIZER)


def test_calls_on_an_unknown_authorizer(apigw: Any, api: dict[str, str]) -> None:
    for call in (
        lambda: apigw.get_authorizer(restApiId=api["id"], authorizerId="abc123"),
        lambda: apigw.delete_authorizer(restApiId=api["id"], authorizerId="abc123"),
        lambda: apigw.update_authorizer(restApiId=api["id"], authorizerId="abc123"),
        lambda: apigw.test_invoke_authorizer(restApiId=api["id"], authorizerId="abc123"),
    ):
        assert_error(call, "NotFoundException", 404, NO_AUTHORIZER)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {
                "authorizerUri": "arn:aws:apigateway:region:lambda:path/2015-03-31/functions/f/"
                "invocations"
            },
            "Invalid Authorizer URI: arn:aws:apigateway:region:lambda:path/2015-03-31/functions/f/"
            "invocations. Authorizer URI should be a valid API Gateway ARN that represents a "
            "Lambda function invocation.",
        ),
        (
            {"authorizerUri": None},
            "Invalid Authorizer URI: null. Authorizer URI should be a valid API Gateway ARN that "
            "represents a Lambda function invocation.",
        ),
        (
            {"identitySource": "method.request.querystring.key"},
            "Invalid token source expression: method.request.querystring.key. The source must be "
            "a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'.",
        ),
        (
            {"authorizerResultTtlInSeconds": 3601},
            "Invalid authorizer result TTL specified: 3601. Must be an integer from 0 to 3600",
        ),
        (
            {"type": "COGNITO_USER_POOLS"},
            "Invalid providerARNs specified: a COGNITO_USER_POOLS authorizer needs at least one "
            "Cognito user pool ARN",
        ),
    ],
)
def test_create_rejects_and_changes_nothing(
    apigw: Any, api: dict[str, str], kwargs: dict[str, Any], message: str
) -> None:
    call = {
        "restApiId": api["id"],
        "name": "a",
        "type": "TOKEN",
        "authorizerUri": LAMBDA_URI,
        "identitySource": "method.request.header.Authorization",
        **kwargs,
    }
    call = {k: v for k, v in call.items() if v is not None}
    assert_error(lambda: apigw.create_authorizer(**call), "BadRequestException", 400, message)
    assert apigw.get_authorizers(restApiId=api["id"])["items"] == []


def test_update_authorizer(apigw: Any, api: dict[str, str]) -> None:
    created = token_authorizer(apigw, api["id"], authorizerResultTtlInSeconds=300)
    new_uri = LAMBDA_URI.replace("myApiAuthorizer", "newAuthorizer")
    updated = apigw.update_authorizer(
        restApiId=api["id"],
        authorizerId=created["id"],
        patchOperations=[
            {"op": "replace", "path": "/name", "value": "testAuthorizer"},
            {"op": "replace", "path": "/authorizerUri", "value": new_uri},
            {"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": "0"},
            {"op": "replace", "path": "/identityValidationExpression", "value": "^Bearer .+$"},
        ],
    )
    assert status(updated) == 200
    assert body(updated) == {
        **body(created),
        "name": "testAuthorizer",
        "authorizerUri": new_uri,
        "authorizerResultTtlInSeconds": 0,
        "identityValidationExpression": "^Bearer .+$",
    }
    assert body(apigw.get_authorizer(restApiId=api["id"], authorizerId=created["id"])) == body(
        updated
    )


def test_update_provider_arns(apigw: Any, api: dict[str, str]) -> None:
    created = apigw.create_authorizer(
        restApiId=api["id"], name="c", type="COGNITO_USER_POOLS", providerARNs=[POOL]
    )
    other = POOL.replace("aWcZeQbuD", "otherPool")
    updated = apigw.update_authorizer(
        restApiId=api["id"],
        authorizerId=created["id"],
        patchOperations=[
            {"op": "add", "path": "/providerARNs", "value": other},
            {"op": "remove", "path": "/providerARNs", "value": POOL},
        ],
    )
    assert updated["providerARNs"] == [other]


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (
            {"op": "add", "path": "/name", "value": "x"},
            "Invalid patch path  '/name' specified for op 'add'. Please choose supported "
            "operations",
        ),
        (
            {"op": "replace", "path": "/id", "value": "x"},
            "Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/name, /type, "
            "/authType, /authorizerUri, /authorizerCredentials, /identitySource, "
            "/identityValidationExpression, /authorizerResultTtlInSeconds]",
        ),
        (
            {"op": "replace", "path": "/authorizerUri", "value": "lambda"},
            "Invalid Authorizer URI: lambda. Authorizer URI should be a valid API Gateway ARN that "
            "represents a Lambda function invocation.",
        ),
        (
            {"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": "soon"},
            "Invalid authorizer result TTL specified: soon. Must be an integer from 0 to 3600",
        ),
        (
            {"op": "replace", "path": "/type", "value": "COGNITO_USER_POOLS"},
            "Invalid providerARNs specified: a COGNITO_USER_POOLS authorizer needs at least one "
            "Cognito user pool ARN",
        ),
        (
            {"op": "replace", "path": "/type", "value": "BASIC"},
            "Invalid authorizer type specified. Valid options are TOKEN,REQUEST,COGNITO_USER_POOLS",
        ),
    ],
)
def test_update_rejects_and_changes_nothing(
    apigw: Any, api: dict[str, str], patch: Any, message: str
) -> None:
    created = token_authorizer(apigw, api["id"])
    assert_error(
        lambda: apigw.update_authorizer(
            restApiId=api["id"],
            authorizerId=created["id"],
            patchOperations=[{"op": "replace", "path": "/name", "value": "changed"}, patch],
        ),
        "BadRequestException",
        400,
        message,
    )
    assert body(apigw.get_authorizer(restApiId=api["id"], authorizerId=created["id"])) == body(
        created
    )


def test_delete_authorizer_and_one_in_use(apigw: Any, api: dict[str, str]) -> None:
    authorizer = token_authorizer(apigw, api["id"], name="tf-acc-test-authorizer")
    test = apigw.create_resource(
        restApiId=api["id"], parentId=api["rootResourceId"], pathPart="test"
    )
    where = {"restApiId": api["id"], "resourceId": test["id"], "httpMethod": "GET"}
    put = apigw.put_method(**where, authorizationType="custom", authorizerId=authorizer["id"])
    assert body(put) == {
        "httpMethod": "GET",
        "authorizationType": "CUSTOM",
        "authorizerId": authorizer["id"],
        "apiKeyRequired": False,
    }
    assert_error(
        lambda: apigw.delete_authorizer(restApiId=api["id"], authorizerId=authorizer["id"]),
        "ConflictException",
        409,
        "Cannot delete authorizer 'tf-acc-test-authorizer', is referenced in method: GET//test",
    )
    apigw.delete_method(**where)
    deleted = apigw.delete_authorizer(restApiId=api["id"], authorizerId=authorizer["id"])
    assert status(deleted) == 202
    assert apigw.get_authorizers(restApiId=api["id"])["items"] == []


# ------------------------------------------------------------------------------ methods


def test_put_method_takes_the_authorization_type_in_any_case(
    apigw: Any, api: dict[str, str]
) -> None:
    where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    put = apigw.put_method(**where, authorizationType="none")
    assert put["authorizationType"] == "NONE"
    assert apigw.get_method(**where)["authorizationType"] == "NONE"


def test_methods_need_an_authorizer_of_their_api(apigw: Any, api: dict[str, str]) -> None:
    where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "ANY"}
    for kind in ("CUSTOM", "COGNITO_USER_POOLS"):
        assert_error(
            lambda kind=kind: apigw.put_method(
                **where, authorizationType=kind, authorizerId="abc123"
            ),
            "BadRequestException",
            400,
            INVALID_AUTHORIZER,
        )
    apigw.put_method(**where, authorizationType="NONE")
    authorizer = token_authorizer(apigw, api["id"])
    # An authorizer id on a method that is neither CUSTOM nor COGNITO is ignored (recorded).
    ignored = apigw.update_method(
        **where, patchOperations=[{"op": "replace", "path": "/authorizerId", "value": "abc123"}]
    )
    assert "authorizerId" not in ignored
    for patches in (
        [{"op": "replace", "path": "/authorizationType", "value": "CUSTOM"}],
        [
            {"op": "replace", "path": "/authorizationType", "value": "CUSTOM"},
            {"op": "replace", "path": "/authorizerId", "value": "abc123"},
        ],
    ):
        assert_error(
            lambda patches=patches: apigw.update_method(**where, patchOperations=patches),
            "BadRequestException",
            400,
            INVALID_AUTHORIZER,
        )
    assert apigw.get_method(**where)["authorizationType"] == "NONE"
    custom = apigw.update_method(
        **where,
        patchOperations=[
            {"op": "replace", "path": "/authorizerId", "value": authorizer["id"]},
            {"op": "replace", "path": "/authorizationType", "value": "CUSTOM"},
        ],
    )
    assert custom["authorizationType"] == "CUSTOM"
    assert custom["authorizerId"] == authorizer["id"]


# ----------------------------------------------------------------------- TestInvokeAuthorizer


def test_invoke_without_a_registered_decision_is_a_configuration_error(
    apigw: Any, api: dict[str, str]
) -> None:
    authorizer = token_authorizer(apigw, api["id"])
    with freeze_time("2017-05-03 11:19:37"):
        answer = apigw.test_invoke_authorizer(
            restApiId=api["id"], authorizerId=authorizer["id"], headers={"Authorization": "df"}
        )
    assert status(answer) == 200
    assert answer["clientStatus"] == 500
    assert answer["latency"] == 0
    log = answer["log"].splitlines()
    assert log[0] == "Execution log for request test-request"
    assert log[1] == (
        f"Wed May 03 11:19:37 UTC 2017 : Starting authorizer: {authorizer['id']} for request: "
        "test-request"
    )
    assert log[2] == "Wed May 03 11:19:37 UTC 2017 : Incoming identity: ****"
    assert log[-1] == "Wed May 03 11:19:37 UTC 2017 : AuthorizerConfigurationException"
    assert "principalId" not in answer and "policy" not in answer


def test_invoke_answers_the_registered_decision(
    mocked: Mock, apigw: Any, api: dict[str, str]
) -> None:
    authorizer = token_authorizer(apigw, api["id"])
    authorize(
        mocked,
        api["id"],
        authorizer["id"],
        principal_id="user-7",
        context={"tier": "gold"},
        usage_identifier_key="k" * 20,
    )
    answer = apigw.test_invoke_authorizer(
        restApiId=api["id"], authorizerId=authorizer["id"], headers={"Authorization": "allow-me"}
    )
    assert answer["clientStatus"] == 200
    assert answer["principalId"] == "user-7"
    assert json.loads(answer["policy"]) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Action": "execute-api:Invoke",
                "Effect": "Allow",
                "Resource": [
                    f"arn:aws:execute-api:us-east-1:{ACCOUNT}:{api['id']}/ESTestInvoke-stage/GET/"
                ],
            }
        ],
    }
    assert "Incoming identity: ****w-me" in answer["log"]
    assert "Using valid authorizer policy for principal: **er-7" in answer["log"]
    assert '"context": {"tier": "gold"}' in answer["log"]
    assert answer["log"].endswith(": Successfully completed authorizer execution\n")
    authorize(mocked, api["id"], authorizer["id"], effect="Deny")
    denied = apigw.test_invoke_authorizer(
        restApiId=api["id"], authorizerId=authorizer["id"], headers={"authorization": "x"}
    )
    assert denied["clientStatus"] == 200
    assert json.loads(denied["policy"])["Statement"][0]["Effect"] == "Deny"
    authorize(mocked, api["id"], authorizer["id"], effect="Unauthorized")
    refused = apigw.test_invoke_authorizer(
        restApiId=api["id"], authorizerId=authorizer["id"], headers={"Authorization": "x"}
    )
    assert refused["clientStatus"] == 401
    assert "policy" not in refused
    authorize(mocked, api["id"], authorizer["id"], effect=None)
    forgotten = apigw.test_invoke_authorizer(
        restApiId=api["id"], authorizerId=authorizer["id"], headers={"Authorization": "x"}
    )
    assert forgotten["clientStatus"] == 500


def test_invoke_refuses_a_missing_or_malformed_token(
    mocked: Mock, apigw: Any, api: dict[str, str]
) -> None:
    authorizer = token_authorizer(apigw, api["id"], identityValidationExpression="^Bearer .+$")
    authorize(mocked, api["id"], authorizer["id"])
    missing = apigw.test_invoke_authorizer(restApiId=api["id"], authorizerId=authorizer["id"])
    assert missing["clientStatus"] == 401
    malformed = apigw.test_invoke_authorizer(
        restApiId=api["id"], authorizerId=authorizer["id"], headers={"Authorization": "token"}
    )
    assert malformed["clientStatus"] == 401
    good = apigw.test_invoke_authorizer(
        restApiId=api["id"], authorizerId=authorizer["id"], headers={"Authorization": "Bearer t"}
    )
    assert good["clientStatus"] == 200


def test_invoke_a_request_authorizer(mocked: Mock, apigw: Any, api: dict[str, str]) -> None:
    authorizer = apigw.create_authorizer(
        restApiId=api["id"],
        name="r",
        type="REQUEST",
        authorizerUri=LAMBDA_URI,
        identitySource="method.request.header.X-User,method.request.querystring.tenant",
    )
    authorize(mocked, api["id"], authorizer["id"], principal_id="p")
    missing = apigw.test_invoke_authorizer(
        restApiId=api["id"], authorizerId=authorizer["id"], headers={"X-User": "u"}
    )
    assert missing["clientStatus"] == 401
    answer = apigw.test_invoke_authorizer(
        restApiId=api["id"],
        authorizerId=authorizer["id"],
        headers={"X-User": "u"},
        pathWithQueryString="/pets?tenant=acme",
    )
    assert answer["clientStatus"] == 200
    assert answer["principalId"] == "p"
    assert '"queryStringParameters": {"tenant": "acme"}' in answer["log"]


def test_invoke_a_cognito_authorizer(mocked: Mock, apigw: Any, api: dict[str, str]) -> None:
    authorizer = apigw.create_authorizer(
        restApiId=api["id"],
        name="c",
        type="COGNITO_USER_POOLS",
        providerARNs=[POOL],
        identitySource="method.request.header.Authorization",
    )
    authorize(mocked, api["id"], authorizer["id"], claims={"sub": "abc", "email": "a@b.c"})
    answer = apigw.test_invoke_authorizer(
        restApiId=api["id"], authorizerId=authorizer["id"], headers={"Authorization": "jwt"}
    )
    assert answer["clientStatus"] == 200
    assert answer["claims"] == {"sub": "abc", "email": "a@b.c"}
    assert "policy" not in answer


def test_authorize_refuses_misuse(mocked: Mock, apigw: Any, api: dict[str, str]) -> None:
    authorizer = token_authorizer(apigw, api["id"])
    with pytest.raises(MockgwError, match="no REST API 'nope'"):
        authorize(mocked, "nope", authorizer["id"])
    with pytest.raises(MockgwError, match="has no authorizer 'abc123'"):
        authorize(mocked, api["id"], "abc123")
    with pytest.raises(MockgwError, match="effect must be one of"):
        authorize(mocked, api["id"], authorizer["id"], effect="Maybe")


def test_a_decision_goes_with_its_authorizer(mocked: Mock, apigw: Any, api: dict[str, str]) -> None:
    authorizer = token_authorizer(apigw, api["id"])
    authorize(mocked, api["id"], authorizer["id"])
    apigw.delete_authorizer(restApiId=api["id"], authorizerId=authorizer["id"])
    assert mocked.backend("apigateway").rest_apis.get(api["id"]).authorizer_decisions == {}


# ------------------------------------------------------------------------------ cache flushes


def test_stage_cache_flushes(apigw: Any, mocked: Mock) -> None:
    from tests.apigw_fixtures import deployed_stage

    api_id, stage = deployed_stage(apigw)
    with freeze_time("2030-01-01 00:00:00"):
        flushed = apigw.flush_stage_authorizers_cache(restApiId=api_id, stageName=stage)
        cached = apigw.flush_stage_cache(restApiId=api_id, stageName=stage)
    assert status(flushed) == 202 and status(cached) == 202
    record = mocked.backend("apigateway").rest_apis.get(api_id).stages[stage]
    assert record.authorizers_cache_flushed_date == record.cache_flushed_date == 1893456000.0
    for call in (apigw.flush_stage_authorizers_cache, apigw.flush_stage_cache):
        assert_error(
            lambda call=call: call(restApiId=api_id, stageName="nope"),
            "NotFoundException",
            404,
            "Invalid stage identifier specified",
        )
        assert_error(
            lambda call=call: call(restApiId="nope000000", stageName=stage),
            "NotFoundException",
            404,
            f"Invalid API identifier specified {ACCOUNT}:nope000000",
        )
