"""Methods, method responses, integrations and integration responses on a resource.

PutMethod, GetMethod, DeleteMethod; PutMethodResponse, GetMethodResponse, DeleteMethodResponse;
PutIntegration, GetIntegration, DeleteIntegration; PutIntegrationResponse,
GetIntegrationResponse, DeleteIntegrationResponse.

Recorded AWS behaviour (LocalStack snapshots validated against AWS): an unknown API or resource
answers ``Invalid Resource identifier specified``, an unknown method ``Invalid Method identifier
specified``, a method without integration ``Invalid Integration identifier specified`` (Get,
Delete) and an unknown status code ``Invalid Response status code specified``; an integration
gets ``passthroughBehavior: WHEN_NO_MATCH``, ``timeoutInMillis: 29000``, ``cacheKeyParameters:
[]`` and ``cacheNamespace`` = the resource id; an empty mapping template reads back as null.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mockgw import errors
from mockgw.services._base import Params, Result
from mockgw.services.apigateway._table import operations
from mockgw.services.apigateway.rest_api_models import (
    Integration,
    IntegrationResponse,
    Method,
    MethodResponse,
)
from mockgw.services.apigateway.rest_apis import method, resource
from mockgw.services.apigateway.state import ApiGatewayState

HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY")
AUTHORIZATION_TYPES = ("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS")
PASSTHROUGH_BEHAVIORS = ("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER")
#: Models every REST API has from its creation.
DEFAULT_MODELS = ("Empty", "Error")
MIN_TIMEOUT, MAX_TIMEOUT = 50, 29000
_PARAMETER = re.compile(
    r"^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$"
)

# ------------------------------------------------------------------------------ views


def _templates(templates: Mapping[str, str | None] | None) -> dict[str, str | None] | None:
    """Mapping templates as AWS stores them: an empty template reads back as null."""
    if templates is None:
        return None
    return {content_type: (t or None) for content_type, t in templates.items()}


def method_response_view(response: MethodResponse) -> dict[str, Any]:
    return {
        "statusCode": response.status_code,
        "responseParameters": response.response_parameters,
        "responseModels": response.response_models,
    }


def integration_response_view(response: IntegrationResponse) -> dict[str, Any]:
    return {
        "statusCode": response.status_code,
        "selectionPattern": response.selection_pattern,
        "responseParameters": response.response_parameters,
        "responseTemplates": response.response_templates,
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
        "requestParameters": integration.request_parameters,
        "requestTemplates": integration.request_templates,
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
        "tlsConfig": integration.tls_config,
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
        "requestParameters": m.request_parameters,
        "requestModels": m.request_models,
        "methodResponses": (
            {code: method_response_view(r) for code, r in m.responses.items()}
            if m.responses
            else None
        ),
        "methodIntegration": None if m.integration is None else integration_view(m.integration),
        "authorizationScopes": m.authorization_scopes,
    }


# ------------------------------------------------------------------------------ methods


def _check_request(params: Params) -> None:
    """What PutMethod checks in the method request, in AWS's order."""
    if params.get("requestValidatorId"):
        # mockgw has no request validators, so no id can name one.
        raise errors.bad_request("Invalid Request Validator identifier specified")
    names: set[str] = set()
    for parameter in params.get("requestParameters") or {}:
        match = _PARAMETER.match(parameter)
        if match is None:
            raise errors.bad_request(f"Invalid mapping expression specified: {parameter}")
        if match.group(2) in names:
            raise errors.bad_request(
                "Parameter names must be unique across querystring, header and path"
            )
        names.add(match.group(2))
    for model in (params.get("requestModels") or {}).values():
        if model not in DEFAULT_MODELS:
            raise errors.bad_request(f"Invalid model identifier specified: {model}")


def _check_authorization(authorization_type: str) -> None:
    if authorization_type not in AUTHORIZATION_TYPES:
        raise errors.bad_request(
            "Invalid authorization type specified. Valid options are "
            + ",".join(AUTHORIZATION_TYPES)
        )
    if authorization_type in ("CUSTOM", "COGNITO_USER_POOLS"):
        # mockgw has no authorizers, so no authorizer id is valid.
        raise errors.bad_request(
            "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
            "COGNITO_USER_POOLS requires a valid authorizer."
        )


@operations("PutMethod")
def put_method(state: ApiGatewayState, params: Params) -> Result:
    _, res = resource(state, params["restApiId"], params["resourceId"])
    http_method = params["httpMethod"]
    if http_method not in HTTP_METHODS:
        raise errors.bad_request(
            "Invalid HttpMethod specified. Valid options are " + ",".join(HTTP_METHODS)
        )
    _check_authorization(params["authorizationType"])
    _check_request(params)
    if http_method in res.methods:
        raise errors.conflict("Method already exists for this resource")
    created = Method(
        http_method=http_method,
        authorization_type=params["authorizationType"],
        api_key_required=bool(params.get("apiKeyRequired", False)),
        authorizer_id=params.get("authorizerId"),
        operation_name=params.get("operationName"),
        request_parameters=_copy(params.get("requestParameters")),
        request_models=_copy(params.get("requestModels")),
        authorization_scopes=(
            list(params["authorizationScopes"]) if params.get("authorizationScopes") else None
        ),
    )
    res.methods[http_method] = created
    return method_view(created)


def _copy(mapping: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if mapping is None else dict(mapping)


@operations("GetMethod")
def get_method(state: ApiGatewayState, params: Params) -> Result:
    return method_view(method(state, params)[2])


@operations("DeleteMethod")
def delete_method(state: ApiGatewayState, params: Params) -> Result:
    _, res, found = method(state, params)
    del res.methods[found.http_method]
    return None


# ------------------------------------------------------------------------------ method responses


@operations("PutMethodResponse")
def put_method_response(state: ApiGatewayState, params: Params) -> Result:
    _, _, found = method(state, params)
    for model in (params.get("responseModels") or {}).values():
        if model not in DEFAULT_MODELS:
            raise errors.bad_request(f"Invalid model identifier specified: {model}")
    response = MethodResponse(
        status_code=params["statusCode"],
        response_parameters=_copy(params.get("responseParameters")),
        response_models=_copy(params.get("responseModels")),
    )
    found.responses[response.status_code] = response  # a second put replaces the first
    return method_response_view(response)


def _method_response(state: ApiGatewayState, params: Params) -> tuple[Method, MethodResponse]:
    _, _, found = method(state, params)
    response = found.responses.get(params["statusCode"])
    if response is None:
        raise errors.not_found("Invalid Response status code specified")
    return found, response


@operations("GetMethodResponse")
def get_method_response(state: ApiGatewayState, params: Params) -> Result:
    return method_response_view(_method_response(state, params)[1])


@operations("DeleteMethodResponse")
def delete_method_response(state: ApiGatewayState, params: Params) -> Result:
    found, response = _method_response(state, params)
    del found.responses[response.status_code]
    return None


# ------------------------------------------------------------------------------ integrations


def _check_integration(params: Params) -> None:
    kind = params["type"]
    if kind != "MOCK" and not params.get("integrationHttpMethod"):
        raise errors.bad_request("Enumeration value for HttpMethod must be non-empty")
    uri = params.get("uri")
    if kind in ("HTTP", "HTTP_PROXY"):
        if not uri or not re.match(r"^https?://[^/\s]+", uri):
            raise errors.bad_request("Invalid HTTP endpoint specified for URI")
    elif kind in ("AWS", "AWS_PROXY"):
        if not uri or not uri.startswith("arn:"):
            raise errors.bad_request("Invalid ARN specified in the request")
        if ":path/" not in uri and ":action/" not in uri:
            raise errors.bad_request("AWS ARN for integration must contain path or action")
    behavior = params.get("passthroughBehavior")
    if behavior is not None and behavior not in PASSTHROUGH_BEHAVIORS:
        raise errors.bad_request(
            "Invalid passthrough behavior specified. Valid options are "
            + ",".join(PASSTHROUGH_BEHAVIORS)
        )
    timeout = params.get("timeoutInMillis")
    if timeout is not None and not MIN_TIMEOUT <= timeout <= MAX_TIMEOUT:
        raise errors.bad_request(f"Timeout should be between {MIN_TIMEOUT} ms and {MAX_TIMEOUT} ms")


@operations("PutIntegration")
def put_integration(state: ApiGatewayState, params: Params) -> Result:
    _, res, found = method(state, params)
    _check_integration(params)
    kind = params["type"]
    integration = Integration(
        type=kind,
        http_method=params.get("integrationHttpMethod"),
        uri=params.get("uri"),
        connection_type=params.get("connectionType") or (None if kind == "MOCK" else "INTERNET"),
        connection_id=params.get("connectionId"),
        credentials=params.get("credentials"),
        request_parameters=_copy(params.get("requestParameters")),
        request_templates=_templates(params.get("requestTemplates")),
        passthrough_behavior=params.get("passthroughBehavior") or "WHEN_NO_MATCH",
        content_handling=params.get("contentHandling"),
        timeout_in_millis=params.get("timeoutInMillis") or MAX_TIMEOUT,
        cache_namespace=params.get("cacheNamespace") or res.id,
        cache_key_parameters=list(params.get("cacheKeyParameters") or ()),
        tls_config=_copy(params.get("tlsConfig")),
        response_transfer_mode=params.get("responseTransferMode"),
        integration_target=params.get("integrationTarget"),
    )
    found.integration = integration  # a second put replaces the integration and its responses
    return integration_view(integration)


def _integration(state: ApiGatewayState, params: Params) -> tuple[Method, Integration]:
    _, _, found = method(state, params)
    if found.integration is None:
        raise errors.not_found("Invalid Integration identifier specified")
    return found, found.integration


@operations("GetIntegration")
def get_integration(state: ApiGatewayState, params: Params) -> Result:
    return integration_view(_integration(state, params)[1])


@operations("DeleteIntegration")
def delete_integration(state: ApiGatewayState, params: Params) -> Result:
    found, _ = _integration(state, params)
    found.integration = None
    return None


# ------------------------------------------------------------------------ integration responses


@operations("PutIntegrationResponse")
def put_integration_response(state: ApiGatewayState, params: Params) -> Result:
    _, _, found = method(state, params)
    if found.integration is None:
        # Real AWS for this call (a 404, unlike CreateDeployment's 400 with the same text).
        raise errors.not_found("No integration defined for method")
    response = IntegrationResponse(
        status_code=params["statusCode"],
        selection_pattern=params.get("selectionPattern"),
        response_parameters=_copy(params.get("responseParameters")),
        response_templates=_templates(params.get("responseTemplates")),
        content_handling=params.get("contentHandling"),
    )
    found.integration.responses[response.status_code] = response
    return integration_response_view(response)


def _integration_response(
    state: ApiGatewayState, params: Params, *, method_is_integration: bool
) -> tuple[Integration, IntegrationResponse]:
    if method_is_integration:
        # DeleteIntegrationResponse names an unknown method as a missing integration.
        _, res = resource(state, params["restApiId"], params["resourceId"])
        if params["httpMethod"] not in res.methods:
            raise errors.not_found("Invalid Integration identifier specified")
    _, integration = _integration(state, params)
    response = integration.responses.get(params["statusCode"])
    if response is None:
        raise errors.not_found("Invalid Response status code specified")
    return integration, response


@operations("GetIntegrationResponse")
def get_integration_response(state: ApiGatewayState, params: Params) -> Result:
    return integration_response_view(
        _integration_response(state, params, method_is_integration=False)[1]
    )


@operations("DeleteIntegrationResponse")
def delete_integration_response(state: ApiGatewayState, params: Params) -> Result:
    integration, response = _integration_response(state, params, method_is_integration=True)
    del integration.responses[response.status_code]
    return None
