"""Request validation: the method's request validator (``requestValidatorId``) checks, per its
two flags, the method's required request parameters and its request body.

- **parameters** (``validateRequestParameters``): every ``method.request.<location>.<name>``
  the method marks required must be in the call (a header in any case, a query string
  parameter, a path parameter of the matched resource), else BAD_REQUEST_PARAMETERS: 400
  ``Missing required request parameters: [a, b]``, the names in the order of their
  parameter expressions (recorded: ``[x-header-param, issuer, qs1]`` for a header, a path and a
  query string parameter).
- **body** (``validateRequestBody``): the model the method names for the call's content type
  (``application/json`` when it sends none; no model for it: not checked) validates the body,
  as JSON Schema draft 4; references to the API's other models (their canonical URLs) are
  followed, models referencing each other included (recorded: circular models validate); a
  body that is empty or not JSON, or that the schema refuses, is BAD_REQUEST_BODY: 400
  ``Invalid request body`` (recorded, empty body included). Nothing is ever fetched: the models
  are bundled into one schema with local references, and a reference to anything else (a
  model the API does not have, a URL) is dropped.

The parameters are checked before the body (recorded). :class:`Failure` carries the log line
TestInvokeMethod prints: ``Request body does not match model schema for content type
application/json: [<problems>]`` (AWS's form, with ``Unknown error parsing request body`` for a
body that is not JSON and ``object has missing required properties (["a"])`` for missing
properties; other problems in the jsonschema library's words: mockgw's choice).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mockgw.services.apigateway.invoke import responses
from mockgw.services.apigateway.invoke.definition import Definition
from mockgw.services.apigateway.invoke.request import Request
from mockgw.services.apigateway.records.methods import Method
from mockgw.services.apigateway.records.models import CANONICAL, Model, parsed

_LOCATIONS = {
    "header": "header",
    "multivalueheader": "header",
    "querystring": "querystring",
    "multivaluequerystring": "querystring",
    "path": "path",
}
UNPARSEABLE = "Unknown error parsing request body"


@dataclass(frozen=True)
class Failure:
    """A refused request: the gateway response type, its message, and the log line."""

    response_type: str
    message: str
    log: str
    #: ``$context.error.validationErrorString`` (a JSON string in gateway response templates)
    detail: str


def check(call: Request, definition: Definition, method: Method) -> Failure | None:
    """None when the call passes the method's request validator (or it has none)."""
    validator = definition.request_validators.get(method.request_validator_id or "")
    if validator is None:
        return None
    if validator.validate_request_parameters:
        missing = _missing_parameters(call, method)
        if missing:
            message = f"Missing required request parameters: [{', '.join(missing)}]"
            return Failure(responses.BAD_REQUEST_PARAMETERS, message, message, message)
    if validator.validate_request_body:
        return _check_body(call, definition, method)
    return None


def _missing_parameters(call: Request, method: Method) -> list[str]:
    missing = []
    for expression, required in sorted((method.request_parameters or {}).items()):
        if not required:
            continue
        parts = expression.split(".", 3)  # method, request, location, name
        if len(parts) != 4 or parts[2] not in _LOCATIONS:
            continue
        location, name = _LOCATIONS[parts[2]], parts[3]
        value = call.parameter(location, name)
        if value is None or (location == "path" and not value):
            missing.append(name)
    return missing


def _check_body(call: Request, definition: Definition, method: Method) -> Failure | None:
    content_type = (call.header("content-type") or "application/json").split(";", 1)[0]
    content_type = content_type.strip().lower()
    models = method.request_models or {}
    name = models.get(content_type)
    if name is None:
        name = next((n for t, n in models.items() if t.lower() == content_type), None)
    model = None if name is None else definition.models.get(name)
    if model is None:
        return None
    schema = bundled(model, definition.models)
    if schema is None:
        return None
    problems = _problems(json.dumps(schema, sort_keys=True), call.body)
    if not problems:
        return None
    detail = f"[{', '.join(problems)}]"
    log = f"Request body does not match model schema for content type {content_type}: {detail}"
    message = responses.MESSAGES[responses.BAD_REQUEST_BODY] or ""
    return Failure(responses.BAD_REQUEST_BODY, message, log, detail)


def _problems(schema_text: str, body: bytes) -> list[str]:
    try:
        document = json.loads(body.decode("utf-8")) if body.strip() else _NOTHING
    except (ValueError, UnicodeDecodeError):
        document = _NOTHING
    if document is _NOTHING:
        return [UNPARSEABLE]
    try:
        found = [_describe(error) for error in _validator(schema_text).iter_errors(document)]
    except Exception:  # a schema jsonschema cannot apply: the body is not checked
        return []
    return list(dict.fromkeys(found))


_NOTHING: Any = object()


@functools.lru_cache(maxsize=256)
def _validator(schema_text: str) -> Any:
    from jsonschema import Draft4Validator

    try:  # jsonschema >= 4.18: an empty registry, so nothing is ever retrieved
        from referencing import Registry
    except ImportError:  # pragma: no cover (older jsonschema: every reference is local)
        return Draft4Validator(json.loads(schema_text))
    return Draft4Validator(json.loads(schema_text), registry=Registry())


_MODELS = "__mockgw_model_"
#: keywords whose values are data, not schemas: left as they are
_DATA = ("enum", "const", "default", "example", "examples")


def bundled(model: Model, models: Mapping[str, Model]) -> dict[str, Any] | None:
    """``model``'s schema with every model it reaches (by canonical reference) under its
    ``definitions``, references made local; None when the model has no schema object."""
    root = parsed(model)
    if not isinstance(root, dict):
        return None
    reached: dict[str, Any] = {}
    pending = [model.name]
    bundle = _local(root, "", models, pending)
    while pending:
        name = pending.pop()
        if name in reached:
            continue
        found = models.get(name)
        schema = parsed(found) if found is not None else None
        reached[name] = {}
        if isinstance(schema, dict):
            reached[name] = _local(schema, f"/definitions/{_MODELS}{name}", models, pending)
    definitions = (
        dict(bundle.get("definitions") or {}) if isinstance(bundle.get("definitions"), dict) else {}
    )
    definitions.update({_MODELS + name: schema for name, schema in reached.items()})
    return {**bundle, "definitions": definitions}


def _local(node: Any, base: str, models: Mapping[str, Model], pending: list[str]) -> Any:
    """A schema with its references local: a model's canonical URL -> its place in the bundle
    (the model queued in ``pending``), ``#...`` -> under ``base``; any other reference
    dropped; ``id`` (which would move references' base) dropped."""
    if isinstance(node, list):
        return [_local(item, base, models, pending) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("id", "$id") and isinstance(value, str):
            continue
        if key == "$ref" and isinstance(value, str):
            match = CANONICAL.match(value)
            if match is not None and match.group(2) in models:
                pending.append(match.group(2))
                out[key] = f"#/definitions/{_MODELS}{match.group(2)}"
            elif value.startswith("#"):
                out[key] = "#" + base + value[1:]
            continue
        out[key] = value if key in _DATA else _local(value, base, models, pending)
    return out


def _describe(error: Any) -> str:
    """A validation problem, in the words of AWS's validator where mockgw knows them."""
    if error.validator == "required" and isinstance(error.instance, Mapping):
        absent = [n for n in error.validator_value if n not in error.instance]
        return (
            f"object has missing required properties ({json.dumps(absent, separators=(',', ':'))})"
        )
    return str(error.message)
