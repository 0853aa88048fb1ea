"""The one dispatcher every front door shares: an HTTP request in, an AWS answer out.

It knows no operation by name: the route comes from the model (``wire.router``), the input from
the input shape (``wire.restjson``), the handler from the service's operation table, and the
state from the world, keyed by the account and region the request was signed for.

With a journal (``World.journal``, ``mockgw server --state``), a call to an operation that may
write (any HTTP method but GET and HEAD) runs on a recording tape (:mod:`mockgw.tape`), is
appended to the journal under the backend's lock, right after its handler, and is answered only
once the journal says it is durable. A call the handler refused with an AWS error changed
nothing and is not recorded. In-process the journal is None and costs one attribute load.
"""

from __future__ import annotations

import re
from collections.abc import ItemsView, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from mockgw import tape
from mockgw.calls import log_refusal
from mockgw.errors import ServiceError, UnsupportedOperationError
from mockgw.services import DATA_PLANE_PREFIXES, SERVICES, definition
from mockgw.state import DEFAULT_ACCOUNT, DEFAULT_REGION, Backend, Journal, World
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


class RequestHeaders(Mapping[str, str]):
    """A request's headers as the dispatcher reads them: lower-case names, ``str`` values.

    It wraps a case-insensitive mapping (botocore's ``HeadersDict``, ``requests``'
    ``CaseInsensitiveDict``) instead of copying it: a request reads one or two headers (the
    signature, now and then a modeled header member), so each is looked up and decoded only when
    read. Iterating lowers and decodes them all, once.
    """

    __slots__ = ("_all", "_raw")

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._raw = raw
        self._all: dict[str, str] | None = None

    def __getitem__(self, name: str) -> str:
        value = self._raw[name]
        return value.decode("latin-1") if isinstance(value, bytes) else value

    def get(self, name: str, default: Any = None) -> Any:
        try:
            value = self._raw[name]
        except KeyError:
            return default
        return value.decode("latin-1") if isinstance(value, bytes) else value

    def __contains__(self, name: object) -> bool:
        return name in self._raw

    def _lowered(self) -> dict[str, str]:
        if self._all is None:
            self._all = {
                k.lower(): v.decode("latin-1") if isinstance(v, bytes) else v
                for k, v in self._raw.items()
            }
        return self._all

    def __iter__(self) -> Iterator[str]:
        return iter(self._lowered())

    def __len__(self) -> int:
        return len(self._raw)

    def items(self) -> ItemsView[str, str]:
        return self._lowered().items()


#: Small memo tables for the per-request questions about a host and a signature. They are
#: pure functions of their keys; each table stops growing at _MEMO_LIMIT entries.
_MEMO_LIMIT = 4096
_aws_hosts: dict[str, bool] = {}
_host_services: dict[str, str] = {}
_callers: dict[tuple[str, str | None], Caller] = {}
_SCOPE_TOKEN = re.compile(r"Credential=[^,\s]*")


def is_aws_host(host: str) -> bool:
    found = _aws_hosts.get(host)
    if found is None:
        bare = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        found = bare.endswith(AWS_DOMAINS)
        if len(_aws_hosts) < _MEMO_LIMIT:
            _aws_hosts[host] = found
    return found


def aws_service_of_host(host: str) -> str:
    """The endpoint prefix of an AWS host: ``apigateway.us-east-1.amazonaws.com`` -> apigateway."""
    found = _host_services.get(host)
    if found is None:
        labels = host.split(":", 1)[0].split(".")
        if len(labels) > 2 and labels[1] in DATA_PLANE_PREFIXES:
            found = labels[1]  # a data-plane host: {id}.execute-api.{region}.amazonaws.com
        else:
            first = labels[0]
            found = first[:-5] if first.endswith("-fips") else first
        if len(_host_services) < _MEMO_LIMIT:
            _host_services[host] = found
    return found


def identify(headers: Mapping[str, str], host: str | None = None) -> Caller:
    """Account, region and service from the SigV4 scope, falling back to the host name.

    The answer depends only on the host and on the first ``Credential=`` token of the
    ``authorization`` header when the scope pattern matches that token (the pattern cannot
    cross a comma or white space), so it is memoized on those two: a client's requests share
    one token until the date in its scope changes.
    """
    authorization = headers.get("authorization", "")
    start = authorization.find("Credential=")
    if start < 0:
        token = ""
    else:
        end = authorization.find(",", start)
        token = authorization[start:] if end < 0 else authorization[start:end]
        if len(token.split()) != 1:  # white space inside: let the pattern find where it ends
            found_token = _SCOPE_TOKEN.search(authorization)
            token = found_token.group() if found_token is not None else ""
    found = _callers.get((token, host))
    if found is not None:
        return found
    caller, matched_at = _identify(authorization, host)
    cacheable = matched_at is None if start < 0 else matched_at == start
    if cacheable and len(_callers) < _MEMO_LIMIT:
        _callers[(token, host)] = caller
    return caller


def _identify(authorization: str, host: str | None) -> tuple[Caller, int | None]:
    service = aws_service_of_host(host) if host else None
    region = None
    account = DEFAULT_ACCOUNT
    found = _CREDENTIAL.search(authorization)
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
    return Caller(service, region or DEFAULT_REGION, account), found.start() if found else None


def _unsupported(service: str, operation: str, handlers: Mapping[str, Any]) -> str:
    from botocore import xform_name

    return (
        f"mockgw does not implement {service}.{operation} (client.{xform_name(operation)}()) "
        f"yet, so nothing answered it, and it was never sent to AWS. "
        f"mockgw.supported_operations()[{service!r}] lists the {len(handlers)} {service} "
        f"operations mockgw answers (README: Supported operations)."
    )


class Dispatcher:
    def __init__(self, world: World) -> None:
        self.world = world
        #: service -> (its spec, its live handler table), looked up once per service
        self._services: dict[str, tuple[model.ServiceSpec, Mapping[str, Any]]] = {}

    def dispatch(
        self,
        caller: Caller,
        method: str,
        raw_path: str,
        query_string: str,
        headers: Mapping[str, str],
        body: bytes,
        door: str = "botocore",
    ) -> WireResponse:
        """Answer one request for ``caller.service``. ``headers`` must have lower-case keys.
        ``door`` (botocore, requests, server) is recorded with the call (``world.calls``)."""
        service = caller.service or ""
        found = self._services.get(service)
        if found is None:
            if service not in SERVICES:
                message = (
                    f"mockgw does not mock the {caller.service!r} service; it mocks "
                    f"{list(SERVICES)}"
                )
                log_refusal(message)
                raise UnsupportedOperationError(message)
            found = (model.spec(service), definition(service).handlers)
            self._services[service] = found
        spec, handlers = found
        query = parse_qs(query_string, keep_blank_values=True) if query_string else {}
        match = spec.router.match(method, raw_path, query)
        if match is None:
            answer = serialize_error(
                spec,
                ServiceError(
                    "NotFoundException", f"No {service} operation matches {method} {raw_path}"
                ),
            )
            self._record(door, caller, method, raw_path, None, answer, None)
            return answer
        # the parameters, parsed again only if a test reads the recorded call (mockgw.calls)
        source = (spec, match.operation, match.uri_params, query, headers, body)
        faults = self.world.faults
        if faults is not None:  # ---- faults: only while a test injected some (mockgw.faults)
            injected = faults.apply(service, match.operation, caller.region)
            if injected is not None:
                answer = serialize_error(spec, injected)
                self._record(door, caller, method, raw_path, match.operation, answer, source)
                return answer
        handler = handlers.get(match.operation)
        if handler is None:
            message = _unsupported(service, match.operation, handlers)
            log_refusal(message)
            raise UnsupportedOperationError(message)
        operation = spec.operation(match.operation)
        backend = self.world.backend(service, caller.account_id, caller.region)
        try:
            params = parse_request(spec, operation, match.uri_params, query, headers, body)
            journal = self.world.journal
            if journal is None or operation.http["method"] in _READS:
                with backend.lock:
                    result = handler(backend.state, params)
            else:
                seq, result = self._journaled(
                    journal, backend, handler, params, operation,
                    match.uri_params, query, headers, body,
                )  # fmt: skip
                journal.commit(seq)
        except ServiceError as error:
            answer = serialize_error(spec, error)
        else:
            answer = serialize_response(operation, result)
        self.world.calls.add(
            door,
            service,
            match.operation,
            caller.account_id,
            caller.region,
            method,
            raw_path,
            answer,
            source,
        )
        return answer

    def _record(
        self,
        door: str,
        caller: Caller,
        method: str,
        path: str,
        operation: str | None,
        answer: WireResponse,
        source: Any,
    ) -> None:
        self.world.calls.add(
            door,
            caller.service or "",
            operation,
            caller.account_id,
            caller.region,
            method,
            path,
            answer,
            source,
        )

    def _journaled(
        self,
        journal: Journal,
        backend: Backend,
        handler: Any,
        params: Any,
        operation: Any,
        uri: Mapping[str, str],
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> tuple[int, Any]:
        """Run ``handler`` on a recording tape and append it to the journal, under the
        backend's lock: (the record's sequence number, the handler's result)."""
        while True:
            with backend.lock:
                if backend.retired:  # a reset or restore swapped it out while we waited
                    backend = self.world.backend(
                        backend.service, backend.account_id, backend.region
                    )
                    continue
                recorded = tape.record()
                try:
                    result = handler(backend.state, params)
                except ServiceError:
                    raise  # refused: it changed nothing, so there is nothing to record
                except BaseException:  # a bug: record it, so replay fails the same way
                    tape.stop()
                    journal.commit(
                        journal.operation(backend, operation, uri, query, headers, body, recorded)
                    )
                    raise
                finally:
                    tape.stop()
                seq = journal.operation(backend, operation, uri, query, headers, body, recorded)
            return seq, result


#: HTTP methods of the operations that only read (never journaled).
_READS = frozenset(("GET", "HEAD"))
