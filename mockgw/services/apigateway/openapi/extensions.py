"""API Gateway's OpenAPI extensions, both ways: what a document's ``x-amazon-apigateway-*``
objects mean as operation parameters (read), and how a REST API's records print as them
(write). One module for both, so that an export imports back to the same definition.

The extensions (AWS's developer guide, "OpenAPI extensions for API Gateway"):

- ``x-amazon-apigateway-integration`` (on an operation): PutIntegration's parameters, its
  ``type`` and ``passthroughBehavior`` in any case (written lower case, as AWS exports them),
  ``httpMethod`` for ``integrationHttpMethod`` (ignored on MOCK, as recorded), and
  ``responses``: the integration responses by selection pattern (``default``: none);
- ``x-amazon-apigateway-authorizer`` and ``x-amazon-apigateway-authtype`` (on a security
  scheme): an authorizer named after the scheme; a TOKEN or Cognito authorizer's identity source
  is the scheme's header when the extension names none (recorded);
- ``x-amazon-apigateway-request-validators`` (by name) and ``x-amazon-apigateway-request-
  validator`` (on the document: every method's default; on an operation: that method's);
- ``x-amazon-apigateway-gateway-responses`` (by response type);
- ``x-amazon-apigateway-api-key-source``, ``-binary-media-types``, ``-minimum-compression-
  size``, ``-policy``, ``-endpoint-configuration`` (``vpcEndpointIds``,
  ``disableExecuteApiEndpoint``, ``ipAddressType``), ``-documentation`` (ImportDocumentationParts'
  document) and ``-any-method`` (a path's ANY method).

Written back, default values are left out as AWS's exports leave them out (recorded: no
``timeoutInMillis`` 29000, ``cacheNamespace`` of the resource, empty ``cacheKeyParameters`` or
``connectionType: INTERNET``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from mockgw.services.apigateway.records.authorizers import (
    COGNITO,
    REQUEST,
    TOKEN_SOURCE,
    Authorizer,
)
from mockgw.services.apigateway.records.gateway_responses import GatewayResponse
from mockgw.services.apigateway.records.methods import Integration, IntegrationResponse
from mockgw.services.apigateway.records.validators import RequestValidator

PREFIX = "x-amazon-apigateway-"
INTEGRATION = PREFIX + "integration"
AUTHORIZER = PREFIX + "authorizer"
AUTHTYPE = PREFIX + "authtype"
REQUEST_VALIDATORS = PREFIX + "request-validators"
REQUEST_VALIDATOR = PREFIX + "request-validator"
GATEWAY_RESPONSES = PREFIX + "gateway-responses"
API_KEY_SOURCE = PREFIX + "api-key-source"
BINARY_MEDIA_TYPES = PREFIX + "binary-media-types"
MINIMUM_COMPRESSION_SIZE = PREFIX + "minimum-compression-size"
POLICY = PREFIX + "policy"
ENDPOINT_CONFIGURATION = PREFIX + "endpoint-configuration"
DOCUMENTATION = PREFIX + "documentation"
ANY_METHOD = PREFIX + "any-method"

DEFAULT_PATTERN = "default"
DEFAULT_TIMEOUT = 29000
#: the API key security scheme AWS exports (and reads: apiKey, ``x-api-key``, in the header)
API_KEY_SCHEME = "api_key"
API_KEY_HEADER = "x-api-key"
#: the Signature Version 4 scheme AWS exports for AWS_IAM methods
SIGV4_SCHEME = "sigv4"
SIGV4_AUTHTYPE = "awsSigv4"

# ------------------------------------------------------------------------------ reading


class Problem(Exception):
    """A value of the document that cannot be one of the parameters (a warning or an error,
    as the caller decides)."""


def _shown(value: Any) -> str:
    """A value of the document in a problem's text (whatever YAML made of it)."""
    return json.dumps(value, default=str)


def text(value: Any) -> str:
    """A scalar of the document as the string AWS reads it (``1`` -> ``"1"``, YAML's ints)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise Problem(f"expected a string, got {_shown(value)}")


def integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise Problem(f"expected an integer, got {_shown(value)}")
    try:
        return int(value)
    except ValueError:
        raise Problem(f"expected an integer, got {_shown(value)}") from None


def flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise Problem(f"expected a boolean, got {_shown(value)}")


def strings(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise Problem(f"expected a list, got {_shown(value)}")
    return [text(v) for v in value]


def integration_params(extension: Mapping[str, Any]) -> dict[str, Any]:
    """PutIntegration's parameters (not the API, resource or method) from an integration
    extension; its ``requestParameters`` are the caller's (their values are checked one by
    one)."""
    kind = text(extension.get("type", "")).upper()
    params: dict[str, Any] = {"type": kind}
    if extension.get("httpMethod") is not None and kind != "MOCK":
        params["integrationHttpMethod"] = text(extension["httpMethod"]).upper()
    for name in ("uri", "credentials", "contentHandling", "connectionId", "cacheNamespace"):
        if extension.get(name) is not None:
            params[name] = text(extension[name])
    for name in ("integrationTarget", "responseTransferMode"):
        if extension.get(name) is not None:
            params[name] = text(extension[name])
    if extension.get("connectionType") is not None:
        params["connectionType"] = text(extension["connectionType"]).upper()
    if extension.get("passthroughBehavior") is not None:
        params["passthroughBehavior"] = text(extension["passthroughBehavior"]).upper()
    if extension.get("timeoutInMillis") is not None:
        params["timeoutInMillis"] = integer(extension["timeoutInMillis"])
    if extension.get("cacheKeyParameters") is not None:
        params["cacheKeyParameters"] = strings(extension["cacheKeyParameters"])
    if extension.get("requestTemplates") is not None:
        params["requestTemplates"] = templates(extension["requestTemplates"])
    tls = extension.get("tlsConfig")
    if isinstance(tls, Mapping) and "insecureSkipVerification" in tls:
        params["tlsConfig"] = {"insecureSkipVerification": flag(tls["insecureSkipVerification"])}
    return params


def templates(value: Any) -> dict[str, str]:
    """Mapping templates by content type (a template written as an object is its JSON)."""
    if not isinstance(value, Mapping):
        raise Problem(f"expected an object, got {_shown(value)}")
    return {
        text(k): v if isinstance(v, str) else json.dumps(v)
        for k, v in value.items()
        if v is not None
    }


def integration_response_params(pattern: str, response: Mapping[str, Any]) -> dict[str, Any]:
    """PutIntegrationResponse's parameters for one entry of the extension's ``responses``; its
    ``responseParameters`` are the caller's."""
    params: dict[str, Any] = {"statusCode": text(response.get("statusCode", ""))}
    if pattern != DEFAULT_PATTERN:
        params["selectionPattern"] = pattern
    if response.get("responseTemplates") is not None:
        params["responseTemplates"] = templates(response["responseTemplates"])
    if response.get("contentHandling") is not None:
        params["contentHandling"] = text(response["contentHandling"])
    return params


def authorizer_params(
    name: str, scheme: Mapping[str, Any], extension: Mapping[str, Any]
) -> dict[str, Any]:
    """CreateAuthorizer's parameters for a security scheme with an authorizer extension."""
    kind = text(extension.get("type", "token")).upper()
    params: dict[str, Any] = {"name": name, "type": kind}
    source = extension.get("identitySource")
    if source is None and kind != REQUEST and scheme.get("in", "header") == "header":
        header = scheme.get("name")
        if header:
            source = f"method.request.header.{text(header)}"
    if source is not None:
        params["identitySource"] = text(source)
    for member in ("authorizerUri", "authorizerCredentials", "identityValidationExpression"):
        if extension.get(member) is not None:
            params[member] = text(extension[member])
    if extension.get("authorizerResultTtlInSeconds") is not None:
        params["authorizerResultTtlInSeconds"] = integer(extension["authorizerResultTtlInSeconds"])
    if extension.get("providerARNs") is not None:
        params["providerARNs"] = strings(extension["providerARNs"])
    if scheme.get(AUTHTYPE) is not None:
        params["authType"] = text(scheme[AUTHTYPE])
    return params


def gateway_response_params(response_type: str, value: Mapping[str, Any]) -> dict[str, Any]:
    params: dict[str, Any] = {"responseType": response_type}
    if value.get("statusCode") is not None:
        params["statusCode"] = text(value["statusCode"])
    for member in ("responseParameters", "responseTemplates"):
        given = value.get(member)
        if given is not None:
            if not isinstance(given, Mapping):
                raise Problem(f"{member}: expected an object, got {_shown(given)}")
            params[member] = {text(k): text(v) for k, v in given.items()}
    return params


# ------------------------------------------------------------------------------ writing


def integration_extension(integration: Integration, resource_id: str) -> dict[str, Any]:
    """An integration as ``x-amazon-apigateway-integration`` (AWS's order, defaults left out)."""
    out: dict[str, Any] = {"type": integration.type.lower()}
    if integration.http_method:
        out["httpMethod"] = integration.http_method
    if integration.uri:
        out["uri"] = integration.uri
    if integration.responses:
        out["responses"] = {
            (response.selection_pattern or DEFAULT_PATTERN): _response_extension(response)
            for response in integration.responses.values()
        }
    if integration.request_parameters:
        out["requestParameters"] = dict(integration.request_parameters)
    if integration.request_templates:
        out["requestTemplates"] = {k: v or "" for k, v in integration.request_templates.items()}
    if integration.passthrough_behavior:
        out["passthroughBehavior"] = integration.passthrough_behavior.lower()
    if integration.connection_type and integration.connection_type != "INTERNET":
        out["connectionType"] = integration.connection_type
    if integration.connection_id:
        out["connectionId"] = integration.connection_id
    if integration.credentials:
        out["credentials"] = integration.credentials
    if integration.content_handling:
        out["contentHandling"] = integration.content_handling
    if integration.timeout_in_millis != DEFAULT_TIMEOUT:
        out["timeoutInMillis"] = integration.timeout_in_millis
    if integration.cache_namespace and integration.cache_namespace != resource_id:
        out["cacheNamespace"] = integration.cache_namespace
    if integration.cache_key_parameters:
        out["cacheKeyParameters"] = list(integration.cache_key_parameters)
    if integration.tls_config:
        out["tlsConfig"] = dict(integration.tls_config)
    if integration.integration_target:
        out["integrationTarget"] = integration.integration_target
    if integration.response_transfer_mode:
        out["responseTransferMode"] = integration.response_transfer_mode
    return out


def _response_extension(response: IntegrationResponse) -> dict[str, Any]:
    out: dict[str, Any] = {"statusCode": response.status_code}
    if response.response_parameters:
        out["responseParameters"] = dict(response.response_parameters)
    if response.response_templates:
        out["responseTemplates"] = {k: v or "" for k, v in response.response_templates.items()}
    if response.content_handling:
        out["contentHandling"] = response.content_handling
    return out


def security_scheme(authorizer: Authorizer, *, with_extension: bool) -> dict[str, Any]:
    """An authorizer as a security scheme (``apiKey`` in the header it reads), with its
    ``x-amazon-apigateway-authtype`` and ``x-amazon-apigateway-authorizer`` when asked."""
    header = "Unused"
    match = TOKEN_SOURCE.match(authorizer.identity_source or "")
    if match is not None and authorizer.type != REQUEST:
        header = match.group(1)
    scheme: dict[str, Any] = {"type": "apiKey", "name": header, "in": "header"}
    if not with_extension:
        return scheme
    if authorizer.auth_type:
        scheme[AUTHTYPE] = authorizer.auth_type
    ext: dict[str, Any] = {"type": authorizer.type.lower()}
    if authorizer.type == COGNITO:
        ext["providerARNs"] = list(authorizer.provider_arns)
    for member, value in (
        ("authorizerUri", authorizer.authorizer_uri),
        ("authorizerCredentials", authorizer.authorizer_credentials),
        ("authorizerResultTtlInSeconds", authorizer.authorizer_result_ttl_in_seconds),
        ("identitySource", authorizer.identity_source),
        ("identityValidationExpression", authorizer.identity_validation_expression),
    ):
        if value is not None:
            ext[member] = value
    scheme[AUTHORIZER] = ext
    return scheme


def validators_extension(validators: Mapping[str, RequestValidator]) -> dict[str, Any]:
    return {
        v.name: {
            "validateRequestBody": v.validate_request_body,
            "validateRequestParameters": v.validate_request_parameters,
        }
        for v in validators.values()
    }


def gateway_responses_extension(responses: Mapping[str, GatewayResponse]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for response in responses.values():
        entry: dict[str, Any] = {}
        if response.status_code:
            entry["statusCode"] = response.status_code
        if response.response_parameters:
            entry["responseParameters"] = dict(response.response_parameters)
        if response.response_templates:
            entry["responseTemplates"] = dict(response.response_templates)
        out[response.response_type] = entry
    return out
