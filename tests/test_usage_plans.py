"""API Gateway usage plans, against the recorded AWS behaviour (aws-behaviour.md sections 7-10, 13).

Where AWS's text is not recorded the tests pin mockgw's documented choice (see the docstrings of
``mockgw/services/apigateway/usage_plans.py`` and ``usage_plan_keys.py``).
"""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockgw import mock_apigateway
from tests.apigw_fixtures import deployed_stage
from tests.helpers import assert_error, body, client_error

PLAN_ID = re.compile(r"^[a-z0-9]{6}$")
UNFORMATTED = "Invalid API Stage {api: %s, stage: %s} specified for usageplan %s"
NOT_FOUND = "Invalid Usage Plan ID specified"
REMOVE_PATHS = (
    "[/apiStages, /quota, /throttle, /productCode, "
    "/apiStages/<apidId:stageName>/throttle/<resourcePath>/<httpMethod>, "
    "/apiStages/<apidId:stageName>/throttle]"
)
REPLACE_PATHS = (
    "[/name, /description, /productCode, /quota/limit, /quota/offset, /quota/period, "
    "/throttle/rateLimit, /throttle/burstLimit, "
    "/apiStages/<apidId:stageName>/throttle/<resourcePath>/<httpMethod>/rateLimit, "
    "/apiStages/<apidId:stageName>/throttle/<resourcePath>/<httpMethod>/burstLimit]"
)


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


@pytest.fixture
def stage(apigw: Any) -> tuple[str, str]:
    """A deployed REST API stage ``dev``: (rest_api_id, stage_name)."""
    return deployed_stage(apigw)


def patch(apigw: Any, plan_id: str, *ops: tuple[str, str, str | None]) -> dict[str, Any]:
    operations = [
        {"op": op, "path": path, **({} if value is None else {"value": value})}
        for op, path, value in ops
    ]
    return apigw.update_usage_plan(usagePlanId=plan_id, patchOperations=operations)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- CreateUsagePlan


def test_create_with_a_name_only_has_only_id_name_and_empty_stages(apigw: Any) -> None:
    # 7.1: no throttle, quota, tags or description keys; apiStages always present. 7.7: 6 chars.
    response = apigw.create_usage_plan(name="plan")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert body(response) == {"id": response["id"], "name": "plan", "apiStages": []}
    assert PLAN_ID.match(response["id"])


def test_create_with_throttle_burst_above_rate_is_accepted(apigw: Any) -> None:
    # 7.2: rateLimit comes back a float.
    plan = apigw.create_usage_plan(name="t", throttle={"rateLimit": 10, "burstLimit": 20})
    assert plan["throttle"] == {"burstLimit": 20, "rateLimit": 10.0}
    assert isinstance(plan["throttle"]["rateLimit"], float)
    assert isinstance(plan["throttle"]["burstLimit"], int)


def test_create_with_everything_echoes_everything(apigw: Any, stage: tuple[str, str]) -> None:
    # 7.3 (S-COM test_api_key_required_for_methods).
    api_id, stage_name = stage
    plan = apigw.create_usage_plan(
        name="full",
        description="desc",
        quota={"limit": 10, "period": "DAY", "offset": 0},
        throttle={"rateLimit": 2, "burstLimit": 1},
        apiStages=[{"apiId": api_id, "stage": stage_name}],
        tags={"tag_key": "tag_value"},
    )
    assert body(plan) == {
        "id": plan["id"],
        "name": "full",
        "description": "desc",
        "apiStages": [{"apiId": api_id, "stage": stage_name}],
        "quota": {"limit": 10, "offset": 0, "period": "DAY"},
        "throttle": {"burstLimit": 1, "rateLimit": 2.0},
        "tags": {"tag_key": "tag_value"},
    }


def test_create_with_a_stage_and_description_has_no_tags_key(
    apigw: Any, stage: tuple[str, str]
) -> None:
    # 7.4 (S-COM test_usage_plan_crud).
    api_id, stage_name = stage
    plan = apigw.create_usage_plan(
        name="crud", description="d", apiStages=[{"apiId": api_id, "stage": stage_name}]
    )
    assert body(plan) == {
        "id": plan["id"],
        "name": "crud",
        "description": "d",
        "apiStages": [{"apiId": api_id, "stage": stage_name}],
    }


def test_quota_offset_defaults_to_zero(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="q", quota={"limit": 5000, "period": "MONTH"})
    assert plan["quota"] == {"limit": 5000, "offset": 0, "period": "MONTH"}


def test_per_method_throttle_in_a_stage_is_echoed(apigw: Any, stage: tuple[str, str]) -> None:
    # Chosen: an unset member of ThrottleSettings is 0, as the unset quota offset is.
    api_id, stage_name = stage
    plan = apigw.create_usage_plan(
        name="m",
        apiStages=[
            {
                "apiId": api_id,
                "stage": stage_name,
                "throttle": {"/pets/GET": {"rateLimit": 1.5, "burstLimit": 3}, "//POST": {}},
            }
        ],
    )
    assert plan["apiStages"] == [
        {
            "apiId": api_id,
            "stage": stage_name,
            "throttle": {
                "/pets/GET": {"burstLimit": 3, "rateLimit": 1.5},
                "//POST": {"burstLimit": 0, "rateLimit": 0.0},
            },
        }
    ]


@pytest.mark.parametrize(
    "api_stage",
    [
        {"apiId": "", "stage": "dev"},
        {"stage": "dev"},
        {"apiId": "foo", "stage": ""},
        {"apiId": "foo"},
    ],
)
def test_create_with_an_empty_api_id_or_stage_gives_the_unformatted_text(
    apigw: Any, api_stage: dict[str, str]
) -> None:
    # 7.5 (aws/aws-sdk#354, aws/aws-cdk#6169): the format string is sent as it is.
    assert_error(
        lambda: apigw.create_usage_plan(name="p", apiStages=[api_stage]),
        "BadRequestException",
        400,
        UNFORMATTED,
    )
    assert apigw.get_usage_plans()["items"] == []


def test_create_with_a_stage_that_does_not_exist_is_an_error(
    apigw: Any, stage: tuple[str, str]
) -> None:
    # 7.6: the current text is uncertain, so only code and status are asserted.
    api_id, _ = stage
    for api_stage in ({"apiId": api_id, "stage": "nope"}, {"apiId": "missing123", "stage": "dev"}):
        error = client_error(lambda s=api_stage: apigw.create_usage_plan(name="p", apiStages=[s]))  # type: ignore[misc]
        assert error.response["Error"]["Code"] == "BadRequestException"
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert apigw.get_usage_plans()["items"] == []


def test_create_with_the_same_stage_twice_is_refused(apigw: Any, stage: tuple[str, str]) -> None:
    api_id, stage_name = stage
    twice = [{"apiId": api_id, "stage": stage_name}] * 2
    assert_error(
        lambda: apigw.create_usage_plan(name="p", apiStages=twice),
        "BadRequestException",
        400,
        f"API Stage {{api: {api_id}, stage: {stage_name}}} is specified more than once",
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": ""}, "Invalid Usage Plan name specified"),
        (
            {"name": "p", "quota": {"limit": 10}},
            "Invalid quota period specified: ''. Must be one of: [DAY, WEEK, MONTH]",
        ),
        (
            {"name": "p", "quota": {"limit": -1, "period": "DAY"}},
            "Invalid quota limit specified: -1. Must be an integer from 0 to 2147483647",
        ),
        (
            {"name": "p", "quota": {"limit": 1, "offset": -2, "period": "DAY"}},
            "Invalid quota offset specified: -2. Must be an integer from 0 to 2147483647",
        ),
        (
            {"name": "p", "throttle": {"burstLimit": 2**31}},
            "Invalid throttle burstLimit specified: 2147483648. "
            "Must be an integer from 0 to 2147483647",
        ),
        (
            {"name": "p", "throttle": {"rateLimit": -0.5}},
            "Invalid throttle rateLimit specified: -0.5. Must be a non-negative number",
        ),
    ],
)
def test_create_rejects_bad_settings(apigw: Any, kwargs: dict[str, Any], message: str) -> None:
    assert_error(lambda: apigw.create_usage_plan(**kwargs), "BadRequestException", 400, message)
    assert apigw.get_usage_plans()["items"] == []


def test_create_with_an_unknown_period_fails_model_validation(apigw: Any) -> None:
    error = client_error(
        lambda: apigw.create_usage_plan(name="p", quota={"limit": 1, "period": "YEAR"})
    )
    assert error.response["Error"]["Code"] == "ValidationException"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "DAY, WEEK, MONTH" in error.response["Error"]["Message"]


def test_create_with_a_bad_method_throttle_key(apigw: Any, stage: tuple[str, str]) -> None:
    api_id, stage_name = stage
    assert_error(
        lambda: apigw.create_usage_plan(
            name="p",
            apiStages=[{"apiId": api_id, "stage": stage_name, "throttle": {"pets": {}}}],
        ),
        "BadRequestException",
        400,
        "Invalid method throttle key 'pets' specified. "
        "Must be {resourcePath}/{httpMethod}, e.g. /pets/GET",
    )


def test_create_validates_tags(apigw: Any) -> None:
    error = client_error(lambda: apigw.create_usage_plan(name="p", tags={"aws:x": "y"}))
    assert error.response["Error"]["Code"] == "BadRequestException"
    assert apigw.get_usage_plans()["items"] == []


# --------------------------------------------------------------------------- Get / list


def test_get_always_has_tags(apigw: Any) -> None:
    # 8.1
    plan = apigw.create_usage_plan(name="p", description="d")
    got = apigw.get_usage_plan(usagePlanId=plan["id"])
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert body(got) == {
        "id": plan["id"],
        "name": "p",
        "description": "d",
        "apiStages": [],
        "tags": {},
    }


def test_get_unknown_plan(apigw: Any) -> None:
    # 8.3
    assert_error(
        lambda: apigw.get_usage_plan(usagePlanId="nope42"), "NotFoundException", 404, NOT_FOUND
    )


def test_list_items_omit_empty_tags_and_are_newest_first(apigw: Any) -> None:
    # 8.2
    first = apigw.create_usage_plan(name="first")
    second = apigw.create_usage_plan(name="second", tags={"k": "v"})
    listed = apigw.get_usage_plans()
    assert listed["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "position" not in listed
    assert listed["items"] == [
        {"id": second["id"], "name": "second", "apiStages": [], "tags": {"k": "v"}},
        {"id": first["id"], "name": "first", "apiStages": []},
    ]


def test_list_filters_by_key_id(apigw: Any) -> None:
    # 8.4
    member = apigw.create_usage_plan(name="member")
    apigw.create_usage_plan(name="other")
    key = apigw.create_api_key(name="k")
    apigw.create_usage_plan_key(usagePlanId=member["id"], keyId=key["id"], keyType="API_KEY")
    assert [p["id"] for p in apigw.get_usage_plans(keyId=key["id"])["items"]] == [member["id"]]
    assert apigw.get_usage_plans(keyId="unknownkey")["items"] == []


def test_paging_by_limit_and_position(apigw: Any) -> None:
    ids = [apigw.create_usage_plan(name=f"p{i}")["id"] for i in range(3)]
    first = apigw.get_usage_plans(limit=2)
    assert [p["id"] for p in first["items"]] == ids[::-1][:2]
    second = apigw.get_usage_plans(limit=2, position=first["position"])
    assert [p["id"] for p in second["items"]] == [ids[0]]
    assert "position" not in second


def test_default_page_is_25_and_paginator_walks_everything(apigw: Any) -> None:
    for i in range(30):
        apigw.create_usage_plan(name=f"p{i}")
    first = apigw.get_usage_plans()
    assert len(first["items"]) == 25 and "position" in first
    assert apigw.get_usage_plans(limit=-1)["items"] == first["items"]
    pages = list(apigw.get_paginator("get_usage_plans").paginate(PaginationConfig={"PageSize": 7}))
    assert [len(p["items"]) for p in pages] == [7, 7, 7, 7, 2]
    names = [item["name"] for page in pages for item in page["items"]]
    assert names == [f"p{i}" for i in reversed(range(30))]


def test_garbage_position_is_a_bad_request(apigw: Any) -> None:
    assert_error(
        lambda: apigw.get_usage_plans(position="garbage!"),
        "BadRequestException",
        400,
        "Invalid position parameter specified",
    )


def test_tags_through_the_usage_plan_arn(apigw: Any) -> None:
    # 7.8 / 13: arn:aws:apigateway:{region}::/usageplans/{id}
    plan = apigw.create_usage_plan(name="p")
    arn = f"arn:aws:apigateway:us-east-1::/usageplans/{plan['id']}"
    assert (
        apigw.tag_resource(resourceArn=arn, tags={"a": "1"})["ResponseMetadata"]["HTTPStatusCode"]
        == 204
    )
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"a": "1"}
    assert apigw.get_usage_plan(usagePlanId=plan["id"])["tags"] == {"a": "1"}
    assert apigw.get_usage_plans()["items"][0]["tags"] == {"a": "1"}
    apigw.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert "tags" not in apigw.get_usage_plans()["items"][0]


# --------------------------------------------------------------------------- UpdateUsagePlan


def test_update_throttle_and_quota_on_a_bare_plan(apigw: Any) -> None:
    # 9.1 (S-COM "update-usage-plan").
    plan = apigw.create_usage_plan(name="p")
    updated = patch(
        apigw,
        plan["id"],
        ("replace", "/throttle/burstLimit", "100"),
        ("replace", "/throttle/rateLimit", "200"),
        ("replace", "/quota/period", "MONTH"),
        ("replace", "/quota/limit", "5000"),
    )
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert body(updated) == {
        "id": plan["id"],
        "name": "p",
        "apiStages": [],
        "quota": {"limit": 5000, "offset": 0, "period": "MONTH"},
        "throttle": {"burstLimit": 100, "rateLimit": 200.0},
        "tags": {},
    }
    assert isinstance(updated["throttle"]["rateLimit"], float)
    assert body(apigw.get_usage_plan(usagePlanId=plan["id"])) == body(updated)


def test_update_unknown_plan(apigw: Any) -> None:
    # 9.2
    assert_error(
        lambda: patch(apigw, "nope42", ("replace", "/name", "x")),
        "NotFoundException",
        404,
        NOT_FOUND,
    )


@pytest.mark.parametrize("value", [None, "fakevalue", ":dev", "api:"])
def test_remove_api_stage_without_a_valid_value(apigw: Any, value: str | None) -> None:
    # 9.3 (no value) and 9.4 (no colon).
    plan = apigw.create_usage_plan(name="p")
    assert_error(
        lambda: patch(apigw, plan["id"], ("remove", "/apiStages", value)),
        "BadRequestException",
        400,
        "Invalid API Stage specified",
    )


def test_remove_unknown_api_or_stage_is_not_found(apigw: Any, stage: tuple[str, str]) -> None:
    # 9.5 and 9.6: 404 with the formatted text.
    api_id, stage_name = stage
    plan = apigw.create_usage_plan(name="p", apiStages=[{"apiId": api_id, "stage": stage_name}])
    assert_error(
        lambda: patch(apigw, plan["id"], ("remove", "/apiStages", f"{api_id}b:dev")),
        "NotFoundException",
        404,
        f"Invalid API Stage {{api: {api_id}b, stage: dev}} specified for usageplan {plan['id']}",
    )
    assert_error(
        lambda: patch(apigw, plan["id"], ("remove", "/apiStages", f"{api_id}:fakestagename")),
        "NotFoundException",
        404,
        f"Invalid API Stage {{api: {api_id}, stage: fakestagename}} specified for usageplan "
        f"{plan['id']}",
    )


def test_add_and_remove_api_stages(apigw: Any, stage: tuple[str, str]) -> None:
    # 9.7: the value is apiId:stage.
    api_id, stage_name = stage
    plan = apigw.create_usage_plan(name="p")
    added = patch(apigw, plan["id"], ("add", "/apiStages", f"{api_id}:{stage_name}"))
    assert added["apiStages"] == [{"apiId": api_id, "stage": stage_name}]
    assert_error(
        lambda: patch(apigw, plan["id"], ("add", "/apiStages", f"{api_id}:{stage_name}")),
        "ConflictException",
        409,
        f"API Stage {api_id}:{stage_name} is already in Usage Plan {plan['id']}",
    )
    removed = patch(apigw, plan["id"], ("remove", "/apiStages", f"{api_id}:{stage_name}"))
    assert removed["apiStages"] == []
    # terraform's way: remove every stage and add it back, in one request
    patch(apigw, plan["id"], ("add", "/apiStages", f"{api_id}:{stage_name}"))
    again = patch(
        apigw,
        plan["id"],
        ("remove", "/apiStages", f"{api_id}:{stage_name}"),
        ("add", "/apiStages", f"{api_id}:{stage_name}"),
    )
    assert again["apiStages"] == [{"apiId": api_id, "stage": stage_name}]


def test_add_a_stage_that_does_not_exist(apigw: Any, stage: tuple[str, str]) -> None:
    api_id, _ = stage
    plan = apigw.create_usage_plan(name="p")
    assert_error(
        lambda: patch(apigw, plan["id"], ("add", "/apiStages", f"{api_id}:nope")),
        "NotFoundException",
        404,
        f"Invalid API Stage {{api: {api_id}, stage: nope}} specified for usageplan {plan['id']}",
    )


def test_update_name_description_and_product_code(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="p", description="old")
    updated = patch(
        apigw,
        plan["id"],
        ("replace", "/name", "renamed"),
        ("replace", "/description", "new"),
        ("replace", "/productCode", "prod-123"),
    )
    assert body(updated) == {
        "id": plan["id"],
        "name": "renamed",
        "description": "new",
        "productCode": "prod-123",
        "apiStages": [],
        "tags": {},
    }
    cleared = patch(apigw, plan["id"], ("remove", "/productCode", None))
    assert "productCode" not in cleared
    assert_error(
        lambda: patch(apigw, plan["id"], ("replace", "/name", "")),
        "BadRequestException",
        400,
        "Invalid Usage Plan name specified",
    )


def test_remove_throttle_and_quota(apigw: Any) -> None:
    plan = apigw.create_usage_plan(
        name="p", throttle={"rateLimit": 1, "burstLimit": 2}, quota={"limit": 3, "period": "WEEK"}
    )
    updated = patch(apigw, plan["id"], ("remove", "/throttle", None), ("remove", "/quota", None))
    assert "throttle" not in updated and "quota" not in updated
    assert "throttle" not in apigw.get_usage_plan(usagePlanId=plan["id"])


def test_add_throttle_and_quota_members_as_terraform_does(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="p")
    updated = patch(
        apigw,
        plan["id"],
        ("add", "/throttle/rateLimit", "2.5"),
        ("add", "/throttle/burstLimit", "5"),
        ("add", "/quota/limit", "100"),
        ("add", "/quota/offset", "1"),
        ("add", "/quota/period", "WEEK"),
    )
    assert updated["throttle"] == {"burstLimit": 5, "rateLimit": 2.5}
    assert updated["quota"] == {"limit": 100, "offset": 1, "period": "WEEK"}


def test_a_throttle_member_alone_sets_the_other_to_zero(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="p")
    updated = patch(apigw, plan["id"], ("replace", "/throttle/rateLimit", "7"))
    assert updated["throttle"] == {"burstLimit": 0, "rateLimit": 7.0}


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("/quota/limit", "abc", "Invalid quota limit specified: 'abc'. Must be an integer"),
        ("/quota/offset", "1.5", "Invalid quota offset specified: '1.5'. Must be an integer"),
        ("/quota/limit", None, "Invalid quota limit specified: 'None'. Must be an integer"),
        (
            "/quota/period",
            "YEAR",
            "Invalid quota period specified: 'YEAR'. Must be one of: [DAY, WEEK, MONTH]",
        ),
        (
            "/throttle/burstLimit",
            "-1",
            "Invalid throttle burstLimit specified: -1. Must be an integer from 0 to 2147483647",
        ),
        (
            "/throttle/rateLimit",
            "fast",
            "Invalid throttle rateLimit specified: 'fast'. Must be a number",
        ),
        (
            "/throttle/rateLimit",
            "nan",
            "Invalid throttle rateLimit specified: 'nan'. Must be a number",
        ),
    ],
)
def test_bad_numbers_are_bad_requests(
    apigw: Any, path: str, value: str | None, message: str
) -> None:
    plan = apigw.create_usage_plan(name="p", quota={"limit": 1, "period": "DAY"})
    assert_error(
        lambda: patch(apigw, plan["id"], ("replace", path, value)),
        "BadRequestException",
        400,
        message,
    )


def test_a_quota_without_a_period_is_refused(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="p")
    assert_error(
        lambda: patch(apigw, plan["id"], ("replace", "/quota/limit", "10")),
        "BadRequestException",
        400,
        "Invalid quota period specified: ''. Must be one of: [DAY, WEEK, MONTH]",
    )
    assert "quota" not in apigw.get_usage_plan(usagePlanId=plan["id"])


def test_per_method_throttle_paths(apigw: Any, stage: tuple[str, str]) -> None:
    api_id, stage_name = stage
    ident = f"{api_id}:{stage_name}"
    plan = apigw.create_usage_plan(name="p", apiStages=[{"apiId": api_id, "stage": stage_name}])
    updated = patch(
        apigw,
        plan["id"],
        # terraform sends the resource path as it is; a JSON Pointer escape works too
        ("replace", f"/apiStages/{ident}/throttle//pets/GET/rateLimit", "3"),
        ("replace", f"/apiStages/{ident}/throttle//pets/GET/burstLimit", "6"),
        ("add", f"/apiStages/{ident}/throttle/~1orders/POST/rateLimit", "1"),
    )
    assert updated["apiStages"] == [
        {
            "apiId": api_id,
            "stage": stage_name,
            "throttle": {
                "/pets/GET": {"burstLimit": 6, "rateLimit": 3.0},
                "/orders/POST": {"burstLimit": 0, "rateLimit": 1.0},
            },
        }
    ]
    one_left = patch(apigw, plan["id"], ("remove", f"/apiStages/{ident}/throttle//pets/GET", None))
    assert list(one_left["apiStages"][0]["throttle"]) == ["/orders/POST"]
    none_left = patch(apigw, plan["id"], ("remove", f"/apiStages/{ident}/throttle", None))
    assert none_left["apiStages"] == [{"apiId": api_id, "stage": stage_name}]


def test_per_method_throttle_on_a_stage_not_in_the_plan(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="p")
    assert_error(
        lambda: patch(
            apigw, plan["id"], ("replace", "/apiStages/a1:dev/throttle//x/GET/rateLimit", "1")
        ),
        "NotFoundException",
        404,
        f"Invalid API Stage {{api: a1, stage: dev}} specified for usageplan {plan['id']}",
    )


def test_remove_a_stage_path_is_an_invalid_path_with_the_real_list(apigw: Any) -> None:
    # boto/boto3#2629: real AWS text for `remove /apiStages/<id>:dev` ("apidId" sic).
    plan = apigw.create_usage_plan(name="p")
    assert_error(
        lambda: patch(apigw, plan["id"], ("remove", f"/apiStages/{plan['id']}:dev", None)),
        "BadRequestException",
        400,
        f"Invalid patch path  '/apiStages/{plan['id']}:dev' specified for op 'remove'. "
        f"Must be one of: {REMOVE_PATHS}",
    )
    assert_error(
        lambda: patch(apigw, plan["id"], ("remove", "/description", None)),
        "BadRequestException",
        400,
        f"Invalid patch path  '/description' specified for op 'remove'. "
        f"Must be one of: {REMOVE_PATHS}",
    )


def test_unsupported_path_and_op(apigw: Any) -> None:
    # The UpdateApiKey style (4.5): two spaces after "path".
    plan = apigw.create_usage_plan(name="p")
    assert_error(
        lambda: patch(apigw, plan["id"], ("replace", "/id", "new-id")),
        "BadRequestException",
        400,
        f"Invalid patch path  '/id' specified for op 'replace'. Must be one of: {REPLACE_PATHS}",
    )
    assert_error(
        lambda: patch(apigw, plan["id"], ("move", "/name", "x")),
        "BadRequestException",
        400,
        "Invalid patch operation specified. Must be one of: [add, remove, replace]",
    )


def test_a_failed_patch_changes_nothing(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="p", throttle={"rateLimit": 1, "burstLimit": 1})
    before = body(apigw.get_usage_plan(usagePlanId=plan["id"]))
    assert_error(
        lambda: patch(
            apigw,
            plan["id"],
            ("replace", "/name", "changed"),
            ("replace", "/throttle/rateLimit", "9"),
            ("replace", "/quota/limit", "nope"),
        ),
        "BadRequestException",
        400,
        "Invalid quota limit specified: 'nope'. Must be an integer",
    )
    assert body(apigw.get_usage_plan(usagePlanId=plan["id"])) == before


def test_update_with_no_operations_answers_the_plan(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="p")
    assert body(apigw.update_usage_plan(usagePlanId=plan["id"])) == {
        "id": plan["id"],
        "name": "p",
        "apiStages": [],
        "tags": {},
    }


# --------------------------------------------------------------------------- property


OPS = st.sampled_from(["add", "remove", "replace", "move", "copy", "test"])
TEXT = st.text(max_size=12)


def _paths(ident: str) -> st.SearchStrategy[str]:
    known = [
        "/name",
        "/description",
        "/productCode",
        "/quota",
        "/quota/limit",
        "/quota/offset",
        "/quota/period",
        "/throttle",
        "/throttle/rateLimit",
        "/throttle/burstLimit",
        "/apiStages",
        f"/apiStages/{ident}",
        f"/apiStages/{ident}/throttle",
        f"/apiStages/{ident}/throttle//pets/GET",
        f"/apiStages/{ident}/throttle//pets/GET/rateLimit",
        f"/apiStages/{ident}/throttle//pets/GET/burstLimit",
        f"/apiStages/{ident}/throttle/pets/rateLimit",
        "/apiStages/x:y/throttle//a/GET/rateLimit",
        "/id",
        "",
    ]
    return st.one_of(st.sampled_from(known), TEXT.map(lambda t: "/" + t))


def _values(ident: str) -> st.SearchStrategy[str | None]:
    return st.one_of(
        st.none(),
        st.sampled_from(["DAY", "WEEK", "MONTH", "YEAR", ident, "x:y", "nan", "inf", "", "1e3"]),
        st.integers(min_value=-5, max_value=2**32).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        TEXT,
    )


def _plausible(ident: str) -> st.SearchStrategy[tuple[str, str, str | None]]:
    """Triples an API user would send, so that many patches succeed."""
    count = st.integers(min_value=0, max_value=10_000).map(str)
    rate = st.floats(min_value=0, max_value=1e4, allow_nan=False).map(str)
    method = f"/apiStages/{ident}/throttle//pets/GET"

    def pair(ops: list[str], paths: list[str], values: Any) -> Any:
        return st.tuples(st.sampled_from(ops), st.sampled_from(paths), values)

    return st.one_of(
        pair(["replace"], ["/name", "/description", "/productCode"], TEXT),
        pair(["remove"], ["/productCode", "/throttle", "/quota", method], st.none()),
        pair(["add", "replace"], ["/quota/limit", "/quota/offset", "/throttle/burstLimit"], count),
        pair(["add", "replace"], ["/quota/period"], st.sampled_from(["DAY", "WEEK", "MONTH"])),
        pair(["add", "replace"], ["/throttle/rateLimit", f"{method}/rateLimit"], rate),
        pair(["add", "replace"], [f"{method}/burstLimit"], count),
        pair(["add", "remove"], ["/apiStages"], st.just(ident)),
    )


def test_random_patches_succeed_or_fail_cleanly(apigw: Any, stage: tuple[str, str]) -> None:
    """Any op/path/value triple gives success or a 4xx AWS error; a failure changes nothing,
    and a success answers what a later GetUsagePlan shows."""
    api_id, stage_name = stage
    ident = f"{api_id}:{stage_name}"
    plan_id = apigw.create_usage_plan(
        name="p",
        throttle={"rateLimit": 1, "burstLimit": 1},
        quota={"limit": 1, "period": "DAY"},
        apiStages=[{"apiId": api_id, "stage": stage_name}],
    )["id"]
    triple = _plausible(ident) | st.tuples(OPS | TEXT, _paths(ident), _values(ident))

    @given(ops=st.lists(triple, min_size=1, max_size=3))
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def check(ops: list[tuple[str, str, str | None]]) -> None:
        before = body(apigw.get_usage_plan(usagePlanId=plan_id))
        try:
            answer = body(patch(apigw, plan_id, *ops))
        except ClientError as error:
            response: dict[str, Any] = error.response  # type: ignore[assignment]
            status = response["ResponseMetadata"]["HTTPStatusCode"]
            assert (response["Error"]["Code"], status) in {
                ("BadRequestException", 400),
                ("ValidationException", 400),
                ("NotFoundException", 404),
                ("ConflictException", 409),
            }, response
            assert body(apigw.get_usage_plan(usagePlanId=plan_id)) == before
            return
        assert answer == body(apigw.get_usage_plan(usagePlanId=plan_id))
        assert answer["name"]
        if "quota" in answer:
            assert answer["quota"]["period"] in ("DAY", "WEEK", "MONTH")

    check()


# --------------------------------------------------------------------------- DeleteUsagePlan


def test_delete(apigw: Any) -> None:
    plan = apigw.create_usage_plan(name="p")
    key = apigw.create_api_key(name="k")
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    response = apigw.delete_usage_plan(usagePlanId=plan["id"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert body(response) == {}
    assert_error(
        lambda: apigw.get_usage_plan(usagePlanId=plan["id"]), "NotFoundException", 404, NOT_FOUND
    )
    assert apigw.get_usage_plans(keyId=key["id"])["items"] == []


def test_delete_unknown_plan(apigw: Any) -> None:
    # 10
    assert_error(
        lambda: apigw.delete_usage_plan(usagePlanId="nope42"), "NotFoundException", 404, NOT_FOUND
    )


def test_delete_a_plan_with_stages_is_refused_until_they_are_removed(
    apigw: Any, stage: tuple[str, str]
) -> None:
    # Real AWS text (aws/aws-sdk-js#3841, serverless/serverless#4006); terraform removes the
    # stages before it deletes a plan for this reason.
    api_id, stage_name = stage
    plan = apigw.create_usage_plan(name="p", apiStages=[{"apiId": api_id, "stage": stage_name}])
    assert_error(
        lambda: apigw.delete_usage_plan(usagePlanId=plan["id"]),
        "BadRequestException",
        400,
        f"Cannot delete Usage Plan {plan['id']} because there are API Stages associated with it, "
        f"including {api_id}:{stage_name}",
    )
    patch(apigw, plan["id"], ("remove", "/apiStages", f"{api_id}:{stage_name}"))
    assert (
        apigw.delete_usage_plan(usagePlanId=plan["id"])["ResponseMetadata"]["HTTPStatusCode"] == 202
    )
