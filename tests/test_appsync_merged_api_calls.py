# ruff: noqa: F811 - the shared fixtures are imported by name, and pytest injects them
"""Queries to a Merged API's endpoint: its merged schema validates them, and each field is
resolved by the resolver of the source API it came from, with that source's data sources and
stand-ins, under the Merged API's own keys."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

import mockgw
from tests.appsync_endpoint_fixtures import answer, mocked, post  # noqa: F401

ROLE = "arn:aws:iam::123456789012:role/merge"
NONE_REQUEST = '{"version": "2018-05-29", "payload": %s}'
AS_JSON = "$util.toJson($ctx.result)"


def source_api(appsync: Any, name: str, sdl: str) -> str:
    api_id: str = appsync.create_graphql_api(name=name, authenticationType="API_KEY")["graphqlApi"][
        "apiId"
    ]
    appsync.start_schema_creation(apiId=api_id, definition=sdl.encode())
    assert appsync.get_schema_creation_status(apiId=api_id)["status"] == "SUCCESS"
    return api_id


@pytest.fixture
def merged(mocked: mockgw.Mock) -> tuple[Any, dict[str, Any], str, str]:
    """A Merged API with two sources: ``books`` (a NONE resolver) and ``authors`` (a Lambda
    data source with a stand-in registered for the source API)."""
    appsync = boto3.client("appsync", region_name="us-east-1")
    books = source_api(
        appsync, "books", "type Query { books: [Book] }\ntype Book { id: ID! title: String }"
    )
    appsync.create_data_source(apiId=books, name="local", type="NONE")
    appsync.create_resolver(
        apiId=books,
        typeName="Query",
        fieldName="books",
        dataSourceName="local",
        requestMappingTemplate=NONE_REQUEST % '[{"id": "1", "title": "Dune"}]',
        responseMappingTemplate=AS_JSON,
    )
    authors = source_api(appsync, "authors", "type Query { authors(prefix: String): [String] }")
    appsync.create_data_source(
        apiId=authors,
        name="people",
        type="AWS_LAMBDA",
        serviceRoleArn=ROLE,
        lambdaConfig={"lambdaFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:p"},
    )
    appsync.create_resolver(
        apiId=authors, typeName="Query", fieldName="authors", dataSourceName="people"
    )
    mocked.register_data_source(
        authors, "people", lambda event: [f"{event['arguments']['prefix']} Herbert"]
    )
    api = appsync.create_graphql_api(
        name="library",
        authenticationType="API_KEY",
        apiType="MERGED",
        mergedApiExecutionRoleArn=ROLE,
    )["graphqlApi"]
    for source_id in (books, authors):
        appsync.associate_source_graphql_api(
            mergedApiIdentifier=api["apiId"], sourceApiIdentifier=source_id
        )
    return appsync, api, books, authors


def test_a_merged_api_resolves_each_field_with_its_sources_resolver(
    merged: tuple[Any, dict[str, Any], str, str],
) -> None:
    appsync, api, _, _ = merged
    key = appsync.create_api_key(apiId=api["apiId"])["apiKey"]["id"]
    got = answer(api["uris"]["GRAPHQL"], '{ books { id title } authors(prefix: "Frank") }', key)
    assert got == {"data": {"books": [{"id": "1", "title": "Dune"}], "authors": ["Frank Herbert"]}}


def test_a_merged_api_takes_its_own_keys_only(merged: tuple[Any, dict[str, Any], str, str]) -> None:
    appsync, api, books, _ = merged
    source_key = appsync.create_api_key(apiId=books)["apiKey"]["id"]
    assert post(api["uris"]["GRAPHQL"], "{ books { id } }", source_key).status_code == 401


def test_a_disassociated_sources_fields_leave_the_merged_api(
    merged: tuple[Any, dict[str, Any], str, str],
) -> None:
    appsync, api, _, authors = merged
    key = appsync.create_api_key(apiId=api["apiId"])["apiKey"]["id"]
    association = next(
        a
        for a in appsync.list_source_api_associations(apiId=api["apiId"])[
            "sourceApiAssociationSummaries"
        ]
        if a["sourceApiId"] == authors
    )
    appsync.disassociate_source_graphql_api(
        mergedApiIdentifier=api["apiId"], associationId=association["associationId"]
    )
    got = answer(api["uris"]["GRAPHQL"], '{ authors(prefix: "x") }', key)
    assert got["data"] is None
    assert got["errors"][0]["message"] == (
        "Validation error of type FieldUndefined: Field 'authors' in type 'Query' is "
        "undefined @ 'authors'"
    )
    assert answer(api["uris"]["GRAPHQL"], "{ books { title } }", key) == {
        "data": {"books": [{"title": "Dune"}]}
    }
