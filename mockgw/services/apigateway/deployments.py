"""Deployments: CreateDeployment, GetDeployment(s), UpdateDeployment, DeleteDeployment.

A deployment freezes a copy of the API's resources (and indexes it for the execute-api
engine), models, request validators, authorizers and customized gateway responses; with a
``stageName`` it creates that stage or points it at the new deployment. UpdateDeployment takes
``replace /description`` (the AWS CLI's documented example); its other answers follow the newer
APIs' recorded texts (mockgw's choice). AWS
refuses to deploy an API without methods (``The REST API doesn't contain any methods``) or with
a method that has no integration (``No integration defined for method``), both 400, and to
delete a deployment a stage still serves (``Active stages pointing to this deployment must be
moved or deleted``, 400).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from mockgw import clock, errors, ids
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services._shared.store import Store, T
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.rest_apis import Deployment, RestApi, deployment_view
from mockgw.services.apigateway.records.routes import Routes
from mockgw.services.apigateway.records.rules import DESCRIPTION
from mockgw.services.apigateway.records.stages import (
    Stage,
    check_cache_size,
    check_stage_name,
    new_canary,
    set_cache,
)
from mockgw.services.apigateway.state import ApiGatewayState


def _check_deployable(api: RestApi) -> None:
    if not api.has_methods():
        raise errors.bad_request("The REST API doesn't contain any methods")
    for res in api.resources.values():
        if any(m.integration is None for m in res.methods.values()):
            raise errors.bad_request("No integration defined for method")


def _canary(params: Params, stage_name: str | None, api: RestApi) -> Mapping[str, Any] | None:
    canary: Mapping[str, Any] | None = params.get("canarySettings")
    if canary is None:
        return None
    prefix = "Invalid deployment content specified."
    if not stage_name:
        given = params.get("stageName")  # AWS prints an empty name as nothing, a missing one null
        raise errors.bad_request(
            prefix + "Non null and non empty stageName must be provided for canary deployment. "
            f"Provided value is {'null' if given is None else given}"
        )
    if stage_name not in api.stages:
        raise errors.bad_request(
            prefix + f"Stage {stage_name} must already be created before making a canary "
            "release deployment"
        )
    return canary


@operation("CreateDeployment")
def create_deployment(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    stage_name = params.get("stageName") or None  # an empty stage name creates no stage
    if stage_name is not None:
        check_stage_name(stage_name)
    canary = _canary(params, stage_name, api)
    _check_deployable(api)
    check_cache_size(params.get("cacheClusterSize"))
    now = int(clock.now())
    deployment = Deployment(
        id=ids.unique(ids.deployment_id, api.deployments),
        created_date=now,
        description=params.get("description"),
        resources={r.id: copy.deepcopy(r) for r in api.resources.values()},
        models=_frozen(api.models),
        request_validators=_frozen(api.request_validators),
        authorizers=_frozen(api.authorizers),
        gateway_responses=_frozen(api.gateway_responses),
    )
    deployment.routes = Routes(deployment.resources)
    api.deployments.add(deployment.id, deployment)
    if stage_name is not None:
        stage = api.stages.get(stage_name)
        if canary is not None and stage is not None:
            stage.canary_settings = new_canary(canary, deployment.id)
            stage.last_updated_date = now
        elif stage is None:
            stage = Stage(
                stage_name=stage_name,
                deployment_id=deployment.id,
                created_date=now,
                last_updated_date=now,
                description=params.get("stageDescription"),
                variables=dict(params.get("variables") or {}),
                tracing_enabled=bool(params.get("tracingEnabled", False)),
            )
            set_cache(stage, params.get("cacheClusterEnabled"), params.get("cacheClusterSize"))
            api.stages[stage_name] = stage
        else:
            stage.deployment_id = deployment.id
            if params.get("stageDescription") is not None:
                stage.description = params["stageDescription"]
            stage.variables.update(params.get("variables") or {})
            if params.get("tracingEnabled") is not None:
                stage.tracing_enabled = bool(params["tracingEnabled"])
            set_cache(stage, params.get("cacheClusterEnabled"), params.get("cacheClusterSize"))
            stage.last_updated_date = now
    return deployment_view(deployment)


def _frozen(store: Store[T]) -> dict[str, T]:
    """Deep copies of a store's items, by key, in creation order."""
    return dict(zip(store.ids(), copy.deepcopy(list(store.values())), strict=True))


@operation("GetDeployment")
def get_deployment(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    found = lookups.deployment(api, params["deploymentId"])
    return deployment_view(found, api_summary=lookups.embeds(params, "apisummary"))


@operation("GetDeployments")
def get_deployments(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    items, position = lookups.oldest_first(api.deployments, params)
    return {"items": [deployment_view(d) for d in items], "position": position}


@operation("UpdateDeployment")
def update_deployment(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    found = lookups.deployment(api, params["deploymentId"])
    draft = patch.draft(found, "description")
    UPDATE.apply(draft, params.get("patchOperations"))
    patch.commit(found, draft, "description")
    return deployment_view(found)


UPDATE = patch.PatchTable(
    DESCRIPTION,
    known_ops=("replace",),
    unknown_op=patch.choose_supported,
)


@operation("DeleteDeployment")
def delete_deployment(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    found = lookups.deployment(api, params["deploymentId"])
    for stage in api.stages.values():
        canary = stage.canary_settings or {}
        if found.id in (stage.deployment_id, canary.get("deploymentId")):
            raise errors.bad_request(
                "Active stages pointing to this deployment must be moved or deleted"
            )
    api.deployments.remove(found.id)
    return None
