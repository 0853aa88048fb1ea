"""The AppSync backend: GraphQL APIs and their API keys."""

from __future__ import annotations

from dataclasses import dataclass

from mockgw.services._base import OperationTable, ServiceDefinition


@dataclass
class AppSyncState:
    account_id: str
    region: str


operations: OperationTable[AppSyncState] = OperationTable("appsync")

DEFINITION = ServiceDefinition("appsync", operations, AppSyncState)
