"""AppSync Event APIs: CreateApi, GetApi, ListApis, UpdateApi, DeleteApi."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from mockgw import mock, mock_appsync
from tests.helpers import assert_error, body, client_error, status

API_ID = re.compile(r"^[a-z2-7]{25}[aeimquy4]$")
ACCOUNT = "123456789012"
NOW = dt.datetime(2030, 5, 17, 12, 30, tzinfo=dt.timezone.utc)
KEY_ONLY = {
    "authProviders": [{"authType": "API_KEY"}],
    "connectionAuthModes": [{"authType": "API_KEY"}],
    "defaultPublishAuthModes": [{"authType": "API_KEY"}],
    "defaultSubscribeAuthModes": [{"authType": "API_KEY"}],
}
NOT_FOUND = "API not found."


@pytest.fixture
def mocked() -> Iterator[Any]:
    with freeze_time(NOW), mock_appsync() as m:
        yield m


@pytest.fixture
def appsync(mocked: Any) -> Any:
    return boto3.client("appsync", region_name="eu-west-1")


def create(appsync: Any, name: str = "chat", **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("eventConfig", KEY_ONLY)
    api: dict[str, Any] = appsync.create_api(name=name, **kwargs)["api"]
    return api


def expected(api_id: str, name: str = "chat", region: str = "eu-west-1", **changes: Any) -> dict:
    return {
        "apiId": api_id,
        "name": name,
        "tags": {},
        "dns": {
            "HTTP": f"{api_id}.appsync-api.{region}.amazonaws.com",
            "REALTIME": f"{api_id}.appsync-realtime-api.{region}.amazonaws.com",
        },
        "apiArn": f"arn:aws:appsync:{region}:{ACCOUNT}:apis/{api_id}",
        "created": NOW,
        "xrayEnabled": False,
        "eventConfig": KEY_ONLY,
        **changes,
    }


# ---------------------------------------------------------------------------- CreateApi


def test_create_answers_aws_shape_and_formats(appsync: Any) -> None:
    response = appsync.create_api(name="chat", eventConfig=KEY_ONLY)
    assert status(response) == 200
    api = response["api"]
    assert API_ID.match(api["apiId"])
    assert api == expected(api["apiId"])
    assert isinstance(api["created"], dt.datetime)
    assert "ownerContact" not in api and "wafWebAclArn" not in api


def test_create_keeps_every_member_and_fills_nested_defaults(appsync: Any) -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/logs"
    lam = f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:auth"
    config = {
        "authProviders": [
            {
                "authType": "AMAZON_COGNITO_USER_POOLS",
                "cognitoConfig": {"userPoolId": "eu-west-1_abc", "awsRegion": "eu-west-1"},
            },
            {"authType": "AWS_LAMBDA", "lambdaAuthorizerConfig": {"authorizerUri": lam}},
            {
                "authType": "OPENID_CONNECT",
                "openIDConnectConfig": {"issuer": "https://example.com", "clientId": "c"},
            },
            {"authType": "AWS_IAM"},
        ],
        "connectionAuthModes": [{"authType": "AWS_LAMBDA"}],
        "defaultPublishAuthModes": [{"authType": "AWS_IAM"}, {"authType": "OPENID_CONNECT"}],
        "defaultSubscribeAuthModes": [{"authType": "AMAZON_COGNITO_USER_POOLS"}],
        "logConfig": {"logLevel": "ERROR", "cloudWatchLogsRoleArn": role},
    }
    api = create(
        appsync,
        eventConfig=config,
        ownerContact="no-reply@example.com",
        tags={"team": "chat"},
    )
    filled = {
        **config,
        "authProviders": [
            config["authProviders"][0],
            {
                "authType": "AWS_LAMBDA",
                "lambdaAuthorizerConfig": {"authorizerUri": lam, "authorizerResultTtlInSeconds": 0},
            },
            {
                "authType": "OPENID_CONNECT",
                "openIDConnectConfig": {
                    "issuer": "https://example.com",
                    "clientId": "c",
                    "iatTTL": 0,
                    "authTTL": 0,
                },
            },
            {"authType": "AWS_IAM"},
        ],
    }
    assert api == expected(
        api["apiId"],
        eventConfig=filled,
        ownerContact="no-reply@example.com",
        tags={"team": "chat"},
    )


@pytest.mark.parametrize(
    ("provider", "message"),
    [
        ({"authType": "AMAZON_COGNITO_USER_POOLS"}, "Cognito Config missing"),
        ({"authType": "OPENID_CONNECT"}, "OpenID Connect Config missing"),
        ({"authType": "AWS_LAMBDA"}, "Lambda Authorizer Config missing"),
    ],
)
def test_a_provider_without_its_config_is_refused(
    appsync: Any, provider: dict[str, str], message: str
) -> None:
    config = {**KEY_ONLY, "authProviders": [{"authType": "API_KEY"}, provider]}
    assert_error(lambda: create(appsync, eventConfig=config), "BadRequestException", 400, message)
    assert appsync.list_apis()["apis"] == []


@pytest.mark.parametrize("modes", ["connectionAuthModes", "defaultPublishAuthModes"])
def test_an_auth_mode_without_its_provider_is_refused(appsync: Any, modes: str) -> None:
    config = {**KEY_ONLY, modes: [{"authType": "API_KEY"}, {"authType": "AWS_IAM"}]}
    assert_error(
        lambda: create(appsync, eventConfig=config),
        "BadRequestException",
        400,
        "The auth mode AWS_IAM has no matching auth provider.",
    )
    assert appsync.list_apis()["apis"] == []


def test_names_break_the_model_rules_with_a_validation_error(appsync: Any) -> None:
    assert_error(
        lambda: create(appsync, name="no/slash"),
        "BadRequestException",
        400,
        "1 validation error detected: Value 'no/slash' at 'name' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [A-Za-z0-9_\\-\\ ]+",
    )


def test_ids_are_distinct_across_graphql_and_event_apis(appsync: Any) -> None:
    made = {create(appsync, name=f"e{i}")["apiId"] for i in range(10)}
    made |= {
        appsync.create_graphql_api(name=f"g{i}", authenticationType="API_KEY")["graphqlApi"][
            "apiId"
        ]
        for i in range(10)
    }
    assert len(made) == 20


# ---------------------------------------------------------------------------- GetApi, ListApis


def test_get_returns_what_create_returned(appsync: Any) -> None:
    api = create(appsync, tags={"a": "b"})
    response = appsync.get_api(apiId=api["apiId"])
    assert status(response) == 200 and response["api"] == api


def test_unknown_api_is_not_found_everywhere(appsync: Any) -> None:
    for call in (
        lambda: appsync.get_api(apiId="nosuchapi"),
        lambda: appsync.update_api(apiId="nosuchapi", name="x", eventConfig=KEY_ONLY),
        lambda: appsync.delete_api(apiId="nosuchapi"),
    ):
        assert_error(call, "NotFoundException", 404, NOT_FOUND)


def test_a_graphql_api_is_not_an_event_api(appsync: Any) -> None:
    graphql = appsync.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
    assert_error(
        lambda: appsync.get_api(apiId=graphql["apiId"]), "NotFoundException", 404, NOT_FOUND
    )
    event = create(appsync)
    assert appsync.list_apis()["apis"] == [event]
    assert appsync.list_graphql_apis()["graphqlApis"] == [graphql]
    assert_error(
        lambda: appsync.get_graphql_api(apiId=event["apiId"]),
        "NotFoundException",
        404,
        f"GraphQL API {event['apiId']} not found.",
    )


def test_list_pages_in_creation_order(appsync: Any) -> None:
    assert body(appsync.list_apis()) == {"apis": []}
    made = [create(appsync, name=f"api{i}") for i in range(27)]
    first = appsync.list_apis()
    assert first["apis"] == made[:25]
    rest = appsync.list_apis(nextToken=first["nextToken"])
    assert rest["apis"] == made[25:] and "nextToken" not in rest
    pages = list(appsync.get_paginator("list_apis").paginate(PaginationConfig={"PageSize": 10}))
    assert [len(p["apis"]) for p in pages] == [10, 10, 7]
    assert_error(
        lambda: appsync.list_apis(nextToken="forged"),
        "BadRequestException",
        400,
        "Invalid pagination token given.",
    )


# ---------------------------------------------------------------------------- UpdateApi


def test_update_replaces_the_configuration(appsync: Any) -> None:
    api = create(appsync, ownerContact="team", tags={"a": "b"})
    config = {**KEY_ONLY, "authProviders": [{"authType": "API_KEY"}, {"authType": "AWS_IAM"}]}
    config["defaultPublishAuthModes"] = [{"authType": "AWS_IAM"}]
    response = appsync.update_api(apiId=api["apiId"], name="renamed", eventConfig=config)
    assert status(response) == 200
    want = {**api, "name": "renamed", "eventConfig": config}
    del want["ownerContact"]  # a full replacement: left out, it is removed
    assert response["api"] == want
    assert appsync.get_api(apiId=api["apiId"])["api"] == want


def test_a_refused_update_changes_nothing(appsync: Any) -> None:
    api = create(appsync)
    config = {**KEY_ONLY, "connectionAuthModes": [{"authType": "AWS_LAMBDA"}]}
    error = client_error(
        lambda: appsync.update_api(apiId=api["apiId"], name="renamed", eventConfig=config)
    )
    assert error.response["Error"]["Message"] == (
        "The auth mode AWS_LAMBDA has no matching auth provider."
    )
    assert appsync.get_api(apiId=api["apiId"])["api"] == api


# ---------------------------------------------------------------------------- DeleteApi


def test_delete_removes_the_api_its_keys_and_namespaces(appsync: Any, mocked: Any) -> None:
    keep, gone = create(appsync, name="keep"), create(appsync, name="gone")
    appsync.create_api_key(apiId=gone["apiId"])
    appsync.create_channel_namespace(apiId=gone["apiId"], name="default")
    assert mocked.world.directory.locate("api", gone["apiId"]) == (ACCOUNT, "eu-west-1")
    response = appsync.delete_api(apiId=gone["apiId"])
    assert status(response) == 200 and body(response) == {}
    assert appsync.list_apis()["apis"] == [keep]
    assert mocked.world.directory.locate("api", gone["apiId"]) is None
    for call in (
        lambda: appsync.get_api(apiId=gone["apiId"]),
        lambda: appsync.delete_api(apiId=gone["apiId"]),
        lambda: appsync.list_channel_namespaces(apiId=gone["apiId"]),
    ):
        assert_error(call, "NotFoundException", 404, NOT_FOUND)
    assert_error(
        lambda: appsync.list_api_keys(apiId=gone["apiId"]),
        "NotFoundException",
        404,
        f"GraphQL API {gone['apiId']} not found.",
    )


# ---------------------------------------------------------------------------- accounts, regions


def test_apis_live_in_their_account_and_region() -> None:
    with mock() as m:
        home = boto3.client("appsync", region_name="us-east-1")
        api = create(home)
        assert api["apiArn"] == f"arn:aws:appsync:us-east-1:{ACCOUNT}:apis/{api['apiId']}"
        elsewhere = boto3.client("appsync", region_name="ap-southeast-2")
        assert elsewhere.list_apis()["apis"] == []
        assert_error(
            lambda: elsewhere.get_api(apiId=api["apiId"]), "NotFoundException", 404, NOT_FOUND
        )
        china = create(boto3.client("appsync", region_name="cn-north-1"))
        assert china["apiArn"].startswith("arn:aws-cn:appsync:cn-north-1:")
        assert china["dns"]["HTTP"].endswith(".appsync-api.cn-north-1.amazonaws.com.cn")
        assert m.world.directory.locate("api", china["apiId"]) == (ACCOUNT, "cn-north-1")
