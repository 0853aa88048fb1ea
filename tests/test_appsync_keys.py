"""AppSync API keys, against aws-behaviour.md section 15 and the choices api_keys.py documents.

Event APIs take API keys exactly as GraphQL APIs do: every test that needs an API runs once with
a GraphQL API and once with an Event API (the ``api_id`` fixture)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from mockgw import mock, mock_appsync
from tests.door_helpers import run_example
from tests.helpers import assert_error

KEY_ID = re.compile(r"^da2-[a-z2-7]{25}[aeimquy4]$")
HOUR, DAY = 3600, 86400
#: 2030-05-17 12:00:00 UTC, on the hour.
NOON = int(dt.datetime(2030, 5, 17, 12, tzinfo=dt.timezone.utc).timestamp())
MIN_MESSAGE = "API key must be valid for a minimum of 1 days."
MAX_MESSAGE = "API key can be valid for a maximum of 365 days."
LIMIT_MESSAGE = "A GraphQL API can have at most 50 API keys."


def at(epoch: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc)


def floor_hour(epoch: int) -> int:
    return epoch - epoch % HOUR


@pytest.fixture
def frozen() -> Iterator[Any]:
    with freeze_time(at(NOON)) as factory:
        yield factory


@pytest.fixture
def appsync(frozen: FrozenDateTimeFactory) -> Iterator[Any]:
    with mock_appsync():
        yield boto3.client("appsync", region_name="us-east-1")


EVENT_CONFIG = {
    "authProviders": [{"authType": "API_KEY"}],
    "connectionAuthModes": [{"authType": "API_KEY"}],
    "defaultPublishAuthModes": [{"authType": "API_KEY"}],
    "defaultSubscribeAuthModes": [{"authType": "API_KEY"}],
}


@pytest.fixture(params=["graphql", "event"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def api_id(appsync: Any, kind: str) -> str:
    if kind == "event":
        return str(appsync.create_api(name="orders", eventConfig=EVENT_CONFIG)["api"]["apiId"])
    api = appsync.create_graphql_api(name="orders", authenticationType="API_KEY")
    return str(api["graphqlApi"]["apiId"])


def keys_of(appsync: Any, api_id: str) -> list[dict[str, Any]]:
    return list(appsync.list_api_keys(apiId=api_id)["apiKeys"])


# ---------------------------------------------------------------------------- CreateApiKey


def test_create_default_has_exactly_id_expires_and_deletes(appsync: Any, api_id: str) -> None:
    response = appsync.create_api_key(apiId=api_id)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    key = response["apiKey"]
    assert set(response) == {"apiKey", "ResponseMetadata"}
    assert key == {"id": key["id"], "expires": NOON + 7 * DAY, "deletes": NOON + 67 * DAY}
    assert KEY_ID.match(key["id"])
    assert type(key["expires"]) is int and type(key["deletes"]) is int


def test_create_echoes_the_description(appsync: Any, api_id: str) -> None:
    key = appsync.create_api_key(apiId=api_id, description="web client")["apiKey"]
    assert key["description"] == "web client"
    assert keys_of(appsync, api_id) == [key]


def test_key_ids_are_distinct_and_well_formed(appsync: Any, api_id: str) -> None:
    made = [appsync.create_api_key(apiId=api_id)["apiKey"]["id"] for _ in range(20)]
    assert len(set(made)) == 20
    assert all(KEY_ID.match(key_id) for key_id in made)


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ("2030-05-17 12:00:00", "2030-05-24 12:00:00"),  # on the hour: kept
        ("2030-05-17 11:59:59", "2030-05-24 11:00:00"),  # one second before: the hour before
        ("2030-05-17 12:59:59", "2030-05-24 12:00:00"),
        ("2030-12-31 23:30:00", "2031-01-07 23:00:00"),
    ],
)
def test_default_expiry_is_seven_days_rounded_down_to_the_hour(
    frozen: FrozenDateTimeFactory, appsync: Any, api_id: str, clock: str, expected: str
) -> None:
    frozen.move_to(clock)
    key = appsync.create_api_key(apiId=api_id)["apiKey"]
    want = int(dt.datetime.fromisoformat(expected).replace(tzinfo=dt.timezone.utc).timestamp())
    assert key["expires"] == want
    assert key["deletes"] == want + 60 * DAY


def test_given_expiry_is_rounded_down_to_the_hour(appsync: Any, api_id: str) -> None:
    # aws-behaviour.md A4: 1784632175 -> 1784631600, shifted to this test's clock.
    requested = NOON + 10 * DAY + 2575
    key = appsync.create_api_key(apiId=api_id, expires=requested)["apiKey"]
    assert key["expires"] == NOON + 10 * DAY
    assert key["deletes"] == NOON + 70 * DAY


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (DAY - 1, MIN_MESSAGE),
        (0, MIN_MESSAGE),
        (-DAY, MIN_MESSAGE),
        (365 * DAY + 1, MAX_MESSAGE),
        (10 * 365 * DAY, MAX_MESSAGE),
    ],
)
def test_expiry_out_of_bounds_is_refused(
    appsync: Any, api_id: str, offset: int, message: str
) -> None:
    assert_error(
        lambda: appsync.create_api_key(apiId=api_id, expires=NOON + offset),
        "ApiKeyValidityOutOfBoundsException",
        400,
        message,
    )
    assert keys_of(appsync, api_id) == []


def test_bounds_are_inclusive_and_checked_before_rounding(
    frozen: FrozenDateTimeFactory, appsync: Any, api_id: str
) -> None:
    frozen.move_to(at(NOON + 1800))  # 12:30: rounding down would cut half an hour
    one_day = appsync.create_api_key(apiId=api_id, expires=NOON + 1800 + DAY)["apiKey"]
    assert one_day["expires"] == NOON + DAY  # 23.5 hours away once rounded: still accepted
    one_year = appsync.create_api_key(apiId=api_id, expires=NOON + 1800 + 365 * DAY)["apiKey"]
    assert one_year["expires"] == NOON + 365 * DAY


def test_now_is_taken_in_whole_seconds(
    frozen: FrozenDateTimeFactory, appsync: Any, api_id: str
) -> None:
    frozen.move_to(at(NOON + 0.75))
    key = appsync.create_api_key(apiId=api_id, expires=NOON + DAY)["apiKey"]
    assert key["expires"] == NOON + DAY


def test_expiry_property_over_the_whole_range(
    frozen: FrozenDateTimeFactory, appsync: Any, api_id: str
) -> None:
    @given(
        now=st.integers(min_value=NOON - 400 * DAY, max_value=NOON + 400 * DAY),
        offset=st.integers(min_value=-2 * DAY, max_value=367 * DAY),
    )
    @settings(max_examples=150, deadline=None)
    def check(now: int, offset: int) -> None:
        frozen.move_to(at(now))
        requested = now + offset
        if DAY <= offset <= 365 * DAY:
            key = appsync.create_api_key(apiId=api_id, expires=requested)["apiKey"]
            assert key["expires"] == floor_hour(requested)
            assert key["deletes"] == floor_hour(requested) + 60 * DAY
            assert key["expires"] % HOUR == 0
            assert requested - HOUR < key["expires"] <= requested
            appsync.delete_api_key(apiId=api_id, id=key["id"])
        else:
            with pytest.raises(ClientError) as info:
                appsync.create_api_key(apiId=api_id, expires=requested)
            error: Any = info.value.response
            assert error["Error"]["Code"] == "ApiKeyValidityOutOfBoundsException"
            assert error["Error"]["Message"] == (MIN_MESSAGE if offset < DAY else MAX_MESSAGE)

    check()
    assert keys_of(appsync, api_id) == []


def test_create_on_an_unknown_api_is_not_found(appsync: Any) -> None:
    assert_error(
        lambda: appsync.create_api_key(apiId="nosuchapi"),
        "NotFoundException",
        404,
        "GraphQL API nosuchapi not found.",
    )


def test_the_fifty_first_key_is_refused_and_changes_nothing(appsync: Any, api_id: str) -> None:
    made = [appsync.create_api_key(apiId=api_id)["apiKey"] for _ in range(50)]
    error = assert_error(
        lambda: appsync.create_api_key(apiId=api_id, description="one too many"),
        "ApiKeyLimitExceededException",
        400,
        LIMIT_MESSAGE,
    )
    assert error.response["Error"]["Code"] == "ApiKeyLimitExceededException"
    listed = list(
        appsync.get_paginator("list_api_keys").paginate(apiId=api_id).build_full_result()["apiKeys"]
    )
    assert listed == made
    # The limit is per API, and deleting a key frees its place.
    other = appsync.create_graphql_api(name="other", authenticationType="API_KEY")
    appsync.create_api_key(apiId=other["graphqlApi"]["apiId"])
    appsync.delete_api_key(apiId=api_id, id=made[0]["id"])
    appsync.create_api_key(apiId=api_id)


def test_an_out_of_bounds_expiry_is_reported_before_the_key_limit(
    appsync: Any, api_id: str
) -> None:
    for _ in range(50):
        appsync.create_api_key(apiId=api_id)
    assert_error(
        lambda: appsync.create_api_key(apiId=api_id, expires=NOON),
        "ApiKeyValidityOutOfBoundsException",
        400,
        MIN_MESSAGE,
    )


# ---------------------------------------------------------------------------- ListApiKeys


def test_list_is_empty_then_in_creation_order(appsync: Any, api_id: str) -> None:
    response = appsync.list_api_keys(apiId=api_id)
    assert response["apiKeys"] == [] and "nextToken" not in response
    made = [appsync.create_api_key(apiId=api_id, description=str(i))["apiKey"] for i in range(3)]
    assert keys_of(appsync, api_id) == made


def test_list_pages_with_max_results_and_the_paginator(appsync: Any, api_id: str) -> None:
    made = [appsync.create_api_key(apiId=api_id)["apiKey"] for _ in range(7)]
    first = appsync.list_api_keys(apiId=api_id, maxResults=3)
    assert first["apiKeys"] == made[:3]
    assert isinstance(first["nextToken"], str)
    second = appsync.list_api_keys(apiId=api_id, maxResults=3, nextToken=first["nextToken"])
    assert second["apiKeys"] == made[3:6]
    last = appsync.list_api_keys(apiId=api_id, maxResults=3, nextToken=second["nextToken"])
    assert last["apiKeys"] == made[6:] and "nextToken" not in last
    pages = list(
        appsync.get_paginator("list_api_keys").paginate(
            apiId=api_id, PaginationConfig={"PageSize": 2}
        )
    )
    assert [len(p["apiKeys"]) for p in pages] == [2, 2, 2, 1]
    assert [k for p in pages for k in p["apiKeys"]] == made


@pytest.mark.parametrize("max_results", [None, 0, 25])
def test_a_page_holds_at_most_25_keys(appsync: Any, api_id: str, max_results: int | None) -> None:
    made = [appsync.create_api_key(apiId=api_id)["apiKey"] for _ in range(26)]
    kwargs = {} if max_results is None else {"maxResults": max_results}
    first = appsync.list_api_keys(apiId=api_id, **kwargs)
    assert first["apiKeys"] == made[:25]
    rest = appsync.list_api_keys(apiId=api_id, nextToken=first["nextToken"], **kwargs)
    assert rest["apiKeys"] == made[25:] and "nextToken" not in rest


def test_max_results_above_25_is_a_bad_request(appsync: Any, api_id: str) -> None:
    error = assert_error(
        lambda: appsync.list_api_keys(apiId=api_id, maxResults=26),
        "BadRequestException",
        400,
        "1 validation error detected: Value '26' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 25",
    )
    assert error.response["Error"]["Code"] == "BadRequestException"


def test_a_foreign_or_forged_token_is_refused(appsync: Any, api_id: str) -> None:
    for _ in range(2):
        appsync.create_api_key(apiId=api_id)
    token = appsync.list_api_keys(apiId=api_id, maxResults=1)["nextToken"]
    other = appsync.create_graphql_api(name="other", authenticationType="API_KEY")
    other_id = other["graphqlApi"]["apiId"]
    for call in (
        lambda: appsync.list_api_keys(apiId=other_id, nextToken=token),
        lambda: appsync.list_graphql_apis(nextToken=token),
        lambda: appsync.list_api_keys(apiId=api_id, nextToken="forged"),
        lambda: appsync.list_api_keys(apiId=api_id, nextToken=token[:-4] + "AAAA"),
    ):
        assert_error(call, "BadRequestException", 400, "Invalid pagination token given.")


def test_list_on_an_unknown_api_is_not_found(appsync: Any) -> None:
    assert_error(
        lambda: appsync.list_api_keys(apiId="nosuchapi"),
        "NotFoundException",
        404,
        "GraphQL API nosuchapi not found.",
    )


def test_a_page_stays_valid_when_keys_change_between_pages(appsync: Any, api_id: str) -> None:
    made = [appsync.create_api_key(apiId=api_id)["apiKey"] for _ in range(4)]
    first = appsync.list_api_keys(apiId=api_id, maxResults=2)
    appsync.delete_api_key(apiId=api_id, id=made[2]["id"])
    newer = appsync.create_api_key(apiId=api_id)["apiKey"]
    rest = appsync.list_api_keys(apiId=api_id, nextToken=first["nextToken"])
    assert rest["apiKeys"] == [made[3], newer]


# ---------------------------------------------------------------------------- expiry and deletion


def test_an_expired_key_is_listed_until_its_deletion_time(
    frozen: FrozenDateTimeFactory, appsync: Any, api_id: str
) -> None:
    key = appsync.create_api_key(apiId=api_id)["apiKey"]
    frozen.move_to(at(key["expires"] + 1))  # expired
    assert keys_of(appsync, api_id) == [key]
    frozen.move_to(at(key["deletes"] - 1))  # one second before deletion
    assert keys_of(appsync, api_id) == [key]
    frozen.move_to(at(key["deletes"]))  # deleted
    assert keys_of(appsync, api_id) == []
    for call in (
        lambda: appsync.update_api_key(apiId=api_id, id=key["id"], description="x"),
        lambda: appsync.delete_api_key(apiId=api_id, id=key["id"]),
    ):
        assert_error(call, "NotFoundException", 404, f"API key not found: {key['id']}")


def test_deleted_keys_free_their_place_under_the_limit(
    frozen: FrozenDateTimeFactory, appsync: Any, api_id: str
) -> None:
    for _ in range(50):
        appsync.create_api_key(apiId=api_id)
    frozen.tick(dt.timedelta(days=67))  # every key reaches its deletion time
    assert appsync.create_api_key(apiId=api_id)["apiKey"]["expires"] == NOON + 74 * DAY
    assert len(keys_of(appsync, api_id)) == 1


def test_an_expired_key_can_be_reinstated(
    frozen: FrozenDateTimeFactory, appsync: Any, api_id: str
) -> None:
    key = appsync.create_api_key(apiId=api_id)["apiKey"]
    frozen.move_to(at(NOON + 30 * DAY))  # 23 days after it expired
    updated = appsync.update_api_key(apiId=api_id, id=key["id"], expires=NOON + 60 * DAY + 59)
    assert updated["apiKey"] == {
        "id": key["id"],
        "expires": NOON + 60 * DAY,
        "deletes": NOON + 120 * DAY,
    }
    assert keys_of(appsync, api_id) == [updated["apiKey"]]


# ---------------------------------------------------------------------------- UpdateApiKey


def test_update_description_keeps_the_expiry(
    frozen: FrozenDateTimeFactory, appsync: Any, api_id: str
) -> None:
    key = appsync.create_api_key(apiId=api_id, description="old")["apiKey"]
    frozen.tick(dt.timedelta(hours=5))
    response = appsync.update_api_key(apiId=api_id, id=key["id"], description="new")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["apiKey"] == {**key, "description": "new"}
    assert keys_of(appsync, api_id) == [response["apiKey"]]


def test_update_with_nothing_changes_nothing(appsync: Any, api_id: str) -> None:
    key = appsync.create_api_key(apiId=api_id, description="d")["apiKey"]
    assert appsync.update_api_key(apiId=api_id, id=key["id"])["apiKey"] == key


def test_update_bounds_are_measured_from_the_update_time(
    frozen: FrozenDateTimeFactory, appsync: Any, api_id: str
) -> None:
    key = appsync.create_api_key(apiId=api_id, description="d")["apiKey"]
    frozen.move_to(at(NOON + 50 * DAY))  # expired, not yet deleted
    # 365 days from the update (415 from creation) is allowed; one second more is not.
    latest = appsync.update_api_key(apiId=api_id, id=key["id"], expires=NOON + 415 * DAY)
    assert latest["apiKey"] == {
        "id": key["id"],
        "description": "d",
        "expires": NOON + 415 * DAY,
        "deletes": NOON + 475 * DAY,
    }
    too_late, too_soon = NOON + 415 * DAY + 1, NOON + 51 * DAY - 1
    for expires, message in ((too_late, MAX_MESSAGE), (too_soon, MIN_MESSAGE)):
        assert_error(
            lambda e=expires: appsync.update_api_key(  # type: ignore[misc]
                apiId=api_id, id=key["id"], expires=e, description="ignored"
            ),
            "ApiKeyValidityOutOfBoundsException",
            400,
            message,
        )
    # The failed updates changed nothing, not even the description that came with them.
    assert keys_of(appsync, api_id) == [latest["apiKey"]]


def test_update_rounds_down_to_the_hour(appsync: Any, api_id: str) -> None:
    key = appsync.create_api_key(apiId=api_id)["apiKey"]
    updated = appsync.update_api_key(apiId=api_id, id=key["id"], expires=NOON + 3 * DAY + 3599)
    assert updated["apiKey"]["expires"] == NOON + 3 * DAY
    assert updated["apiKey"]["deletes"] == NOON + 63 * DAY


def test_update_unknown_key_or_api_is_not_found(appsync: Any, api_id: str) -> None:
    assert_error(
        lambda: appsync.update_api_key(apiId=api_id, id="da2-doesnotexist"),
        "NotFoundException",
        404,
        "API key not found: da2-doesnotexist",
    )
    key = appsync.create_api_key(apiId=api_id)["apiKey"]
    assert_error(
        lambda: appsync.update_api_key(apiId="nosuchapi", id=key["id"]),
        "NotFoundException",
        404,
        "GraphQL API nosuchapi not found.",
    )


def test_a_key_belongs_to_its_api(appsync: Any, api_id: str) -> None:
    key = appsync.create_api_key(apiId=api_id)["apiKey"]
    other = appsync.create_graphql_api(name="other", authenticationType="API_KEY")
    other_id = other["graphqlApi"]["apiId"]
    for call in (
        lambda: appsync.update_api_key(apiId=other_id, id=key["id"], description="x"),
        lambda: appsync.delete_api_key(apiId=other_id, id=key["id"]),
    ):
        assert_error(call, "NotFoundException", 404, f"API key not found: {key['id']}")
    assert keys_of(appsync, api_id) == [key]


# ---------------------------------------------------------------------------- DeleteApiKey


def test_delete_removes_the_key_once(appsync: Any, api_id: str) -> None:
    keep = appsync.create_api_key(apiId=api_id, description="keep")["apiKey"]
    gone = appsync.create_api_key(apiId=api_id, description="gone")["apiKey"]
    response = appsync.delete_api_key(apiId=api_id, id=gone["id"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(response) == {"ResponseMetadata"}
    assert keys_of(appsync, api_id) == [keep]
    assert_error(
        lambda: appsync.delete_api_key(apiId=api_id, id=gone["id"]),
        "NotFoundException",
        404,
        f"API key not found: {gone['id']}",
    )


def test_delete_on_an_unknown_api_is_not_found(appsync: Any) -> None:
    assert_error(
        lambda: appsync.delete_api_key(apiId="nosuchapi", id="da2-x"),
        "NotFoundException",
        404,
        "GraphQL API nosuchapi not found.",
    )


def test_deleting_the_api_deletes_its_keys(appsync: Any, api_id: str, kind: str) -> None:
    key = appsync.create_api_key(apiId=api_id)["apiKey"]
    if kind == "event":
        appsync.delete_api(apiId=api_id)
    else:
        appsync.delete_graphql_api(apiId=api_id)
    for call in (
        lambda: appsync.list_api_keys(apiId=api_id),
        lambda: appsync.update_api_key(apiId=api_id, id=key["id"]),
        lambda: appsync.delete_api_key(apiId=api_id, id=key["id"]),
    ):
        assert_error(call, "NotFoundException", 404, f"GraphQL API {api_id} not found.")


# ---------------------------------------------------------------------------- accounts and regions


def test_keys_live_in_their_account_and_region(frozen: FrozenDateTimeFactory) -> None:
    with mock():
        home = boto3.client("appsync", region_name="us-east-1")
        api = home.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
        key = home.create_api_key(apiId=api["apiId"])["apiKey"]
        elsewhere = boto3.client("appsync", region_name="eu-west-1")
        stranger = boto3.client(
            "appsync",
            region_name="us-east-1",
            aws_access_key_id="210987654321",
            aws_secret_access_key="x",
        )
        for client in (elsewhere, stranger):
            assert_error(
                lambda c=client: c.list_api_keys(apiId=api["apiId"]),  # type: ignore[misc]
                "NotFoundException",
                404,
                f"GraphQL API {api['apiId']} not found.",
            )
        assert home.list_api_keys(apiId=api["apiId"])["apiKeys"] == [key]


# ---------------------------------------------------------------------------- the example


def test_the_example_creates_lists_and_refuses(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_example("appsync_keys.py", capsys)
    lines = out.splitlines()
    assert lines[0].startswith("GraphQL API 'orders': ")
    listed = [line for line in lines if line.startswith("  da2-")]
    assert len(listed) == 2
    assert "web client" in listed[0] and "mobile" in listed[1]
    assert all(":00 UTC  deletes " in line for line in listed)
    assert lines[-1] == f"Expiry too far out: {MAX_MESSAGE}"
