"""A REST API's resource tree: CreateResource, GetResource(s), UpdateResource, DeleteResource.

Recorded AWS behaviour (LocalStack snapshots validated against AWS, ``test_apigateway_api``):
resource-level calls on an unknown API answer ``Invalid Resource identifier specified``; a path
part is a literal or one ``{variable}`` (greedy with ``+``) per level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mockgw import errors, ids
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.rest_apis import (
    MAX_RESOURCE_DEPTH,
    Resource,
    RestApi,
    resource_view,
)
from mockgw.services.apigateway.state import ApiGatewayState

#: A path part is a literal (a-zA-Z0-9._-) or a variable in braces, greedy with a trailing "+".
_PATH_PART = re.compile(r"^(?:[a-zA-Z0-9._-]+|\{[a-zA-Z0-9._-]+\+?\})$")
PATH_PART_MESSAGE = (
    "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end "
    "and an optional plus sign before the closing brace."
)


def _check_path_part(api: RestApi, parent: Resource, path_part: str, moving: str | None) -> None:
    """AWS's rules for ``path_part`` under ``parent`` (``moving``: the resource being moved)."""
    if not _PATH_PART.match(path_part):
        raise errors.bad_request(PATH_PART_MESSAGE)
    if parent.path_part is not None and parent.path_part.endswith("+}"):
        raise errors.bad_request(
            f"Cannot create a child of a resource with a greedy path variable: {parent.path_part}"
        )
    siblings = [r for r in api.children(parent.id) if r.id != moving]
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


def _depth(resource: Resource) -> int:
    """Levels below the root (``/`` is 0, ``/a/b`` is 2)."""
    return 0 if resource.path == "/" else resource.path.count("/")


def _check_depth(parent: Resource, below: int) -> None:
    """Refuse a tree deeper than :data:`MAX_RESOURCE_DEPTH` (chosen text: AWS's is not
    recorded) when ``below`` levels hang under ``parent``."""
    if _depth(parent) + below > MAX_RESOURCE_DEPTH:
        raise errors.bad_request(f"Resource paths may be at most {MAX_RESOURCE_DEPTH} levels deep")


@operation("CreateResource")
def create_resource(state: ApiGatewayState, params: Params) -> Result:
    api, parent = lookups.resource(state, params["restApiId"], params["parentId"])
    path_part = params["pathPart"]
    _check_path_part(api, parent, path_part, None)
    _check_depth(parent, 1)
    res = Resource(
        id=ids.unique(ids.resource_id, api.resources),
        parent_id=parent.id,
        path_part=path_part,
        path=_child_path(parent, path_part),
    )
    api.resources.add(res.id, res)
    return resource_view(res, embed_methods=False)


@operation("GetResource")
def get_resource(state: ApiGatewayState, params: Params) -> Result:
    _, res = lookups.resource(state, params["restApiId"], params["resourceId"])
    return resource_view(res, embed_methods=lookups.embeds(params, "methods"))


@operation("GetResources")
def get_resources(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    items, position = lookups.oldest_first(api.resources, params)
    embed = lookups.embeds(params, "methods")
    return {"items": [resource_view(r, embed_methods=embed) for r in items], "position": position}


@operation("DeleteResource")
def delete_resource(state: ApiGatewayState, params: Params) -> Result:
    api, res = lookups.resource(state, params["restApiId"], params["resourceId"])
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
        for child in api.children(parent_id):
            out.append(child)
            frontier.append(child.id)
    return out


@dataclass
class _Move:
    """UpdateResource's draft: where the resource should hang."""

    resource: Resource
    parent_id: str | None
    path_part: str | None


def _set_path_part(draft: _Move, change: patch.Change) -> None:
    if draft.resource.is_root:
        raise errors.bad_request("Root resource cannot update its pathPart.")
    draft.path_part = change.value or ""


def _set_parent(draft: _Move, change: patch.Change) -> None:
    if draft.resource.is_root:
        raise errors.bad_request("Root resource cannot update its parentId.")
    api: RestApi = change.context
    if change.value not in api.resources:
        raise errors.not_found("Invalid Resource identifier specified")
    draft.parent_id = change.value


UPDATE = patch.PatchTable(
    patch.Rule(("replace",), "/parentId", _set_parent),
    patch.Rule(("replace",), "/pathPart", _set_path_part),
    known_ops=("replace",),
    unknown_op=lambda op, path: errors.bad_request(
        f"Invalid patch path  '{path}' specified for op '{op}'. Please choose supported operations"
    ),
)


@operation("UpdateResource")
def update_resource(state: ApiGatewayState, params: Params) -> Result:
    api, res = lookups.resource(state, params["restApiId"], params["resourceId"])
    move = _Move(res, res.parent_id, res.path_part)
    UPDATE.apply(move, params.get("patchOperations"), api)
    parent_id, path_part = move.parent_id, move.path_part
    if res.is_root or (parent_id, path_part) == (res.parent_id, res.path_part):
        return resource_view(res, embed_methods=False)
    assert parent_id is not None and path_part is not None
    moved = _subtree(api, res)
    if parent_id in {r.id for r in moved}:
        raise errors.bad_request("Resources cannot be cyclical.")
    parent = api.resources.get(parent_id)
    assert parent is not None
    _check_path_part(api, parent, path_part, res.id)
    _check_depth(parent, 1 + max(_depth(r) for r in moved) - _depth(res))
    res.parent_id, res.path_part = parent_id, path_part
    for r in moved:  # parents come before their children in the subtree walk
        above = api.resources.get(r.parent_id or "")
        assert above is not None and r.path_part is not None
        r.path = _child_path(above, r.path_part)
    return resource_view(res, embed_methods=False)
