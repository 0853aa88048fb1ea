"""The ``mockgw`` command: version, operations, the server's environment lines and MOCKGW_*
options, and what it says with no command."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

import mockgw
from mockgw import cli
from mockgw.server import MockgwServer
from tests.door_helpers import hermetic_aws_env

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
Completed = subprocess.CompletedProcess[str]


def mockgw_command(*args: str, env: dict[str, str] | None = None) -> Completed:
    return subprocess.run(
        [sys.executable, "-m", "mockgw", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"mockgw {mockgw.__version__}\n"
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'^dynamic = \["version"\]$', pyproject, re.M)  # one source: mockgw
    assert 'version = { attr = "mockgw.__version__" }' in pyproject
    assert mockgw.__version__.count(".") == 2


def test_no_command_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"mockgw {mockgw.__version__}: a mock of the AWS API Gateway and")
    for command in ("mockgw server", "mockgw operations", "mockgw --version"):
        assert f"\n  {command} " in out
    assert "mockgw_mock" in out


def test_operations_lists_what_mockgw_answers(capsys: pytest.CaptureFixture[str]) -> None:
    supported = mockgw.supported_operations()
    assert cli.main(["operations"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"apigateway: {len(supported['apigateway'])} operations"
    assert lines[1] == f"  {supported['apigateway'][0]}"
    assert f"appsync: {len(supported['appsync'])} operations" in lines

    assert cli.main(["operations", "appsync", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"appsync": supported["appsync"]}

    assert cli.main(["operations", "s3"]) == 2
    assert capsys.readouterr().err == "mockgw: no service 's3'; mockgw mocks apigateway, appsync\n"


def test_the_server_lists_operations_too() -> None:
    with MockgwServer(port=0) as server:
        url = f"{server.endpoint_url}/_mockgw/operations"
        with urllib.request.urlopen(url) as answer:
            assert json.load(answer) == {"operations": mockgw.supported_operations()}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MOCKGW_PORT": "abc"}, "MOCKGW_PORT='abc': not a valid int for --port"),
        ({"MOCKGW_IDLE_TIMEOUT": "soon"}, "MOCKGW_IDLE_TIMEOUT='soon': not a valid float"),
        ({"MOCKGW_QUIET": "maybe"}, "MOCKGW_QUIET='maybe': expected one of 1, true, yes, 0,"),
    ],
)
def test_bad_environment_options_are_named(
    env: dict[str, str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["server"], env=env)
    assert done.value.code == 2
    assert message in capsys.readouterr().err


def test_environment_options_are_defaults_the_command_line_overrides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, object] = {}

    def fake_serve(host: str, port: int, **options: object) -> int:
        seen.update(host=host, port=port, **options)
        return 0

    monkeypatch.setattr(cli, "serve", fake_serve)
    env = {
        "MOCKGW_PORT": "5000",
        "MOCKGW_HOST": "0.0.0.0",
        "MOCKGW_QUIET": "true",
        "MOCKGW_SEED": "7",
        "MOCKGW_STATE": "/tmp/state.json",
        "MOCKGW_MAX_BODY": "1024",
        "MOCKGW_IDLE_TIMEOUT": "2.5",
        "MOCKGW_FSYNC": "batch",
        "MOCKGW_WORKERS": "4",
        "MOCKGW_ADMIN_HOST": "mockgw, mockgw.local",
    }
    assert cli.main(["server", "--port", "6000"], env=env) == 0
    assert seen == {
        "host": "0.0.0.0",
        "port": 6000,
        "quiet": True,
        "seed": "7",
        "state": "/tmp/state.json",
        "max_body": 1024,
        "idle_timeout": 2.5,
        "header_timeout": cli.HEADER_TIMEOUT,
        "workers": 4,
        "max_connections": cli.MAX_CONNECTIONS,
        "fsync": "batch",
        "compact_every": cli.COMPACT_FRAMES,
        "admin_hosts": ["mockgw", "mockgw.local"],
    }
    assert cli.main(["server"], env={"MOCKGW_QUIET": "0"}) == 0
    assert seen["quiet"] is False and seen["port"] == 4566
    with pytest.raises(SystemExit):  # a value the option does not take is an error
        cli.main(["server"], env={"MOCKGW_FSYNC": "sometimes"})


def test_the_server_prints_the_environment_a_shell_needs(tmp_path: Path) -> None:
    """The issue's clean shell: no region, no credentials; the printed lines are enough."""
    env = {**os.environ, "MOCKGW_PORT": "0", "MOCKGW_QUIET": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mockgw", "server"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        assert process.stdout is not None
        listening = process.stdout.readline()
        assert listening.startswith("mockgw server listening on http://127.0.0.1:")
        url = listening.split()[-1]
        lines = [process.stdout.readline().rstrip("\n") for _ in range(6)]
        assert lines == [
            "# to point the AWS CLI and SDKs at it, paste into a shell:",
            f"export AWS_ENDPOINT_URL={url}",
            "export AWS_ACCESS_KEY_ID=mockgw-testing",
            "export AWS_SECRET_ACCESS_KEY=mockgw-testing",
            "export AWS_DEFAULT_REGION=us-east-1",
            "export AWS_REGION=us-east-1",
        ]
        shell = hermetic_aws_env(tmp_path)
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
            del shell[name]  # a clean shell: only what the server printed
        shell.update(line.removeprefix("export ").split("=", 1) for line in lines[1:])
        created = subprocess.run(
            [sys.executable, str(BIN / "aws"), "apigateway", "create-api-key", "--name", "k"],
            env=shell,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert created.returncode == 0, created.stderr
        assert json.loads(created.stdout)["name"] == "k"
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert out.strip() == "mockgw server stopped"


def test_the_console_script_is_installed() -> None:
    done = subprocess.run(
        [str(BIN / "mockgw"), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout == f"mockgw {mockgw.__version__}\n"


def test_python_m_mockgw_without_a_command() -> None:
    done = mockgw_command()
    assert done.returncode == 0
    assert done.stdout == cli.OVERVIEW


def test_a_reader_that_stops_early_is_no_error() -> None:
    """``mockgw operations | head -n 1`` under ``set -o pipefail``: exit 0, nothing on stderr."""
    command = f"{sys.executable} -m mockgw operations | head -n 1"
    for _ in range(3):
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            check=False,
        )
        assert (done.returncode, done.stderr) == (0, "")
        assert done.stdout.startswith("apigateway: ")
    quits = f"{sys.executable} -c 'from mockgw import cli; cli._write(\"x\" * 200000)' | true"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", quits],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
