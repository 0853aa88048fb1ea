"""An OpenAPI document as the importer walks it: its version (Swagger 2.0 or OpenAPI 3.0), its
local references, its models and security schemes, its base path, and the resource path each
of its paths becomes.

The base path (AWS's developer guide, "Set the OpenAPI basePath property"): Swagger's
``basePath``; in OpenAPI 3.0 the first server's ``basePath`` variable (its default), or else the
path of the first server's URL beyond ``/``. ``basepath=ignore`` (the default) drops it,
``prepend`` puts it before every path, ``split`` drops its first segment and prepends the rest
(recorded: ``/base-url/part`` splits to ``/part``). More than one server is AWS's warning ``More
than one server provided. Ignoring all but the first for defining endpoint configuration``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mockgw import errors

#: AWS's answer to a body that is not an OpenAPI document (recorded for bad JSON and YAML)
INVALID = "Invalid OpenAPI input."
BASE_PATHS = ("ignore", "prepend", "split")
MORE_THAN_ONE_SERVER = (
    "More than one server provided. Ignoring all but the first for defining endpoint configuration"
)
#: the operations of a path item, by key, and the HTTP method each is
OPERATIONS = {
    "get": "GET",
    "put": "PUT",
    "post": "POST",
    "delete": "DELETE",
    "options": "OPTIONS",
    "head": "HEAD",
    "patch": "PATCH",
    "x-amazon-apigateway-any-method": "ANY",
}
_VARIABLE = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Document:
    data: dict[str, Any]
    swagger: bool  # Swagger (OpenAPI 2.0); else OpenAPI 3.0

    @classmethod
    def of(cls, data: Any) -> Document:
        if not isinstance(data, dict):
            raise errors.bad_request(INVALID)
        if str(data.get("swagger", "")).startswith("2"):
            return cls(data, True)
        if str(data.get("openapi", "")).startswith("3"):
            return cls(data, False)
        raise errors.bad_request(INVALID)

    @property
    def model_prefix(self) -> str:
        return "#/definitions/" if self.swagger else "#/components/schemas/"

    def models(self) -> dict[str, Any]:
        """The document's schemas, by name, in its order."""
        found = self.data.get("definitions") if self.swagger else self.components("schemas")
        return dict(found) if isinstance(found, dict) else {}

    def security_schemes(self) -> dict[str, dict[str, Any]]:
        found = (
            self.data.get("securityDefinitions")
            if self.swagger
            else self.components("securitySchemes")
        )
        if not isinstance(found, dict):
            return {}
        schemes = {}
        for name, scheme in found.items():
            resolved = self.resolve(scheme)
            if isinstance(resolved, dict):
                schemes[str(name)] = resolved
        return schemes

    def components(self, kind: str) -> Any:
        components = self.data.get("components")
        return components.get(kind) if isinstance(components, dict) else None

    def resolve(self, node: Any) -> Any:
        """``node``, or what its local ``$ref`` points at (followed up to ten times); None for
        a reference that points nowhere in the document."""
        for _ in range(10):
            if not isinstance(node, dict) or not isinstance(node.get("$ref"), str):
                return node
            node = self.pointer(node["$ref"])
        return None

    def pointer(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            return None
        node: Any = self.data
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        return node

    def model_name(self, ref: str) -> str:
        """The model a schema reference names: its last segment (``#/definitions/Pet``)."""
        return ref.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")

    # ------------------------------------------------------------------ base path

    def base_path(self, warnings: list[str]) -> str:
        """The document's base path, without slashes at either end (``a/b``)."""
        if self.swagger:
            given = self.data.get("basePath")
            return given.strip("/") if isinstance(given, str) else ""
        servers = self.data.get("servers")
        if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
            return ""
        if len(servers) > 1:
            warnings.append(MORE_THAN_ONE_SERVER)
        server = servers[0]
        variables = server.get("variables")
        variables = variables if isinstance(variables, dict) else {}
        base = variables.get("basePath")
        if isinstance(base, dict) and base.get("default") is not None:
            return str(base["default"]).strip("/")
        url = str(server.get("url") or "")

        def default(match: re.Match[str]) -> str:
            variable = variables.get(match.group(1))
            value = variable.get("default") if isinstance(variable, dict) else None
            return "" if value is None else str(value)

        return urlsplit(_VARIABLE.sub(default, url)).path.strip("/")


def resource_path(path: str, base: str, mode: str) -> str:
    """The resource path a document's ``path`` becomes, with the base path as ``mode`` says."""
    if mode == "prepend" and base:
        path = f"/{base}{path}"
    elif mode == "split" and "/" in base:
        path = f"/{base.split('/', 1)[1]}{path}"
    return "/" + "/".join(part for part in path.split("/") if part)


def path_variables(path: str) -> list[str]:
    """The variables of a resource path (``/pets/{petId}/{proxy+}``: petId, proxy)."""
    return [name.rstrip("+") for name in _VARIABLE.findall(path)]


def schema_type(schema: Mapping[str, Any]) -> str:
    """An inline schema's kind, as AWS's warnings name it (``StringSchema``, ``ObjectSchema``)."""
    kind = schema.get("type")
    if any(key in schema for key in ("allOf", "oneOf", "anyOf")):
        return "ComposedSchema"
    if kind is None and "properties" in schema:
        kind = "object"
    names = {
        "string": "StringSchema",
        "object": "ObjectSchema",
        "array": "ArraySchema",
        "integer": "IntegerSchema",
        "number": "NumberSchema",
        "boolean": "BooleanSchema",
    }
    return names.get(str(kind), "Schema")
