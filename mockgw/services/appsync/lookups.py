"""Finding AppSync's resources, with AWS's NotFound texts, AppSync-style paging, and the rules
several families share (which APIs carry API keys, what deleting an API takes with it).

Texts: ``GraphQL API {id} not found.`` (aws-cli#6251, awsmobile-cli#182) and ``API not found.``
for an Event API (pulumi-aws-native#2237, CreateChannelNamespace with an unknown API) are AWS's;
``Domain name {name} not found.`` and ``Channel namespace {name} not found.`` are mockgw's
(AWS's are not recorded). Deleting an API that a custom domain serves is refused with AWS's
``API can not be deleted as it is associated to a domain`` (ekristen/aws-nuke#534; the code,
BadRequestException, is mockgw's choice).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockgw import errors
from mockgw.services._shared import paging
from mockgw.services._shared.store import Store, T, require
from mockgw.services.appsync.records.api_keys import ApiKey
from mockgw.services.appsync.records.data_sources import DataSource
from mockgw.services.appsync.records.domain_names import DomainName
from mockgw.services.appsync.records.event_apis import ChannelNamespace, EventApi
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.records.merged_apis import SourceApiAssociation
from mockgw.services.appsync.records.resolvers import Function, Resolver, resolver_key
from mockgw.services.appsync.records.rules import PAGING
from mockgw.services.appsync.state import AppSyncState

#: AWS's text for an unknown API id (aws/aws-cli#6251, awsmobile-cli#182).
API_NOT_FOUND = "GraphQL API {} not found."
#: AWS's answer for an Event API id it does not know (pulumi-aws-native#2237).
EVENT_API_NOT_FOUND = "API not found."


def api_not_found(api_id: str) -> errors.ServiceError:
    return errors.not_found(API_NOT_FOUND.format(api_id))


def graphql_api(state: AppSyncState, api_id: str) -> GraphqlApi:
    return require(state.apis.get(api_id), API_NOT_FOUND.format(api_id))


def event_api_not_found() -> errors.ServiceError:
    return errors.not_found(EVENT_API_NOT_FOUND)


def event_api(state: AppSyncState, api_id: str) -> EventApi:
    return require(state.event_apis.get(api_id), EVENT_API_NOT_FOUND)


def channel_namespace(api: EventApi, name: str) -> ChannelNamespace:
    return require(api.namespaces.get(name), f"Channel namespace {name} not found.")


def keyed_api(state: AppSyncState, api_id: str) -> GraphqlApi | EventApi:
    """The API whose keys an API key call names: a GraphQL API or an Event API (both take API
    keys, under the same rules). An id that is neither is answered as a GraphQL API's."""
    found = state.event_apis.get(api_id)
    return found if found is not None else graphql_api(state, api_id)


class ApiIds:
    """Every API id of a state, GraphQL and Event APIs alike (they share one ARN space), for
    ``ids.unique``."""

    def __init__(self, state: AppSyncState) -> None:
        self._state = state

    def __contains__(self, api_id: object) -> bool:
        return api_id in self._state.apis or api_id in self._state.event_apis


def domain_not_found(name: str) -> errors.ServiceError:
    return errors.not_found(f"Domain name {name} not found.")


def domain_name(state: AppSyncState, name: str) -> DomainName:
    return require(state.domain_names.get(name), f"Domain name {name} not found.")


def check_deletable(state: AppSyncState, api_id: str) -> None:
    """Refuse to delete an API a custom domain still serves (nothing has changed yet)."""
    for domain in state.domain_names.values():
        if domain.api_id == api_id:
            raise errors.bad_request("API can not be deleted as it is associated to a domain")


def api_key(api: GraphqlApi | EventApi, key_id: str) -> ApiKey:
    return require(api.api_keys.get(key_id), f"API key not found: {key_id}")


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


def source_api_association(
    state: AppSyncState,
    association_id: str,
    *,
    merged: GraphqlApi | None = None,
    source: GraphqlApi | None = None,
) -> SourceApiAssociation:
    """The association, which must join the given Merged API (or source API); otherwise 404
    ``Source API association <id> not found.`` (mockgw's text: AWS's is not recorded)."""
    found = state.source_api_associations.get(association_id)
    if (
        found is None
        or (merged is not None and found.merged_api_id != merged.api_id)
        or (source is not None and found.source_api_id != source.api_id)
    ):
        raise errors.not_found(f"Source API association {association_id} not found.")
    return found
