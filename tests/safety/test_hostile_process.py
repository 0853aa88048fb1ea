"""A user's test suite, run by pytest in a child process whose environment is bare or hostile
from the start (set before Python starts, so nothing in the process ever saw another), with
every socket refused. Each mocked test must pass, and nothing may try the network or run the
hostile ``credential_process``."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.safety.helpers import ENVIRONMENTS, build

ROOT = Path(__file__).resolve().parents[2]

CONFTEST = textwrap.dedent(
    """
    import socket

    import pytest

    attempts = []


    def refuse(sock, address):
        attempts.append(address)
        raise ConnectionRefusedError(f"network blocked: {address!r}")


    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse


    @pytest.fixture(autouse=True)
    def no_network_attempt():
        yield
        assert attempts == []
    """
)

SUITE = textwrap.dedent(
    """
    import asyncio
    import contextlib
    import unittest

    import boto3
    import pytest

    from mockgw import mock, mock_apigateway, mock_appsync


    def names(client):
        return sorted(k["name"] for k in client.get_api_keys()["items"])


    @pytest.fixture
    @mock_apigateway
    def seeded():
        client = boto3.client("apigateway")
        client.create_api_key(name="fixture")
        yield client
        assert names(client) == ["fixture", "test"]


    def test_yield_fixture(seeded):
        seeded.create_api_key(name="test")


    @mock_apigateway
    def test_decorated():
        client = boto3.client("apigateway")
        client.create_api_key(name="k")
        assert names(client) == ["k"]
        assert client.meta.region_name == "us-east-1"


    def test_the_fixture(mockgw):
        api = boto3.client("appsync").create_graphql_api(name="g", authenticationType="API_KEY")
        assert api["graphqlApi"]["arn"].startswith("arn:aws:appsync:us-east-1:123456789012:")


    @mock_apigateway
    def generate():
        client = boto3.client("apigateway")
        client.create_api_key(name="generated")
        yield names(client)


    def test_generator():
        assert list(generate()) == [["generated"]]


    @mock_appsync
    async def agenerate():
        client = boto3.client("appsync")
        client.create_graphql_api(name="g", authenticationType="API_KEY")
        yield len(client.list_graphql_apis()["graphqlApis"])


    def test_async_generator():
        async def run():
            return [n async for n in agenerate()]

        assert asyncio.run(run()) == [1]


    @mock()
    @contextlib.contextmanager
    def keyed():
        client = boto3.client("apigateway")
        yield client.create_api_key(name="cm")["name"]


    def test_context_manager():
        with keyed() as name:
            assert name == "cm"


    @mock
    class TestCase(unittest.TestCase):
        def setUp(self):
            self.client = boto3.client("apigateway")
            self.client.create_api_key(name="setUp")

        def test_it(self):
            self.assertEqual(names(self.client), ["setUp"])


    def test_with_block_and_the_session():
        with mock():
            session = boto3.Session()
            assert session.get_credentials().access_key == "mockgw-testing"
            assert session.available_profiles == []
            assert names(session.client("apigateway")) == []
    """
)


@pytest.mark.parametrize("name", ENVIRONMENTS)
def test_a_suite_in_a_hostile_process(name: str, tmp_path: Path) -> None:
    env = build(name, tmp_path / "env")
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "conftest.py").write_text(CONFTEST)
    (suite / "test_user_suite.py").write_text(SUITE)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=suite,
        env={**env.for_subprocess(), "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "8 passed" in done.stdout
    assert env.runs() == 0
