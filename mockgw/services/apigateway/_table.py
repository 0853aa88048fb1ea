"""API Gateway's operation table; each backend module registers its handlers here."""

from __future__ import annotations

from mockgw.services._base import OperationTable
from mockgw.services.apigateway.state import ApiGatewayState

operations: OperationTable[ApiGatewayState] = OperationTable("apigateway")
