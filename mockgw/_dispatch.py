"""The one dispatcher every front door shares: an HTTP request in, an AWS answer out.

It knows no operation by name: the route comes from the model (``wire.router``), the input from
the input shape (``wire.restjson``), the handler from the service's operation table, and the
state from the world, keyed by the account and region the request was signed for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

from mockgw.errors import ServiceError, UnsupportedOperationError
from mockgw.services import SERVICES, definition
from mockgw.state import DEFAULT_ACCOUNT, DEFAULT_REGION, World
from mockgw.wire import model
from mockgw.wire.restjson import WireResponse, parse_request, serialize_error, serialize_response

#: Domains of AWS endpoints in every partition; a request to any of them never leaves a mock.
AWS_DOMAINS = (
    ".amazonaws.com",
    ".amazonaws.com.cn",
    ".api.aws",
    ".c2s.ic.gov",
    ".sc2s.sgov.gov",
    ".cloud.adc-e.uk",
    ".csp.hci.ic.gov",
)

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/,\s]+)/([^/,\s]+)/aws4_request")
_REGION = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-\d+$")


@dataclass(frozen=True)
class Caller:
    """Who a request is from and where it is going, as its signature (or host) says."""

    service: str | None
    region: str
    account_id: str


def is_aws_host(host: str) -> bool:
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return host.endswith(AWS_DOMAINS)


def aws_service_of_host(host: str) -> str:
    """The endpoint prefix of an AWS host: ``apigateway.us-east-1.amazonaws.com`` -> apigateway."""
    labels = host.split(":", 1)[0].split(".")
    if len(labels) > 2 and labels[1] == "execute-api":
        return "execute-api"
    first = labels[0]
    return first[:-5] if first.endswith("-fips") else first


def identify(headers: Mapping[str, str], host: str | None = None) -> Caller:
    """Account, region and service from the SigV4 scope, falling back to the host name."""
    service = aws_service_of_host(host) if host else None
    region = None
    account = DEFAULT_ACCOUNT
    found = _CREDENTIAL.search(headers.get("authorization", ""))
    if found:
        access_key, region, signed_service = found.groups()
        if access_key.isdigit() and len(access_key) == 12:
            account = access_key
        if service is None or host is None or not is_aws_host(host):
            service = signed_service
    if region is None and host:
        for label in host.split(":", 1)[0].split(".")[1:3]:
            if _REGION.match(label):
                region = label
                break
    return Caller(service, region or DEFAULT_REGION, account)


class Dispatcher:
    def __init__(self, world: World) -> None:
        self.world = world

    def dispatch(
        self,
        caller: Caller,
        method: str,
        raw_path: str,
        query_string: str,
        headers: Mapping[str, str],
        body: bytes,
    ) -> WireResponse:
        """Answer one request for ``caller.service``. ``headers`` must have lower-case keys."""
        service = caller.service
        if service not in SERVICES:
            raise UnsupportedOperationError(f"mockgw does not mock the {service!r} service")
        spec = model.spec(service)
        query = parse_qs(query_string, keep_blank_values=True) if query_string else {}
        match = spec.router.match(method, raw_path, query)
        if match is None:
            return serialize_error(
                spec,
                ServiceError(
                    "NotFoundException", f"No {service} operation matches {method} {raw_path}"
                ),
            )
        handler = definition(service).operations.handlers.get(match.operation)
        if handler is None:
            raise UnsupportedOperationError(
                f"mockgw does not implement {service}.{match.operation} yet "
                f"(region {caller.region}); see `mockgw.supported_operations()` for what it does"
            )
        operation = spec.operation(match.operation)
        backend = self.world.backend(service, caller.account_id, caller.region)
        try:
            params = parse_request(spec, operation, match.uri_params, query, headers, body)
            with backend.lock:
                result = handler(backend.state, params)
        except ServiceError as error:
            return serialize_error(spec, error)
        return serialize_response(operation, result)
