"""Issue 14, point 4: mocks stopped in any order, mockgw's and other libraries', leave the
process exactly as they found it: every seam, the import hooks and the environment."""

from __future__ import annotations

import itertools
import os
import unittest.mock
from collections.abc import Callable
from typing import Any

import boto3
import botocore.endpoint
import pytest
import requests
import responses

import mockgw
from mockgw import mock, mock_apigateway, mock_appsync
from tests.safety.helpers import Environment, assert_restored, patched_points

APIGW = "https://apigateway.us-east-1.amazonaws.com"

moto = pytest.importorskip("moto")


class Library:
    """Start and stop of another library's mock, and a proof it works while active."""

    def __init__(self, name: str, make: Callable[[], Any], works: Callable[[], None]) -> None:
        self.name = name
        self._make = make
        self._works = works
        self._active: Any = None

    def start(self) -> None:
        self._active = self._make()
        self._active.start()

    def stop(self) -> None:
        self._active.stop()

    def works(self) -> None:
        self._works()

    def __repr__(self) -> str:
        return self.name


def _moto_works() -> None:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="moto-bucket")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["moto-bucket"]


def _responses() -> Any:
    user = responses.RequestsMock(assert_all_requests_are_fired=False)
    user.add(responses.GET, "https://example.com/user", body="user")
    return user


def _responses_works() -> None:
    assert requests.get("https://example.com/user", timeout=1).text == "user"


def _patch_dict() -> Any:
    """A whole-environment snapshot taken at start and put back at stop, changing what
    mockgw changes too."""
    changes = {"MOCKGW_MARK": "1", "AWS_ACCESS_KEY_ID": "from-patch", "AWS_SESSION_TOKEN": "t"}
    return unittest.mock.patch.dict(os.environ, changes)


def _patch_dict_works() -> None:
    assert os.environ["MOCKGW_MARK"] == "1"


LIBRARIES = {
    "moto": Library(
        "moto",
        lambda: moto.mock_aws(
            config={"core": {"passthrough": {"services": ["apigateway", "appsync"]}}}
        ),
        _moto_works,
    ),
    "responses": Library("responses", _responses, _responses_works),
    "patch.dict": Library("patch.dict", _patch_dict, _patch_dict_works),
}


def mockgw_works() -> None:
    assert requests.post(f"{APIGW}/apikeys", json={"name": "raw"}).status_code == 201
    client = boto3.client("apigateway", region_name="us-east-1")
    assert client.create_api_key(name="boto")["name"] == "boto"


@pytest.fixture(params=["no keys", "keys"])
def keys(request: pytest.FixtureRequest, bare: Environment, monkeypatch: pytest.MonkeyPatch) -> str:
    """A bare environment, with or without an access key and secret in it."""
    if request.param == "keys":
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALLOOKING00000")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-looking-secret")
    return str(request.param)


@pytest.mark.parametrize("library", list(LIBRARIES))
def test_another_library_started_first_and_stopped_first(keys: str, library: str) -> None:
    """theirs.start, mockgw.start, theirs.stop, mockgw.stop: mockgw keeps working after their
    stop, and its stop puts back what was there before either started."""
    before = patched_points()
    theirs = LIBRARIES[library]
    theirs.start()
    ours = mock().start()
    try:
        try:
            theirs.works()
            mockgw_works()
        finally:
            theirs.stop()
        mockgw_works()  # their stop took nothing of mockgw's away
    finally:
        ours.stop()
    assert_restored(before)


@pytest.mark.parametrize("library", list(LIBRARIES))
def test_another_library_started_inside_and_stopped_after(keys: str, library: str) -> None:
    """mockgw.start, theirs.start, mockgw.stop, theirs.stop."""
    before = patched_points()
    ours = mock().start()
    mockgw_environment = dict(os.environ)
    theirs = LIBRARIES[library]
    theirs.start()
    try:
        try:
            theirs.works()
            mockgw_works()
        finally:
            ours.stop()
        theirs.works()  # mockgw's stop took nothing of theirs away
    finally:
        theirs.stop()
    if library == "patch.dict":
        # The order no restore can undo (see mockgw._environ): a snapshot of the environment
        # taken while mockgw had neutralized it, put back after mockgw stopped, puts back
        # mockgw's environment. Every seam is still exact.
        before["environment"] = {
            k: v for k, v in mockgw_environment.items() if k != "PYTEST_CURRENT_TEST"
        }
    elif keys == "keys" and library == "moto":
        # moto saves the two key variables only: it puts back mockgw's placeholders in place
        # of the real-looking keys (never the keys themselves); the rest is exact.
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            assert os.environ[name] == "mockgw-testing"
            before["environment"][name] = "mockgw-testing"
    assert_restored(before)


@pytest.mark.parametrize(
    "stops", list(itertools.permutations(range(3))), ids=lambda order: "".join(map(str, order))
)
def test_mockgw_mocks_stopped_in_any_order(stops: tuple[int, ...]) -> None:
    before = patched_points()
    mocks = [mock_apigateway(), mock_appsync(), mock()]
    for m in mocks:
        m.start()
    boto3.client("apigateway", region_name="us-east-1").create_api_key(name="k")
    for index in stops:
        mocks[index].stop()
        covered = {s for i, m in enumerate(mocks) if m.active for s in m.services}
        assert mockgw._mock._controller.mocked == covered
    assert_restored(before)


def test_a_seam_patched_over_by_someone_else_is_left_working_then_taken_back() -> None:
    """Someone patches botocore's seam over mockgw's and restores it after mockgw stopped:
    mockgw's replacement is back in place, inactive: it behaves as the original (calls reach
    botocore's HTTP layer), and the next mock takes it over and removes it for good."""
    original = botocore.endpoint.Endpoint.__dict__["_send"]
    before = patched_points()
    calls: list[str] = []
    outer = mock().start()
    ours = botocore.endpoint.Endpoint.__dict__["_send"]

    def theirs(self: Any, request: Any) -> Any:
        calls.append(request.url)
        return ours(self, request)

    patcher = unittest.mock.patch.object(botocore.endpoint.Endpoint, "_send", theirs)
    patcher.start()
    boto3.client("apigateway", region_name="us-east-1").get_api_keys()
    outer.stop()
    patcher.stop()
    assert botocore.endpoint.Endpoint.__dict__["_send"] is ours  # left under theirs: back now
    assert calls == ["https://apigateway.us-east-1.amazonaws.com/apikeys"]

    sent: list[str] = []

    def network(session: Any, request: Any) -> Any:
        sent.append(request.url)
        raise ConnectionError("network blocked")

    with (
        unittest.mock.patch("botocore.httpsession.URLLib3Session.send", network),
        pytest.raises(Exception, match="network blocked"),
    ):
        boto3.client(
            "apigateway", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
        ).get_api_keys()
    assert sent == ["https://apigateway.us-east-1.amazonaws.com/apikeys"]  # passed through

    with mock():
        assert botocore.endpoint.Endpoint.__dict__["_send"] is ours
        boto3.client("apigateway", region_name="us-east-1").get_api_keys()
    assert botocore.endpoint.Endpoint.__dict__["_send"] is original
    assert_restored(before)
