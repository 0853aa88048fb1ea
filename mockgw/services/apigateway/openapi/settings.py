"""A REST API's own settings from a document: CreateRestApi's parameters (ImportRestApi) and
the UpdateRestApi patch operations that give an existing API the document's (PutRestApi).

The endpoint type is the import's ``endpointConfigurationTypes`` parameter (EDGE by default,
AWS's documented default); the endpoint configuration extension gives ``vpcEndpointIds``,
``ipAddressType`` and ``disableExecuteApiEndpoint``. PutRestApi ``merge`` sets what the document
gives and adds its binary media types to the API's (recorded); ``overwrite`` also resets what it
leaves out (description, version, API key source HEADER, minimum compression size, policy,
binary media types). The endpoint types and VPC endpoints stay the API's (mockgw's choice:
UpdateRestApi is the only way to change them, and the parameter is documented for imports).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockgw.services.apigateway.openapi.read import Plan
from mockgw.services.apigateway.records.rest_apis import RestApi


def create_params(plan: Plan, parameters: Mapping[str, str]) -> dict[str, Any]:
    settings = dict(plan.api)
    types = str(parameters.get("endpointConfigurationTypes") or "EDGE")
    endpoint: dict[str, Any] = {"types": [t.strip().upper() for t in types.split(",") if t.strip()]}
    if "ipAddressType" in settings:
        endpoint["ipAddressType"] = settings.pop("ipAddressType")
    if "vpcEndpointIds" in settings:
        endpoint["vpcEndpointIds"] = settings.pop("vpcEndpointIds")
    params: dict[str, Any] = {"endpointConfiguration": endpoint, **settings}
    for member in ("name", "description", "version"):
        value = getattr(plan, member)
        if value is not None:
            params[member] = value
    return params


def update_operations(api: RestApi, plan: Plan, overwrite: bool) -> list[dict[str, str]]:
    """UpdateRestApi's patch operations that give ``api`` the document's settings."""
    ops: list[dict[str, str]] = []
    settings = plan.api

    def replace(path: str, value: str) -> None:
        ops.append({"op": "replace", "path": path, "value": value})

    if plan.name:
        replace("/name", plan.name)
    if plan.description is not None:
        replace("/description", plan.description)
    elif overwrite and api.description is not None:
        ops.append({"op": "remove", "path": "/description"})
    if plan.version is not None or overwrite:
        replace("/version", plan.version or "")
    if "apiKeySource" in settings or overwrite:
        replace("/apiKeySource", settings.get("apiKeySource", "HEADER"))
    wanted = settings.get("binaryMediaTypes", [])
    if overwrite:
        for media_type in api.binary_media_types:
            if media_type not in wanted:
                ops.append({"op": "remove", "path": "/binaryMediaTypes/" + _escape(media_type)})
    for media_type in wanted:
        if media_type not in api.binary_media_types:
            ops.append({"op": "add", "path": "/binaryMediaTypes/" + _escape(media_type)})
    if "minimumCompressionSize" in settings or overwrite:
        size = settings.get("minimumCompressionSize")
        replace("/minimumCompressionSize", "" if size is None else str(size))
    if "policy" in settings or (overwrite and api.policy is not None):
        replace("/policy", settings.get("policy", ""))
    if "disableExecuteApiEndpoint" in settings:
        replace("/disableExecuteApiEndpoint", str(settings["disableExecuteApiEndpoint"]).lower())
    if "ipAddressType" in settings:
        replace("/endpointConfiguration/ipAddressType", settings["ipAddressType"])
    return ops


def _escape(text: str) -> str:
    return text.replace("~", "~0").replace("/", "~1")
