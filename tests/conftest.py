"""Suite-wide guards: no test may open a network connection except to loopback."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


class NetworkBlocked(RuntimeError):
    pass


def _allowed(sock: socket.socket, address: Any) -> bool:
    if sock.family == getattr(socket, "AF_UNIX", object()):
        return True
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(sock: socket.socket, address: Any) -> None:
    if not _allowed(sock, address):
        raise NetworkBlocked(f"test tried to connect to {address!r}; only loopback is allowed")
    _real_connect(sock, address)


def _guarded_connect_ex(sock: socket.socket, address: Any) -> int:
    if not _allowed(sock, address):
        raise NetworkBlocked(f"test tried to connect to {address!r}; only loopback is allowed")
    return _real_connect_ex(sock, address)


@pytest.fixture(autouse=True, scope="session")
def _block_network() -> Iterator[None]:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = _real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every socket connection attempted during the test (they are refused)."""
    attempts: list[Any] = []

    def record(sock: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise NetworkBlocked(f"connection to {address!r} during a mocked test")

    monkeypatch.setattr(socket.socket, "connect", record)
    return attempts
