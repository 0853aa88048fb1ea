# ruff: noqa: F811 - the shared fixtures are imported by name, and pytest injects them
"""AppSync schemas: StartSchemaCreation, GetSchemaCreationStatus, GetIntrospectionSchema."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.appsync_fixtures import SCHEMA, api_id, appsync, put_schema, with_schema  # noqa: F401
from tests.helpers import assert_error, body

PARSE_FAILURE = "Failed to parse schema document - ensure it's a valid SDL-formatted document."


def test_creation_is_processing_then_the_next_status_is_success_with_the_count_of_types(
    appsync: Any, api_id: str
) -> None:
    started = appsync.start_schema_creation(apiId=api_id, definition=SCHEMA.encode())
    assert body(started) == {"status": "PROCESSING"}
    assert body(appsync.get_schema_creation_status(apiId=api_id)) == {
        "status": "SUCCESS",
        "details": "Successfully created schema with 4 types.",
    }


@pytest.mark.parametrize(
    ("sdl", "details"),
    [
        ("type Query {", PARSE_FAILURE),
        (
            "type Mutation { a: Int }",
            "Found 1 problem(s) with the schema:\nThere is no top level schema object defined.",
        ),
        (
            "type Query { a: Foo }",
            "Found 1 problem(s) with the schema:\nThe field type 'Foo' is not present when "
            "resolving type 'Query' [@1:1]",
        ),
        (
            "type Query { a: Int }\ntype Query { b: Int }",
            "Found 1 problem(s) with the schema:\n'Query' type [@2:1] tried to redefine "
            "existing 'Query' type [@1:1]",
        ),
    ],
)
def test_an_invalid_schema_fails_with_appsyncs_details(
    appsync: Any, api_id: str, sdl: str, details: str
) -> None:
    put_schema(appsync, api_id, sdl)
    assert body(appsync.get_schema_creation_status(apiId=api_id)) == {
        "status": "FAILED",
        "details": details,
    }
    # nothing was put in force
    assert_error(
        lambda: appsync.get_introspection_schema(apiId=api_id, format="SDL"),
        "NotFoundException",
        404,
        f"Schema not found for API {api_id}.",
    )


def test_a_failed_creation_keeps_the_schema_in_force(appsync: Any, with_schema: str) -> None:
    put_schema(appsync, with_schema, "type Query {")
    appsync.get_schema_creation_status(apiId=with_schema)
    sdl = appsync.get_introspection_schema(apiId=with_schema, format="SDL")["schema"].read()
    assert b"getOrder(id: ID!): Order" in sdl


def test_a_second_creation_while_processing_is_refused(appsync: Any, api_id: str) -> None:
    appsync.start_schema_creation(apiId=api_id, definition=SCHEMA.encode())
    assert_error(
        lambda: appsync.start_schema_creation(apiId=api_id, definition=SCHEMA.encode()),
        "ConcurrentModificationException",
        409,
        "Schema is currently being altered, please wait until that is complete.",
    )


def test_unknown_api_and_no_creation_yet(appsync: Any, api_id: str) -> None:
    missing = "a" * 26
    for call in (
        lambda: appsync.start_schema_creation(apiId=missing, definition=b"type Query {a: Int}"),
        lambda: appsync.get_schema_creation_status(apiId=missing),
        lambda: appsync.get_introspection_schema(apiId=missing, format="SDL"),
    ):
        assert_error(call, "NotFoundException", 404, f"GraphQL API {missing} not found.")
    assert_error(
        lambda: appsync.get_schema_creation_status(apiId=api_id),
        "NotFoundException",
        404,
        f"No schema creation found for API {api_id}.",
    )


def test_sdl_is_printed_as_appsync_prints_it(appsync: Any, with_schema: str) -> None:
    sdl = appsync.get_introspection_schema(apiId=with_schema, format="SDL")["schema"].read()
    assert sdl.decode() == (
        "schema {\n  query: Query\n  mutation: Mutation\n}\n\n"
        "type Mutation {\n  putOrder(input: OrderInput!): Order\n}\n\n"
        '"An order"\ntype Order @aws_api_key {\n  createdAt: AWSDateTime\n  id: ID!\n'
        "  total: Float\n}\n\n"
        "type Query {\n  getOrder(id: ID!): Order\n  listOrders(limit: Int): [Order]\n}\n\n"
        "input OrderInput {\n  total: Float\n}\n"
    )
    bare = appsync.get_introspection_schema(
        apiId=with_schema, format="SDL", includeDirectives=False
    )["schema"].read()
    assert b"@aws_api_key" not in bare and b"type Order {" in bare


def test_json_is_the_introspection_result(appsync: Any, with_schema: str) -> None:
    raw = appsync.get_introspection_schema(apiId=with_schema, format="JSON")["schema"].read()
    schema = json.loads(raw)["data"]["__schema"]
    assert schema["queryType"]["name"] == "Query"
    assert schema["mutationType"]["name"] == "Mutation"
    names = {t["name"] for t in schema["types"]}
    assert {"Order", "Query", "Mutation", "OrderInput", "AWSDateTime"} <= names
    assert "AWSJSON" not in names  # only the AWS scalars the schema uses
    directives = {d["name"] for d in schema["directives"]}
    assert {"aws_api_key", "aws_iam", "aws_subscribe", "include", "skip"} <= directives
    without = json.loads(
        appsync.get_introspection_schema(apiId=with_schema, format="JSON", includeDirectives=False)[
            "schema"
        ].read()
    )
    assert without["data"]["__schema"]["directives"] == []


def test_appsync_scalars_directives_and_unknown_directives_are_accepted(
    appsync: Any, api_id: str
) -> None:
    sdl = (
        "type Query { a: AWSJSON @aws_api_key @aws_iam b: AWSEmail @aws_cognito_user_pools"
        '(cognito_groups: ["x"]) c: AWSURL @connection(name: "y") }\n'
        'type Subscription { s: AWSPhone @aws_subscribe(mutations: ["m"]) }'
    )
    put_schema(appsync, api_id, sdl)
    assert appsync.get_schema_creation_status(apiId=api_id)["status"] == "SUCCESS"
    printed = appsync.get_introspection_schema(apiId=api_id, format="SDL")["schema"].read()
    assert b'@connection(name : "y")' in printed
    assert b"scalar AWSJSON" not in printed
