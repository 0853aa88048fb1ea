"""Data source introspections (``StartDataSourceIntrospection``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Introspection:
    introspection_id: str
    resource_arn: str
    secret_arn: str
    database_name: str
    status: str = "PROCESSING"
    detail: str | None = None
