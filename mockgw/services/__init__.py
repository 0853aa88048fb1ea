"""The mocked services. Each is imported on first use, keeping ``import mockgw`` cheap.

``DATA_PLANE_PREFIXES`` names the endpoint prefixes of the services' data-plane hosts (calls to
the APIs users build): the doors ask it, without importing a service, whether an AWS host is one
a mock answers; ``CUSTOM_HOSTS`` which directory kinds name the other hosts a data plane answers
while the world holds them (custom domain names).
"""

from __future__ import annotations

import importlib
import threading

from mockgw.services._shared.operations import ServiceDefinition

SERVICES = ("apigateway", "appsync")

#: endpoint prefix of a data-plane host -> the service that answers it
DATA_PLANE_PREFIXES = {"execute-api": "apigateway", "appsync-api": "appsync"}
#: directory kind of the custom host names a data plane answers (not AWS hosts: the services'
#: custom domain names) -> the service that publishes them
CUSTOM_HOSTS = {"domainname": "apigateway", "appsync-domainname": "appsync"}

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
