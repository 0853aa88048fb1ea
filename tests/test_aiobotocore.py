"""aiobotocore under every form of the mock (coroutines run with asyncio.run: no plugin needed)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import aiobotocore.endpoint
import botocore.endpoint
import pytest
from aiobotocore.response import AioStreamingBody
from aiobotocore.session import get_session
from botocore.response import StreamingBody

import mockgw
from mockgw import Mock
from mockgw._intercept import _aio_response, to_aws_response
from mockgw.server import MockgwServer
from mockgw.services import definition
from mockgw.wire.restjson import WireResponse
from tests.door_helpers import ROOT, needs_appsync_keys, needs_usage_plan_keys, run_example

ORIGINAL_AIO_SEND = aiobotocore.endpoint.AioEndpoint.__dict__["_send"]
ORIGINAL_SEND = botocore.endpoint.Endpoint.__dict__["_send"]


def client(service: str = "apigateway", **options: Any) -> Any:
    return get_session().create_client(service, region_name="us-east-1", **options)


async def key_round_trip(name: str = "Dev API Key") -> dict[str, Any]:
    async with client() as apigw:
        created = await apigw.create_api_key(
            name=name, description="Used for development", enabled=True
        )
        read = await apigw.get_api_key(apiKey=created["id"], includeValue=True)
        assert read["value"] == created["value"]
        assert read["name"] == name and read["enabled"] is True
        return dict(created)


def run(coroutine: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(coroutine())


# ---------------------------------------------------------------------------- every form


def test_decorator_on_async_def() -> None:
    @mockgw.mock_apigateway
    async def scenario() -> dict[str, Any]:
        return await key_round_trip()

    assert run(scenario)["name"] == "Dev API Key"
    assert aiobotocore.endpoint.AioEndpoint.__dict__["_send"] is ORIGINAL_AIO_SEND


def test_async_context_manager() -> None:
    async def scenario() -> None:
        async with mockgw.mock_apigateway() as active:
            key = await key_round_trip()
            assert [k.id for k in active.backend("apigateway").api_keys.values()] == [key["id"]]

    run(scenario)
    assert aiobotocore.endpoint.AioEndpoint.__dict__["_send"] is ORIGINAL_AIO_SEND


def test_sync_context_manager_around_the_event_loop() -> None:
    with mockgw.mock_apigateway():
        run(key_round_trip)
    assert aiobotocore.endpoint.AioEndpoint.__dict__["_send"] is ORIGINAL_AIO_SEND


def test_fixture(mockgw: Mock) -> None:
    key = run(key_round_trip)
    assert mockgw.backend("apigateway").api_keys.get(key["id"]) is not None


def test_a_client_created_before_the_mock_started_is_caught() -> None:
    async def scenario() -> None:
        credentials = {"aws_access_key_id": "early", "aws_secret_access_key": "early"}
        async with client(**credentials) as apigw, mockgw.mock_apigateway():
            assert (await apigw.create_api_key(name="early"))["name"] == "early"

    run(scenario)


def test_errors_are_the_clients_exceptions() -> None:
    async def scenario() -> None:
        async with client() as apigw:
            with pytest.raises(apigw.exceptions.NotFoundException) as info:
                await apigw.get_api_key(apiKey="nope")
            error = info.value.response
            assert error["Error"]["Message"] == "Invalid API Key identifier specified"
            assert error["ResponseMetadata"]["HTTPStatusCode"] == 404

    with mockgw.mock_apigateway():
        run(scenario)


def test_an_unimplemented_operation_names_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    # every operation of the model is answered: take one out to see how a missing one fails
    monkeypatch.delitem(definition("apigateway").handlers, "GetExport")

    async def scenario() -> None:
        async with client() as apigw:
            with pytest.raises(mockgw.UnsupportedOperationError, match="GetExport"):
                await apigw.get_export(restApiId="a", stageName="b", exportType="swagger")

    with mockgw.mock_apigateway():
        run(scenario)


@needs_usage_plan_keys
def test_usage_plan_key_round_trip() -> None:
    async def scenario() -> None:
        async with client() as apigw:
            plan = await apigw.create_usage_plan(name="plan")
            key = await apigw.create_api_key(name="k", enabled=True)
            added = await apigw.create_usage_plan_key(
                usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY"
            )
            assert added["id"] == key["id"] and added["type"] == "API_KEY"
            read = await apigw.get_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
            assert read["name"] == "k"

    with mockgw.mock_apigateway():
        run(scenario)


@needs_appsync_keys
def test_appsync_api_key_round_trip() -> None:
    async def scenario() -> None:
        async with client("appsync") as appsync:
            api = await appsync.create_graphql_api(name="g", authenticationType="API_KEY")
            api_id = api["graphqlApi"]["apiId"]
            key = (await appsync.create_api_key(apiId=api_id, description="d"))["apiKey"]
            listed = (await appsync.list_api_keys(apiId=api_id))["apiKeys"]
            assert [(k["id"], k["description"]) for k in listed] == [(key["id"], "d")]

    with mockgw.mock_appsync():
        run(scenario)


# ---------------------------------------------------------------------------- pass-through


def test_a_real_server_is_reached_through_aiohttp() -> None:
    """A non-AWS endpoint passes through the mock: aiohttp talks to a live mockgw server."""
    with MockgwServer(port=0) as server, mockgw.mock():

        async def scenario() -> None:
            async with client(endpoint_url=server.endpoint_url) as apigw:
                await apigw.create_api_key(name="over-the-socket")

        run(scenario)
        snapshot = server.snapshot()["apigateway"]["123456789012"]["us-east-1"]
        assert [k["name"] for k in snapshot["api_keys"]] == ["over-the-socket"]


def test_aiobotocore_imported_after_the_mock_started_is_caught() -> None:
    script = (
        "import asyncio, sys, mockgw\n"
        "m = mockgw.mock(); m.start()\n"
        "assert 'aiobotocore' not in sys.modules\n"
        "from aiobotocore.session import get_session\n"
        "async def main():\n"
        "    async with get_session().create_client('apigateway', region_name='eu-west-1') as c:\n"
        "        print((await c.create_api_key(name='late'))['name'])\n"
        "asyncio.run(main())\n"
        "m.stop()\n"
        "import aiobotocore.endpoint as e\n"
        "print(e.AioEndpoint._send.__qualname__, e.__spec__.loader.__class__.__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["late", "AioEndpoint._send", "SourceFileLoader"]


# ---------------------------------------------------------------------------- bodies


def test_streaming_bodies_read_like_the_network() -> None:
    """Operations with a streaming output (GetExport, GetSdk, GetIntrospectionSchema) read the
    answer through botocore's and aiobotocore's streaming bodies."""
    answer = WireResponse(200, {"Content-Type": "application/octet-stream"}, b"0123456789")
    sync = to_aws_response("https://x", answer)
    assert StreamingBody(sync.raw, 10).read(4) == b"0123"
    assert list(StreamingBody(to_aws_response("https://x", answer).raw, 10).iter_chunks(6)) == [
        b"012345",
        b"6789",
    ]

    async def read_async() -> list[bytes]:
        body = AioStreamingBody(_aio_response("https://x", answer).raw, 10)
        first = await body.read(3)
        return [first, await body.read()]

    assert asyncio.run(read_async()) == [b"012", b"3456789"]


def test_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert "Dev API Key" in run_example("async_client.py", capsys)
