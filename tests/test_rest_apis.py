"""REST APIs, resources, methods and integrations against recorded AWS behaviour.

Sources: LocalStack's ``test_apigateway_api.snapshot.json`` (responses recorded against AWS),
the AWS CLI's documented examples, and AWS errors quoted in public issues.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from mockgw import mock_apigateway
from tests.apigw_fixtures import rest_api_with_get
from tests.helpers import assert_error, body, client_error, status

API_ID = re.compile(r"^[a-z0-9]{10}$")
RESOURCE_ID = re.compile(r"^[a-z0-9]{6}$")
ACCOUNT = "123456789012"
NO_RESOURCE = "Invalid Resource identifier specified"
NO_METHOD = "Invalid Method identifier specified"
NO_INTEGRATION = "Invalid Integration identifier specified"
NO_STATUS = "Invalid Response status code specified"
AWS_PROXY_ONLY = (
    "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream "
    "invocations."
)


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


def new_api(apigw: Any, **kwargs: Any) -> tuple[str, str]:
    api = apigw.create_rest_api(name=kwargs.pop("name", "api"), **kwargs)
    return api["id"], api["rootResourceId"]


# ------------------------------------------------------------------------------ CreateRestApi


def test_create_with_only_a_name_has_the_recorded_fields(apigw: Any) -> None:
    with freeze_time("2024-05-01 12:00:00"):
        response = apigw.create_rest_api(name="pets")
    assert status(response) == 201
    api = body(response)
    assert api == {
        "id": api["id"],
        "name": "pets",
        "createdDate": dt.datetime(2024, 5, 1, 12, tzinfo=dt.timezone.utc),
        "apiKeySource": "HEADER",
        "endpointConfiguration": {"types": ["EDGE"], "ipAddressType": "ipv4"},
        "disableExecuteApiEndpoint": False,
        "rootResourceId": api["rootResourceId"],
    }
    assert API_ID.match(api["id"])
    assert API_ID.match(api["rootResourceId"])
    assert api["id"] != api["rootResourceId"]


def test_create_echoes_every_optional_parameter(apigw: Any) -> None:
    api = apigw.create_rest_api(
        name="pets",
        description="this is my api",
        version="v1",
        binaryMediaTypes=["image/png"],
        minimumCompressionSize=0,
        apiKeySource="AUTHORIZER",
        endpointConfiguration={"types": ["REGIONAL"]},
        policy='{"Version": "2012-10-17"}',
        tags={"MY_TAG1": "MY_VALUE1"},
        disableExecuteApiEndpoint=True,
    )
    assert body(api) == {
        "id": api["id"],
        "name": "pets",
        "description": "this is my api",
        "createdDate": api["createdDate"],
        "version": "v1",
        "binaryMediaTypes": ["image/png"],
        "minimumCompressionSize": 0,
        "apiKeySource": "AUTHORIZER",
        "endpointConfiguration": {"types": ["REGIONAL"], "ipAddressType": "ipv4"},
        "policy": '{"Version": "2012-10-17"}',
        "tags": {"MY_TAG1": "MY_VALUE1"},
        "disableExecuteApiEndpoint": True,
        "rootResourceId": api["rootResourceId"],
    }


def test_empty_binary_media_types_are_omitted(apigw: Any) -> None:
    assert "binaryMediaTypes" not in apigw.create_rest_api(name="a", binaryMediaTypes=[])


@pytest.mark.parametrize(
    ("configuration", "expected"),
    [
        ({"types": ["EDGE"]}, {"types": ["EDGE"], "ipAddressType": "ipv4"}),
        ({"types": ["REGIONAL"]}, {"types": ["REGIONAL"], "ipAddressType": "ipv4"}),
        ({"types": ["PRIVATE"]}, {"types": ["PRIVATE"], "ipAddressType": "dualstack"}),
        (
            {"types": ["EDGE"], "ipAddressType": "dualstack"},
            {"types": ["EDGE"], "ipAddressType": "dualstack"},
        ),
    ],
)
def test_endpoint_configuration_defaults(apigw: Any, configuration: Any, expected: Any) -> None:
    api = apigw.create_rest_api(name="a", endpointConfiguration=configuration)
    assert api["endpointConfiguration"] == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"description": ""}, "Description cannot be an empty string"),
        (
            {"endpointConfiguration": {"types": []}},
            "REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.",
        ),
        (
            {"endpointConfiguration": {"types": ["EDGE", "REGIONAL"]}},
            "Cannot create an api with multiple Endpoint Types.",
        ),
        (
            {"endpointConfiguration": {"types": ["PRIVATE"], "ipAddressType": "ipv4"}},
            "Only dualstack ipAddressType is supported for Private APIs.",
        ),
        (
            {"minimumCompressionSize": -1},
            "Invalid minimum compression size, must be between 0 and 10485760",
        ),
        (
            {"minimumCompressionSize": 10485761},
            "Invalid minimum compression size, must be between 0 and 10485760",
        ),
    ],
)
def test_create_rejects_what_aws_rejects(apigw: Any, kwargs: Any, message: str) -> None:
    assert_error(
        lambda: apigw.create_rest_api(name="a", **kwargs), "BadRequestException", 400, message
    )
    assert apigw.get_rest_apis()["items"] == []


def test_create_with_bad_tags_stores_nothing(apigw: Any) -> None:
    error = assert_error(
        lambda: apigw.create_rest_api(name="a", tags={"aws:x": "y"}),
        "BadRequestException",
        400,
        "Invalid tag key 'aws:x': the prefix 'aws:' is reserved",
    )
    assert error.response["Error"]["Code"] == "BadRequestException"
    assert apigw.get_rest_apis()["items"] == []


def test_create_creates_the_root_resource(apigw: Any) -> None:
    api_id, root_id = new_api(apigw)
    resources = apigw.get_resources(restApiId=api_id)
    assert status(resources) == 200
    assert resources["items"] == [{"id": root_id, "path": "/"}]


def test_clone_from_copies_resources_and_methods(apigw: Any) -> None:
    source, root = rest_api_with_get(apigw, "source")
    pets = apigw.create_resource(restApiId=source, parentId=root, pathPart="pets")["id"]
    apigw.put_method(
        restApiId=source, resourceId=pets, httpMethod="POST", authorizationType="AWS_IAM"
    )
    clone = apigw.create_rest_api(name="clone", cloneFrom=source)
    resources = apigw.get_resources(restApiId=clone["id"], embed=["methods"])["items"]
    by_path = {r["path"]: r for r in resources}
    assert set(by_path) == {"/", "/pets"}
    assert by_path["/"]["id"] == clone["rootResourceId"]
    assert by_path["/pets"]["id"] != pets
    assert by_path["/pets"]["parentId"] == clone["rootResourceId"]
    assert by_path["/pets"]["resourceMethods"]["POST"]["authorizationType"] == "AWS_IAM"
    integration = by_path["/"]["resourceMethods"]["GET"]["methodIntegration"]
    assert integration["type"] == "MOCK"


def test_clone_from_an_unknown_api(apigw: Any) -> None:
    assert_error(
        lambda: apigw.create_rest_api(name="c", cloneFrom="nope000000"),
        "BadRequestException",
        400,
        f"Invalid API identifier specified {ACCOUNT}:nope000000",
    )


# ------------------------------------------------------------------------------ Get/Delete


def test_get_rest_api_always_carries_tags(apigw: Any) -> None:
    api_id, _ = new_api(apigw)
    api = apigw.get_rest_api(restApiId=api_id)
    assert status(api) == 200
    assert api["tags"] == {}
    assert api["id"] == api_id


def test_get_rest_apis_lists_oldest_first_and_omits_empty_tags(apigw: Any) -> None:
    first, _ = new_api(apigw, name="one", description="this is my api")
    second, _ = new_api(apigw, name="two", tags={"k": "v"})
    items = apigw.get_rest_apis()["items"]
    assert [i["id"] for i in items] == [first, second]
    assert "tags" not in items[0]
    assert items[1]["tags"] == {"k": "v"}
    assert items[0]["description"] == "this is my api"


def test_get_unknown_and_case_sensitive_ids(apigw: Any) -> None:
    api_id, _ = new_api(apigw)
    upper = api_id.upper()
    assert_error(
        lambda: apigw.get_rest_api(restApiId=upper),
        "NotFoundException",
        404,
        f"Invalid API identifier specified {ACCOUNT}:{upper}",
    )


def test_delete_rest_api(apigw: Any) -> None:
    first, _ = new_api(apigw)
    second, _ = new_api(apigw)
    response = apigw.delete_rest_api(restApiId=first)
    assert status(response) == 202
    assert [i["id"] for i in apigw.get_rest_apis()["items"]] == [second]
    for call in (
        lambda: apigw.delete_rest_api(restApiId=first),
        lambda: apigw.get_rest_api(restApiId=first),
        lambda: apigw.get_resources(restApiId=first),
    ):
        assert_error(
            call, "NotFoundException", 404, f"Invalid API identifier specified {ACCOUNT}:{first}"
        )


def test_get_rest_apis_pages_with_the_paginator(apigw: Any) -> None:
    made = [new_api(apigw, name=f"api-{i}")[0] for i in range(7)]
    first = apigw.get_rest_apis(limit=3)
    assert len(first["items"]) == 3
    assert "position" in first
    pages = apigw.get_paginator("get_rest_apis").paginate(PaginationConfig={"PageSize": 3})
    sizes, seen = [], []
    for page in pages:
        sizes.append(len(page["items"]))
        seen.extend(i["id"] for i in page["items"])
    assert sizes == [3, 3, 1]
    assert seen == made


def test_a_bad_position_is_rejected(apigw: Any) -> None:
    assert_error(
        lambda: apigw.get_rest_apis(position="garbage"),
        "BadRequestException",
        400,
        "Invalid position parameter specified",
    )


# ------------------------------------------------------------------------------ UpdateRestApi


def test_update_rest_api_replaces_scalars_and_always_shows_tags(apigw: Any) -> None:
    api_id, _ = new_api(apigw, description="old")
    response = apigw.update_rest_api(
        restApiId=api_id,
        patchOperations=[
            {"op": "replace", "path": "/name", "value": "renamed"},
            {"op": "replace", "path": "/description", "value": "new"},
            {"op": "replace", "path": "/minimumCompressionSize", "value": "10"},
            {"op": "replace", "path": "/apiKeySource", "value": "AUTHORIZER"},
            {"op": "replace", "path": "/disableExecuteApiEndpoint", "value": "true"},
        ],
    )
    assert status(response) == 200
    assert response["name"] == "renamed"
    assert response["description"] == "new"
    assert response["minimumCompressionSize"] == 10
    assert response["apiKeySource"] == "AUTHORIZER"
    assert response["disableExecuteApiEndpoint"] is True
    assert response["tags"] == {}
    assert apigw.get_rest_api(restApiId=api_id)["name"] == "renamed"
    cleared = apigw.update_rest_api(
        restApiId=api_id,
        patchOperations=[{"op": "replace", "path": "/minimumCompressionSize", "value": ""}],
    )
    assert "minimumCompressionSize" not in cleared


def test_update_rest_api_binary_media_types(apigw: Any) -> None:
    api_id, _ = new_api(apigw)
    added = apigw.update_rest_api(
        restApiId=api_id,
        patchOperations=[
            {"op": "add", "path": "/binaryMediaTypes/image~1png"},
            {"op": "add", "path": "/binaryMediaTypes/image~1jpeg"},
        ],
    )
    assert added["binaryMediaTypes"] == ["image/png", "image/jpeg"]
    replaced = apigw.update_rest_api(
        restApiId=api_id,
        patchOperations=[
            {"op": "replace", "path": "/binaryMediaTypes/image~1png", "value": "image~1gif"}
        ],
    )
    assert replaced["binaryMediaTypes"] == ["image/jpeg", "image/gif"]
    removed = apigw.update_rest_api(
        restApiId=api_id,
        patchOperations=[{"op": "remove", "path": "/binaryMediaTypes/image~1gif"}],
    )
    assert removed["binaryMediaTypes"] == ["image/jpeg"]


def test_update_rest_api_endpoint_configuration(apigw: Any) -> None:
    api_id, _ = new_api(apigw)
    private = apigw.update_rest_api(
        restApiId=api_id,
        patchOperations=[
            {"op": "replace", "path": "/endpointConfiguration/types/EDGE", "value": "PRIVATE"},
            {"op": "replace", "path": "/endpointConfiguration/ipAddressType", "value": "dualstack"},
        ],
    )
    assert private["endpointConfiguration"] == {"types": ["PRIVATE"], "ipAddressType": "dualstack"}
    assert_error(
        lambda: apigw.update_rest_api(
            restApiId=api_id,
            patchOperations=[
                {"op": "replace", "path": "/endpointConfiguration/ipAddressType", "value": "ipv4"}
            ],
        ),
        "BadRequestException",
        400,
        "Only dualstack ipAddressType is supported for Private APIs.",
    )


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (
            {"op": "add", "path": "/minimumCompressionSize", "value": "10"},
            "Invalid patch operation specified. Must be one of: [replace]",
        ),
        (
            {"op": "replace", "path": "/minimumCompressionSize", "value": "-1"},
            "Invalid minimum compression size, must be between 0 and 10485760",
        ),
        (
            {"op": "replace", "path": "/minimumCompressionSize", "value": "abc"},
            "Invalid minimum compression size, must be between 0 and 10485760",
        ),
        (
            {"op": "add", "path": "/binaryMediaTypes", "value": "a/b"},
            "Invalid patch path /binaryMediaTypes",
        ),
        (
            {"op": "replace", "path": "/endpointConfiguration/ipAddressType", "value": "wrong"},
            "ipAddressType must be either ipv4 or dualstack.",
        ),
        (
            {"op": "replace", "path": "/endpointConfiguration/types/EDGE", "value": "wrong"},
            "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE",
        ),
        (
            {"op": "copy", "path": "/endpointConfiguration/types/EDGE", "value": "REGIONAL"},
            "Invalid patch operation specified. Must be 'add'|'remove'|'replace'",
        ),
    ],
)
def test_update_rest_api_rejects_and_changes_nothing(apigw: Any, patch: Any, message: str) -> None:
    api_id, _ = new_api(apigw)
    before = body(apigw.get_rest_api(restApiId=api_id))
    assert_error(
        lambda: apigw.update_rest_api(
            restApiId=api_id,
            patchOperations=[{"op": "replace", "path": "/name", "value": "changed"}, patch],
        ),
        "BadRequestException",
        400,
        message,
    )
    assert body(apigw.get_rest_api(restApiId=api_id)) == before


def test_update_rest_api_remove_description(apigw: Any) -> None:
    api_id, _ = new_api(apigw, description="this is my api")
    removed = apigw.update_rest_api(
        restApiId=api_id, patchOperations=[{"op": "remove", "path": "/description"}]
    )
    assert status(removed) == 200
    assert "description" not in removed
    assert "description" not in apigw.get_rest_api(restApiId=api_id)


def test_switching_to_private_switches_to_dualstack(apigw: Any) -> None:
    """Recorded: EDGE, REGIONAL then PRIVATE in one call; a private API is dualstack only."""
    api_id, _ = new_api(apigw)
    response = apigw.update_rest_api(
        restApiId=api_id,
        patchOperations=[
            {"op": "replace", "path": "/endpointConfiguration/types/0", "value": "EDGE"},
            {"op": "replace", "path": "/endpointConfiguration/types/0", "value": "REGIONAL"},
            {"op": "replace", "path": "/endpointConfiguration/types/0", "value": "PRIVATE"},
        ],
    )
    assert response["endpointConfiguration"] == {"ipAddressType": "dualstack", "types": ["PRIVATE"]}
    assert_error(
        lambda: apigw.update_rest_api(
            restApiId=api_id,
            patchOperations=[
                {"op": "replace", "path": "/endpointConfiguration/ipAddressType", "value": "ipv4"}
            ],
        ),
        "BadRequestException",
        400,
        "Only dualstack ipAddressType is supported for Private APIs.",
    )
    for patch, message in (
        (
            {"op": "remove", "path": "/endpointConfiguration/ipAddressType", "value": "dualstack"},
            "Invalid patch operation specified. Must be one of: [replace]",
        ),
        (
            {"op": "remove", "path": "/endpointConfiguration/types/0", "value": "EDGE"},
            "Invalid patch operation specified. Must be 'add'|'remove'|'replace'",
        ),
    ):
        assert_error(
            lambda patch=patch: apigw.update_rest_api(restApiId=api_id, patchOperations=[patch]),
            "BadRequestException",
            400,
            message,
        )
    same = apigw.update_rest_api(
        restApiId=api_id,
        patchOperations=[
            {"op": "replace", "path": "/endpointConfiguration/ipAddressType", "value": "dualstack"}
        ],
    )
    assert same["endpointConfiguration"] == {"ipAddressType": "dualstack", "types": ["PRIVATE"]}


def test_update_unknown_rest_api(apigw: Any) -> None:
    assert_error(
        lambda: apigw.update_rest_api(restApiId="api_id", patchOperations=[]),
        "NotFoundException",
        404,
        f"Invalid API identifier specified {ACCOUNT}:api_id",
    )


# ------------------------------------------------------------------------------ resources


def test_resource_lifecycle(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    created = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="pets")
    assert status(created) == 201
    assert body(created) == {
        "id": created["id"],
        "parentId": root,
        "path": "/pets",
        "pathPart": "pets",
    }
    assert RESOURCE_ID.match(created["id"])
    sub = apigw.create_resource(restApiId=api_id, parentId=created["id"], pathPart="subpets")
    assert sub["path"] == "/pets/subpets"
    assert apigw.get_resources(restApiId=api_id)["items"] == [
        {"id": root, "path": "/"},
        body(created),
        body(sub),
    ]
    got = apigw.get_resource(restApiId=api_id, resourceId=sub["id"])
    assert body(got) == body(sub)
    deleted = apigw.delete_resource(restApiId=api_id, resourceId=created["id"])
    assert status(deleted) == 202
    # Deleting a resource takes its children with it.
    assert apigw.get_resources(restApiId=api_id)["items"] == [{"id": root, "path": "/"}]
    assert_error(
        lambda: apigw.delete_resource(restApiId=api_id, resourceId=sub["id"]),
        "NotFoundException",
        404,
        NO_RESOURCE,
    )


def test_proxy_resources(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    proxy = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="{proxy+}")
    assert proxy["path"] == "/{proxy+}"
    parent = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="parent")["id"]
    child = apigw.create_resource(restApiId=api_id, parentId=parent, pathPart="{child}")
    assert child["path"] == "/parent/{child}"
    greedy = apigw.create_resource(restApiId=api_id, parentId=child["id"], pathPart="{rest+}")
    assert greedy["path"] == "/parent/{child}/{rest+}"


@pytest.mark.parametrize(
    ("parent", "path_part", "code", "http", "message"),
    [
        (
            "root",
            "{id}",
            "BadRequestException",
            400,
            "A sibling ({proxy+}) of this resource already has a variable path part -- only one "
            "is allowed",
        ),
        (
            "proxy",
            "child",
            "BadRequestException",
            400,
            "Cannot create a child of a resource with a greedy path variable: {proxy+}",
        ),
        (
            "proxy",
            "{child}",
            "BadRequestException",
            400,
            "Cannot create a child of a resource with a greedy path variable: {proxy+}",
        ),
        (
            "root",
            "pets",
            "ConflictException",
            409,
            "Another resource with the same parent already has this name: pets",
        ),
        (
            "root",
            "bad/part",
            "BadRequestException",
            400,
            "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and "
            "the end and an optional plus sign before the closing brace.",
        ),
        (
            "root",
            "{open",
            "BadRequestException",
            400,
            "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and "
            "the end and an optional plus sign before the closing brace.",
        ),
        ("nope", "x", "NotFoundException", 404, NO_RESOURCE),
    ],
)
def test_create_resource_rules(
    apigw: Any, parent: str, path_part: str, code: str, http: int, message: str
) -> None:
    api_id, root = new_api(apigw)
    ids = {"root": root, "nope": "nope00"}
    ids["proxy"] = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="{proxy+}")["id"]
    apigw.create_resource(restApiId=api_id, parentId=root, pathPart="pets")
    before = apigw.get_resources(restApiId=api_id)["items"]
    assert_error(
        lambda: apigw.create_resource(restApiId=api_id, parentId=ids[parent], pathPart=path_part),
        code,
        http,
        message,
    )
    assert apigw.get_resources(restApiId=api_id)["items"] == before


def test_resource_calls_on_an_unknown_api(apigw: Any) -> None:
    for call in (
        lambda: apigw.create_resource(restApiId="nope000000", parentId="x", pathPart="a"),
        lambda: apigw.get_resource(restApiId="nope000000", resourceId="x"),
        lambda: apigw.delete_resource(restApiId="nope000000", resourceId="x"),
    ):
        assert_error(call, "NotFoundException", 404, NO_RESOURCE)


def test_root_resource_cannot_be_deleted(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    assert_error(
        lambda: apigw.delete_resource(restApiId=api_id, resourceId=root),
        "BadRequestException",
        400,
        "Root resource cannot be deleted",
    )


def test_get_resources_embeds_methods_only_when_asked(apigw: Any) -> None:
    api_id, root = rest_api_with_get(apigw)
    plain = apigw.get_resources(restApiId=api_id)["items"][0]
    assert plain["resourceMethods"] == {"GET": {}}
    embedded = apigw.get_resources(restApiId=api_id, embed=["methods"])["items"][0]
    method = embedded["resourceMethods"]["GET"]
    assert method["httpMethod"] == "GET"
    assert method["apiKeyRequired"] is True
    assert method["methodIntegration"]["type"] == "MOCK"
    assert apigw.get_resource(restApiId=api_id, resourceId=root)["resourceMethods"] == {"GET": {}}
    full = apigw.get_resource(restApiId=api_id, resourceId=root, embed=["methods"])
    assert full["resourceMethods"]["GET"] == method


def test_get_resources_pages_with_the_paginator(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    made = [root] + [
        apigw.create_resource(restApiId=api_id, parentId=root, pathPart=f"r{i}")["id"]
        for i in range(5)
    ]
    pages = apigw.get_paginator("get_resources").paginate(
        restApiId=api_id, PaginationConfig={"PageSize": 2}
    )
    sizes, seen = [], []
    for page in pages:
        sizes.append(len(page["items"]))
        seen.extend(i["id"] for i in page["items"])
    assert sizes == [2, 2, 2]
    assert seen == made


def test_update_resource_moves_a_subtree(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    pets = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="pets")["id"]
    sub = apigw.create_resource(restApiId=api_id, parentId=pets, pathPart="subpets")["id"]
    leaf = apigw.create_resource(restApiId=api_id, parentId=sub, pathPart="leaf")["id"]
    renamed = apigw.update_resource(
        restApiId=api_id,
        resourceId=pets,
        patchOperations=[{"op": "replace", "path": "/pathPart", "value": "dogs"}],
    )
    assert status(renamed) == 200
    assert body(renamed) == {"id": pets, "parentId": root, "path": "/dogs", "pathPart": "dogs"}
    assert apigw.get_resource(restApiId=api_id, resourceId=leaf)["path"] == "/dogs/subpets/leaf"
    moved = apigw.update_resource(
        restApiId=api_id,
        resourceId=sub,
        patchOperations=[{"op": "replace", "path": "/parentId", "value": root}],
    )
    assert moved["path"] == "/subpets"
    assert apigw.get_resource(restApiId=api_id, resourceId=leaf)["path"] == "/subpets/leaf"


@pytest.mark.parametrize(
    ("target", "patch", "code", "http", "message"),
    [
        (
            "pets",
            {"op": "replace", "path": "/invalid", "value": "x"},
            "BadRequestException",
            400,
            "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: "
            "[/parentId, /pathPart]",
        ),
        (
            "pets",
            {"op": "remove", "path": "/pathPart"},
            "BadRequestException",
            400,
            "Invalid patch path  '/pathPart' specified for op 'remove'. Please choose supported "
            "operations",
        ),
        (
            "pets",
            {"op": "add", "path": "/pathPart", "value": "x"},
            "BadRequestException",
            400,
            "Invalid patch path  '/pathPart' specified for op 'add'. Please choose supported "
            "operations",
        ),
        (
            "pets",
            {"op": "replace", "path": "/parentId", "value": "nope00"},
            "NotFoundException",
            404,
            NO_RESOURCE,
        ),
        (
            "pets",
            {"op": "replace", "path": "/parentId", "value": "sub"},
            "BadRequestException",
            400,
            "Resources cannot be cyclical.",
        ),
        (
            "sub",
            {"op": "replace", "path": "/pathPart", "value": "pets"},
            "ConflictException",
            409,
            "Another resource with the same parent already has this name: pets",
        ),
        (
            "root",
            {"op": "replace", "path": "/pathPart", "value": "x"},
            "BadRequestException",
            400,
            "Root resource cannot update its pathPart.",
        ),
        (
            "root",
            {"op": "replace", "path": "/parentId", "value": "pets"},
            "BadRequestException",
            400,
            "Root resource cannot update its parentId.",
        ),
        (
            "nope",
            {"op": "replace", "path": "/pathPart", "value": "x"},
            "NotFoundException",
            404,
            NO_RESOURCE,
        ),
    ],
)
def test_update_resource_rules(
    apigw: Any, target: str, patch: Any, code: str, http: int, message: str
) -> None:
    api_id, root = new_api(apigw)
    pets = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="pets")["id"]
    # /pets/subpets, and a sibling named "pets" under it for the conflict case.
    sub = apigw.create_resource(restApiId=api_id, parentId=pets, pathPart="subpets")["id"]
    apigw.create_resource(restApiId=api_id, parentId=pets, pathPart="pets")
    ids = {"root": root, "pets": pets, "sub": sub, "nope": "nope00"}
    if patch.get("path") == "/parentId":
        patch = {**patch, "value": ids.get(patch["value"], patch["value"])}
    before = apigw.get_resources(restApiId=api_id)["items"]
    assert_error(
        lambda: apigw.update_resource(
            restApiId=api_id, resourceId=ids[target], patchOperations=[patch]
        ),
        code,
        http,
        message,
    )
    assert apigw.get_resources(restApiId=api_id)["items"] == before


# ------------------------------------------------------------------------------ methods


def test_method_lifecycle(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    put = apigw.put_method(
        restApiId=api_id, resourceId=root, httpMethod="ANY", authorizationType="NONE"
    )
    assert status(put) == 201
    assert body(put) == {"apiKeyRequired": False, "authorizationType": "NONE", "httpMethod": "ANY"}
    got = apigw.get_method(restApiId=api_id, resourceId=root, httpMethod="ANY")
    assert status(got) == 200
    assert body(got) == body(put)
    deleted = apigw.delete_method(restApiId=api_id, resourceId=root, httpMethod="ANY")
    assert status(deleted) == 204
    for call in (
        lambda: apigw.get_method(restApiId=api_id, resourceId=root, httpMethod="ANY"),
        lambda: apigw.delete_method(restApiId=api_id, resourceId=root, httpMethod="ANY"),
    ):
        assert_error(call, "NotFoundException", 404, NO_METHOD)


def test_put_method_echoes_its_parameters(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    put = apigw.put_method(
        restApiId=api_id,
        resourceId=root,
        httpMethod="GET",
        authorizationType="AWS_IAM",
        apiKeyRequired=True,
        operationName="ListPets",
        requestParameters={
            "method.request.header.h_required": True,
            "method.request.querystring.q_optional": False,
        },
        requestModels={"application/json": "Empty"},
        authorizationScopes=["scope"],
    )
    assert body(put) == {
        "httpMethod": "GET",
        "authorizationType": "AWS_IAM",
        "apiKeyRequired": True,
        "operationName": "ListPets",
        "requestParameters": {
            "method.request.header.h_required": True,
            "method.request.querystring.q_optional": False,
        },
        "requestModels": {"application/json": "Empty"},
        "authorizationScopes": ["scope"],
    }
    assert body(apigw.get_method(restApiId=api_id, resourceId=root, httpMethod="GET")) == body(put)


@pytest.mark.parametrize(
    ("kwargs", "code", "http", "message"),
    [
        (
            {"httpMethod": "WRONG"},
            "BadRequestException",
            400,
            "Invalid HttpMethod specified. Valid options are "
            "GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY",
        ),
        (
            {"authorizationType": "CUSTOM"},
            "BadRequestException",
            400,
            "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
            "COGNITO_USER_POOLS requires a valid authorizer.",
        ),
        (
            {"authorizationType": "COGNITO_USER_POOLS", "authorizerId": "abc123"},
            "BadRequestException",
            400,
            "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
            "COGNITO_USER_POOLS requires a valid authorizer.",
        ),
        (
            {"authorizationType": "BASIC"},
            "BadRequestException",
            400,
            "Invalid authorization type specified. Valid options are "
            "NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS",
        ),
        (
            {"requestValidatorId": "abc123"},
            "BadRequestException",
            400,
            "Invalid Request Validator identifier specified",
        ),
        (
            {"requestModels": {"application/json": "petModel"}},
            "BadRequestException",
            400,
            "Invalid model identifier specified: petModel",
        ),
        (
            {
                "requestParameters": {
                    "method.request.header.same": True,
                    "method.request.querystring.same": False,
                }
            },
            "BadRequestException",
            400,
            "Parameter names must be unique across querystring, header and path",
        ),
        ({"resourceId": "nope00"}, "NotFoundException", 404, NO_RESOURCE),
        ({"restApiId": "nope000000"}, "NotFoundException", 404, NO_RESOURCE),
    ],
)
def test_put_method_validation(apigw: Any, kwargs: Any, code: str, http: int, message: str) -> None:
    api_id, root = new_api(apigw)
    call = {
        "restApiId": api_id,
        "resourceId": root,
        "httpMethod": "GET",
        "authorizationType": "NONE",
        **kwargs,
    }
    assert_error(lambda: apigw.put_method(**call), code, http, message)
    assert "resourceMethods" not in apigw.get_resource(restApiId=api_id, resourceId=root)


def test_put_method_twice_conflicts(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    assert_error(
        lambda: apigw.put_method(
            restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="AWS_IAM"
        ),
        "ConflictException",
        409,
        "Method already exists for this resource",
    )
    got = apigw.get_method(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert got["authorizationType"] == "NONE"


def test_method_calls_on_unknown_api_resource_or_method(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    cases = [
        ({**where, "restApiId": "nope000000"}, NO_RESOURCE),
        ({**where, "resourceId": "nope00"}, NO_RESOURCE),
        (where, NO_METHOD),
    ]
    for target, message in cases:
        for call in (
            lambda t=target: apigw.get_method(**t),
            lambda t=target: apigw.delete_method(**t),
            lambda t=target: apigw.put_integration(**t, type="MOCK"),
            lambda t=target: apigw.get_integration(**t),
            lambda t=target: apigw.put_method_response(**t, statusCode="200"),
            lambda t=target: apigw.put_integration_response(**t, statusCode="200"),
            lambda t=target: apigw.get_integration_response(**t, statusCode="200"),
        ):
            assert_error(call, "NotFoundException", 404, message)


# ------------------------------------------------------------------------------ method responses


def test_method_response_lifecycle(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    apigw.put_method(**where, authorizationType="NONE")
    bare = apigw.put_method_response(**where, statusCode="200")
    assert status(bare) == 201
    assert body(bare) == {"statusCode": "200"}
    full = apigw.put_method_response(
        **where,
        statusCode="200",
        responseParameters={"method.response.header.my-header": True},
        responseModels={"application/json": "Empty"},
    )
    assert body(full) == {
        "statusCode": "200",
        "responseParameters": {"method.response.header.my-header": True},
        "responseModels": {"application/json": "Empty"},
    }
    assert body(apigw.get_method_response(**where, statusCode="200")) == body(full)
    method = apigw.get_method(**where)
    assert method["methodResponses"] == {"200": body(full)}
    deleted = apigw.delete_method_response(**where, statusCode="200")
    assert status(deleted) == 204
    assert "methodResponses" not in apigw.get_method(**where)
    for call in (
        lambda: apigw.get_method_response(**where, statusCode="200"),
        lambda: apigw.delete_method_response(**where, statusCode="200"),
    ):
        assert_error(call, "NotFoundException", 404, NO_STATUS)


STATUS_CODE_MESSAGE = (
    "1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy "
    "constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d"
)


def bad_status_code_calls(apigw: Any) -> list[Any]:
    where = {"restApiId": "nope000000", "resourceId": "x", "httpMethod": "GET"}
    return [
        lambda: apigw.put_method_response(**where, statusCode="wrong"),
        lambda: apigw.put_integration_response(**where, statusCode="wrong"),
        lambda: apigw.get_integration_response(**where, statusCode="wrong"),
    ]


def test_status_codes_are_validated_before_anything_is_looked_up(apigw: Any) -> None:
    for call in bad_status_code_calls(apigw):
        error = client_error(call)
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert error.response["Error"]["Message"] == STATUS_CODE_MESSAGE


def test_status_code_pattern_errors_are_validation_exceptions(apigw: Any) -> None:
    for call in bad_status_code_calls(apigw):
        assert_error(call, "ValidationException", 400, STATUS_CODE_MESSAGE)


# ------------------------------------------------------------------------------ integrations


def test_mock_integration_has_the_recorded_defaults(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    apigw.put_method(**where, authorizationType="NONE")
    put = apigw.put_integration(
        **where, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'}
    )
    assert status(put) == 201
    expected = {
        "type": "MOCK",
        "requestTemplates": {"application/json": '{"statusCode": 200}'},
        "passthroughBehavior": "WHEN_NO_MATCH",
        "timeoutInMillis": 29000,
        "cacheNamespace": root,
        "cacheKeyParameters": [],
    }
    assert body(put) == expected
    got = apigw.get_integration(**where)
    assert status(got) == 200
    assert body(got) == expected
    assert apigw.get_method(**where)["methodIntegration"] == expected


def test_http_and_aws_integrations_are_stored_as_given(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    lambda_uri = (
        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
        "arn:aws:lambda:us-east-1:123456789012:function:f/invocations"
    )
    for http_method, kind, uri in (
        ("GET", "HTTP", "https://example.com/path"),
        ("POST", "HTTP_PROXY", "http://example.com/{proxy}"),
        ("PUT", "AWS", lambda_uri),
        ("DELETE", "AWS_PROXY", lambda_uri),
    ):
        where = {"restApiId": api_id, "resourceId": root, "httpMethod": http_method}
        apigw.put_method(**where, authorizationType="NONE")
        put = apigw.put_integration(
            **where,
            type=kind,
            integrationHttpMethod="POST",
            uri=uri,
            credentials="arn:aws:iam::123456789012:role/r",
            requestParameters={"integration.request.header.x": "method.request.header.x"},
            passthroughBehavior="NEVER",
            timeoutInMillis=5000,
            cacheKeyParameters=["method.request.header.x"],
            contentHandling="CONVERT_TO_TEXT",
        )
        expected = {
            "type": kind,
            "httpMethod": "POST",
            "uri": uri,
            # AWS fills INTERNET in for HTTP integrations only (recorded, LocalStack's validated
            # test_put_integration_validation)
            "connectionType": "INTERNET" if kind.startswith("HTTP") else None,
            "credentials": "arn:aws:iam::123456789012:role/r",
            "requestParameters": {"integration.request.header.x": "method.request.header.x"},
            "passthroughBehavior": "NEVER",
            "contentHandling": "CONVERT_TO_TEXT",
            "timeoutInMillis": 5000,
            "cacheNamespace": root,
            "cacheKeyParameters": ["method.request.header.x"],
        }
        expected = {k: v for k, v in expected.items() if v is not None}
        assert body(put) == expected
        assert body(apigw.get_integration(**where)) == expected


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        (
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            "AWS ARN for integration must contain path or action",
        ),
        (
            "bad-arn:lambda:path/2015-03-31/functions/f/invocations",
            "Invalid ARN specified in the request",
        ),
        (
            "arn:aws:apigateway:us-east-1:lambda:test/2015-03-31/functions/f/invocations",
            "AWS ARN for integration must contain path or action",
        ),
        (
            "arn:aws:apigateway:us-east-1:firehose:path/2015-03-31/functions/f/invocations",
            AWS_PROXY_ONLY,
        ),
        ("arn:aws:apigateway:us-east-1:lambda:path/random/value/f/invocations", AWS_PROXY_ONLY),
        ("arn:aws:apigateway:us-west-2:s3:path/b/k", AWS_PROXY_ONLY),
        ("arn:aws:apigateway:us-east-1:dynamodb:action/PutItem", AWS_PROXY_ONLY),
    ],
)
def test_aws_proxy_takes_only_lambda_invocations(apigw: Any, uri: str, message: str) -> None:
    api_id, root = new_api(apigw)
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "ANY"}
    apigw.put_method(**where, authorizationType="NONE")
    assert_error(
        lambda: apigw.put_integration(
            **where, type="AWS_PROXY", integrationHttpMethod="POST", uri=uri
        ),
        "BadRequestException",
        400,
        message,
    )
    assert "methodIntegration" not in apigw.get_method(**where)
    # an AWS integration takes what AWS_PROXY refuses
    if message == AWS_PROXY_ONLY:
        put = apigw.put_integration(**where, type="AWS", integrationHttpMethod="POST", uri=uri)
        assert put["type"] == "AWS"


def test_vpc_link_integration(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    apigw.put_method(**where, authorizationType="NONE")
    put = apigw.put_integration(
        **where,
        type="HTTP_PROXY",
        integrationHttpMethod="GET",
        uri="http://my-nlb.example.com",
        connectionType="VPC_LINK",
        connectionId="${stageVariables.vpcLinkId}",
    )
    assert put["connectionType"] == "VPC_LINK"
    assert put["connectionId"] == "${stageVariables.vpcLinkId}"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"type": "HTTP", "uri": "https://example.com"},
            "Enumeration value for HttpMethod must be non-empty",
        ),
        (
            {"type": "AWS_PROXY", "uri": "arn:aws:apigateway:x:lambda:path/f"},
            "Enumeration value for HttpMethod must be non-empty",
        ),
        (
            {"type": "HTTP", "integrationHttpMethod": "GET"},
            "Invalid HTTP endpoint specified for URI",
        ),
        (
            {"type": "HTTP_PROXY", "integrationHttpMethod": "GET", "uri": "ftp://x"},
            "Invalid HTTP endpoint specified for URI",
        ),
        (
            {"type": "AWS", "integrationHttpMethod": "POST", "uri": "lambda"},
            "Invalid ARN specified in the request",
        ),
        (
            {
                "type": "AWS",
                "integrationHttpMethod": "POST",
                "uri": "arn:aws:apigateway:us-east-1:lambda",
            },
            "AWS ARN for integration must contain path or action",
        ),
        (
            {"type": "MOCK", "passthroughBehavior": "SOMETIMES"},
            "Invalid passthrough behavior specified. Valid options are "
            "WHEN_NO_MATCH,WHEN_NO_TEMPLATES,NEVER",
        ),
        ({"type": "MOCK", "timeoutInMillis": 49}, "Timeout should be between 50 ms and 29000 ms"),
        (
            {"type": "MOCK", "timeoutInMillis": 29001},
            "Timeout should be between 50 ms and 29000 ms",
        ),
    ],
)
def test_put_integration_validation(apigw: Any, kwargs: Any, message: str) -> None:
    api_id, root = new_api(apigw)
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    apigw.put_method(**where, authorizationType="NONE")
    assert_error(
        lambda: apigw.put_integration(**where, **kwargs), "BadRequestException", 400, message
    )
    assert "methodIntegration" not in apigw.get_method(**where)


def test_integration_lifecycle_and_errors(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    apigw.put_method(**where, authorizationType="NONE")
    for call in (
        lambda: apigw.get_integration(**where),
        lambda: apigw.delete_integration(**where),
        lambda: apigw.get_integration_response(**where, statusCode="200"),
        lambda: apigw.delete_integration_response(**where, statusCode="200"),
    ):
        assert_error(call, "NotFoundException", 404, NO_INTEGRATION)
    assert_error(
        lambda: apigw.put_integration_response(**where, statusCode="200"),
        "NotFoundException",
        404,
        "No integration defined for method",
    )
    apigw.put_integration(**where, type="MOCK")
    deleted = apigw.delete_integration(**where)
    assert status(deleted) == 204
    assert "methodIntegration" not in apigw.get_method(**where)


def test_integration_response_lifecycle(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    apigw.put_method(**where, authorizationType="NONE")
    apigw.put_integration(**where, type="MOCK")
    put = apigw.put_integration_response(
        **where,
        statusCode="200",
        selectionPattern="",
        responseTemplates={"application/json": '"created"'},
    )
    assert status(put) == 201
    assert body(put) == {
        "responseTemplates": {"application/json": '"created"'},
        "selectionPattern": "",
        "statusCode": "200",
    }
    got = apigw.get_integration_response(**where, statusCode="200")
    assert status(got) == 200
    assert body(got) == body(put)
    overwrite = apigw.put_integration_response(
        **where,
        statusCode="200",
        selectionPattern="overwrite-pattern",
        responseTemplates={"application/json": "overwrite"},
        responseParameters={"method.response.header.x": "'v'"},
        contentHandling="CONVERT_TO_TEXT",
    )
    assert status(overwrite) == 201
    integration = apigw.get_method(**where)["methodIntegration"]
    assert integration["integrationResponses"] == {"200": body(overwrite)}
    assert_error(
        lambda: apigw.get_integration_response(**where, statusCode="300"),
        "NotFoundException",
        404,
        NO_STATUS,
    )
    assert_error(
        lambda: apigw.delete_integration_response(
            **{**where, "httpMethod": "POST"}, statusCode="200"
        ),
        "NotFoundException",
        404,
        NO_INTEGRATION,
    )
    deleted = apigw.delete_integration_response(**where, statusCode="200")
    assert status(deleted) == 204
    assert "integrationResponses" not in apigw.get_integration(**where)


def test_empty_mapping_templates_read_back_as_null(apigw: Any) -> None:
    api_id, root = new_api(apigw)
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    apigw.put_method(**where, authorizationType="NONE")
    apigw.put_integration(**where, type="MOCK", requestTemplates={"application/json": ""})
    assert apigw.get_integration(**where)["requestTemplates"] == {"application/json": None}
    put = apigw.put_integration_response(
        **where, statusCode="200", selectionPattern="", responseTemplates={"application/json": ""}
    )
    assert put["responseTemplates"] == {"application/json": None}


def test_put_integration_replaces_the_old_one(apigw: Any) -> None:
    api_id, root = rest_api_with_get(apigw)
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    assert "integrationResponses" in apigw.get_integration(**where)
    apigw.put_integration(**where, type="HTTP", integrationHttpMethod="GET", uri="https://e.com")
    integration = apigw.get_integration(**where)
    assert integration["type"] == "HTTP"
    assert "integrationResponses" not in integration
    assert "requestTemplates" not in integration


def test_deleting_a_method_takes_its_integration(apigw: Any) -> None:
    api_id, root = rest_api_with_get(apigw)
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    apigw.delete_method(**where)
    assert_error(lambda: apigw.get_integration(**where), "NotFoundException", 404, NO_METHOD)
