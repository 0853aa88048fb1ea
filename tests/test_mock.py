"""The Mock object's lifecycle: every form, nesting, restoration, interception and safety."""

from __future__ import annotations

import asyncio
import os
import unittest
from typing import Any

import boto3
import botocore.endpoint
import botocore.httpsession
import pytest

import mockgw
from mockgw import (
    Mock,
    MockgwError,
    UnmockedServiceError,
    UnsupportedOperationError,
    mock,
    mock_apigateway,
    mock_appsync,
)
from mockgw.services import definition

ORIGINAL_SEND = botocore.endpoint.Endpoint._send


def apigw(region: str = "us-east-1") -> Any:
    return boto3.client("apigateway", region_name=region)


def key_names(client: Any) -> list[str]:
    return [k.get("name") for k in client.get_api_keys()["items"]]


# ---------------------------------------------------------------------------- forms


@mock_apigateway
def test_bare_decorator() -> None:
    apigw().create_api_key(name="k")
    assert key_names(apigw()) == ["k"]


@mock_apigateway(allow=["sts"])
def test_decorator_with_options() -> None:
    assert key_names(apigw()) == []


def test_decorated_function_keeps_name_result_and_arguments() -> None:
    @mock_apigateway
    def create(name: str) -> str:
        """Doc."""
        return str(apigw().create_api_key(name=name)["name"])

    assert create("x") == "x"
    assert create.__name__ == "create"
    assert create.__doc__ == "Doc."
    assert botocore.endpoint.Endpoint._send is ORIGINAL_SEND


def test_async_function() -> None:
    @mock_apigateway
    async def run() -> list[str]:
        await asyncio.sleep(0)
        apigw().create_api_key(name="async")
        return key_names(apigw())

    assert asyncio.iscoroutinefunction(run)
    assert asyncio.run(run()) == ["async"]
    assert botocore.endpoint.Endpoint._send is ORIGINAL_SEND


def test_context_manager_yields_the_mock() -> None:
    with mock_apigateway() as m:
        assert isinstance(m, Mock)
        assert m.active
        apigw().create_api_key(name="k")
        keys = m.backend("apigateway").api_keys
        assert [k.name for k in keys.values()] == ["k"]
    assert not m.active


def test_start_and_stop() -> None:
    m = mock().start()
    try:
        apigw().create_api_key(name="k")
    finally:
        m.stop()
    assert botocore.endpoint.Endpoint._send is ORIGINAL_SEND
    with pytest.raises(MockgwError, match="not started"):
        m.stop()


def test_async_context_manager() -> None:
    async def run() -> list[str]:
        async with mock_apigateway():
            apigw().create_api_key(name="k")
            return key_names(apigw())

    assert asyncio.run(run()) == ["k"]


@mock_apigateway
class TestPytestClass:
    def setup_method(self) -> None:
        self.client = apigw()
        self.client.create_api_key(name="from-setup")

    def teardown_method(self) -> None:
        # teardown runs inside the mock too
        assert key_names(self.client)

    def test_setup_state_is_visible(self) -> None:
        assert "from-setup" in key_names(self.client)

    def test_each_test_starts_empty(self) -> None:
        assert key_names(self.client) == ["from-setup"]


@mock_apigateway
class TestUnittestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.client = apigw()
        self.client.create_api_key(name="from-setUp")

    def tearDown(self) -> None:
        assert key_names(self.client) == ["from-setUp"]

    def test_setup_ran_inside_the_mock(self) -> None:
        self.assertEqual(key_names(self.client), ["from-setUp"])


def test_a_class_decorated_test_cleans_up_after_itself() -> None:
    assert botocore.endpoint.Endpoint._send is ORIGINAL_SEND


def test_unknown_service_is_refused() -> None:
    with pytest.raises(MockgwError, match=r"cannot mock \['s3'\]"):
        Mock(["s3"])


# ---------------------------------------------------------------------------- nesting


def test_nested_mocks_share_one_world() -> None:
    with mock_apigateway() as outer:
        apigw().create_api_key(name="outer")
        with mock() as inner:
            assert key_names(apigw()) == ["outer"]
            apigw().create_api_key(name="inner")
        assert not inner.active
        assert key_names(apigw()) == ["inner", "outer"]  # the inner stop tore nothing down
        assert outer.active
    with mock_apigateway():
        assert key_names(apigw()) == []  # the world was dropped with the outermost mock


def test_the_fixture_world_is_visible_in_a_decorated_function(mockgw: Mock) -> None:
    apigw().create_api_key(name="fixture")

    @mock_apigateway
    def inside() -> list[str]:
        return key_names(apigw())

    assert inside() == ["fixture"]
    assert key_names(apigw()) == ["fixture"]


def test_a_service_stays_mocked_while_any_active_mock_covers_it() -> None:
    with mock_apigateway():
        with mock_appsync():
            pass
        assert key_names(apigw()) == []
    with mock_appsync(), pytest.raises(UnmockedServiceError, match="'apigateway'"):
        apigw().get_api_keys()


def test_same_mock_object_can_be_entered_recursively() -> None:
    m = mock_apigateway()
    with m, m:
        apigw().create_api_key(name="k")
    assert not m.active
    assert botocore.endpoint.Endpoint._send is ORIGINAL_SEND


# ---------------------------------------------------------------------------- restoration


def test_a_failing_body_restores_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-token")
    before = dict(os.environ)

    @mock_apigateway
    def explode() -> None:
        assert os.environ["AWS_ACCESS_KEY_ID"] == "mockgw-testing"
        assert "AWS_SESSION_TOKEN" not in os.environ
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        explode()
    assert dict(os.environ) == before
    assert botocore.endpoint.Endpoint._send is ORIGINAL_SEND


def test_a_configured_region_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    with mock_apigateway():
        assert boto3.client("apigateway").meta.region_name == "eu-central-1"
    assert os.environ["AWS_DEFAULT_REGION"] == "eu-central-1"


def test_client_without_credentials_or_region_works(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    with mock_apigateway():
        client = boto3.client("apigateway")
        assert client.create_api_key(name="k")["name"] == "k"
    assert "AWS_ACCESS_KEY_ID" not in os.environ
    assert "AWS_DEFAULT_REGION" not in os.environ


# ---------------------------------------------------------------------------- interception


def test_a_client_created_before_the_mock_is_caught() -> None:
    with mock_apigateway():
        client = apigw()
    # created inside an earlier mock, used inside a new one
    with mock_apigateway():
        assert client.create_api_key(name="early")["name"] == "early"


def test_nothing_reaches_the_network(connections: list[Any]) -> None:
    with mock():
        client = apigw()
        key = client.create_api_key(name="k", enabled=True)
        client.get_api_key(apiKey=key["id"])
        client.delete_api_key(apiKey=key["id"])
    assert connections == []


def test_other_aws_services_are_refused_with_a_clear_error(connections: list[Any]) -> None:
    with mock_apigateway():
        s3 = boto3.client("s3", region_name="us-east-1")
        with pytest.raises(UnmockedServiceError) as info:
            s3.list_buckets()
    message = str(info.value)
    assert "'s3'" in message
    assert "never sent" in message
    assert "allow=['s3']" in message
    assert connections == []


class _SentForReal(Exception):
    pass


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """URLs that reached botocore's real HTTP session (which then refuses to send them)."""
    urls: list[str] = []

    def send(session: Any, request: Any) -> Any:
        urls.append(request.url)
        raise _SentForReal(request.url)

    monkeypatch.setattr(botocore.httpsession.URLLib3Session, "send", send)
    return urls


def test_an_allowed_service_goes_through(sent: list[str]) -> None:
    with mock_apigateway(allow=["sts"]):
        sts = boto3.client("sts", region_name="us-east-1")
        with pytest.raises(_SentForReal):
            sts.get_caller_identity()
    assert sent == ["https://sts.us-east-1.amazonaws.com/"]


def test_non_aws_endpoints_pass_untouched(sent: list[str]) -> None:
    with mock_apigateway():
        local = boto3.client(
            "apigateway", region_name="us-east-1", endpoint_url="http://127.0.0.1:9"
        )
        with pytest.raises(_SentForReal):
            local.get_api_keys()
    assert sent == ["http://127.0.0.1:9/apikeys"]


def test_unimplemented_operation_names_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every API Gateway operation has a handler: take one away to see the answer without it.
    monkeypatch.delitem(definition("apigateway").handlers, "GetVpcLinks")
    with mock_apigateway(), pytest.raises(UnsupportedOperationError) as info:
        apigw().get_vpc_links()
    assert "apigateway.GetVpcLinks" in str(info.value)


def test_regions_and_accounts_are_separate() -> None:
    with mock_apigateway() as m:
        apigw("us-east-1").create_api_key(name="east")
        apigw("eu-west-1").create_api_key(name="west")
        other = boto3.client(
            "apigateway",
            region_name="us-east-1",
            aws_access_key_id="210987654321",
            aws_secret_access_key="x",
        )
        other.create_api_key(name="other-account")
        assert key_names(apigw("us-east-1")) == ["east"]
        assert key_names(apigw("eu-west-1")) == ["west"]
        assert key_names(other) == ["other-account"]
        state = m.backend("apigateway", region="us-east-1", account_id="210987654321")
        assert [k.name for k in state.api_keys.values()] == ["other-account"]


def test_reset_forgets_everything() -> None:
    with mock_apigateway() as m:
        apigw().create_api_key(name="k")
        m.reset()
        assert key_names(apigw()) == []


def test_backend_of_an_uncovered_service_is_an_error() -> None:
    with mock_apigateway() as m, pytest.raises(MockgwError, match="does not cover 'appsync'"):
        m.backend("appsync")


def test_moto_and_mockgw_side_by_side() -> None:
    moto = pytest.importorskip("moto")
    passthrough = {"core": {"passthrough": {"services": ["apigateway", "appsync"]}}}
    with moto.mock_aws(config=passthrough), mock_apigateway():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="side-by-side")  # answered by moto, before mockgw's seam
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["side-by-side"]
        key = apigw().create_api_key(name="k")  # answered by mockgw
        assert len(key["id"]) == 10
    assert botocore.endpoint.Endpoint._send is ORIGINAL_SEND


def test_public_api_surface() -> None:
    assert set(mockgw.__all__) == {
        "Call",
        "Calls",
        "Mock",
        "__version__",
        "MockgwError",
        "ServiceError",
        "UnmockedServiceError",
        "UnsupportedOperationError",
        "mock",
        "mock_apigateway",
        "mock_appsync",
        "seed",
        "supported_operations",
    }
    assert "CreateApiKey" in mockgw.supported_operations()["apigateway"]
