"""Property-based attacks on every supported operation, through raw dispatch and through boto3.

For each operation mockgw answers (``mockgw.supported_operations()``), hypothesis builds
requests from botocore's own model of that operation: the right method and path with random
labels, query parameters and headers, and JSON bodies whose members are sometimes right,
sometimes wrong (types, enums, lengths, numbers, unknown ids, foreign ARNs, patch operations,
paging tokens), plus bodies of arbitrary bytes. A world holding one of everything (REST API,
stage, API keys, a usage plan with keys, an AppSync API with keys, paging tokens) gives the
generated ids a chance to name real resources, so success paths are exercised too.

Every answer must be one of:

* a success: the status the model gives the operation, and a body botocore parses with the
  operation's output shape;
* an error the operation's model lists (or the service's validation error), with a 4xx status,
  an ``x-amzn-ErrorType`` header and a JSON ``message`` -- and the state exactly as before.

Never an unhandled exception, never a 5xx. Raw requests with arbitrary methods, paths, queries
and bodies must also be answered (a 4xx) unless they name an operation mockgw does not
implement, which raises ``UnsupportedOperationError`` by design.

Examples per test: ``MOCKGW_FUZZ_EXAMPLES`` (default 12); runs are derandomized (reproducible
in CI) unless ``MOCKGW_FUZZ_RANDOM=1``.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import itertools
import json
import os
import re
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import boto3
import pytest
from botocore.awsrequest import HeadersDict
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.parsers import RestJSONParser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mockgw
from mockgw._dispatch import Caller, Dispatcher
from mockgw.errors import UnsupportedOperationError
from mockgw.services import definition
from mockgw.state import World
from mockgw.wire import model
from mockgw.wire.restjson import WireResponse

ACCOUNT, REGION = "123456789012", "us-east-1"
EXAMPLES = int(os.environ.get("MOCKGW_FUZZ_EXAMPLES", "12"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("MOCKGW_FUZZ_RANDOM"),
    suppress_health_check=list(HealthCheck),
)
OPERATIONS = [
    (service, operation)
    for service, operations in mockgw.supported_operations().items()
    for operation in operations
]
OPERATION_IDS = [f"{s}.{o}" for s, o in OPERATIONS]


# --------------------------------------------------------------------------- state dump


def plain(value: Any, seen: tuple[int, ...] = ()) -> Any:
    """Everything reachable from ``value`` as comparable data, private attributes included
    (a failed call must not even move a counter). Locks are left out; cycles are cut."""
    if value is None or isinstance(value, (str, bytes, int, bool)):
        return value
    if isinstance(value, float):
        return repr(value)  # so that a stored NaN equals itself
    if isinstance(value, (dt.datetime, dt.date)):
        return repr(value)
    if id(value) in seen:
        return "<cycle>"
    seen = (*seen, id(value))
    if isinstance(value, dict):
        return [(plain(k, seen), plain(v, seen)) for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [plain(v, seen) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(plain(v, seen)) for v in value)
    if isinstance(value, itertools.count):
        return repr(value)  # the next number it will hand out
    if isinstance(value, (type(threading.Lock()), type(threading.RLock()))):
        return "<lock>"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        extra = {k: v for k, v in getattr(value, "__dict__", {}).items() if k not in fields}
        return [type(value).__name__, plain({**fields, **extra}, seen)]
    if hasattr(value, "__dict__"):
        return [type(value).__name__, plain(vars(value), seen)]
    slots = getattr(type(value), "__slots__", None)
    if slots:
        return [type(value).__name__, plain({s: getattr(value, s, None) for s in slots}, seen)]
    return repr(value)


def dump(world: World) -> dict[tuple[str, str, str], Any]:
    """Every backend's state; a backend that only came into being empty does not count."""
    out = {}
    for backend in world.backends():
        with backend.lock:
            data = plain(backend.state)
        empty = plain(definition(backend.service).new_state(backend.account_id, backend.region))
        if data != empty:
            out[(backend.service, backend.account_id, backend.region)] = data
    return out


# --------------------------------------------------------------------------- a populated world


class Raw:
    """Raw requests to one world, as a front door would send them."""

    def __init__(self, world: World) -> None:
        self.dispatcher = Dispatcher(world)

    def __call__(
        self,
        service: str,
        method: str,
        path: str,
        body: Any = None,
        query: str = "",
        headers: dict[str, str] | None = None,
    ) -> WireResponse:
        data = (
            body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
        )
        caller = Caller(service, REGION, ACCOUNT)
        return self.dispatcher.dispatch(caller, method, path, query, headers or {}, data)

    def ok(self, service: str, method: str, path: str, body: Any = None, query: str = "") -> Any:
        answer = self(service, method, path, body, query)
        assert 200 <= answer.status < 300, (method, path, answer)
        return json.loads(answer.body) if answer.body else {}


@dataclasses.dataclass
class Populated:
    mock: mockgw.Mock
    raw: Raw
    #: member name -> the strings that name something real for it (ids, ARNs, tokens);
    #: "" -> all of them
    known: dict[str, list[str]]


PATCH_PATHS = [
    "/name", "/description", "/enabled", "/customerId", "/stages", "/apiStages", "/quota",
    "/throttle", "/productCode", "/quota/limit", "/quota/offset", "/quota/period",
    "/throttle/rateLimit", "/throttle/burstLimit", "/tags/t", "/variables/v",
    "/cacheClusterEnabled", "/cacheClusterSize", "/tracingEnabled", "/deploymentId",
    "/*/*/logging/loglevel", "/*/*/throttling/rateLimit", "/pathPart", "/policy",
    "/endpointConfiguration/types/0", "/apiKeySource", "/minimumCompressionSize",
    "/binaryMediaTypes/image~1png", "/disableExecuteApiEndpoint",
]  # fmt: skip
JUNK = [
    "", " ", "a", "-1", "0", "1", "25", "500", "501", "9" * 25, "1.5", "true", "false", "null",
    "API_KEY", "AWS_IAM", "DAY", "WEEK", "MONTH", "NONE", "GET", "MOCK", "prod", "dev", "..",
    "/", "%", "%2F", "a/b", "a:b", "ünïcödé", "\x00", "\u2028", "x" * 1025, "<script>",
    "arn:aws:apigateway:us-east-1::/", "arn:aws:appsync:us-east-1:123456789012:apis/nope",
    "arn:aws:s3:::bucket", "bW9ja2d3OjE", "mockgw:1", "=", "Name,Key\nn,12345678901234567890",
]  # fmt: skip


def populate(raw: Raw) -> dict[str, list[str]]:
    """One of everything, through the wire; returns what names them, by member name."""
    api = raw.ok("apigateway", "POST", "/restapis", {"name": "fuzz-api"})["id"]
    root = raw.ok("apigateway", "GET", f"/restapis/{api}/resources")["item"][0]["id"]
    raw.ok("apigateway", "PUT", f"/restapis/{api}/resources/{root}/methods/GET",
           {"authorizationType": "NONE"})  # fmt: skip
    raw.ok("apigateway", "PUT", f"/restapis/{api}/resources/{root}/methods/GET/integration",
           {"type": "MOCK"})  # fmt: skip
    deployment = raw.ok("apigateway", "POST", f"/restapis/{api}/deployments", {"stageName": "prod"})
    keys = [
        raw.ok("apigateway", "POST", "/apikeys", {
            "name": f"key-{i}", "enabled": True, "value": f"fuzz-value-{i:02d}-abcdefghijklmnop",
            "tags": {"t": "v"}, "customerId": "cust",
        })["id"]
        for i in range(3)
    ]  # fmt: skip
    plan = raw.ok("apigateway", "POST", "/usageplans", {
        "name": "plan", "apiStages": [{"apiId": api, "stage": "prod"}],
        "throttle": {"burstLimit": 10, "rateLimit": 5.0}, "quota": {"limit": 100, "period": "DAY"},
    })["id"]  # fmt: skip
    for key in keys[:2]:
        raw.ok(
            "apigateway", "POST", f"/usageplans/{plan}/keys", {"keyId": key, "keyType": "API_KEY"}
        )
    positions = [
        raw.ok("apigateway", "GET", path, query="limit=1").get("position")
        for path in ("/apikeys", "/usageplans", f"/usageplans/{plan}/keys", "/restapis")
    ]
    arn = "arn:aws:apigateway:us-east-1::"
    graphql = raw.ok(
        "appsync", "POST", "/v1/apis", {"name": "fuzz", "authenticationType": "API_KEY"}
    )
    api_id, api_arn = graphql["graphqlApi"]["apiId"], graphql["graphqlApi"]["arn"]
    appsync_keys = [
        raw.ok("appsync", "POST", f"/v1/apis/{api_id}/apikeys", {"description": f"k{i}"})["apiKey"][
            "id"
        ]
        for i in range(2)
    ]
    next_tokens = [
        raw.ok("appsync", "GET", f"/v1/apis/{api_id}/apikeys", query="maxResults=1").get(
            "nextToken"
        ),
        raw.ok("appsync", "GET", "/v1/apis", query="maxResults=1").get("nextToken"),
    ]
    known = {
        "apiKey": keys, "keyId": keys, "usagePlanId": [plan], "restApiId": [api],
        "stageName": ["prod"], "stage": ["prod"], "resourceId": [root], "parentId": [root],
        "deploymentId": [deployment["id"]], "httpMethod": ["GET"], "statusCode": ["200"],
        "apiId": [api, api_id], "id": appsync_keys, "keyType": ["API_KEY"],
        "resourceArn": [f"{arn}/apikeys/{keys[0]}", f"{arn}/usageplans/{plan}",
                        f"{arn}/restapis/{api}", f"{arn}/restapis/{api}/stages/prod", api_arn],
        "position": [p for p in positions if p], "nextToken": [t for t in next_tokens if t],
        "value": [f"{api}:prod", f"{api}/prod", "fuzz-value-00-abcdefghijklmnop", "5", "DAY"],
        "path": PATCH_PATHS, "op": ["add", "remove", "replace", "move", "copy", "test"],
    }  # fmt: skip
    known[""] = sorted({v for values in known.values() for v in values})
    return known


@pytest.fixture
def populated() -> Iterator[Populated]:
    with mockgw.mock() as mock:
        raw = Raw(mock.world)
        yield Populated(mock, raw, populate(raw))


# --------------------------------------------------------------------------- strategies


def mostly(right: st.SearchStrategy[Any], wrong: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``right`` nine times in ten."""
    return st.integers(0, 9).flatmap(lambda n: wrong if n == 0 else right)


def text(known: dict[str, list[str]], name: str = "") -> st.SearchStrategy[str]:
    """Text for the member ``name``: what names a real resource for it, most of the time."""
    anything = st.one_of(
        st.sampled_from(known[""]), st.sampled_from(JUNK + PATCH_PATHS), st.text(max_size=12)
    )
    if known.get(name):
        return mostly(st.sampled_from(known[name]), anything)
    return anything


def numbers() -> st.SearchStrategy[int]:
    return st.one_of(
        st.integers(-5, 600), st.sampled_from([0, -(2**31), 2**31, 2**63, 10**30, 10**400])
    )


WRONG_JSON = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=6),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)  # fmt: skip


def json_value(
    shape: Any, known: dict[str, list[str]], name: str = "", depth: int = 0
) -> st.SearchStrategy[Any]:
    """A JSON value for ``shape``: of the right type nine times in ten, of any type else."""
    kind = shape.type_name
    right: st.SearchStrategy[Any]
    if kind == "structure":
        if depth > 3:
            return st.just({})
        required = set(shape.required_members)
        members = {
            m.serialization.get("name", n): json_value(m, known, n, depth + 1)
            for n, m in shape.members.items()
        }
        right = st.fixed_dictionaries(
            {w: v for w, v in members.items() if w in required},
            optional={w: v for w, v in members.items() if w not in required},
        )
    elif kind == "list":
        right = st.lists(json_value(shape.member, known, name, depth + 1), max_size=3)
    elif kind == "map":
        right = st.dictionaries(
            text(known), json_value(shape.value, known, "", depth + 1), max_size=3
        )
    elif kind == "string":
        right = (
            mostly(st.sampled_from(shape.enum), text(known)) if shape.enum else text(known, name)
        )
    elif kind == "boolean":
        right = st.booleans()
    elif kind in ("integer", "long"):
        right = numbers()
    elif kind in ("double", "float"):
        right = st.floats() | numbers()
    elif kind == "timestamp":
        right = st.one_of(st.integers(0, 2**33), st.floats(0, 2e9), st.sampled_from(JUNK))
    elif kind == "blob":
        right = st.binary(max_size=40).map(lambda b: base64.b64encode(b).decode())
    else:
        right = WRONG_JSON
    return mostly(right, WRONG_JSON)


def label_text(shape: Any, known: dict[str, list[str]], name: str) -> st.SearchStrategy[str]:
    """What a uri label, query value or header carries: text, right or wrong for its type."""
    kind = shape.type_name
    if kind in ("integer", "long"):
        return mostly(numbers().map(str), text(known))
    if kind == "boolean":
        return mostly(st.sampled_from(["true", "false", "TRUE"]), text(known))
    if kind == "string" and shape.enum:
        return mostly(st.sampled_from(shape.enum), text(known))
    return text(known, name)


@st.composite
def model_request(
    draw: Any, service: str, operation: str, known: dict[str, list[str]]
) -> dict[str, Any]:
    """A request for ``operation`` as the model lays it out, with drawn contents."""
    op = model.spec(service).operation(operation)
    http = op.http
    path_template, _, fixed_query = http["requestUri"].partition("?")
    query: list[tuple[str, str]] = [
        (k, v) for k, _, v in (p.partition("=") for p in fixed_query.split("&") if p)
    ]
    headers: dict[str, str] = {}
    document: dict[str, Any] = {}
    labels: dict[str, str] = {}
    shape = op.input_shape
    members = shape.members if shape is not None else {}
    required = set(shape.required_members) if shape is not None else set()
    for name, member in members.items():
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "uri":
            labels[wire] = draw(label_text(member, known, name))
        elif not draw(mostly(st.just(True), st.just(False)) if name in required else st.booleans()):
            continue
        elif location == "querystring":
            if member.type_name == "list":
                for value in draw(st.lists(label_text(member.member, known, name), max_size=2)):
                    query.append((wire, value))
            elif member.type_name == "map":
                query.append((draw(text(known)), draw(text(known))))
            else:
                query.append((wire, draw(label_text(member, known, name))))
        elif location == "header":
            headers[wire.lower()] = draw(label_text(member, known, name).map(_header_safe))
        elif location is None:
            document[wire] = draw(json_value(member, known, name))

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        greedy = name.endswith("+")
        value = labels.get(name.rstrip("+"), "x")
        return quote(value, safe="/" if greedy else "")

    path = re.sub(r"\{([^}]+)\}", fill, path_template)
    payload = shape.serialization.get("payload") if shape is not None else None
    body_kind = draw(mostly(st.just("model"), st.sampled_from(["bytes", "empty", "json"])))
    if payload is not None and members[payload].type_name == "blob":
        body = draw(st.one_of(st.binary(max_size=60), st.sampled_from([j.encode() for j in JUNK])))
    elif body_kind == "bytes":
        body = draw(st.binary(max_size=40))
    elif body_kind == "empty":
        body = b""
    elif body_kind == "json":
        body = json.dumps(
            draw(json_value(shape, known) if shape is not None else st.none())
        ).encode()
    else:
        body = json.dumps(document).encode()
    return {
        "method": http["method"],
        "path": path,
        "query": urlencode(query, quote_via=quote),
        "headers": headers,
        "body": body,
    }


def _header_safe(value: str) -> str:
    return "".join(c for c in value if 32 <= ord(c) < 127)


# --------------------------------------------------------------------------- checks


#: Errors a backend answers that the operation's model does not list. Each is reported to the
#: backend's owner rather than hidden: remove the entry once the backend is changed (or once the
#: AWS behaviour is recorded in aws-behaviour.md, say so here).
UNMODELED: dict[tuple[str, str], set[str]] = {}


def allowed_errors(service: str, operation: str) -> set[str]:
    spec = model.spec(service)
    modeled = {error.name for error in spec.operation(operation).error_shapes}
    return (
        modeled
        | {spec.validation_error_code, spec.constraint_error_code}
        | UNMODELED.get((service, operation), set())
    )


def check_answer(
    service: str, operation: str, answer: WireResponse, before: Any, after: Any
) -> None:
    spec = model.spec(service)
    op = spec.operation(operation)
    assert isinstance(answer, WireResponse), answer
    if answer.status < 300:
        expected = int(op.http.get("responseCode", 200))
        assert answer.status == expected, (answer.status, expected, answer.body[:300])
        if op.output_shape is not None:
            response = {
                "status_code": answer.status,
                "headers": HeadersDict(answer.headers),
                "body": answer.body,
            }
            parsed = RestJSONParser().parse(response, op.output_shape)
            assert isinstance(parsed, dict)
            if answer.body and answer.headers.get("Content-Type") == "application/json":
                assert isinstance(json.loads(answer.body), dict)
        return
    assert 400 <= answer.status < 500, (answer.status, answer.body[:500])
    code = answer.headers.get("x-amzn-ErrorType")
    assert code in allowed_errors(service, operation), (code, answer.body[:300])
    document = json.loads(answer.body)
    assert isinstance(document.get("message"), str), document
    assert after == before, f"a failed {operation} ({code}: {document['message']}) changed state"


# --------------------------------------------------------------------------- raw dispatch


@pytest.mark.parametrize(("service", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_raw_requests_built_from_the_model(
    populated: Populated, service: str, operation: str
) -> None:
    world = populated.mock.world

    @FUZZ
    @given(request=model_request(service, operation, populated.known))
    def attack(request: dict[str, Any]) -> None:
        before = dump(world)
        caller = Caller(service, REGION, ACCOUNT)
        router = model.spec(service).router
        route = router.match(request["method"], request["path"], _query(request["query"]))
        try:
            answer = populated.raw.dispatcher.dispatch(
                caller, request["method"], request["path"], request["query"],
                request["headers"], request["body"],
            )  # fmt: skip
        except UnsupportedOperationError:
            # An empty label can turn the path into another operation's (GET /apikeys/ is
            # GetApiKeys): fine, as long as that one is not implemented.
            assert route is not None and route.operation != operation, request
            return
        after = dump(world) if answer.status >= 300 else before
        if route is None:  # a label drawn empty or odd left no operation to route to
            assert answer.status == 404, answer
            assert answer.headers["x-amzn-ErrorType"] == "NotFoundException"
            assert after == before
            return
        check_answer(service, route.operation, answer, before, after)

    attack()


def _query(query: str) -> dict[str, list[str]]:
    from urllib.parse import parse_qs

    return parse_qs(query, keep_blank_values=True) if query else {}


METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "get", "BREW"]
SEGMENTS = [
    "apikeys", "usageplans", "keys", "restapis", "stages", "resources", "methods",
    "deployments", "tags", "v1", "apis", "apikeys", "v2", "", "..", "%2F", "%", "x", "{id}",
]  # fmt: skip


@pytest.mark.parametrize("service", ["apigateway", "appsync"])
@FUZZ
@given(
    method=st.sampled_from(METHODS),
    segments=st.lists(st.sampled_from(SEGMENTS) | st.text(max_size=8), max_size=6),
    query=st.text(max_size=30),
    body=st.binary(max_size=60) | st.sampled_from([b"{}", b"[]", b"null", b'{"name":1}']),
)
def test_arbitrary_raw_requests(
    service: str, method: str, segments: list[str], query: str, body: bytes
) -> None:
    world = World()
    dispatcher = Dispatcher(world)
    path = "/" + "/".join(quote(s, safe="%{}") for s in segments)
    route = model.spec(service).router.match(method, path, _query(query))
    supported = mockgw.supported_operations()[service]
    try:
        answer = dispatcher.dispatch(
            Caller(service, REGION, ACCOUNT), method, path, query, {}, body
        )
    except UnsupportedOperationError:
        assert route is not None and route.operation not in supported, (method, path)
        return
    if route is None:
        assert answer.status == 404, answer
        assert answer.headers["x-amzn-ErrorType"] == "NotFoundException"
        return
    check_answer(service, route.operation, answer, {}, dump(world) if answer.status >= 300 else {})


# --------------------------------------------------------------------------- through boto3


def python_value(
    shape: Any, known: dict[str, list[str]], name: str = "", depth: int = 0
) -> st.SearchStrategy[Any]:
    """A parameter value as a boto3 caller passes it: right type, contents right or wrong."""
    kind = shape.type_name
    if kind == "structure":
        if depth > 3:
            return st.just({})
        return call_params_of(shape, known, depth + 1)
    if kind == "list":
        return st.lists(python_value(shape.member, known, name, depth + 1), max_size=3)
    if kind == "map":
        return st.dictionaries(
            text(known), python_value(shape.value, known, "", depth + 1), max_size=3
        )
    if kind == "string":
        return mostly(st.sampled_from(shape.enum), text(known)) if shape.enum else text(known, name)
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "long"):
        return numbers()
    if kind in ("double", "float"):
        return st.floats(-1e6, 1e6) | numbers()
    if kind == "timestamp":
        return st.integers(0, 2**33) | st.datetimes(
            min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2200, 1, 1),
            timezones=st.just(dt.timezone.utc),
        )  # fmt: skip
    if kind == "blob":
        return st.binary(max_size=60) | st.sampled_from([j.encode() for j in JUNK])
    return st.none()


def call_params_of(
    shape: Any, known: dict[str, list[str]], depth: int = 0
) -> st.SearchStrategy[dict[str, Any]]:
    required = set(shape.required_members)
    members = {n: python_value(m, known, n, depth) for n, m in shape.members.items()}
    return st.fixed_dictionaries(
        {n: v for n, v in members.items() if n in required},
        optional={n: v for n, v in members.items() if n not in required},
    )


def call_params(
    service: str, operation: str, known: dict[str, list[str]]
) -> st.SearchStrategy[dict[str, Any]]:
    shape = model.spec(service).operation(operation).input_shape
    return st.just({}) if shape is None else call_params_of(shape, known)


@pytest.mark.parametrize(("service", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_boto3_calls_with_random_parameters(
    populated: Populated, service: str, operation: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore import xform_name

    world = populated.mock.world
    client = boto3.client(
        service,
        region_name=REGION,
        config=Config(parameter_validation=False, retries={"max_attempts": 0}),
    )
    method = getattr(client, xform_name(operation))
    seen: list[Any] = []
    real_dispatch = Dispatcher.dispatch

    def spy(self: Dispatcher, *args: Any) -> WireResponse:
        _, method_, path, query = args[:4]
        seen.append(model.spec(service).router.match(method_, path, _query(query)))
        try:
            answer = real_dispatch(self, *args)
        except BaseException as error:
            seen.append(error)
            raise
        seen.append(answer)
        return answer

    monkeypatch.setattr(Dispatcher, "dispatch", spy)

    @FUZZ
    @given(params=call_params(service, operation, populated.known))
    def attack(params: dict[str, Any]) -> None:
        seen.clear()
        before = dump(world)
        try:
            result = method(**params)
        except ClientError as error:
            response: Any = error.response
            status = response["ResponseMetadata"]["HTTPStatusCode"]
            assert seen and isinstance(seen[-1], WireResponse), seen
            assert 400 <= status < 500, (status, response["Error"])
            code = response["Error"]["Code"]
            route = seen[-2]
            if route is None:  # a parameter drawn empty or odd left no operation to route to
                assert (status, code) == (404, "NotFoundException"), response["Error"]
            else:
                assert code in allowed_errors(service, route.operation), response["Error"]
            assert dump(world) == before, f"a failed {operation} ({code}) changed state"
            return
        except Exception as error:
            # botocore may refuse to serialize a value (validation is off): then nothing was
            # sent. If something was, mockgw must have answered it.
            assert not seen or isinstance(seen[-1], WireResponse), repr(seen[-1])
            if seen:
                raise AssertionError(
                    f"botocore could not read mockgw's answer: {error!r}"
                ) from error
            return
        assert seen and isinstance(seen[-1], WireResponse)
        assert result["ResponseMetadata"]["HTTPStatusCode"] == seen[-1].status

    attack()


# --------------------------------------------------------------------------- identify's memo

SCOPE_PIECES = [
    "Credential=", "AWS4-HMAC-SHA256 ", "111111111111", "AKIDEXAMPLE", "123456789012",
    "/20260101/", "us-east-1", "eu-west-2", "/apigateway/", "/appsync/", "aws4_request", ", ",
    ",", " ", "\t", "\u00a0", "/", "SignedHeaders=host", "Signature=abc", "x",
]  # fmt: skip
HOSTS = [
    None, "apigateway.us-east-1.amazonaws.com", "appsync.eu-west-2.amazonaws.com",
    "127.0.0.1:4566", "localhost", "apigateway-fips.us-gov-west-1.amazonaws.com:443",
    "abc.execute-api.ap-southeast-2.amazonaws.com",
]  # fmt: skip


@FUZZ
@given(
    pieces=st.lists(st.sampled_from(SCOPE_PIECES), max_size=14),
    host=st.sampled_from(HOSTS),
)
def test_identify_memo_answers_what_the_signature_says(pieces: list[str], host: str | None) -> None:
    """``identify`` memoizes on the first credential token; asked twice, and against the
    unmemoized reading, it must give the same caller for any header."""
    from mockgw._dispatch import _identify, identify

    authorization = "".join(pieces)
    expected = _identify(authorization, host)[0]
    assert identify({"authorization": authorization}, host) == expected
    assert identify({"authorization": authorization}, host) == expected


# --------------------------------------------------------------------------- found by fuzzing


def test_a_number_too_large_for_a_double_is_a_validation_error() -> None:
    """Found by this suite: ``float()`` of a JSON integer beyond a double's range raised
    OverflowError out of the wire layer (an unhandled exception)."""
    raw = Raw(World())
    body = b'{"name": "p", "throttle": {"rateLimit": 1' + b"0" * 400 + b"}}"
    answer = raw("apigateway", "POST", "/usageplans", body)
    assert answer.status == 400
    assert answer.headers["x-amzn-ErrorType"] == "ValidationException"
    message = json.loads(answer.body)["message"]
    assert message.startswith("1 validation error detected: Value '1000")
    assert message.endswith(
        "at 'createUsagePlanInput.throttle.rateLimit' failed to satisfy constraint: "
        "Member must be a number"
    )


def test_create_rest_api_from_an_unknown_clone_source_answers_a_modeled_error() -> None:
    """Found by this suite (fixed in services/apigateway/rest_apis.py): an unknown
    ``cloneFrom`` answered NotFoundException, which CreateRestApi's model does not list."""
    raw = Raw(World())
    answer = raw("apigateway", "POST", "/restapis", {"name": "copy", "cloneFrom": "nope123456"})
    assert answer.headers["x-amzn-ErrorType"] in allowed_errors("apigateway", "CreateRestApi")


def test_a_body_nested_too_deep_to_parse_is_a_validation_error() -> None:
    """Found by this suite: a JSON body nested deeper than Python's recursion limit raised
    RecursionError out of ``json.loads`` (an unhandled exception)."""
    raw = Raw(World())
    for body in (b"[" * 100_000 + b"]" * 100_000, b'{"name":' + b"[" * 100_000 + b"}"):
        answer = raw("apigateway", "POST", "/apikeys", body)
        assert (answer.status, answer.headers["x-amzn-ErrorType"]) == (400, "BadRequestException")
        assert json.loads(answer.body) == {"message": "Could not parse request body into json"}


def test_the_dump_sees_a_change() -> None:
    """The state comparison the properties rely on does notice a change."""
    with mockgw.mock() as mock:
        raw = Raw(mock.world)
        empty = dump(mock.world)
        raw.ok("apigateway", "POST", "/apikeys", {"name": "k"})
        assert dump(mock.world) != empty


def test_every_supported_operation_is_attacked() -> None:
    """Both services' operations are in the parametrization, as the README's table lists them."""
    assert {s for s, _ in OPERATIONS} == {"apigateway", "appsync"}
    assert sorted(OPERATIONS) == OPERATIONS
    assert len(OPERATIONS) == sum(map(len, mockgw.supported_operations().values()))
