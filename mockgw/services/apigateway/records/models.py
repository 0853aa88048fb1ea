"""Models: the record, the ``Model`` shape, the two models every REST API starts with, and the
rules a model's schema (JSON Schema draft 4) follows.

:func:`parsed` gives a model's schema as data and :func:`flattened` the same with every
reference to another model of the API inlined (``https://apigateway.amazonaws.com/restapis/
{id}/models/{name}``, AWS's canonical form: :data:`CANONICAL`), for GetModel's ``flatten`` and
GetModelTemplate. The execute-api engine validates request bodies with the models bundled into
one schema instead (``invoke/validation.py``), so models that reference each other validate.

Facts (sources in tests/test_models.py): the default models' descriptions and schema texts are
AWS's own, verbatim (the AWS CLI's documented ``get-models`` output); an empty or missing schema
is ``Model schema must have at least 1 property or array items defined`` (recorded); a schema
draft 4 refuses is ``Invalid model specified: Validation Result: warnings : [], errors : [Invalid
model schema specified]`` and a reference in another form ``... errors : [Model reference must be
in canonical form]`` (AWS texts quoted in public issues). mockgw's choices: a model name must be
alphanumeric (``Model name must be alphanumeric``: AWS documents the rule, not the text); the
JSON Schema check uses the ``jsonschema`` library's draft-4 meta-schema, imported on first use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from mockgw import errors

EMPTY = "Empty"
ERROR = "Error"

#: AWS's texts, verbatim (their spacing differs from each other: AWS's does too).
EMPTY_SCHEMA = (
    '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n'
    '  "type" : "object"\n}'
)
ERROR_SCHEMA = (
    '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n'
    '  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}'
)
#: (name, description, schema) of the models a new REST API has, in the order AWS lists them.
DEFAULT_MODELS = (
    (ERROR, "This is a default error schema model", ERROR_SCHEMA),
    (EMPTY, "This is a default empty schema model", EMPTY_SCHEMA),
)
JSON = "application/json"

_NAME = re.compile(r"^[a-zA-Z0-9]+$")
#: a reference to a model of an API in AWS's canonical form (group 2: the model's name)
CANONICAL = re.compile(r"^https://apigateway\.amazonaws\.com/restapis/([^/]+)/models/([^/#]+)$")

NO_SCHEMA = "Model schema must have at least 1 property or array items defined"
_INVALID = "Invalid model specified: Validation Result: warnings : [], errors : [{}]"
BAD_SCHEMA = _INVALID.format("Invalid model schema specified")
BAD_REFERENCE = _INVALID.format("Model reference must be in canonical form")


@dataclass
class Model:
    #: a REST API's models are kept by name (GetModel takes the name), not by id
    STORE_KEY: ClassVar[str] = "name"

    id: str
    name: str
    content_type: str
    schema: str | None = None
    description: str | None = None


def model_view(model: Model) -> dict[str, Any]:
    return {
        "id": model.id,
        "name": model.name,
        "description": model.description,
        "schema": model.schema,
        "contentType": model.content_type,
    }


def check_name(name: str) -> None:
    if not name:
        raise errors.bad_request("Model name must be non-empty")
    if not _NAME.match(name):
        raise errors.bad_request("Model name must be alphanumeric")


def check_schema(text: str | None) -> None:
    """AWS's rules for a model's schema: JSON, a valid draft-4 schema, references to other
    models in canonical form."""
    if not text:
        raise errors.bad_request(NO_SCHEMA)
    try:
        document = json.loads(text)
    except ValueError:
        raise errors.bad_request(BAD_SCHEMA) from None
    if not isinstance(document, dict):
        raise errors.bad_request(BAD_SCHEMA)
    from jsonschema import Draft4Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft4Validator.check_schema(document)
    except SchemaError:
        raise errors.bad_request(BAD_SCHEMA) from None
    for reference in _references(document):
        if not reference.startswith("#") and not CANONICAL.match(reference):
            raise errors.bad_request(BAD_REFERENCE)


def _references(node: Any) -> list[str]:
    found: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                found.append(ref)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def parsed(model: Model) -> Any:
    """The model's schema as data (None when it has none or it is not JSON)."""
    try:
        return None if model.schema is None else json.loads(model.schema)
    except ValueError:
        return None


def flattened(model: Model, models: Mapping[str, Model]) -> Any:
    """The model's schema with every canonical reference to another model of ``models``
    replaced by that model's (flattened) schema; a reference in a cycle is left as it is."""
    return _inline(parsed(model), models, (model.name,))


def _inline(node: Any, models: Mapping[str, Model], seen: tuple[str, ...]) -> Any:
    if isinstance(node, list):
        return [_inline(item, models, seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        match = CANONICAL.match(ref)
        target = None if match is None else models.get(match.group(2))
        if target is not None and target.name not in seen:
            inner = _inline(parsed(target), models, (*seen, target.name))
            if isinstance(inner, dict):
                inner = {k: v for k, v in inner.items() if k not in ("$schema", "id")}
            return inner
    return {key: _inline(value, models, seen) for key, value in node.items()}


def has_references(model: Model) -> bool:
    document = parsed(model)
    return any(CANONICAL.match(ref) for ref in _references(document))


# ------------------------------------------------------------------------------ templates


def template(model: Model, models: Mapping[str, Model]) -> str:
    """GetModelTemplate's mapping template for ``model``: an input-passthrough Velocity
    template that rebuilds a JSON document of the model's shape. For ``Empty`` it is AWS's
    documented ``#set($inputRoot = $input.path('$'))\\n{ }``; for other schemas the layout is
    mockgw's (AWS documents what such a template does, not its exact text)."""
    schema = flattened(model, models)
    body = _render(schema if isinstance(schema, dict) else {}, "$inputRoot", "", 0, schema)
    return "#set($inputRoot = $input.path('$'))\n" + body


def _render(schema: Any, var: str, indent: str, depth: int, root: Any) -> str:
    if not isinstance(schema, dict) or depth > 10:
        return f'"{var}"'
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        return _render(target, var, indent, depth + 1, root)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "array" or (kind is None and "items" in schema):
        inner = indent + " "
        item = _render(schema.get("items"), "$elem", inner, depth + 1, root)
        return (
            f"[\n#foreach($elem in {var})\n{inner}{item}\n#if($foreach.hasNext),#end\n#end\n"
            f"{indent}]"
        )
    properties = schema.get("properties")
    if kind == "object" or (kind is None and isinstance(properties, dict)):
        if not isinstance(properties, dict) or not properties:
            return "{ }"
        inner = indent + "  "
        fields = [
            f'{inner}"{name}" : {_render(sub, f"{var}.{name}", inner, depth + 1, root)}'
            for name, sub in properties.items()
        ]
        return "{\n" + ",\n".join(fields) + f"\n{indent}}}"
    if kind in ("number", "integer", "boolean"):
        return var
    return f'"{var}"'
