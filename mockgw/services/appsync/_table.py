"""AppSync's operation table; each backend module registers its handlers here."""

from __future__ import annotations

from mockgw.services._base import OperationTable
from mockgw.services.appsync.state import AppSyncState

operations: OperationTable[AppSyncState] = OperationTable("appsync")
