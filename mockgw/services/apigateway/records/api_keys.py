"""API keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ApiKey:
    id: str
    value: str
    name: str | None
    description: str | None
    enabled: bool
    customer_id: str | None
    created_date: int
    last_updated_date: int
    stage_keys: list[str] = field(default_factory=list)  # "restApiId/stageName"
    tags: dict[str, str] = field(default_factory=dict)


def api_key_view(key: ApiKey, *, include_value: bool, tags_always: bool) -> dict[str, Any]:
    """An ``ApiKey`` shape. Create responses and list items omit empty tags; Get and Update
    always carry ``tags`` (``{}`` when there are none), as recorded against AWS."""
    return {
        "id": key.id,
        "value": key.value if include_value else None,
        "name": key.name,
        "customerId": key.customer_id,
        "description": key.description,
        "enabled": key.enabled,
        "createdDate": key.created_date,
        "lastUpdatedDate": key.last_updated_date,
        "stageKeys": list(key.stage_keys),
        "tags": dict(key.tags) if (key.tags or tags_always) else None,
    }


def usage_plan_key_view(key: ApiKey) -> dict[str, Any]:
    """A ``UsagePlanKey`` shape: the API key seen from a usage plan."""
    return {"id": key.id, "type": "API_KEY", "value": key.value, "name": key.name}
