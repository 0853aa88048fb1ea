"""GetAccount / UpdateAccount, per account and region.

Pinned: a new account's throttle settings are burstLimit 5000 and rateLimit 10000.0 with no
cloudwatchRoleArn (terraform-provider-aws ``testAccAccount_basic``, run against AWS); a role ARN
that is not one is ``The role ARN is not well formed`` (AWS's text, quoted by the provider);
replacing the role with no value clears it (the provider's reset). The rest is mockgw's
documented choice (account.py).
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from mockgw import mock_apigateway
from tests.helpers import assert_error, body, status

ROLE = "arn:aws:iam::123412341234:role/APIGatewayToCloudWatchLogs"
DEFAULT = {
    "throttleSettings": {"burstLimit": 5000, "rateLimit": 10000.0},
    "features": ["UsagePlans"],
    "apiKeyVersion": "4",
}


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


def test_a_new_account(apigw: Any) -> None:
    response = apigw.get_account()
    assert status(response) == 200
    assert body(response) == DEFAULT


def test_set_and_clear_the_cloudwatch_role(apigw: Any) -> None:
    updated = apigw.update_account(
        patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": ROLE}]
    )
    assert body(updated) == {**DEFAULT, "cloudwatchRoleArn": ROLE}
    assert apigw.get_account()["cloudwatchRoleArn"] == ROLE
    cleared = apigw.update_account(
        patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn"}]
    )
    assert body(cleared) == DEFAULT


def test_settings_are_per_account_and_region() -> None:
    with mock_apigateway():
        east = boto3.client("apigateway", region_name="us-east-1")
        west = boto3.client("apigateway", region_name="us-west-2")
        other = boto3.client(
            "apigateway",
            region_name="us-east-1",
            aws_access_key_id="210987654321",
            aws_secret_access_key="x",
        )
        east.update_account(
            patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": ROLE}]
        )
        assert east.get_account()["cloudwatchRoleArn"] == ROLE
        assert "cloudwatchRoleArn" not in west.get_account()
        assert "cloudwatchRoleArn" not in other.get_account()


def test_a_usage_plans_feature_can_be_added_but_not_removed(apigw: Any) -> None:
    added = apigw.update_account(
        patchOperations=[{"op": "add", "path": "/features", "value": "UsagePlans"}]
    )
    assert added["features"] == ["UsagePlans"]
    assert_error(
        lambda: apigw.update_account(
            patchOperations=[{"op": "remove", "path": "/features", "value": "UsagePlans"}]
        ),
        "BadRequestException",
        400,
        "Usage Plans cannot be disabled once enabled",
    )


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (
            {"op": "replace", "path": "/cloudwatchRoleArn", "value": "not-a-role"},
            "The role ARN is not well formed",
        ),
        (
            {"op": "replace", "path": "/cloudwatchRoleArn", "value": "arn:aws:iam::123:user/x"},
            "The role ARN is not well formed",
        ),
        (
            {"op": "replace", "path": "/throttleSettings/burstLimit", "value": "10"},
            "Invalid patch path  '/throttleSettings/burstLimit' specified for op 'replace'. "
            "Must be one of: [/cloudwatchRoleArn]",
        ),
        (
            {"op": "replace", "path": "/throttleSettings", "value": "{}"},
            "Invalid patch path  '/throttleSettings' specified for op 'replace'. "
            "Must be one of: [/cloudwatchRoleArn]",
        ),
        (
            {"op": "add", "path": "/features", "value": "Widgets"},
            "Invalid feature specified: Widgets",
        ),
        (
            {"op": "move", "path": "/cloudwatchRoleArn"},
            "Invalid patch operation specified. Must be one of: [add, remove, replace]",
        ),
    ],
)
def test_update_errors_change_nothing(apigw: Any, operation: dict[str, str], message: str) -> None:
    assert_error(
        lambda: apigw.update_account(
            patchOperations=[
                {"op": "replace", "path": "/cloudwatchRoleArn", "value": ROLE},
                operation,
            ]
        ),
        "BadRequestException",
        400,
        message,
    )
    assert body(apigw.get_account()) == DEFAULT
