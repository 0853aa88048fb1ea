"""Schemas: StartSchemaCreation, GetSchemaCreationStatus, GetIntrospectionSchema.

- StartSchemaCreation takes the SDL as bytes (UTF-8) and answers ``PROCESSING``; the outcome
  is reported by the next GetSchemaCreationStatus (or any call that reads the schema): ``SUCCESS``
  with ``Successfully created schema with N types.`` (N: the types the document defines; the
  text is AWS's, seen in a CLI transcript), or ``FAILED`` with AppSync's text (see
  ``graphql/sdl.py``); a failed creation leaves the schema in force unchanged.
- A second StartSchemaCreation while one is PROCESSING: 409 ConcurrentModificationException
  ``Schema is currently being altered, please wait until that is complete.`` (AppSync's text as
  CloudFormation users report it).
- GetSchemaCreationStatus before any creation, GetIntrospectionSchema before a schema is in
  force: 404 NotFoundException ``No schema creation found for API <id>.`` / ``Schema not
  found for API <id>.`` (mockgw's texts: AWS's are not recorded).
- GetIntrospectionSchema: ``includeDirectives`` defaults to true; SDL or JSON (``sdl.py``).
"""

from __future__ import annotations

from mockgw import errors
from mockgw.errors import ServiceError
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync import lookups
from mockgw.services.appsync.state import AppSyncState

BUSY = "Schema is currently being altered, please wait until that is complete."


@operation("StartSchemaCreation")
def start_schema_creation(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    if api.schema_status == "PROCESSING":
        raise ServiceError("ConcurrentModificationException", BUSY)
    definition = params["definition"]
    text = definition.decode("utf-8", "replace") if isinstance(definition, bytes) else definition
    api.pending_sdl = text
    api.schema_status, api.schema_details = "PROCESSING", None
    return {"status": "PROCESSING"}


@operation("GetSchemaCreationStatus")
def get_schema_creation_status(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    if api.schema_status is None:
        if api.schema_sdl is None:
            raise errors.not_found(f"No schema creation found for API {api.api_id}.")
        return {"status": "SUCCESS", "details": "Successfully created schema."}
    lookups.settle_schema(api)  # StartSchemaCreation said PROCESSING; this reports the outcome
    return {"status": api.schema_status, "details": api.schema_details}


@operation("GetIntrospectionSchema")
def get_introspection_schema(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    lookups.settle_schema(api)
    if api.schema_sdl is None:
        raise errors.not_found(f"Schema not found for API {api.api_id}.")
    from mockgw.services.appsync.graphql import sdl

    include = params.get("includeDirectives")
    include = True if include is None else include
    if params["format"] == "SDL":
        text = sdl.print_schema(api.schema_sdl, include)
    else:
        text = sdl.introspection_json(api.schema_sdl, include)
    return {"schema": text.encode()}
