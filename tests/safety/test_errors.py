"""Issue 14, point 5: every error mockgw raises into a test says what happened and what to do."""

from __future__ import annotations

import boto3
import pytest
import requests

import mockgw
from mockgw import MockgwError, UnmockedServiceError, UnsupportedOperationError, mock_apigateway
from mockgw.services import definition
from tests.safety.helpers import Environment, Escapes


@pytest.fixture(autouse=True)
def _everywhere(environment: Environment, escapes: Escapes) -> None:
    """Bare and hostile environments, network refused, escapes recorded."""


def test_a_mockgw_service_outside_the_active_mocks_advises_mocking_it() -> None:
    with mock_apigateway(), pytest.raises(UnmockedServiceError) as info:
        boto3.client("appsync").list_graphql_apis()
    message = str(info.value)
    assert "'appsync'" in message
    assert "never sent" in message
    assert "Mocked now: ['apigateway']" in message
    assert "mockgw.mock_appsync()" in message
    assert "mockgw.mock()" in message
    # allow is named only to say it is the wrong tool: it would reach the real AWS.
    assert "Do not pass allow=['appsync']: allow sends the request to the real AWS." in message


def test_the_same_advice_for_raw_http() -> None:
    with mock_apigateway(), pytest.raises(UnmockedServiceError, match=r"mock_appsync\(\)"):
        requests.get("https://appsync.us-east-1.amazonaws.com/v1/apis")


def test_another_aws_service_says_what_allow_really_does() -> None:
    with mock_apigateway(), pytest.raises(UnmockedServiceError) as info:
        boto3.client("sts").get_caller_identity()
    message = str(info.value)
    assert "mockgw does not mock 'sts'" in message
    assert "allow=['sts']" in message
    assert "out of the process" in message
    assert "real AWS endpoint" in message
    assert "placeholder credentials" in message


def test_an_unsupported_operation_names_itself_and_the_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every API Gateway operation has a handler: take one away to see the answer without it.
    monkeypatch.delitem(definition("apigateway").handlers, "GetVpcLinks")
    with mock_apigateway(), pytest.raises(UnsupportedOperationError) as info:
        boto3.client("apigateway").get_vpc_links()
    message = str(info.value)
    assert "apigateway.GetVpcLinks" in message
    assert "client.get_vpc_links()" in message
    assert "never sent to AWS" in message
    count = len(mockgw.supported_operations()["apigateway"])
    assert f"mockgw.supported_operations()['apigateway'] lists the {count} apigateway" in message
    assert "GetVpcLinks" not in mockgw.supported_operations()["apigateway"]


def test_an_unsupported_operation_is_a_not_implemented_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(definition("apigateway").handlers, "GetVpcLinks")
    with mock_apigateway(), pytest.raises(NotImplementedError):
        boto3.client("apigateway").get_vpc_links()


def test_misuse_at_decoration_time_says_what_to_do_instead() -> None:
    with pytest.raises(MockgwError, match=r"use `with mock_apigateway\(\):`"):
        mock_apigateway()(42)


def test_a_deployed_stage_outside_the_api_gateway_mock_advises_it() -> None:
    url = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/pets"
    with mockgw.mock_appsync(), pytest.raises(UnmockedServiceError) as info:
        requests.get(url)
    assert "'execute-api'" in str(info.value)
    assert "mockgw.mock_apigateway()" in str(info.value)
