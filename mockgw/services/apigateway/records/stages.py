"""Stages: the record, the ``Stage`` shape, and the rules CreateStage, UpdateStage and
CreateDeployment share (stage names, cache sizes, canary settings)."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mockgw import errors

#: What API Gateway returns for stages created without cache or canary settings.
CACHE_NOT_AVAILABLE = "NOT_AVAILABLE"


@dataclass
class Stage:
    stage_name: str
    deployment_id: str
    created_date: int
    last_updated_date: int
    description: str | None = None
    cache_cluster_enabled: bool = False
    cache_cluster_size: str | None = None
    cache_cluster_status: str = CACHE_NOT_AVAILABLE
    #: "{resourcePath}/{httpMethod}" (e.g. "*/*", "~1pets/GET") -> MethodSetting members
    method_settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    documentation_version: str | None = None
    access_log_settings: dict[str, str] | None = None
    #: {deploymentId, percentTraffic, stageVariableOverrides?, useStageCache}
    canary_settings: dict[str, Any] | None = None
    tracing_enabled: bool = False
    client_certificate_id: str | None = None
    web_acl_arn: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    #: when FlushStageCache and FlushStageAuthorizersCache last ran (epoch seconds, 0: never):
    #: the execute-api engine drops what it cached before
    cache_flushed_date: float = 0.0
    authorizers_cache_flushed_date: float = 0.0


def stage_view(stage: Stage) -> dict[str, Any]:
    """A ``Stage`` shape: empty tags and variables are left out, as recorded against AWS."""
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
        "accessLogSettings": (
            None if stage.access_log_settings is None else dict(stage.access_log_settings)
        ),
        "canarySettings": copy.deepcopy(stage.canary_settings),
        "tracingEnabled": stage.tracing_enabled,
        "webAclArn": stage.web_acl_arn,
        "tags": dict(stage.tags) or None,
        "createdDate": stage.created_date,
        "lastUpdatedDate": stage.last_updated_date,
    }


MAX_STAGE_NAME = 128
_STAGE_NAME = re.compile(r"^[a-zA-Z0-9_-]+$")
CACHE_SIZES = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")


def check_stage_name(name: str) -> None:
    if len(name) > MAX_STAGE_NAME or not _STAGE_NAME.match(name):
        raise errors.bad_request("Stage name only allows a-zA-Z0-9_-")


def check_cache_size(size: str | None) -> None:
    if size is not None and size not in CACHE_SIZES:
        raise errors.bad_request(
            f"Invalid cache cluster size specified: {size}. "
            f"Valid options are {','.join(CACHE_SIZES)}"
        )


def set_cache(stage: Stage, enabled: bool | None, size: str | None) -> None:
    """Turn the stage's cache on or off and size it; its status follows (AVAILABLE when on)."""
    if enabled is not None:
        stage.cache_cluster_enabled = enabled
    if size is not None:
        stage.cache_cluster_size = size
    if stage.cache_cluster_enabled:
        stage.cache_cluster_size = stage.cache_cluster_size or "0.5"
        stage.cache_cluster_status = "AVAILABLE"
    else:
        stage.cache_cluster_status = "NOT_AVAILABLE"


def new_canary(given: Mapping[str, Any], deployment_id: str) -> dict[str, Any]:
    """A stage's canary settings as AWS stores them, from CreateStage's or CreateDeployment's
    ``canarySettings`` (``deployment_id``: the canary's deployment when it names none)."""
    return {
        "deploymentId": given.get("deploymentId") or deployment_id,
        "percentTraffic": float(given.get("percentTraffic", 0.0)),
        "stageVariableOverrides": dict(given.get("stageVariableOverrides") or {}) or None,
        "useStageCache": bool(given.get("useStageCache", False)),
    }
