"""Resolvers and functions: the records and the ``Resolver`` / ``FunctionConfiguration``
shapes."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any


@dataclass
class Resolver:
    type_name: str
    field_name: str
    arn: str
    kind: str = "UNIT"
    data_source_name: str | None = None
    request_mapping_template: str | None = None
    response_mapping_template: str | None = None
    functions: list[str] | None = None  # PIPELINE: function ids, in order
    sync_config: dict[str, Any] | None = None
    caching_config: dict[str, Any] | None = None
    max_batch_size: int = 0
    runtime: dict[str, Any] | None = None
    code: str | None = None
    metrics_config: str | None = None


def resolver_key(type_name: str, field_name: str) -> str:
    return f"{type_name}.{field_name}"


def resolver_view(resolver: Resolver) -> dict[str, Any]:
    return {
        "typeName": resolver.type_name,
        "fieldName": resolver.field_name,
        "dataSourceName": resolver.data_source_name,
        "resolverArn": resolver.arn,
        "requestMappingTemplate": resolver.request_mapping_template,
        "responseMappingTemplate": resolver.response_mapping_template,
        "kind": resolver.kind,
        "pipelineConfig": (
            {"functions": list(resolver.functions)} if resolver.functions is not None else None
        ),
        "syncConfig": copy.deepcopy(resolver.sync_config),
        "cachingConfig": copy.deepcopy(resolver.caching_config),
        "maxBatchSize": resolver.max_batch_size,
        "runtime": copy.deepcopy(resolver.runtime),
        "code": resolver.code,
        "metricsConfig": resolver.metrics_config,
    }


@dataclass
class Function:
    function_id: str
    arn: str
    name: str
    data_source_name: str
    description: str | None = None
    request_mapping_template: str | None = None
    response_mapping_template: str | None = None
    function_version: str | None = None
    sync_config: dict[str, Any] | None = None
    max_batch_size: int = 0
    runtime: dict[str, Any] | None = None
    code: str | None = None


def function_view(function: Function) -> dict[str, Any]:
    return {
        "functionId": function.function_id,
        "functionArn": function.arn,
        "name": function.name,
        "description": function.description,
        "dataSourceName": function.data_source_name,
        "requestMappingTemplate": function.request_mapping_template,
        "responseMappingTemplate": function.response_mapping_template,
        "functionVersion": function.function_version,
        "syncConfig": copy.deepcopy(function.sync_config),
        "maxBatchSize": function.max_batch_size,
        "runtime": copy.deepcopy(function.runtime),
        "code": function.code,
    }
