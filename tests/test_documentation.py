"""Documentation: parts (Create, Get, list, Update, Delete, Import) and versions (Create, Get,
list, Update, Delete).

Sources: LocalStack's validated snapshots (``TestApiGatewayApiDocumentationPart``,
``TestDocumentations``), the developer guide's "Document an API using the API Gateway REST API"
(the duplicate-location text, location defaults).
"""

from __future__ import annotations

import json
import re
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from mockgw import mock_apigateway
from tests.helpers import assert_error, body, status

ACCOUNT = "123456789012"
PART_ID = re.compile(r"^[a-z0-9]{6}$")
NO_PART = "Invalid Documentation part identifier specified"
DOCUMENT = {
    "openapi": "3.0.0",
    "info": {"description": "description", "version": "1", "title": "doc"},
    "paths": {"/": {"get": {"description": "Method description."}}},
    "x-amazon-apigateway-documentation": {
        "version": "1.0.3",
        "documentationParts": [
            {
                "location": {"type": "API"},
                "properties": {
                    "description": "API description",
                    "info": {
                        "description": "API info description 4",
                        "version": "API info version 3",
                    },
                },
            },
            {
                "location": {"type": "METHOD", "method": "GET"},
                "properties": {"description": "Method description."},
            },
            {
                "location": {"type": "MODEL", "name": "Empty"},
                "properties": {"title": "Empty Schema"},
            },
            {
                "location": {"type": "RESPONSE", "method": "GET", "statusCode": "200"},
                "properties": {"description": "200 response"},
            },
        ],
    },
}


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


@pytest.fixture
def api_id(apigw: Any) -> str:
    return apigw.create_rest_api(name="documented")["id"]  # type: ignore[no-any-return]


def parts_of(apigw: Any, api_id: str, **kwargs: Any) -> list[dict[str, Any]]:
    return apigw.get_documentation_parts(restApiId=api_id, **kwargs)["items"]  # type: ignore[no-any-return]


# ------------------------------------------------------------------------------ parts


def test_documentation_part_lifecycle(apigw: Any, api_id: str) -> None:
    created = apigw.create_documentation_part(
        restApiId=api_id,
        location={"type": "API"},
        properties='{ "description": "Sample API description" }',
    )
    assert status(created) == 201
    assert body(created) == {
        "id": created["id"],
        "location": {"type": "API"},
        "properties": '{ "description": "Sample API description" }',
    }
    assert PART_ID.match(created["id"])
    got = apigw.get_documentation_part(restApiId=api_id, documentationPartId=created["id"])
    assert status(got) == 200
    assert body(got) == body(created)
    listed = apigw.get_documentation_parts(restApiId=api_id)
    assert body(listed) == {"items": [body(created)]}
    updated = apigw.update_documentation_part(
        restApiId=api_id,
        documentationPartId=created["id"],
        patchOperations=[
            {
                "op": "replace",
                "path": "/properties",
                "value": '{ "description": "Updated Sample API description" }',
            }
        ],
    )
    assert status(updated) == 200
    assert updated["properties"] == '{ "description": "Updated Sample API description" }'
    assert body(
        apigw.get_documentation_part(restApiId=api_id, documentationPartId=created["id"])
    ) == (body(updated))
    deleted = apigw.delete_documentation_part(restApiId=api_id, documentationPartId=created["id"])
    assert status(deleted) == 202
    assert_error(
        lambda: apigw.delete_documentation_part(
            restApiId=api_id, documentationPartId=created["id"]
        ),
        "NotFoundException",
        404,
        NO_PART,
    )
    assert parts_of(apigw, api_id) == []


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ({"type": "RESOURCE"}, {"type": "RESOURCE", "path": "/"}),
        ({"type": "METHOD", "method": "GET"}, {"type": "METHOD", "path": "/", "method": "GET"}),
        ({"type": "METHOD", "path": "/pets"}, {"type": "METHOD", "path": "/pets", "method": "*"}),
        (
            {"type": "RESPONSE", "method": "GET", "statusCode": "200"},
            {"type": "RESPONSE", "path": "/", "method": "GET", "statusCode": "200"},
        ),
        (
            {"type": "QUERY_PARAMETER", "path": "/pets", "method": "GET", "name": "page"},
            {"type": "QUERY_PARAMETER", "path": "/pets", "method": "GET", "name": "page"},
        ),
        ({"type": "MODEL", "name": "Pet"}, {"type": "MODEL", "name": "Pet"}),
        # a request body needs no name: AWS's own PetStore documentation names none
        (
            {"type": "REQUEST_BODY", "path": "/pets", "method": "POST"},
            {"type": "REQUEST_BODY", "path": "/pets", "method": "POST"},
        ),
    ],
)
def test_locations_get_aws_defaults(
    apigw: Any, api_id: str, given: dict[str, str], stored: dict[str, str]
) -> None:
    created = apigw.create_documentation_part(restApiId=api_id, location=given, properties="{}")
    assert created["location"] == stored


def test_empty_location_fields_count_as_not_given(apigw: Any, api_id: str) -> None:
    """Terraform's provider sends every field of a location, the unset ones as ``""``."""
    empty = {"path": "", "method": "", "statusCode": "", "name": ""}
    api = apigw.create_documentation_part(
        restApiId=api_id, location={"type": "API", **empty}, properties="{}"
    )
    assert api["location"] == {"type": "API"}
    method = apigw.create_documentation_part(
        restApiId=api_id,
        location={**empty, "type": "METHOD", "path": "/pets", "method": "GET"},
        properties="{}",
    )
    assert method["location"] == {"type": "METHOD", "path": "/pets", "method": "GET"}


@pytest.mark.parametrize(
    ("location", "code", "http", "message"),
    [
        (
            {"type": "API"},
            "ConflictException",
            409,
            "Documentation part already exists for the specified location: type 'API'.",
        ),
        (
            {"type": "METHOD", "path": "/pets", "method": "GET"},
            "ConflictException",
            409,
            "Documentation part already exists for the specified location: type 'METHOD', "
            "path '/pets', method 'GET'.",
        ),
        (
            {"type": "API", "path": "/"},
            "BadRequestException",
            400,
            "Invalid documentation part location: path is not a valid field for type API",
        ),
        (
            {"type": "MODEL"},
            "BadRequestException",
            400,
            "Invalid documentation part location: name is required for type MODEL",
        ),
    ],
)
def test_create_part_rejects_and_changes_nothing(
    apigw: Any, api_id: str, location: dict[str, str], code: str, http: int, message: str
) -> None:
    apigw.create_documentation_part(restApiId=api_id, location={"type": "API"}, properties="{}")
    apigw.create_documentation_part(
        restApiId=api_id,
        location={"type": "METHOD", "path": "/pets", "method": "GET"},
        properties="{}",
    )
    before = parts_of(apigw, api_id)
    assert_error(
        lambda: apigw.create_documentation_part(
            restApiId=api_id, location=location, properties='{"a": 1}'
        ),
        code,
        http,
        message,
    )
    assert parts_of(apigw, api_id) == before


@pytest.mark.parametrize(
    ("properties", "message"),
    [
        ("", "Documentation part properties must be non-empty"),
        ("not json", "Documentation part properties must be a valid JSON object"),
        ("[1]", "Documentation part properties must be a valid JSON object"),
    ],
)
def test_properties_must_be_a_json_object(
    apigw: Any, api_id: str, properties: str, message: str
) -> None:
    assert_error(
        lambda: apigw.create_documentation_part(
            restApiId=api_id, location={"type": "API"}, properties=properties
        ),
        "BadRequestException",
        400,
        message,
    )
    assert parts_of(apigw, api_id) == []


def test_an_unknown_location_type_is_a_validation_error(apigw: Any, api_id: str) -> None:
    from botocore.config import Config

    raw = boto3.client(
        "apigateway", region_name="us-east-1", config=Config(parameter_validation=False)
    )
    assert_error(
        lambda: raw.create_documentation_part(
            restApiId=api_id, location={"type": "INVALID"}, properties="{}"
        ),
        "ValidationException",
        400,
        "1 validation error detected: Value 'INVALID' at "
        "'createDocumentationPartInput.location.type' failed to satisfy constraint: Member must "
        "satisfy enum value set: [RESPONSE_BODY, RESPONSE, METHOD, MODEL, AUTHORIZER, "
        "RESPONSE_HEADER, RESOURCE, PATH_PARAMETER, REQUEST_BODY, QUERY_PARAMETER, API, "
        "REQUEST_HEADER]",
    )


def test_calls_on_unknown_apis_and_parts(apigw: Any, api_id: str) -> None:
    unknown_api = f"Invalid API identifier specified {ACCOUNT}:api_id"
    for call in (
        lambda: apigw.create_documentation_part(
            restApiId="api_id", location={"type": "API"}, properties="{}"
        ),
        lambda: apigw.get_documentation_parts(restApiId="api_id"),
        lambda: apigw.delete_documentation_part(restApiId="api_id", documentationPartId="abc123"),
        lambda: apigw.import_documentation_parts(restApiId="api_id", body=b"{}"),
    ):
        assert_error(call, "NotFoundException", 404, unknown_api)
    part_id = apigw.create_documentation_part(
        restApiId=api_id, location={"type": "API"}, properties="{}"
    )["id"]
    for call in (
        lambda: apigw.get_documentation_part(restApiId="api_id", documentationPartId=part_id),
        lambda: apigw.get_documentation_part(restApiId=api_id, documentationPartId="nope00"),
        lambda: apigw.update_documentation_part(
            restApiId="api_id", documentationPartId=part_id, patchOperations=[]
        ),
        lambda: apigw.delete_documentation_part(restApiId=api_id, documentationPartId="nope00"),
    ):
        assert_error(call, "NotFoundException", 404, NO_PART)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (
            {"op": "add", "path": "/properties", "value": "{}"},
            "Invalid patch path  '/properties' specified for op 'add'. Please choose supported "
            "operations",
        ),
        (
            {"op": "replace", "path": "/invalidPath", "value": "{}"},
            "Invalid patch path  '/invalidPath' specified for op 'replace'. Must be one of: "
            "[/properties]",
        ),
        (
            {"op": "replace", "path": "/properties", "value": ""},
            "Documentation part properties must be non-empty",
        ),
    ],
)
def test_update_part_rejects_and_changes_nothing(
    apigw: Any, api_id: str, patch: Any, message: str
) -> None:
    part = apigw.create_documentation_part(
        restApiId=api_id, location={"type": "API"}, properties='{"a": 1}'
    )
    assert_error(
        lambda: apigw.update_documentation_part(
            restApiId=api_id,
            documentationPartId=part["id"],
            patchOperations=[{"op": "replace", "path": "/properties", "value": "{}"}, patch],
        ),
        "BadRequestException",
        400,
        message,
    )
    got = apigw.get_documentation_part(restApiId=api_id, documentationPartId=part["id"])
    assert body(got) == body(part)


def test_get_documentation_parts_filters_and_pages(apigw: Any, api_id: str) -> None:
    made = [
        apigw.create_documentation_part(restApiId=api_id, location=location, properties=props)
        for location, props in (
            ({"type": "API"}, '{"a": 1}'),
            ({"type": "RESOURCE", "path": "/pets"}, '{"a": 1}'),
            ({"type": "MODEL", "name": "PetModel"}, "{}"),
            ({"type": "MODEL", "name": "Owner"}, '{"a": 1}'),
        )
    ]
    ids = [p["id"] for p in made]
    assert [p["id"] for p in parts_of(apigw, api_id, type="MODEL")] == ids[2:]
    assert [p["id"] for p in parts_of(apigw, api_id, nameQuery="Pet")] == [ids[2]]
    assert [p["id"] for p in parts_of(apigw, api_id, path="/pets")] == [ids[1]]
    assert [p["id"] for p in parts_of(apigw, api_id, locationStatus="UNDOCUMENTED")] == [ids[2]]
    documented = parts_of(apigw, api_id, locationStatus="DOCUMENTED")
    assert [p["id"] for p in documented] == [ids[0], ids[1], ids[3]]
    first = apigw.get_documentation_parts(restApiId=api_id, limit=3)
    assert [p["id"] for p in first["items"]] == ids[:3]
    rest = apigw.get_documentation_parts(restApiId=api_id, limit=3, position=first["position"])
    assert [p["id"] for p in rest["items"]] == ids[3:]


# ------------------------------------------------------------------------------ import


def test_import_documentation_parts(apigw: Any, api_id: str) -> None:
    apigw.create_documentation_part(
        restApiId=api_id, location={"type": "RESOURCE", "path": "/old"}, properties="{}"
    )
    response = apigw.import_documentation_parts(
        restApiId=api_id, mode="overwrite", body=json.dumps(DOCUMENT).encode()
    )
    assert status(response) == 200
    assert set(body(response)) == {"ids"}
    ids = response["ids"]
    assert len(ids) == 4 and all(PART_ID.match(i) for i in ids)
    parts = parts_of(apigw, api_id)
    assert [p["id"] for p in parts] == ids
    assert [p["location"] for p in parts] == [
        {"type": "API"},
        {"method": "GET", "path": "/", "type": "METHOD"},
        {"name": "Empty", "type": "MODEL"},
        {"method": "GET", "path": "/", "statusCode": "200", "type": "RESPONSE"},
    ]
    assert isinstance(parts[0]["properties"], str)
    assert (
        json.loads(parts[0]["properties"])
        == DOCUMENT["x-amazon-apigateway-documentation"][  # type: ignore[index]
            "documentationParts"
        ][0]["properties"]
    )


def test_import_merges_by_location(apigw: Any, api_id: str) -> None:
    kept = apigw.create_documentation_part(
        restApiId=api_id, location={"type": "API"}, properties='{"old": true}'
    )
    other = apigw.create_documentation_part(
        restApiId=api_id, location={"type": "RESOURCE", "path": "/old"}, properties="{}"
    )
    yaml_document = (
        "openapi: 3.0.0\n"
        "x-amazon-apigateway-documentation:\n"
        "  documentationParts:\n"
        "    - location: {type: API}\n"
        "      properties: {description: merged}\n"
        "    - location: {type: MODEL, name: Pet}\n"
        "      properties: {title: Pet}\n"
    )
    response = apigw.import_documentation_parts(restApiId=api_id, body=yaml_document.encode())
    assert response["ids"][0] == kept["id"]
    parts = parts_of(apigw, api_id)
    assert [p["id"] for p in parts] == [kept["id"], other["id"], response["ids"][1]]
    assert json.loads(parts[0]["properties"]) == {"description": "merged"}


def test_import_warns_about_parts_it_cannot_take(apigw: Any, api_id: str) -> None:
    document = {
        "x-amazon-apigateway-documentation": {
            "documentationParts": [
                {"location": {"type": "API"}, "properties": {"a": 1}},
                {"location": {"type": "MODEL"}, "properties": {"a": 1}},
            ]
        }
    }
    data = json.dumps(document).encode()
    warned = apigw.import_documentation_parts(restApiId=api_id, body=data)
    assert len(warned["ids"]) == 1
    assert warned["warnings"] == [
        "Documentation part 1: Invalid documentation part location: name is required for type MODEL"
    ]
    apigw.delete_documentation_part(restApiId=api_id, documentationPartId=warned["ids"][0])
    assert_error(
        lambda: apigw.import_documentation_parts(restApiId=api_id, body=data, failOnWarnings=True),
        "BadRequestException",
        400,
        "Warnings found during import:\n\tDocumentation part 1: Invalid documentation part "
        "location: name is required for type MODEL",
    )
    assert parts_of(apigw, api_id) == []


@pytest.mark.parametrize(
    "document",
    [
        'test:\n    value:\n        - "value ... "escaped": $var, "dt": $(var +"%a")}"\n        ',
        "{'key:value}",
        "just text",
    ],
)
def test_import_refuses_a_document_it_cannot_read(apigw: Any, api_id: str, document: str) -> None:
    assert_error(
        lambda: apigw.import_documentation_parts(
            restApiId=api_id, mode="overwrite", body=document.encode()
        ),
        "BadRequestException",
        400,
        "Unable to build importer with provided input.",
    )


# ------------------------------------------------------------------------------ versions


def test_documentation_version_lifecycle(apigw: Any, api_id: str) -> None:
    apigw.create_documentation_part(
        restApiId=api_id, location={"type": "API"}, properties='{"foo": "bar"}'
    )
    with freeze_time("2024-05-01 12:00:00"):
        created = apigw.create_documentation_version(restApiId=api_id, documentationVersion="v123")
    assert status(created) == 201
    assert body(created) == {"version": "v123", "createdDate": created["createdDate"]}
    assert created["createdDate"].isoformat() == "2024-05-01T12:00:00+00:00"
    updated = apigw.update_documentation_version(
        restApiId=api_id,
        documentationVersion="v123",
        patchOperations=[{"op": "replace", "path": "/description", "value": "doc version new"}],
    )
    assert status(updated) == 200
    assert body(updated) == {**body(created), "description": "doc version new"}
    got = apigw.get_documentation_version(restApiId=api_id, documentationVersion="v123")
    assert body(got) == body(updated)
    listed = apigw.get_documentation_versions(restApiId=api_id)
    assert body(listed) == {"items": [body(updated)]}
    deleted = apigw.delete_documentation_version(restApiId=api_id, documentationVersion="v123")
    assert status(deleted) == 202
    assert apigw.get_documentation_versions(restApiId=api_id)["items"] == []


def test_a_version_on_a_stage(apigw: Any) -> None:
    from tests.apigw_fixtures import deployed_stage

    api_id, stage = deployed_stage(apigw)
    apigw.create_documentation_version(
        restApiId=api_id, documentationVersion="v1", stageName=stage, description="first"
    )
    assert apigw.get_stage(restApiId=api_id, stageName=stage)["documentationVersion"] == "v1"
    assert_error(
        lambda: apigw.create_documentation_version(
            restApiId=api_id, documentationVersion="v2", stageName="nope"
        ),
        "NotFoundException",
        404,
        "Invalid stage identifier specified",
    )


def test_version_errors(apigw: Any, api_id: str) -> None:
    apigw.create_documentation_version(restApiId=api_id, documentationVersion="v1")
    assert_error(
        lambda: apigw.create_documentation_version(restApiId=api_id, documentationVersion="v1"),
        "ConflictException",
        409,
        "Documentation version already exists: v1",
    )
    for call in (
        lambda: apigw.get_documentation_version(restApiId=api_id, documentationVersion="v9"),
        lambda: apigw.delete_documentation_version(restApiId=api_id, documentationVersion="v9"),
        lambda: apigw.update_documentation_version(
            restApiId=api_id, documentationVersion="v9", patchOperations=[]
        ),
    ):
        assert_error(call, "NotFoundException", 404, "Documentation version not found: v9")
    assert_error(
        lambda: apigw.create_documentation_version(restApiId="api_id", documentationVersion="v"),
        "NotFoundException",
        404,
        f"Invalid API identifier specified {ACCOUNT}:api_id",
    )
    assert_error(
        lambda: apigw.update_documentation_version(
            restApiId=api_id,
            documentationVersion="v1",
            patchOperations=[{"op": "replace", "path": "/version", "value": "v2"}],
        ),
        "BadRequestException",
        400,
        "Invalid patch path  '/version' specified for op 'replace'. Must be one of: [/description]",
    )
    assert (
        apigw.get_documentation_version(restApiId=api_id, documentationVersion="v1")["version"]
        == "v1"
    )
