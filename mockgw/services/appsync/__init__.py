"""The AppSync backend: GraphQL APIs, their API keys, and their tags."""

from __future__ import annotations

from mockgw.services._shared.operations import ServiceDefinition
from mockgw.services.appsync import consistency
from mockgw.services.appsync.state import AppSyncState, addresses

#: Every module that defines operations: the one list (a test checks none is missing).
OPERATION_MODULES = ("graphql_apis", "api_keys", "tags")

DEFINITION = ServiceDefinition.build(
    "appsync",
    __name__,
    OPERATION_MODULES,
    AppSyncState,
    addresses=addresses,
    check=consistency.problems,
)
