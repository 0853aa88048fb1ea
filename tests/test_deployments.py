"""Deployments and stages against recorded AWS behaviour.

Sources: LocalStack snapshots recorded against AWS (``test_apigateway_api``,
``test_apigateway_canary``), the AWS CLI's documented examples, and AWS errors quoted in public
issues (terraform, serverless, CloudFormation transcripts).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from mockgw import mock_apigateway
from tests.apigw_fixtures import deployed_stage, rest_api_with_get
from tests.helpers import assert_error, body, status

DEPLOYMENT_ID = re.compile(r"^[a-z0-9]{6}$")
ACCOUNT = "123456789012"
NO_STAGE = "Invalid stage identifier specified"
NO_DEPLOYMENT = "Invalid Deployment identifier specified"
#: AWS's error for a path UpdateStage does not know, recorded verbatim (spacing included).
STAGE_PATHS = (
    "[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, "
    "/clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, "
    "/accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, "
    "/{resourcePath}/{httpMethod}/logging/dataTrace, "
    "/{resourcePath}/{httpMethod}/logging/loglevel, "
    "/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/"
    "throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, "
    "/{resourcePath}/{httpMethod}/caching/enabled, "
    "/{resourcePath}/{httpMethod}/caching/dataEncrypted, "
    "/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, "
    "/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, "
    "/*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, "
    "/*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, "
    "/*/*/caching/enabled, /*/*/caching/dataEncrypted, "
    "/*/*/caching/requireAuthorizationForCacheControl, "
    "/*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, "
    "/tracingEnabled]"
)


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


def fresh_stage(created: dt.datetime, deployment_id: str, name: str) -> dict[str, Any]:
    """A stage as AWS returns it right after it was created with no options."""
    return {
        "cacheClusterEnabled": False,
        "cacheClusterStatus": "NOT_AVAILABLE",
        "createdDate": created,
        "deploymentId": deployment_id,
        "lastUpdatedDate": created,
        "methodSettings": {},
        "stageName": name,
        "tracingEnabled": False,
    }


# ------------------------------------------------------------------------------ the fixture


def test_deployed_stage_fixture(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    assert stage == "dev"
    assert apigw.get_stage(restApiId=api_id, stageName="dev")["stageName"] == "dev"
    method = apigw.get_resources(restApiId=api_id, embed=["methods"])["items"][0]
    assert method["resourceMethods"]["GET"]["apiKeyRequired"] is True
    assert method["resourceMethods"]["GET"]["methodIntegration"]["type"] == "MOCK"
    other, prod = deployed_stage(apigw, "prod")
    assert other != api_id and prod == "prod"


def test_stage_keys_accept_a_deployed_stage(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    key = apigw.create_api_key(name="k", stageKeys=[{"restApiId": api_id, "stageName": stage}])
    assert key["stageKeys"] == [f"{api_id}/{stage}"]
    assert_error(
        lambda: apigw.create_api_key(stageKeys=[{"restApiId": api_id, "stageName": "nope"}]),
        "NotFoundException",
        404,
        NO_STAGE,
    )


# ------------------------------------------------------------------------------ CreateDeployment


def test_create_deployment_with_a_stage_name_creates_the_stage(apigw: Any) -> None:
    api_id, _ = rest_api_with_get(apigw)
    with freeze_time("2024-05-01 12:00:00"):
        response = apigw.create_deployment(restApiId=api_id, stageName="dev")
    assert status(response) == 201
    when = dt.datetime(2024, 5, 1, 12, tzinfo=dt.timezone.utc)
    assert body(response) == {"id": response["id"], "createdDate": when}
    assert DEPLOYMENT_ID.match(response["id"])
    stage = apigw.get_stage(restApiId=api_id, stageName="dev")
    assert status(stage) == 200
    assert body(stage) == fresh_stage(when, response["id"], "dev")


def test_create_deployment_without_a_stage(apigw: Any) -> None:
    api_id, _ = rest_api_with_get(apigw)
    plain = apigw.create_deployment(restApiId=api_id, description="First deployment")
    assert body(plain) == {
        "id": plain["id"],
        "description": "First deployment",
        "createdDate": plain["createdDate"],
    }
    empty_name = apigw.create_deployment(restApiId=api_id, stageName="")
    assert status(empty_name) == 201
    assert apigw.get_stages(restApiId=api_id)["item"] == []


def test_create_deployment_with_stage_options(apigw: Any) -> None:
    api_id, _ = rest_api_with_get(apigw)
    deployment = apigw.create_deployment(
        restApiId=api_id,
        stageName="dev",
        stageDescription="Development Stage",
        description="First deployment to the dev stage",
        variables={"key": "value"},
        tracingEnabled=True,
        cacheClusterEnabled=True,
        cacheClusterSize="1.6",
    )
    stage = apigw.get_stage(restApiId=api_id, stageName="dev")
    assert stage["description"] == "Development Stage"
    assert stage["variables"] == {"key": "value"}
    assert stage["tracingEnabled"] is True
    assert stage["cacheClusterEnabled"] is True
    assert stage["cacheClusterSize"] == "1.6"
    assert stage["cacheClusterStatus"] == "AVAILABLE"
    assert stage["deploymentId"] == deployment["id"]


def test_redeploying_moves_an_existing_stage(apigw: Any) -> None:
    api_id, _ = rest_api_with_get(apigw)
    with freeze_time("2024-05-01 12:00:00"):
        first = apigw.create_deployment(
            restApiId=api_id, stageName="dev", stageDescription="dev stage", variables={"a": "1"}
        )
    with freeze_time("2024-05-02 12:00:00"):
        second = apigw.create_deployment(restApiId=api_id, stageName="dev", variables={"b": "2"})
    stage = apigw.get_stage(restApiId=api_id, stageName="dev")
    assert stage["deploymentId"] == second["id"] != first["id"]
    assert stage["description"] == "dev stage"
    assert stage["variables"] == {"a": "1", "b": "2"}
    assert stage["createdDate"] == dt.datetime(2024, 5, 1, 12, tzinfo=dt.timezone.utc)
    assert stage["lastUpdatedDate"] == dt.datetime(2024, 5, 2, 12, tzinfo=dt.timezone.utc)


def test_an_api_without_methods_cannot_be_deployed(apigw: Any) -> None:
    api = apigw.create_rest_api(name="empty")
    apigw.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")
    assert_error(
        lambda: apigw.create_deployment(restApiId=api["id"], stageName="dev"),
        "BadRequestException",
        400,
        "The REST API doesn't contain any methods",
    )
    assert apigw.get_deployments(restApiId=api["id"])["items"] == []
    assert apigw.get_stages(restApiId=api["id"])["item"] == []


def test_a_method_without_integration_cannot_be_deployed(apigw: Any) -> None:
    api = apigw.create_rest_api(name="half")
    apigw.put_method(
        restApiId=api["id"],
        resourceId=api["rootResourceId"],
        httpMethod="GET",
        authorizationType="NONE",
    )
    assert_error(
        lambda: apigw.create_deployment(restApiId=api["id"], stageName="dev"),
        "BadRequestException",
        400,
        "No integration defined for method",
    )
    assert apigw.get_deployments(restApiId=api["id"])["items"] == []


@pytest.mark.parametrize("name", ["bad name", "dev.1", "a" * 129, "stage!"])
def test_stage_names_are_checked(apigw: Any, name: str) -> None:
    api_id, _ = rest_api_with_get(apigw)
    message = "Stage name only allows a-zA-Z0-9_-"
    assert_error(
        lambda: apigw.create_deployment(restApiId=api_id, stageName=name),
        "BadRequestException",
        400,
        message,
    )
    deployment = apigw.create_deployment(restApiId=api_id)["id"]
    assert_error(
        lambda: apigw.create_stage(restApiId=api_id, stageName=name, deploymentId=deployment),
        "BadRequestException",
        400,
        message,
    )
    assert len(apigw.get_deployments(restApiId=api_id)["items"]) == 1


def test_stage_names_may_use_hyphens_and_underscores(apigw: Any) -> None:
    api_id, _ = rest_api_with_get(apigw)
    apigw.create_deployment(restApiId=api_id, stageName="my-stage_1")
    apigw.get_stage(restApiId=api_id, stageName="my-stage_1")


def test_deployment_calls_on_an_unknown_api(apigw: Any) -> None:
    message = f"Invalid API identifier specified {ACCOUNT}:nope000000"
    for call in (
        lambda: apigw.create_deployment(restApiId="nope000000", stageName="dev"),
        lambda: apigw.get_deployments(restApiId="nope000000"),
        lambda: apigw.get_deployment(restApiId="nope000000", deploymentId="abc123"),
        lambda: apigw.delete_deployment(restApiId="nope000000", deploymentId="abc123"),
        lambda: apigw.create_stage(restApiId="nope000000", stageName="s", deploymentId="abc123"),
        lambda: apigw.get_stages(restApiId="nope000000"),
        lambda: apigw.get_stage(restApiId="nope000000", stageName="dev"),
        lambda: apigw.delete_stage(restApiId="nope000000", stageName="dev"),
    ):
        assert_error(call, "NotFoundException", 404, message)


# ------------------------------------------------------------------------ Get/Delete deployments


def test_get_deployment_and_its_api_summary(apigw: Any) -> None:
    api_id, root = rest_api_with_get(apigw)
    deployment = apigw.create_deployment(restApiId=api_id, description="d")
    got = apigw.get_deployment(restApiId=api_id, deploymentId=deployment["id"])
    assert status(got) == 200
    assert body(got) == body(deployment)
    # A deployment freezes the API: later changes do not show in its summary.
    apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE")
    summary = apigw.get_deployment(
        restApiId=api_id, deploymentId=deployment["id"], embed=["apisummary"]
    )
    assert summary["apiSummary"] == {
        "/": {"GET": {"authorizationType": "NONE", "apiKeyRequired": True}}
    }


def test_get_deployments_pages_with_the_paginator(apigw: Any) -> None:
    api_id, _ = rest_api_with_get(apigw)
    made = [apigw.create_deployment(restApiId=api_id)["id"] for _ in range(5)]
    pages = apigw.get_paginator("get_deployments").paginate(
        restApiId=api_id, PaginationConfig={"PageSize": 2}
    )
    sizes, seen = [], []
    for page in pages:
        sizes.append(len(page["items"]))
        seen.extend(i["id"] for i in page["items"])
    assert sizes == [2, 2, 1]
    assert seen == made
    assert set(apigw.get_deployments(restApiId=api_id)["items"][0]) == {"id", "createdDate"}


def test_delete_deployment(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    serving = apigw.get_stage(restApiId=api_id, stageName=stage)["deploymentId"]
    assert_error(
        lambda: apigw.delete_deployment(restApiId=api_id, deploymentId=serving),
        "BadRequestException",
        400,
        "Active stages pointing to this deployment must be moved or deleted",
    )
    assert len(apigw.get_deployments(restApiId=api_id)["items"]) == 1
    spare = apigw.create_deployment(restApiId=api_id)["id"]
    response = apigw.delete_deployment(restApiId=api_id, deploymentId=spare)
    assert status(response) == 202
    assert [d["id"] for d in apigw.get_deployments(restApiId=api_id)["items"]] == [serving]
    for call in (
        lambda: apigw.get_deployment(restApiId=api_id, deploymentId=spare),
        lambda: apigw.delete_deployment(restApiId=api_id, deploymentId=spare),
    ):
        assert_error(call, "NotFoundException", 404, NO_DEPLOYMENT)
    apigw.delete_stage(restApiId=api_id, stageName=stage)
    apigw.delete_deployment(restApiId=api_id, deploymentId=serving)
    assert apigw.get_deployments(restApiId=api_id)["items"] == []


# ------------------------------------------------------------------------------ stages


def test_create_stage(apigw: Any) -> None:
    api_id, _ = rest_api_with_get(apigw)
    deployment = apigw.create_deployment(restApiId=api_id)["id"]
    with freeze_time("2024-05-01 12:00:00"):
        created = apigw.create_stage(
            restApiId=api_id,
            stageName="dev",
            deploymentId=deployment,
            description="dev stage",
            variables={"testVar": "default"},
            tags={"team": "payments"},
        )
    assert status(created) == 201
    when = dt.datetime(2024, 5, 1, 12, tzinfo=dt.timezone.utc)
    expected = {
        **fresh_stage(when, deployment, "dev"),
        "description": "dev stage",
        "variables": {"testVar": "default"},
        "tags": {"team": "payments"},
    }
    assert body(created) == expected
    assert body(apigw.get_stage(restApiId=api_id, stageName="dev")) == expected
    assert apigw.get_stages(restApiId=api_id)["item"] == [expected]


def test_create_stage_errors(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    deployment = apigw.get_stage(restApiId=api_id, stageName=stage)["deploymentId"]
    assert_error(
        lambda: apigw.create_stage(restApiId=api_id, stageName=stage, deploymentId=deployment),
        "ConflictException",
        409,
        "Stage already exists",
    )
    assert_error(
        lambda: apigw.create_stage(restApiId=api_id, stageName="other", deploymentId="abc123"),
        "NotFoundException",
        404,
        NO_DEPLOYMENT,
    )
    assert_error(
        lambda: apigw.create_stage(
            restApiId=api_id, stageName="other", deploymentId=deployment, tags={"aws:x": "y"}
        ),
        "BadRequestException",
        400,
        "Invalid tag key 'aws:x': the prefix 'aws:' is reserved",
    )
    assert [s["stageName"] for s in apigw.get_stages(restApiId=api_id)["item"]] == [stage]


def test_get_stages_filters_by_deployment(apigw: Any) -> None:
    api_id, _ = rest_api_with_get(apigw)
    first = apigw.create_deployment(restApiId=api_id, stageName="stage1")["id"]
    second = apigw.create_deployment(restApiId=api_id, stageName="stage2")["id"]
    everything = apigw.get_stages(restApiId=api_id)
    assert status(everything) == 200
    assert [s["stageName"] for s in everything["item"]] == ["stage1", "stage2"]
    only = apigw.get_stages(restApiId=api_id, deploymentId=first)["item"]
    assert [s["stageName"] for s in only] == ["stage1"]
    only = apigw.get_stages(restApiId=api_id, deploymentId=second)["item"]
    assert [s["stageName"] for s in only] == ["stage2"]


def test_delete_stage(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    response = apigw.delete_stage(restApiId=api_id, stageName=stage)
    assert status(response) == 202
    assert apigw.get_stages(restApiId=api_id)["item"] == []
    for call in (
        lambda: apigw.get_stage(restApiId=api_id, stageName=stage),
        lambda: apigw.delete_stage(restApiId=api_id, stageName=stage),
        lambda: apigw.update_stage(restApiId=api_id, stageName=stage, patchOperations=[]),
    ):
        assert_error(call, "NotFoundException", 404, NO_STAGE)


def test_deleting_the_rest_api_drops_its_stages(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    apigw.delete_rest_api(restApiId=api_id)
    assert_error(
        lambda: apigw.create_api_key(stageKeys=[{"restApiId": api_id, "stageName": stage}]),
        "NotFoundException",
        404,
        f"Invalid API identifier specified {ACCOUNT}:{api_id}",
    )


def test_stage_tags_through_the_stage_arn(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    arn = f"arn:aws:apigateway:us-east-1::/restapis/{api_id}/stages/{stage}"
    apigw.tag_resource(resourceArn=arn, tags={"env": "dev"})
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"env": "dev"}
    assert apigw.get_stage(restApiId=api_id, stageName=stage)["tags"] == {"env": "dev"}
    apigw.untag_resource(resourceArn=arn, tagKeys=["env"])
    assert "tags" not in apigw.get_stage(restApiId=api_id, stageName=stage)
    missing = f"arn:aws:apigateway:us-east-1::/restapis/{api_id}/stages/nope"
    assert_error(lambda: apigw.get_tags(resourceArn=missing), "NotFoundException", 404, NO_STAGE)


def test_rest_api_tags_through_the_api_arn(apigw: Any) -> None:
    api_id, _ = rest_api_with_get(apigw)
    arn = f"arn:aws:apigateway:us-east-1::/restapis/{api_id}"
    apigw.tag_resource(resourceArn=arn, tags={"k": "v"})
    assert apigw.get_rest_api(restApiId=api_id)["tags"] == {"k": "v"}


# ------------------------------------------------------------------------------ UpdateStage


def test_update_stage_basic_paths(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    second = apigw.create_deployment(restApiId=api_id)["id"]
    with freeze_time("2030-01-01 00:00:00"):
        response = apigw.update_stage(
            restApiId=api_id,
            stageName=stage,
            patchOperations=[
                {"op": "replace", "path": "/deploymentId", "value": second},
                {"op": "replace", "path": "/description", "value": "updated"},
                {"op": "replace", "path": "/tracingEnabled", "value": "true"},
                {"op": "replace", "path": "/cacheClusterEnabled", "value": "true"},
                {"op": "replace", "path": "/variables/color", "value": "blue"},
                {"op": "add", "path": "/variables/size", "value": "L"},
            ],
        )
    assert status(response) == 200
    assert response["deploymentId"] == second
    assert response["description"] == "updated"
    assert response["tracingEnabled"] is True
    assert response["cacheClusterEnabled"] is True
    assert response["cacheClusterSize"] == "0.5"
    assert response["variables"] == {"color": "blue", "size": "L"}
    assert response["lastUpdatedDate"] == dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    assert response["lastUpdatedDate"] > response["createdDate"]
    assert body(apigw.get_stage(restApiId=api_id, stageName=stage)) == body(response)
    removed = apigw.update_stage(
        restApiId=api_id,
        stageName=stage,
        patchOperations=[
            {"op": "remove", "path": "/variables/color"},
            {"op": "remove", "path": "/variables/size"},
        ],
    )
    assert "variables" not in removed


def test_update_stage_method_settings(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    response = apigw.update_stage(
        restApiId=api_id,
        stageName=stage,
        patchOperations=[
            {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "100"},
            {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "50"},
            {"op": "replace", "path": "/~1/GET/logging/loglevel", "value": "INFO"},
            {"op": "replace", "path": "/~1/GET/metrics/enabled", "value": "true"},
        ],
    )
    settings = response["methodSettings"]
    assert set(settings) == {"*/*", "~1/GET"}
    assert settings["*/*"]["throttlingRateLimit"] == 100.0
    assert settings["*/*"]["throttlingBurstLimit"] == 50
    assert "loggingLevel" not in settings["*/*"]
    assert settings["~1/GET"]["loggingLevel"] == "INFO"
    assert settings["~1/GET"]["metricsEnabled"] is True
    assert settings["~1/GET"]["cacheTtlInSeconds"] == 300
    removed = apigw.update_stage(
        restApiId=api_id,
        stageName=stage,
        patchOperations=[{"op": "remove", "path": "/~1/GET"}],
    )
    assert set(removed["methodSettings"]) == {"*/*"}


def test_method_settings_inherit_the_wildcard_settings(apigw: Any) -> None:
    """Recorded: ``test/GET`` starts from what ``*/*`` holds, a later ``*/*`` change does not
    reach it, and neither carries a loggingLevel nobody set."""
    api_id, stage = deployed_stage(apigw)
    first = apigw.update_stage(
        restApiId=api_id,
        stageName=stage,
        patchOperations=[
            {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "123"},
            {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
            {"op": "replace", "path": "/test/GET/throttling/burstLimit", "value": "124"},
        ],
    )
    wildcard = {
        "cacheDataEncrypted": False,
        "cacheTtlInSeconds": 300,
        "cachingEnabled": True,
        "dataTraceEnabled": False,
        "metricsEnabled": False,
        "requireAuthorizationForCacheControl": True,
        "throttlingBurstLimit": 123,
        "throttlingRateLimit": 10000.0,
        "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
    }
    assert first["methodSettings"] == {
        "*/*": wildcard,
        "test/GET": {**wildcard, "throttlingBurstLimit": 124},
    }
    second = apigw.update_stage(
        restApiId=api_id,
        stageName=stage,
        patchOperations=[{"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "100"}],
    )
    assert second["methodSettings"]["*/*"]["throttlingBurstLimit"] == 100
    assert second["methodSettings"]["test/GET"]["throttlingBurstLimit"] == 124
    assert second["methodSettings"]["test/GET"]["cachingEnabled"] is True


def test_method_settings_refuse_numbers_json_cannot_carry(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    for value in ("Infinity", "NaN", "1e400"):
        assert_error(
            lambda value=value: apigw.update_stage(
                restApiId=api_id,
                stageName=stage,
                patchOperations=[
                    {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": value}
                ],
            ),
            "BadRequestException",
            400,
            f"Invalid value {value} specified for /*/*/throttling/rateLimit",
        )
    assert apigw.get_stage(restApiId=api_id, stageName=stage)["methodSettings"] == {}


def test_access_log_settings(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:access"
    added = apigw.update_stage(
        restApiId=api_id,
        stageName=stage,
        patchOperations=[{"op": "add", "path": "/accessLogSettings/destinationArn", "value": arn}],
    )
    assert added["accessLogSettings"] == {"destinationArn": arn}
    replaced = apigw.update_stage(
        restApiId=api_id,
        stageName=stage,
        patchOperations=[
            {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": arn + "a"},
            {
                "op": "add",
                "path": "/accessLogSettings/format",
                "value": "$context.requestId $context.identity.sourceIp",
            },
        ],
    )
    assert replaced["accessLogSettings"] == {
        "destinationArn": arn + "a",
        "format": "$context.requestId $context.identity.sourceIp",
    }
    removed = apigw.update_stage(
        restApiId=api_id,
        stageName=stage,
        patchOperations=[{"op": "remove", "path": "/accessLogSettings"}],
    )
    assert "accessLogSettings" not in removed


ACCESS_LOG_PATHS = (
    "Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, "
    "/accessLogSettings/format]"
)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"op": "add", "path": "/accessLogSettings/randomValue", "value": "x"}, ACCESS_LOG_PATHS),
        (
            {"op": "replace", "path": "/accessLogSettings/randomValue", "value": "x"},
            ACCESS_LOG_PATHS,
        ),
        ({"op": "add", "path": "/accessLogSettings/*", "value": "x"}, ACCESS_LOG_PATHS),
        ({"op": "replace", "path": "/accessLogSettings", "value": "x"}, ACCESS_LOG_PATHS),
        (
            {"op": "remove", "path": "/accessLogSettings/randomValue"},
            "Cannot remove method setting accessLogSettings/randomValue because there is no "
            "method setting for this method ",
        ),
        (
            {"op": "remove", "path": "/accessLogSettings/destinationArn"},
            "Cannot remove method setting accessLogSettings/destinationArn because there is no "
            "method setting for this method ",
        ),
        (
            {"op": "replace", "path": "/accessLogSettings/format", "value": ""},
            "Access Log value must not be empty",
        ),
        (
            {"op": "replace", "path": "/canarySettings/deploymentId", "value": "deploy"},
            "Deployment id does not exist",
        ),
    ],
)
def test_access_log_and_canary_paths_are_refused_as_aws_does(
    apigw: Any, patch: Any, message: str
) -> None:
    api_id, stage = deployed_stage(apigw)
    before = body(apigw.get_stage(restApiId=api_id, stageName=stage))
    assert_error(
        lambda: apigw.update_stage(restApiId=api_id, stageName=stage, patchOperations=[patch]),
        "BadRequestException",
        400,
        message,
    )
    assert body(apigw.get_stage(restApiId=api_id, stageName=stage)) == before


def test_a_canary_on_an_unknown_deployment(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    deployment_id = apigw.get_stage(restApiId=api_id, stageName=stage)["deploymentId"]
    assert_error(
        lambda: apigw.create_stage(
            restApiId=api_id,
            stageName="dev2",
            deploymentId=deployment_id,
            canarySettings={"deploymentId": "deploy", "percentTraffic": 60},
        ),
        "BadRequestException",
        400,
        "Deployment id does not exist",
    )
    assert [s["stageName"] for s in apigw.get_stages(restApiId=api_id)["item"]] == [stage]


def test_update_stage_canary_settings(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    canary = apigw.create_deployment(
        restApiId=api_id,
        stageName=stage,
        canarySettings={"percentTraffic": 50.0, "stageVariableOverrides": {"testVar": "canary"}},
    )
    got = apigw.get_stage(restApiId=api_id, stageName=stage)
    assert got["canarySettings"] == {
        "deploymentId": canary["id"],
        "percentTraffic": 50.0,
        "stageVariableOverrides": {"testVar": "canary"},
        "useStageCache": False,
    }
    assert got["deploymentId"] != canary["id"]
    updated = apigw.update_stage(
        restApiId=api_id,
        stageName=stage,
        patchOperations=[
            {
                "op": "replace",
                "path": "/canarySettings/stageVariableOverrides/testVar",
                "value": "updated",
            },
            {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "25"},
        ],
    )
    assert updated["canarySettings"]["stageVariableOverrides"] == {"testVar": "updated"}
    assert updated["canarySettings"]["percentTraffic"] == 25.0
    assert_error(
        lambda: apigw.delete_deployment(restApiId=api_id, deploymentId=canary["id"]),
        "BadRequestException",
        400,
        "Active stages pointing to this deployment must be moved or deleted",
    )
    removed = apigw.update_stage(
        restApiId=api_id,
        stageName=stage,
        patchOperations=[{"op": "remove", "path": "/canarySettings"}],
    )
    assert "canarySettings" not in removed


def test_canary_deployments_need_an_existing_stage(apigw: Any) -> None:
    api_id, _ = rest_api_with_get(apigw)
    assert_error(
        lambda: apigw.create_deployment(restApiId=api_id, canarySettings={"percentTraffic": 50}),
        "BadRequestException",
        400,
        "Invalid deployment content specified.Non null and non empty stageName must be provided "
        "for canary deployment. Provided value is null",
    )
    assert_error(
        lambda: apigw.create_deployment(
            restApiId=api_id, stageName="", canarySettings={"percentTraffic": 50}
        ),
        "BadRequestException",
        400,
        "Invalid deployment content specified.Non null and non empty stageName must be provided "
        "for canary deployment. Provided value is ",
    )
    assert_error(
        lambda: apigw.create_deployment(
            restApiId=api_id, stageName="non-existing", canarySettings={"percentTraffic": 50}
        ),
        "BadRequestException",
        400,
        "Invalid deployment content specified.Stage non-existing must already be created before "
        "making a canary release deployment",
    )
    assert apigw.get_deployments(restApiId=api_id)["items"] == []


@pytest.mark.parametrize(
    ("patch", "code", "http", "message"),
    [
        (
            {"op": "replace", "path": "/canarySettings/badPath", "value": "x"},
            "BadRequestException",
            400,
            f"Invalid method setting path: /canarySettings/badPath. Must be one of: {STAGE_PATHS}",
        ),
        (
            {"op": "replace", "path": "/stageName", "value": "x"},
            "BadRequestException",
            400,
            f"Invalid method setting path: /stageName. Must be one of: {STAGE_PATHS}",
        ),
        (
            {"op": "remove", "path": "/canarySettings/stageVariableOverrides"},
            "BadRequestException",
            400,
            "Cannot remove method setting canarySettings/stageVariableOverrides because there is "
            "no method setting for this method ",
        ),
        (
            {"op": "remove", "path": "/canarySettings/badPath"},
            "BadRequestException",
            400,
            "Cannot remove method setting canarySettings/badPath because there is no method "
            "setting for this method ",
        ),
        (
            {"op": "add", "path": "/canarySettings/deploymentId", "value": "abc123"},
            "BadRequestException",
            400,
            "Invalid add operation with path: /canarySettings/deploymentId",
        ),
        (
            {"op": "remove", "path": "/variables/missing"},
            "BadRequestException",
            400,
            "Cannot remove method setting variables/missing because there is no method setting "
            "for this method ",
        ),
        (
            {"op": "move", "path": "/description", "value": "x"},
            "BadRequestException",
            400,
            "Invalid patch operation specified. Must be 'add'|'remove'|'replace'",
        ),
        (
            {"op": "replace", "path": "/deploymentId", "value": "abc123"},
            "NotFoundException",
            404,
            NO_DEPLOYMENT,
        ),
    ],
)
def test_update_stage_rejects_and_changes_nothing(
    apigw: Any, patch: Any, code: str, http: int, message: str
) -> None:
    api_id, stage = deployed_stage(apigw)
    before = body(apigw.get_stage(restApiId=api_id, stageName=stage))
    assert_error(
        lambda: apigw.update_stage(
            restApiId=api_id,
            stageName=stage,
            patchOperations=[{"op": "replace", "path": "/description", "value": "x"}, patch],
        ),
        code,
        http,
        message,
    )
    assert body(apigw.get_stage(restApiId=api_id, stageName=stage)) == before


# ------------------------------------------------------------------------------ isolation


def test_rest_apis_are_per_region_and_account(apigw: Any) -> None:
    api_id, _ = deployed_stage(apigw)
    other = boto3.client("apigateway", region_name="eu-west-1")
    assert other.get_rest_apis()["items"] == []
    assert_error(
        lambda: other.get_stage(restApiId=api_id, stageName="dev"),
        "NotFoundException",
        404,
        f"Invalid API identifier specified {ACCOUNT}:{api_id}",
    )
