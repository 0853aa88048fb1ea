"""The mocked services. Each is imported on first use, keeping ``import mockgw`` cheap."""

from __future__ import annotations

import importlib
import threading

from mockgw.services._base import ServiceDefinition

SERVICES = ("apigateway", "appsync")

_lock = threading.Lock()
_definitions: dict[str, ServiceDefinition] = {}


def definition(service: str) -> ServiceDefinition:
    found = _definitions.get(service)
    if found is not None:
        return found
    with _lock:
        found = _definitions.get(service)
        if found is None:
            module = importlib.import_module(f"mockgw.services.{service}")
            found = _definitions[service] = module.DEFINITION
        return found
