# ruff: noqa: F811 - the shared fixtures are imported by name, and pytest injects them
"""AppSync resolvers and functions, against the schema in force."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.appsync_fixtures import (  # noqa: F401
    ACCOUNT,
    REGION,
    api_id,
    appsync,
    with_schema,
)
from tests.helpers import assert_error, body

REQUEST = '{"version": "2018-05-29", "payload": $util.toJson($ctx.args)}'
RESPONSE = "$util.toJson($ctx.result)"
CODE = (
    "export function request(ctx) { return {}; }\n"
    "export function response(ctx) { return ctx.prev.result; }"
)
RUNTIME = {"name": "APPSYNC_JS", "runtimeVersion": "1.0.0"}
FUNCTION_ID = re.compile(r"^[a-z2-7]{25}[aeimquy4]$")


@pytest.fixture
def api(appsync: Any, with_schema: str) -> str:
    appsync.create_data_source(apiId=with_schema, name="local", type="NONE")
    return with_schema


def test_create_unit_resolver_exact_shape(appsync: Any, api: str) -> None:
    created = appsync.create_resolver(
        apiId=api,
        typeName="Query",
        fieldName="getOrder",
        dataSourceName="local",
        requestMappingTemplate=REQUEST,
        responseMappingTemplate=RESPONSE,
        cachingConfig={"ttl": 60, "cachingKeys": ["$context.arguments.id"]},
    )
    arn = f"arn:aws:appsync:{REGION}:{ACCOUNT}:apis/{api}/types/Query/resolvers/getOrder"
    assert body(created) == {
        "resolver": {
            "typeName": "Query",
            "fieldName": "getOrder",
            "dataSourceName": "local",
            "resolverArn": arn,
            "requestMappingTemplate": REQUEST,
            "responseMappingTemplate": RESPONSE,
            "kind": "UNIT",
            "cachingConfig": {"ttl": 60, "cachingKeys": ["$context.arguments.id"]},
            "maxBatchSize": 0,
        }
    }
    got = appsync.get_resolver(apiId=api, typeName="Query", fieldName="getOrder")
    assert got["resolver"] == created["resolver"]


def test_the_field_must_exist_and_be_free(appsync: Any, api: str) -> None:
    assert_error(
        lambda: appsync.create_resolver(apiId=api, typeName="Nope", fieldName="x"),
        "NotFoundException",
        404,
        "Type Nope not found",
    )
    assert_error(
        lambda: appsync.create_resolver(apiId=api, typeName="Query", fieldName="nope"),
        "NotFoundException",
        404,
        "No field named nope found on type Query",
    )
    assert_error(
        lambda: appsync.create_resolver(
            apiId=api, typeName="Query", fieldName="getOrder", dataSourceName="ghost"
        ),
        "NotFoundException",
        404,
        "No data source found named ghost",
    )
    appsync.create_resolver(
        apiId=api, typeName="Query", fieldName="getOrder", dataSourceName="local"
    )
    assert_error(
        lambda: appsync.create_resolver(
            apiId=api, typeName="Query", fieldName="getOrder", dataSourceName="local"
        ),
        "BadRequestException",
        400,
        "Only one resolver is allowed per field.",
    )
    for call in (
        lambda: appsync.get_resolver(apiId=api, typeName="Query", fieldName="listOrders"),
        lambda: appsync.delete_resolver(apiId=api, typeName="Query", fieldName="listOrders"),
        lambda: appsync.update_resolver(apiId=api, typeName="Query", fieldName="listOrders"),
    ):
        assert_error(call, "NotFoundException", 404, "No resolver found.")


def test_functions_and_a_pipeline_resolver(appsync: Any, api: str) -> None:
    first = appsync.create_function(
        apiId=api,
        name="validate",
        dataSourceName="local",
        functionVersion="2018-05-29",
        requestMappingTemplate=REQUEST,
        responseMappingTemplate=RESPONSE,
    )["functionConfiguration"]
    assert FUNCTION_ID.match(first["functionId"])
    assert first == {
        "functionId": first["functionId"],
        "functionArn": (
            f"arn:aws:appsync:{REGION}:{ACCOUNT}:apis/{api}/functions/{first['functionId']}"
        ),
        "name": "validate",
        "dataSourceName": "local",
        "requestMappingTemplate": REQUEST,
        "responseMappingTemplate": RESPONSE,
        "functionVersion": "2018-05-29",
        "maxBatchSize": 0,
    }
    second = appsync.create_function(
        apiId=api, name="store", dataSourceName="local", runtime=RUNTIME, code=CODE
    )["functionConfiguration"]
    ids = [first["functionId"], second["functionId"]]
    assert_error(
        lambda: appsync.create_resolver(
            apiId=api,
            typeName="Mutation",
            fieldName="putOrder",
            kind="PIPELINE",
            pipelineConfig={"functions": [ids[0], "ghost1", "ghost2"]},
        ),
        "NotFoundException",
        404,
        "The specified functions [ghost1,ghost2] must exist before referencing them from a "
        "resolver.",
    )
    resolver = appsync.create_resolver(
        apiId=api,
        typeName="Mutation",
        fieldName="putOrder",
        kind="PIPELINE",
        pipelineConfig={"functions": ids},
        runtime=RUNTIME,
        code=CODE,
    )["resolver"]
    assert resolver["kind"] == "PIPELINE" and resolver["pipelineConfig"] == {"functions": ids}
    assert "dataSourceName" not in resolver
    by_function = appsync.list_resolvers_by_function(apiId=api, functionId=ids[1])
    assert [r["fieldName"] for r in by_function["resolvers"]] == ["putOrder"]
    assert_error(
        lambda: appsync.delete_function(apiId=api, functionId=ids[0]),
        "BadRequestException",
        400,
        "Cannot delete a function which is used by a resolver.",
    )
    appsync.delete_resolver(apiId=api, typeName="Mutation", fieldName="putOrder")
    appsync.delete_function(apiId=api, functionId=ids[0])
    assert [f["name"] for f in appsync.list_functions(apiId=api)["functions"]] == ["store"]
    assert_error(
        lambda: appsync.get_function(apiId=api, functionId=ids[0]),
        "NotFoundException",
        404,
        f"No function found with id {ids[0]}.",
    )


def test_code_runtime_and_function_rules(appsync: Any, api: str) -> None:
    assert_error(
        lambda: appsync.create_function(apiId=api, name="f", dataSourceName="ghost"),
        "NotFoundException",
        404,
        "No data source found named ghost",
    )
    assert_error(
        lambda: appsync.create_function(apiId=api, name="f", dataSourceName="local", code=CODE),
        "BadRequestException",
        400,
        "runtime must be provided when code is provided.",
    )
    assert_error(
        lambda: appsync.create_resolver(
            apiId=api,
            typeName="Query",
            fieldName="getOrder",
            dataSourceName="local",
            runtime={"name": "APPSYNC_JS", "runtimeVersion": "2.0.0"},
            code=CODE,
        ),
        "BadRequestException",
        400,
        "Invalid runtime version 2.0.0 for runtime APPSYNC_JS: the supported version is 1.0.0.",
    )
    assert_error(
        lambda: appsync.create_resolver(
            apiId=api,
            typeName="Query",
            fieldName="getOrder",
            dataSourceName="local",
            cachingConfig={"ttl": 0},
        ),
        "BadRequestException",
        400,
        "Caching TTL must be between 1 and 3600 seconds.",
    )
    assert appsync.list_resolvers(apiId=api, typeName="Query")["resolvers"] == []


def test_update_and_list_resolvers(appsync: Any, api: str) -> None:
    for field in ("getOrder", "listOrders"):
        appsync.create_resolver(
            apiId=api, typeName="Query", fieldName=field, dataSourceName="local"
        )
    updated = appsync.update_resolver(
        apiId=api,
        typeName="Query",
        fieldName="getOrder",
        dataSourceName="local",
        requestMappingTemplate=REQUEST,
    )["resolver"]
    assert updated["requestMappingTemplate"] == REQUEST
    listed = appsync.list_resolvers(apiId=api, typeName="Query", maxResults=1)
    assert len(listed["resolvers"]) == 1 and "nextToken" in listed
    assert_error(
        lambda: appsync.delete_data_source(apiId=api, name="local"),
        "BadRequestException",
        400,
        "Data source local is used by a resolver or a function.",
    )
