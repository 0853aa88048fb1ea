"""A GraphQL API's cache: CreateApiCache, GetApiCache, UpdateApiCache, DeleteApiCache,
FlushApiCache."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from mockgw import mock_appsync
from tests.helpers import assert_error, body, status

MISSING = "Unable to {} the cache as it doesn't exist, please create the cache first."
TTL_MESSAGE = "TTL must be between 1 and 3600 seconds."


@pytest.fixture
def appsync() -> Iterator[Any]:
    with mock_appsync():
        yield boto3.client("appsync", region_name="eu-west-1")


@pytest.fixture
def api_id(appsync: Any) -> str:
    api = appsync.create_graphql_api(name="orders", authenticationType="API_KEY")
    return str(api["graphqlApi"]["apiId"])


def create(appsync: Any, api_id: str, **kwargs: Any) -> dict[str, Any]:
    kwargs = {"ttl": 300, "apiCachingBehavior": "FULL_REQUEST_CACHING", "type": "SMALL", **kwargs}
    cache: dict[str, Any] = appsync.create_api_cache(apiId=api_id, **kwargs)["apiCache"]
    return cache


def test_create_answers_creating_with_aws_defaults(appsync: Any, api_id: str) -> None:
    response = appsync.create_api_cache(
        apiId=api_id, ttl=300, apiCachingBehavior="FULL_REQUEST_CACHING", type="SMALL"
    )
    assert status(response) == 200
    assert body(response) == {
        "apiCache": {
            "ttl": 300,
            "apiCachingBehavior": "FULL_REQUEST_CACHING",
            "transitEncryptionEnabled": False,
            "atRestEncryptionEnabled": False,
            "type": "SMALL",
            "status": "CREATING",
            "healthMetricsConfig": "DISABLED",
        }
    }


def test_the_cache_is_available_once_created(appsync: Any, api_id: str) -> None:
    created = create(
        appsync,
        api_id,
        ttl=3600,
        apiCachingBehavior="OPERATION_LEVEL_CACHING",
        type="R4_LARGE",
        transitEncryptionEnabled=True,
        atRestEncryptionEnabled=True,
        healthMetricsConfig="ENABLED",
    )
    response = appsync.get_api_cache(apiId=api_id)
    assert status(response) == 200
    assert response["apiCache"] == {**created, "status": "AVAILABLE"}
    assert created["transitEncryptionEnabled"] is True and created["ttl"] == 3600


def test_an_api_has_one_cache(appsync: Any, api_id: str) -> None:
    first = create(appsync, api_id)
    assert_error(
        lambda: create(appsync, api_id, ttl=60),
        "BadRequestException",
        400,
        "The API has already enabled caching.",
    )
    assert appsync.get_api_cache(apiId=api_id)["apiCache"] == {**first, "status": "AVAILABLE"}


@pytest.mark.parametrize("ttl", [0, 3601, -5])
def test_ttl_outside_one_hour_is_refused(appsync: Any, api_id: str, ttl: int) -> None:
    assert_error(lambda: create(appsync, api_id, ttl=ttl), "BadRequestException", 400, TTL_MESSAGE)
    assert_error(
        lambda: appsync.get_api_cache(apiId=api_id),
        "NotFoundException",
        404,
        MISSING.format("get"),
    )


def test_enums_follow_the_model(appsync: Any, api_id: str) -> None:
    message = assert_error(
        lambda: create(appsync, api_id, type="HUGE"),
        "BadRequestException",
        400,
        "1 validation error detected: Value 'HUGE' at 'type' failed to satisfy constraint: "
        "Member must satisfy enum value set: [T2_SMALL, T2_MEDIUM, R4_LARGE, R4_XLARGE, "
        "R4_2XLARGE, R4_4XLARGE, R4_8XLARGE, SMALL, MEDIUM, LARGE, XLARGE, LARGE_2X, LARGE_4X, "
        "LARGE_8X, LARGE_12X]",
    )
    assert message.response["Error"]["Code"] == "BadRequestException"


def test_every_call_on_a_missing_cache_is_not_found(appsync: Any, api_id: str) -> None:
    for doing, call in (
        ("get", lambda: appsync.get_api_cache(apiId=api_id)),
        ("delete", lambda: appsync.delete_api_cache(apiId=api_id)),
        ("flush", lambda: appsync.flush_api_cache(apiId=api_id)),
        (
            "update",
            lambda: appsync.update_api_cache(
                apiId=api_id, ttl=60, apiCachingBehavior="PER_RESOLVER_CACHING", type="SMALL"
            ),
        ),
    ):
        assert_error(call, "NotFoundException", 404, MISSING.format(doing))


def test_every_call_on_an_unknown_or_event_api_is_not_found(appsync: Any) -> None:
    config = {
        "authProviders": [{"authType": "API_KEY"}],
        "connectionAuthModes": [{"authType": "API_KEY"}],
        "defaultPublishAuthModes": [{"authType": "API_KEY"}],
        "defaultSubscribeAuthModes": [{"authType": "API_KEY"}],
    }
    event_id = appsync.create_api(name="chat", eventConfig=config)["api"]["apiId"]
    for api_id in ("nosuchapi", event_id):
        for call in (
            lambda a=api_id: create(appsync, a),  # type: ignore[misc]
            lambda a=api_id: appsync.get_api_cache(apiId=a),  # type: ignore[misc]
            lambda a=api_id: appsync.delete_api_cache(apiId=a),  # type: ignore[misc]
            lambda a=api_id: appsync.flush_api_cache(apiId=a),  # type: ignore[misc]
        ):
            assert_error(call, "NotFoundException", 404, f"GraphQL API {api_id} not found.")


def test_update_answers_modifying_and_keeps_what_cannot_change(appsync: Any, api_id: str) -> None:
    created = create(appsync, api_id, transitEncryptionEnabled=True, healthMetricsConfig="ENABLED")
    response = appsync.update_api_cache(
        apiId=api_id, ttl=30, apiCachingBehavior="PER_RESOLVER_CACHING", type="LARGE_2X"
    )
    assert status(response) == 200
    want = {
        **created,
        "ttl": 30,
        "apiCachingBehavior": "PER_RESOLVER_CACHING",
        "type": "LARGE_2X",
        "status": "MODIFYING",
    }
    assert response["apiCache"] == want
    assert appsync.get_api_cache(apiId=api_id)["apiCache"] == {**want, "status": "AVAILABLE"}
    appsync.update_api_cache(
        apiId=api_id,
        ttl=30,
        apiCachingBehavior="PER_RESOLVER_CACHING",
        type="LARGE_2X",
        healthMetricsConfig="DISABLED",
    )
    assert appsync.get_api_cache(apiId=api_id)["apiCache"]["healthMetricsConfig"] == "DISABLED"


def test_a_refused_update_changes_nothing(appsync: Any, api_id: str) -> None:
    created = create(appsync, api_id)
    assert_error(
        lambda: appsync.update_api_cache(
            apiId=api_id, ttl=4000, apiCachingBehavior="PER_RESOLVER_CACHING", type="LARGE"
        ),
        "BadRequestException",
        400,
        TTL_MESSAGE,
    )
    assert appsync.get_api_cache(apiId=api_id)["apiCache"] == {**created, "status": "AVAILABLE"}


def test_flush_keeps_the_cache(appsync: Any, api_id: str) -> None:
    created = create(appsync, api_id)
    response = appsync.flush_api_cache(apiId=api_id)
    assert status(response) == 200 and body(response) == {}
    assert appsync.get_api_cache(apiId=api_id)["apiCache"] == {**created, "status": "AVAILABLE"}


def test_delete_removes_the_cache_and_a_new_one_can_follow(appsync: Any, api_id: str) -> None:
    create(appsync, api_id)
    response = appsync.delete_api_cache(apiId=api_id)
    assert status(response) == 200 and body(response) == {}
    assert_error(
        lambda: appsync.get_api_cache(apiId=api_id), "NotFoundException", 404, MISSING.format("get")
    )
    assert create(appsync, api_id, ttl=10)["ttl"] == 10


def test_the_cache_goes_with_its_api(appsync: Any, api_id: str) -> None:
    create(appsync, api_id)
    appsync.delete_graphql_api(apiId=api_id)
    assert_error(
        lambda: appsync.get_api_cache(apiId=api_id),
        "NotFoundException",
        404,
        f"GraphQL API {api_id} not found.",
    )
