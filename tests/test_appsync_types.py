# ruff: noqa: F811 - the shared fixtures are imported by name, and pytest injects them
"""AppSync types: the schema's own, through CreateType, GetType, ListTypes, UpdateType,
DeleteType, ListTypesByAssociation."""

from __future__ import annotations

import json
from typing import Any

from tests.appsync_fixtures import ACCOUNT, REGION, api_id, appsync, with_schema  # noqa: F401
from tests.helpers import assert_error, body


def test_get_type_sdl_and_json(appsync: Any, with_schema: str) -> None:
    got = body(appsync.get_type(apiId=with_schema, typeName="Order", format="SDL"))
    assert got == {
        "type": {
            "name": "Order",
            "description": "An order",
            "arn": f"arn:aws:appsync:{REGION}:{ACCOUNT}:apis/{with_schema}/types/Order",
            "definition": '"An order"\ntype Order @aws_api_key {\n  createdAt: AWSDateTime\n'
            "  id: ID!\n  total: Float\n}",
            "format": "SDL",
        }
    }
    as_json = appsync.get_type(apiId=with_schema, typeName="Order", format="JSON")["type"]
    definition = json.loads(as_json["definition"])
    assert definition["kind"] == "OBJECT" and definition["name"] == "Order"
    assert_error(
        lambda: appsync.get_type(apiId=with_schema, typeName="Nope", format="SDL"),
        "NotFoundException",
        404,
        "Type Nope not found",
    )


def test_create_update_delete_change_the_schema(appsync: Any, with_schema: str) -> None:
    created = appsync.create_type(
        apiId=with_schema, definition="type Customer { id: ID! }", format="SDL"
    )["type"]
    assert created["definition"] == "type Customer {\n  id: ID!\n}"
    assert_error(
        lambda: appsync.create_type(
            apiId=with_schema, definition="type Customer { a: Int }", format="SDL"
        ),
        "BadRequestException",
        400,
        "Type Customer already exists.",
    )
    names = [t["name"] for t in appsync.list_types(apiId=with_schema, format="SDL")["types"]]
    assert names == ["Order", "Query", "Mutation", "OrderInput", "Customer"]
    appsync.update_type(
        apiId=with_schema,
        typeName="Customer",
        definition="type Customer { id: ID! name: String }",
        format="SDL",
    )
    sdl = appsync.get_introspection_schema(apiId=with_schema, format="SDL")["schema"].read()
    assert b"type Customer {\n  id: ID!\n  name: String\n}" in sdl
    appsync.delete_type(apiId=with_schema, typeName="Customer")
    assert_error(
        lambda: appsync.get_type(apiId=with_schema, typeName="Customer", format="SDL"),
        "NotFoundException",
        404,
        "Type Customer not found",
    )
    assert_error(
        lambda: appsync.create_type(apiId=with_schema, definition="type {", format="SDL"),
        "BadRequestException",
        400,
        "Invalid definition: Syntax Error: Expected Name, found '{'.",
    )


def test_list_types_pages(appsync: Any, with_schema: str) -> None:
    first = appsync.list_types(apiId=with_schema, format="SDL", maxResults=3)
    assert [t["name"] for t in first["types"]] == ["Order", "Query", "Mutation"]
    rest = appsync.list_types(apiId=with_schema, format="SDL", nextToken=first["nextToken"])
    assert [t["name"] for t in rest["types"]] == ["OrderInput"]


def test_types_by_unknown_association(appsync: Any, api_id: str) -> None:
    assert_error(
        lambda: appsync.list_types_by_association(
            mergedApiIdentifier=api_id, associationId="abc", format="SDL"
        ),
        "NotFoundException",
        404,
        "Source API association abc not found.",
    )
