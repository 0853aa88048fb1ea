"""AppSync GraphQL APIs: Create, Get, List, Update, Delete, with AWS's formats and defaults."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from mockgw import mock, mock_appsync
from tests.helpers import assert_error

API_ID = re.compile(r"^[a-z2-7]{25}[aeimquy4]$")
ACCOUNT = "123456789012"


@pytest.fixture
def appsync() -> Iterator[Any]:
    with mock_appsync():
        yield boto3.client("appsync", region_name="eu-west-1")


def expected_api(
    api_id: str, name: str, region: str = "eu-west-1", **changes: Any
) -> dict[str, Any]:
    """What AWS answers for an API created with only a name and API_KEY authentication."""
    graphql = f"{api_id}.appsync-api.{region}.amazonaws.com"
    realtime = f"{api_id}.appsync-realtime-api.{region}.amazonaws.com"
    return {
        "name": name,
        "apiId": api_id,
        "authenticationType": "API_KEY",
        "arn": f"arn:aws:appsync:{region}:{ACCOUNT}:apis/{api_id}",
        "uris": {"GRAPHQL": f"https://{graphql}/graphql", "REALTIME": f"wss://{realtime}/graphql"},
        "dns": {"GRAPHQL": graphql, "REALTIME": realtime},
        "tags": {},
        "additionalAuthenticationProviders": [],
        "xrayEnabled": False,
        "visibility": "GLOBAL",
        "apiType": "GRAPHQL",
        "owner": ACCOUNT,
        "introspectionConfig": "ENABLED",
        "queryDepthLimit": 0,
        "resolverCountLimit": 0,
        **changes,
    }


def create(appsync: Any, name: str = "orders", **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("authenticationType", "API_KEY")
    api: dict[str, Any] = appsync.create_graphql_api(name=name, **kwargs)["graphqlApi"]
    return api


# ---------------------------------------------------------------------------- CreateGraphqlApi


def test_create_fills_aws_defaults_and_formats(appsync: Any) -> None:
    response = appsync.create_graphql_api(name="orders", authenticationType="API_KEY")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    api = response["graphqlApi"]
    assert API_ID.match(api["apiId"])
    assert api == expected_api(api["apiId"], "orders")


def test_create_echoes_every_member_with_nested_defaults(appsync: Any) -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/appsync-logs"
    api = create(
        appsync,
        name="My AppSync App",
        authenticationType="OPENID_CONNECT",
        openIDConnectConfig={"issuer": "https://issuer.example.com", "clientId": "c1"},
        logConfig={"fieldLogLevel": "ERROR", "cloudWatchLogsRoleArn": role},
        additionalAuthenticationProviders=[
            {"authenticationType": "API_KEY"},
            {
                "authenticationType": "OPENID_CONNECT",
                "openIDConnectConfig": {"issuer": "https://other.example.com", "authTTL": 60},
            },
            {
                "authenticationType": "AMAZON_COGNITO_USER_POOLS",
                "userPoolConfig": {"userPoolId": "eu-west-1_abc", "awsRegion": "eu-west-1"},
            },
        ],
        xrayEnabled=True,
        visibility="PRIVATE",
        ownerContact="team@example.com",
        introspectionConfig="DISABLED",
        queryDepthLimit=5,
        resolverCountLimit=10,
        tags={"team": "payments", "env": "prod"},
    )
    assert api == expected_api(
        api["apiId"],
        "My AppSync App",
        authenticationType="OPENID_CONNECT",
        openIDConnectConfig={
            "issuer": "https://issuer.example.com",
            "clientId": "c1",
            "iatTTL": 0,
            "authTTL": 0,
        },
        logConfig={
            "fieldLogLevel": "ERROR",
            "cloudWatchLogsRoleArn": role,
            "excludeVerboseContent": False,
        },
        additionalAuthenticationProviders=[
            {"authenticationType": "API_KEY"},
            {
                "authenticationType": "OPENID_CONNECT",
                "openIDConnectConfig": {
                    "issuer": "https://other.example.com",
                    "authTTL": 60,
                    "iatTTL": 0,
                },
            },
            {
                "authenticationType": "AMAZON_COGNITO_USER_POOLS",
                "userPoolConfig": {"userPoolId": "eu-west-1_abc", "awsRegion": "eu-west-1"},
            },
        ],
        xrayEnabled=True,
        visibility="PRIVATE",
        ownerContact="team@example.com",
        introspectionConfig="DISABLED",
        queryDepthLimit=5,
        resolverCountLimit=10,
        tags={"team": "payments", "env": "prod"},
    )


def test_merged_api_and_lambda_authorizer_are_kept(appsync: Any) -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/merge"
    lam = f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:auth"
    api = create(
        appsync,
        authenticationType="AWS_LAMBDA",
        apiType="MERGED",
        mergedApiExecutionRoleArn=role,
        lambdaAuthorizerConfig={"authorizerUri": lam, "authorizerResultTtlInSeconds": 60},
    )
    assert api["apiType"] == "MERGED"
    assert api["mergedApiExecutionRoleArn"] == role
    assert api["lambdaAuthorizerConfig"] == {
        "authorizerUri": lam,
        "authorizerResultTtlInSeconds": 60,
    }


def test_ids_are_distinct(appsync: Any) -> None:
    ids = {create(appsync, name=f"api{i}")["apiId"] for i in range(30)}
    assert len(ids) == 30 and all(API_ID.match(i) for i in ids)


def test_an_unknown_authentication_type_is_a_bad_request(appsync: Any) -> None:
    error = assert_error(
        lambda: appsync.create_graphql_api(name="x", authenticationType="PASSWORD"),
        "BadRequestException",
        400,
        "1 validation error detected: Value 'PASSWORD' at 'authenticationType' failed to "
        "satisfy constraint: Member must satisfy enum value set: "
        "[API_KEY, AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT, AWS_LAMBDA]",
    )
    assert error.response["Error"]["Code"] == "BadRequestException"
    assert appsync.list_graphql_apis()["graphqlApis"] == []


def test_query_depth_limit_above_75_is_a_bad_request(appsync: Any) -> None:
    assert_error(
        lambda: create(appsync, queryDepthLimit=76),
        "BadRequestException",
        400,
        "1 validation error detected: Value '76' at 'queryDepthLimit' failed to satisfy "
        "constraint: Member must have value less than or equal to 75",
    )


# ---------------------------------------------------------------------------- GetGraphqlApi


def test_get_returns_what_create_returned(appsync: Any) -> None:
    api = create(appsync, tags={"a": "b"})
    response = appsync.get_graphql_api(apiId=api["apiId"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["graphqlApi"] == api


def test_get_unknown_api_is_not_found(appsync: Any) -> None:
    assert_error(
        lambda: appsync.get_graphql_api(apiId="abcdefghijklmnopqrstuvwxyz"),
        "NotFoundException",
        404,
        "GraphQL API abcdefghijklmnopqrstuvwxyz not found.",
    )


# ---------------------------------------------------------------------------- ListGraphqlApis


def test_list_is_empty_then_in_creation_order(appsync: Any) -> None:
    response = appsync.list_graphql_apis()
    assert response["graphqlApis"] == [] and "nextToken" not in response
    made = [create(appsync, name=f"api{i}") for i in range(3)]
    assert appsync.list_graphql_apis()["graphqlApis"] == made


def test_list_pages_with_the_paginator_and_25_by_default(appsync: Any) -> None:
    made = [create(appsync, name=f"api{i}") for i in range(27)]
    first = appsync.list_graphql_apis()
    assert first["graphqlApis"] == made[:25]
    assert appsync.list_graphql_apis(maxResults=0)["graphqlApis"] == made[:25]
    rest = appsync.list_graphql_apis(nextToken=first["nextToken"])
    assert rest["graphqlApis"] == made[25:] and "nextToken" not in rest
    pages = list(
        appsync.get_paginator("list_graphql_apis").paginate(PaginationConfig={"PageSize": 10})
    )
    assert [len(p["graphqlApis"]) for p in pages] == [10, 10, 7]
    assert [a for p in pages for a in p["graphqlApis"]] == made


def test_list_filters_by_api_type_and_owner(appsync: Any) -> None:
    plain = create(appsync, name="plain")
    merged = create(appsync, name="merged", apiType="MERGED")
    later = create(appsync, name="later")
    assert appsync.list_graphql_apis(apiType="MERGED")["graphqlApis"] == [merged]
    assert appsync.list_graphql_apis(apiType="GRAPHQL")["graphqlApis"] == [plain, later]
    everything = [plain, merged, later]
    assert appsync.list_graphql_apis(owner="CURRENT_ACCOUNT")["graphqlApis"] == everything
    assert appsync.list_graphql_apis(owner="OTHER_ACCOUNTS")["graphqlApis"] == []
    filtered = appsync.list_graphql_apis(apiType="GRAPHQL", maxResults=1)
    assert filtered["graphqlApis"] == [plain]
    following = appsync.list_graphql_apis(apiType="GRAPHQL", nextToken=filtered["nextToken"])
    assert following["graphqlApis"] == [later] and "nextToken" not in following
    # No token when nothing else matches, even though other APIs follow.
    only = appsync.list_graphql_apis(apiType="MERGED", maxResults=1)
    assert only["graphqlApis"] == [merged] and "nextToken" not in only


def test_list_refuses_a_forged_token(appsync: Any) -> None:
    assert_error(
        lambda: appsync.list_graphql_apis(nextToken="not-a-token"),
        "BadRequestException",
        400,
        "Invalid pagination token given.",
    )


# ---------------------------------------------------------------------------- UpdateGraphqlApi


def test_update_changes_what_it_is_given_and_keeps_the_rest(appsync: Any) -> None:
    api = create(appsync, xrayEnabled=True, tags={"team": "a"}, visibility="PRIVATE")
    response = appsync.update_graphql_api(
        apiId=api["apiId"],
        name="renamed",
        authenticationType="AWS_IAM",
        introspectionConfig="DISABLED",
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    want = {
        **api,
        "name": "renamed",
        "authenticationType": "AWS_IAM",
        "introspectionConfig": "DISABLED",
    }
    assert response["graphqlApi"] == want
    assert want["xrayEnabled"] is True and want["visibility"] == "PRIVATE"
    assert appsync.get_graphql_api(apiId=api["apiId"])["graphqlApi"] == want


def test_update_unknown_api_is_not_found(appsync: Any) -> None:
    assert_error(
        lambda: appsync.update_graphql_api(
            apiId="nosuchapi", name="x", authenticationType="API_KEY"
        ),
        "NotFoundException",
        404,
        "GraphQL API nosuchapi not found.",
    )


# ---------------------------------------------------------------------------- DeleteGraphqlApi


def test_delete_removes_the_api(appsync: Any) -> None:
    keep, gone = create(appsync, name="keep"), create(appsync, name="gone")
    response = appsync.delete_graphql_api(apiId=gone["apiId"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(response) == {"ResponseMetadata"}
    assert appsync.list_graphql_apis()["graphqlApis"] == [keep]
    for call in (
        lambda: appsync.get_graphql_api(apiId=gone["apiId"]),
        lambda: appsync.delete_graphql_api(apiId=gone["apiId"]),
    ):
        assert_error(call, "NotFoundException", 404, f"GraphQL API {gone['apiId']} not found.")


# ---------------------------------------------------------------------------- accounts and regions


def test_apis_live_in_their_account_and_region() -> None:
    with mock():
        home = boto3.client("appsync", region_name="us-east-1")
        api = create(home)
        assert api == expected_api(api["apiId"], "orders", region="us-east-1")
        elsewhere = boto3.client("appsync", region_name="ap-southeast-2")
        stranger = boto3.client(
            "appsync",
            region_name="us-east-1",
            aws_access_key_id="210987654321",
            aws_secret_access_key="x",
        )
        for client in (elsewhere, stranger):
            assert client.list_graphql_apis()["graphqlApis"] == []
            assert_error(
                lambda c=client: c.get_graphql_api(apiId=api["apiId"]),  # type: ignore[misc]
                "NotFoundException",
                404,
                f"GraphQL API {api['apiId']} not found.",
            )
        theirs = create(stranger)
        assert theirs["arn"] == f"arn:aws:appsync:us-east-1:210987654321:apis/{theirs['apiId']}"
        assert theirs["owner"] == "210987654321"
        assert home.list_graphql_apis()["graphqlApis"] == [api]


def test_china_regions_use_their_partition_and_domain() -> None:
    with mock_appsync():
        api = create(boto3.client("appsync", region_name="cn-north-1"))
    assert api["arn"] == f"arn:aws-cn:appsync:cn-north-1:{ACCOUNT}:apis/{api['apiId']}"
    assert api["uris"]["GRAPHQL"] == (
        f"https://{api['apiId']}.appsync-api.cn-north-1.amazonaws.com.cn/graphql"
    )
