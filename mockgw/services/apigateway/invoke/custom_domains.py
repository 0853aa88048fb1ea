"""Calls through a custom domain name: ``https://{domain name}/{basePath}/{path}``.

The core finds the state that published the domain name (the world's directory, kind
``DOMAIN_NAME``: public custom domain names, while they exist); here its base path mappings
pick the REST API and stage:

- the mapping whose base path is the path's first segment takes the rest of the path; else the
  ``(none)`` mapping takes the whole path;
- a mapping without a stage takes the stage from the next segment.

The call is then the execute-api engine's (:func:`.call.run`): the route, the API key, usage
plan, throttle and quota, the usage counted, the MOCK or registered answer, exactly as through
the ``execute-api`` host. A path no mapping takes gets 403 ``{"message":"Forbidden"}``, AWS's
answer for it. The REST API's ``disableExecuteApiEndpoint`` does not apply: it closes the
default endpoint only (the reason to set it is to be called through a custom domain name).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import unquote

from mockgw.services.apigateway.invoke import responses
from mockgw.services.apigateway.invoke.call import run
from mockgw.services.apigateway.invoke.extras import Gateway
from mockgw.services.apigateway.invoke.request import Request
from mockgw.services.apigateway.records.domain_names import (
    NO_BASE_PATH,
    BasePathMapping,
    DomainName,
)
from mockgw.services.apigateway.state import ApiGatewayState
from mockgw.wire.restjson import WireResponse


def answer(
    state: ApiGatewayState,
    gateway: Gateway,
    name: str,
    method: str,
    path: str,
    headers: Mapping[str, str],
    body: bytes = b"",
) -> WireResponse:
    """Answer a call to custom domain name ``name`` (as published: lower case, or a
    ``*.`` wildcard) while the backend's lock is held."""
    path, mark, query = path.partition("?")
    domain = _public_domain(state, name)
    if domain is None:  # deleted between the directory lookup and the lock
        return responses.forbidden(f"no custom domain name {name}")
    found = _mapping(domain, path)
    if found is None:
        return responses.forbidden(
            f"no base path mapping of custom domain name {domain.domain_name} takes {path}"
        )
    mapping, rest = found
    if mapping.stage is not None:
        rest = f"/{mapping.stage}{rest}"
    call = Request.of(
        state,
        gateway,
        mapping.rest_api_id,
        method,
        rest + mark + query,
        headers,
        domain.domain_name,
        body,
    )
    return run(call)


def _public_domain(state: ApiGatewayState, name: str) -> DomainName | None:
    found = state.domain_names.get(name)
    if found is not None and not found.private:
        return found
    for domain in state.domain_names.values():  # a name created with upper-case letters
        if not domain.private and domain.domain_name.lower() == name:
            return domain
    return None


def _mapping(domain: DomainName, path: str) -> tuple[BasePathMapping, str] | None:
    """The mapping that takes ``path``, and the path left after its base path."""
    _, _, after = path.partition("/")
    first, slash, rest = after.partition("/")
    if first:
        mapping = domain.base_path_mappings.get(unquote(first))
        if mapping is not None:
            return mapping, slash + rest if rest else "/"
    mapping = domain.base_path_mappings.get(NO_BASE_PATH)
    return None if mapping is None else (mapping, path or "/")
