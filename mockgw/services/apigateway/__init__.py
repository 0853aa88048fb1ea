"""The API Gateway backend: API keys, usage plans, usage plan keys, usage, tags, and REST APIs
with their resources, methods, integrations, deployments and stages; and the execute-api engine
(``invoke/``) that answers calls to deployed stages."""

from __future__ import annotations

from mockgw.services._shared.operations import ServiceDefinition
from mockgw.services.apigateway import consistency, hooks
from mockgw.services.apigateway.invoke import DATA_PLANE
from mockgw.services.apigateway.state import ApiGatewayState, addresses, rebuild

#: Every module that defines operations: the one list (a test checks none is missing).
OPERATION_MODULES = (
    "api_keys",
    "usage_plans",
    "usage_plan_keys",
    "usage",
    "tags",
    "rest_apis",
    "resources",
    "methods",
    "integrations",
    "deployments",
    "stages",
)

DEFINITION = ServiceDefinition.build(
    "apigateway",
    __name__,
    OPERATION_MODULES,
    ApiGatewayState,
    hooks=hooks,
    data_plane=DATA_PLANE,
    addresses=addresses,
    check=consistency.problems,
    rebuild=rebuild,
)
