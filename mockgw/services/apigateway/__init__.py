"""The API Gateway backend: API keys, usage plans, usage plan keys, usage, tags, and the
REST APIs and stages they reference."""

from __future__ import annotations

from mockgw.services._base import ServiceDefinition
from mockgw.services.apigateway import api_keys, tags  # noqa: F401  (registers handlers)
from mockgw.services.apigateway._table import operations
from mockgw.services.apigateway.state import ApiGatewayState

DEFINITION = ServiceDefinition("apigateway", operations, ApiGatewayState)
