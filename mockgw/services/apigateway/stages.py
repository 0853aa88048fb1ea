"""Stages: CreateStage, GetStage(s), UpdateStage, DeleteStage, FlushStageCache,
FlushStageAuthorizersCache.

A new stage reads ``cacheClusterEnabled: false``, ``cacheClusterStatus: NOT_AVAILABLE``,
``methodSettings: {}`` and ``tracingEnabled: false``, and omits empty tags and variables
(LocalStack snapshots validated against AWS); a duplicate name is 409 ``Stage already exists``.
"""

from __future__ import annotations

import math
from typing import Any

from mockgw import clock, errors
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.rest_apis import RestApi
from mockgw.services.apigateway.records.rules import TAGS
from mockgw.services.apigateway.records.stages import (
    Stage,
    check_cache_size,
    check_stage_name,
    new_canary,
    set_cache,
    stage_view,
)
from mockgw.services.apigateway.state import ApiGatewayState


@operation("CreateStage")
def create_stage(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    name = params["stageName"]
    check_stage_name(name)
    deployment = lookups.deployment(api, params["deploymentId"])
    if name in api.stages:
        raise errors.conflict("Stage already exists")
    check_cache_size(params.get("cacheClusterSize"))
    tags = params.get("tags") or {}
    TAGS.check(tags)
    canary = params.get("canarySettings")
    if canary is not None and canary.get("deploymentId"):
        _canary_deployment(api, canary["deploymentId"])
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
        stage.canary_settings = new_canary(canary, deployment.id)
    set_cache(stage, params.get("cacheClusterEnabled"), params.get("cacheClusterSize"))
    api.stages[name] = stage
    return stage_view(stage)


@operation("GetStage")
def get_stage(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    return stage_view(lookups.stage(api, params["stageName"]))


@operation("GetStages")
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


@operation("DeleteStage")
def delete_stage(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    stage = lookups.stage(api, params["stageName"])
    del api.stages[stage.stage_name]
    return None


@operation("FlushStageCache")
def flush_stage_cache(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    lookups.stage(api, params["stageName"]).cache_flushed_date = clock.now()
    return None


@operation("FlushStageAuthorizersCache")
def flush_stage_authorizers_cache(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    lookups.stage(api, params["stageName"]).authorizers_cache_flushed_date = clock.now()
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

#: What a method setting holds before any of its members is set (the account defaults) and
#: before it inherits from ``*/*``: no ``loggingLevel`` unless one is set (recorded).
_METHOD_SETTING_DEFAULTS: dict[str, Any] = {
    "metricsEnabled": False,
    "dataTraceEnabled": False,
    "throttlingBurstLimit": 5000,
    "throttlingRateLimit": 10000.0,
    "cachingEnabled": False,
    "cacheTtlInSeconds": 300,
    "cacheDataEncrypted": False,
    "requireAuthorizationForCacheControl": True,
    "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
}


@operation("UpdateStage")
def update_stage(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    stage = lookups.stage(api, params["stageName"])
    lookups.check_client_certificates(state, params.get("patchOperations"))
    draft = patch.draft(stage)
    UPDATE.apply(draft, params.get("patchOperations"), api)
    draft.last_updated_date = int(clock.now())
    patch.commit(stage, draft)
    return stage_view(stage)


def _as_bool(value: Any) -> bool:
    return str(value).lower() == "true"


def _cannot_remove(path: str) -> errors.ServiceError:
    return errors.bad_request(
        f"Cannot remove method setting {path.lstrip('/')} because there is no method setting "
        "for this method "
    )


def _patch_variable(stage: Stage, change: patch.Change) -> None:
    name = change.args["name"]
    if change.op == "remove":
        if name not in stage.variables:
            raise _cannot_remove(change.path)
        del stage.variables[name]
    else:
        stage.variables[name] = "" if change.value is None else str(change.value)


def _remove_setting(stage: Stage, change: patch.Change) -> None:
    path = change.path
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


def _set_deployment(stage: Stage, change: patch.Change) -> None:
    stage.deployment_id = lookups.deployment(change.context, change.value or "").id


def _set_cache_enabled(stage: Stage, change: patch.Change) -> None:
    set_cache(stage, _as_bool(change.value), None)


def _set_cache_size(stage: Stage, change: patch.Change) -> None:
    check_cache_size(change.value)
    set_cache(stage, None, change.value)


def _set_access_log(stage: Stage, change: patch.Change) -> None:
    if not change.value:
        raise errors.bad_request("Access Log value must not be empty")
    settings = stage.access_log_settings or {}
    settings[change.args["member"]] = change.value
    stage.access_log_settings = settings


def _bad_access_log_path(stage: Stage, change: patch.Change) -> None:
    raise errors.bad_request(
        "Invalid accessLogSettings path. Must be one of : "
        "[/accessLogSettings/destinationArn, /accessLogSettings/format]"
    )


def _canary_deployment(api: RestApi, deployment_id: str) -> str:
    """A canary's deployment: AWS answers 400 (not the 404 of ``/deploymentId``) when unknown."""
    if deployment_id not in api.deployments:
        raise errors.bad_request("Deployment id does not exist")
    return deployment_id


def _replace_canary(stage: Stage, change: patch.Change) -> None:
    api: RestApi = change.context
    value, sub = change.value, change.args["member"]
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
            percent = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            percent = -1.0
        if not 0.0 <= percent <= 100.0:
            raise errors.bad_request("Canary weight must be between 0.0 and 100.0")
        canary["percentTraffic"] = percent
    elif sub == "deploymentId":
        canary["deploymentId"] = _canary_deployment(api, value or "")
    elif sub == "useStageCache":
        canary["useStageCache"] = _as_bool(value)
    else:
        raise change.invalid_path()
    stage.canary_settings = canary


def _set_method_setting(stage: Stage, change: patch.Change) -> None:
    args = change.args
    setting = _METHOD_SETTINGS.get(f"{args['group']}/{args['name']}")
    if setting is None:
        raise change.invalid_path()
    member, kind = setting
    value = change.value
    try:
        converted: Any = _as_bool(value) if kind is bool else kind(value)
    except (TypeError, ValueError):
        raise errors.bad_request(f"Invalid value {value} specified for {change.path}") from None
    if isinstance(converted, float) and not math.isfinite(converted):
        raise errors.bad_request(f"Invalid value {value} specified for {change.path}")
    key = f"{args['resource']}/{args['method']}"
    settings = stage.method_settings.get(key)
    if settings is None:
        # A new method setting starts from what */* holds now (recorded against AWS); a later
        # change to */* does not reach it.
        settings = stage.method_settings[key] = dict(
            stage.method_settings.get("*/*") or _METHOD_SETTING_DEFAULTS
        )
    settings[member] = converted


def _unknown_path(table: patch.PatchTable, op: str, path: str) -> errors.ServiceError:
    if op == "add":
        return errors.bad_request(f"Invalid add operation with path: {path}")
    return errors.bad_request(
        f"Invalid method setting path: {path}. Must be one of: {_STAGE_PATHS}"
    )


_R = ("replace",)
_AR = ("add", "replace")
UPDATE = patch.PatchTable(
    patch.Rule(patch.ADD_REMOVE_REPLACE, "/variables/{name+}", _patch_variable),
    patch.Rule(("remove",), "{path*}", _remove_setting),
    patch.Rule(_R, "/deploymentId", _set_deployment),
    patch.Rule(_R, "/description", patch.setter("description", lambda v: v or None)),
    patch.Rule(_R, "/cacheClusterEnabled", _set_cache_enabled),
    patch.Rule(_R, "/cacheClusterSize", _set_cache_size),
    patch.Rule(_R, "/tracingEnabled", patch.setter("tracing_enabled", _as_bool)),
    patch.Rule(
        _R, "/clientCertificateId", patch.setter("client_certificate_id", lambda v: v or None)
    ),
    # ``add`` works like ``replace`` on the two access log paths (recorded)
    patch.Rule(_AR, "/accessLogSettings/{member:destinationArn|format}", _set_access_log),
    patch.Rule(_AR, "/accessLogSettings{rest*}", _bad_access_log_path),
    patch.Rule(_R, "/canarySettings/{member+}", _replace_canary),
    patch.Rule(
        _R, "/{resource:[^/]*}/{method:[^/]*}/{group:[^/]*}/{name:[^/]*}", _set_method_setting
    ),
    unknown_op=patch.UNKNOWN_OP_PIPES,
    unknown_path=_unknown_path,
)
