"""The AppSync backend: GraphQL and Event APIs, their schemas, types, data sources, resolvers
and functions, API keys, caches, custom domains, merged APIs, environment variables, channel
namespaces and tags, and the evaluation of templates and code; and the endpoint
(``endpoint/``) that answers GraphQL queries and Event API publishes with API keys enforced."""

from __future__ import annotations

from mockgw.services._shared.operations import ServiceDefinition
from mockgw.services.appsync import consistency, hooks
from mockgw.services.appsync.endpoint import DATA_PLANE
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
    "event_apis",
    "channel_namespaces",
    "caches",
    "domain_names",
    "environment",
    "merged_apis",
)

DEFINITION = ServiceDefinition.build(
    "appsync",
    __name__,
    OPERATION_MODULES,
    AppSyncState,
    hooks=hooks,
    data_plane=DATA_PLANE,
    addresses=addresses,
    check=consistency.problems,
)
