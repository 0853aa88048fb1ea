"""Calls to the APIs users build (API Gateway's deployed stages), as every door sees them.

A service's data plane (:class:`~mockgw.services._shared.endpoints.DataPlane`) says which hosts
and paths are its own and answers a call once given the backend that holds the API. This module
is the one table every door asks: the in-process doors with a URL (:func:`answer_url`), the
server with a path and its ``Host`` header (:func:`serve`). The backend is found through the
world's directory, in one lookup, whatever the number of accounts and regions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from mockgw.calls import INVOKE
from mockgw.services import DATA_PLANE_PREFIXES, SERVICES, definition
from mockgw.services._shared.endpoints import Target
from mockgw.state import World
from mockgw.wire.restjson import WireResponse


def owner_of_prefix(prefix: str) -> str | None:
    """The service whose data plane answers hosts with this endpoint prefix."""
    return DATA_PLANE_PREFIXES.get(prefix)


def answer_url(
    world: World,
    service: str,
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    door: str = "requests",
) -> WireResponse | None:
    """Answer a call to ``url`` with ``service``'s data plane (None: not one of its URLs)."""
    parts = urlsplit(url)
    return _answer(world, service, parts.netloc, parts.path, method, headers, body, door)


def serve(
    world: World,
    method: str,
    path: str,
    headers: Mapping[str, str],
    body: bytes,
    services: Iterable[str] = SERVICES,
    door: str = "server",
) -> WireResponse | None:
    """The server's data-plane routes: the first of ``services`` whose plane claims the
    ``Host`` header and ``path``; None when none does."""
    host = headers.get("host", "")
    for service in services:
        answer = _answer(world, service, host, path, method, headers, body, door)
        if answer is not None:
            return answer
    return None


def _answer(
    world: World,
    service: str,
    host: str,
    path: str,
    method: str,
    headers: Mapping[str, str],
    body: bytes,
    door: str,
) -> WireResponse | None:
    plane = definition(service).data_plane
    if plane is None:
        return None
    target = plane.route(host, path)
    if target is None:
        return None
    return _call(world, service, target, method, headers, body, door, path)


def _call(
    world: World,
    service: str,
    target: Target,
    method: str,
    headers: Mapping[str, str],
    body: bytes,
    door: str,
    path: str,
) -> WireResponse:
    plane = definition(service).data_plane
    where = world.directory.locate(target.kind, target.name)
    if where is None or (target.region is not None and where[1] != target.region):
        answer: WireResponse = plane.refuse(target)
        account, region = "", target.region or ""
    else:
        backend = world.backend(service, *where)
        extras = world.extras(service)
        with backend.lock:
            answer = plane.answer(backend.state, extras, target, method, headers, body)
        account, region = where
    # ---- recorded calls (mockgw.calls), under the plane's own endpoint prefix
    prefix = plane.prefixes[0]

    def params() -> dict[str, Any]:
        return {
            "apiId": target.name,
            "httpMethod": method,
            "path": target.path,
            "headers": dict(headers.items()),
            "body": body,
        }

    world.calls.add(door, prefix, INVOKE, account, region, method, path, answer, params)
    return answer
