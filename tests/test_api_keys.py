"""API Gateway API keys, against the recorded AWS behaviour (aws-behaviour.md sections 1-6)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from mockgw import mock_apigateway
from tests.apigw_fixtures import deployed_stage
from tests.helpers import assert_error, body

ID = re.compile(r"^[a-z0-9]{10}$")
VALUE = re.compile(r"^[A-Za-z0-9]{40}$")


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


# ---------------------------------------------------------------------------- CreateApiKey


def test_create_with_no_parameters_has_only_the_recorded_fields(apigw: Any) -> None:
    response = apigw.create_api_key()
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    key = body(response)
    assert set(key) == {"id", "value", "enabled", "createdDate", "lastUpdatedDate", "stageKeys"}
    assert ID.match(key["id"])
    assert VALUE.match(key["value"])
    assert key["enabled"] is False
    assert key["stageKeys"] == []
    assert isinstance(key["createdDate"], dt.datetime)
    assert key["createdDate"] == key["lastUpdatedDate"]


def test_create_seed_call_echoes_every_parameter(apigw: Any) -> None:
    key = apigw.create_api_key(
        name="Dev API Key",
        description="Used for development",
        enabled=True,
        value="apikey1234abcdefghij0123456789",
        customerId="customer-1",
        tags={"team": "payments"},
    )
    assert body(key) == {
        "id": key["id"],
        "value": "apikey1234abcdefghij0123456789",
        "name": "Dev API Key",
        "customerId": "customer-1",
        "description": "Used for development",
        "enabled": True,
        "createdDate": key["createdDate"],
        "lastUpdatedDate": key["createdDate"],
        "stageKeys": [],
        "tags": {"team": "payments"},
    }


def test_empty_name_is_dropped_and_empty_value_is_generated(apigw: Any) -> None:
    key = apigw.create_api_key(name="", value="")
    assert "name" not in key
    assert VALUE.match(key["value"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "a" * 1025}, "Invalid API Key name, can be at most 1024 characters."),
        ({"value": "short"}, "API Key value should be at least 20 characters"),
        ({"value": "a" * 129}, "API Key value exceeds maximum size of 128 characters"),
        ({"description": "a" * 125001}, "Invalid API Key description specified."),
    ],
)
def test_create_rejects_out_of_bounds_input(apigw: Any, kwargs: Any, message: str) -> None:
    assert_error(lambda: apigw.create_api_key(**kwargs), "BadRequestException", 400, message)
    assert apigw.get_api_keys()["items"] == []


def test_bounds_are_inclusive(apigw: Any) -> None:
    apigw.create_api_key(name="a" * 1024, value="v" * 20, description="d" * 125000)
    apigw.create_api_key(value="w" * 128)
    assert len(apigw.get_api_keys()["items"]) == 2


def test_error_message_is_also_top_level_as_boto3_shows_it(apigw: Any) -> None:
    error = assert_error(
        lambda: apigw.create_api_key(value="short"),
        "BadRequestException",
        400,
        "API Key value should be at least 20 characters",
    )
    assert error.response["message"] == "API Key value should be at least 20 characters"  # type: ignore[typeddict-item]
    assert isinstance(error, apigw.exceptions.BadRequestException)


def test_duplicate_value_conflicts(apigw: Any) -> None:
    apigw.create_api_key(value="x" * 30)
    assert_error(
        lambda: apigw.create_api_key(value="x" * 30),
        "ConflictException",
        409,
        "API Key already exists",
    )


def test_stage_keys_need_a_real_rest_api(apigw: Any) -> None:
    assert_error(
        lambda: apigw.create_api_key(stageKeys=[{"restApiId": "nope123456", "stageName": "dev"}]),
        "NotFoundException",
        404,
        "Invalid API identifier specified 123456789012:nope123456",
    )


def test_generated_ids_and_values_are_unique(apigw: Any) -> None:
    keys = [apigw.create_api_key() for _ in range(50)]
    assert len({k["id"] for k in keys}) == 50
    assert len({k["value"] for k in keys}) == 50


def test_tags_break_aws_rules(apigw: Any) -> None:
    for tags in ({"aws:reserved": "x"}, {"k" * 129: "v"}, {"k": "v" * 257}):
        assert_error(
            lambda tags=tags: apigw.create_api_key(tags=tags),
            "BadRequestException",
            400,
            _tag_message(tags),
        )
    assert apigw.get_api_keys()["items"] == []


def _tag_message(tags: dict[str, str]) -> str:
    key = next(iter(tags))
    if key.startswith("aws:"):
        return f"Invalid tag key '{key}': the prefix 'aws:' is reserved"
    if len(key) > 128:
        return f"Invalid tag key '{key}': must be 1 to 128 characters long"
    return f"Invalid tag value for key '{key}': at most 256 characters"


# ---------------------------------------------------------------------------- GetApiKey


def test_get_hides_the_value_unless_asked(apigw: Any) -> None:
    created = apigw.create_api_key(name="k", enabled=True)
    got = apigw.get_api_key(apiKey=created["id"])
    assert "value" not in got
    assert got["tags"] == {}
    assert got["name"] == "k"
    with_value = apigw.get_api_key(apiKey=created["id"], includeValue=True)
    assert with_value["value"] == created["value"]


def test_get_unknown_key(apigw: Any) -> None:
    assert_error(
        lambda: apigw.get_api_key(apiKey="nosuchkey0"),
        "NotFoundException",
        404,
        "Invalid API Key identifier specified",
    )


# ---------------------------------------------------------------------------- GetApiKeys


def test_get_api_keys_empty(apigw: Any) -> None:
    assert body(apigw.get_api_keys()) == {"items": []}


def test_list_is_newest_first_without_values(apigw: Any) -> None:
    first = apigw.create_api_key(name="test-key-1")
    second = apigw.create_api_key(name="test-key-2")
    items = apigw.get_api_keys()["items"]
    assert [i["id"] for i in items] == [second["id"], first["id"]]
    assert all("value" not in i and "tags" not in i for i in items)
    assert {"createdDate", "enabled", "id", "lastUpdatedDate", "name", "stageKeys"} <= set(items[0])
    with_values = apigw.get_api_keys(includeValues=True)["items"]
    assert [i["value"] for i in with_values] == [second["value"], first["value"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("test-key-1", ["test-key-1"]),
        ("test-key", ["test-key-2", "test-key-1"]),
        ("TEST-KEY", []),
        ("st-key", []),
        ("st-k", []),
        ("nothing", []),
    ],
)
def test_name_query_is_a_case_sensitive_prefix(apigw: Any, query: str, expected: list[str]) -> None:
    apigw.create_api_key(name="test-key-1")
    apigw.create_api_key(name="test-key-2")
    assert [i["name"] for i in apigw.get_api_keys(nameQuery=query)["items"]] == expected


def test_customer_id_filter(apigw: Any) -> None:
    apigw.create_api_key(name="a", customerId="c1")
    apigw.create_api_key(name="b", customerId="c2")
    apigw.create_api_key(name="c")
    assert [i["name"] for i in apigw.get_api_keys(customerId="c1")["items"]] == ["a"]


def test_paging_by_limit_and_position(apigw: Any) -> None:
    first = apigw.create_api_key(name="k1")
    second = apigw.create_api_key(name="k2")
    page1 = apigw.get_api_keys(limit=1)
    assert [i["id"] for i in page1["items"]] == [second["id"]]
    assert isinstance(page1["position"], str)
    page2 = apigw.get_api_keys(limit=1, position=page1["position"])
    assert [i["id"] for i in page2["items"]] == [first["id"]]
    assert "position" not in page2


def test_a_negative_limit_is_not_an_error(apigw: Any) -> None:
    response = apigw.get_api_keys(limit=-1)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["items"] == []


def test_default_page_is_25_and_the_paginator_walks_everything(apigw: Any) -> None:
    created = [apigw.create_api_key(name=f"k{i:03}")["id"] for i in range(60)]
    assert len(apigw.get_api_keys()["items"]) == 25
    walked = [
        item["id"]
        for page in apigw.get_paginator("get_api_keys").paginate(PaginationConfig={"PageSize": 7})
        for item in page["items"]
    ]
    assert walked == list(reversed(created))


def test_position_survives_deletes_between_pages(apigw: Any) -> None:
    ids = [apigw.create_api_key(name=f"k{i}")["id"] for i in range(5)]
    page1 = apigw.get_api_keys(limit=2)  # k4, k3
    apigw.delete_api_key(apiKey=ids[2])  # the item the token points at
    page2 = apigw.get_api_keys(limit=2, position=page1["position"])
    assert [i["id"] for i in page2["items"]] == [ids[1], ids[0]]


def test_garbage_position_is_a_bad_request(apigw: Any) -> None:
    assert_error(
        lambda: apigw.get_api_keys(position="garbage!"),
        "BadRequestException",
        400,
        "Invalid position parameter specified",
    )


# ---------------------------------------------------------------------------- UpdateApiKey


def test_update_name_has_tags_and_no_value(apigw: Any) -> None:
    key = apigw.create_api_key(name="old")
    with freeze_time(key["createdDate"] + dt.timedelta(seconds=90)):
        updated = apigw.update_api_key(
            apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/name", "value": "new"}]
        )
    assert updated["name"] == "new"
    assert updated["tags"] == {}
    assert "value" not in updated
    assert updated["lastUpdatedDate"] - updated["createdDate"] == dt.timedelta(seconds=90)
    assert apigw.get_api_key(apiKey=key["id"])["name"] == "new"


@pytest.mark.parametrize(("text", "enabled"), [("true", True), ("false", False), ("yes", False)])
def test_update_enabled_accepts_anything_but_only_true_enables(
    apigw: Any, text: str, enabled: bool
) -> None:
    key = apigw.create_api_key(enabled=not enabled)
    updated = apigw.update_api_key(
        apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/enabled", "value": text}]
    )
    assert updated["enabled"] is enabled


def test_update_description_and_customer_id(apigw: Any) -> None:
    key = apigw.create_api_key()
    updated = apigw.update_api_key(
        apiKey=key["id"],
        patchOperations=[
            {"op": "replace", "path": "/description", "value": "d"},
            {"op": "replace", "path": "/customerId", "value": "c"},
        ],
    )
    assert (updated["description"], updated["customerId"]) == ("d", "c")


def test_update_immutable_field(apigw: Any) -> None:
    key = apigw.create_api_key(name="n")
    assert_error(
        lambda: apigw.update_api_key(
            apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/id", "value": "x"}]
        ),
        "BadRequestException",
        400,
        "Invalid patch path  '/id' specified for op 'replace'. "
        "Must be one of: [/description, /enabled, /name, /customerId]",
    )


def test_a_failed_patch_changes_nothing(apigw: Any) -> None:
    key = apigw.create_api_key(name="before")
    assert_error(
        lambda: apigw.update_api_key(
            apiKey=key["id"],
            patchOperations=[
                {"op": "replace", "path": "/name", "value": "after"},
                {"op": "replace", "path": "/description", "value": "a" * 125001},
            ],
        ),
        "BadRequestException",
        400,
        "Invalid API Key description specified.",
    )
    got = apigw.get_api_key(apiKey=key["id"])
    assert got["name"] == "before"
    assert got["lastUpdatedDate"] == key["lastUpdatedDate"]


def test_update_unknown_key(apigw: Any) -> None:
    assert_error(
        lambda: apigw.update_api_key(apiKey="nosuchkey0", patchOperations=[]),
        "NotFoundException",
        404,
        "Invalid API Key identifier specified",
    )


# ---------------------------------------------------------------------------- DeleteApiKey


def test_delete(apigw: Any) -> None:
    key = apigw.create_api_key(value="v" * 25)
    response = apigw.delete_api_key(apiKey=key["id"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert apigw.get_api_keys()["items"] == []
    assert_error(
        lambda: apigw.delete_api_key(apiKey=key["id"]),
        "NotFoundException",
        404,
        "Invalid API Key identifier specified",
    )
    apigw.create_api_key(value="v" * 25)  # the value is free again


# ---------------------------------------------------------------------------- ImportApiKeys


def test_import_the_documented_examples(apigw: Any) -> None:
    response = apigw.import_api_keys(
        body=b"Key,name\napikey1234abcdefghij0123456789,MyFirstApiKey\n", format="csv"
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert "warnings" not in response
    (key_id,) = response["ids"]
    key = apigw.get_api_key(apiKey=key_id, includeValue=True)
    assert (key["name"], key["value"], key["enabled"]) == (
        "MyFirstApiKey",
        "apikey1234abcdefghij0123456789",
        True,
    )


def test_import_overwrites_a_key_with_the_same_value(apigw: Any) -> None:
    first = apigw.import_api_keys(
        body=b"Name,key,description,Enabled\nOne,apikey1234abcdefghij0123456789,first,TRUE\n",
        format="csv",
    )
    second = apigw.import_api_keys(
        body=b"name,Key,Description,enabled\nTwo,apikey1234abcdefghij0123456789,second,false\n",
        format="csv",
    )
    assert first["ids"] == second["ids"]
    key = apigw.get_api_key(apiKey=first["ids"][0])
    assert (key["name"], key["description"], key["enabled"]) == ("Two", "second", False)
    assert len(apigw.get_api_keys()["items"]) == 1


def test_import_warns_or_fails_on_bad_rows(apigw: Any) -> None:
    csv = b"Name,Key\ngood,apikey1234abcdefghij0123456789\nbad,short\n"
    response = apigw.import_api_keys(body=csv, format="csv")
    assert len(response["ids"]) == 1
    assert response["warnings"] == ["Line 3: API Key value must be between 20 and 128 characters"]
    apigw.delete_api_key(apiKey=response["ids"][0])
    assert_error(
        lambda: apigw.import_api_keys(body=csv, format="csv", failOnWarnings=True),
        "BadRequestException",
        400,
        "Line 3: API Key value must be between 20 and 128 characters",
    )
    assert apigw.get_api_keys()["items"] == []


def test_import_needs_name_and_key_columns(apigw: Any) -> None:
    assert_error(
        lambda: apigw.import_api_keys(body=b"Name,Description\nx,y\n", format="csv"),
        "BadRequestException",
        400,
        "Invalid API key file: the header must have a column named 'Key'",
    )


def test_import_rejects_other_formats() -> None:
    # botocore does not check the enum, AWS does: the model-driven validation answers, with
    # the ValidationException API Gateway's front end gives (not in its model).
    with mock_apigateway():
        client = boto3.client("apigateway", region_name="eu-west-1")
        assert_error(
            lambda: client.import_api_keys(body=b"Name,Key\n", format="json"),
            "ValidationException",
            400,
            "1 validation error detected: Value 'json' at 'format' failed to satisfy "
            "constraint: Member must satisfy enum value set: [csv]",
        )


# ---------------------------------------------------------------------------- import into plans

VALUE_A = "apikey1234abcdefghij0123456789"


def _plan(apigw: Any, *stages: tuple[str, str]) -> str:
    return str(
        apigw.create_usage_plan(
            name="p", apiStages=[{"apiId": api, "stage": stage} for api, stage in stages]
        )["id"]
    )


def test_import_adds_keys_to_the_named_plans(apigw: Any) -> None:
    first, second = _plan(apigw), _plan(apigw)
    csv = f'Name,Key,UsagePlanIds\nk,{VALUE_A},"{first},{second}"\n'.encode()
    (key_id,) = apigw.import_api_keys(body=csv, format="csv")["ids"]
    for plan_id in (first, second):
        items = apigw.get_usage_plan_keys(usagePlanId=plan_id)["items"]
        assert [(i["id"], i["value"]) for i in items] == [(key_id, VALUE_A)]


def test_import_keeps_one_plan_per_api_stage(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    first, second = _plan(apigw, (api_id, stage)), _plan(apigw, (api_id, stage))
    csv = f'Name,Key,UsagePlanIds\nk,{VALUE_A},"{first},{second}"\n'.encode()
    response = apigw.import_api_keys(body=csv, format="csv")
    assert response["ids"] == []
    assert response["warnings"] == [
        f"Line 2: Usage Plans {first} and {second} share API Stage {api_id}:{stage}; "
        "an API key can be in one usage plan per API stage"
    ]
    assert apigw.get_api_keys()["items"] == []


def test_import_keeps_the_ten_plan_limit(apigw: Any) -> None:
    plans = [_plan(apigw) for _ in range(11)]
    csv = f'Name,Key,UsagePlanIds\nk,{VALUE_A},"{",".join(plans)}"\n'.encode()
    response = apigw.import_api_keys(body=csv, format="csv")
    assert response["warnings"] == ["Line 2: an API key can be in at most 10 usage plans"]
    assert apigw.get_api_keys()["items"] == []
