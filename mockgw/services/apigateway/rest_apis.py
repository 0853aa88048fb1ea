"""REST APIs: CreateRestApi, GetRestApi(s), UpdateRestApi, DeleteRestApi.

Recorded AWS behaviour (LocalStack snapshots validated against AWS, ``test_apigateway_api``):
a new API has ``apiKeySource: HEADER``, ``disableExecuteApiEndpoint: false``, an EDGE endpoint
with ``ipAddressType: ipv4`` (PRIVATE defaults to ``dualstack``) and a root resource ``/`` whose
id is ``rootResourceId``; Create and list answers omit empty tags, Update always carries ``tags``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from mockgw import clock, errors, ids
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.models import DEFAULT_MODELS, JSON, Model
from mockgw.services.apigateway.records.rest_apis import Resource, RestApi, rest_api_view
from mockgw.services.apigateway.records.rules import ENDPOINT_TYPES, TAGS, endpoint_configuration
from mockgw.services.apigateway.state import REST_API, ApiGatewayState

MAX_COMPRESSION = 10_485_760
IP_ADDRESS_TYPES = ("ipv4", "dualstack")


def _endpoint_configuration(given: Mapping[str, Any] | None) -> dict[str, Any]:
    out = endpoint_configuration(given)
    if given is not None and given.get("vpcEndpointIds"):
        out["vpcEndpointIds"] = list(given["vpcEndpointIds"])
    return out


def _check_compression(size: int | None) -> None:
    if size is not None and not 0 <= size <= MAX_COMPRESSION:
        raise errors.bad_request(
            f"Invalid minimum compression size, must be between 0 and {MAX_COMPRESSION}"
        )


@operation("CreateRestApi")
def create_rest_api(state: ApiGatewayState, params: Params) -> Result:
    description = params.get("description")
    if description == "":
        raise errors.bad_request("Description cannot be an empty string")
    endpoint = _endpoint_configuration(params.get("endpointConfiguration"))
    _check_compression(params.get("minimumCompressionSize"))
    tags = params.get("tags") or {}
    TAGS.check(tags)
    source = None
    if params.get("cloneFrom"):
        # CreateRestApi's model lists no NotFoundException: an unknown source is bad input.
        source = state.rest_apis.get(params["cloneFrom"])
        if source is None:
            raise errors.bad_request(
                f"Invalid API identifier specified {state.account_id}:{params['cloneFrom']}"
            )
    api = RestApi(
        id=ids.unique(ids.rest_api_id, state.rest_apis),
        name=params["name"],
        created_date=int(clock.now()),
        description=description,
        version=params.get("version"),
        binary_media_types=list(params.get("binaryMediaTypes") or ()),
        minimum_compression_size=params.get("minimumCompressionSize"),
        api_key_source=params.get("apiKeySource") or "HEADER",
        endpoint_configuration=endpoint,
        policy=params.get("policy"),
        disable_execute_api_endpoint=bool(params.get("disableExecuteApiEndpoint", False)),
        tags=dict(tags),
    )
    api.root_resource_id = ids.root_resource_id()
    root = Resource(id=api.root_resource_id, parent_id=None, path_part=None, path="/")
    api.resources.add(root.id, root)
    if source is not None:
        _clone_tree(source, api)
        _clone_definitions(source, api)
    else:
        for name, description, schema in DEFAULT_MODELS:
            model_id = ids.unique(ids.model_id, {m.id for m in api.models.values()})
            api.models.add(name, Model(model_id, name, JSON, schema, description))
    state.rest_apis.add(api.id, api)
    state.addresses.publish(REST_API, api.id)
    return rest_api_view(api, tags_always=False)


def _clone_tree(source: RestApi, target: RestApi) -> None:
    """Copy ``source``'s resources and methods into ``target`` under fresh resource ids."""
    new_ids = {source.root_resource_id: target.root_resource_id}
    root = target.resources.get(target.root_resource_id)
    assert root is not None
    for res in source.resources.values():
        if res.is_root:
            root.methods = copy.deepcopy(res.methods)
            continue
        new_ids[res.id] = ids.unique(ids.resource_id, target.resources)
    for res in source.resources.values():
        if res.is_root or res.parent_id is None:
            continue
        clone = Resource(
            id=new_ids[res.id],
            parent_id=new_ids[res.parent_id],
            path_part=res.path_part,
            path=res.path,
            methods=copy.deepcopy(res.methods),
        )
        for m in clone.methods.values():
            if m.integration is not None and m.integration.cache_namespace == res.id:
                m.integration.cache_namespace = clone.id
        target.resources.add(clone.id, clone)


def _clone_definitions(source: RestApi, target: RestApi) -> None:
    """Copy ``source``'s models, validators, authorizers, gateway responses and documentation
    parts into ``target``, under the same ids (methods keep naming them); the authorizer
    decisions a test registered stay with the source."""
    for name in ("models", "request_validators", "authorizers", "gateway_responses"):
        store = getattr(source, name)
        for key in store.ids():
            getattr(target, name).add(key, copy.deepcopy(store.get(key)))
    for part in source.documentation_parts.values():
        target.documentation_parts.add(part.id, copy.deepcopy(part))


@operation("GetRestApi")
def get_rest_api(state: ApiGatewayState, params: Params) -> Result:
    return rest_api_view(lookups.rest_api(state, params["restApiId"]), tags_always=True)


@operation("GetRestApis")
def get_rest_apis(state: ApiGatewayState, params: Params) -> Result:
    apis, position = lookups.oldest_first(state.rest_apis, params)
    return {
        "items": [rest_api_view(a, tags_always=False) for a in apis],
        "position": position,
    }


@operation("DeleteRestApi")
def delete_rest_api(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    state.rest_apis.remove(api.id)
    state.addresses.withdraw(REST_API, api.id)
    return None


@operation("UpdateRestApi")
def update_rest_api(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    draft = patch.draft(api, "binary_media_types", "endpoint_configuration")
    UPDATE.apply(draft, params.get("patchOperations"))
    endpoint = draft.endpoint_configuration
    if endpoint["types"] == ["PRIVATE"] and endpoint.get("ipAddressType") != "dualstack":
        raise errors.bad_request("Only dualstack ipAddressType is supported for Private APIs.")
    patch.commit(api, draft, *_UPDATED)
    return rest_api_view(api, tags_always=True)


_UPDATED = (
    "name",
    "description",
    "version",
    "api_key_source",
    "minimum_compression_size",
    "disable_execute_api_endpoint",
    "policy",
    "binary_media_types",
    "endpoint_configuration",
)


def _patch_media_type(api: RestApi, change: patch.Change) -> None:
    media_type = patch.unescape(change.args["type"])
    types = api.binary_media_types
    if change.op in ("remove", "replace") and media_type in types:
        types.remove(media_type)
    if change.op == "add" and media_type not in types:
        types.append(media_type)
    if change.op == "replace" and change.value and patch.unescape(change.value) not in types:
        types.append(patch.unescape(change.value))


def _patch_endpoint_type(api: RestApi, change: patch.Change) -> None:
    if change.value not in ENDPOINT_TYPES:
        raise errors.bad_request(
            "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE"
        )
    endpoint = api.endpoint_configuration
    endpoint["types"] = [change.value]
    if change.value == "PRIVATE":
        # A private API is dualstack only: switching to PRIVATE switches it (recorded).
        endpoint["ipAddressType"] = "dualstack"


def _set_name(api: RestApi, change: patch.Change) -> None:
    if not change.value:
        raise errors.bad_request("Invalid REST API name specified")
    api.name = change.value


def _set_api_key_source(api: RestApi, change: patch.Change) -> None:
    if change.value not in ("HEADER", "AUTHORIZER"):
        raise errors.bad_request(
            "Invalid API Key source specified. Valid options are HEADER,AUTHORIZER"
        )
    api.api_key_source = change.value


def _set_compression(api: RestApi, change: patch.Change) -> None:
    if change.value in (None, ""):
        api.minimum_compression_size = None
        return
    try:
        size = int(change.value)
    except ValueError:
        size = -1
    _check_compression(size)
    api.minimum_compression_size = size


def _set_ip_address_type(api: RestApi, change: patch.Change) -> None:
    if change.value not in IP_ADDRESS_TYPES:
        raise errors.bad_request("ipAddressType must be either ipv4 or dualstack.")
    api.endpoint_configuration["ipAddressType"] = change.value


def _optional(text: str | None) -> str | None:
    return text or None


def _any_of_three(op: str, path: str) -> errors.ServiceError:
    return errors.bad_request(patch.UNKNOWN_OP_PIPES)


_REPLACE = ("replace",)
#: A path no rule matches: ``Invalid patch path <path>``; a known path with another op than
#: ``replace``: ``... Must be one of: [replace]`` (the two list paths answer in their own form).
UPDATE = patch.PatchTable(
    patch.Rule(
        patch.ADD_REMOVE_REPLACE,
        "/binaryMediaTypes/{type+}",
        _patch_media_type,
        wrong_op=_any_of_three,
    ),
    patch.Rule(
        _REPLACE,
        "/endpointConfiguration/types/{index*}",
        _patch_endpoint_type,
        wrong_op=_any_of_three,
    ),
    patch.Rule(_REPLACE, "/name", _set_name),
    # ``remove /description`` clears it (recorded), as replacing it with nothing does
    patch.Rule(("replace", "remove"), "/description", patch.setter("description", _optional)),
    patch.Rule(_REPLACE, "/version", patch.setter("version", _optional)),
    patch.Rule(_REPLACE, "/apiKeySource", _set_api_key_source),
    patch.Rule(_REPLACE, "/minimumCompressionSize", _set_compression),
    patch.Rule(
        _REPLACE,
        "/disableExecuteApiEndpoint",
        patch.setter("disable_execute_api_endpoint", lambda v: str(v).lower() == "true"),
    ),
    patch.Rule(_REPLACE, "/policy", patch.setter("policy", _optional)),
    patch.Rule(_REPLACE, "/endpointConfiguration/ipAddressType", _set_ip_address_type),
    known_ops=patch.OPS,
    unknown_path=lambda table, op, path: errors.bad_request(f"Invalid patch path {path}"),
    wrong_op=lambda op, path: errors.bad_request(patch.ONLY_REPLACE),
)
