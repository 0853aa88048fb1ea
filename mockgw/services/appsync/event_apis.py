"""Event APIs: CreateApi, GetApi, ListApis, UpdateApi, DeleteApi.

What AWS does, and where mockgw chose:

- An Event API's id has a GraphQL API's form (26 lower-case base32 characters) and shares its
  ARN space: ``arn:aws:appsync:{region}:{account}:apis/{apiId}``. Its ``dns`` names the HTTP
  endpoint (``{id}.appsync-api.{region}.amazonaws.com``, publishing at ``/event``) and the
  REALTIME one (``{id}.appsync-realtime-api.{region}.amazonaws.com``). mockgw uses the API id as
  the host's first label, as it does for GraphQL APIs, and publishes it in the world's
  directory, so that calls to those hosts find the API.
- The answer carries ``created`` (the time of creation), ``xrayEnabled`` false, ``tags`` (``{}``
  when none), ``ownerContact`` only when given (terraform-provider-aws checks it is absent), no
  ``wafWebAclArn`` (no web ACL can be attached here), and ``eventConfig`` as given with the
  nested defaults AWS fills in (records/event_apis.py).
- Every auth mode (connection, default publish and subscribe) must name one of the API's auth
  providers, and a Cognito, OIDC or Lambda provider must carry its config
  (BadRequestException; texts in records/event_apis.py).
- UpdateApi takes the whole configuration: ``name`` and ``eventConfig`` are required, and an
  ``ownerContact`` left out is removed (mockgw's reading of a full-replacement update, which is
  how terraform-provider-aws sends it).
- An unknown id is AWS's ``API not found.`` (NotFoundException). Deleting an API deletes its
  channel namespaces, API keys and tags; an API a custom domain serves cannot be deleted.
- ListApis lists the Event APIs (not the GraphQL APIs), in creation order, 25 a page.
"""

from __future__ import annotations

from typing import Any

from mockgw import clock, errors, ids
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync import lookups
from mockgw.services.appsync.records.event_apis import (
    EventApi,
    event_api_view,
    event_config_problem,
    with_defaults,
)
from mockgw.services.appsync.state import API, AppSyncState


def _event_config(params: Params) -> dict[str, Any]:
    config: dict[str, Any] = params["eventConfig"]
    problem = event_config_problem(config)
    if problem is not None:
        raise errors.bad_request(problem)
    return with_defaults(config)


@operation("CreateApi")
def create_api(state: AppSyncState, params: Params) -> Result:
    config = _event_config(params)
    api_id = ids.unique(ids.appsync_api_id, lookups.ApiIds(state))
    hosts = state.hosts(api_id)
    api = EventApi(
        api_id=api_id,
        name=params["name"],
        arn=state.api_arn(api_id),
        dns={"HTTP": hosts["GRAPHQL"], "REALTIME": hosts["REALTIME"]},
        created=clock.now(),
        event_config=config,
        owner_contact=params.get("ownerContact"),
        tags=dict(params.get("tags") or {}),
    )
    state.event_apis.add(api_id, api)
    state.addresses.publish(API, api_id)
    return {"api": event_api_view(api)}


@operation("GetApi")
def get_api(state: AppSyncState, params: Params) -> Result:
    return {"api": event_api_view(lookups.event_api(state, params["apiId"]))}


@operation("ListApis")
def list_apis(state: AppSyncState, params: Params) -> Result:
    apis, token = lookups.page(
        state.event_apis, "apis", params.get("maxResults"), params.get("nextToken")
    )
    return {"apis": [event_api_view(api) for api in apis], "nextToken": token}


@operation("UpdateApi")
def update_api(state: AppSyncState, params: Params) -> Result:
    api = lookups.event_api(state, params["apiId"])
    config = _event_config(params)
    api.name = params["name"]
    api.event_config = config
    api.owner_contact = params.get("ownerContact")
    return {"api": event_api_view(api)}


@operation("DeleteApi")
def delete_api(state: AppSyncState, params: Params) -> Result:
    api = lookups.event_api(state, params["apiId"])
    lookups.check_deletable(state, api.api_id)
    state.event_apis.remove(api.api_id)  # its namespaces, keys and tags live on it
    state.addresses.withdraw(API, api.api_id)
    return None
