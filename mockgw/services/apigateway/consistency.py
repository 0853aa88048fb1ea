"""What a restored API Gateway state must hold besides well-typed values (see ``check`` in
:class:`~mockgw.services._shared.operations.ServiceDefinition`): the invariants the handlers
keep, so a snapshot can describe only a world the API could have made."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from mockgw.services.apigateway.records.methods import selection_pattern_problem
from mockgw.services.apigateway.records.rest_apis import MAX_RESOURCE_DEPTH, Resource, RestApi
from mockgw.services.apigateway.state import ApiGatewayState


def problems(state: ApiGatewayState) -> Iterator[str]:
    """The first problems of ``state``, one line each."""
    if len(state.key_values) != len(state.api_keys):  # the index rebuilt from the keys
        yield "two API keys have the same value"
    for plan in state.usage_plans.values():
        for key_id in plan.key_ids.values():
            if key_id not in state.api_keys:
                yield f"usage plan {plan.id} holds API key {key_id!r}, which does not exist"
    for api in state.rest_apis.values():
        yield from _api_problems(api)


def _api_problems(api: RestApi) -> Iterator[str]:
    where = f"REST API {api.id}"
    if api.root_resource_id not in api.resources:
        yield f"{where}: its root resource {api.root_resource_id!r} does not exist"
        return
    yield from _tree_problems(where, dict(_items(api.resources.values())), api.root_resource_id)
    for name, stage in api.stages.items():
        if stage.stage_name != name:
            yield f"{where}: stage {name!r} is named {stage.stage_name!r}"
        for deployment_id in (
            stage.deployment_id,
            (stage.canary_settings or {}).get("deploymentId"),
        ):
            if deployment_id is not None and deployment_id not in api.deployments:
                yield (
                    f"{where}: stage {name!r} serves deployment {deployment_id!r}, which does "
                    "not exist"
                )
    for deployment in api.deployments.values():
        if deployment.resources:
            roots = [r.id for r in deployment.resources.values() if r.parent_id is None]
            yield from _tree_problems(
                f"{where}, deployment {deployment.id}",
                deployment.resources,
                roots[0] if len(roots) == 1 else None,
            )


def _items(resources: Iterable[Resource]) -> Iterator[tuple[str, Resource]]:
    for resource in resources:
        yield resource.id, resource


def _tree_problems(
    where: str, resources: Mapping[str, Resource], root: str | None
) -> Iterator[str]:
    """One root (without a parent, at ``/``), every other resource under an existing parent,
    at its parent's path plus its path part, no deeper than AWS allows, and no cycle."""
    for key, resource in resources.items():
        if resource.id != key:
            yield f"{where}: resource {key!r} says its id is {resource.id!r}"
            return
        for verb, method in resource.methods.items():
            integration = method.integration
            for response in integration.responses.values() if integration is not None else ():
                problem = selection_pattern_problem(response.selection_pattern)
                if problem is not None:
                    yield f"{where}: {verb} {resource.path}: {problem}"
                    return
    if root is None:
        yield f"{where}: there must be exactly one root resource"
        return
    top = resources[root]
    if top.parent_id is not None or top.path != "/" or top.path_part is not None:
        yield f"{where}: the root resource {root!r} must have no parent and the path /"
        return
    depth = {root: 0}
    for resource in resources.values():
        chain = []
        node = resource
        while node.id not in depth:
            chain.append(node)
            parent = resources.get(node.parent_id or "")
            if node.parent_id is None or parent is None:
                yield (
                    f"{where}: resource {node.id!r} has a parent {node.parent_id!r} that does "
                    "not exist"
                )
                return
            if len(chain) > MAX_RESOURCE_DEPTH:
                yield (
                    f"{where}: the resource tree is deeper than {MAX_RESOURCE_DEPTH} levels (or "
                    "has a cycle)"
                )
                return
            node = parent
        for child in reversed(chain):
            parent = resources[child.parent_id or ""]
            depth[child.id] = depth[parent.id] + 1
            if depth[child.id] > MAX_RESOURCE_DEPTH:
                yield f"{where}: the resource tree is deeper than {MAX_RESOURCE_DEPTH} levels"
                return
            expected = f"{parent.path.rstrip('/')}/{child.path_part}"
            if not child.path_part or child.path != expected:
                yield f"{where}: resource {child.id!r} is at {child.path!r}, not {expected!r}"
                return
