"""API Gateway usage plan keys, against the recorded AWS behaviour (aws-behaviour.md section 11,
and 5.2 for keys deleted while in a plan).

Where AWS's text is not recorded the tests pin mockgw's documented choice (see the docstring of
``mockgw/services/apigateway/usage_plan_keys.py``).
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from mockgw import mock_apigateway
from tests.apigw_fixtures import deployed_stage
from tests.door_helpers import run_example
from tests.helpers import assert_error, body

PLAN_NOT_FOUND = "Invalid Usage Plan ID specified"
KEY_NOT_FOUND = "Invalid API Key identifier specified"


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


@pytest.fixture
def plan(apigw: Any) -> str:
    return apigw.create_usage_plan(name="plan")["id"]  # type: ignore[no-any-return]


def add(apigw: Any, plan_id: str, key_id: str) -> dict[str, Any]:
    return apigw.create_usage_plan_key(  # type: ignore[no-any-return]
        usagePlanId=plan_id, keyId=key_id, keyType="API_KEY"
    )


def names(response: dict[str, Any]) -> list[str]:
    return [item["name"] for item in response["items"]]


# --------------------------------------------------------------------------- CreateUsagePlanKey


def test_create_answers_the_key_with_its_value(apigw: Any, plan: str) -> None:
    # 11.1: 201 {id, name, type, value}; id is the API key's id.
    key = apigw.create_api_key(name="test-key-1", value="apikey1234abcdefghij0123456789")
    created = add(apigw, plan, key["id"])
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert body(created) == {
        "id": key["id"],
        "name": "test-key-1",
        "type": "API_KEY",
        "value": "apikey1234abcdefghij0123456789",
    }


def test_the_seed_call_with_a_throttled_plan_on_a_real_stage(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    plan = apigw.create_usage_plan(
        name="Basic",
        apiStages=[{"apiId": api_id, "stage": stage}],
        throttle={"rateLimit": 10, "burstLimit": 20},
        quota={"limit": 5000, "period": "MONTH"},
    )
    key = apigw.create_api_key(name="Dev API Key", enabled=True)
    created = add(apigw, plan["id"], key["id"])
    assert body(created) == {
        "id": key["id"],
        "name": "Dev API Key",
        "type": "API_KEY",
        "value": key["value"],
    }


def test_a_key_without_a_name_has_no_name(apigw: Any, plan: str) -> None:
    key = apigw.create_api_key()
    assert body(add(apigw, plan, key["id"])) == {
        "id": key["id"],
        "type": "API_KEY",
        "value": key["value"],
    }


def test_create_in_an_unknown_plan(apigw: Any) -> None:
    key = apigw.create_api_key(name="k")
    assert_error(lambda: add(apigw, "nope42", key["id"]), "NotFoundException", 404, PLAN_NOT_FOUND)


def test_create_with_an_unknown_key(apigw: Any, plan: str) -> None:
    # 11.12
    assert_error(lambda: add(apigw, plan, "nokey12345"), "NotFoundException", 404, KEY_NOT_FOUND)
    assert apigw.get_usage_plan_keys(usagePlanId=plan)["items"] == []


@pytest.mark.parametrize("key_type", ["SECRET", "api_key", ""])
def test_key_type_must_be_api_key(apigw: Any, plan: str, key_type: str) -> None:
    # 11.14: "Currently, the valid key type is API_KEY"; botocore does not check it.
    key = apigw.create_api_key(name="k")
    assert_error(
        lambda: apigw.create_usage_plan_key(usagePlanId=plan, keyId=key["id"], keyType=key_type),
        "BadRequestException",
        400,
        f"Invalid Usage Plan Key type specified: '{key_type}'. Must be one of: [API_KEY]",
    )
    assert apigw.get_usage_plan_keys(usagePlanId=plan)["items"] == []


def test_the_same_key_twice_conflicts(apigw: Any, plan: str) -> None:
    # 11.13: ConflictException is in the model; the text is mockgw's.
    key = apigw.create_api_key(name="k")
    add(apigw, plan, key["id"])
    assert_error(
        lambda: add(apigw, plan, key["id"]),
        "ConflictException",
        409,
        f"API Key {key['id']} is already in Usage Plan {plan}",
    )
    assert len(apigw.get_usage_plan_keys(usagePlanId=plan)["items"]) == 1


def test_one_key_in_two_plans_that_share_a_stage_conflicts(apigw: Any) -> None:
    # 11.13: a key may be in only one usage plan per API stage.
    api_id, stage = deployed_stage(apigw)
    stages = [{"apiId": api_id, "stage": stage}]
    first = apigw.create_usage_plan(name="first", apiStages=stages)["id"]
    second = apigw.create_usage_plan(name="second", apiStages=stages)["id"]
    key = apigw.create_api_key(name="k")
    add(apigw, first, key["id"])
    assert_error(
        lambda: add(apigw, second, key["id"]),
        "ConflictException",
        409,
        f"API Key {key['id']} cannot be added to Usage Plan {second}: it is already in Usage "
        f"Plan {first}, which shares API Stage {api_id}:{stage}; an API key can be in one "
        "usage plan per API stage",
    )
    assert apigw.get_usage_plan_keys(usagePlanId=second)["items"] == []


def test_one_key_in_two_plans_with_different_stages_is_fine(apigw: Any) -> None:
    dev = deployed_stage(apigw, name="dev")
    prod = deployed_stage(apigw, name="prod")
    first = apigw.create_usage_plan(name="a", apiStages=[{"apiId": dev[0], "stage": dev[1]}])
    second = apigw.create_usage_plan(name="b", apiStages=[{"apiId": prod[0], "stage": prod[1]}])
    key = apigw.create_api_key(name="k")
    add(apigw, first["id"], key["id"])
    add(apigw, second["id"], key["id"])
    listed = apigw.get_usage_plans(keyId=key["id"])["items"]
    assert [p["name"] for p in listed] == ["b", "a"]


def test_adding_a_shared_stage_to_a_plan_whose_key_is_elsewhere_conflicts(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    first = apigw.create_usage_plan(name="a", apiStages=[{"apiId": api_id, "stage": stage}])["id"]
    second = apigw.create_usage_plan(name="b")["id"]
    key = apigw.create_api_key(name="k")["id"]
    add(apigw, first, key)
    add(apigw, second, key)
    assert_error(
        lambda: apigw.update_usage_plan(
            usagePlanId=second,
            patchOperations=[
                {"op": "replace", "path": "/name", "value": "renamed"},
                {"op": "add", "path": "/apiStages", "value": f"{api_id}:{stage}"},
            ],
        ),
        "ConflictException",
        409,
        f"API Stage {api_id}:{stage} cannot be added to Usage Plan {second}: API Key {key} is "
        f"also in Usage Plan {first}, which has this API Stage; an API key can be in one usage "
        "plan per API stage",
    )
    after = apigw.get_usage_plan(usagePlanId=second)
    assert after["name"] == "b" and after["apiStages"] == []


def test_a_key_can_be_in_at_most_ten_plans(apigw: Any) -> None:
    # 7.9: usage plans per API key: 10. Chosen: 400, as the quota is fixed, not transient.
    key = apigw.create_api_key(name="k")["id"]
    plans = [apigw.create_usage_plan(name=f"p{i}")["id"] for i in range(11)]
    for plan_id in plans[:10]:
        add(apigw, plan_id, key)
    assert_error(
        lambda: add(apigw, plans[10], key),
        "BadRequestException",
        400,
        f"API Key {key} cannot be added to Usage Plan {plans[10]}: an API key can be in at "
        "most 10 usage plans",
    )
    apigw.delete_usage_plan_key(usagePlanId=plans[0], keyId=key)
    add(apigw, plans[10], key)


# --------------------------------------------------------------------------- GetUsagePlanKey


def test_get_a_key_of_the_plan(apigw: Any, plan: str) -> None:
    key = apigw.create_api_key(name="k")
    add(apigw, plan, key["id"])
    got = apigw.get_usage_plan_key(usagePlanId=plan, keyId=key["id"])
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert body(got) == {"id": key["id"], "name": "k", "type": "API_KEY", "value": key["value"]}


def test_get_an_unknown_key(apigw: Any, plan: str) -> None:
    # 11.10
    assert_error(
        lambda: apigw.get_usage_plan_key(usagePlanId=plan, keyId="nokey12345"),
        "NotFoundException",
        404,
        KEY_NOT_FOUND,
    )


def test_get_a_key_that_is_not_in_the_plan(apigw: Any, plan: str) -> None:
    # 11.11
    key = apigw.create_api_key(name="k")
    assert_error(
        lambda: apigw.get_usage_plan_key(usagePlanId=plan, keyId=key["id"]),
        "NotFoundException",
        404,
        PLAN_NOT_FOUND,
    )


def test_get_from_an_unknown_plan(apigw: Any) -> None:
    key = apigw.create_api_key(name="k")
    assert_error(
        lambda: apigw.get_usage_plan_key(usagePlanId="nope42", keyId=key["id"]),
        "NotFoundException",
        404,
        PLAN_NOT_FOUND,
    )


# --------------------------------------------------------------------------- GetUsagePlanKeys


@pytest.fixture
def two_keys(apigw: Any, plan: str) -> list[dict[str, Any]]:
    keys = [apigw.create_api_key(name=f"test-key-{i}") for i in (1, 2)]
    for key in keys:
        add(apigw, plan, key["id"])
    return keys


def test_an_empty_plan_lists_nothing(apigw: Any, plan: str) -> None:
    # 11.2
    listed = apigw.get_usage_plan_keys(usagePlanId=plan)
    assert listed["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert body(listed) == {"items": []}


def test_list_has_values_and_is_newest_first(
    apigw: Any, plan: str, two_keys: list[dict[str, Any]]
) -> None:
    # 11.3
    listed = apigw.get_usage_plan_keys(usagePlanId=plan)
    assert body(listed) == {
        "items": [
            {"id": k["id"], "name": k["name"], "type": "API_KEY", "value": k["value"]}
            for k in reversed(two_keys)
        ]
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("test-key", ["test-key-2", "test-key-1"]),  # 11.4
        ("TEST-key", []),  # 11.5: case-sensitive
        ("test-key-1", ["test-key-1"]),  # 11.6
        ("nothing", []),  # 11.7
        ("key-1", []),  # a prefix, not a substring
    ],
)
def test_name_query_is_a_case_sensitive_prefix(
    apigw: Any, plan: str, two_keys: list[dict[str, Any]], query: str, expected: list[str]
) -> None:
    assert names(apigw.get_usage_plan_keys(usagePlanId=plan, nameQuery=query)) == expected


def test_an_unknown_plan_lists_nothing(apigw: Any) -> None:
    # 11.8: 200 with items [], not 404.
    listed = apigw.get_usage_plan_keys(usagePlanId="bad-id")
    assert listed["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert body(listed) == {"items": []}


def test_deleted_api_keys_leave_the_plan(
    apigw: Any, plan: str, two_keys: list[dict[str, Any]]
) -> None:
    # 11.9 / 5.2
    for key in two_keys:
        apigw.delete_api_key(apiKey=key["id"])
    assert apigw.get_usage_plan_keys(usagePlanId=plan)["items"] == []
    assert apigw.get_usage_plans(keyId=two_keys[0]["id"])["items"] == []


def test_paging_by_limit_and_position(
    apigw: Any, plan: str, two_keys: list[dict[str, Any]]
) -> None:
    first = apigw.get_usage_plan_keys(usagePlanId=plan, limit=1)
    assert names(first) == ["test-key-2"] and first["position"]
    second = apigw.get_usage_plan_keys(usagePlanId=plan, limit=1, position=first["position"])
    assert names(second) == ["test-key-1"] and "position" not in second


def test_paginator_walks_every_key_with_a_name_query(apigw: Any, plan: str) -> None:
    for i in range(30):
        add(apigw, plan, apigw.create_api_key(name=f"{'even' if i % 2 == 0 else 'odd'}-{i}")["id"])
    assert len(apigw.get_usage_plan_keys(usagePlanId=plan)["items"]) == 25
    pages = list(
        apigw.get_paginator("get_usage_plan_keys").paginate(
            usagePlanId=plan, nameQuery="even", PaginationConfig={"PageSize": 4}
        )
    )
    assert [len(p["items"]) for p in pages] == [4, 4, 4, 3]
    assert [n for p in pages for n in names(p)] == [f"even-{i}" for i in range(28, -1, -2)]


def test_garbage_position_is_a_bad_request(apigw: Any, plan: str) -> None:
    assert_error(
        lambda: apigw.get_usage_plan_keys(usagePlanId=plan, position="garbage!"),
        "BadRequestException",
        400,
        "Invalid position parameter specified",
    )


# --------------------------------------------------------------------------- DeleteUsagePlanKey


def test_delete(apigw: Any, plan: str, two_keys: list[dict[str, Any]]) -> None:
    # 11.15
    response = apigw.delete_usage_plan_key(usagePlanId=plan, keyId=two_keys[0]["id"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert body(response) == {}
    assert names(apigw.get_usage_plan_keys(usagePlanId=plan)) == ["test-key-2"]
    assert apigw.get_api_key(apiKey=two_keys[0]["id"])["name"] == "test-key-1"  # the key stays
    assert_error(
        lambda: apigw.get_usage_plan_key(usagePlanId=plan, keyId=two_keys[0]["id"]),
        "NotFoundException",
        404,
        PLAN_NOT_FOUND,
    )


def test_delete_a_key_that_is_not_in_the_plan(apigw: Any, plan: str) -> None:
    key = apigw.create_api_key(name="k")
    assert_error(
        lambda: apigw.delete_usage_plan_key(usagePlanId=plan, keyId=key["id"]),
        "NotFoundException",
        404,
        PLAN_NOT_FOUND,
    )


def test_delete_with_an_unknown_plan_or_key(apigw: Any, plan: str) -> None:
    key = apigw.create_api_key(name="k")
    assert_error(
        lambda: apigw.delete_usage_plan_key(usagePlanId="nope42", keyId=key["id"]),
        "NotFoundException",
        404,
        PLAN_NOT_FOUND,
    )
    assert_error(
        lambda: apigw.delete_usage_plan_key(usagePlanId=plan, keyId="nokey12345"),
        "NotFoundException",
        404,
        KEY_NOT_FOUND,
    )


def test_a_key_can_be_added_again_after_it_was_removed(apigw: Any, plan: str) -> None:
    key = apigw.create_api_key(name="k")["id"]
    add(apigw, plan, key)
    apigw.delete_usage_plan_key(usagePlanId=plan, keyId=key)
    add(apigw, plan, key)
    assert names(apigw.get_usage_plan_keys(usagePlanId=plan)) == ["k"]


# --------------------------------------------------------------------------- the example


def test_the_usage_plans_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_example("usage_plans.py", capsys)
    assert "create_usage_plan_key answered HTTP 201" in out
    assert "keys in plan" in out and "'Dev API Key'" in out
