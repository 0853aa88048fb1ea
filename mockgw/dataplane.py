"""Calls to the APIs users build (API Gateway's deployed stages), as every door sees them.

A service's data plane (:class:`~mockgw.services._shared.endpoints.DataPlane`) says which hosts
and paths are its own and answers a call once given the backend that holds the API. This module
is the one table every door asks: the in-process doors with a URL (:func:`answer_url`), the
server with a path and its ``Host`` header (:func:`serve`). The backend is found through the
world's directory, in one lookup, whatever the number of accounts and regions.

Besides its own AWS hosts, a plane answers the custom host names its service publishes in the
world's directory (``DataPlane.custom_hosts``: API Gateway's custom domain names), matched
case-insensitively, without the port, exactly or through a ``*.`` wildcard name, for as long as
they are published; :func:`custom_host_owner` tells the in-process doors which service that is.

With a journal (``mockgw server --state``), the changes a call makes to the state (API
Gateway's usage metering) are noted by the plane on a recording tape (:mod:`mockgw.tape`),
appended under the backend's lock, and made durable before the call is answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from mockgw import tape
from mockgw.calls import INVOKE
from mockgw.services import CUSTOM_HOSTS, DATA_PLANE_PREFIXES, SERVICES, definition
from mockgw.services._shared.endpoints import Target
from mockgw.state import World
from mockgw.wire.restjson import WireResponse


def owner_of_prefix(prefix: str) -> str | None:
    """The service whose data plane answers hosts with this endpoint prefix."""
    return DATA_PLANE_PREFIXES.get(prefix)


def custom_host_owner(world: World, services: Iterable[str], host: str) -> str | None:
    """The one of ``services`` whose data plane answers calls to ``host`` (not an AWS host) in
    ``world``: a custom host name it published there; None for any other host."""
    if not host:
        return None
    for kind, service in CUSTOM_HOSTS.items():
        if service in services and _published(world, kind, host) is not None:
            return service
    return None


def _published(world: World, kind: str, host: str) -> str | None:
    """The name ``host`` is published under as ``kind``: itself, or the wildcard name of its
    parent domain (``*.example.com`` for ``api.example.com``); None when neither is."""
    name = host.rpartition("@")[2]
    if name.startswith("["):  # an IPv6 literal is never a custom domain name
        return None
    name = name.split(":", 1)[0].rstrip(".").lower()
    if world.directory.locate(kind, name) is not None:
        return name
    parent = name.partition(".")[2]
    if parent and world.directory.locate(kind, f"*.{parent}") is not None:
        return f"*.{parent}"
    return None


def answer_url(
    world: World,
    service: str,
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    door: str = "requests",
) -> WireResponse | None:
    """Answer a call to ``url`` with ``service``'s data plane (None: not one of its URLs). The
    path a plane routes carries the query string when there is one (``/dev/pets?type=dog``): the
    plane takes it off before routing and reads it (API Gateway's request validators)."""
    parts = urlsplit(url)
    path = f"{parts.path}?{parts.query}" if parts.query else parts.path
    return _answer(world, service, parts.netloc, path, method, headers, body, door)


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
    if target is None and plane.custom_hosts is not None:
        name = _published(world, plane.custom_hosts, host)
        if name is not None:
            target = Target(plane.custom_hosts, name, None, path)
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
        answer = _answer_held(world, service, plane, target, where, method, headers, body)
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


def _answer_held(
    world: World,
    service: str,
    plane: Any,
    target: Target,
    where: tuple[str, str],
    method: str,
    headers: Mapping[str, str],
    body: bytes,
) -> WireResponse:
    """The plane's answer, under the lock of the backend ``where`` names; with a journal, the
    changes the call made are appended there and made durable before the answer."""
    backend = world.backend(service, *where)
    extras = world.extras(service)
    journal = world.journal
    if journal is None:
        with backend.lock:
            return plane.answer(backend.state, extras, target, method, headers, body)  # type: ignore[no-any-return]
    while True:
        with backend.lock:
            if backend.retired:  # a reset or restore swapped it out while we waited
                backend = world.backend(service, backend.account_id, backend.region)
                continue
            recorded = tape.record()
            try:
                answer: WireResponse = plane.answer(
                    backend.state, extras, target, method, headers, body
                )
            finally:
                tape.stop()
            seq = journal.effects(backend, recorded.effects) if recorded.effects else 0
        if seq:
            journal.commit(seq)
        return answer
