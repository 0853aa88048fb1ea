"""Issue 14, point 3: while a mock is active, nothing in the environment points elsewhere, and
the environment comes back exactly. A mocked test does the same in the bare and the hostile
environment (``tests/safety/helpers.py``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import boto3
import pytest

from mockgw import Mock, mock, mock_apigateway
from tests.helpers import status
from tests.safety.helpers import Environment, Escapes


def scenario() -> dict[str, Any]:
    """What a typical mocked test does with clients made inside the mock, and what it sees."""
    apigw = boto3.client("apigateway")
    appsync = boto3.client("appsync")
    key = apigw.create_api_key(name="k", enabled=True)
    api = appsync.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
    credentials = boto3.Session().get_credentials()
    assert credentials is not None
    return {
        "status": status(key),
        "region": apigw.meta.region_name,
        "endpoints": [apigw.meta.endpoint_url, appsync.meta.endpoint_url],
        "api arn region": api["arn"].split(":")[3],
        "keys": [k["name"] for k in apigw.get_api_keys()["items"]],
        "access key": credentials.access_key,
        "profile": boto3.Session().profile_name,
    }


EXPECTED = {
    "status": 201,
    "region": "us-east-1",
    "endpoints": [
        "https://apigateway.us-east-1.amazonaws.com",
        "https://appsync.us-east-1.amazonaws.com",
    ],
    "api arn region": "us-east-1",
    "keys": ["k"],
    "access key": "mockgw-testing",
    "profile": "default",
}


def test_a_mocked_test_does_the_same_in_every_environment(
    environment: Environment, escapes: Escapes
) -> None:
    before = dict(os.environ)
    started = time.monotonic()
    with mock():
        assert scenario() == EXPECTED
    assert time.monotonic() - started < 5  # no retries against a configured endpoint
    assert dict(os.environ) == before
    assert environment.runs() == 0  # the credential_process never ran
    assert not escapes


def test_the_variables_while_a_mock_is_active(environment: Environment) -> None:
    with mock():
        inside = dict(os.environ)
    assert inside["AWS_CONFIG_FILE"] == os.devnull
    assert inside["AWS_SHARED_CREDENTIALS_FILE"] == os.devnull
    assert inside["AWS_EC2_METADATA_DISABLED"] == "true"
    assert inside["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] == "true"
    assert inside["AWS_DEFAULT_REGION"] == "us-east-1"
    for gone in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_ACCESS_KEY_ID",  # none was there: none is added
        "AWS_SECRET_ACCESS_KEY",
    ):
        assert gone not in inside
    # Untouched: endpoint URLs (ignored, not removed) and what points nowhere.
    for kept in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_API_GATEWAY", "AWS_MAX_ATTEMPTS"):
        assert inside.get(kept) == environment.variables.get(kept)


def test_keys_and_tokens_in_the_environment_are_hidden_and_restored(
    bare: Environment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALLOOKING00000")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-looking-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-looking-token")
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    before = dict(os.environ)
    with mock_apigateway():
        assert os.environ["AWS_ACCESS_KEY_ID"] == "mockgw-testing"
        assert os.environ["AWS_SECRET_ACCESS_KEY"] == "mockgw-testing"
        assert "AWS_SESSION_TOKEN" not in os.environ
        # AWS_REGION is what other SDKs read; botocore reads AWS_DEFAULT_REGION only.
        assert boto3.client("apigateway").meta.region_name == "eu-central-1"
    assert dict(os.environ) == before


def test_a_configured_region_is_kept(
    environment: Environment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "sa-east-1")
    with mock_apigateway() as m:
        boto3.client("apigateway").create_api_key(name="k")
        assert len(m.backend("apigateway", region="sa-east-1").api_keys) == 1


def test_a_profile_named_in_code_is_looked_up_in_no_file(environment: Environment) -> None:
    """The same on a laptop where `sso` exists and on CI where it does not: it does not."""
    from botocore.exceptions import ProfileNotFound

    with mock_apigateway(), pytest.raises(ProfileNotFound):
        boto3.Session(profile_name="sso").client("apigateway")


def test_explicit_endpoint_urls_are_still_honoured(environment: Environment) -> None:
    """Only configured endpoints are ignored; one given in code is the test's choice."""
    with mock_apigateway():
        client = boto3.client("apigateway", endpoint_url="http://127.0.0.1:9")
        assert client.meta.endpoint_url == "http://127.0.0.1:9"


def test_a_subprocess_started_inside_a_mock_finds_no_credentials(
    environment: Environment, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program the test starts is not mocked; it must not find an account either."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALLOOKING00000")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-looking-secret")
    script = (
        "import json, botocore.session\n"
        "s = botocore.session.get_session()\n"
        "c = s.get_credentials()\n"
        "print(json.dumps([c.access_key if c else None, s.get_config_variable('region')]))\n"
    )
    with mock_apigateway():
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["mockgw-testing", "us-east-1"]
    assert environment.runs() == 0


def test_the_fixture_and_decorator_forms_too(environment: Environment, mockgw: Mock) -> None:
    assert scenario() == EXPECTED
    assert environment.runs() == 0


def test_sessions_keep_nothing_of_a_mock_and_bring_nothing_into_it(
    bare: Environment, escapes: Escapes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The config file is invisible inside a mock, for sessions made before (which may have
    read it already) and inside; afterwards both read it as if no mock had been."""
    config = tmp_path / "config"
    config.write_text("[default]\nregion = eu-north-1\nmax_attempts = 9\n[profile other]\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    read_before = boto3.Session()
    assert read_before.client("apigateway").meta.region_name == "eu-north-1"
    unread = boto3.Session()
    with mock_apigateway():
        inside = boto3.Session()
        for session in (read_before, unread, inside):
            client = session.client("apigateway")
            assert client.meta.region_name == "us-east-1"
            assert client.meta.config.retries.get("total_max_attempts") != 9
            assert session.available_profiles == []
            assert session._session.full_config == {"profiles": {}}
    for session in (read_before, unread, inside):
        client = session.client("apigateway")
        assert client.meta.region_name == "eu-north-1"
        assert client.meta.config.retries.get("total_max_attempts") == 9
        assert sorted(session.available_profiles) == ["default", "other"]
