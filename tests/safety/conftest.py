"""Fixtures of the safety suite: the environments to survive and the escape recorder."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import botocore.httpsession
import pytest
import requests
from botocore.exceptions import EndpointConnectionError

from tests.safety.helpers import ENVIRONMENTS, Environment, Escapes, apply, build


@pytest.fixture(params=ENVIRONMENTS)
def environment(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Environment:
    """Each test using it runs twice: in the bare and in the hostile environment."""
    env = build(request.param, tmp_path)
    apply(env, monkeypatch)
    return env


@pytest.fixture
def bare(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Environment:
    env = build("bare", tmp_path)
    apply(env, monkeypatch)
    return env


@pytest.fixture
def escapes(monkeypatch: pytest.MonkeyPatch) -> Iterator[Escapes]:
    """Every network attempt during the test, refused and recorded. The test asserts it is
    empty; the fixture checks again at teardown (after decorated generators closed)."""
    seen = Escapes()

    def connect(sock: socket.socket, address: Any) -> None:
        seen.record(seen.connections, address)

    def botocore_send(session: Any, request: Any) -> Any:
        # what botocore raises when the network is down (its metadata lookups expect it)
        down = EndpointConnectionError(endpoint_url=request.url, error="network blocked")
        seen.record(seen.botocore, request.url, down)

    def requests_send(adapter: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        seen.record(seen.requests, request.url)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    monkeypatch.setattr(botocore.httpsession.URLLib3Session, "send", botocore_send)
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", requests_send)
    yield seen
    assert not seen, seen
