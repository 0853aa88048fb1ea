"""The rest-json protocol, both directions, driven by botocore's shapes.

``parse_request`` turns an HTTP request into the operation's input as plain Python values (keyed
by member name, typed by the shape), and checks it against the model's constraints the way AWS
does, raising the service's validation error. ``serialize_response`` turns a backend's plain
dict into the status, headers and body AWS would send; ``serialize_error`` does the same for a
:class:`~mockgw.errors.ServiceError`, in the form botocore's rest-json error parser reads.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from mockgw import ids
from mockgw.errors import ServiceError
from mockgw.wire.model import ServiceSpec

JSON = "application/json"


class WireResponse(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes


class _Invalid(Exception):
    """One constraint failure, collected into a single validation error."""


# --------------------------------------------------------------------------- requests


def parse_request(
    spec: ServiceSpec,
    operation: Any,
    uri_params: Mapping[str, str],
    query: Mapping[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
) -> dict[str, Any]:
    """The operation's input, parsed and validated. ``headers`` must have lower-case keys."""
    shape = operation.input_shape
    if shape is None:
        return {}
    params: dict[str, Any] = {}
    problems: list[str] = []
    payload_name = shape.serialization.get("payload")
    body_members: dict[str, Any] = {}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire_name = member.serialization.get("name", name)
        try:
            if location == "uri":
                if wire_name in uri_params:
                    params[name] = _from_text(member, uri_params[wire_name], name)
            elif location == "querystring":
                if member.type_name == "map":
                    params[name] = {k: v[0] for k, v in query.items() if v}
                elif wire_name in query:
                    values = query[wire_name]
                    if member.type_name == "list":
                        params[name] = [_from_text(member.member, v, name) for v in values]
                    else:
                        params[name] = _from_text(member, values[0], name)
            elif location == "header":
                raw = headers.get(wire_name.lower())
                if raw is not None:
                    params[name] = _from_text(member, raw, name)
            elif location == "headers":
                prefix = wire_name.lower()
                found = {k[len(prefix) :]: v for k, v in headers.items() if k.startswith(prefix)}
                if found:
                    params[name] = found
            elif name == payload_name:
                if member.type_name in ("blob", "string"):
                    if body:
                        params[name] = body if member.type_name == "blob" else body.decode()
                elif body:
                    params[name] = _from_json(member, _load_json(spec, body), name)
            else:
                body_members[wire_name] = (name, member)
        except _Invalid as e:
            problems.append(str(e))
    if body_members and payload_name is None and body:
        document = _load_json(spec, body)
        if not isinstance(document, dict):
            raise ServiceError(spec.validation_error_code, "Request body must be a JSON object")
        for wire_name, value in document.items():
            entry = body_members.get(wire_name)
            if entry is None or value is None:
                continue
            name, member = entry
            try:
                params[name] = _from_json(member, value, name)
            except _Invalid as e:
                problems.append(str(e))
    if not problems:
        _validate_structure(shape, params, "", problems)
    if problems:
        count = len(problems)
        noun = "validation error" if count == 1 else "validation errors"
        raise ServiceError(
            spec.validation_error_code, f"{count} {noun} detected: " + "; ".join(problems)
        )
    return params


def _load_json(spec: ServiceSpec, body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ServiceError(
            spec.validation_error_code, "Could not parse request body into json"
        ) from None


def _from_text(shape: Any, text: str, path: str) -> Any:
    """A uri, query or header value, converted to the member's type."""
    kind = shape.type_name
    if kind == "string":
        return text
    if kind in ("integer", "long"):
        try:
            return int(text)
        except ValueError:
            raise _Invalid(_constraint(text, path, "Member must be a number")) from None
    if kind == "boolean":
        lowered = text.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise _Invalid(_constraint(text, path, "Member must be a boolean"))
    if kind in ("double", "float"):
        try:
            return float(text)
        except ValueError:
            raise _Invalid(_constraint(text, path, "Member must be a number")) from None
    if kind == "timestamp":
        return _parse_timestamp(text, path)
    if kind == "list":
        return [_from_text(shape.member, part.strip(), path) for part in text.split(",")]
    return text


def _from_json(shape: Any, value: Any, path: str) -> Any:
    """A JSON body value, checked against the member's type; structures keep member names."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            raise _Invalid(_constraint(value, path, "Member must be a structure"))
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            raw = value.get(member.serialization.get("name", name))
            if raw is not None:
                out[name] = _from_json(member, raw, f"{path}.{name}")
        return out
    if kind == "list":
        if not isinstance(value, list):
            raise _Invalid(_constraint(value, path, "Member must be a list"))
        return [_from_json(shape.member, v, f"{path}.member.{i + 1}") for i, v in enumerate(value)]
    if kind == "map":
        if not isinstance(value, dict):
            raise _Invalid(_constraint(value, path, "Member must be a map"))
        return {k: _from_json(shape.value, v, f"{path}.{k}") for k, v in value.items()}
    if kind == "string":
        if not isinstance(value, str):
            raise _Invalid(_constraint(value, path, "Member must be a string"))
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise _Invalid(_constraint(value, path, "Member must be a boolean"))
        return value
    if kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                return int(value)
            raise _Invalid(_constraint(value, path, "Member must be an integer"))
        return value
    if kind in ("double", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Invalid(_constraint(value, path, "Member must be a number"))
        return float(value)
    if kind == "timestamp":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            return _parse_timestamp(value, path)
        raise _Invalid(_constraint(value, path, "Member must be a timestamp"))
    if kind == "blob":
        if not isinstance(value, str):
            raise _Invalid(_constraint(value, path, "Member must be base64-encoded"))
        try:
            return base64.b64decode(value, validate=True)
        except ValueError:
            raise _Invalid(_constraint(value, path, "Member must be base64-encoded")) from None
    return value


def _parse_timestamp(text: str, path: str) -> float:
    try:
        return float(text)
    except ValueError:
        pass
    try:
        parsed = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise _Invalid(_constraint(text, path, "Member must be a timestamp")) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.timezone.utc)
    return parsed.timestamp()


def _validate_structure(shape: Any, value: Mapping[str, Any], path: str, out: list[str]) -> None:
    for name in shape.required_members:
        if value.get(name) is None:
            out.append(_constraint(None, path + name, "Member must not be null"))
    for name, member_value in value.items():
        member = shape.members.get(name)
        if member is not None and member_value is not None:
            _validate_value(member, member_value, path + name, out)


def _validate_value(shape: Any, value: Any, path: str, out: list[str]) -> None:
    meta = shape.metadata
    kind = shape.type_name
    if kind == "structure":
        _validate_structure(shape, value, path + ".", out)
        return
    if kind == "list":
        _check_range(len(value), meta, path, value, out, "length")
        for i, item in enumerate(value):
            _validate_value(shape.member, item, f"{path}.member.{i + 1}", out)
        return
    if kind == "map":
        _check_range(len(value), meta, path, value, out, "length")
        for key, item in value.items():
            _validate_value(shape.key, key, f"{path}.key", out)
            _validate_value(shape.value, item, f"{path}.{key}", out)
        return
    if kind == "string":
        enum = shape.enum
        if enum and value not in enum:
            out.append(
                _constraint(value, path, f"Member must satisfy enum value set: [{', '.join(enum)}]")
            )
            return
        _check_range(len(value), meta, path, value, out, "length")
        pattern = meta.get("pattern")
        if pattern and not _compiled(pattern).fullmatch(value):
            out.append(
                _constraint(
                    value, path, f"Member must satisfy regular expression pattern: {pattern}"
                )
            )
        return
    if kind in ("integer", "long", "double", "float"):
        _check_range(value, meta, path, value, out, "value")


def _check_range(
    measure: float, meta: Mapping[str, Any], path: str, value: Any, out: list[str], what: str
) -> None:
    low, high = meta.get("min"), meta.get("max")
    if low is not None and measure < low:
        out.append(
            _constraint(value, path, f"Member must have {what} greater than or equal to {low}")
        )
    elif high is not None and measure > high:
        out.append(
            _constraint(value, path, f"Member must have {what} less than or equal to {high}")
        )


_patterns: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    found = _patterns.get(pattern)
    if found is None:
        found = _patterns[pattern] = re.compile(pattern)
    return found


def _constraint(value: Any, path: str, rule: str) -> str:
    shown = "null" if value is None else f"'{value}'"
    if len(shown) > 200:
        shown = shown[:197] + "...'"
    return f"Value {shown} at '{path}' failed to satisfy constraint: {rule}"


# --------------------------------------------------------------------------- responses


def serialize_response(operation: Any, result: Mapping[str, Any] | None) -> WireResponse:
    """The HTTP answer for a successful call: status from the model, body from the output shape."""
    status = int(operation.http.get("responseCode", 200))
    headers = {"x-amzn-RequestId": ids.request_id()}
    shape = operation.output_shape
    if shape is None or not result:
        headers["Content-Type"] = JSON
        return WireResponse(
            status, headers, b"" if status in (202, 204) or shape is None else b"{}"
        )
    body: dict[str, Any] = {}
    payload_name = shape.serialization.get("payload")
    members = shape.members
    for name, value in result.items():
        if value is None:
            continue
        member = members.get(name)
        if member is None:
            raise KeyError(f"{operation.name} output has no member {name!r}")
        location = member.serialization.get("location")
        if location == "header":
            headers[member.serialization.get("name", name)] = _header_text(member, value)
        elif location == "statusCode":
            status = int(value)
        elif name == payload_name:
            if member.type_name in ("blob", "string"):
                headers["Content-Type"] = "application/octet-stream"
                raw = value if isinstance(value, bytes) else str(value).encode()
                return WireResponse(status, headers, raw)
            body = _to_json(member, value)
        else:
            body[member.serialization.get("name", name)] = _to_json(member, value)
    headers["Content-Type"] = JSON
    return WireResponse(status, headers, json.dumps(body, separators=(",", ":")).encode())


def serialize_error(spec: ServiceSpec, error: ServiceError) -> WireResponse:
    status = error.status or spec.error_status.get(error.code, 400)
    body = {"message": error.message, **error.fields}
    headers = {
        "x-amzn-RequestId": ids.request_id(),
        "x-amzn-ErrorType": error.code,
        "Content-Type": JSON,
    }
    return WireResponse(status, headers, json.dumps(body, separators=(",", ":")).encode())


def _to_json(shape: Any, value: Any) -> Any:
    kind = shape.type_name
    if kind == "structure":
        out = {}
        members = shape.members
        for name, item in value.items():
            if item is None:
                continue
            member = members.get(name)
            if member is None:
                raise KeyError(f"shape {shape.name} has no member {name!r}")
            out[member.serialization.get("name", name)] = _to_json(member, item)
        return out
    if kind == "list":
        return [_to_json(shape.member, item) for item in value]
    if kind == "map":
        inner = shape.value
        if inner.type_name in ("string", "boolean", "integer", "long"):
            return dict(value)
        return {k: _to_json(inner, v) for k, v in value.items()}
    if kind in ("double", "float"):
        return float(value)
    if kind in ("integer", "long"):
        return int(value)
    if kind == "timestamp":
        return _timestamp(shape, value)
    if kind == "blob":
        raw = value if isinstance(value, bytes) else str(value).encode()
        return base64.b64encode(raw).decode()
    return value


def _timestamp(shape: Any, value: Any) -> Any:
    epoch = value.timestamp() if isinstance(value, _dt.datetime) else float(value)
    fmt = shape.serialization.get("timestampFormat", "unixTimestamp")
    if fmt == "iso8601":
        moment = _dt.datetime.fromtimestamp(epoch, tz=_dt.timezone.utc)
        return moment.isoformat().replace("+00:00", "Z")
    return int(epoch) if float(epoch).is_integer() else epoch


def _header_text(shape: Any, value: Any) -> str:
    if shape.type_name == "boolean":
        return "true" if value else "false"
    if shape.type_name == "timestamp":
        epoch = value.timestamp() if isinstance(value, _dt.datetime) else float(value)
        moment = _dt.datetime.fromtimestamp(epoch, tz=_dt.timezone.utc)
        return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return str(value)
