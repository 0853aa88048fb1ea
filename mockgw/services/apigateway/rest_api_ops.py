"""Registers every REST API handler: :mod:`rest_apis` (REST APIs and resources),
:mod:`methods` (methods, integrations and their responses) and :mod:`deployments` (deployments
and stages)."""

from __future__ import annotations

from mockgw.services.apigateway import deployments, methods, rest_apis  # noqa: F401
