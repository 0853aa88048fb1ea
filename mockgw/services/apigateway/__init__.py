"""The API Gateway backend: API keys, usage plans, usage plan keys, usage, tags, and the
REST APIs and stages they reference."""

from __future__ import annotations

# Importing each operation module registers its handlers in the operation table.
from mockgw.services._base import ServiceDefinition
from mockgw.services.apigateway import (  # noqa: F401
    api_keys,
    rest_api_ops,
    tags,
    usage,
    usage_plan_keys,
    usage_plans,
)
from mockgw.services.apigateway._table import operations
from mockgw.services.apigateway.state import ApiGatewayState

DEFINITION = ServiceDefinition("apigateway", operations, ApiGatewayState)
