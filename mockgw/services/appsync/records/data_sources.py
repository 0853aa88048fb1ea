"""Data sources: the record and the ``DataSource`` shape."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

#: type -> the config member it takes (NONE takes none)
CONFIG_OF_TYPE = {
    "AWS_LAMBDA": "lambdaConfig",
    "AMAZON_DYNAMODB": "dynamodbConfig",
    "AMAZON_ELASTICSEARCH": "elasticsearchConfig",
    "AMAZON_OPENSEARCH_SERVICE": "openSearchServiceConfig",
    "HTTP": "httpConfig",
    "RELATIONAL_DATABASE": "relationalDatabaseConfig",
    "AMAZON_EVENTBRIDGE": "eventBridgeConfig",
    "AMAZON_BEDROCK_RUNTIME": None,
    "NONE": None,
}
CONFIG_MEMBERS = tuple(sorted({c for c in CONFIG_OF_TYPE.values() if c}))


@dataclass
class DataSource:
    name: str
    type: str
    arn: str
    description: str | None = None
    service_role_arn: str | None = None
    #: the type's config member -> its value (at most one entry)
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    metrics_config: str | None = None


def data_source_view(source: DataSource) -> dict[str, Any]:
    view: dict[str, Any] = {
        "dataSourceArn": source.arn,
        "name": source.name,
        "description": source.description,
        "type": source.type,
        "serviceRoleArn": source.service_role_arn,
        "metricsConfig": source.metrics_config,
    }
    for member, value in source.configs.items():
        view[member] = copy.deepcopy(value)
    return view
