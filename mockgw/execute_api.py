"""Calls to deployed REST API stages: API keys enforced, usage plans metered, MOCK answered.

While a mock covering API Gateway is active, a request to
``https://{restApiId}.execute-api.{region}.amazonaws.com/{stage}/{path}`` (through `requests`, or
botocore) is answered here, and so is the server's equivalent (see :func:`serve`). This is not a
botocore service, so nothing here goes through the model: one call is

1. **route**: the REST API (in any account of the host's region), the stage, the resource tree
   the stage's deployment froze (literal segments beat ``{param}``, which beats ``{proxy+}``;
   a greedy parameter takes one segment or more), then the method, or ``ANY``, of that one
   resource (a matching resource without the method is not passed over for a ``{proxy+}``
   higher up: mockgw's choice). No match: 403
   ``{"message":"Missing Authentication Token"}``, as API Gateway hides which paths exist.
2. **key** (only for a method with ``apiKeyRequired``): ``x-api-key`` must be the value of an
   existing, enabled API key that is in a usage plan holding this API stage; otherwise 403
   ``{"message":"Forbidden"}`` (gateway response INVALID_API_KEY).
3. **throttle**: a token bucket per key and plan (per key, plan and method when the plan's API
   stage has a throttle for ``{resourcePath}/{httpMethod}``), ``burstLimit`` tokens deep, refilled
   at ``rateLimit`` per second of :mod:`mockgw.clock` time. Empty: 429
   ``{"message":"Too Many Requests"}`` (THROTTLED).
4. **quota**: per key and plan, per UTC DAY, WEEK or MONTH period (see
   :mod:`mockgw.services.apigateway.usage`). Used up: 429 ``{"message":"Limit Exceeded"}``
   (QUOTA_EXCEEDED).
5. **count** the call on the plan (per key, per UTC day), then **answer**: a response the test
   registered with ``Mock.respond``, else the MOCK integration's (below).

A MOCK integration answers the status code its request template names (``{"statusCode": 404}``;
200 when it names none), through the integration response whose ``selectionPattern`` matches
that code (else the default one, with no pattern): its status, its ``application/json``
response template as the body (``$context.requestId``, ``.stage``, ``.httpMethod``,
``.resourcePath``, ``.path``, ``.apiId``, ``.identity.apiKey`` and ``.identity.apiKeyId`` are
filled in; nothing else of VTL is evaluated) and the static values of its
``method.response.header.*`` parameters. An HTTP, AWS or proxy integration is never called: with
no registered response the call gets 500 ``{"message": "Internal server error"}`` and an
``x-mockgw-reason`` header saying so. Every error answer carries ``x-mockgw-reason`` (mockgw's
own header, not AWS's) explaining which rule refused the call.

Chosen where AWS's behaviour is not recorded: an unknown REST API id gets 403 Forbidden; the
throttle is checked before the quota (a throttled call costs no quota); a plan throttle with
``rateLimit`` 0 does not throttle, and with ``burstLimit`` 0 holds ``max(1, ceil(rateLimit))``
tokens; the API's ``apiKeySource`` is not consulted (the key is always read from ``x-api-key``);
the account-level throttle (10,000 rps) and legacy ``stageKeys`` are not modelled.
"""

from __future__ import annotations

import json
import math
import re
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from mockgw import clock, ids
from mockgw.services.apigateway import usage
from mockgw.services.apigateway.rest_api_models import Deployment, Method, Resource
from mockgw.services.apigateway.state import ApiGatewayState, ApiKey, UsagePlan
from mockgw.state import Backend, World
from mockgw.wire.restjson import WireResponse

__all__ = ["USER_REQUEST", "answer", "gateway", "invoke", "serve", "target_of_host"]

#: The server's path form (LocalStack's): ``/restapis/{id}/{stage}/_user_request_/{path}``.
USER_REQUEST = "_user_request_"

_REGION = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-\d+$")
_STATUS_CODE = re.compile(r'"?statusCode"?\s*:\s*"?([0-9]{3})')
_CONTEXT = re.compile(r"\$\{context\.([\w.]+)\}|\$context\.([A-Za-z]\w*(?:\.[A-Za-z]\w*)*)")
_HEADER_PARAMETER = "method.response.header."


# --------------------------------------------------------------------------- registry per world


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class Registered:
    """A response a test registered for a method and path (``Mock.respond``)."""

    status: int
    body: bytes
    headers: dict[str, str]


@dataclass
class Gateway:
    """What the execute-api door keeps for one world besides the backends' state: throttle
    buckets (transient, never part of a snapshot) and the responses tests registered."""

    buckets: dict[tuple[str, ...], _Bucket] = field(default_factory=dict)
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
        key = (rest_api_id, stage, method.upper(), _normal_path(path))
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


_gateways: weakref.WeakKeyDictionary[World, Gateway] = weakref.WeakKeyDictionary()
_gateways_lock = threading.Lock()


def gateway(world: World) -> Gateway:
    """The execute-api door's own state for ``world`` (dropped with the world)."""
    found = _gateways.get(world)
    if found is None:
        with _gateways_lock:
            found = _gateways.get(world)
            if found is None:
                found = _gateways[world] = Gateway()
    return found


def _normal_path(path: str) -> str:
    segments = [s for s in path.split("/") if s]
    return "/" + "/".join(segments)


# --------------------------------------------------------------------------- front doors


def target_of_host(host: str) -> tuple[str, str | None] | None:
    """``(restApiId, region or None)`` for ``{id}.execute-api.{region}.amazonaws.com`` or
    ``{id}.execute-api.localhost[:port]``; None for any other host."""
    labels = host.rpartition("@")[2].split(":", 1)[0].lower().split(".")
    if len(labels) < 3 or labels[1] != "execute-api" or not labels[0]:
        return None
    region = labels[2] if _REGION.match(labels[2]) else None
    return labels[0], region


def answer(
    world: World, method: str, url: str, headers: Mapping[str, str], body: bytes
) -> WireResponse:
    """Answer a request to an AWS execute-api URL (the in-process doors)."""
    parts = urlsplit(url)
    target = target_of_host(parts.netloc)
    if target is None:  # the controller only sends execute-api hosts here
        return _error(403, "Forbidden", "ForbiddenException", f"{url} is not an execute-api URL")
    api_id, region = target
    return invoke(world, api_id, region, method, parts.path, headers)


def serve(world: World, method: str, path: str, headers: Mapping[str, str]) -> WireResponse | None:
    """The server's execute-api routes, or None when ``path``/``Host`` is not one of them:
    ``/restapis/{restApiId}/{stage}/_user_request_/{path}``, or any path on a host
    ``{restApiId}.execute-api.localhost[:port]`` (or the AWS host name)."""
    if path.startswith("/restapis/"):
        parts = path.split("/", 5)  # "", "restapis", id, stage, "_user_request_", rest
        if len(parts) >= 5 and parts[4] == USER_REQUEST and parts[2] and parts[3]:
            rest = parts[5] if len(parts) > 5 else ""
            return invoke(world, parts[2], None, method, f"/{parts[3]}/{rest}", headers)
    target = target_of_host(headers.get("host", ""))
    if target is not None:
        return invoke(world, target[0], target[1], method, path, headers)
    return None


# --------------------------------------------------------------------------- one call


def _find(world: World, api_id: str, region: str | None) -> Backend | None:
    for backend in world.backends():
        if backend.service != "apigateway" or (region is not None and backend.region != region):
            continue
        if api_id in backend.state.rest_apis:
            return backend
    return None


def invoke(
    world: World,
    api_id: str,
    region: str | None,
    method: str,
    path: str,
    headers: Mapping[str, str],
) -> WireResponse:
    """Answer one call to ``/{stage}/{path}`` of REST API ``api_id`` (``region`` None: any)."""
    backend = _find(world, api_id, region)
    if backend is None:
        where = f"region {region}" if region else "any region"
        return _error(
            403, "Forbidden", "ForbiddenException", f"no REST API {api_id} exists in {where}"
        )
    with backend.lock:
        return _Call(gateway(world), backend, api_id, method.upper(), path, headers).run()


class _Call:
    def __init__(
        self,
        door: Gateway,
        backend: Backend,
        api_id: str,
        method: str,
        path: str,
        headers: Mapping[str, str],
    ) -> None:
        self.door = door
        self.backend = backend
        self.state: ApiGatewayState = backend.state
        self.api_id = api_id
        self.method = method
        self.headers = headers
        segments = [unquote(s) for s in path.split("/") if s]
        self.stage = segments[0] if segments else ""
        self.segments = segments[1:]
        self.path = "/" + "/".join(self.segments)
        self.request_id = ids.request_id()
        self.key: ApiKey | None = None

    def run(self) -> WireResponse:
        api = self.state.rest_apis.get(self.api_id)
        assert api is not None
        if api.disable_execute_api_endpoint:
            return self.error(
                403, "Forbidden", "ForbiddenException", "the default endpoint is disabled"
            )
        deployment = api.deployed(self.stage) if self.stage else None
        if deployment is None:
            return self.missing_token(f"REST API {self.api_id} has no stage {self.stage!r}")
        resource = _match(deployment, self.segments)
        if resource is None:
            return self.missing_token(
                f"no resource of stage {self.stage!r} matches {self.path} (deploy the API "
                "again after changing it: a stage serves what its deployment froze)"
            )
        method = resource.methods.get(self.method) or resource.methods.get("ANY")
        if method is None:
            return self.missing_token(f"resource {resource.path} has no {self.method} or ANY")
        if method.api_key_required:
            refused = self.meter(resource, method)
            if refused is not None:
                return refused
        return self.integrate(resource, method)

    # -- key, throttle, quota, count
    def meter(self, resource: Resource, method: Method) -> WireResponse | None:
        value = self.headers.get("x-api-key")
        if not value:
            return self.forbidden("the method requires an API key and no x-api-key was sent")
        key_id = self.state.key_values.get(value)
        key = self.state.api_keys.get(key_id) if key_id is not None else None
        if key is None:
            return self.forbidden("x-api-key is not the value of any API key")
        if not key.enabled:
            return self.forbidden(f"API key {key.id} is disabled")
        found = self._plan(key)
        if found is None:
            return self.forbidden(
                f"API key {key.id} is in no usage plan with API stage {self.api_id}:{self.stage}"
            )
        plan, api_stage = found
        self.key = key
        now = clock.now()
        if not self._take_token(plan, api_stage, key, resource.path, method, now):
            return self.error(
                429,
                "Too Many Requests",
                "TooManyRequestsException",
                f"usage plan {plan.id} throttles API key {key.id}",
            )
        today = clock.today()
        if plan.quota is not None and usage.unclamped_remaining(plan, key.id, today) < 1:
            return self.error(
                429,
                "Limit Exceeded",
                "LimitExceededException",
                f"API key {key.id} used its {plan.quota['period']} quota in usage plan {plan.id}",
            )
        usage.count_call(plan, key.id, today)
        return None

    def _plan(self, key: ApiKey) -> tuple[UsagePlan, dict[str, Any]] | None:
        for plan in self.state.usage_plans.values():
            if key.id not in plan.key_ids:
                continue
            for entry in plan.api_stages:
                if entry["apiId"] == self.api_id and entry["stage"] == self.stage:
                    return plan, entry
        return None

    def _take_token(
        self,
        plan: UsagePlan,
        api_stage: dict[str, Any],
        key: ApiKey,
        resource_path: str,
        method: Method,
        now: float,
    ) -> bool:
        throttles: Mapping[str, Mapping[str, Any]] = api_stage.get("throttle") or {}
        per_method: Mapping[str, Any] | None = None
        for verb in (self.method, method.http_method, "*"):
            method_key = f"{resource_path}/{verb}"
            per_method = throttles.get(method_key)
            if per_method is not None:
                break
        base: tuple[str, ...] = (self.backend.account_id, self.backend.region, plan.id, key.id)
        bucket_key: tuple[str, ...]
        settings: Mapping[str, Any] | None
        if per_method is not None:
            settings = per_method
            bucket_key = (*base, self.api_id, self.stage, method_key)
        else:
            settings = plan.throttle
            bucket_key = base
        if settings is None or not settings.get("rateLimit"):
            return True
        rate = float(settings["rateLimit"])
        capacity = float(settings.get("burstLimit") or max(1, math.ceil(rate)))
        bucket = self.door.buckets.get(bucket_key)
        if bucket is None:
            bucket = self.door.buckets[bucket_key] = _Bucket(capacity, now)
        elapsed = max(0.0, now - bucket.updated)
        bucket.tokens = min(capacity, bucket.tokens + elapsed * rate)
        bucket.updated = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    # -- the answer
    def integrate(self, resource: Resource, method: Method) -> WireResponse:
        paths = (self.path, resource.path) if resource.path != self.path else (self.path,)
        registered = self.door.registered(self.api_id, self.stage, self.method, paths)
        if registered is not None:
            headers = {**registered.headers, "x-amzn-RequestId": self.request_id}
            return WireResponse(registered.status, headers, registered.body)
        integration = method.integration
        where = f"{method.http_method} {resource.path}"
        if integration is None:
            return self.internal_error(f"{where} has no integration")
        if integration.type != "MOCK":
            return self.internal_error(
                f"{where} has a {integration.type} integration, which mockgw does not call; "
                "register its answer with Mock.respond(rest_api_id, method, path, ...)"
            )
        content_type = self.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        templates = integration.request_templates or {}
        template = templates.get(content_type or "application/json")
        if template is None:
            template = templates.get("application/json")
        found = _STATUS_CODE.search(template or "")
        status_code = found.group(1) if found else "200"
        chosen = None
        for response in integration.responses.values():
            pattern = response.selection_pattern
            if pattern and re.fullmatch(pattern, status_code):
                chosen = response
                break
            if not pattern and chosen is None:
                chosen = response
        if chosen is None:
            return self.internal_error(
                f"the MOCK integration of {where} answered {status_code}, and no integration "
                "response matches it and there is no default one (empty selectionPattern)"
            )
        response_templates = chosen.response_templates or {}
        text = response_templates.get("application/json")
        if text is None and response_templates:
            text = next((t for t in response_templates.values() if t is not None), None)
        body = self.fill(text or "", resource).encode()
        headers = {"Content-Type": "application/json", "x-amzn-RequestId": self.request_id}
        for name, value in (chosen.response_parameters or {}).items():
            if (
                name.startswith(_HEADER_PARAMETER)
                and len(value) >= 2
                and value[0] == "'" == value[-1]
            ):
                headers[name[len(_HEADER_PARAMETER) :]] = value[1:-1]
        return WireResponse(int(chosen.status_code), headers, body)

    def fill(self, template: str, resource: Resource) -> str:
        """The few ``$context`` variables mockgw knows, substituted in ``template``."""
        if "$" not in template:
            return template
        known = {
            "requestId": self.request_id,
            "stage": self.stage,
            "httpMethod": self.method,
            "resourcePath": resource.path,
            "path": f"/{self.stage}{self.path}",
            "apiId": self.api_id,
            "identity.apiKey": self.key.value if self.key else "",
            "identity.apiKeyId": self.key.id if self.key else "",
        }

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1) or match.group(2)
            return known.get(name, match.group(0))

        return _CONTEXT.sub(substitute, template)

    # -- errors
    def error(self, status: int, message: str, code: str, reason: str) -> WireResponse:
        return _error(status, message, code, reason, self.request_id)

    def forbidden(self, reason: str) -> WireResponse:
        return self.error(403, "Forbidden", "ForbiddenException", reason)

    def missing_token(self, reason: str) -> WireResponse:
        return self.error(
            403, "Missing Authentication Token", "IncompleteSignatureException", reason
        )

    def internal_error(self, reason: str) -> WireResponse:
        return self.error(500, "Internal server error", "InternalServerErrorException", reason)


def _error(
    status: int, message: str, code: str, reason: str, request_id: str | None = None
) -> WireResponse:
    headers = {
        "Content-Type": "application/json",
        "x-amzn-RequestId": request_id or ids.request_id(),
        "x-amzn-ErrorType": code,
        "x-mockgw-reason": reason,
    }
    body = json.dumps({"message": message}, separators=(",", ":")).encode()
    return WireResponse(status, headers, body)


def _match(deployment: Deployment, segments: list[str]) -> Resource | None:
    """The most specific resource of ``deployment`` for ``segments``: at each level a literal
    path part first, then ``{param}``, then ``{proxy+}`` (which takes the rest)."""
    children: dict[str, list[Resource]] = {}
    root: Resource | None = None
    for resource in deployment.resources.values():
        if resource.parent_id is None:
            root = resource
        else:
            children.setdefault(resource.parent_id, []).append(resource)
    if root is None:
        return None

    def walk(node: Resource, index: int) -> Resource | None:
        if index == len(segments):
            return node
        kids = children.get(node.id, [])
        segment = segments[index]
        for kid in kids:
            if kid.path_part == segment:
                found = walk(kid, index + 1)
                if found is not None:
                    return found
        for kid in kids:
            part = kid.path_part or ""
            if part.startswith("{") and part.endswith("}") and not part.endswith("+}"):
                found = walk(kid, index + 1)
                if found is not None:
                    return found
        for kid in kids:
            if (kid.path_part or "").endswith("+}"):
                return kid
        return None

    return walk(root, 0)
