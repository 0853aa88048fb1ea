"""What a service's data plane (calls to the APIs users build, not to the service's control
plane) offers the core: which hosts and paths are its own, and how to answer a call once the
core has found the backend that holds the API. See :mod:`mockgw.dataplane`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from mockgw.wire.restjson import WireResponse


@dataclass(frozen=True)
class Target:
    """A data-plane call's target: the API (published in the world's directory under
    ``kind``/``name``), the region the host names (None: any), and the path left to route."""

    kind: str
    name: str
    region: str | None
    path: str


class DataPlane(Protocol):
    #: the endpoint prefixes of the service's data-plane hosts (``execute-api`` in
    #: ``{id}.execute-api.{region}.amazonaws.com``)
    prefixes: tuple[str, ...]
    #: the directory kind the service publishes the custom host names it answers under (API
    #: Gateway's custom domain names), or None: a call to a host published there is this
    #: plane's, with a :class:`Target` of that kind and name, for as long as it is published
    custom_hosts: str | None

    def route(self, host: str, path: str) -> Target | None:
        """The target of a call to ``host`` and ``path``, or None when it is not this plane's."""

    def refuse(self, target: Target) -> WireResponse:
        """The answer for a target no backend holds."""

    def answer(
        self,
        state: Any,
        extras: Any,
        target: Target,
        method: str,
        headers: Mapping[str, str],
        body: bytes,
    ) -> WireResponse:
        """Answer the call; the core holds the backend's lock."""

    def new_extras(self) -> Any:
        """What the plane keeps per world besides the backends (throttle buckets...)."""

    def replay(self, state: Any, change: list[Any]) -> None:
        """Make again a change to ``state`` that :meth:`answer` noted with
        ``mockgw.tape.effect`` (a journal replays these; the core holds the backend's lock).
        A plane whose calls change no state never notes one."""
