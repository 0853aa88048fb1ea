"""Methods and method responses: PutMethod, GetMethod, DeleteMethod, PutMethodResponse,
GetMethodResponse, DeleteMethodResponse.

Recorded AWS behaviour (LocalStack snapshots validated against AWS): an unknown API or resource
answers ``Invalid Resource identifier specified``, an unknown method ``Invalid Method identifier
specified`` and an unknown status code ``Invalid Response status code specified``.
"""

from __future__ import annotations

import re

from mockgw import errors
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.methods import (
    Method,
    MethodResponse,
    copied,
    method_response_view,
    method_view,
)
from mockgw.services.apigateway.records.rules import HTTP_METHODS
from mockgw.services.apigateway.state import ApiGatewayState

AUTHORIZATION_TYPES = ("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS")
#: Models every REST API has from its creation.
DEFAULT_MODELS = ("Empty", "Error")
_PARAMETER = re.compile(
    r"^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$"
)


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


@operation("PutMethod")
def put_method(state: ApiGatewayState, params: Params) -> Result:
    _, res = lookups.resource(state, params["restApiId"], params["resourceId"])
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
        request_parameters=copied(params.get("requestParameters")),
        request_models=copied(params.get("requestModels")),
        authorization_scopes=(
            list(params["authorizationScopes"]) if params.get("authorizationScopes") else None
        ),
    )
    res.methods[http_method] = created
    return method_view(created)


@operation("GetMethod")
def get_method(state: ApiGatewayState, params: Params) -> Result:
    return method_view(lookups.method(state, params)[2])


@operation("DeleteMethod")
def delete_method(state: ApiGatewayState, params: Params) -> Result:
    _, res, found = lookups.method(state, params)
    del res.methods[found.http_method]
    return None


# ------------------------------------------------------------------------------ method responses


@operation("PutMethodResponse")
def put_method_response(state: ApiGatewayState, params: Params) -> Result:
    _, _, found = lookups.method(state, params)
    for model in (params.get("responseModels") or {}).values():
        if model not in DEFAULT_MODELS:
            raise errors.bad_request(f"Invalid model identifier specified: {model}")
    response = MethodResponse(
        status_code=params["statusCode"],
        response_parameters=copied(params.get("responseParameters")),
        response_models=copied(params.get("responseModels")),
    )
    found.responses[response.status_code] = response  # a second put replaces the first
    return method_response_view(response)


def _method_response(state: ApiGatewayState, params: Params) -> tuple[Method, MethodResponse]:
    _, _, found = lookups.method(state, params)
    response = found.responses.get(params["statusCode"])
    if response is None:
        raise errors.not_found("Invalid Response status code specified")
    return found, response


@operation("GetMethodResponse")
def get_method_response(state: ApiGatewayState, params: Params) -> Result:
    return method_response_view(_method_response(state, params)[1])


@operation("DeleteMethodResponse")
def delete_method_response(state: ApiGatewayState, params: Params) -> Result:
    found, response = _method_response(state, params)
    del found.responses[response.status_code]
    return None
