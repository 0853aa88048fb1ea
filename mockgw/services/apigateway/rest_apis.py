"""REST APIs and their resource tree: CreateRestApi, GetRestApi(s), UpdateRestApi,
DeleteRestApi, CreateResource, GetResource(s), UpdateResource, DeleteResource.

Recorded AWS behaviour (LocalStack snapshots validated against AWS, ``test_apigateway_api``):
a new API has ``apiKeySource: HEADER``, ``disableExecuteApiEndpoint: false``, an EDGE endpoint
with ``ipAddressType: ipv4`` (PRIVATE defaults to ``dualstack``) and a root resource ``/`` whose
id is ``rootResourceId``; Create and list answers omit empty tags, Update always carries ``tags``.
Resource-level calls on an unknown API answer ``Invalid Resource identifier specified``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from mockgw import clock, errors, ids
from mockgw.services._base import Params, Result
from mockgw.services._store import Store
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway._table import operations
from mockgw.services.apigateway.rest_api_models import Method, Resource, RestApi
from mockgw.services.apigateway.state import ApiGatewayState
from mockgw.services.apigateway.tags import validate_tags

T = TypeVar("T")

MAX_COMPRESSION = 10_485_760
ENDPOINT_TYPES = ("REGIONAL", "EDGE", "PRIVATE")
IP_ADDRESS_TYPES = ("ipv4", "dualstack")

#: A path part is a literal (a-zA-Z0-9._-) or a variable in braces, greedy with a trailing "+".
_PATH_PART = re.compile(r"^(?:[a-zA-Z0-9._-]+|\{[a-zA-Z0-9._-]+\+?\})$")
PATH_PART_MESSAGE = (
    "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end "
    "and an optional plus sign before the closing brace."
)

# ------------------------------------------------------------------------------ shared lookups


def page(store: Store[T], params: Params) -> tuple[list[T], str | None]:
    """A page of ``store`` in creation order, with API Gateway's ``limit``/``position`` rules."""
    return lookups.paged(
        store, params.get("limit"), params.get("position"), None, newest_first=False
    )


def resource(
    state: ApiGatewayState, rest_api_id: str, resource_id: str
) -> tuple[RestApi, Resource]:
    """The API and one of its resources; AWS answers the same for an unknown API or resource."""
    api = state.rest_apis.get(rest_api_id)
    found = None if api is None else api.resources.get(resource_id)
    if api is None or found is None:
        raise errors.not_found("Invalid Resource identifier specified")
    return api, found


def method(state: ApiGatewayState, params: Params) -> tuple[RestApi, Resource, Method]:
    """The method ``params`` name (restApiId, resourceId, httpMethod)."""
    api, res = resource(state, params["restApiId"], params["resourceId"])
    found = res.methods.get(params["httpMethod"])
    if found is None:
        raise errors.not_found("Invalid Method identifier specified")
    return api, res, found


# ------------------------------------------------------------------------------ views


def rest_api_view(api: RestApi, *, tags_always: bool) -> dict[str, Any]:
    return {
        "id": api.id,
        "name": api.name,
        "description": api.description,
        "createdDate": api.created_date,
        "version": api.version,
        "binaryMediaTypes": list(api.binary_media_types) or None,
        "minimumCompressionSize": api.minimum_compression_size,
        "apiKeySource": api.api_key_source,
        "endpointConfiguration": copy.deepcopy(api.endpoint_configuration),
        "policy": api.policy,
        "tags": dict(api.tags) if (api.tags or tags_always) else None,
        "disableExecuteApiEndpoint": api.disable_execute_api_endpoint,
        "rootResourceId": api.root_resource_id,
    }


def resource_view(res: Resource, *, embed_methods: bool) -> dict[str, Any]:
    """A ``Resource`` shape. Without ``embed=methods`` each method shows as ``{}``, as in the
    AWS CLI's documented get-resources output; with it, each is a full ``Method``."""
    from mockgw.services.apigateway.methods import method_view  # methods imports this module

    methods: dict[str, Any] | None = None
    if res.methods:
        methods = {name: method_view(m) if embed_methods else {} for name, m in res.methods.items()}
    return {
        "id": res.id,
        "parentId": res.parent_id,
        "pathPart": res.path_part,
        "path": res.path,
        "resourceMethods": methods,
    }


# ------------------------------------------------------------------------------ REST APIs


def _endpoint_configuration(given: Mapping[str, Any] | None) -> dict[str, Any]:
    if given is None:
        return {"types": ["EDGE"], "ipAddressType": "ipv4"}
    types = list(given.get("types") or [])
    if not types:
        raise errors.bad_request(
            "REGIONAL Configuration and EDGE Configuration cannot be both DISABLED."
        )
    if len(types) > 1:
        raise errors.bad_request("Cannot create an api with multiple Endpoint Types.")
    private = types[0] == "PRIVATE"
    ip_type = given.get("ipAddressType") or ("dualstack" if private else "ipv4")
    if private and ip_type != "dualstack":
        raise errors.bad_request("Only dualstack ipAddressType is supported for Private APIs.")
    out: dict[str, Any] = {"types": types, "ipAddressType": ip_type}
    if given.get("vpcEndpointIds"):
        out["vpcEndpointIds"] = list(given["vpcEndpointIds"])
    return out


def _check_compression(size: int | None) -> None:
    if size is not None and not 0 <= size <= MAX_COMPRESSION:
        raise errors.bad_request(
            f"Invalid minimum compression size, must be between 0 and {MAX_COMPRESSION}"
        )


def _new_id(taken: Any, make: Any) -> str:
    while True:
        new: str = make()
        if new not in taken:
            return new


@operations("CreateRestApi")
def create_rest_api(state: ApiGatewayState, params: Params) -> Result:
    description = params.get("description")
    if description == "":
        raise errors.bad_request("Description cannot be an empty string")
    endpoint = _endpoint_configuration(params.get("endpointConfiguration"))
    _check_compression(params.get("minimumCompressionSize"))
    tags = params.get("tags") or {}
    validate_tags(tags)
    source = None
    if params.get("cloneFrom"):
        # CreateRestApi's model lists no NotFoundException: an unknown source is bad input.
        source = state.rest_apis.get(params["cloneFrom"])
        if source is None:
            raise errors.bad_request(
                f"Invalid API identifier specified {state.account_id}:{params['cloneFrom']}"
            )
    api = RestApi(
        id=_new_id(state.rest_apis, ids.rest_api_id),
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
    state.rest_apis.add(api.id, api)
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
        new_ids[res.id] = _new_id(target.resources, ids.resource_id)
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


@operations("GetRestApi")
def get_rest_api(state: ApiGatewayState, params: Params) -> Result:
    return rest_api_view(lookups.rest_api(state, params["restApiId"]), tags_always=True)


@operations("GetRestApis")
def get_rest_apis(state: ApiGatewayState, params: Params) -> Result:
    apis, position = page(state.rest_apis, params)
    return {
        "items": [rest_api_view(a, tags_always=False) for a in apis],
        "position": position,
    }


@operations("DeleteRestApi")
def delete_rest_api(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    state.rest_apis.remove(api.id)
    return None


_API_SCALAR_PATHS = (
    "/name",
    "/description",
    "/version",
    "/apiKeySource",
    "/minimumCompressionSize",
    "/disableExecuteApiEndpoint",
    "/policy",
    "/endpointConfiguration/ipAddressType",
)


@operations("UpdateRestApi")
def update_rest_api(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    draft = copy.copy(api)
    draft.binary_media_types = list(api.binary_media_types)
    draft.endpoint_configuration = copy.deepcopy(api.endpoint_configuration)
    for patch in params.get("patchOperations") or ():
        _patch_rest_api(draft, patch)
    endpoint = draft.endpoint_configuration
    if endpoint["types"] == ["PRIVATE"] and endpoint.get("ipAddressType") != "dualstack":
        raise errors.bad_request("Only dualstack ipAddressType is supported for Private APIs.")
    # Commit only after every operation was accepted: a failed patch changes nothing.
    for name in (
        "name",
        "description",
        "version",
        "api_key_source",
        "minimum_compression_size",
        "disable_execute_api_endpoint",
        "policy",
        "binary_media_types",
        "endpoint_configuration",
    ):
        setattr(api, name, getattr(draft, name))
    return rest_api_view(api, tags_always=True)


def _patch_rest_api(api: RestApi, patch: Mapping[str, Any]) -> None:
    op, path, value = patch.get("op"), patch.get("path") or "", patch.get("value")
    if path.startswith("/binaryMediaTypes/"):
        media_type = _unescape(path[len("/binaryMediaTypes/") :])
        if op == "add":
            if media_type not in api.binary_media_types:
                api.binary_media_types.append(media_type)
        elif op == "remove":
            if media_type in api.binary_media_types:
                api.binary_media_types.remove(media_type)
        elif op == "replace":
            if media_type in api.binary_media_types:
                api.binary_media_types.remove(media_type)
            if value and _unescape(value) not in api.binary_media_types:
                api.binary_media_types.append(_unescape(value))
        else:
            raise errors.bad_request(
                "Invalid patch operation specified. Must be 'add'|'remove'|'replace'"
            )
        return
    if path.startswith("/endpointConfiguration/types/"):
        if op != "replace":
            raise errors.bad_request(
                "Invalid patch operation specified. Must be 'add'|'remove'|'replace'"
            )
        if value not in ENDPOINT_TYPES:
            raise errors.bad_request(
                "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE"
            )
        endpoint = api.endpoint_configuration
        endpoint["types"] = [value]
        if value == "PRIVATE" and "ipAddressType" not in endpoint:
            endpoint["ipAddressType"] = "dualstack"
        return
    if path not in _API_SCALAR_PATHS:
        raise errors.bad_request(f"Invalid patch path {path}")
    if op != "replace":
        raise errors.bad_request("Invalid patch operation specified. Must be one of: [replace]")
    if path == "/name":
        if not value:
            raise errors.bad_request("Invalid REST API name specified")
        api.name = value
    elif path == "/description":
        api.description = value or None
    elif path == "/version":
        api.version = value or None
    elif path == "/apiKeySource":
        if value not in ("HEADER", "AUTHORIZER"):
            raise errors.bad_request(
                "Invalid API Key source specified. Valid options are HEADER,AUTHORIZER"
            )
        api.api_key_source = value
    elif path == "/minimumCompressionSize":
        if value in (None, ""):
            api.minimum_compression_size = None
            return
        try:
            size = int(value)
        except ValueError:
            size = -1
        _check_compression(size)
        api.minimum_compression_size = size
    elif path == "/disableExecuteApiEndpoint":
        api.disable_execute_api_endpoint = str(value).lower() == "true"
    elif path == "/policy":
        api.policy = value or None
    else:  # /endpointConfiguration/ipAddressType
        if value not in IP_ADDRESS_TYPES:
            raise errors.bad_request("ipAddressType must be either ipv4 or dualstack.")
        api.endpoint_configuration["ipAddressType"] = value


def _unescape(text: str) -> str:
    """JSON-pointer escapes in a patch path: ``~1`` is ``/`` and ``~0`` is ``~``."""
    return text.replace("~1", "/").replace("~0", "~")


# ------------------------------------------------------------------------------ resources


def _children(api: RestApi, parent_id: str) -> list[Resource]:
    return [r for r in api.resources.values() if r.parent_id == parent_id]


def _check_path_part(api: RestApi, parent: Resource, path_part: str, moving: str | None) -> None:
    """AWS's rules for ``path_part`` under ``parent`` (``moving``: the resource being moved)."""
    if not _PATH_PART.match(path_part):
        raise errors.bad_request(PATH_PART_MESSAGE)
    if parent.path_part is not None and parent.path_part.endswith("+}"):
        raise errors.bad_request(
            f"Cannot create a child of a resource with a greedy path variable: {parent.path_part}"
        )
    siblings = [r for r in _children(api, parent.id) if r.id != moving]
    if any(r.path_part == path_part for r in siblings):
        raise errors.conflict(
            f"Another resource with the same parent already has this name: {path_part}"
        )
    if path_part.startswith("{"):
        for sibling in siblings:
            if sibling.path_part is not None and sibling.path_part.startswith("{"):
                raise errors.bad_request(
                    f"A sibling ({sibling.path_part}) of this resource already has a variable "
                    "path part -- only one is allowed"
                )


def _child_path(parent: Resource, path_part: str) -> str:
    return f"{parent.path.rstrip('/')}/{path_part}"


@operations("CreateResource")
def create_resource(state: ApiGatewayState, params: Params) -> Result:
    api, parent = resource(state, params["restApiId"], params["parentId"])
    path_part = params["pathPart"]
    _check_path_part(api, parent, path_part, None)
    res = Resource(
        id=_new_id(api.resources, ids.resource_id),
        parent_id=parent.id,
        path_part=path_part,
        path=_child_path(parent, path_part),
    )
    api.resources.add(res.id, res)
    return resource_view(res, embed_methods=False)


def _embeds_methods(params: Params) -> bool:
    return any(
        part.strip() == "methods" for e in params.get("embed") or () for part in e.split(",")
    )


@operations("GetResource")
def get_resource(state: ApiGatewayState, params: Params) -> Result:
    _, res = resource(state, params["restApiId"], params["resourceId"])
    return resource_view(res, embed_methods=_embeds_methods(params))


@operations("GetResources")
def get_resources(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    items, position = page(api.resources, params)
    embed = _embeds_methods(params)
    return {"items": [resource_view(r, embed_methods=embed) for r in items], "position": position}


@operations("DeleteResource")
def delete_resource(state: ApiGatewayState, params: Params) -> Result:
    api, res = resource(state, params["restApiId"], params["resourceId"])
    if res.is_root:
        raise errors.bad_request("Root resource cannot be deleted")
    for doomed in _subtree(api, res):
        api.resources.remove(doomed.id)
    return None


def _subtree(api: RestApi, top: Resource) -> list[Resource]:
    """``top`` and every resource below it."""
    out, frontier = [top], [top.id]
    while frontier:
        parent_id = frontier.pop()
        for child in _children(api, parent_id):
            out.append(child)
            frontier.append(child.id)
    return out


@operations("UpdateResource")
def update_resource(state: ApiGatewayState, params: Params) -> Result:
    api, res = resource(state, params["restApiId"], params["resourceId"])
    parent_id, path_part = res.parent_id, res.path_part
    for patch in params.get("patchOperations") or ():
        op, path, value = patch.get("op"), patch.get("path") or "", patch.get("value")
        if op != "replace":
            raise errors.bad_request(
                f"Invalid patch path  '{path}' specified for op '{op}'. "
                "Please choose supported operations"
            )
        if path == "/pathPart":
            if res.is_root:
                raise errors.bad_request("Root resource cannot update its pathPart.")
            path_part = value or ""
        elif path == "/parentId":
            if res.is_root:
                raise errors.bad_request("Root resource cannot update its parentId.")
            if value not in api.resources:
                raise errors.not_found("Invalid Resource identifier specified")
            parent_id = value
        else:
            raise errors.bad_request(
                f"Invalid patch path  '{path}' specified for op 'replace'. "
                "Must be one of: [/parentId, /pathPart]"
            )
    if res.is_root or (parent_id, path_part) == (res.parent_id, res.path_part):
        return resource_view(res, embed_methods=False)
    assert parent_id is not None and path_part is not None
    moved = _subtree(api, res)
    if parent_id in {r.id for r in moved}:
        raise errors.bad_request("Resources cannot be cyclical.")
    parent = api.resources.get(parent_id)
    assert parent is not None
    _check_path_part(api, parent, path_part, res.id)
    res.parent_id, res.path_part = parent_id, path_part
    for r in moved:  # parents come before their children in the subtree walk
        above = api.resources.get(r.parent_id or "")
        assert above is not None and r.path_part is not None
        r.path = _child_path(above, r.path_part)
    return resource_view(res, embed_methods=False)
