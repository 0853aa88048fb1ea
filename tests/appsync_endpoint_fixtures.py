"""Building blocks for the AppSync endpoint tests: a GraphQL API with a schema, NONE and Lambda
data sources, resolvers of every kind, API keys; a way to query it through ``requests``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests

import mockgw
from mockgw import mock_appsync

NOT_AUTHORIZED = (
    b'{\n  "errors" : [ {\n    "errorType" : "UnauthorizedException",\n'
    b'    "message" : "You are not authorized to make this call."\n  } ]\n}'
)
MISSING_HEADER = (
    b'{\n  "errors" : [ {\n    "errorType" : "UnauthorizedException",\n'
    b'    "message" : "Missing authorization header"\n  } ]\n}'
)

SCHEMA = """
schema { query: Query mutation: Mutation }
type Query {
  hello(name: String): String
  order(id: ID!): Order
  orders: [Order]
  total(n: Int!): String
  fromLambda(id: ID!): Order
  direct(id: ID!): Order
  adminNote: String @aws_iam
  shared: String @aws_api_key @aws_iam
  mustHave: String!
  stamp: AWSDateTime
  echo(json: AWSJSON, when: AWSDateTime): AWSJSON
}
type Order {
  id: ID!
  total: Float
  internal: String @aws_iam
  items: [Item!]
}
type Item { sku: String! }
type Mutation { addOrder(total: Float!): Order }
"""

NONE_PAYLOAD = '{"version": "2018-05-29", "payload": $util.toJson($ctx.args)}'


class GraphqlApi:
    """A GraphQL API (API_KEY by default, AWS_IAM as an additional provider) with
    :data:`SCHEMA` in force, a NONE data source ``local`` and a Lambda data source ``orders``."""

    def __init__(self, appsync: Any, *, default: str = "API_KEY", extra: str = "AWS_IAM") -> None:
        self.appsync = appsync
        api = appsync.create_graphql_api(
            name="shop",
            authenticationType=default,
            additionalAuthenticationProviders=[{"authenticationType": extra}],
        )["graphqlApi"]
        self.id: str = api["apiId"]
        self.url: str = api["uris"]["GRAPHQL"]
        appsync.start_schema_creation(apiId=self.id, definition=SCHEMA.encode())
        status = appsync.get_schema_creation_status(apiId=self.id)
        assert status["status"] == "SUCCESS", status["details"]
        appsync.create_data_source(apiId=self.id, name="local", type="NONE")
        appsync.create_data_source(
            apiId=self.id,
            name="orders",
            type="AWS_LAMBDA",
            serviceRoleArn="arn:aws:iam::123456789012:role/appsync",
            lambdaConfig={"lambdaFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:o"},
        )

    def key(self, **options: Any) -> str:
        key: str = self.appsync.create_api_key(apiId=self.id, **options)["apiKey"]["id"]
        return key

    def vtl(
        self, type_name: str, field: str, request: str, response: str, source: str = "local"
    ) -> None:
        self.appsync.create_resolver(
            apiId=self.id,
            typeName=type_name,
            fieldName=field,
            dataSourceName=source,
            requestMappingTemplate=request,
            responseMappingTemplate=response,
        )

    def js(self, type_name: str, field: str, code: str, source: str = "local") -> None:
        self.appsync.create_resolver(
            apiId=self.id,
            typeName=type_name,
            fieldName=field,
            dataSourceName=source,
            code=code,
            runtime={"name": "APPSYNC_JS", "runtimeVersion": "1.0.0"},
        )

    def function(self, name: str, source: str = "local", **definition: Any) -> str:
        if "code" in definition:
            definition["runtime"] = {"name": "APPSYNC_JS", "runtimeVersion": "1.0.0"}
        else:
            definition.setdefault("functionVersion", "2018-05-29")
        made = self.appsync.create_function(
            apiId=self.id, name=name, dataSourceName=source, **definition
        )
        function_id: str = made["functionConfiguration"]["functionId"]
        return function_id

    def pipeline(self, type_name: str, field: str, functions: list[str], **definition: Any) -> None:
        if "code" in definition:
            definition["runtime"] = {"name": "APPSYNC_JS", "runtimeVersion": "1.0.0"}
        self.appsync.create_resolver(
            apiId=self.id,
            typeName=type_name,
            fieldName=field,
            kind="PIPELINE",
            pipelineConfig={"functions": functions},
            **definition,
        )


def post(
    url: str,
    query: str,
    key: str | None = None,
    *,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    sent = dict(headers or {})
    if key is not None:
        sent["x-api-key"] = key
    body: dict[str, Any] = {"query": query}
    if variables is not None:
        body["variables"] = variables
    return requests.post(url, data=json.dumps(body), headers=sent, timeout=5)


def answer(url: str, query: str, key: str | None = None, **options: Any) -> dict[str, Any]:
    """The JSON of a 200 answer."""
    response = post(url, query, key, **options)
    assert response.status_code == 200, response.content
    assert response.headers["Content-Type"] == "application/json; charset=UTF-8"
    data: dict[str, Any] = response.json()
    return data


HELLO_REQUEST = '{"version": "2018-05-29", "payload": {"greeting": "hello $!{ctx.args.name}"}}'
HELLO_RESPONSE = "$util.toJson($ctx.result.greeting)"


@pytest.fixture
def mocked() -> Iterator[mockgw.Mock]:
    with mock_appsync() as m:
        yield m


@pytest.fixture
def api(mocked: mockgw.Mock) -> GraphqlApi:
    """A :class:`GraphqlApi` whose ``hello`` field has a VTL resolver on the NONE data source."""
    made = GraphqlApi(boto3.client("appsync", region_name="us-east-1"))
    made.vtl("Query", "hello", HELLO_REQUEST, HELLO_RESPONSE)
    return made
