"""The AppSync backend: GraphQL APIs, their API keys and tags, schemas and types, data
sources, resolvers and functions, and the evaluation of templates and code."""

from __future__ import annotations

from mockgw.services._shared.operations import ServiceDefinition
from mockgw.services.appsync.state import AppSyncState, addresses

#: Every module that defines operations: the one list (a test checks none is missing).
OPERATION_MODULES = (
    "graphql_apis",
    "api_keys",
    "tags",
    "schema",
    "types",
    "data_sources",
    "resolvers",
    "functions",
    "evaluate",
)

DEFINITION = ServiceDefinition.build(
    "appsync", __name__, OPERATION_MODULES, AppSyncState, addresses=addresses
)
