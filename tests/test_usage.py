"""GetUsage and UpdateUsage: what the execute-api door counted, and what a test seeded.

Recorded (aws-behaviour.md section 12, and ``mockgw/services/apigateway/usage.py``): items are
``{keyId: [[used, remaining], ...one per day]}``; ``remaining`` falls through the quota period;
an unknown keyId is 404 ``Invalid Key identifier specified`` (aws-cli#5344); UpdateUsage's
``replace /remaining`` sets the current period's remaining quota. The rest pins mockgw's
documented choices.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
import pytest
import requests
from freezegun import freeze_time

from mockgw import Mock, MockgwError, mock_apigateway
from tests.helpers import assert_error
from tests.test_execute_api import Api, get, statuses

INVALID_KEY = "Invalid Key identifier specified"


@pytest.fixture
def apigw(mockgw: Mock) -> Any:
    return boto3.client("apigateway", region_name="us-east-1")


@pytest.fixture
def api(apigw: Any) -> Api:
    return Api(apigw)


def usage(apigw: Any, plan_id: str, start: str, end: str, **options: Any) -> dict[str, Any]:
    answer = apigw.get_usage(usagePlanId=plan_id, startDate=start, endDate=end, **options)
    answer.pop("ResponseMetadata")
    return answer  # type: ignore[no-any-return]


def add_key(apigw: Any, plan_id: str, name: str) -> dict[str, Any]:
    key = apigw.create_api_key(name=name, enabled=True)
    apigw.create_usage_plan_key(usagePlanId=plan_id, keyId=key["id"], keyType="API_KEY")
    return key  # type: ignore[no-any-return]


def replace_remaining(apigw: Any, plan_id: str, key_id: str, value: str) -> dict[str, Any]:
    answer = apigw.update_usage(
        usagePlanId=plan_id,
        keyId=key_id,
        patchOperations=[{"op": "replace", "path": "/remaining", "value": value}],
    )
    answer.pop("ResponseMetadata")
    return answer  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------- counting


def test_get_usage_reports_the_counted_calls_exactly(apigw: Any, api: Api) -> None:
    with freeze_time("2024-05-06 08:00:00") as frozen:
        key, plan = api.metered(quota={"limit": 100, "period": "MONTH"})
        idle = add_key(apigw, plan["id"], "idle")
        assert statuses(api.url(), key, 3) == [200] * 3
        assert get(api.url("/pets/1"), key).status_code == 200  # every metered method counts
        get(api.url("/open"), key)  # a method without apiKeyRequired does not
        get(api.url("/nowhere/at/all"))  # refused calls do not
        frozen.move_to("2024-05-08 23:00:00")
        assert statuses(api.url(), key, 2) == [200] * 2

        answer = usage(apigw, plan["id"], "2024-05-05", "2024-05-09")
    assert answer == {
        "usagePlanId": plan["id"],
        "startDate": "2024-05-05",
        "endDate": "2024-05-09",
        "items": {
            key["id"]: [[0, 100], [4, 96], [0, 96], [2, 94], [0, 94]],
            idle["id"]: [[0, 100]] * 5,
        },
    }


def test_get_usage_items_are_values_on_the_wire(mockgw: Mock, api: Api) -> None:
    key, plan = api.metered(quota={"limit": 10, "period": "DAY"})
    get(api.url(), key)
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    raw = requests.get(
        f"https://apigateway.us-east-1.amazonaws.com/usageplans/{plan['id']}/usage",
        params={"startDate": today, "endDate": today},
        timeout=5,
    ).json()
    assert raw == {
        "usagePlanId": plan["id"],
        "startDate": today,
        "endDate": today,
        "values": {key["id"]: [[1, 9]]},
    }


def test_remaining_falls_through_a_period_and_resets_with_the_next(apigw: Any, api: Api) -> None:
    with freeze_time("2024-05-10 12:00:00") as frozen:  # a Friday
        key, plan = api.metered(quota={"limit": 5, "period": "WEEK"})
        for day, calls in (("2024-05-10", 1), ("2024-05-12", 2), ("2024-05-13", 3)):
            frozen.move_to(f"{day} 12:00:00")
            assert statuses(api.url(), key, calls) == [200] * calls
        items = usage(apigw, plan["id"], "2024-05-11", "2024-05-14")["items"]
    # Sat, Sun (end of the first week: 5 - 1 - 2), Mon and Tue (a new week)
    assert items == {key["id"]: [[0, 4], [2, 2], [3, 2], [0, 2]]}


def test_the_quota_offset_shows_in_the_first_period_only(apigw: Any, api: Api) -> None:
    with freeze_time("2024-05-30 12:00:00"):
        key, plan = api.metered(quota={"limit": 10, "offset": 4, "period": "MONTH"})
        items = usage(apigw, plan["id"], "2024-05-30", "2024-06-02")["items"]
    assert items == {key["id"]: [[0, 6], [0, 6], [0, 10], [0, 10]]}


def test_a_plan_without_a_quota_reports_zero_remaining(apigw: Any, api: Api) -> None:
    with freeze_time("2024-05-06 12:00:00"):
        key, plan = api.metered()
        assert statuses(api.url(), key, 2) == [200, 200]
        items = usage(apigw, plan["id"], "2024-05-06", "2024-05-07")["items"]
    assert items == {key["id"]: [[2, 0], [0, 0]]}


def test_usage_is_per_plan(apigw: Any, api: Api) -> None:
    with freeze_time("2024-05-06 12:00:00"):
        apigw.create_deployment(restApiId=api.id, stageName="prod")
        key, dev_plan = api.metered(quota={"limit": 9, "period": "DAY"})
        prod_plan = apigw.create_usage_plan(
            name="prod", apiStages=[{"apiId": api.id, "stage": "prod"}]
        )
        apigw.create_usage_plan_key(usagePlanId=prod_plan["id"], keyId=key["id"], keyType="API_KEY")
        assert statuses(api.url(), key, 2) == [200, 200]
        assert statuses(api.url(stage="prod"), key, 1) == [200]
        dev = usage(apigw, dev_plan["id"], "2024-05-06", "2024-05-06")["items"]
        prod = usage(apigw, prod_plan["id"], "2024-05-06", "2024-05-06")["items"]
    assert dev == {key["id"]: [[2, 7]]}
    assert prod == {key["id"]: [[1, 0]]}


# ---------------------------------------------------------------------------- seeding


def test_seeded_usage_is_reported_and_spends_the_quota(mockgw: Mock, apigw: Any, api: Api) -> None:
    with freeze_time("2024-05-06 12:00:00"):
        key, plan = api.metered(quota={"limit": 5, "period": "DAY"})
        mockgw.record_usage(plan["id"], key["id"], "2024-05-05", 7)
        mockgw.record_usage(plan["id"], key["id"], dt.date(2024, 5, 6), 4)
        assert statuses(api.url(), key, 2) == [200, 429]
        items = usage(apigw, plan["id"], "2024-05-05", "2024-05-06")["items"]
    assert items == {key["id"]: [[7, 0], [5, 0]]}  # remaining never goes below 0


def test_record_usage_refuses_what_does_not_exist(mockgw: Mock, apigw: Any, api: Api) -> None:
    key, plan = api.metered()
    loose = apigw.create_api_key(name="loose")
    with pytest.raises(MockgwError, match="no usage plan 'nope'"):
        mockgw.record_usage("nope", key["id"], "2024-05-05", 1)
    with pytest.raises(MockgwError, match=f"API key '{loose['id']}' is not in usage plan"):
        mockgw.record_usage(plan["id"], loose["id"], "2024-05-05", 1)
    with pytest.raises(MockgwError, match="yyyy-MM-dd"):
        mockgw.record_usage(plan["id"], key["id"], "05/05/2024", 1)
    with pytest.raises(MockgwError, match="non-negative int"):
        mockgw.record_usage(plan["id"], key["id"], "2024-05-05", -1)
    with pytest.raises(MockgwError, match="no usage plan"):  # another region: another state
        mockgw.record_usage(plan["id"], key["id"], "2024-05-05", 1, region="eu-west-1")


def test_respond_and_record_usage_need_an_active_api_gateway_mock() -> None:
    inactive = mock_apigateway()
    with pytest.raises(MockgwError, match="not active"):
        inactive.respond("abcdefghij", "GET", "/")
    with Mock(["appsync"]) as appsync_only, pytest.raises(MockgwError, match="does not cover"):
        appsync_only.record_usage("plan", "key", "2024-05-05", 1)


# ---------------------------------------------------------------------------- filters, paging


def test_key_id_filter(apigw: Any, api: Api) -> None:
    with freeze_time("2024-05-06 12:00:00"):
        key, plan = api.metered(quota={"limit": 3, "period": "DAY"})
        add_key(apigw, plan["id"], "other")
        get(api.url(), key)
        answer = usage(apigw, plan["id"], "2024-05-06", "2024-05-06", keyId=key["id"])
    assert answer == {
        "usagePlanId": plan["id"],
        "startDate": "2024-05-06",
        "endDate": "2024-05-06",
        "items": {key["id"]: [[1, 2]]},
    }


def test_a_key_not_in_the_plan_is_404(apigw: Any, api: Api) -> None:
    _, plan = api.metered()
    loose = apigw.create_api_key(name="loose")
    for key_id in (loose["id"], "nosuchkey0"):
        assert_error(
            lambda k=key_id: apigw.get_usage(
                usagePlanId=plan["id"], keyId=k, startDate="2024-05-06", endDate="2024-05-06"
            ),
            "NotFoundException",
            404,
            INVALID_KEY,
        )


def test_an_unknown_plan_is_404(apigw: Any) -> None:
    assert_error(
        lambda: apigw.get_usage(usagePlanId="nope00", startDate="2024-05-06", endDate="2024-05-06"),
        "NotFoundException",
        404,
        "Invalid Usage Plan ID specified",
    )


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            "2024-5-6",
            "2024-05-06",
            "Invalid startDate specified: '2024-5-6'. Must be a date in the form yyyy-MM-dd",
        ),
        (
            "2024-05-06",
            "2024-02-30",
            "Invalid endDate specified: '2024-02-30'. Must be a date in the form yyyy-MM-dd",
        ),
        (
            "2024-05-06",
            "tomorrow",
            "Invalid endDate specified: 'tomorrow'. Must be a date in the form yyyy-MM-dd",
        ),
        (
            "2024-05-06",
            "2024-05-05",
            "Invalid date range specified: endDate 2024-05-05 is before startDate 2024-05-06",
        ),
        (
            "2000-01-01",
            "2024-05-05",
            "Invalid date range specified: 2000-01-01 to 2024-05-05 spans more than 3653 days, "
            "the most mockgw answers in one request",
        ),
    ],
)
def test_date_validation(apigw: Any, api: Api, start: str, end: str, message: str) -> None:
    _, plan = api.metered()
    assert_error(
        lambda: apigw.get_usage(usagePlanId=plan["id"], startDate=start, endDate=end),
        "BadRequestException",
        400,
        message,
    )


def test_items_are_paged_by_key(apigw: Any, api: Api) -> None:
    _, plan = api.metered()
    names = [add_key(apigw, plan["id"], f"k{i}")["id"] for i in range(4)]
    first = usage(apigw, plan["id"], "2024-05-06", "2024-05-07", limit=3)
    assert len(first["items"]) == 3 and first["position"]
    second = usage(
        apigw, plan["id"], "2024-05-06", "2024-05-07", limit=3, position=first["position"]
    )
    assert len(second["items"]) == 2 and "position" not in second
    seen = set(first["items"]) | set(second["items"])
    assert names[0] in seen and len(seen) == 5
    assert all(pairs == [[0, 0], [0, 0]] for pairs in second["items"].values())
    assert_error(
        lambda: apigw.get_usage(
            usagePlanId=plan["id"], startDate="2024-05-06", endDate="2024-05-06", position="junk"
        ),
        "BadRequestException",
        400,
        "Invalid position parameter specified",
    )


# ---------------------------------------------------------------------------- UpdateUsage


def test_update_usage_extends_the_remaining_quota_for_this_period(apigw: Any, api: Api) -> None:
    with freeze_time("2024-05-06 12:00:00") as frozen:
        key, plan = api.metered(quota={"limit": 3, "period": "DAY"})
        assert statuses(api.url(), key, 4) == [200, 200, 200, 429]
        answer = replace_remaining(apigw, plan["id"], key["id"], "2")
        assert answer == {
            "usagePlanId": plan["id"],
            "startDate": "2024-05-06",
            "endDate": "2024-05-06",
            "items": {key["id"]: [[3, 2]]},
        }
        assert statuses(api.url(), key, 3) == [200, 200, 429]
        assert usage(apigw, plan["id"], "2024-05-06", "2024-05-06")["items"] == {
            key["id"]: [[5, 0]]
        }
        frozen.move_to("2024-05-07 00:00:00")  # a temporary extension: gone next period
        assert statuses(api.url(), key, 4) == [200, 200, 200, 429]


def test_update_usage_can_reduce_the_remaining_quota(apigw: Any, api: Api) -> None:
    with freeze_time("2024-05-06 12:00:00"):
        key, plan = api.metered(quota={"limit": 5000, "period": "MONTH"})
        replace_remaining(apigw, plan["id"], key["id"], "1")
        assert statuses(api.url(), key, 2) == [200, 429]
        items = usage(apigw, plan["id"], "2024-05-05", "2024-05-06")["items"]
    # the day before the cut keeps its full quota, as in the developer guide's export example
    assert items == {key["id"]: [[0, 5000], [1, 0]]}


def test_update_usage_errors(apigw: Any, api: Api) -> None:
    key, plan = api.metered(quota={"limit": 5, "period": "DAY"})
    unmetered_key, unmetered = api.metered()
    loose = apigw.create_api_key(name="loose")

    def update(plan_id: str, key_id: str, **op: str) -> Any:
        return lambda: apigw.update_usage(usagePlanId=plan_id, keyId=key_id, patchOperations=[op])

    assert_error(
        update(plan["id"], key["id"], op="add", path="/remaining", value="1"),
        "BadRequestException",
        400,
        "Invalid patch path  '/remaining' specified for op 'add'. Must be one of: [/remaining]",
    )
    assert_error(
        update(plan["id"], key["id"], op="replace", path="/used", value="1"),
        "BadRequestException",
        400,
        "Invalid patch path  '/used' specified for op 'replace'. Must be one of: [/remaining]",
    )
    assert_error(
        update(plan["id"], key["id"], op="replace", path="/remaining", value="-1"),
        "BadRequestException",
        400,
        "Invalid remaining quota specified: '-1'. Must be an integer from 0 to 2147483647",
    )
    assert_error(
        update(unmetered["id"], unmetered_key["id"], op="replace", path="/remaining", value="1"),
        "BadRequestException",
        400,
        f"Usage Plan {unmetered['id']} has no quota: there is no remaining quota to extend",
    )
    assert_error(
        update(plan["id"], loose["id"], op="replace", path="/remaining", value="1"),
        "NotFoundException",
        404,
        INVALID_KEY,
    )
    assert_error(
        update("nope00", key["id"], op="replace", path="/remaining", value="1"),
        "NotFoundException",
        404,
        "Invalid Usage Plan ID specified",
    )
