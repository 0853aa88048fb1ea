"""Environments a mocked test must survive, and the proof that nothing escaped the mock.

``bare``: no AWS variable, no config or credentials file, no profile (a CI machine).
``hostile``: a laptop pointing everywhere at once: a profile that does not exist, endpoint
URLs (LocalStack style) at a closed loopback port, config and credentials files whose
default profile has a ``credential_process`` that records each run and fails, an SSO session
and an endpoint URL, container and web-identity credentials, instance metadata enabled.
"""

from __future__ import annotations

import os
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import botocore.endpoint
import botocore.httpsession
import botocore.session
import botocore.signers
import pytest
import requests

import mockgw._mock

ENVIRONMENTS = ("bare", "hostile")

#: A loopback port nothing listens on: what a LocalStack endpoint is when LocalStack is down.
CLOSED = "http://127.0.0.1:9"


@dataclass
class Environment:
    name: str
    home: Path
    #: a file the hostile credential_process appends a line to each time it runs
    process_runs: Path
    variables: dict[str, str] = field(default_factory=dict)

    def runs(self) -> int:
        return len(self.process_runs.read_text().splitlines()) if self.process_runs.exists() else 0

    def for_subprocess(self) -> dict[str, str]:
        """The environment for a child process: this one, and nothing AWS from the parent."""
        kept = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("AWS_", "BOTO_")) and k not in ("HOME", "PYTEST_CURRENT_TEST")
        }
        return {**kept, **self.variables, "HOME": str(self.home)}


def _credential_process(runs: Path) -> str:
    script = runs.parent / "credential_process.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            with open({str(runs)!r}, "a") as log:
                log.write("ran\\n")
            sys.exit("the hostile credential_process always fails")
            """
        )
    )
    return f"{sys.executable} {script}"


def build(name: str, root: Path) -> Environment:
    home = root / "home"
    home.mkdir(parents=True)
    env = Environment(name, home, root / "process-runs.log")
    if name == "bare":
        return env
    aws = home / ".aws"
    aws.mkdir()
    (aws / "config").write_text(
        textwrap.dedent(
            f"""
            [default]
            region = ap-southeast-2
            credential_process = {_credential_process(env.process_runs)}
            endpoint_url = {CLOSED}

            [profile sso]
            sso_session = corp
            sso_account_id = 111122223333
            sso_role_name = Admin

            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = us-east-1
            """
        )
    )
    (aws / "credentials").write_text("[other]\naws_access_key_id = AKIAFROMAFILE00000000\n")
    token = root / "web-identity-token"
    token.write_text("token")
    env.variables = {
        "AWS_CONFIG_FILE": str(aws / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(aws / "credentials"),
        "AWS_PROFILE": "does-not-exist",
        "AWS_DEFAULT_PROFILE": "does-not-exist-either",
        "AWS_ENDPOINT_URL": CLOSED,
        "AWS_ENDPOINT_URL_API_GATEWAY": CLOSED,
        "AWS_ENDPOINT_URL_APPSYNC": CLOSED,
        "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.2/v2/credentials",
        "AWS_WEB_IDENTITY_TOKEN_FILE": str(token),
        "AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/ci",
        "AWS_EC2_METADATA_DISABLED": "false",
        "AWS_MAX_ATTEMPTS": "5",
    }
    return env


def apply(env: Environment, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(env.home))
    for name, value in env.variables.items():
        monkeypatch.setenv(name, value)


class Escaped(ConnectionRefusedError):
    """Raised where a request would have left the process (an OSError, as on a machine
    without a network: botocore's instance-metadata lookup then finds nothing)."""


@dataclass
class Escapes:
    """What tried to leave the process while a mock was active: sockets opened, and requests
    botocore or `requests` handed to their real HTTP layer. (Attempts outside any mock, such
    as botocore's instance-metadata lookup when a client is made in a bare environment, are
    refused too, and kept apart in ``outside``.)"""

    connections: list[Any] = field(default_factory=list)
    botocore: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    outside: list[Any] = field(default_factory=list)

    def record(self, kind: list[Any], what: Any, error: BaseException | None = None) -> None:
        (kind if mockgw._mock.active_mocks() else self.outside).append(what)
        raise error or Escaped(f"{what!r} tried to leave the process")

    def __bool__(self) -> bool:
        return bool(self.connections or self.botocore or self.requests)


def patched_points() -> dict[str, Any]:
    """Everything a mock changes, by identity, and the environment."""
    points: dict[str, Any] = {
        "Endpoint._send": botocore.endpoint.Endpoint.__dict__["_send"],
        "RequestSigner.sign": botocore.signers.RequestSigner.__dict__["sign"],
        "Session.get_credentials": botocore.session.Session.__dict__["get_credentials"],
        "requests Session.get_adapter": requests.Session.__dict__["get_adapter"],
        "requests HTTPAdapter.send": requests.adapters.HTTPAdapter.__dict__["send"],
        "sys.meta_path": list(sys.meta_path),
        "environment": {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"},
    }
    for module_name, cls, attribute in (
        ("aiobotocore.endpoint", "AioEndpoint", "_send"),
        ("aiobotocore.signers", "AioRequestSigner", "sign"),
        ("aiobotocore.session", "AioSession", "get_credentials"),
    ):
        module = sys.modules.get(module_name)
        if module is not None:
            points[f"{cls}.{attribute}"] = getattr(module, cls).__dict__.get(attribute)
    return points


def assert_restored(before: dict[str, Any]) -> None:
    after = patched_points()
    for name in before:
        assert after[name] == before[name], f"{name} was not restored"
    assert not mockgw._mock.active_mocks()
