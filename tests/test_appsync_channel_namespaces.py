"""An Event API's channel namespaces: Create, Get, List, Update, Delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from mockgw import mock_appsync
from tests.helpers import assert_error, body, status

ACCOUNT = "123456789012"
NOW = dt.datetime(2030, 5, 17, 12, 30, tzinfo=dt.timezone.utc)
CONFIG = {
    "authProviders": [{"authType": "API_KEY"}, {"authType": "AWS_IAM"}],
    "connectionAuthModes": [{"authType": "API_KEY"}],
    "defaultPublishAuthModes": [{"authType": "API_KEY"}],
    "defaultSubscribeAuthModes": [{"authType": "API_KEY"}],
}
HANDLERS = {
    "onPublish": {"behavior": "DIRECT", "integration": {"dataSourceName": "fn"}},
    "onSubscribe": {
        "behavior": "DIRECT",
        "integration": {"dataSourceName": "fn", "lambdaConfig": {"invokeType": "EVENT"}},
    },
}
CODE = "export function onPublish(ctx) { return ctx.events }"


@pytest.fixture
def frozen() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(NOW) as factory:
        yield factory


@pytest.fixture
def appsync(frozen: FrozenDateTimeFactory) -> Iterator[Any]:
    with mock_appsync():
        yield boto3.client("appsync", region_name="us-east-1")


@pytest.fixture
def api_id(appsync: Any) -> str:
    return str(appsync.create_api(name="chat", eventConfig=CONFIG)["api"]["apiId"])


def arn(api_id: str, name: str) -> str:
    return f"arn:aws:appsync:us-east-1:{ACCOUNT}:apis/{api_id}/channelNamespace/{name}"


def test_create_with_nothing_but_a_name(appsync: Any, api_id: str) -> None:
    response = appsync.create_channel_namespace(apiId=api_id, name="default")
    assert status(response) == 200
    assert response["channelNamespace"] == {
        "apiId": api_id,
        "name": "default",
        "tags": {},
        "channelNamespaceArn": arn(api_id, "default"),
        "created": NOW,
        "lastModified": NOW,
        "handlerConfigs": {},
    }


def test_create_keeps_every_member(appsync: Any, api_id: str) -> None:
    namespace = appsync.create_channel_namespace(
        apiId=api_id,
        name="chat-rooms",
        publishAuthModes=[{"authType": "AWS_IAM"}],
        subscribeAuthModes=[{"authType": "API_KEY"}],
        codeHandlers=CODE,
        handlerConfigs=HANDLERS,
        tags={"team": "chat"},
    )["channelNamespace"]
    assert namespace == {
        "apiId": api_id,
        "name": "chat-rooms",
        "publishAuthModes": [{"authType": "AWS_IAM"}],
        "subscribeAuthModes": [{"authType": "API_KEY"}],
        "codeHandlers": CODE,
        "handlerConfigs": HANDLERS,
        "tags": {"team": "chat"},
        "channelNamespaceArn": arn(api_id, "chat-rooms"),
        "created": NOW,
        "lastModified": NOW,
    }
    got = appsync.get_channel_namespace(apiId=api_id, name="chat-rooms")
    assert status(got) == 200 and got["channelNamespace"] == namespace


def test_a_second_namespace_of_the_same_name_is_a_conflict(appsync: Any, api_id: str) -> None:
    first = appsync.create_channel_namespace(apiId=api_id, name="default")["channelNamespace"]
    assert_error(
        lambda: appsync.create_channel_namespace(apiId=api_id, name="default", codeHandlers=CODE),
        "ConflictException",
        409,
        "Channel namespace default already exists.",
    )
    assert appsync.list_channel_namespaces(apiId=api_id)["channelNamespaces"] == [first]


def test_auth_modes_must_name_providers_of_the_api(appsync: Any, api_id: str) -> None:
    for modes in ("publishAuthModes", "subscribeAuthModes"):
        assert_error(
            lambda m=modes: appsync.create_channel_namespace(  # type: ignore[misc]
                apiId=api_id, name="default", **{m: [{"authType": "AWS_LAMBDA"}]}
            ),
            "BadRequestException",
            400,
            "The auth mode AWS_LAMBDA has no matching auth provider.",
        )
    assert appsync.list_channel_namespaces(apiId=api_id)["channelNamespaces"] == []


def test_names_follow_the_model(appsync: Any, api_id: str) -> None:
    assert_error(
        lambda: appsync.create_channel_namespace(apiId=api_id, name="-leading"),
        "BadRequestException",
        400,
        "1 validation error detected: Value '-leading' at 'name' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: "
        "([A-Za-z0-9](?:[A-Za-z0-9\\-]{0,48}[A-Za-z0-9])?)",
    )


def test_an_unknown_api_or_namespace_is_not_found(appsync: Any, api_id: str) -> None:
    for call in (
        lambda: appsync.create_channel_namespace(apiId="nosuchapi", name="default"),
        lambda: appsync.get_channel_namespace(apiId="nosuchapi", name="default"),
        lambda: appsync.list_channel_namespaces(apiId="nosuchapi"),
        lambda: appsync.delete_channel_namespace(apiId="nosuchapi", name="default"),
    ):
        assert_error(call, "NotFoundException", 404, "API not found.")
    for call in (
        lambda: appsync.get_channel_namespace(apiId=api_id, name="missing"),
        lambda: appsync.update_channel_namespace(apiId=api_id, name="missing"),
        lambda: appsync.delete_channel_namespace(apiId=api_id, name="missing"),
    ):
        assert_error(call, "NotFoundException", 404, "Channel namespace missing not found.")


def test_list_leaves_out_code_handlers_and_pages(appsync: Any, api_id: str) -> None:
    assert body(appsync.list_channel_namespaces(apiId=api_id)) == {"channelNamespaces": []}
    made = [
        appsync.create_channel_namespace(apiId=api_id, name=f"ns{i}", codeHandlers=CODE)[
            "channelNamespace"
        ]
        for i in range(27)
    ]
    listed = [{k: v for k, v in n.items() if k != "codeHandlers"} for n in made]
    first = appsync.list_channel_namespaces(apiId=api_id)
    assert first["channelNamespaces"] == listed[:25]
    rest = appsync.list_channel_namespaces(apiId=api_id, nextToken=first["nextToken"])
    assert rest["channelNamespaces"] == listed[25:] and "nextToken" not in rest
    pages = appsync.get_paginator("list_channel_namespaces").paginate(
        apiId=api_id, PaginationConfig={"PageSize": 10}
    )
    assert [n for p in pages for n in p["channelNamespaces"]] == listed


def test_update_replaces_the_configuration(
    frozen: FrozenDateTimeFactory, appsync: Any, api_id: str
) -> None:
    created = appsync.create_channel_namespace(
        apiId=api_id,
        name="default",
        codeHandlers=CODE,
        handlerConfigs=HANDLERS,
        publishAuthModes=[{"authType": "API_KEY"}],
        tags={"a": "b"},
    )["channelNamespace"]
    frozen.tick(dt.timedelta(minutes=5))
    response = appsync.update_channel_namespace(
        apiId=api_id, name="default", subscribeAuthModes=[{"authType": "AWS_IAM"}]
    )
    assert status(response) == 200
    want = {
        "apiId": api_id,
        "name": "default",
        "subscribeAuthModes": [{"authType": "AWS_IAM"}],
        "tags": {"a": "b"},
        "channelNamespaceArn": created["channelNamespaceArn"],
        "created": NOW,
        "lastModified": NOW + dt.timedelta(minutes=5),
        "handlerConfigs": {},
    }
    assert response["channelNamespace"] == want
    assert appsync.get_channel_namespace(apiId=api_id, name="default")["channelNamespace"] == want


def test_a_refused_update_changes_nothing(appsync: Any, api_id: str) -> None:
    created = appsync.create_channel_namespace(apiId=api_id, name="default", codeHandlers=CODE)[
        "channelNamespace"
    ]
    assert_error(
        lambda: appsync.update_channel_namespace(
            apiId=api_id, name="default", publishAuthModes=[{"authType": "OPENID_CONNECT"}]
        ),
        "BadRequestException",
        400,
        "The auth mode OPENID_CONNECT has no matching auth provider.",
    )
    assert appsync.get_channel_namespace(apiId=api_id, name="default")["channelNamespace"] == (
        created
    )


def test_delete_removes_the_namespace(appsync: Any, api_id: str) -> None:
    keep = appsync.create_channel_namespace(apiId=api_id, name="keep")["channelNamespace"]
    appsync.create_channel_namespace(apiId=api_id, name="gone")
    response = appsync.delete_channel_namespace(apiId=api_id, name="gone")
    assert status(response) == 200 and body(response) == {}
    assert appsync.list_channel_namespaces(apiId=api_id)["channelNamespaces"] == [keep]
    # The name is free again.
    appsync.create_channel_namespace(apiId=api_id, name="gone")


def test_namespaces_belong_to_their_api(appsync: Any, api_id: str) -> None:
    other = appsync.create_api(name="other", eventConfig=CONFIG)["api"]["apiId"]
    appsync.create_channel_namespace(apiId=api_id, name="default")
    same_name = appsync.create_channel_namespace(apiId=other, name="default")["channelNamespace"]
    assert same_name["channelNamespaceArn"] == arn(other, "default")
    assert appsync.list_channel_namespaces(apiId=other)["channelNamespaces"] == [same_name]
