"""The API Gateway backend: API keys, usage plans, usage plan keys, usage, tags, REST APIs with
their resources, methods, integrations, deployments, stages, models, request validators,
authorizers, gateway responses and documentation (OpenAPI in and out: ``openapi/``), custom
domain names with their base path mappings and access associations, VPC links, client
certificates, the account's settings and client SDKs; and the execute-api engine (``invoke/``)
that answers calls to deployed stages, through their execute-api host or a custom domain name,
and TestInvokeMethod."""

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
    "models",
    "validators",
    "authorizers",
    "gateway_responses",
    "documentation",
    "domain_names",
    "base_path_mappings",
    "access_associations",
    "vpc_links",
    "client_certificates",
    "account",
    "sdks",
    "invocations",
    "openapi_ops",
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
