"""TagResource / UntagResource / GetTags on API Gateway resources (aws-behaviour.md section 13)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from mockgw import mock_apigateway
from tests.helpers import assert_error


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="eu-west-1")


def key_arn(key_id: str, region: str = "eu-west-1") -> str:
    return f"arn:aws:apigateway:{region}::/apikeys/{key_id}"


def test_tag_untag_and_get(apigw: Any) -> None:
    key = apigw.create_api_key(name="k", tags={"a": "1"})
    arn = key_arn(key["id"])
    response = apigw.tag_resource(resourceArn=arn, tags={"b": "2", "a": "one"})
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"a": "one", "b": "2"}
    response = apigw.untag_resource(resourceArn=arn, tagKeys=["a", "never-there"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"b": "2"}
    assert apigw.get_api_key(apiKey=key["id"])["tags"] == {"b": "2"}
    assert apigw.get_api_keys()["items"][0]["tags"] == {"b": "2"}


def test_untagging_everything_leaves_an_empty_map(apigw: Any) -> None:
    key = apigw.create_api_key(tags={"a": "1"})
    apigw.untag_resource(resourceArn=key_arn(key["id"]), tagKeys=["a"])
    assert apigw.get_tags(resourceArn=key_arn(key["id"]))["tags"] == {}
    assert "tags" not in apigw.get_api_keys()["items"][0]


def test_unknown_resource(apigw: Any) -> None:
    assert_error(
        lambda: apigw.get_tags(resourceArn=key_arn("nosuchkey0")),
        "NotFoundException",
        404,
        "Invalid API Key identifier specified",
    )


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:apigateway:us-east-1::/apikeys/abc",  # another region
        "arn:aws:apigateway:eu-west-1::/widgets/abc",
        "not-an-arn",
    ],
)
def test_foreign_or_malformed_arns(apigw: Any, arn: str) -> None:
    assert_error(
        lambda: apigw.get_tags(resourceArn=arn),
        "BadRequestException",
        400,
        f"Invalid resource ARN specified: {arn}",
    )


def test_reserved_prefix_is_refused_and_nothing_changes(apigw: Any) -> None:
    key = apigw.create_api_key(tags={"a": "1"})
    assert_error(
        lambda: apigw.tag_resource(
            resourceArn=key_arn(key["id"]), tags={"b": "2", "aws:cloudformation:x": "y"}
        ),
        "BadRequestException",
        400,
        "Invalid tag key 'aws:cloudformation:x': the prefix 'aws:' is reserved",
    )
    assert apigw.get_tags(resourceArn=key_arn(key["id"]))["tags"] == {"a": "1"}


def test_at_most_50_tags(apigw: Any) -> None:
    key = apigw.create_api_key(tags={f"k{i}": "v" for i in range(50)})
    assert_error(
        lambda: apigw.tag_resource(resourceArn=key_arn(key["id"]), tags={"one-more": "v"}),
        "BadRequestException",
        400,
        "Too many tags: at most 50 tags are allowed per resource",
    )


def test_tags_in_the_china_partition() -> None:
    with mock_apigateway():
        client = boto3.client("apigateway", region_name="cn-north-1")
        key = client.create_api_key(tags={"a": "1"})
        arn = f"arn:aws-cn:apigateway:cn-north-1::/apikeys/{key['id']}"
        assert client.get_tags(resourceArn=arn)["tags"] == {"a": "1"}
