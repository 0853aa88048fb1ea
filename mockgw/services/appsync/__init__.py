"""The AppSync backend: GraphQL and Event APIs, their API keys, caches, custom domains, merged
APIs, environment variables, channel namespaces and tags."""

from __future__ import annotations

from mockgw.services._shared.operations import ServiceDefinition
from mockgw.services.appsync.state import AppSyncState, addresses

#: Every module that defines operations: the one list (a test checks none is missing).
OPERATION_MODULES = (
    "graphql_apis",
    "api_keys",
    "tags",
    "event_apis",
    "channel_namespaces",
    "caches",
    "domain_names",
    "environment",
    "merged_apis",
)

DEFINITION = ServiceDefinition.build(
    "appsync", __name__, OPERATION_MODULES, AppSyncState, addresses=addresses
)
