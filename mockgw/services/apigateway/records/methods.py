"""Methods, method responses, integrations and integration responses: the records, and the
``Method``, ``MethodResponse``, ``Integration`` and ``IntegrationResponse`` shapes.

Views copy every mapping and list they hand out: the dispatcher serializes an answer after it
has released the backend's lock.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class IntegrationResponse:
    status_code: str
    selection_pattern: str | None = None
    response_parameters: dict[str, str] | None = None
    response_templates: dict[str, str | None] | None = None
    content_handling: str | None = None


@dataclass
class Integration:
    type: str  # HTTP | AWS | MOCK | HTTP_PROXY | AWS_PROXY
    http_method: str | None = None  # the model's ``integrationHttpMethod``
    uri: str | None = None
    connection_type: str | None = None
    connection_id: str | None = None
    credentials: str | None = None
    request_parameters: dict[str, str] | None = None
    request_templates: dict[str, str | None] | None = None
    passthrough_behavior: str | None = None
    content_handling: str | None = None
    timeout_in_millis: int = 29000
    cache_namespace: str | None = None
    cache_key_parameters: list[str] = field(default_factory=list)
    tls_config: dict[str, Any] | None = None
    response_transfer_mode: str | None = None
    integration_target: str | None = None
    responses: dict[str, IntegrationResponse] = field(default_factory=dict)  # by status code


@dataclass
class MethodResponse:
    status_code: str
    response_parameters: dict[str, bool] | None = None
    response_models: dict[str, str] | None = None


@dataclass
class Method:
    http_method: str  # GET, POST, ..., ANY
    authorization_type: str  # NONE | AWS_IAM | CUSTOM | COGNITO_USER_POOLS
    api_key_required: bool = False
    authorizer_id: str | None = None
    request_validator_id: str | None = None
    operation_name: str | None = None
    request_parameters: dict[str, bool] | None = None
    request_models: dict[str, str] | None = None
    authorization_scopes: list[str] | None = None
    responses: dict[str, MethodResponse] = field(default_factory=dict)  # by status code
    integration: Integration | None = None


def selection_pattern_problem(pattern: str | None) -> str | None:
    """Why ``pattern`` cannot select an integration response (it is not a regular expression),
    or None. Chosen text: AWS's refusal of an invalid pattern is not recorded."""
    if not pattern:
        return None
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as error:
        return f"Invalid selection pattern specified: {error}"
    return None


def copied(mapping: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A copy of an optional mapping (None stays None)."""
    return None if mapping is None else dict(mapping)


def method_response_view(response: MethodResponse) -> dict[str, Any]:
    return {
        "statusCode": response.status_code,
        "responseParameters": copied(response.response_parameters),
        "responseModels": copied(response.response_models),
    }


def integration_response_view(response: IntegrationResponse) -> dict[str, Any]:
    return {
        "statusCode": response.status_code,
        "selectionPattern": response.selection_pattern,
        "responseParameters": copied(response.response_parameters),
        "responseTemplates": copied(response.response_templates),
        "contentHandling": response.content_handling,
    }


def integration_view(integration: Integration) -> dict[str, Any]:
    responses = integration.responses
    return {
        "type": integration.type,
        "httpMethod": integration.http_method,
        "uri": integration.uri,
        "connectionType": integration.connection_type,
        "connectionId": integration.connection_id,
        "credentials": integration.credentials,
        "requestParameters": copied(integration.request_parameters),
        "requestTemplates": copied(integration.request_templates),
        "passthroughBehavior": integration.passthrough_behavior,
        "contentHandling": integration.content_handling,
        "timeoutInMillis": integration.timeout_in_millis,
        "cacheNamespace": integration.cache_namespace,
        "cacheKeyParameters": list(integration.cache_key_parameters),
        "integrationResponses": (
            {code: integration_response_view(r) for code, r in responses.items()}
            if responses
            else None
        ),
        "tlsConfig": copy.deepcopy(integration.tls_config),
        "responseTransferMode": integration.response_transfer_mode,
        "integrationTarget": integration.integration_target,
    }


def method_view(m: Method) -> dict[str, Any]:
    return {
        "httpMethod": m.http_method,
        "authorizationType": m.authorization_type,
        "authorizerId": m.authorizer_id,
        "apiKeyRequired": m.api_key_required,
        "requestValidatorId": m.request_validator_id,
        "operationName": m.operation_name,
        "requestParameters": copied(m.request_parameters),
        "requestModels": copied(m.request_models),
        "methodResponses": (
            {code: method_response_view(r) for code, r in m.responses.items()}
            if m.responses
            else None
        ),
        "methodIntegration": None if m.integration is None else integration_view(m.integration),
        "authorizationScopes": (
            None if m.authorization_scopes is None else list(m.authorization_scopes)
        ),
    }
