"""A GraphQL API's environment variables: PutGraphqlApiEnvironmentVariables,
GetGraphqlApiEnvironmentVariables."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from hypothesis import given, settings
from hypothesis import strategies as st

from mockgw import mock_appsync
from tests.helpers import assert_error, body, client_error, status

KEY_RULE = "Member must satisfy regular expression pattern: ^[A-Za-z]+\\w*$"


@pytest.fixture
def appsync() -> Iterator[Any]:
    with mock_appsync():
        yield boto3.client("appsync", region_name="us-east-1")


@pytest.fixture
def api_id(appsync: Any) -> str:
    api = appsync.create_graphql_api(name="orders", authenticationType="API_KEY")
    return str(api["graphqlApi"]["apiId"])


def variables_of(appsync: Any, api_id: str) -> dict[str, str]:
    return dict(appsync.get_graphql_api_environment_variables(apiId=api_id)["environmentVariables"])


def test_an_api_starts_with_no_variables(appsync: Any, api_id: str) -> None:
    response = appsync.get_graphql_api_environment_variables(apiId=api_id)
    assert status(response) == 200 and body(response) == {"environmentVariables": {}}


def test_put_answers_the_variables_and_replaces_the_whole_set(appsync: Any, api_id: str) -> None:
    response = appsync.put_graphql_api_environment_variables(
        apiId=api_id, environmentVariables={"TABLE": "orders", "Region_2": "eu-west-1"}
    )
    assert status(response) == 200
    assert body(response) == {"environmentVariables": {"TABLE": "orders", "Region_2": "eu-west-1"}}
    appsync.put_graphql_api_environment_variables(
        apiId=api_id, environmentVariables={"STAGE": "prod"}
    )
    assert variables_of(appsync, api_id) == {"STAGE": "prod"}
    appsync.put_graphql_api_environment_variables(apiId=api_id, environmentVariables={})
    assert variables_of(appsync, api_id) == {}


def test_the_limits_hold_at_their_edges(appsync: Any, api_id: str) -> None:
    fifty = {f"K{i:02d}": "v" * 512 for i in range(50)}
    fifty["A" * 64] = fifty.pop("K00")
    appsync.put_graphql_api_environment_variables(apiId=api_id, environmentVariables=fifty)
    assert variables_of(appsync, api_id) == fifty


@pytest.mark.parametrize(
    ("variables", "problem"),
    [
        ({"1KEY": "v"}, f"Value '1KEY' at 'environmentVariables.key' failed to satisfy "
         f"constraint: {KEY_RULE}"),
        ({"_KEY": "v"}, f"Value '_KEY' at 'environmentVariables.key' failed to satisfy "
         f"constraint: {KEY_RULE}"),
        ({"MY-KEY": "v"}, f"Value 'MY-KEY' at 'environmentVariables.key' failed to satisfy "
         f"constraint: {KEY_RULE}"),
        ({"café": "v"}, f"Value 'café' at 'environmentVariables.key' failed to satisfy "
         f"constraint: {KEY_RULE}"),
        ({"K": "v"}, "Value 'K' at 'environmentVariables.key' failed to satisfy constraint: "
         "Member must have length greater than or equal to 2"),
        ({"K" * 65: "v"}, f"Value '{'K' * 65}' at 'environmentVariables.key' failed to satisfy "
         "constraint: Member must have length less than or equal to 64"),
    ],
)  # fmt: skip
def test_bad_keys_are_refused_with_the_validation_answer(
    appsync: Any, api_id: str, variables: dict[str, str], problem: str
) -> None:
    """botocore checks a key's minimum length itself: the server's answer is seen without it."""
    unchecked = boto3.client(
        "appsync", region_name="us-east-1", config=Config(parameter_validation=False)
    )
    appsync.put_graphql_api_environment_variables(apiId=api_id, environmentVariables={"OK": "1"})
    assert_error(
        lambda: unchecked.put_graphql_api_environment_variables(
            apiId=api_id, environmentVariables={"GOOD": "x", **variables}
        ),
        "BadRequestException",
        400,
        f"1 validation error detected: {problem}",
    )
    assert variables_of(appsync, api_id) == {"OK": "1"}


def test_a_long_value_or_a_fifty_first_variable_is_refused(appsync: Any, api_id: str) -> None:
    for variables, where in (
        ({"KEY": "v" * 513}, "at 'environmentVariables.KEY' failed to satisfy constraint: "
         "Member must have length less than or equal to 512"),
        ({f"K{i}": "v" for i in range(51)}, "at 'environmentVariables' failed to satisfy "
         "constraint: Member must have length less than or equal to 50"),
    ):  # fmt: skip
        error: Any = client_error(
            lambda v=variables: appsync.put_graphql_api_environment_variables(  # type: ignore[misc]
                apiId=api_id, environmentVariables=v
            )
        ).response
        assert error["Error"]["Code"] == "BadRequestException"
        assert error["Error"]["Message"].startswith("1 validation error detected: Value ")
        assert error["Error"]["Message"].endswith(where)
    assert variables_of(appsync, api_id) == {}


def test_an_unknown_or_event_api_is_not_found(appsync: Any) -> None:
    config = {
        "authProviders": [{"authType": "API_KEY"}],
        "connectionAuthModes": [{"authType": "API_KEY"}],
        "defaultPublishAuthModes": [{"authType": "API_KEY"}],
        "defaultSubscribeAuthModes": [{"authType": "API_KEY"}],
    }
    event_id = appsync.create_api(name="chat", eventConfig=config)["api"]["apiId"]
    for api_id in ("nosuchapi", event_id):
        for call in (
            lambda a=api_id: appsync.get_graphql_api_environment_variables(apiId=a),  # type: ignore[misc]
            lambda a=api_id: appsync.put_graphql_api_environment_variables(  # type: ignore[misc]
                apiId=a, environmentVariables={"KEY": "v"}
            ),
        ):
            assert_error(call, "NotFoundException", 404, f"GraphQL API {api_id} not found.")


def test_every_valid_set_round_trips(appsync: Any, api_id: str) -> None:
    keys = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{1,63}", fullmatch=True)
    values = st.text(max_size=512)

    @given(variables=st.dictionaries(keys, values, max_size=50))
    @settings(max_examples=40, deadline=None)
    def check(variables: dict[str, str]) -> None:
        answer = appsync.put_graphql_api_environment_variables(
            apiId=api_id, environmentVariables=variables
        )
        assert answer["environmentVariables"] == variables
        assert variables_of(appsync, api_id) == variables

    check()
