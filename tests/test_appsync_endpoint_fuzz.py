"""Whatever a client sends to the AppSync endpoint, it gets an AppSync answer (200, 400, 401 or
404 with a JSON body), never a traceback or a 500; and the refusals' Jackson printing is JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockgw import mock_appsync
from mockgw.services.appsync.endpoint.responses import jackson
from tests.appsync_endpoint_fixtures import GraphqlApi, post

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_jacksons_printing_is_json(value: Any) -> None:
    assert json.loads(jackson(value)) == value


QUERY_PIECES = st.lists(
    st.sampled_from(
        [
            "{",
            "}",
            "(",
            ")",
            "hello",
            "order",
            "id",
            "total",
            "n:",
            "1",
            '"x"',
            "$v",
            "query",
            "mutation",
            "...",
            "on",
            "Order",
            "@include",
            "__typename",
            ",",
            ":",
            "[",
            "]",
            "addOrder",
            "echo",
        ]
    ),
    max_size=14,
).map(" ".join)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[GraphqlApi, str]]:
    with mock_appsync():
        api = GraphqlApi(boto3.client("appsync", region_name="us-east-1"))
        yield api, api.key()


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    query=QUERY_PIECES,
    variables=st.none() | st.dictionaries(st.sampled_from(["v", "n"]), json_values, max_size=2),
)
def test_any_query_gets_an_appsync_answer(
    served: tuple[GraphqlApi, str], query: str, variables: Any
) -> None:
    api, key = served
    response = post(api.url, query, key, variables=variables)
    assert response.status_code in (200, 400)
    body = response.json()
    if response.status_code == 400:
        assert body["errors"][0]["errorType"] == "MalformedHttpRequestException"
    else:
        assert set(body) <= {"data", "errors"}
        for error in body.get("errors", ()):
            assert isinstance(error["message"], str)
