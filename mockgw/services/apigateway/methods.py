"""Methods and method responses: PutMethod, GetMethod, UpdateMethod, DeleteMethod,
PutMethodResponse, GetMethodResponse, UpdateMethodResponse, DeleteMethodResponse.

Recorded AWS behaviour (LocalStack snapshots validated against AWS, ``TestApiGatewayApiMethod``
and ``TestApigatewayMethodResponse``): an unknown API or resource answers ``Invalid Resource
identifier specified``, an unknown method ``Invalid Method identifier specified`` and an unknown
status code ``Invalid Response status code specified``; ``authorizationType`` is taken in any case
and stored upper case; CUSTOM and COGNITO_USER_POOLS need an authorizer of the API, a validator
id must name one of the API's validators and a model name one of its models.

UpdateMethod (recorded): ``replace`` on ``/authorizationType``, ``/authorizerId``,
``/apiKeyRequired`` (anything but ``true`` is false), ``/operationName`` and
``/requestValidatorId``; ``add``/``remove``/``replace`` on ``/requestParameters/<name>`` and
``/requestModels/<content type>`` (``~1`` for ``/``); another op on a known path is ``Invalid
patch operation specified. Must be one of: [replace]``, an unknown path ``Invalid patch path
<path>``; an authorizer id on a method that is neither CUSTOM nor COGNITO_USER_POOLS is ignored.
mockgw's choices: ``add``/``remove`` on ``/authorizationScopes`` (the scope as value), a
``replace`` of a parameter or model that is not there adds it, a ``remove`` of one that is not
there does nothing, and leaving CUSTOM drops the authorizer id.

UpdateMethodResponse (recorded): ``add``/``replace``/``remove`` on ``/responseParameters/<name>``
and ``/responseModels/<content type>``; replacing or removing a parameter that is not there is
404 ``Invalid parameter name specified``, a content type ``Content-Type specified was not
found``; another path ``Invalid patch path <path>``; maps emptied by an update are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mockgw import errors
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.methods import (
    Method,
    MethodResponse,
    copied,
    method_response_view,
    method_view,
)
from mockgw.services.apigateway.records.rest_apis import RestApi
from mockgw.services.apigateway.records.rules import HTTP_METHODS
from mockgw.services.apigateway.state import ApiGatewayState

AUTHORIZATION_TYPES = ("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS")
NEEDS_AUTHORIZER = ("CUSTOM", "COGNITO_USER_POOLS")
_PARAMETER = re.compile(
    r"^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$"
)
INVALID_AUTHORIZER = (
    "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
    "COGNITO_USER_POOLS requires a valid authorizer."
)
INVALID_VALIDATOR = "Invalid Request Validator identifier specified"


# ------------------------------------------------------------------------------ rules


def _authorization_type(given: str) -> str:
    """AWS takes the authorization type in any case and stores it upper case (recorded)."""
    normal = given.upper()
    if normal not in AUTHORIZATION_TYPES:
        raise errors.bad_request(
            "Invalid authorization type specified. Valid options are "
            + ",".join(AUTHORIZATION_TYPES)
        )
    return normal


def _authorizer_id(api: RestApi, authorization_type: str, authorizer_id: str | None) -> str | None:
    """The authorizer a method keeps: an authorizer of the API for CUSTOM and
    COGNITO_USER_POOLS, none otherwise (AWS ignores an id there)."""
    if authorization_type not in NEEDS_AUTHORIZER:
        return None
    if not authorizer_id or authorizer_id not in api.authorizers:
        raise errors.bad_request(INVALID_AUTHORIZER)
    return authorizer_id


def _check_validator(api: RestApi, validator_id: str | None) -> None:
    if validator_id and validator_id not in api.request_validators:
        raise errors.bad_request(INVALID_VALIDATOR)


def _check_parameters(names: list[str]) -> None:
    seen: set[str] = set()
    for parameter in names:
        match = _PARAMETER.match(parameter)
        if match is None:
            raise errors.bad_request(f"Invalid mapping expression specified: {parameter}")
        if match.group(2) in seen:
            raise errors.bad_request(
                "Parameter names must be unique across querystring, header and path"
            )
        seen.add(match.group(2))


def _check_model(api: RestApi, model: str) -> None:
    if model not in api.models:
        raise errors.bad_request(f"Invalid model identifier specified: {model}")


# ------------------------------------------------------------------------------ methods


@operation("PutMethod")
def put_method(state: ApiGatewayState, params: Params) -> Result:
    api, res = lookups.resource(state, params["restApiId"], params["resourceId"])
    http_method = params["httpMethod"]
    if http_method not in HTTP_METHODS:
        raise errors.bad_request(
            "Invalid HttpMethod specified. Valid options are " + ",".join(HTTP_METHODS)
        )
    authorization_type = _authorization_type(params["authorizationType"])
    authorizer_id = _authorizer_id(api, authorization_type, params.get("authorizerId"))
    _check_validator(api, params.get("requestValidatorId"))
    _check_parameters(list(params.get("requestParameters") or {}))
    for model in (params.get("requestModels") or {}).values():
        _check_model(api, model)
    if http_method in res.methods:
        raise errors.conflict("Method already exists for this resource")
    created = Method(
        http_method=http_method,
        authorization_type=authorization_type,
        api_key_required=bool(params.get("apiKeyRequired", False)),
        authorizer_id=authorizer_id,
        request_validator_id=params.get("requestValidatorId") or None,
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


@operation("UpdateMethod")
def update_method(state: ApiGatewayState, params: Params) -> Result:
    api, _, found = lookups.method(state, params)
    draft = patch.draft(found, "request_parameters", "request_models", "authorization_scopes")
    METHOD_UPDATE.apply(draft, params.get("patchOperations"), api)
    draft.authorizer_id = _authorizer_id(api, draft.authorization_type, draft.authorizer_id)
    draft.request_parameters = draft.request_parameters or None
    draft.request_models = draft.request_models or None
    draft.authorization_scopes = draft.authorization_scopes or None
    patch.commit(
        found,
        draft,
        "authorization_type",
        "authorizer_id",
        "api_key_required",
        "operation_name",
        "request_validator_id",
        "request_parameters",
        "request_models",
        "authorization_scopes",
    )
    return method_view(found)


def _set_authorization_type(method: Method, change: patch.Change) -> None:
    method.authorization_type = _authorization_type(change.value or "")


def _set_validator(method: Method, change: patch.Change) -> None:
    _check_validator(change.context, change.value)
    method.request_validator_id = change.value or None


def _patch_request_parameter(method: Method, change: patch.Change) -> None:
    name = patch.unescape(change.args["name"])
    parameters = method.request_parameters or {}
    if change.op == "remove":
        parameters.pop(name, None)
    else:
        _check_parameters([*(p for p in parameters if p != name), name])
        parameters[name] = _as_bool(change.value)
    method.request_parameters = parameters


def _patch_request_model(method: Method, change: patch.Change) -> None:
    content_type = patch.unescape(change.args["type"])
    models = method.request_models or {}
    if change.op == "remove":
        models.pop(content_type, None)
    else:
        _check_model(change.context, change.value or "")
        models[content_type] = change.value or ""
    method.request_models = models


def _patch_scope(method: Method, change: patch.Change) -> None:
    scopes = method.authorization_scopes or []
    if change.op == "remove":
        if change.value in scopes:
            scopes.remove(change.value)
    elif change.value and change.value not in scopes:
        scopes.append(change.value)
    method.authorization_scopes = scopes


def _as_bool(value: str | None) -> bool:
    return str(value).lower() == "true"


def _wrong_op(ops: tuple[str, ...]) -> Callable[[str, str], errors.ServiceError]:
    """``Invalid patch operation specified. Must be one of: [replace]`` (recorded), listing the
    ops the path takes."""

    def answer(op: str, path: str) -> errors.ServiceError:
        return errors.bad_request(
            f"Invalid patch operation specified. Must be one of: [{', '.join(ops)}]"
        )

    return answer


_R = ("replace",)
_ARR = patch.ADD_REMOVE_REPLACE
_AR = ("add", "remove")


def _invalid_path(table: patch.PatchTable, op: str, path: str) -> errors.ServiceError:
    return errors.bad_request(f"Invalid patch path {path or 'null'}")


def _rule(ops: tuple[str, ...], path: str, apply: patch.Apply) -> patch.Rule:
    return patch.Rule(ops, path, apply, wrong_op=_wrong_op(ops))


METHOD_UPDATE = patch.PatchTable(
    _rule(_R, "/authorizationType", _set_authorization_type),
    _rule(_R, "/authorizerId", patch.setter("authorizer_id", lambda v: v or None)),
    _rule(_R, "/apiKeyRequired", patch.setter("api_key_required", _as_bool)),
    _rule(_R, "/operationName", patch.setter("operation_name", lambda v: v or None)),
    _rule(_R, "/requestValidatorId", _set_validator),
    _rule(_ARR, "/requestParameters/{name}", _patch_request_parameter),
    _rule(_ARR, "/requestModels/{type}", _patch_request_model),
    _rule(_AR, "/authorizationScopes", _patch_scope),
    known_ops=patch.OPS,
    unknown_path=_invalid_path,
)


# ------------------------------------------------------------------------------ method responses


@operation("PutMethodResponse")
def put_method_response(state: ApiGatewayState, params: Params) -> Result:
    api, _, found = lookups.method(state, params)
    for model in (params.get("responseModels") or {}).values():
        _check_model(api, model)
    response = MethodResponse(
        status_code=params["statusCode"],
        response_parameters=copied(params.get("responseParameters")),
        response_models=copied(params.get("responseModels")),
    )
    found.responses[response.status_code] = response  # a second put replaces the first
    return method_response_view(response)


def _method_response(
    state: ApiGatewayState, params: Params
) -> tuple[RestApi, Method, MethodResponse]:
    api, _, found = lookups.method(state, params)
    response = found.responses.get(params["statusCode"])
    if response is None:
        raise errors.not_found("Invalid Response status code specified")
    return api, found, response


@operation("GetMethodResponse")
def get_method_response(state: ApiGatewayState, params: Params) -> Result:
    return method_response_view(_method_response(state, params)[2])


@operation("DeleteMethodResponse")
def delete_method_response(state: ApiGatewayState, params: Params) -> Result:
    _, found, response = _method_response(state, params)
    del found.responses[response.status_code]
    return None


@operation("UpdateMethodResponse")
def update_method_response(state: ApiGatewayState, params: Params) -> Result:
    api, _, response = _method_response(state, params)
    draft = patch.draft(response)
    RESPONSE_UPDATE.apply(draft, params.get("patchOperations"), api)
    if params.get("patchOperations"):
        draft.response_parameters = draft.response_parameters or None
        draft.response_models = draft.response_models or None
    patch.commit(response, draft)
    return method_response_view(response)


@dataclass(frozen=True)
class _Entry:
    """How UpdateMethodResponse edits one of the response's two maps."""

    attribute: str
    missing: str
    escaped: bool


def _patch_entry(entry: _Entry) -> patch.Apply:
    def apply(response: MethodResponse, change: patch.Change) -> None:
        key = change.args["key"]
        if entry.escaped:
            key = patch.unescape(key)
        values = dict(getattr(response, entry.attribute) or {})
        if change.op in ("replace", "remove") and key not in values:
            raise errors.not_found(entry.missing)
        if change.op == "remove":
            del values[key]
        elif entry.attribute == "response_parameters":
            values[key] = _as_bool(change.value)
        else:
            _check_model(change.context, change.value or "")
            values[key] = change.value
        setattr(response, entry.attribute, values)

    return apply


RESPONSE_UPDATE = patch.PatchTable(
    _rule(
        _ARR,
        "/responseParameters/{key}",
        _patch_entry(_Entry("response_parameters", "Invalid parameter name specified", False)),
    ),
    _rule(
        _ARR,
        "/responseModels/{key}",
        _patch_entry(_Entry("response_models", "Content-Type specified was not found", True)),
    ),
    known_ops=patch.OPS,
    unknown_path=_invalid_path,
)
