"""Request validators: CreateRequestValidator, GetRequestValidator(s), UpdateRequestValidator,
DeleteRequestValidator.

Recorded AWS behaviour (LocalStack snapshots validated against AWS,
``TestApiGatewayApiRequestValidator``): both flags default to false; creating one on an unknown
API is 400 ``Invalid REST API identifier specified`` (not the usual 404), listing is the API's
404; Get, Update and Delete answer ``Invalid Request Validator identifier specified`` for an
unknown API or validator; UpdateRequestValidator takes ``replace`` on ``/name``,
``/validateRequestParameters`` and ``/validateRequestBody`` (a flag without a value is false), a
blank name is ``Request Validator name cannot be blank``.

mockgw's choices: a missing name on create is refused as a blank one on update is, and a
validator a method uses cannot be deleted (409, worded as AWS words it for authorizers).
"""

from __future__ import annotations

from mockgw import errors, ids
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.validators import (
    RequestValidator,
    request_validator_view,
)
from mockgw.services.apigateway.state import ApiGatewayState

BLANK_NAME = "Request Validator name cannot be blank"


@operation("CreateRequestValidator")
def create_request_validator(state: ApiGatewayState, params: Params) -> Result:
    api = state.rest_apis.get(params["restApiId"])
    if api is None:
        raise errors.bad_request("Invalid REST API identifier specified")
    name = params.get("name")
    if not name:
        raise errors.bad_request(BLANK_NAME)
    validator = RequestValidator(
        id=ids.unique(ids.request_validator_id, api.request_validators),
        name=name,
        validate_request_body=bool(params.get("validateRequestBody", False)),
        validate_request_parameters=bool(params.get("validateRequestParameters", False)),
    )
    api.request_validators.add(validator.id, validator)
    return request_validator_view(validator)


@operation("GetRequestValidator")
def get_request_validator(state: ApiGatewayState, params: Params) -> Result:
    _, validator = lookups.request_validator(
        state, params["restApiId"], params["requestValidatorId"]
    )
    return request_validator_view(validator)


@operation("GetRequestValidators")
def get_request_validators(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    items, position = lookups.oldest_first(api.request_validators, params)
    return {"items": [request_validator_view(v) for v in items], "position": position}


@operation("UpdateRequestValidator")
def update_request_validator(state: ApiGatewayState, params: Params) -> Result:
    _, validator = lookups.request_validator(
        state, params["restApiId"], params["requestValidatorId"]
    )
    draft = patch.draft(validator)
    UPDATE.apply(draft, params.get("patchOperations"))
    patch.commit(validator, draft)
    return request_validator_view(validator)


def _set_name(validator: RequestValidator, change: patch.Change) -> None:
    if not change.value or not change.value.strip():
        raise errors.bad_request(BLANK_NAME)
    validator.name = change.value


def _flag(value: str | None) -> bool:
    return str(value).lower() == "true"


UPDATE = patch.PatchTable(
    patch.Rule(("replace",), "/name", _set_name),
    patch.Rule(
        ("replace",),
        "/validateRequestParameters",
        patch.setter("validate_request_parameters", _flag),
    ),
    patch.Rule(("replace",), "/validateRequestBody", patch.setter("validate_request_body", _flag)),
    known_ops=("replace",),
    unknown_op=patch.choose_supported,
)


@operation("DeleteRequestValidator")
def delete_request_validator(state: ApiGatewayState, params: Params) -> Result:
    api, validator = lookups.request_validator(
        state, params["restApiId"], params["requestValidatorId"]
    )
    user = lookups.validator_user(api, validator.id)
    if user is not None:
        raise errors.conflict(
            f"Cannot delete request validator '{validator.name}', is referenced in method: {user}"
        )
    api.request_validators.remove(validator.id)
    return None
