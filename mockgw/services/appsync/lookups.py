"""Finding AppSync resources, with AWS's NotFound messages, and AppSync-style paging."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable

from mockgw import errors
from mockgw.services._store import InvalidToken, Store, T
from mockgw.services.appsync.state import AppSyncState, GraphqlApi

#: ``maxResults`` is 0..25 in the model; absent or 0 means the largest page, 25.
MAX_RESULTS = 25

#: The text of AppSync's own pagination error (``InvalidPaginationTokenException`` in its
#: resolver errors); the control plane most likely shares it. Unverified for ListApiKeys.
INVALID_TOKEN = "Invalid pagination token given."


def api_not_found(api_id: str) -> errors.ServiceError:
    return errors.not_found(f"GraphQL API {api_id} not found.")


def graphql_api(state: AppSyncState, api_id: str) -> GraphqlApi:
    found = state.apis.get(api_id)
    if found is None:
        raise api_not_found(api_id)
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
    limit = max_results or MAX_RESULTS
    inner = _unwrap(scope, next_token) if next_token else None
    try:
        items, following = store.page(limit, inner, keep, newest_first=False)
    except InvalidToken:
        raise errors.bad_request(INVALID_TOKEN) from None
    return items, (_wrap(scope, following) if following else None)


def _wrap(scope: str, inner: str) -> str:
    raw = json.dumps({"scope": scope, "position": inner}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _unwrap(scope: str, token: str) -> str:
    try:
        document = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise errors.bad_request(INVALID_TOKEN) from None
    if (
        not isinstance(document, dict)
        or document.get("scope") != scope
        or not isinstance(document.get("position"), str)
    ):
        raise errors.bad_request(INVALID_TOKEN)
    position: str = document["position"]
    return position
