"""Issue 14, point 1: a client made before any mock, where no credentials exist, works inside
the mock; and no credential provider runs inside a mock, whatever the client or session."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest
from aiobotocore.session import get_session
from botocore.exceptions import NoCredentialsError

from mockgw import Mock, UnmockedServiceError, mock, mock_apigateway
from tests.helpers import status
from tests.safety.helpers import Environment, Escapes, build

ROOT = Path(__file__).resolve().parents[2]


def key_names(client: Any) -> list[str]:
    return [k["name"] for k in client.get_api_keys()["items"]]


# ---------------------------------------------------------------------------- in the process


def test_a_client_made_without_credentials_works_inside_a_mock(
    bare: Environment, escapes: Escapes
) -> None:
    session = boto3.Session()  # as at import time, on a CI machine
    apigw = session.client("apigateway", region_name="eu-west-1")
    with pytest.raises(NoCredentialsError):
        apigw.get_api_keys()  # outside a mock: botocore's own answer, unchanged

    with mock_apigateway() as m:
        created = apigw.create_api_key(name="module-level")
        assert status(created) == 201
        assert key_names(apigw) == ["module-level"]
        # region from the client, default account: as for any other request
        assert [k.name for k in m.backend("apigateway", region="eu-west-1").api_keys.values()] == [
            "module-level"
        ]
        assert len(m.backend("apigateway").api_keys) == 0  # us-east-1: nothing

    with pytest.raises(NoCredentialsError):
        apigw.get_api_keys()  # and unchanged after
    assert not escapes


def test_other_aws_services_from_such_a_client_are_refused_not_unsigned(
    bare: Environment, escapes: Escapes
) -> None:
    s3 = boto3.Session().client("s3", region_name="eu-west-1")
    appsync = boto3.Session().client("appsync", region_name="eu-west-1")
    with mock_apigateway():
        with pytest.raises(UnmockedServiceError, match="'s3'"):
            s3.list_buckets()
        with pytest.raises(UnmockedServiceError, match="mock_appsync"):
            appsync.list_graphql_apis()
    assert not escapes


def test_an_allowed_service_is_signed_as_without_mockgw(
    bare: Environment, escapes: Escapes
) -> None:
    """`allow` sends the request out: mockgw lends no credentials to it."""
    sts = boto3.Session().client("sts", region_name="us-east-1")
    with mock_apigateway(allow=["sts"]), pytest.raises(NoCredentialsError):
        sts.get_caller_identity()


def test_every_region_of_such_clients_is_its_own(
    bare: Environment, escapes: Escapes, mockgw: Mock
) -> None:
    session = botocore.session.Session()
    for region in ("us-east-1", "eu-west-1", "ap-southeast-2"):
        session.create_client("apigateway", region_name=region).create_api_key(name=region)
    for region in ("us-east-1", "eu-west-1", "ap-southeast-2"):
        keys = mockgw.backend("apigateway", region=region).api_keys.values()
        assert [k.name for k in keys] == [region]


def test_a_presigned_url_from_such_a_client_is_signed_with_placeholders(
    bare: Environment, escapes: Escapes
) -> None:
    client = boto3.Session().client("apigateway", region_name="us-east-1")
    with mock():
        url = client.generate_presigned_url("get_api_keys")
    assert "X-Amz-Credential=mockgw-testing%2F" in url
    with pytest.raises(NoCredentialsError):
        client.generate_presigned_url("get_api_keys")


def test_explicit_credentials_still_choose_the_account(mockgw: Mock) -> None:
    for session in (
        boto3.Session(aws_access_key_id="111111111111", aws_secret_access_key="s"),
        boto3.Session(),
    ):
        session.client("apigateway", region_name="us-east-1").create_api_key(name="k")
    assert len(mockgw.backend("apigateway", account_id="111111111111").api_keys) == 1
    assert len(mockgw.backend("apigateway").api_keys) == 1


def test_async_client_made_without_credentials_works_inside_a_mock(
    bare: Environment, escapes: Escapes
) -> None:
    async def scenario() -> list[str]:
        session = get_session()
        async with session.create_client("apigateway", region_name="eu-west-1") as apigw:
            with pytest.raises(NoCredentialsError):
                await apigw.get_api_keys()
            with mock_apigateway():
                await apigw.create_api_key(name="async")
                keys = await apigw.get_api_keys()
            with pytest.raises(NoCredentialsError):
                await apigw.get_api_keys()
            return [k["name"] for k in keys["items"]]

    assert asyncio.run(scenario()) == ["async"]


# ---------------------------------------------------------------------------- credential providers


@pytest.fixture
def refreshing_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, bare: Environment) -> Path:
    """A profile whose credential_process logs each run and hands out credentials that are
    always due for a refresh (so botocore runs it again at every signature)."""
    runs = tmp_path / "runs.log"
    script = tmp_path / "process.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import datetime, json
            with open({str(runs)!r}, "a") as log:
                log.write("ran\\n")
            soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=2)
            print(json.dumps({{"Version": 1, "AccessKeyId": "AKIAFROMPROCESS00000",
                              "SecretAccessKey": "s", "SessionToken": "t",
                              "Expiration": soon.isoformat()}}))
            """
        )
    )
    config = tmp_path / "config"
    config.write_text(f"[default]\ncredential_process = {sys.executable} {script}\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    return runs


def test_refreshable_credentials_of_an_earlier_client_are_never_refreshed_inside(
    refreshing_process: Path, escapes: Escapes
) -> None:
    client = boto3.Session().client("apigateway", region_name="us-east-1")
    assert len(refreshing_process.read_text().splitlines()) == 1  # resolved at creation
    with mock_apigateway():
        for _ in range(3):
            client.create_api_key(name="k")
    assert len(refreshing_process.read_text().splitlines()) == 1  # never ran inside


def test_no_credential_provider_runs_for_a_session_used_inside_a_mock(
    refreshing_process: Path, escapes: Escapes
) -> None:
    session = boto3.Session()  # made before, first used inside
    with mock_apigateway():
        credentials = session.get_credentials()
        assert credentials is not None
        assert credentials.access_key == "mockgw-testing"
        session.client("apigateway").create_api_key(name="k")
    assert not refreshing_process.exists()
    # Nothing was cached: after the mock the session finds its own credentials.
    found = session.get_credentials()
    assert found is not None and found.access_key == "AKIAFROMPROCESS00000"
    assert refreshing_process.exists()


def test_a_session_that_found_real_credentials_lends_placeholders_inside(
    monkeypatch: pytest.MonkeyPatch, bare: Environment, escapes: Escapes
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALLOOKING00000")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-looking-secret")
    session = boto3.Session()
    before = session.get_credentials()
    assert before is not None and before.access_key == "AKIAREALLOOKING00000"
    with mock_apigateway():
        inside = session.get_credentials()
        assert inside is not None and inside.access_key == "mockgw-testing"
    assert session.get_credentials() is before


# ---------------------------------------------------------------------------- at import time

SCRIPT = textwrap.dedent(
    """
    import json, socket

    attempts = []

    def refuse(sock, address):
        attempts.append(repr(address))
        raise OSError("network blocked: " + repr(address))

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse

    import boto3

    # Module-level clients, made at import time, before any mock.
    apigw = boto3.client("apigateway", region_name="eu-west-1")
    s3 = boto3.client("s3", region_name="eu-west-1")

    import mockgw

    result = {}
    try:
        apigw.get_api_keys()
    except Exception as error:
        result["before"] = type(error).__name__

    @mockgw.mock_apigateway
    def test_it():
        apigw.create_api_key(name="from-import-time")
        result["keys"] = [k["name"] for k in apigw.get_api_keys()["items"]]
        try:
            s3.list_buckets()
        except Exception as error:
            result["s3"] = type(error).__name__

    outside = len(attempts)
    test_it()
    result["inside"] = attempts[outside:]
    try:
        apigw.get_api_keys()
    except Exception as error:
        result["after"] = type(error).__name__
    result["attempts"] = attempts
    print(json.dumps(result))
    """
)


def test_module_level_clients_at_import_time(tmp_path: Path) -> None:
    """In a child process: clients made at import time in a bare environment (no variable, no
    file, the network refused, so botocore's instance-metadata lookup finds nothing)."""
    variables = build("bare", tmp_path).for_subprocess()
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**variables, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["before"] == "NoCredentialsError"
    assert result["keys"] == ["from-import-time"]
    assert result["s3"] == "UnmockedServiceError"
    assert result["after"] == "NoCredentialsError"
    assert result["inside"] == []  # nothing tried the network inside the mock


def test_keys_a_test_puts_in_the_environment_inside_a_mock_choose_the_account(
    monkeypatch: pytest.MonkeyPatch, bare: Environment, escapes: Escapes
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALLOOKING00000")  # there before: hidden
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-looking-secret")
    with mock_apigateway() as m:
        hidden = boto3.Session().get_credentials()
        assert hidden is not None and hidden.access_key == "mockgw-testing"
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "222222222222")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
        boto3.client("apigateway", region_name="us-east-1").create_api_key(name="k")
        assert len(m.backend("apigateway", account_id="222222222222").api_keys) == 1
