"""Finding AppSync's resources, with AWS's NotFound texts, and AppSync-style paging."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockgw import errors
from mockgw.services._shared import paging
from mockgw.services._shared.store import Store, T
from mockgw.services.appsync.records.api_keys import ApiKey
from mockgw.services.appsync.records.data_sources import DataSource
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.records.resolvers import Function, Resolver, resolver_key
from mockgw.services.appsync.records.rules import PAGING
from mockgw.services.appsync.state import AppSyncState


def api_not_found(api_id: str) -> errors.ServiceError:
    return errors.not_found(f"GraphQL API {api_id} not found.")


def graphql_api(state: AppSyncState, api_id: str) -> GraphqlApi:
    found = state.apis.get(api_id)
    if found is None:
        raise api_not_found(api_id)
    return found


def api_key(api: GraphqlApi, key_id: str) -> ApiKey:
    found = api.api_keys.get(key_id)
    if found is None:
        raise errors.not_found(f"API key not found: {key_id}")
    return found


def page(
    store: Store[T],
    scope: str,
    max_results: int | None,
    next_token: str | None,
    keep: Callable[[T], bool] | None = None,
) -> tuple[list[T], str | None]:
    """A page of ``store`` in creation order. Tokens name the listing they came from
    (``scope``: the API id for keys), so a token is refused by any other listing."""
    return paging.page(PAGING, store, max_results, next_token, keep, scope=scope)


# ------------------------------------------------------------- schema, data sources, resolvers
# Texts seen from AWS: "No data source found named <name>" (terraform-aws-modules/
# terraform-aws-appsync#30), "No resolver found." (amplify-cli#1125), "Type Mutation not found"
# (serverless-components/aws-app-sync#11), "No field named <f> found on type Query"
# (aws-cdk#32848). The function text is mockgw's.


def data_source(api: GraphqlApi, name: str) -> DataSource:
    found = api.data_sources.get(name)
    if found is None:
        raise errors.not_found(f"No data source found named {name}")
    return found


def resolver(api: GraphqlApi, type_name: str, field_name: str) -> Resolver:
    found = api.resolvers.get(resolver_key(type_name, field_name))
    if found is None:
        raise errors.not_found("No resolver found.")
    return found


def function(api: GraphqlApi, function_id: str) -> Function:
    found = api.functions.get(function_id)
    if found is None:
        raise errors.not_found(f"No function found with id {function_id}.")
    return found


def settle_schema(api: GraphqlApi) -> None:
    """Finish a PROCESSING schema creation: AppSync has done so by the time anything reads
    the schema again (the outcome was decided when the creation started)."""
    if api.schema_status != "PROCESSING":
        return
    from mockgw.services.appsync.graphql import sdl

    pending = api.pending_sdl or ""
    try:
        count = sdl.check(pending)
    except sdl.SchemaFailure as failure:
        api.schema_status, api.schema_details = "FAILED", failure.details
    else:
        api.schema_status = "SUCCESS"
        api.schema_details = f"Successfully created schema with {count} types."
        api.schema_sdl = pending
    api.pending_sdl = None


def type_not_found(type_name: str) -> errors.ServiceError:
    return errors.not_found(f"Type {type_name} not found")


def schema_type(api: GraphqlApi, type_name: str) -> Any:
    """The AST definition of ``type_name`` in the API's schema, or AWS's NotFound."""
    settle_schema(api)
    if api.schema_sdl is None:
        raise type_not_found(type_name)
    from mockgw.services.appsync.graphql import sdl

    definitions = sdl.merged_definitions(api.schema_sdl)
    found = definitions.get(type_name)
    if found is None:
        raise type_not_found(type_name)
    return found
