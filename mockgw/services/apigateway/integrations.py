"""Integrations and integration responses: PutIntegration, GetIntegration, DeleteIntegration,
PutIntegrationResponse, GetIntegrationResponse, DeleteIntegrationResponse.

Recorded AWS behaviour (LocalStack snapshots validated against AWS): a method without
integration answers ``Invalid Integration identifier specified`` (Get, Delete) and an unknown
status code ``Invalid Response status code specified``; an integration gets
``passthroughBehavior: WHEN_NO_MATCH``, ``timeoutInMillis: 29000``, ``cacheKeyParameters: []``
and ``cacheNamespace`` = the resource id; an empty mapping template reads back as null.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mockgw import errors
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.methods import (
    Integration,
    IntegrationResponse,
    copied,
    integration_response_view,
    integration_view,
    selection_pattern_problem,
)
from mockgw.services.apigateway.state import ApiGatewayState

PASSTHROUGH_BEHAVIORS = ("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER")
MIN_TIMEOUT, MAX_TIMEOUT = 50, 29000


def _templates(templates: Mapping[str, str | None] | None) -> dict[str, str | None] | None:
    """Mapping templates as AWS stores them: an empty template reads back as null."""
    if templates is None:
        return None
    return {content_type: (t or None) for content_type, t in templates.items()}


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


@operation("PutIntegration")
def put_integration(state: ApiGatewayState, params: Params) -> Result:
    _, res, found = lookups.method(state, params)
    _check_integration(params)
    kind = params["type"]
    integration = Integration(
        type=kind,
        http_method=params.get("integrationHttpMethod"),
        uri=params.get("uri"),
        connection_type=params.get("connectionType") or (None if kind == "MOCK" else "INTERNET"),
        connection_id=params.get("connectionId"),
        credentials=params.get("credentials"),
        request_parameters=copied(params.get("requestParameters")),
        request_templates=_templates(params.get("requestTemplates")),
        passthrough_behavior=params.get("passthroughBehavior") or "WHEN_NO_MATCH",
        content_handling=params.get("contentHandling"),
        timeout_in_millis=params.get("timeoutInMillis") or MAX_TIMEOUT,
        cache_namespace=params.get("cacheNamespace") or res.id,
        cache_key_parameters=list(params.get("cacheKeyParameters") or ()),
        tls_config=copied(params.get("tlsConfig")),
        response_transfer_mode=params.get("responseTransferMode"),
        integration_target=params.get("integrationTarget"),
    )
    found.integration = integration  # a second put replaces the integration and its responses
    return integration_view(integration)


@operation("GetIntegration")
def get_integration(state: ApiGatewayState, params: Params) -> Result:
    return integration_view(lookups.integration(state, params)[1])


@operation("DeleteIntegration")
def delete_integration(state: ApiGatewayState, params: Params) -> Result:
    found, _ = lookups.integration(state, params)
    found.integration = None
    return None


# ------------------------------------------------------------------------ integration responses


@operation("PutIntegrationResponse")
def put_integration_response(state: ApiGatewayState, params: Params) -> Result:
    _, _, found = lookups.method(state, params)
    if found.integration is None:
        # Real AWS for this call (a 404, unlike CreateDeployment's 400 with the same text).
        raise errors.not_found("No integration defined for method")
    problem = selection_pattern_problem(params.get("selectionPattern"))
    if problem is not None:
        raise errors.bad_request(problem)
    response = IntegrationResponse(
        status_code=params["statusCode"],
        selection_pattern=params.get("selectionPattern"),
        response_parameters=copied(params.get("responseParameters")),
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
        _, res = lookups.resource(state, params["restApiId"], params["resourceId"])
        if params["httpMethod"] not in res.methods:
            raise errors.not_found("Invalid Integration identifier specified")
    _, integration = lookups.integration(state, params)
    response = integration.responses.get(params["statusCode"])
    if response is None:
        raise errors.not_found("Invalid Response status code specified")
    return integration, response


@operation("GetIntegrationResponse")
def get_integration_response(state: ApiGatewayState, params: Params) -> Result:
    return integration_response_view(
        _integration_response(state, params, method_is_integration=False)[1]
    )


@operation("DeleteIntegrationResponse")
def delete_integration_response(state: ApiGatewayState, params: Params) -> Result:
    integration, response = _integration_response(state, params, method_is_integration=True)
    del integration.responses[response.status_code]
    return None
