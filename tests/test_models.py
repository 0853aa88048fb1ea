"""Models: CreateModel, GetModel(s), UpdateModel, DeleteModel, GetModelTemplate, and the models
methods name.

Sources: LocalStack's ``test_apigateway_api.snapshot.json`` (``TestApiGatewayApiModels``,
``test_put_method_model``: recorded against AWS), the AWS CLI's documented ``get-models``,
``get-model`` and ``get-model-template`` outputs (the default models' texts), AWS errors quoted
in public issues (an invalid draft-4 schema, a non-canonical reference).
"""

from __future__ import annotations

import json
import re
from typing import Any

import boto3
import pytest

from mockgw import mock_apigateway
from mockgw.services.apigateway.records.models import EMPTY_SCHEMA, ERROR_SCHEMA
from tests.helpers import assert_error, body, status

ACCOUNT = "123456789012"
MODEL_ID = re.compile(r"^[a-z0-9]{6}$")
CALC_SCHEMA = json.dumps(
    {
        "title": "Calc output",
        "type": "object",
        "properties": {
            "a": {"type": "number"},
            "op": {"description": "operation of +, -, * or /", "type": "string"},
        },
        "required": ["a", "op"],
    }
)
NO_SCHEMA = "Model schema must have at least 1 property or array items defined"
BAD_SCHEMA = (
    "Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema "
    "specified]"
)


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


@pytest.fixture
def api(apigw: Any) -> dict[str, str]:
    return apigw.create_rest_api(name="models")  # type: ignore[no-any-return]


def models_of(apigw: Any, api_id: str) -> list[dict[str, Any]]:
    return apigw.get_models(restApiId=api_id)["items"]  # type: ignore[no-any-return]


# ------------------------------------------------------------------------------ defaults


def test_a_new_api_has_the_empty_and_error_models(apigw: Any, api: dict[str, str]) -> None:
    response = apigw.get_models(restApiId=api["id"])
    assert status(response) == 200
    items = response["items"]
    assert [m["name"] for m in items] == ["Error", "Empty"]
    error, empty = items
    assert error == {
        "id": error["id"],
        "name": "Error",
        "description": "This is a default error schema model",
        "schema": ERROR_SCHEMA,
        "contentType": "application/json",
    }
    assert empty == {
        "id": empty["id"],
        "name": "Empty",
        "description": "This is a default empty schema model",
        "schema": EMPTY_SCHEMA,
        "contentType": "application/json",
    }
    assert MODEL_ID.match(error["id"]) and MODEL_ID.match(empty["id"])
    assert error["id"] != empty["id"]
    assert json.loads(EMPTY_SCHEMA)["title"] == "Empty Schema"
    assert json.loads(ERROR_SCHEMA)["properties"] == {"message": {"type": "string"}}
    assert "position" not in response


def test_the_empty_model_template_is_aws_documented_one(apigw: Any, api: dict[str, str]) -> None:
    response = apigw.get_model_template(restApiId=api["id"], modelName="Empty")
    assert status(response) == 200
    assert body(response) == {"value": "#set($inputRoot = $input.path('$'))\n{ }"}
    error = apigw.get_model_template(restApiId=api["id"], modelName="Error")["value"]
    assert (
        error == '#set($inputRoot = $input.path(\'$\'))\n{\n  "message" : "$inputRoot.message"\n}'
    )


# ------------------------------------------------------------------------------ lifecycle


def test_model_lifecycle(apigw: Any, api: dict[str, str]) -> None:
    created = apigw.create_model(
        restApiId=api["id"],
        name="CalcOutput",
        contentType="application/json",
        description="Calc output model",
        schema=CALC_SCHEMA,
    )
    assert status(created) == 201
    assert body(created) == {
        "id": created["id"],
        "name": "CalcOutput",
        "description": "Calc output model",
        "schema": CALC_SCHEMA,
        "contentType": "application/json",
    }
    assert MODEL_ID.match(created["id"])
    got = apigw.get_model(restApiId=api["id"], modelName="CalcOutput")
    assert status(got) == 200
    assert body(got) == body(created)
    assert models_of(apigw, api["id"])[-1] == body(created)
    deleted = apigw.delete_model(restApiId=api["id"], modelName="CalcOutput")
    assert status(deleted) == 202
    assert [m["name"] for m in models_of(apigw, api["id"])] == ["Error", "Empty"]


def test_an_empty_description_is_left_out(apigw: Any, api: dict[str, str]) -> None:
    schema = json.dumps({"title": "MySchema", "type": "object"})
    created = apigw.create_model(
        restApiId=api["id"],
        name="MySchema",
        contentType="application/json",
        description="",
        schema=schema,
    )
    assert body(created) == {
        "id": created["id"],
        "name": "MySchema",
        "schema": schema,
        "contentType": "application/json",
    }


def test_a_model_template_follows_the_schema(apigw: Any, api: dict[str, str]) -> None:
    schema = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    }
    apigw.create_model(
        restApiId=api["id"], name="Pet", contentType="application/json", schema=json.dumps(schema)
    )
    value = apigw.get_model_template(restApiId=api["id"], modelName="Pet")["value"]
    assert value == (
        "#set($inputRoot = $input.path('$'))\n"
        "{\n"
        '  "id" : $inputRoot.id,\n'
        '  "name" : "$inputRoot.name",\n'
        '  "tags" : [\n'
        "#foreach($elem in $inputRoot.tags)\n"
        '   "$elem"\n'
        "#if($foreach.hasNext),#end\n"
        "#end\n"
        "  ]\n"
        "}"
    )


def test_flatten_inlines_the_models_a_schema_references(apigw: Any, api: dict[str, str]) -> None:
    apigw.create_model(
        restApiId=api["id"], name="Pet", contentType="application/json", schema=CALC_SCHEMA
    )
    reference = f"https://apigateway.amazonaws.com/restapis/{api['id']}/models/Pet"
    pets = json.dumps({"type": "array", "items": {"$ref": reference}})
    apigw.create_model(
        restApiId=api["id"], name="Pets", contentType="application/json", schema=pets
    )
    assert apigw.get_model(restApiId=api["id"], modelName="Pets")["schema"] == pets
    flat = apigw.get_model(restApiId=api["id"], modelName="Pets", flatten=True)["schema"]
    assert json.loads(flat) == {"type": "array", "items": json.loads(CALC_SCHEMA)}
    plain = apigw.get_model(restApiId=api["id"], modelName="Empty", flatten=True)
    assert plain["schema"] == EMPTY_SCHEMA


def test_get_models_pages(apigw: Any, api: dict[str, str]) -> None:
    for i in range(3):
        apigw.create_model(
            restApiId=api["id"], name=f"M{i}", contentType="application/json", schema=CALC_SCHEMA
        )
    first = apigw.get_models(restApiId=api["id"], limit=2)
    assert [m["name"] for m in first["items"]] == ["Error", "Empty"]
    rest = apigw.get_models(restApiId=api["id"], limit=2, position=first["position"])
    assert [m["name"] for m in rest["items"]] == ["M0", "M1"]
    pages = apigw.get_paginator("get_models").paginate(
        restApiId=api["id"], PaginationConfig={"PageSize": 2}
    )
    assert [m["name"] for page in pages for m in page["items"]] == [
        "Error", "Empty", "M0", "M1", "M2",
    ]  # fmt: skip


def test_a_clone_gets_the_models(apigw: Any, api: dict[str, str]) -> None:
    apigw.create_model(
        restApiId=api["id"], name="Pet", contentType="application/json", schema=CALC_SCHEMA
    )
    clone = apigw.create_rest_api(name="clone", cloneFrom=api["id"])
    assert models_of(apigw, clone["id"]) == models_of(apigw, api["id"])


# ------------------------------------------------------------------------------ errors


def test_calls_on_an_unknown_api(apigw: Any) -> None:
    assert_error(
        lambda: apigw.create_model(
            restApiId="abcde0", name="MySchema", contentType="application/json", schema=CALC_SCHEMA
        ),
        "NotFoundException",
        404,
        f"Invalid API identifier specified {ACCOUNT}:abcde0",
    )
    assert_error(
        lambda: apigw.get_models(restApiId="abcde0"),
        "NotFoundException",
        404,
        f"Invalid API identifier specified {ACCOUNT}:abcde0",
    )
    for call in (
        lambda: apigw.get_model(restApiId="abcde0", modelName="MySchema"),
        lambda: apigw.delete_model(restApiId="abcde0", modelName="MySchema"),
        lambda: apigw.get_model_template(restApiId="abcde0", modelName="MySchema"),
        lambda: apigw.update_model(
            restApiId="abcde0",
            modelName="MySchema",
            patchOperations=[{"op": "replace", "path": "/description", "value": "x"}],
        ),
    ):
        assert_error(call, "NotFoundException", 404, "Invalid model name specified: MySchema")


def test_calls_on_an_unknown_model(apigw: Any, api: dict[str, str]) -> None:
    for call in (
        lambda: apigw.get_model(restApiId=api["id"], modelName="Nope"),
        lambda: apigw.delete_model(restApiId=api["id"], modelName="Nope"),
        lambda: apigw.get_model_template(restApiId=api["id"], modelName="Nope"),
    ):
        assert_error(call, "NotFoundException", 404, "Invalid model name specified: Nope")


@pytest.mark.parametrize(
    ("kwargs", "code", "http", "message"),
    [
        (
            {"name": "Empty"},
            "ConflictException",
            409,
            "Model name already exists for this REST API",
        ),
        ({"name": ""}, "BadRequestException", 400, "Model name must be non-empty"),
        ({"name": "my-model"}, "BadRequestException", 400, "Model name must be alphanumeric"),
        ({"schema": ""}, "BadRequestException", 400, NO_SCHEMA),
        ({"schema": None}, "BadRequestException", 400, NO_SCHEMA),
        ({"schema": None, "contentType": "application/xml"}, "BadRequestException", 400, NO_SCHEMA),
        ({"schema": "{not json"}, "BadRequestException", 400, BAD_SCHEMA),
        ({"schema": '["a"]'}, "BadRequestException", 400, BAD_SCHEMA),
        ({"schema": '{"type": "object", "required": []}'}, "BadRequestException", 400, BAD_SCHEMA),
        ({"schema": '{"type": "whatever"}'}, "BadRequestException", 400, BAD_SCHEMA),
        (
            {"schema": '{"type": "object", "properties": {"p": {"$ref": "Pet"}}}'},
            "BadRequestException",
            400,
            "Invalid model specified: Validation Result: warnings : [], errors : [Model "
            "reference must be in canonical form]",
        ),
    ],
)
def test_create_model_rejects_and_changes_nothing(
    apigw: Any, api: dict[str, str], kwargs: Any, code: str, http: int, message: str
) -> None:
    call: dict[str, Any] = {
        "restApiId": api["id"],
        "name": "MyModel",
        "contentType": "application/json",
        "schema": CALC_SCHEMA,
        **kwargs,
    }
    call = {k: v for k, v in call.items() if v is not None}
    before = models_of(apigw, api["id"])
    assert_error(lambda: apigw.create_model(**call), code, http, message)
    assert models_of(apigw, api["id"]) == before


def test_a_canonical_reference_and_local_definitions_are_taken(
    apigw: Any, api: dict[str, str]
) -> None:
    schema = {
        "type": "object",
        "definitions": {"tag": {"type": "string"}},
        "properties": {
            "tag": {"$ref": "#/definitions/tag"},
            "err": {"$ref": f"https://apigateway.amazonaws.com/restapis/{api['id']}/models/Error"},
        },
    }
    made = apigw.create_model(
        restApiId=api["id"], name="Ref", contentType="application/json", schema=json.dumps(schema)
    )
    assert status(made) == 201


# ------------------------------------------------------------------------------ UpdateModel


def test_update_model(apigw: Any, api: dict[str, str]) -> None:
    apigw.create_model(
        restApiId=api["id"],
        name="MySchema",
        contentType="application/json",
        description="old",
        schema=json.dumps({"title": "MySchema", "type": "object"}),
    )
    updated_schema = json.dumps({"title": "Updated schema", "type": "object"})
    response = apigw.update_model(
        restApiId=api["id"],
        modelName="MySchema",
        patchOperations=[
            {"op": "replace", "path": "/schema", "value": updated_schema},
            {"op": "replace", "path": "/description", "value": ""},
        ],
    )
    assert status(response) == 200
    assert body(response) == {
        "id": response["id"],
        "name": "MySchema",
        "schema": updated_schema,
        "contentType": "application/json",
    }
    assert body(apigw.get_model(restApiId=api["id"], modelName="MySchema")) == body(response)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (
            {"op": "add", "path": "/wrong-path", "value": "not supported op"},
            "Invalid patch path  '/wrong-path' specified for op 'add'. Please choose supported "
            "operations",
        ),
        (
            {"op": "remove", "path": "/description"},
            "Invalid patch path  '/description' specified for op 'remove'. Please choose "
            "supported operations",
        ),
        (
            {"op": "replace", "path": "/name", "value": "invalid"},
            "Invalid patch path  '/name' specified for op 'replace'. Must be one of: "
            "[/description, /schema]",
        ),
        ({"op": "replace", "path": "/schema", "value": ""}, NO_SCHEMA),
        ({"op": "replace", "path": "/schema", "value": '{"required": []}'}, BAD_SCHEMA),
    ],
)
def test_update_model_rejects_and_changes_nothing(
    apigw: Any, api: dict[str, str], patch: Any, message: str
) -> None:
    before = body(apigw.get_model(restApiId=api["id"], modelName="Error"))
    assert_error(
        lambda: apigw.update_model(
            restApiId=api["id"],
            modelName="Error",
            patchOperations=[{"op": "replace", "path": "/description", "value": "x"}, patch],
        ),
        "BadRequestException",
        400,
        message,
    )
    assert body(apigw.get_model(restApiId=api["id"], modelName="Error")) == before


# ------------------------------------------------------------------------------ models in use


def _schema(apigw: Any, api_id: str, name: str) -> None:
    apigw.create_model(
        restApiId=api_id,
        name=name,
        contentType="application/json",
        schema=json.dumps({"title": name, "type": "object"}),
    )


def test_a_model_a_method_uses_cannot_be_deleted(apigw: Any, api: dict[str, str]) -> None:
    api_id, root = api["id"], api["rootResourceId"]
    _schema(apigw, api_id, "MySchema")
    _schema(apigw, api_id, "MySchemaTwo")
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "ANY"}
    put = apigw.put_method(
        **where, authorizationType="NONE", requestModels={"application/json": "MySchema"}
    )
    assert body(put) == {
        "apiKeyRequired": False,
        "authorizationType": "NONE",
        "httpMethod": "ANY",
        "requestModels": {"application/json": "MySchema"},
    }
    assert_error(
        lambda: apigw.delete_model(restApiId=api_id, modelName="MySchema"),
        "ConflictException",
        409,
        "Cannot delete model 'MySchema', is referenced in method request: //ANY",
    )
    apigw.update_method(
        **where,
        patchOperations=[
            {"op": "replace", "path": "/requestModels/application~1json", "value": "MySchemaTwo"}
        ],
    )
    assert status(apigw.delete_model(restApiId=api_id, modelName="MySchema")) == 202
    test = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="test")["id"]
    apigw.put_method(
        restApiId=api_id,
        resourceId=test,
        httpMethod="ANY",
        authorizationType="NONE",
        requestModels={"application/json": "MySchemaTwo"},
    )
    # AWS names the newer resource first
    assert_error(
        lambda: apigw.delete_model(restApiId=api_id, modelName="MySchemaTwo"),
        "ConflictException",
        409,
        "Cannot delete model 'MySchemaTwo', is referenced in method request: /test/ANY",
    )
    apigw.update_method(
        restApiId=api_id,
        resourceId=test,
        httpMethod="ANY",
        patchOperations=[{"op": "remove", "path": "/requestModels/application~1json"}],
    )
    assert_error(
        lambda: apigw.delete_model(restApiId=api_id, modelName="MySchemaTwo"),
        "ConflictException",
        409,
        "Cannot delete model 'MySchemaTwo', is referenced in method request: //ANY",
    )
    apigw.delete_method(**where)
    assert status(apigw.delete_model(restApiId=api_id, modelName="MySchemaTwo")) == 202


def test_a_model_a_method_response_uses_cannot_be_deleted(apigw: Any, api: dict[str, str]) -> None:
    api_id, root = api["id"], api["rootResourceId"]
    _schema(apigw, api_id, "Out")
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    apigw.put_method(**where, authorizationType="NONE")
    apigw.put_method_response(**where, statusCode="200", responseModels={"application/json": "Out"})
    assert_error(
        lambda: apigw.delete_model(restApiId=api_id, modelName="Out"),
        "ConflictException",
        409,
        "Cannot delete model 'Out', is referenced in method response: //GET/200",
    )
    assert "Out" in [m["name"] for m in models_of(apigw, api_id)]


def test_methods_name_only_models_of_their_api(apigw: Any, api: dict[str, str]) -> None:
    api_id, root = api["id"], api["rootResourceId"]
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    assert_error(
        lambda: apigw.put_method(
            **where, authorizationType="NONE", requestModels={"application/json": "Pet"}
        ),
        "BadRequestException",
        400,
        "Invalid model identifier specified: Pet",
    )
    _schema(apigw, api_id, "Pet")
    put = apigw.put_method(
        **where, authorizationType="NONE", requestModels={"application/json": "Pet"}
    )
    assert put["requestModels"] == {"application/json": "Pet"}
    apigw.delete_method(**where)
    apigw.delete_model(restApiId=api_id, modelName="Empty")
    apigw.put_method(**where, authorizationType="NONE")
    assert_error(
        lambda: apigw.put_method_response(
            **where, statusCode="200", responseModels={"application/json": "Empty"}
        ),
        "BadRequestException",
        400,
        "Invalid model identifier specified: Empty",
    )
