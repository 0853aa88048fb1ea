"""The AppSync backend: GraphQL APIs, their API keys, and their tags."""

from __future__ import annotations

from mockgw.services._base import ServiceDefinition
from mockgw.services.appsync import api_keys, graphql_apis, tags  # noqa: F401  (registers handlers)
from mockgw.services.appsync._table import operations
from mockgw.services.appsync.state import AppSyncState

DEFINITION = ServiceDefinition("appsync", operations, AppSyncState)
