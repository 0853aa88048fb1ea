"""Finding AppSync's resources, with AWS's NotFound texts, and AppSync-style paging."""

from __future__ import annotations

from collections.abc import Callable

from mockgw import errors
from mockgw.services._shared import paging
from mockgw.services._shared.store import Store, T, require
from mockgw.services.appsync.records.api_keys import ApiKey
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.records.rules import PAGING
from mockgw.services.appsync.state import AppSyncState

#: AWS's text for an unknown API id (aws/aws-cli#6251, awsmobile-cli#182).
API_NOT_FOUND = "GraphQL API {} not found."


def api_not_found(api_id: str) -> errors.ServiceError:
    return errors.not_found(API_NOT_FOUND.format(api_id))


def graphql_api(state: AppSyncState, api_id: str) -> GraphqlApi:
    return require(state.apis.get(api_id), API_NOT_FOUND.format(api_id))


def api_key(api: GraphqlApi, key_id: str) -> ApiKey:
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
