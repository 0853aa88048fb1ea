"""Types of a schema: CreateType, GetType, ListTypes, UpdateType, DeleteType,
ListTypesByAssociation.

Types are the schema's own: CreateType adds the definition (SDL) to the schema in force,
UpdateType replaces a type's definition, DeleteType removes it, and the schema answers Get and
List (document order; ``extend`` definitions folded in). ``format`` decides how ``definition``
is answered: ``SDL`` (printed as GetIntrospectionSchema prints) or ``JSON`` (the type as the
introspection query reports it). A type's ARN is ``.../apis/<apiId>/types/<name>``.

Texts: ``Type <name> not found`` (404, seen from AWS for resolvers). mockgw's: creating a type
that exists, 400 ``Type <name> already exists.``; a definition that is not exactly one type
definition, 400 ``Invalid definition: <why>``.
"""

from __future__ import annotations

from typing import Any

from mockgw import errors
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services._shared.store import Store
from mockgw.services.appsync import lookups
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.state import AppSyncState


def _sdl() -> Any:
    from mockgw.services.appsync.graphql import sdl

    return sdl


def _view(state: AppSyncState, api: GraphqlApi, definition: Any, fmt: str) -> dict[str, Any]:
    sdl = _sdl()
    name = definition.name.value
    description = getattr(definition, "description", None)
    text = (
        sdl.print_definition(definition, True)
        if fmt == "SDL"
        else sdl.type_json(api.schema_sdl or "", name)
    )
    return {
        "name": name,
        "description": description.value if description is not None else None,
        "arn": f"{api.arn}/types/{name}",
        "definition": text,
        "format": fmt,
    }


def _definition(text: str) -> Any:
    try:
        return _sdl().single_definition(text)
    except ValueError as error:
        raise errors.bad_request(f"Invalid definition: {error}") from None


@operation("CreateType")
def create_type(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    lookups.settle_schema(api)
    definition = _definition(params["definition"])
    name = definition.name.value
    current = api.schema_sdl or ""
    if current and name in _sdl().merged_definitions(current):
        raise errors.bad_request(f"Type {name} already exists.")
    api.schema_sdl = (
        (current.rstrip() + "\n\n" if current.strip() else "") + params["definition"].strip() + "\n"
    )
    return {"type": _view(state, api, definition, params["format"])}


@operation("GetType")
def get_type(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    definition = lookups.schema_type(api, params["typeName"])
    return {"type": _view(state, api, definition, params["format"])}


def _listing(
    state: AppSyncState, api: GraphqlApi, params: Params, scope: str
) -> tuple[list[dict[str, Any]], str | None]:
    lookups.settle_schema(api)
    definitions = _sdl().merged_definitions(api.schema_sdl) if api.schema_sdl else {}
    store: Store[Any] = Store()
    for name, definition in definitions.items():
        store.add(name, definition)
    page, token = lookups.page(store, scope, params.get("maxResults"), params.get("nextToken"))
    return [_view(state, api, d, params["format"]) for d in page], token


@operation("ListTypes")
def list_types(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    types, token = _listing(state, api, params, f"types/{api.api_id}")
    return {"types": types, "nextToken": token}


@operation("UpdateType")
def update_type(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    current = lookups.schema_type(api, params["typeName"])
    text = params.get("definition")
    if text is None:
        return {"type": _view(state, api, current, params["format"])}
    definition = _definition(text)
    assert api.schema_sdl is not None  # schema_type found the type in it
    api.schema_sdl = _sdl().replace_definition(api.schema_sdl, params["typeName"], text)
    return {"type": _view(state, api, definition, params["format"])}


@operation("DeleteType")
def delete_type(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    lookups.schema_type(api, params["typeName"])
    assert api.schema_sdl is not None
    api.schema_sdl = _sdl().replace_definition(api.schema_sdl, params["typeName"], None)
    return None


@operation("ListTypesByAssociation")
def list_types_by_association(state: AppSyncState, params: Params) -> Result:
    """The types of the source API behind one of a merged API's associations."""
    identifier = params["mergedApiIdentifier"]
    merged = lookups.graphql_api(state, identifier.rpartition("/")[2])
    association = lookups.source_api_association(state, params["associationId"], merged=merged)
    source = lookups.graphql_api(state, association.source_api_id)
    types, token = _listing(state, source, params, f"types/{params['associationId']}")
    return {"types": types, "nextToken": token}
