"""Deployments and stages: CreateDeployment, GetDeployment(s), DeleteDeployment, CreateStage,
GetStage(s), UpdateStage, DeleteStage.

A deployment freezes a copy of the API's resources; a stage names the deployment it serves.
AWS refuses to deploy an API without methods (``The REST API doesn't contain any methods``) or
with a method that has no integration (``No integration defined for method``), both 400, and to
delete a deployment a stage still serves (``Active stages pointing to this deployment must be
moved or deleted``, 400). A new stage reads ``cacheClusterEnabled: false``, ``cacheClusterStatus:
NOT_AVAILABLE``, ``methodSettings: {}`` and ``tracingEnabled: false``, and omits empty tags and
variables (LocalStack snapshots validated against AWS).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from mockgw import clock, errors, ids
from mockgw.services._base import Params, Result
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway._table import operations
from mockgw.services.apigateway.rest_api_models import Deployment, RestApi, Stage
from mockgw.services.apigateway.rest_apis import page
from mockgw.services.apigateway.state import ApiGatewayState
from mockgw.services.apigateway.tags import validate_tags

MAX_STAGE_NAME = 128
_STAGE_NAME = re.compile(r"^[a-zA-Z0-9_-]+$")
CACHE_SIZES = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")

# ------------------------------------------------------------------------------ shared


def _check_stage_name(name: str) -> None:
    if len(name) > MAX_STAGE_NAME or not _STAGE_NAME.match(name):
        raise errors.bad_request("Stage name only allows a-zA-Z0-9_-")


def _deployment(api: RestApi, deployment_id: str) -> Deployment:
    found = api.deployments.get(deployment_id)
    if found is None:
        raise errors.not_found("Invalid Deployment identifier specified")
    return found


def _check_cache(size: str | None) -> None:
    if size is not None and size not in CACHE_SIZES:
        raise errors.bad_request(
            f"Invalid cache cluster size specified: {size}. "
            f"Valid options are {','.join(CACHE_SIZES)}"
        )


def _set_cache(stage: Stage, enabled: bool | None, size: str | None) -> None:
    if enabled is not None:
        stage.cache_cluster_enabled = enabled
    if size is not None:
        stage.cache_cluster_size = size
    if stage.cache_cluster_enabled:
        stage.cache_cluster_size = stage.cache_cluster_size or "0.5"
        stage.cache_cluster_status = "AVAILABLE"
    else:
        stage.cache_cluster_status = "NOT_AVAILABLE"


def deployment_view(d: Deployment, *, api_summary: bool = False) -> dict[str, Any]:
    return {
        "id": d.id,
        "description": d.description,
        "createdDate": d.created_date,
        "apiSummary": _api_summary(d) if api_summary else None,
    }


def _api_summary(d: Deployment) -> dict[str, dict[str, dict[str, Any]]]:
    """``{path: {httpMethod: {authorizationType, apiKeyRequired}}}`` of what ``d`` froze."""
    summary: dict[str, dict[str, dict[str, Any]]] = {}
    for res in d.resources.values():
        for name, m in res.methods.items():
            summary.setdefault(res.path, {})[name] = {
                "authorizationType": m.authorization_type,
                "apiKeyRequired": m.api_key_required,
            }
    return summary


def stage_view(stage: Stage) -> dict[str, Any]:
    return {
        "deploymentId": stage.deployment_id,
        "clientCertificateId": stage.client_certificate_id,
        "stageName": stage.stage_name,
        "description": stage.description,
        "cacheClusterEnabled": stage.cache_cluster_enabled,
        "cacheClusterSize": stage.cache_cluster_size,
        "cacheClusterStatus": stage.cache_cluster_status,
        "methodSettings": copy.deepcopy(stage.method_settings),
        "variables": dict(stage.variables) or None,
        "documentationVersion": stage.documentation_version,
        "accessLogSettings": _copy(stage.access_log_settings),
        "canarySettings": copy.deepcopy(stage.canary_settings),
        "tracingEnabled": stage.tracing_enabled,
        "webAclArn": stage.web_acl_arn,
        "tags": dict(stage.tags) or None,
        "createdDate": stage.created_date,
        "lastUpdatedDate": stage.last_updated_date,
    }


def _copy(mapping: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if mapping is None else dict(mapping)


# ------------------------------------------------------------------------------ deployments


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
        raise errors.bad_request(
            prefix + "Non null and non empty stageName must be provided for canary deployment. "
            "Provided value is null"
        )
    if stage_name not in api.stages:
        raise errors.bad_request(
            prefix + f"Stage {stage_name} must already be created before making a canary "
            "release deployment"
        )
    return canary


@operations("CreateDeployment")
def create_deployment(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    stage_name = params.get("stageName") or None  # an empty stage name creates no stage
    if stage_name is not None:
        _check_stage_name(stage_name)
    canary = _canary(params, stage_name, api)
    _check_deployable(api)
    _check_cache(params.get("cacheClusterSize"))
    now = int(clock.now())
    deployment = Deployment(
        id=_new_deployment_id(api),
        created_date=now,
        description=params.get("description"),
        resources={r.id: copy.deepcopy(r) for r in api.resources.values()},
    )
    api.deployments.add(deployment.id, deployment)
    if stage_name is not None:
        stage = api.stages.get(stage_name)
        if canary is not None and stage is not None:
            stage.canary_settings = {
                "deploymentId": deployment.id,
                "percentTraffic": float(canary.get("percentTraffic", 0.0)),
                "stageVariableOverrides": dict(canary.get("stageVariableOverrides") or {}) or None,
                "useStageCache": bool(canary.get("useStageCache", False)),
            }
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
            _set_cache(stage, params.get("cacheClusterEnabled"), params.get("cacheClusterSize"))
            api.stages[stage_name] = stage
        else:
            stage.deployment_id = deployment.id
            if params.get("stageDescription") is not None:
                stage.description = params["stageDescription"]
            stage.variables.update(params.get("variables") or {})
            if params.get("tracingEnabled") is not None:
                stage.tracing_enabled = bool(params["tracingEnabled"])
            _set_cache(stage, params.get("cacheClusterEnabled"), params.get("cacheClusterSize"))
            stage.last_updated_date = now
    return deployment_view(deployment)


def _new_deployment_id(api: RestApi) -> str:
    while True:
        new = ids.deployment_id()
        if new not in api.deployments:
            return new


def _embeds(params: Params, what: str) -> bool:
    return any(p.strip() == what for e in params.get("embed") or () for p in e.split(","))


@operations("GetDeployment")
def get_deployment(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    found = _deployment(api, params["deploymentId"])
    return deployment_view(found, api_summary=_embeds(params, "apisummary"))


@operations("GetDeployments")
def get_deployments(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    items, position = page(api.deployments, params)
    return {"items": [deployment_view(d) for d in items], "position": position}


@operations("DeleteDeployment")
def delete_deployment(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    found = _deployment(api, params["deploymentId"])
    for stage in api.stages.values():
        canary = stage.canary_settings or {}
        if found.id in (stage.deployment_id, canary.get("deploymentId")):
            raise errors.bad_request(
                "Active stages pointing to this deployment must be moved or deleted"
            )
    api.deployments.remove(found.id)
    return None


# ------------------------------------------------------------------------------ stages


@operations("CreateStage")
def create_stage(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    name = params["stageName"]
    _check_stage_name(name)
    deployment = _deployment(api, params["deploymentId"])
    if name in api.stages:
        raise errors.conflict("Stage already exists")
    _check_cache(params.get("cacheClusterSize"))
    tags = params.get("tags") or {}
    validate_tags(tags)
    canary = params.get("canarySettings")
    if canary is not None and canary.get("deploymentId"):
        _deployment(api, canary["deploymentId"])
    now = int(clock.now())
    stage = Stage(
        stage_name=name,
        deployment_id=deployment.id,
        created_date=now,
        last_updated_date=now,
        description=params.get("description"),
        variables=dict(params.get("variables") or {}),
        documentation_version=params.get("documentationVersion"),
        tracing_enabled=bool(params.get("tracingEnabled", False)),
        tags=dict(tags),
    )
    if canary is not None:
        stage.canary_settings = {
            "deploymentId": canary.get("deploymentId") or deployment.id,
            "percentTraffic": float(canary.get("percentTraffic", 0.0)),
            "stageVariableOverrides": dict(canary.get("stageVariableOverrides") or {}) or None,
            "useStageCache": bool(canary.get("useStageCache", False)),
        }
    _set_cache(stage, params.get("cacheClusterEnabled"), params.get("cacheClusterSize"))
    api.stages[name] = stage
    return stage_view(stage)


@operations("GetStage")
def get_stage(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    return stage_view(lookups.stage(api, params["stageName"]))


@operations("GetStages")
def get_stages(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    deployment_id = params.get("deploymentId")
    return {
        "item": [
            stage_view(s)
            for s in api.stages.values()
            if deployment_id is None or s.deployment_id == deployment_id
        ]
    }


@operations("DeleteStage")
def delete_stage(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    stage = lookups.stage(api, params["stageName"])
    del api.stages[stage.stage_name]
    return None


# ------------------------------------------------------------------------------ UpdateStage

#: AWS's own list, verbatim (recorded), in its error for a path UpdateStage does not know.
_STAGE_PATHS = (
    "[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, "
    "/clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, "
    "/accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, "
    "/{resourcePath}/{httpMethod}/logging/dataTrace, "
    "/{resourcePath}/{httpMethod}/logging/loglevel, "
    "/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/"
    "rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, "
    "/{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/"
    "dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, "
    "/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, "
    "/*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, "
    "/*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, "
    "/*/*/caching/enabled, /*/*/caching/dataEncrypted, "
    "/*/*/caching/requireAuthorizationForCacheControl, "
    "/*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, "
    "/tracingEnabled]"
)

#: "group/setting" in a method-setting path -> (MethodSetting member, value type)
_METHOD_SETTINGS: dict[str, tuple[str, type]] = {
    "metrics/enabled": ("metricsEnabled", bool),
    "logging/dataTrace": ("dataTraceEnabled", bool),
    "logging/loglevel": ("loggingLevel", str),
    "throttling/burstLimit": ("throttlingBurstLimit", int),
    "throttling/rateLimit": ("throttlingRateLimit", float),
    "caching/enabled": ("cachingEnabled", bool),
    "caching/ttlInSeconds": ("cacheTtlInSeconds", int),
    "caching/dataEncrypted": ("cacheDataEncrypted", bool),
    "caching/requireAuthorizationForCacheControl": ("requireAuthorizationForCacheControl", bool),
    "caching/unauthorizedCacheControlHeaderStrategy": (
        "unauthorizedCacheControlHeaderStrategy",
        str,
    ),
}

#: What a method setting holds before any of its members is set (the account defaults).
_METHOD_SETTING_DEFAULTS: dict[str, Any] = {
    "metricsEnabled": False,
    "loggingLevel": "OFF",
    "dataTraceEnabled": False,
    "throttlingBurstLimit": 5000,
    "throttlingRateLimit": 10000.0,
    "cachingEnabled": False,
    "cacheTtlInSeconds": 300,
    "cacheDataEncrypted": False,
    "requireAuthorizationForCacheControl": True,
    "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
}

_CANARY_PATHS = ("percentTraffic", "deploymentId", "useStageCache")


@operations("UpdateStage")
def update_stage(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    stage = lookups.stage(api, params["stageName"])
    draft = copy.deepcopy(stage)
    for patch in params.get("patchOperations") or ():
        _patch_stage(api, draft, patch)
    draft.last_updated_date = int(clock.now())
    # Commit only after every operation was accepted: a failed patch changes nothing.
    api.stages[stage.stage_name] = draft
    return stage_view(draft)


def _as_bool(value: Any) -> bool:
    return str(value).lower() == "true"


def _cannot_remove(path: str) -> errors.ServiceError:
    return errors.bad_request(
        f"Cannot remove method setting {path.lstrip('/')} because there is no method setting "
        "for this method "
    )


def _patch_stage(api: RestApi, stage: Stage, patch: Mapping[str, Any]) -> None:
    op, path, value = patch.get("op"), patch.get("path") or "", patch.get("value")
    if op not in ("add", "remove", "replace"):
        raise errors.bad_request(
            "Invalid patch operation specified. Must be 'add'|'remove'|'replace'"
        )
    if path.startswith("/variables/") and len(path) > len("/variables/"):
        name = path[len("/variables/") :]
        if op == "remove":
            if name not in stage.variables:
                raise _cannot_remove(path)
            del stage.variables[name]
        else:
            stage.variables[name] = "" if value is None else str(value)
        return
    if op == "add":
        raise errors.bad_request(f"Invalid add operation with path: {path}")
    if op == "remove":
        _remove_stage_setting(stage, path)
        return
    if _replace_stage_field(api, stage, path, value):
        return
    if path.startswith("/canarySettings/"):
        _replace_canary(api, stage, path[len("/canarySettings/") :], path, value)
        return
    parts = path.split("/")  # "", resourcePath, httpMethod, group, setting
    setting = _METHOD_SETTINGS.get("/".join(parts[3:])) if len(parts) == 5 else None
    if setting is None:
        raise errors.bad_request(
            f"Invalid method setting path: {path}. Must be one of: {_STAGE_PATHS}"
        )
    member, kind = setting
    try:
        converted: Any = _as_bool(value) if kind is bool else kind(value)
    except (TypeError, ValueError):
        raise errors.bad_request(f"Invalid value {value} specified for {path}") from None
    key = f"{parts[1]}/{parts[2]}"
    stage.method_settings.setdefault(key, dict(_METHOD_SETTING_DEFAULTS))[member] = converted


def _replace_stage_field(api: RestApi, stage: Stage, path: str, value: Any) -> bool:
    """Apply a ``replace`` of one of the stage's own fields; False when ``path`` is not one."""
    if path == "/deploymentId":
        stage.deployment_id = _deployment(api, value or "").id
    elif path == "/description":
        stage.description = value or None
    elif path == "/cacheClusterEnabled":
        _set_cache(stage, _as_bool(value), None)
    elif path == "/cacheClusterSize":
        _check_cache(value)
        _set_cache(stage, None, value)
    elif path == "/tracingEnabled":
        stage.tracing_enabled = _as_bool(value)
    elif path == "/clientCertificateId":
        stage.client_certificate_id = value or None
    elif path in ("/accessLogSettings/destinationArn", "/accessLogSettings/format"):
        settings = stage.access_log_settings or {}
        settings[path.rsplit("/", 1)[1]] = value or ""
        stage.access_log_settings = settings
    else:
        return False
    return True


def _remove_stage_setting(stage: Stage, path: str) -> None:
    if path == "/canarySettings" and stage.canary_settings is not None:
        stage.canary_settings = None
    elif path == "/accessLogSettings" and stage.access_log_settings is not None:
        stage.access_log_settings = None
    elif path.startswith("/canarySettings/stageVariableOverrides/") and stage.canary_settings:
        overrides = stage.canary_settings.get("stageVariableOverrides") or {}
        name = path.rsplit("/", 1)[1]
        if name not in overrides:
            raise _cannot_remove(path)
        del overrides[name]
        stage.canary_settings["stageVariableOverrides"] = overrides or None
    else:
        parts = path.split("/")
        key = f"{parts[1]}/{parts[2]}" if len(parts) == 3 else None
        if key is None or key not in stage.method_settings:
            raise _cannot_remove(path)
        del stage.method_settings[key]


def _replace_canary(api: RestApi, stage: Stage, sub: str, path: str, value: Any) -> None:
    canary = stage.canary_settings or {
        "deploymentId": stage.deployment_id,
        "percentTraffic": 0.0,
        "useStageCache": False,
    }
    if sub.startswith("stageVariableOverrides/") and len(sub) > len("stageVariableOverrides/"):
        overrides = dict(canary.get("stageVariableOverrides") or {})
        overrides[sub.split("/", 1)[1]] = "" if value is None else str(value)
        canary["stageVariableOverrides"] = overrides
    elif sub == "percentTraffic":
        try:
            percent = float(value)
        except (TypeError, ValueError):
            percent = -1.0
        if not 0.0 <= percent <= 100.0:
            raise errors.bad_request("Canary weight must be between 0.0 and 100.0")
        canary["percentTraffic"] = percent
    elif sub == "deploymentId":
        canary["deploymentId"] = _deployment(api, value or "").id
    elif sub == "useStageCache":
        canary["useStageCache"] = _as_bool(value)
    else:
        raise errors.bad_request(
            f"Invalid method setting path: {path}. Must be one of: {_STAGE_PATHS}"
        )
    stage.canary_settings = canary
