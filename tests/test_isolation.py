"""Isolation: state never leaks between tests, mocks, accounts or regions, and a failing body
puts botocore, the environment's credentials and ``requests`` back exactly as they were."""

from __future__ import annotations

import asyncio
import os
import sys
import unittest
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import botocore.endpoint
import botocore.session
import botocore.signers
import pytest
import requests.adapters

import mockgw
from mockgw import Mock, mock, mock_apigateway, mock_appsync

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")
ACCOUNTS = ("111111111111", "222222222222")


class Boom(Exception):
    pass


# --------------------------------------------------------------------------- helpers


def apigw(region: str = "us-east-1", **credentials: str) -> Any:
    return boto3.client("apigateway", region_name=region, **credentials)


def appsync(region: str = "us-east-1", **credentials: str) -> Any:
    return boto3.client("appsync", region_name=region, **credentials)


def as_account(account: str) -> dict[str, str]:
    return {"aws_access_key_id": account, "aws_secret_access_key": "secret"}


def make_everything(region: str = "us-east-1", **credentials: str) -> None:
    """An API key, a usage plan and an AppSync API with a key."""
    client = apigw(region, **credentials)
    key = client.create_api_key(name="k", enabled=True)
    plan = client.create_usage_plan(name="p")
    client.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    graphql = appsync(region, **credentials)
    api = graphql.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
    graphql.create_api_key(apiId=api["apiId"])


def visible(region: str = "us-east-1", **credentials: str) -> dict[str, int]:
    """How many resources of each kind a caller sees."""
    client = apigw(region, **credentials)
    graphql = appsync(region, **credentials)
    apis = graphql.list_graphql_apis()["graphqlApis"]
    return {
        "api keys": len(client.get_api_keys()["items"]),
        "usage plans": len(client.get_usage_plans()["items"]),
        "graphql apis": len(apis),
        "appsync keys": sum(len(graphql.list_api_keys(apiId=a["apiId"])["apiKeys"]) for a in apis),
    }


NOTHING = {"api keys": 0, "usage plans": 0, "graphql apis": 0, "appsync keys": 0}
ONE_EACH = {"api keys": 1, "usage plans": 1, "graphql apis": 1, "appsync keys": 1}


def patched_points() -> dict[str, Any]:
    """Everything a mock patches, by identity: botocore's seam (and aiobotocore's and the AWS
    CLI's copies when loaded), ``requests``' adapter, the import hooks and the environment."""
    points: dict[str, Any] = {
        "botocore Endpoint._send": botocore.endpoint.Endpoint.__dict__["_send"],
        "botocore RequestSigner.sign": botocore.signers.RequestSigner.__dict__["sign"],
        "botocore Session": dict(botocore.session.Session.__dict__),
        "requests Session.get_adapter": requests.Session.__dict__["get_adapter"],
        "requests HTTPAdapter.send": requests.adapters.HTTPAdapter.__dict__["send"],
        "sys.meta_path": list(sys.meta_path),
        "environment": {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"},
    }
    for module_name, cls in (
        ("aiobotocore.endpoint", "AioEndpoint"),
        ("awscli.botocore.endpoint", "Endpoint"),
    ):
        module = sys.modules.get(module_name)
        if module is not None:
            points[f"{module_name}.{cls}._send"] = getattr(module, cls).__dict__.get("_send")
    return points


@pytest.fixture
def real_looking_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Credentials a mock must hide and then restore exactly (including what was absent)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALLOOKINGKEYID0")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-looking-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-looking-token")
    monkeypatch.delenv("AWS_SECURITY_TOKEN", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    before = patched_points()
    yield before
    assert patched_points() == before


def assert_restored(before: dict[str, Any]) -> None:
    after = patched_points()
    for name in before:
        assert after[name] == before[name], f"{name} was not restored"
    assert not mockgw._mock.active_mocks()


# --------------------------------------------------------------------------- tests and mocks


@pytest.mark.parametrize("turn", [1, 2])
def test_each_test_starts_with_an_empty_world(mockgw: Mock, turn: int) -> None:
    """Whichever of the two runs first, the other starts empty too."""
    assert visible() == NOTHING
    make_everything()
    assert visible() == ONE_EACH


FORMS: dict[str, Callable[[Callable[[], Any]], Any]] = {}


def _form(
    name: str,
) -> Callable[[Callable[[Callable[[], Any]], Any]], Callable[[Callable[[], Any]], Any]]:
    def register(run: Callable[[Callable[[], Any]], Any]) -> Callable[[Callable[[], Any]], Any]:
        FORMS[name] = run
        return run

    return register


@_form("decorator")
def _decorator(body: Callable[[], Any]) -> Any:
    return mock(body)()


@_form("decorator with options")
def _decorator_options(body: Callable[[], Any]) -> Any:
    return mock(allow=["sts"])(body)()


@_form("async decorator")
def _async_decorator(body: Callable[[], Any]) -> Any:
    async def run() -> Any:
        await asyncio.sleep(0)
        return body()

    return asyncio.run(mock(run)())


@_form("context manager")
def _context(body: Callable[[], Any]) -> Any:
    with mock():
        return body()


@_form("async context manager")
def _async_context(body: Callable[[], Any]) -> Any:
    async def run() -> Any:
        async with mock():
            return body()

    return asyncio.run(run())


@_form("start and stop")
def _start_stop(body: Callable[[], Any]) -> Any:
    started = mock().start()
    try:
        return body()
    finally:
        started.stop()


@_form("two single-service mocks")
def _two(body: Callable[[], Any]) -> Any:
    with mock_apigateway(), mock_appsync():
        return body()


@_form("unittest class")
def _unittest_class(body: Callable[[], Any]) -> Any:
    results: list[Any] = []

    @mock
    class Case(unittest.TestCase):
        def test(self) -> None:
            results.append(body())

    outcome = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(outcome)
    for _, trace in outcome.errors + outcome.failures:
        if "Boom" in trace:
            raise Boom(trace)
        raise AssertionError(trace)
    return results[0]


@_form("pytest-style class")
def _pytest_class(body: Callable[[], Any]) -> Any:
    @mock
    class Case:
        def test(self) -> Any:
            return body()

    case: Any = Case()
    case.setup_method(case.test)
    try:
        return case.test()
    finally:
        case.teardown_method(case.test)


@pytest.mark.parametrize("form", list(FORMS))
def test_sequential_mocks_never_share_state(form: str) -> None:
    run = FORMS[form]
    run(make_everything)
    assert run(visible) == NOTHING
    run(make_everything)
    assert run(visible) == NOTHING


@pytest.mark.parametrize("form", list(FORMS))
def test_a_failing_body_restores_everything_exactly(
    form: str, real_looking_environment: dict[str, Any]
) -> None:
    seen: dict[str, Any] = {}

    def body() -> None:
        make_everything()
        seen["access key"] = os.environ.get("AWS_ACCESS_KEY_ID")
        seen["token"] = os.environ.get("AWS_SESSION_TOKEN")
        seen["send"] = botocore.endpoint.Endpoint.__dict__["_send"]
        raise Boom("the test failed")

    with pytest.raises(Boom):
        FORMS[form](body)
    # While it ran, the real-looking credentials were hidden and botocore was patched.
    assert seen["access key"] != "AKIAREALLOOKINGKEYID0"
    assert seen["token"] is None
    assert seen["send"] is not real_looking_environment["botocore Endpoint._send"]
    assert_restored(real_looking_environment)
    assert FORMS[form](visible) == NOTHING


def test_a_failing_inner_mock_leaves_the_outer_one_whole(
    real_looking_environment: dict[str, Any],
) -> None:
    with mock() as outer:
        make_everything()
        with pytest.raises(Boom), mock_apigateway():
            make_everything()
            raise Boom
        assert outer.active
        assert visible() == {"api keys": 2, "usage plans": 2, "graphql apis": 2, "appsync keys": 2}
        assert (
            botocore.endpoint.Endpoint.__dict__["_send"]
            is not (real_looking_environment["botocore Endpoint._send"])
        )
    assert_restored(real_looking_environment)


def test_a_failing_body_inside_a_users_responses_mock(
    real_looking_environment: dict[str, Any],
) -> None:
    import responses

    with responses.RequestsMock(assert_all_requests_are_fired=False) as user:
        user.add(responses.GET, "http://localhost:9/health", body="ok")
        theirs = requests.adapters.HTTPAdapter.__dict__["send"]
        with pytest.raises(Boom), mock():
            raise Boom
        assert requests.adapters.HTTPAdapter.__dict__["send"] is theirs
        assert requests.get("http://localhost:9/health", timeout=1).text == "ok"
    assert_restored(real_looking_environment)


def test_a_failing_start_of_a_second_mock_keeps_the_first(
    real_looking_environment: dict[str, Any],
) -> None:
    with mock() as first:
        with pytest.raises(mockgw.MockgwError):
            Mock(["nope"])
        make_everything()
        assert first.active
    assert_restored(real_looking_environment)


# --------------------------------------------------------------------------- accounts, regions


@pytest.mark.parametrize("account", ACCOUNTS)
def test_accounts_are_separate(mockgw: Mock, account: str) -> None:
    other = next(a for a in ACCOUNTS if a != account)
    make_everything(**as_account(account))
    assert visible(**as_account(account)) == ONE_EACH
    assert visible(**as_account(other)) == NOTHING
    assert visible() == NOTHING  # the default account, 123456789012
    assert len(mockgw.backend("apigateway", account_id=account).api_keys) == 1
    assert len(mockgw.backend("apigateway").api_keys) == 0


@pytest.mark.parametrize(
    "access_key", ["11111111111", "1111111111111", "11111111111a", "AKIA11111111"]
)
def test_an_access_key_that_is_not_12_digits_is_the_default_account(
    mockgw: Mock, access_key: str
) -> None:
    make_everything(aws_access_key_id=access_key, aws_secret_access_key="s")
    assert visible() == ONE_EACH
    assert visible(**as_account("111111111111")) == NOTHING


@pytest.mark.parametrize("region", REGIONS)
def test_regions_are_separate(mockgw: Mock, region: str) -> None:
    make_everything(region)
    for other in REGIONS:
        assert visible(other) == (ONE_EACH if other == region else NOTHING), other
    assert len(mockgw.backend("appsync", region=region).apis) == 1


def test_ids_from_one_account_or_region_are_unknown_in_another(mockgw: Mock) -> None:
    key = apigw().create_api_key(name="k")["id"]
    api = appsync().create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"][
        "apiId"
    ]
    for region, credentials in (("eu-west-1", {}), ("us-east-1", as_account("111111111111"))):
        with pytest.raises(apigw().exceptions.NotFoundException):
            apigw(region, **credentials).get_api_key(apiKey=key)
        with pytest.raises(appsync().exceptions.NotFoundException):
            appsync(region, **credentials).get_graphql_api(apiId=api)


def test_reset_in_one_test_does_not_need_a_new_mock(mockgw: Mock) -> None:
    make_everything()
    make_everything(**as_account("111111111111"))
    mockgw.reset()
    assert visible() == NOTHING
    assert visible(**as_account("111111111111")) == NOTHING
