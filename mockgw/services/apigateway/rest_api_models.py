"""REST APIs and the resources, methods, deployments and stages under them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RestApi:
    id: str
    name: str
    created_date: int
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)  # stage name -> stage
    tags: dict[str, str] = field(default_factory=dict)
