"""Every date mockgw produces follows freezegun: AppSync ``expires``/``deletes`` and API Gateway
``createdDate``/``lastUpdatedDate``, whether the clock was frozen before or after the mock
started, and as it is ticked or moved."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import boto3
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from mockgw import clock, mock, mock_apigateway, mock_appsync

UTC = dt.timezone.utc
HOUR, DAY = 3600, 86400


def epoch(text: str) -> int:
    return int(dt.datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


def appsync_key(client: Any) -> dict[str, Any]:
    api = client.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
    key: dict[str, Any] = client.create_api_key(apiId=api["apiId"])["apiKey"]
    return key


# ---------------------------------------------------------------------------- the clock itself


def test_the_clock_reads_the_frozen_instant() -> None:
    with freeze_time("2031-02-03 04:05:06.5"):
        assert clock.now() == epoch("2031-02-03 04:05:06") + 0.5
        assert clock.now_datetime() == dt.datetime(2031, 2, 3, 4, 5, 6, 500000, tzinfo=UTC)
        assert clock.today() == dt.date(2031, 2, 3)


def test_the_clock_runs_in_real_time_without_freezegun() -> None:
    before = time.time()
    now = clock.now()
    assert before <= now <= time.time()


# ---------------------------------------------------------------------------- AppSync


def test_appsync_frozen_before_the_mock_starts() -> None:
    with freeze_time("2031-02-03 12:00:00"), mock_appsync():
        key = appsync_key(boto3.client("appsync", region_name="us-east-1"))
    assert key["expires"] == epoch("2031-02-10 12:00:00")
    assert key["deletes"] == epoch("2031-04-11 12:00:00")


def test_appsync_frozen_after_the_mock_started_with_a_client_made_before() -> None:
    with mock_appsync():
        client = boto3.client("appsync", region_name="us-east-1")
        api = client.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
        with freeze_time("2029-07-01 08:30:00"):
            key = client.create_api_key(apiId=api["apiId"])["apiKey"]
    assert key["expires"] == epoch("2029-07-08 08:00:00")
    assert key["deletes"] == key["expires"] + 60 * DAY


def test_appsync_hour_boundary_and_the_second_before() -> None:
    with mock_appsync(), freeze_time("2030-03-01 09:59:59") as frozen:
        client = boto3.client("appsync", region_name="us-east-1")
        api = client.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
        before = client.create_api_key(apiId=api["apiId"])["apiKey"]
        frozen.tick(dt.timedelta(seconds=1))  # 10:00:00 exactly
        on = client.create_api_key(apiId=api["apiId"])["apiKey"]
    assert before["expires"] == epoch("2030-03-08 09:00:00")
    assert on["expires"] == epoch("2030-03-08 10:00:00")
    assert on["deletes"] - before["deletes"] == HOUR


def test_appsync_bounds_follow_move_to() -> None:
    with mock_appsync(), freeze_time("2030-01-01 00:00:00") as frozen:
        client = boto3.client("appsync", region_name="us-east-1")
        api = client.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
        expires = epoch("2030-06-01 00:00:00")
        key = client.create_api_key(apiId=api["apiId"], expires=expires)["apiKey"]
        frozen.move_to("2030-05-31 00:00:00")  # now the same expiry is exactly 1 day away
        same = client.update_api_key(apiId=api["apiId"], id=key["id"], expires=expires)
        frozen.move_to("2030-05-31 00:00:01")  # one second later it is too close
        try:
            client.update_api_key(apiId=api["apiId"], id=key["id"], expires=expires)
        except client.exceptions.ApiKeyValidityOutOfBoundsException as error:
            message = error.response["Error"]["Message"]
        else:
            raise AssertionError("a validity under one day was accepted")
    assert same["apiKey"]["expires"] == expires
    assert message == "API key must be valid for a minimum of 1 days."


def test_appsync_default_expiry_for_any_frozen_instant() -> None:
    with mock_appsync(), freeze_time("2030-01-01") as frozen:
        client = boto3.client("appsync", region_name="us-east-1")
        api_id = client.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"][
            "apiId"
        ]

        @given(st.integers(min_value=0, max_value=epoch("2099-12-31 23:59:59")))
        @settings(max_examples=80, deadline=None)
        def check(instant: int) -> None:
            frozen.move_to(dt.datetime.fromtimestamp(instant, tz=UTC))
            key = client.create_api_key(apiId=api_id)["apiKey"]
            expected = instant + 7 * DAY - (instant + 7 * DAY) % HOUR
            assert (key["expires"], key["deletes"]) == (expected, expected + 60 * DAY)
            client.delete_api_key(apiId=api_id, id=key["id"])

        check()


@freeze_time("2032-08-09 23:59:59")
@mock_appsync
def test_appsync_under_decorators_freezegun_outermost() -> None:
    key = appsync_key(boto3.client("appsync", region_name="us-east-1"))
    assert key["expires"] == epoch("2032-08-16 23:00:00")


@mock_appsync
@freeze_time("2032-08-10 00:00:00")
def test_appsync_under_decorators_mock_outermost() -> None:
    key = appsync_key(boto3.client("appsync", region_name="us-east-1"))
    assert key["expires"] == epoch("2032-08-17 00:00:00")


def test_appsync_with_a_ticking_clock() -> None:
    start = epoch("2030-04-04 04:00:00")
    with freeze_time("2030-04-04 04:00:00", tick=True), mock_appsync():
        key = appsync_key(boto3.client("appsync", region_name="us-east-1"))
        assert clock.now() > start  # the clock runs on from the frozen instant
    assert key["expires"] == start + 7 * DAY


# ---------------------------------------------------------------------------- API Gateway


def test_apigateway_dates_frozen_before_the_mock_starts() -> None:
    with freeze_time("2031-02-03 04:05:06"), mock_apigateway():
        key = boto3.client("apigateway", region_name="us-east-1").create_api_key(name="k")
    assert key["createdDate"].timestamp() == epoch("2031-02-03 04:05:06")
    assert key["lastUpdatedDate"] == key["createdDate"]


def test_apigateway_dates_follow_tick_and_move_to_after_the_mock_started() -> None:
    with mock_apigateway():
        apigw = boto3.client("apigateway", region_name="us-east-1")
        with freeze_time("2030-01-01 10:59:59") as frozen:
            created = apigw.create_api_key(name="k")
            frozen.tick(dt.timedelta(seconds=1))
            ticked = apigw.update_api_key(
                apiKey=created["id"],
                patchOperations=[{"op": "replace", "path": "/description", "value": "d"}],
            )
            frozen.move_to("2031-06-15 00:00:00")
            moved = apigw.update_api_key(
                apiKey=created["id"],
                patchOperations=[{"op": "replace", "path": "/name", "value": "n"}],
            )
            read = apigw.get_api_key(apiKey=created["id"])
    assert created["createdDate"].timestamp() == epoch("2030-01-01 10:59:59")
    assert ticked["createdDate"] == created["createdDate"]
    assert ticked["lastUpdatedDate"].timestamp() == epoch("2030-01-01 11:00:00")
    assert moved["createdDate"] == created["createdDate"]
    assert moved["lastUpdatedDate"].timestamp() == epoch("2031-06-15 00:00:00")
    assert read["lastUpdatedDate"] == moved["lastUpdatedDate"]


def test_both_services_share_one_frozen_clock() -> None:
    with freeze_time("2033-03-03 03:00:00"), mock():
        apigw_key = boto3.client("apigateway", region_name="us-east-1").create_api_key()
        appsync = appsync_key(boto3.client("appsync", region_name="us-east-1"))
    assert apigw_key["createdDate"].timestamp() == epoch("2033-03-03 03:00:00")
    assert appsync["expires"] == epoch("2033-03-10 03:00:00")
