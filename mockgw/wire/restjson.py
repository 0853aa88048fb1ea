"""The rest-json protocol, both directions, driven by botocore's shapes.

``parse_request`` turns an HTTP request into the operation's input as plain Python values (keyed
by member name, typed by the shape), and checks it against the model's constraints the way AWS
does, raising the service's validation error. ``serialize_response`` turns a backend's plain
dict into the status, headers and body AWS would send; ``serialize_error`` does the same for a
:class:`~mockgw.errors.ServiceError`, in the form botocore's rest-json error parser reads.

Speed: each operation's input and output shapes are compiled once, on first use, into plans:
where every member comes from or goes to, and small closures that read, check and write each
shape (a string member without constraints costs nothing to validate; an identity member costs
nothing to write). Plans are cached per botocore shape object, so the model is still the only
schema; the closures do exactly what a walk over the shapes would do, in the same order, with
the same messages.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
import math
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from mockgw import ids
from mockgw.errors import ServiceError
from mockgw.wire.constraints import Invalid as _Invalid
from mockgw.wire.constraints import Validator, input_name, structure_validator
from mockgw.wire.constraints import constraint as _constraint
from mockgw.wire.model import ServiceSpec

JSON = "application/json"

#: How deep a request body may nest lists and objects (chosen: no input shape of these services
#: comes near it, and a snapshot keeps free-form values to the same depth).
MAX_BODY_DEPTH = 64


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large a number")
    return value


# Infinity, -Infinity and NaN are not JSON, and a number too large for a double is refused
# rather than read as infinity: every value the state keeps can be written back as JSON.
_decoder = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite)
_decode_json = _decoder.decode
_scan_json: Callable[[str, int], tuple[Any, int]] = _decoder.scan_once  # type: ignore[attr-defined]


def _compact_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, separators=(",", ":"))``, with the C encoder built once instead of
    per call. Backends return plain trees (no cycles), so the circular-reference bookkeeping is
    left out: a cycle would end in RecursionError instead of ValueError."""
    encoder = json.JSONEncoder(separators=(",", ":"))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # not CPython's accelerated json
        return encoder.encode
    iterencode = make(
        None, encoder.default, json.encoder.encode_basestring_ascii, None, ":", ",",
        False, False, True,
    )  # fmt: skip

    def dumps(value: Any) -> str:
        return "".join(iterencode(value, 0))

    return dumps


_dumps = _compact_encoder()


class WireResponse(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes


TextReader = Callable[[str, str], Any]  # (text, path) -> value
JsonReader = Callable[[Any, str], Any]  # (decoded JSON value, path) -> value
Writer = Callable[[Any], Any]  # plain value -> JSON-ready value

# --------------------------------------------------------------------------- plan cache

#: kind -> {botocore shape or operation: its plan}. botocore's models do not define equality,
#: so these are identity lookups; botocore keeps its shapes and operations for the life of a
#: model anyway, and the plans keep them alive too.
_plans: dict[str, dict[Any, Any]] = {"input": {}, "output": {}, "json": {}, "write": {}}
_input_plans = _plans["input"]
_output_plans = _plans["output"]
_MISSING = object()


def _cached(kind: str, obj: Any, build: Callable[[Any], Any]) -> Any:
    table = _plans[kind]
    plan = table.get(obj, _MISSING)
    if plan is _MISSING:
        plan = table[obj] = build(obj)  # a race builds twice and keeps one: harmless
    return plan


# --------------------------------------------------------------------------- requests

_URI, _QUERY, _QUERY_LIST, _QUERY_MAP, _HEADER, _HEADERS, _PAYLOAD_RAW, _PAYLOAD_JSON = range(8)


class _InputPlan(NamedTuple):
    #: (where, member name, wire name, reader) for every member not in the JSON body, in the
    #: shape's member order (which is the order problems are reported in)
    steps: tuple[tuple[int, str, str, Any], ...]
    #: wire name -> (member name, its name in messages, reader, its place in the model) of the
    #: JSON body members; None when there are none (or the input has an explicit payload)
    body: dict[str, tuple[str, str, JsonReader, int]] | None
    validate: Validator | None


def _input_plan(operation: Any, spec: ServiceSpec) -> _InputPlan | None:
    shape = operation.input_shape
    if shape is None:
        return None
    payload_name = shape.serialization.get("payload")
    steps: list[tuple[int, str, str, Any]] = []
    body: dict[str, tuple[str, str, JsonReader, int]] = {}
    prefix = input_name(operation.name) + "." if spec.names_input else ""
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire_name = member.serialization.get("name", name)
        if location == "uri":
            steps.append((_URI, name, wire_name, _text_reader(member)))
        elif location == "querystring":
            if member.type_name == "map":
                steps.append((_QUERY_MAP, name, wire_name, None))
            elif member.type_name == "list":
                steps.append((_QUERY_LIST, name, wire_name, _text_reader(member.member)))
            else:
                steps.append((_QUERY, name, wire_name, _text_reader(member)))
        elif location == "header":
            steps.append((_HEADER, name, wire_name.lower(), _text_reader(member)))
        elif location == "headers":
            steps.append((_HEADERS, name, wire_name.lower(), None))
        elif name == payload_name:
            if member.type_name in ("blob", "string"):
                steps.append((_PAYLOAD_RAW, name, member.type_name, None))
            else:
                steps.append((_PAYLOAD_JSON, name, wire_name, _json_reader(member)))
        else:
            body[wire_name] = (name, prefix + name, _json_reader(member), len(body))
    # AWS reports the body's members first, then the URI's, query's and headers' (recorded:
    # ``updateMethodResponseInput.patchOperations.1.member.op`` before ``statusCode``).
    in_body = tuple(name for name, *_ in body.values())
    others = tuple(name for name in shape.members if name not in in_body)
    return _InputPlan(
        tuple(steps),
        body if body and payload_name is None else None,
        structure_validator(
            shape,
            order=spec.enum_order,
            members=in_body + others,
            paths={name: path for name, path, *_ in body.values()},
        ),
    )


def parse_request(
    spec: ServiceSpec,
    operation: Any,
    uri_params: Mapping[str, str],
    query: Mapping[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
) -> dict[str, Any]:
    """The operation's input, parsed and validated. ``headers`` must have lower-case keys."""
    plan: _InputPlan | None = _input_plans.get(operation, _MISSING)
    if plan is _MISSING:
        plan = _cached("input", operation, lambda op: _input_plan(op, spec))
    if plan is None:
        return {}
    params: dict[str, Any] = {}
    problems: list[str] = []  # the URI's, query's and headers' members
    for where, name, wire_name, reader in plan.steps:
        try:
            if where == _URI:
                if wire_name in uri_params:
                    params[name] = reader(uri_params[wire_name], name)
            elif where == _QUERY:
                values = query.get(wire_name)
                if values:
                    params[name] = reader(values[0], name)
            elif where == _QUERY_LIST:
                values = query.get(wire_name)
                if values is not None:
                    params[name] = [reader(v, name) for v in values]
            elif where == _QUERY_MAP:
                params[name] = {k: v[0] for k, v in query.items() if v}
            elif where == _HEADER:
                raw = headers.get(wire_name)
                if raw is not None:
                    params[name] = reader(raw, name)
            elif where == _HEADERS:
                cut = len(wire_name)
                found = {k[cut:]: v for k, v in headers.items() if k.startswith(wire_name)}
                if found:
                    params[name] = found
            elif where == _PAYLOAD_RAW:
                if body:
                    params[name] = body if wire_name == "blob" else _decode_text(spec, body)
            elif body:  # _PAYLOAD_JSON
                params[name] = reader(_load_json(spec, body), name)
        except _Invalid as e:
            problems.append(str(e))
    members = plan.body
    if members is not None and body:
        document = _load_json(spec, body)
        if not isinstance(document, dict):
            raise ServiceError(spec.validation_error_code, "Request body must be a JSON object")
        in_body: list[tuple[int, str]] = []
        for wire_name, value in document.items():
            entry = members.get(wire_name)
            if entry is None or value is None:
                continue
            name, path, reader, index = entry
            try:
                params[name] = reader(value, path)
            except _Invalid as e:
                in_body.append((index, str(e)))
        if in_body:  # the body's first, in the model's order
            problems[:0] = [text for _, text in sorted(in_body)]
    if not problems and plan.validate is not None:
        plan.validate(params, "", problems)
    if problems:
        count = len(problems)
        noun = "validation error" if count == 1 else "validation errors"
        raise ServiceError(
            spec.constraint_error_code, f"{count} {noun} detected: " + "; ".join(problems)
        )
    return params


def _load_json(spec: ServiceSpec, body: bytes) -> Any:
    try:
        if body[:1] == b"{" and body[1:2] not in (b"", b"\x00"):
            # What json.loads(bytes) does when it detects UTF-8 (no BOM, a second byte that is
            # not NUL), without the detection; and when the object ends the text exactly, what
            # JSONDecoder.decode returns, without the white-space checks around it.
            text = body.decode("utf-8", "surrogatepass")
            try:
                value, end = _scan_json(text, 0)
            except StopIteration:
                end = -1
            value = value if end == len(text) else _decode_json(text)
        else:
            value = json.loads(body, parse_constant=_no_constant, parse_float=_finite)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ServiceError(
            spec.validation_error_code, "Could not parse request body into json"
        ) from None
    if body.count(b"[") + body.count(b"{") > MAX_BODY_DEPTH and _too_deep(value):
        raise ServiceError(
            spec.validation_error_code,
            f"The request body nests lists and objects more than {MAX_BODY_DEPTH} levels deep",
        )
    return value


def _too_deep(value: Any) -> bool:
    level = [value]
    for _ in range(MAX_BODY_DEPTH):
        level = [
            v
            for x in level
            if isinstance(x, (list, dict))
            for v in (x.values() if isinstance(x, dict) else x)
        ]
        if not level:
            return False
    return any(isinstance(x, (list, dict)) for x in level)


def _decode_text(spec: ServiceSpec, body: bytes) -> str:
    try:
        return body.decode()
    except UnicodeDecodeError:
        raise ServiceError(
            spec.validation_error_code, "Request body must be UTF-8 encoded text"
        ) from None


# ----------------------------------------------------------------- uri, query and header text


def _text_string(text: str, path: str) -> Any:
    return text


def _text_integer(text: str, path: str) -> Any:
    try:
        return int(text)
    except ValueError:
        raise _Invalid(_constraint(text, path, "Member must be a number")) from None


def _text_boolean(text: str, path: str) -> Any:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise _Invalid(_constraint(text, path, "Member must be a boolean"))


def _text_float(text: str, path: str) -> Any:
    try:
        value = float(text)
    except ValueError:
        raise _Invalid(_constraint(text, path, "Member must be a number")) from None
    if not math.isfinite(value):  # "inf", "nan", "1e999"
        raise _Invalid(_constraint(text, path, "Member must be a number"))
    return value


def _text_reader(shape: Any) -> TextReader:
    """A uri, query or header value, converted to the member's type."""
    kind = shape.type_name
    if kind in ("integer", "long"):
        return _text_integer
    if kind == "boolean":
        return _text_boolean
    if kind in ("double", "float"):
        return _text_float
    if kind == "timestamp":
        return _parse_timestamp
    if kind == "list":
        inner = _text_reader(shape.member)

        def read_list(text: str, path: str) -> Any:
            return [inner(part.strip(), path) for part in text.split(",")]

        return read_list
    return _text_string


# ----------------------------------------------------------------- JSON body values


def _json_reader(shape: Any, stack: tuple[str, ...] = ()) -> JsonReader:
    """A JSON body value, checked against the member's type; structures keep member names."""
    return _cached("json", shape, lambda s: _build_json_reader(s, stack))  # type: ignore[no-any-return]


def _build_json_reader(shape: Any, stack: tuple[str, ...]) -> JsonReader:
    kind = shape.type_name
    if kind == "structure":
        if shape.name in stack:  # a recursive shape: compile the next level when it is reached

            def read_recursive(value: Any, path: str) -> Any:
                return _build_json_reader(shape, ())(value, path)

            return read_recursive
        inner = (*stack, shape.name)
        members = tuple(
            (member.serialization.get("name", name), name, _json_reader(member, inner))
            for name, member in shape.members.items()
        )

        def read_structure(value: Any, path: str) -> Any:
            if not isinstance(value, dict):
                raise _Invalid(_constraint(value, path, "Member must be a structure"))
            out: dict[str, Any] = {}
            for wire_name, name, reader in members:
                raw = value.get(wire_name)
                if raw is not None:
                    out[name] = reader(raw, f"{path}.{name}")
            return out

        return read_structure
    if kind == "list":
        item = _json_reader(shape.member, stack)

        def read_list(value: Any, path: str) -> Any:
            if not isinstance(value, list):
                raise _Invalid(_constraint(value, path, "Member must be a list"))
            return [item(v, f"{path}.{i + 1}.member") for i, v in enumerate(value)]

        return read_list
    if kind == "map":
        entry = _json_reader(shape.value, stack)

        def read_map(value: Any, path: str) -> Any:
            if not isinstance(value, dict):
                raise _Invalid(_constraint(value, path, "Member must be a map"))
            return {k: entry(v, f"{path}.{k}") for k, v in value.items()}

        return read_map
    return _SCALAR_READERS.get(kind, _json_any)


def _json_string(value: Any, path: str) -> Any:
    if not isinstance(value, str):
        raise _Invalid(_constraint(value, path, "Member must be a string"))
    return value


def _json_boolean(value: Any, path: str) -> Any:
    if not isinstance(value, bool):
        raise _Invalid(_constraint(value, path, "Member must be a boolean"))
    return value


def _json_integer(value: Any, path: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise _Invalid(_constraint(value, path, "Member must be an integer"))
    return value


def _json_float(value: Any, path: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Invalid(_constraint(value, path, "Member must be a number"))
    try:
        return float(value)
    except OverflowError:  # an integer too large for a double
        raise _Invalid(_constraint(value, path, "Member must be a number")) from None


def _json_timestamp(value: Any, path: str) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return _moment(float(value), value, path)
        except OverflowError:
            raise _Invalid(_constraint(value, path, "Member must be a timestamp")) from None
    if isinstance(value, str):
        return _parse_timestamp(value, path)
    raise _Invalid(_constraint(value, path, "Member must be a timestamp"))


def _json_blob(value: Any, path: str) -> Any:
    if not isinstance(value, str):
        raise _Invalid(_constraint(value, path, "Member must be base64-encoded"))
    try:
        return base64.b64decode(value, validate=True)
    except ValueError:
        raise _Invalid(_constraint(value, path, "Member must be base64-encoded")) from None


def _json_any(value: Any, path: str) -> Any:
    return value


_SCALAR_READERS: dict[str, JsonReader] = {
    "string": _json_string,
    "boolean": _json_boolean,
    "integer": _json_integer,
    "long": _json_integer,
    "double": _json_float,
    "float": _json_float,
    "timestamp": _json_timestamp,
    "blob": _json_blob,
}


def _moment(seconds: float, shown: Any, path: str) -> float:
    """Seconds since the epoch that a date can be made of (not inf, nan or beyond year 9999)."""
    if not math.isfinite(seconds) or abs(seconds) > 253402300799:
        raise _Invalid(_constraint(shown, path, "Member must be a timestamp"))
    return seconds


def _parse_timestamp(text: str, path: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return _moment(seconds, text, path)
    try:
        parsed = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=_dt.timezone.utc)
        return parsed.timestamp()
    except (ValueError, OverflowError):
        raise _Invalid(_constraint(text, path, "Member must be a timestamp")) from None


# --------------------------------------------------------------------------- responses

_BODY, _OUT_HEADER, _OUT_STATUS, _OUT_RAW, _OUT_JSON = range(5)


class _OutputPlan(NamedTuple):
    status: int
    has_shape: bool
    #: member name -> (where, wire name, writer or, for a header, the member's shape)
    members: dict[str, tuple[int, str, Any]]
    #: when every member goes in the JSON body: the body's writer (the one fast path)
    body: Writer | None


def _output_plan(operation: Any) -> _OutputPlan:
    status = int(operation.http.get("responseCode", 200))
    shape = operation.output_shape
    if shape is None:
        return _OutputPlan(status, False, {}, None)
    payload_name = shape.serialization.get("payload")
    members: dict[str, tuple[int, str, Any]] = {}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire_name = member.serialization.get("name", name)
        if location == "header":
            members[name] = (_OUT_HEADER, wire_name, member)
        elif location == "statusCode":
            members[name] = (_OUT_STATUS, wire_name, None)
        elif name == payload_name:
            if member.type_name in ("blob", "string"):
                members[name] = (_OUT_RAW, wire_name, None)
            else:
                members[name] = (_OUT_JSON, wire_name, _writer(member))
        else:
            members[name] = (_BODY, wire_name, _writer(member))
    body = None
    if all(where == _BODY for where, _, _ in members.values()):
        body = _structure_writer(
            {name: (wire_name, write) for name, (_, wire_name, write) in members.items()},
            f"{operation.name} output has no member",
        )
    return _OutputPlan(status, True, members, body)


def serialize_response(operation: Any, result: Mapping[str, Any] | None) -> WireResponse:
    """The HTTP answer for a successful call: status from the model, body from the output shape."""
    plan: _OutputPlan = _output_plans.get(operation) or _cached("output", operation, _output_plan)
    status = plan.status
    if not plan.has_shape or not result:
        return WireResponse(
            status,
            {"x-amzn-RequestId": ids.request_id(), "Content-Type": JSON},
            b"" if status in (202, 204) or not plan.has_shape else b"{}",
        )
    if plan.body is not None:
        body = _dumps(plan.body(result)).encode()
        return WireResponse(
            status, {"x-amzn-RequestId": ids.request_id(), "Content-Type": JSON}, body
        )
    headers = {"x-amzn-RequestId": ids.request_id()}
    document: Any = {}
    raw: bytes | None = None
    members = plan.members
    for name, value in result.items():
        if value is None:
            continue
        entry = members.get(name)
        if entry is None:
            raise KeyError(f"{operation.name} output has no member {name!r}")
        where, wire_name, write = entry
        if where == _BODY:
            document[wire_name] = value if write is None else write(value)
        elif where == _OUT_HEADER:
            headers[wire_name] = _header_text(write, value)
        elif where == _OUT_STATUS:
            status = int(value)
        elif where == _OUT_RAW:
            raw = value if isinstance(value, bytes) else str(value).encode()
        else:  # _OUT_JSON
            document = value if write is None else write(value)
    if raw is not None:  # a raw payload: its type is the modeled Content-Type member's, if any
        headers.setdefault("Content-Type", "application/octet-stream")
        return WireResponse(status, headers, raw)
    headers["Content-Type"] = JSON
    return WireResponse(status, headers, _dumps(document).encode())


def serialize_error(spec: ServiceSpec, error: ServiceError) -> WireResponse:
    status = error.status or spec.error_status.get(error.code, 400)
    body = {"message": error.message, **error.fields}
    headers = {
        "x-amzn-RequestId": ids.request_id(),
        "x-amzn-ErrorType": error.code,
        "Content-Type": JSON,
    }
    return WireResponse(status, headers, _dumps(body).encode())


def _writer(shape: Any, stack: tuple[str, ...] = ()) -> Writer | None:
    """How a member's plain value becomes JSON; None when it goes out as it is."""
    return _cached("write", shape, lambda s: _build_writer(s, stack))  # type: ignore[no-any-return]


def _build_writer(shape: Any, stack: tuple[str, ...]) -> Writer | None:
    kind = shape.type_name
    if kind == "structure":
        if shape.name in stack:  # recursive: compile the next level when it is reached

            def write_recursive(value: Any) -> Any:
                write = _build_writer(shape, ())
                assert write is not None
                return write(value)

            return write_recursive
        inner = (*stack, shape.name)
        members = {
            name: (member.serialization.get("name", name), _writer(member, inner))
            for name, member in shape.members.items()
        }
        return _structure_writer(members, f"shape {shape.name} has no member")
    if kind == "list":
        write_item = _writer(shape.member, stack)
        if write_item is None:
            return list
        return lambda value: [write_item(item) for item in value]
    if kind == "map":
        inner_shape = shape.value
        write_value = None
        if inner_shape.type_name not in ("string", "boolean", "integer", "long"):
            write_value = _writer(inner_shape, stack)
        if write_value is None:
            return dict
        return lambda value: {k: write_value(v) for k, v in value.items()}
    if kind in ("double", "float"):
        return float
    if kind in ("integer", "long"):
        return int
    if kind == "timestamp":
        iso = shape.serialization.get("timestampFormat", "unixTimestamp") == "iso8601"
        return _iso_timestamp if iso else _unix_timestamp
    if kind == "blob":
        return _blob_text
    return None


_EXACT = 2**53  # integers a double holds exactly


def _structure_writer(members: dict[str, tuple[str, Writer | None]], unknown: str) -> Writer:
    """Write a structure: drop absent (None) members, rename to wire names, convert the members
    that need it; a member the shape does not have is a backend bug (KeyError ``unknown``)."""

    def write_renamed(value: Any) -> Any:
        out = {}
        for name, item in value.items():
            if item is None:
                continue
            entry = members.get(name)
            if entry is None:
                raise KeyError(f"{unknown} {name!r}")
            wire_name, write = entry
            out[wire_name] = item if write is None else write(item)
        return out

    if any(wire_name != name for name, (wire_name, _) in members.items()):
        return write_renamed
    # Every wire name is the member name (the usual case): copy the present members in one
    # comprehension, then convert in place, which keeps the backend's member order.
    names = frozenset(members)
    converted = tuple((name, write) for name, (_, write) in members.items() if write is not None)

    def write_structure(value: Any) -> Any:
        out = {name: item for name, item in value.items() if item is not None}
        if not out.keys() <= names:
            return write_renamed(value)  # raises for the first unknown member, as it meets it
        for name, write in converted:
            item = out.get(name)
            if item is not None:
                out[name] = write(item)
        return out

    return write_structure


def _epoch(value: Any) -> float:
    return value.timestamp() if isinstance(value, _dt.datetime) else float(value)


def _iso_timestamp(value: Any) -> Any:
    moment = _dt.datetime.fromtimestamp(_epoch(value), tz=_dt.timezone.utc)
    return moment.isoformat().replace("+00:00", "Z")


def _unix_timestamp(value: Any) -> Any:
    if type(value) is int and -_EXACT < value < _EXACT:  # what the float round trip gives
        return value
    epoch = _epoch(value)
    return int(epoch) if float(epoch).is_integer() else epoch


def _blob_text(value: Any) -> Any:
    raw = value if isinstance(value, bytes) else str(value).encode()
    return base64.b64encode(raw).decode()


def _header_text(shape: Any, value: Any) -> str:
    if shape.type_name == "boolean":
        return "true" if value else "false"
    if shape.type_name == "timestamp":
        epoch = value.timestamp() if isinstance(value, _dt.datetime) else float(value)
        moment = _dt.datetime.fromtimestamp(epoch, tz=_dt.timezone.utc)
        return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return str(value)
