"""What the execute-api engine keeps for one world besides the backends' state: throttle
buckets (transient, never part of a snapshot) and the responses tests registered with
``Mock.respond``. The world holds one (``World.extras("apigateway")``) and drops it with itself.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Bucket:
    tokens: float
    updated: float


@dataclass
class Registered:
    """A response a test registered for a method and path (``Mock.respond``)."""

    status: int
    body: bytes
    headers: dict[str, str]


def normal_path(path: str) -> str:
    segments = [s for s in path.split("/") if s]
    return "/" + "/".join(segments)


@dataclass
class Gateway:
    buckets: dict[tuple[str, ...], Bucket] = field(default_factory=dict)
    responses: dict[tuple[str, str | None, str, str], Registered] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def respond(
        self,
        rest_api_id: str,
        method: str,
        path: str,
        *,
        status: int = 200,
        body: Any = "",
        headers: Mapping[str, str] | None = None,
        stage: str | None = None,
    ) -> None:
        if isinstance(body, (bytes, bytearray)):
            raw = bytes(body)
        elif isinstance(body, str):
            raw = body.encode()
        else:
            raw = json.dumps(body).encode()
        sent = {"Content-Type": "application/json", **(headers or {})}
        key = (rest_api_id, stage, method.upper(), normal_path(path))
        with self.lock:
            self.responses[key] = Registered(int(status), raw, sent)

    def registered(
        self, api_id: str, stage: str, method: str, paths: tuple[str, ...]
    ) -> Registered | None:
        with self.lock:
            if not self.responses:
                return None
            for path in paths:
                for verb in (method, "ANY"):
                    for on_stage in (stage, None):
                        found = self.responses.get((api_id, on_stage, verb, path))
                        if found is not None:
                            return found
        return None
