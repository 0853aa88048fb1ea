"""Shared AppSync fixtures: a mocked client, an API, a schema in force."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from mockgw import mock_appsync

ACCOUNT = "123456789012"
REGION = "eu-west-1"
SCHEMA = """
schema { query: Query mutation: Mutation }
"An order"
type Order @aws_api_key {
  id: ID!
  total: Float
  createdAt: AWSDateTime
}
type Query { getOrder(id: ID!): Order listOrders(limit: Int): [Order] }
type Mutation { putOrder(input: OrderInput!): Order }
input OrderInput { total: Float }
"""


@pytest.fixture
def appsync() -> Iterator[Any]:
    with mock_appsync():
        yield boto3.client("appsync", region_name=REGION)


@pytest.fixture
def api_id(appsync: Any) -> str:
    api = appsync.create_graphql_api(name="orders", authenticationType="API_KEY")
    return str(api["graphqlApi"]["apiId"])


def put_schema(appsync: Any, api_id: str, sdl: str = SCHEMA) -> dict[str, Any]:
    appsync.start_schema_creation(apiId=api_id, definition=sdl.encode())
    status: dict[str, Any] = appsync.get_schema_creation_status(apiId=api_id)
    return status


@pytest.fixture
def with_schema(appsync: Any, api_id: str) -> str:
    assert put_schema(appsync, api_id)["status"] == "SUCCESS"
    return api_id
