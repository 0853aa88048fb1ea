"""Gateway responses: PutGatewayResponse, GetGatewayResponse(s), UpdateGatewayResponse,
DeleteGatewayResponse.

Recorded AWS behaviour (LocalStack snapshots validated against AWS,
``TestApiGatewayGatewayResponse``): every response type answers, with ``defaultResponse: true``
until customized (defaults and inheritance: records/gateway_responses.py); PutGatewayResponse
replaces the type's customization whole, filling in the type's default status code and template
for what it is not given, and answers 201; DeleteGatewayResponse of a type that is not
customized is 404 ``Gateway response type not defined on api``; calls on an unknown API answer
the API's 404. UpdateGatewayResponse customizes a type that was not (starting from what it
answered): ``replace`` on ``/statusCode`` (``add``/``remove`` there, an unknown path, or none, is
``Invalid patch path <path>``), ``add``/``replace``/``remove`` on ``/responseParameters/<name>``
and ``/responseTemplates/<content type>`` (``~1`` for ``/``); replacing one that is not there is
404 ``Invalid parameter name specified``, an empty value ``Invalid null or empty value in
responseParameters`` (or ``responseTemplates``).

GetGatewayResponses lists every type, in alphabetical order (mockgw's choice: the recordings
sort the list), in one page: AWS documents that this collection ignores ``position`` and
``limit``. mockgw's choice: removing a parameter or template that is not there is the same 404.
"""

from __future__ import annotations

from mockgw import errors
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.gateway_responses import (
    DEFAULT_STATUS,
    GatewayResponse,
    effective,
    fresh,
    gateway_response_view,
)
from mockgw.services.apigateway.records.rest_apis import RestApi
from mockgw.services.apigateway.state import ApiGatewayState


def _customized(api: RestApi) -> dict[str, GatewayResponse]:
    return {r.response_type: r for r in api.gateway_responses.values()}


def _store(api: RestApi, response: GatewayResponse) -> None:
    if response.response_type in api.gateway_responses:
        api.gateway_responses.remove(response.response_type)
    api.gateway_responses.add(response.response_type, response)


@operation("PutGatewayResponse")
def put_gateway_response(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    response = fresh(params["responseType"])
    if params.get("statusCode") is not None:
        response.status_code = params["statusCode"]
    if params.get("responseParameters") is not None:
        response.response_parameters = dict(params["responseParameters"])
    if params.get("responseTemplates") is not None:
        response.response_templates = dict(params["responseTemplates"])
    _store(api, response)
    return gateway_response_view(response, default=False)


@operation("GetGatewayResponse")
def get_gateway_response(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    response, default = effective(_customized(api), params["responseType"])
    return gateway_response_view(response, default)


@operation("GetGatewayResponses")
def get_gateway_responses(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    customized = _customized(api)
    return {
        "items": [gateway_response_view(*effective(customized, kind)) for kind in DEFAULT_STATUS]
    }


@operation("UpdateGatewayResponse")
def update_gateway_response(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    draft, _ = effective(_customized(api), params["responseType"])
    UPDATE.apply(draft, params.get("patchOperations"))
    _store(api, draft)
    return gateway_response_view(draft, default=False)


@operation("DeleteGatewayResponse")
def delete_gateway_response(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    if params["responseType"] not in api.gateway_responses:
        raise errors.not_found("Gateway response type not defined on api")
    api.gateway_responses.remove(params["responseType"])
    return None


def _entry(attribute: str, member: str) -> patch.Apply:
    def apply(response: GatewayResponse, change: patch.Change) -> None:
        key = patch.unescape(change.args["key"])
        values: dict[str, str] = getattr(response, attribute)
        if change.op in ("replace", "remove") and key not in values:
            raise errors.not_found("Invalid parameter name specified")
        if change.op == "remove":
            del values[key]
            return
        if not change.value:
            raise errors.bad_request(f"Invalid null or empty value in {member}")
        values[key] = change.value

    return apply


def _invalid_path(op: str, path: str) -> errors.ServiceError:
    return errors.bad_request(f"Invalid patch path {path or 'null'}")


UPDATE = patch.PatchTable(
    patch.Rule(("replace",), "/statusCode", patch.setter("status_code", lambda v: v or None)),
    patch.Rule(
        patch.ADD_REMOVE_REPLACE,
        "/responseParameters/{key}",
        _entry("response_parameters", "responseParameters"),
    ),
    patch.Rule(
        patch.ADD_REMOVE_REPLACE,
        "/responseTemplates/{key}",
        _entry("response_templates", "responseTemplates"),
    ),
    known_ops=patch.OPS,
    unknown_path=lambda table, op, path: _invalid_path(op, path),
    wrong_op=_invalid_path,
)
