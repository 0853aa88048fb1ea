"""An Event API's channel namespaces: CreateChannelNamespace, GetChannelNamespace,
ListChannelNamespaces, UpdateChannelNamespace, DeleteChannelNamespace.

What AWS does, and where mockgw chose:

- A namespace's ARN is ``arn:aws:appsync:{region}:{account}:apis/{apiId}/channelNamespace/{name}``
  (terraform-provider-aws checks ``apis/.+/channelNamespace/.+``). Its name is unique within its
  API: a second one is ConflictException (the model's error for the call), with mockgw's text
  ``Channel namespace {name} already exists.``
- The answer carries ``created`` and ``lastModified``, ``tags`` (``{}`` when none), the auth
  modes and ``codeHandlers`` only when set, and ``handlerConfigs`` always: ``{}`` when none is
  set (terraform-provider-aws clears an empty ``handlerConfigs`` it reads back, which AWS
  therefore sends). A listed namespace leaves its code handlers out (the model's documentation).
- A namespace's publish and subscribe auth modes must name auth providers of its API
  (BadRequestException, texts in records/event_apis.py). ``codeHandlers`` is stored as given:
  its JavaScript is not run here; a handler's ``dataSourceName`` is not checked against the
  API's data sources.
- UpdateChannelNamespace takes the whole configuration: the auth modes, code handlers and
  handler configs it leaves out are removed (how terraform-provider-aws sends an update).
- An unknown API is AWS's ``API not found.``; an unknown namespace is NotFoundException
  ``Channel namespace {name} not found.`` (mockgw's text).
"""

from __future__ import annotations

import copy

from mockgw import clock, errors
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync import lookups
from mockgw.services.appsync.records.event_apis import (
    ChannelNamespace,
    EventApi,
    auth_modes_problem,
    channel_namespace_view,
)
from mockgw.services.appsync.state import AppSyncState


def _check_modes(api: EventApi, params: Params) -> None:
    problem = auth_modes_problem(
        api.event_config, params.get("publishAuthModes"), params.get("subscribeAuthModes")
    )
    if problem is not None:
        raise errors.bad_request(problem)


def _configure(namespace: ChannelNamespace, params: Params) -> None:
    namespace.publish_auth_modes = copy.deepcopy(params.get("publishAuthModes"))
    namespace.subscribe_auth_modes = copy.deepcopy(params.get("subscribeAuthModes"))
    namespace.code_handlers = params.get("codeHandlers")
    namespace.handler_configs = copy.deepcopy(params.get("handlerConfigs") or {})


@operation("CreateChannelNamespace")
def create_channel_namespace(state: AppSyncState, params: Params) -> Result:
    api = lookups.event_api(state, params["apiId"])
    name = params["name"]
    if name in api.namespaces:
        raise errors.conflict(f"Channel namespace {name} already exists.")
    _check_modes(api, params)
    now = clock.now()
    namespace = ChannelNamespace(
        api_id=api.api_id,
        name=name,
        arn=state.arn(f"apis/{api.api_id}/channelNamespace/{name}"),
        created=now,
        last_modified=now,
        tags=dict(params.get("tags") or {}),
    )
    _configure(namespace, params)
    api.namespaces.add(name, namespace)
    return {"channelNamespace": channel_namespace_view(namespace)}


@operation("GetChannelNamespace")
def get_channel_namespace(state: AppSyncState, params: Params) -> Result:
    api = lookups.event_api(state, params["apiId"])
    return {
        "channelNamespace": channel_namespace_view(lookups.channel_namespace(api, params["name"]))
    }


@operation("ListChannelNamespaces")
def list_channel_namespaces(state: AppSyncState, params: Params) -> Result:
    api = lookups.event_api(state, params["apiId"])
    found, token = lookups.page(
        api.namespaces,
        f"{api.api_id}/channelNamespaces",
        params.get("maxResults"),
        params.get("nextToken"),
    )
    return {
        "channelNamespaces": [channel_namespace_view(n, listed=True) for n in found],
        "nextToken": token,
    }


@operation("UpdateChannelNamespace")
def update_channel_namespace(state: AppSyncState, params: Params) -> Result:
    api = lookups.event_api(state, params["apiId"])
    namespace = lookups.channel_namespace(api, params["name"])
    _check_modes(api, params)
    _configure(namespace, params)
    namespace.last_modified = clock.now()
    return {"channelNamespace": channel_namespace_view(namespace)}


@operation("DeleteChannelNamespace")
def delete_channel_namespace(state: AppSyncState, params: Params) -> Result:
    api = lookups.event_api(state, params["apiId"])
    api.namespaces.remove(lookups.channel_namespace(api, params["name"]).name)
    return None
