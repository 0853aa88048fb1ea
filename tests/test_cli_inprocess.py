"""The AWS CLI's own driver, in-process, inside an active mock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3  # imported before awscli: the CLI then shares boto3's botocore
import pytest
from awscli.clidriver import create_clidriver

from mockgw import Mock
from tests.door_helpers import (
    isolate_aws_config,
    needs_appsync_keys,
    needs_stages,
    needs_usage_plan_keys,
    run_example,
    stage,
)


def apigw(region: str = "us-east-1") -> Any:
    return boto3.client("apigateway", region_name=region)


SEED = [
    "apigateway",
    "create-api-key",
    "--name",
    "Dev API Key",
    "--description",
    "Used for development",
    "--enabled",
]


@pytest.fixture(autouse=True)
def _no_aws_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_aws_config(monkeypatch, tmp_path)


def aws(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    rc = create_clidriver().main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def aws_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    rc, out, err = aws(capsys, *args, "--output", "json")
    assert rc == 0, err
    return json.loads(out)


def test_create_api_key_seed_in_json(mockgw: Mock, capsys: pytest.CaptureFixture[str]) -> None:
    key = aws_json(capsys, *SEED)
    assert key["name"] == "Dev API Key"
    assert key["description"] == "Used for development"
    assert key["enabled"] is True
    assert len(key["value"]) == 40
    stored = mockgw.backend("apigateway").api_keys.get(key["id"])
    assert stored.value == key["value"]

    read = aws_json(capsys, "apigateway", "get-api-key", "--api-key", key["id"], "--include-value")
    assert read["value"] == key["value"]


def test_text_and_table_outputs(mockgw: Mock, capsys: pytest.CaptureFixture[str]) -> None:
    key = apigw().create_api_key(
        name="Dev API Key", description="Used for development", enabled=True
    )
    rc, text, _ = aws(capsys, "apigateway", "get-api-keys", "--output", "text")
    assert rc == 0
    row = text.strip().split("\t")
    assert row[0] == "ITEMS"
    assert {key["id"], "Dev API Key", "Used for development", "True"} <= set(row)

    rc, table, _ = aws(
        capsys, "apigateway", "get-api-key", "--api-key", key["id"], "--output", "table"
    )
    assert rc == 0
    lines = table.strip().splitlines()
    assert "GetApiKey" in lines[1]
    assert any("name" in line and "Dev API Key" in line for line in lines)
    assert lines[0].startswith("-") and lines[-1].startswith("+")


def test_query_and_region(mockgw: Mock, capsys: pytest.CaptureFixture[str]) -> None:
    apigw("eu-west-1").create_api_key(name="in eu-west-1")
    apigw().create_api_key(name="in us-east-1")
    rc, out, _ = aws(
        capsys, "apigateway", "get-api-keys", "--region", "eu-west-1", "--query", "items[].name"
    )
    assert rc == 0 and json.loads(out) == ["in eu-west-1"]


def test_an_error_is_reported_like_aws(mockgw: Mock, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = aws(capsys, "apigateway", "get-api-key", "--api-key", "nope")
    assert rc == 255
    assert out == ""
    assert "(NotFoundException) when calling the GetApiKey operation" in err
    assert "Invalid API Key identifier specified" in err


@needs_stages
def test_stage_keys(mockgw: Mock, capsys: pytest.CaptureFixture[str]) -> None:
    api = stage(apigw())
    key = aws_json(capsys, *SEED, "--stage-keys", f"restApiId={api},stageName=dev")
    assert key["stageKeys"] == [f"{api}/dev"]


@needs_usage_plan_keys
def test_usage_plan_key(mockgw: Mock, capsys: pytest.CaptureFixture[str]) -> None:
    plan = apigw().create_usage_plan(name="plan")
    key = apigw().create_api_key(name="Dev API Key")
    added = aws_json(
        capsys,
        "apigateway",
        "create-usage-plan-key",
        "--usage-plan-id",
        plan["id"],
        "--key-id",
        key["id"],
        "--key-type",
        "API_KEY",
    )
    assert added["id"] == key["id"] and added["type"] == "API_KEY"
    read = aws_json(
        capsys,
        "apigateway",
        "get-usage-plan-key",
        "--usage-plan-id",
        plan["id"],
        "--key-id",
        key["id"],
    )
    assert read["name"] == "Dev API Key"


@needs_appsync_keys
def test_appsync_api_key(mockgw: Mock, capsys: pytest.CaptureFixture[str]) -> None:
    appsync = boto3.client("appsync", region_name="us-east-1")
    api = appsync.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
    key = aws_json(
        capsys, "appsync", "create-api-key", "--api-id", api["apiId"], "--description", "d"
    )["apiKey"]
    listed = aws_json(capsys, "appsync", "list-api-keys", "--api-id", api["apiId"])["apiKeys"]
    assert [(k["id"], k["description"]) for k in listed] == [(key["id"], "d")]


def test_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_example("cli_inprocess.py", capsys)
    assert '"name": "Dev API Key"' in out
