"""Documentation: CreateDocumentationPart, GetDocumentationPart(s), UpdateDocumentationPart,
DeleteDocumentationPart, ImportDocumentationParts, CreateDocumentationVersion,
GetDocumentationVersion(s), UpdateDocumentationVersion, DeleteDocumentationVersion.

Recorded AWS behaviour (LocalStack snapshots validated against AWS,
``TestApiGatewayApiDocumentationPart`` and ``TestDocumentations``): Get and Update answer
``Invalid Documentation part identifier specified`` for an unknown part or API, Create, list and
Delete the API's 404 for an unknown API; UpdateDocumentationPart takes ``replace
/properties`` only (``... Must be one of: [/properties]``, other ops ``Please choose supported
operations``); an unknown location type is the model's ValidationException; a location fills in
its defaults (``path: /`` for a METHOD part); ImportDocumentationParts reads the
``x-amazon-apigateway-documentation`` extension of an OpenAPI document (JSON or YAML), answers
``{ids}``, and refuses a document it cannot read with ``Unable to build importer with provided
input.``; a version answers ``{version, createdDate, description}``.

mockgw's choices: ImportDocumentationParts merges by location (``merge``, the default: a part at
a known location gets the new properties and keeps its id) or replaces every part
(``overwrite``); a part it cannot take is a warning (a failure with ``failOnWarnings``); the
texts for a duplicate version and an unknown one (LocalStack's); a version freezes the parts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from mockgw import clock, errors, ids
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.documentation import (
    FIELDS,
    DocumentationPart,
    DocumentationVersion,
    already_exists,
    check_properties,
    documented,
    location_of,
    part_view,
    version_view,
)
from mockgw.services.apigateway.records.documents import load_document
from mockgw.services.apigateway.records.rest_apis import RestApi
from mockgw.services.apigateway.records.rules import DESCRIPTION
from mockgw.services.apigateway.state import ApiGatewayState

EXTENSION = "x-amazon-apigateway-documentation"
UNREADABLE = "Unable to build importer with provided input."


def _find_location(api: RestApi, location: Mapping[str, str]) -> DocumentationPart | None:
    for part in api.documentation_parts.values():
        if part.location == location:
            return part
    return None


@operation("CreateDocumentationPart")
def create_documentation_part(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    location = location_of(params["location"])
    properties = check_properties(params.get("properties"))
    if _find_location(api, location) is not None:
        raise already_exists(location)
    part = DocumentationPart(
        id=ids.unique(ids.documentation_part_id, api.documentation_parts),
        location=location,
        properties=properties,
    )
    api.documentation_parts.add(part.id, part)
    return part_view(part)


@operation("GetDocumentationPart")
def get_documentation_part(state: ApiGatewayState, params: Params) -> Result:
    api = state.rest_apis.get(params["restApiId"])
    return part_view(lookups.documentation_part(api, params["documentationPartId"]))


@operation("GetDocumentationParts")
def get_documentation_parts(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    kind, path = params.get("type"), params.get("path")
    name = params.get("nameQuery") or ""
    status = params.get("locationStatus")

    def keep(part: DocumentationPart) -> bool:
        location = part.location
        return (
            (kind is None or location["type"] == kind)
            and (path is None or location.get("path") == path)
            and location.get("name", "").startswith(name)
            and (status is None or documented(part) == (status == "DOCUMENTED"))
        )

    items, position = lookups.oldest_first(api.documentation_parts, params, keep)
    return {"items": [part_view(p) for p in items], "position": position}


@operation("UpdateDocumentationPart")
def update_documentation_part(state: ApiGatewayState, params: Params) -> Result:
    api = state.rest_apis.get(params["restApiId"])
    part = lookups.documentation_part(api, params["documentationPartId"])
    draft = patch.draft(part)
    PART_UPDATE.apply(draft, params.get("patchOperations"))
    patch.commit(part, draft)
    return part_view(part)


def _set_properties(part: DocumentationPart, change: patch.Change) -> None:
    part.properties = check_properties(change.value)


PART_UPDATE = patch.PatchTable(
    patch.Rule(("replace",), "/properties", _set_properties),
    known_ops=("replace",),
    unknown_op=patch.choose_supported,
)


@operation("DeleteDocumentationPart")
def delete_documentation_part(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    part = lookups.documentation_part(api, params["documentationPartId"])
    api.documentation_parts.remove(part.id)
    return None


# ------------------------------------------------------------------------------ import


@operation("ImportDocumentationParts")
def import_documentation_parts(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    document = load_document(params.get("body"))
    if not isinstance(document, dict):
        raise errors.bad_request(UNREADABLE)
    extension = document.get(EXTENSION) or {}
    entries = extension.get("documentationParts") if isinstance(extension, dict) else None
    imported: list[tuple[dict[str, str], str]] = []
    warnings: list[str] = []
    for index, entry in enumerate(entries if isinstance(entries, list) else ()):
        try:
            imported.append(_imported(entry))
        except errors.ServiceError as e:
            warnings.append(f"Documentation part {index}: {e.message}")
    if warnings and params.get("failOnWarnings"):
        raise errors.bad_request("Warnings found during import:\n\t" + "\n\t".join(warnings))
    overwrite = params.get("mode") == "overwrite"
    if overwrite:
        for part_id in api.documentation_parts.ids():
            api.documentation_parts.remove(part_id)
    part_ids: list[str] = []
    for location, properties in imported:
        part = _find_location(api, location)
        if part is None:
            part = DocumentationPart(
                ids.unique(ids.documentation_part_id, api.documentation_parts),
                location,
                properties,
            )
            api.documentation_parts.add(part.id, part)
        else:
            part.properties = properties
        part_ids.append(part.id)
    return {"ids": part_ids, "warnings": warnings or None}


def _imported(entry: Any) -> tuple[dict[str, str], str]:
    """A documentation part of the extension: its location and properties (as a JSON text)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("location"), dict):
        raise errors.bad_request("a documentation part needs a location")
    given = entry["location"]
    if given.get("type") not in FIELDS:
        raise errors.bad_request(f"Invalid location type: {given.get('type')}")
    properties = entry.get("properties")
    text = (
        properties if isinstance(properties, str) else json.dumps(properties, separators=(",", ":"))
    )
    return location_of(given), check_properties(text)


# ------------------------------------------------------------------------------ versions


@operation("CreateDocumentationVersion")
def create_documentation_version(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    name = params["documentationVersion"]
    stage = None if not params.get("stageName") else lookups.stage(api, params["stageName"])
    if name in api.documentation_versions:
        raise errors.conflict(f"Documentation version already exists: {name}")
    version = DocumentationVersion(
        version=name,
        created_date=int(clock.now()),
        description=params.get("description") or None,
        parts=[
            DocumentationPart(p.id, dict(p.location), p.properties)
            for p in api.documentation_parts.values()
        ],
    )
    api.documentation_versions.add(name, version)
    if stage is not None:
        stage.documentation_version = name
    return version_view(version)


@operation("GetDocumentationVersion")
def get_documentation_version(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    return version_view(lookups.documentation_version(api, params["documentationVersion"]))


@operation("GetDocumentationVersions")
def get_documentation_versions(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    items, position = lookups.oldest_first(api.documentation_versions, params)
    return {"items": [version_view(v) for v in items], "position": position}


@operation("UpdateDocumentationVersion")
def update_documentation_version(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    version = lookups.documentation_version(api, params["documentationVersion"])
    draft = patch.draft(version, "description")
    VERSION_UPDATE.apply(draft, params.get("patchOperations"))
    patch.commit(version, draft, "description")
    return version_view(version)


VERSION_UPDATE = patch.PatchTable(
    DESCRIPTION,
    known_ops=("replace",),
    unknown_op=patch.choose_supported,
)


@operation("DeleteDocumentationVersion")
def delete_documentation_version(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    version = lookups.documentation_version(api, params["documentationVersion"])
    api.documentation_versions.remove(version.version)
    return None
