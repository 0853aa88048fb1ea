"""Models: CreateModel, GetModel(s), UpdateModel, DeleteModel, GetModelTemplate.

Recorded AWS behaviour (LocalStack snapshots validated against AWS, ``TestApiGatewayApiModels``
and ``test_put_method_model``): every REST API has the models ``Empty`` and ``Error``; an empty
description is left out; calls naming a model of an unknown API answer ``Invalid model name
specified: <name>`` (Create and list: the API's NotFound); a duplicate name is 409 ``Model name
already exists for this REST API``; a model a method uses cannot be deleted: 409 ``Cannot delete
model '<name>', is referenced in method request: <path>/<method>``. UpdateModel takes
``replace`` on ``/description`` and ``/schema`` only. The schema rules: records/models.py.
"""

from __future__ import annotations

import json

from mockgw import errors, ids
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.models import (
    Model,
    check_name,
    check_schema,
    flattened,
    has_references,
    model_view,
    template,
)
from mockgw.services.apigateway.records.rest_apis import RestApi
from mockgw.services.apigateway.records.rules import DESCRIPTION
from mockgw.services.apigateway.state import ApiGatewayState


@operation("CreateModel")
def create_model(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    name = params["name"]
    check_name(name)
    if name in api.models:
        raise errors.conflict("Model name already exists for this REST API")
    schema = params.get("schema")
    check_schema(schema)
    model = Model(
        id=ids.unique(ids.model_id, {m.id for m in api.models.values()}),
        name=name,
        content_type=params["contentType"],
        schema=schema,
        description=params.get("description") or None,
    )
    api.models.add(name, model)
    return model_view(model)


@operation("GetModel")
def get_model(state: ApiGatewayState, params: Params) -> Result:
    api, model = lookups.api_model(state, params["restApiId"], params["modelName"])
    view = model_view(model)
    if params.get("flatten") and has_references(model):
        view["schema"] = json.dumps(flattened(model, _by_name(api)), indent=2)
    return view


def _by_name(api: RestApi) -> dict[str, Model]:
    return {m.name: m for m in api.models.values()}


@operation("GetModels")
def get_models(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    items, position = lookups.oldest_first(api.models, params)
    return {"items": [model_view(m) for m in items], "position": position}


@operation("UpdateModel")
def update_model(state: ApiGatewayState, params: Params) -> Result:
    _, model = lookups.api_model(state, params["restApiId"], params["modelName"])
    draft = patch.draft(model)
    UPDATE.apply(draft, params.get("patchOperations"))
    patch.commit(model, draft)
    return model_view(model)


def _set_schema(model: Model, change: patch.Change) -> None:
    check_schema(change.value)
    model.schema = change.value


UPDATE = patch.PatchTable(
    DESCRIPTION,
    patch.Rule(("replace",), "/schema", _set_schema),
    known_ops=("replace",),
    unknown_op=patch.choose_supported,
)


@operation("DeleteModel")
def delete_model(state: ApiGatewayState, params: Params) -> Result:
    api, model = lookups.api_model(state, params["restApiId"], params["modelName"])
    user = lookups.model_user(api, model.name)
    if user is not None:
        raise errors.conflict(f"Cannot delete model '{model.name}', is referenced in {user}")
    api.models.remove(model.name)
    return None


@operation("GetModelTemplate")
def get_model_template(state: ApiGatewayState, params: Params) -> Result:
    api, model = lookups.api_model(state, params["restApiId"], params["modelName"])
    return {"value": template(model, _by_name(api))}
