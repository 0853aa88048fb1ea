"""Shared by the front-door tests (requests, aiobotocore, AWS CLI, server, plugin).

Each door creates an API key, a usage plan key and an AppSync API key and reads them back. The
usage plan and AppSync operations are written by other issues; until they land, the tests that
need them skip, naming exactly what is missing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import mockgw

ROOT = Path(__file__).resolve().parent.parent

USAGE_PLAN_KEY_OPS = ("CreateApiKey", "CreateUsagePlan", "CreateUsagePlanKey", "GetUsagePlanKey")
APPSYNC_KEY_OPS = ("CreateGraphqlApi", "CreateApiKey", "ListApiKeys")
STAGE_OPS = ("CreateRestApi", "GetResources", "PutMethod", "PutIntegration", "CreateDeployment")


def missing(service: str, operations: tuple[str, ...]) -> list[str]:
    supported = set(mockgw.supported_operations()[service])
    return [op for op in operations if op not in supported]


def needs(service: str, operations: tuple[str, ...]) -> pytest.MarkDecorator:
    """Skip until mockgw implements every one of ``operations`` of ``service``."""
    absent = missing(service, operations)
    return pytest.mark.skipif(
        bool(absent),
        reason=f"mockgw does not implement {service} {', '.join(absent)} yet",
    )


needs_usage_plan_keys = needs("apigateway", USAGE_PLAN_KEY_OPS)
needs_appsync_keys = needs("appsync", APPSYNC_KEY_OPS)
needs_stages = needs("apigateway", STAGE_OPS)


def hermetic_aws_env(tmp: Path, **extra: str) -> dict[str, str]:
    """An environment for an AWS tool subprocess: fake credentials, no config files, no IMDS."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AWS_") and k not in ("HTTP_PROXY", "HTTPS_PROXY")
    }
    env.update(
        AWS_ACCESS_KEY_ID="mockgw-testing",
        AWS_SECRET_ACCESS_KEY="mockgw-testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=str(tmp / "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp / "no-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
        AWS_PAGER="",
        NO_PROXY="*",
    )
    env.update(extra)
    return env


def isolate_aws_config(monkeypatch: pytest.MonkeyPatch, tmp: Path) -> None:
    """Keep the machine's ~/.aws files and profile out of an in-process test."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_OUTPUT", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def stage(client: Any, name: str = "dev") -> str:
    """A REST API with a deployed stage ``name`` (boto3 client); returns the REST API id."""
    api = client.create_rest_api(name="doors")["id"]
    root = client.get_resources(restApiId=api)["items"][0]["id"]
    client.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    client.create_deployment(restApiId=api, stageName=name)
    return str(api)


def run_example(name: str, capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``examples/<name>`` in this process as ``__main__``; return what it printed."""
    import runpy

    try:
        runpy.run_path(str(ROOT / "examples" / name), run_name="__main__")
    except SystemExit as done:
        assert done.code in (0, None), f"{name} exited with {done.code}"
    return capsys.readouterr().out
