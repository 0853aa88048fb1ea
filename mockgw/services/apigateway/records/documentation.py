"""Documentation parts and versions: the records, the ``DocumentationPart`` and
``DocumentationVersion`` shapes, and the rules of a part's location.

A location names an API entity: its ``type`` and, as that type takes them, ``path`` (default
``/``), ``method`` and ``statusCode`` (default ``*``: any) and ``name`` (required where the
type takes it), as AWS documents (DocumentationPartLocation). A version freezes the API's parts
when it is created.

Recorded or documented texts: a second part at the same location is 409 ``Documentation part
already exists for the specified location: type 'API'.`` (the developer guide's example; mockgw
lists the other fields of a location the same way). mockgw's choices: the texts for a field a
type does not take, a missing ``name``, and properties that are not a JSON object.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mockgw import errors

_PATH_METHOD = ("path", "method")
#: the location fields each type takes (AWS's DocumentationPartLocation)
FIELDS: dict[str, tuple[str, ...]] = {
    "API": (),
    "AUTHORIZER": ("name",),
    "MODEL": ("name",),
    "RESOURCE": ("path",),
    "METHOD": _PATH_METHOD,
    "PATH_PARAMETER": (*_PATH_METHOD, "name"),
    "QUERY_PARAMETER": (*_PATH_METHOD, "name"),
    "REQUEST_HEADER": (*_PATH_METHOD, "name"),
    "REQUEST_BODY": (*_PATH_METHOD, "name"),
    "RESPONSE": (*_PATH_METHOD, "statusCode"),
    "RESPONSE_HEADER": (*_PATH_METHOD, "statusCode", "name"),
    "RESPONSE_BODY": (*_PATH_METHOD, "statusCode"),
}
_DEFAULTS = {"path": "/", "method": "*", "statusCode": "*"}
#: the types whose ``name`` may be left out: a REQUEST_BODY part names no model in AWS's own
#: PetStore documentation example, which AWS imports without a warning (recorded)
_NAME_OPTIONAL = ("REQUEST_BODY",)
#: the order a location's fields are shown in AWS's texts
_SHOWN = ("type", "path", "method", "statusCode", "name")


@dataclass
class DocumentationPart:
    id: str
    #: {type, path?, method?, statusCode?, name?}, defaults filled in
    location: dict[str, str]
    properties: str


@dataclass
class DocumentationVersion:
    version: str
    created_date: int
    description: str | None = None
    #: the API's documentation parts when the version was created
    parts: list[DocumentationPart] = field(default_factory=list)


def part_view(part: DocumentationPart) -> dict[str, Any]:
    return {"id": part.id, "location": dict(part.location), "properties": part.properties}


def version_view(version: DocumentationVersion) -> dict[str, Any]:
    return {
        "version": version.version,
        "createdDate": version.created_date,
        "description": version.description,
    }


def location_of(given: Mapping[str, Any]) -> dict[str, str]:
    """A location as AWS stores it, from CreateDocumentationPart's (or an import's). An empty
    field counts as not given: Terraform's provider sends every field of the location, empty
    ones as ``""``, and AWS accepts them (terraform-provider-aws acceptance tests)."""
    kind = str(given.get("type"))
    takes = FIELDS[kind]
    location = {"type": kind}
    for name in ("path", "method", "statusCode", "name"):
        value = given.get(name) or None
        if value is not None and name not in takes:
            raise errors.bad_request(
                f"Invalid documentation part location: {name} is not a valid field for type {kind}"
            )
        if name in takes:
            if value is None and name == "name" and kind in _NAME_OPTIONAL:
                continue
            if value is None and name == "name":
                raise errors.bad_request(
                    f"Invalid documentation part location: name is required for type {kind}"
                )
            location[name] = str(value) if value is not None else _DEFAULTS[name]
    return location


def location_text(location: Mapping[str, str]) -> str:
    """``type 'API'``, ``type 'METHOD', path '/pets', method 'GET'``: a location in AWS's words."""
    return ", ".join(f"{name} '{location[name]}'" for name in _SHOWN if name in location)


def already_exists(location: Mapping[str, str]) -> errors.ServiceError:
    return errors.conflict(
        f"Documentation part already exists for the specified location: {location_text(location)}."
    )


def check_properties(properties: str | None) -> str:
    if not properties:
        raise errors.bad_request("Documentation part properties must be non-empty")
    try:
        document = json.loads(properties)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise errors.bad_request("Documentation part properties must be a valid JSON object")
    return properties


def documented(part: DocumentationPart) -> bool:
    """Whether a part has content (``locationStatus`` DOCUMENTED) or is empty (UNDOCUMENTED)."""
    try:
        return bool(json.loads(part.properties))
    except ValueError:
        return True
