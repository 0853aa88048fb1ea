"""API caches: CreateApiCache, GetApiCache, UpdateApiCache, DeleteApiCache, FlushApiCache.

What AWS does, and where mockgw chose:

- A GraphQL API has at most one cache. ``transitEncryptionEnabled`` and
  ``atRestEncryptionEnabled`` default to false and cannot be changed later (the model);
  ``healthMetricsConfig`` defaults to DISABLED (a GetApiCache recorded right after creation in
  turbot/steampipe-plugin-aws#2591: ``"HealthMetricsConfig":"DISABLED","Status":"CREATING"``).
- A cache is provisioned at once: CreateApiCache answers ``CREATING`` and UpdateApiCache
  ``MODIFYING``, as AWS does, and every later read finds ``AVAILABLE`` (what
  terraform-provider-aws waits for). DeleteApiCache removes it at once (GetApiCache is then
  NotFoundException, what terraform-provider-aws waits for).
- UpdateApiCache replaces ``ttl``, ``apiCachingBehavior`` and ``type`` (all required) and
  ``healthMetricsConfig`` when given.
- FlushApiCache empties the cache: the control plane keeps no entries, so it checks the cache
  exists and changes nothing else.
- ``ttl`` must be 1..3600 seconds (the model's documentation); the text of the refusal is
  mockgw's: ``TTL must be between 1 and 3600 seconds.`` (BadRequestException).
- The texts for a second cache (``The API has already enabled caching.``, BadRequestException)
  and for a missing one (``Unable to {get|update|delete|flush} the cache as it doesn't exist,
  please create the cache first.``, NotFoundException) are moto's (getmoto/moto#8115), taken
  as AWS's; they are not recorded from AWS.
- Caches are for GraphQL APIs: an Event API's id is answered like an unknown GraphQL API's.
"""

from __future__ import annotations

from mockgw import errors
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync import lookups
from mockgw.services.appsync.records.caches import ApiCache, api_cache_view
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.state import AppSyncState

MIN_TTL, MAX_TTL = 1, 3600
CREATING, MODIFYING = "CREATING", "MODIFYING"


def _check_ttl(ttl: int) -> None:
    if not MIN_TTL <= ttl <= MAX_TTL:
        raise errors.bad_request(f"TTL must be between {MIN_TTL} and {MAX_TTL} seconds.")


def _cache(api: GraphqlApi, doing: str) -> ApiCache:
    if api.api_cache is None:
        raise errors.not_found(
            f"Unable to {doing} the cache as it doesn't exist, please create the cache first."
        )
    return api.api_cache


@operation("CreateApiCache")
def create_api_cache(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    if api.api_cache is not None:
        raise errors.bad_request("The API has already enabled caching.")
    _check_ttl(params["ttl"])
    cache = ApiCache(
        ttl=params["ttl"],
        api_caching_behavior=params["apiCachingBehavior"],
        type=params["type"],
        transit_encryption_enabled=bool(params.get("transitEncryptionEnabled")),
        at_rest_encryption_enabled=bool(params.get("atRestEncryptionEnabled")),
        health_metrics_config=params.get("healthMetricsConfig") or "DISABLED",
    )
    api.api_cache = cache
    return {"apiCache": api_cache_view(cache, CREATING)}


@operation("GetApiCache")
def get_api_cache(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    return {"apiCache": api_cache_view(_cache(api, "get"))}


@operation("UpdateApiCache")
def update_api_cache(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    cache = _cache(api, "update")
    _check_ttl(params["ttl"])
    cache.ttl = params["ttl"]
    cache.api_caching_behavior = params["apiCachingBehavior"]
    cache.type = params["type"]
    if params.get("healthMetricsConfig") is not None:
        cache.health_metrics_config = params["healthMetricsConfig"]
    return {"apiCache": api_cache_view(cache, MODIFYING)}


@operation("DeleteApiCache")
def delete_api_cache(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    _cache(api, "delete")
    api.api_cache = None
    return None


@operation("FlushApiCache")
def flush_api_cache(state: AppSyncState, params: Params) -> Result:
    _cache(lookups.graphql_api(state, params["apiId"]), "flush")
    return None
