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

from mockgw import errors
from mockgw.services._shared import paging
from mockgw.services._shared.store import Store, T, require
from mockgw.services.appsync.records.api_keys import ApiKey
from mockgw.services.appsync.records.domain_names import DomainName
from mockgw.services.appsync.records.event_apis import ChannelNamespace, EventApi
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
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
