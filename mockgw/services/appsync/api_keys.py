"""AppSync API keys: CreateApiKey, ListApiKeys, UpdateApiKey, DeleteApiKey.

Rules (../shared/aws-behaviour.md section 15, and the choices made where AWS is silent):

- Ids are ``da2-`` and 26 lower-case base32 characters.
- ``expires`` defaults to 7 days from now, rounded down to the hour. A given ``expires`` must lie
  within [now + 1 day, now + 365 days] (now in whole seconds, the unit AWS takes) and is then
  rounded down to the hour. The bound is checked on the value as given, before rounding: AWS's
  exception speaks of the value the caller sets, so ``now + 86400`` is accepted even though the
  stored expiry, rounded down, is a little under a day away.
- ``deletes`` = ``expires`` + 60 days. An expired key is still listed and can be updated (its
  expiry extended) until then; at ``deletes`` it is gone, as if AWS's sweeper had removed it.
- UpdateApiKey measures the bounds from the time of the update and keeps what it is not given.
- At most 50 keys per API (AWS's default quota); the 51st is ApiKeyLimitExceededException.
- Event APIs take API keys exactly as GraphQL APIs do (same calls, bounds, rounding and limit;
  the limit's text, mockgw's, names a GraphQL API for both). An id that is neither kind of API
  is answered as an unknown GraphQL API's.
"""

from __future__ import annotations

import math

from mockgw import clock, ids
from mockgw.errors import ServiceError
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync import lookups
from mockgw.services.appsync.records.api_keys import ApiKey, api_key_view
from mockgw.services.appsync.records.event_apis import EventApi
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.state import AppSyncState

HOUR = 3_600
DAY = 86_400
DEFAULT_VALIDITY = 7 * DAY
MIN_VALIDITY_DAYS = 1
MAX_VALIDITY_DAYS = 365
RETENTION = 60 * DAY
MAX_KEYS_PER_API = 50


def _now() -> int:
    return math.floor(clock.now())


def _floor_hour(epoch: int) -> int:
    return epoch - epoch % HOUR


def _expiry(requested: int | None, now: int) -> int:
    """The stored expiry for a requested one, or ApiKeyValidityOutOfBoundsException."""
    if requested is None:
        return _floor_hour(now + DEFAULT_VALIDITY)
    if requested < now + MIN_VALIDITY_DAYS * DAY:
        raise ServiceError(
            "ApiKeyValidityOutOfBoundsException",
            f"API key must be valid for a minimum of {MIN_VALIDITY_DAYS} days.",
        )
    if requested > now + MAX_VALIDITY_DAYS * DAY:
        raise ServiceError(
            "ApiKeyValidityOutOfBoundsException",
            f"API key can be valid for a maximum of {MAX_VALIDITY_DAYS} days.",
        )
    return _floor_hour(requested)


def _sweep(api: GraphqlApi | EventApi, now: int) -> None:
    """Remove the keys whose deletion time has come: AWS deletes them on its own."""
    for key in list(api.api_keys.values()):
        if now >= key.deletes:
            api.api_keys.remove(key.id)


@operation("CreateApiKey")
def create_api_key(state: AppSyncState, params: Params) -> Result:
    api = lookups.keyed_api(state, params["apiId"])
    now = _now()
    expires = _expiry(params.get("expires"), now)
    _sweep(api, now)
    if len(api.api_keys) >= MAX_KEYS_PER_API:
        raise ServiceError(
            "ApiKeyLimitExceededException",
            f"A GraphQL API can have at most {MAX_KEYS_PER_API} API keys.",
        )
    key = ApiKey(
        id=ids.unique(ids.appsync_api_key_id, api.api_keys),
        description=params.get("description"),
        expires=expires,
        deletes=expires + RETENTION,
    )
    api.api_keys.add(key.id, key)
    return {"apiKey": api_key_view(key)}


@operation("ListApiKeys")
def list_api_keys(state: AppSyncState, params: Params) -> Result:
    api = lookups.keyed_api(state, params["apiId"])
    _sweep(api, _now())
    keys, token = lookups.page(
        api.api_keys, api.api_id, params.get("maxResults"), params.get("nextToken")
    )
    return {"apiKeys": [api_key_view(k) for k in keys], "nextToken": token}


@operation("UpdateApiKey")
def update_api_key(state: AppSyncState, params: Params) -> Result:
    api = lookups.keyed_api(state, params["apiId"])
    now = _now()
    _sweep(api, now)
    key = lookups.api_key(api, params["id"])
    requested = params.get("expires")
    expires = _expiry(requested, now) if requested is not None else key.expires
    # Every check passed: only now does the key change.
    if params.get("description") is not None:
        key.description = params["description"]
    if requested is not None:
        key.expires, key.deletes = expires, expires + RETENTION
    return {"apiKey": api_key_view(key)}


@operation("DeleteApiKey")
def delete_api_key(state: AppSyncState, params: Params) -> Result:
    api = lookups.keyed_api(state, params["apiId"])
    _sweep(api, _now())
    api.api_keys.remove(lookups.api_key(api, params["id"]).id)
    return None
