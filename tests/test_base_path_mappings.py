"""Base path mappings: Create, Get(s), Update, Delete.

Pinned (sources in base_path_mappings.py): the AWS CLI's documented shapes (``{basePath,
restApiId, stage}``, ``(none)`` for the empty base path); ``Base path already exists for this
domain name`` (409); ``Invalid REST API identifier specified`` (400); ``Invalid domain name
identifier specified`` (404). moto's texts for a missing stage, a slash and an unknown mapping.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from mockgw import mock_apigateway
from tests.apigw_fixtures import deployed_stage
from tests.helpers import assert_error, body, status

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
DOMAIN = "api.example.com"
NO_MAPPING = "Invalid base path mapping identifier specified"


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        client = boto3.client("apigateway", region_name="us-east-1")
        client.create_domain_name(domainName=DOMAIN, certificateArn=CERT)
        yield client


@pytest.fixture
def api(apigw: Any) -> str:
    api_id, _ = deployed_stage(apigw)
    apigw.create_stage(
        restApiId=api_id,
        stageName="prod",
        deploymentId=apigw.get_deployments(restApiId=api_id)["items"][0]["id"],
    )
    return api_id


def test_create_and_read(apigw: Any, api: str) -> None:
    created = apigw.create_base_path_mapping(
        domainName=DOMAIN, restApiId=api, stage="dev", basePath="v1"
    )
    assert status(created) == 201
    assert body(created) == {"basePath": "v1", "restApiId": api, "stage": "dev"}
    assert body(apigw.get_base_path_mapping(domainName=DOMAIN, basePath="v1")) == body(created)


@pytest.mark.parametrize("given", [None, "", "(none)"])
def test_an_empty_base_path_is_none(apigw: Any, api: str, given: str | None) -> None:
    kwargs = {} if given is None else {"basePath": given}
    created = apigw.create_base_path_mapping(domainName=DOMAIN, restApiId=api, **kwargs)
    assert body(created) == {"basePath": "(none)", "restApiId": api}
    assert apigw.get_base_path_mapping(domainName=DOMAIN, basePath="(none)")["basePath"] == "(none)"


def test_list_in_creation_order_and_pages(apigw: Any, api: str) -> None:
    apigw.create_base_path_mapping(domainName=DOMAIN, restApiId=api, stage="dev")
    apigw.create_base_path_mapping(domainName=DOMAIN, restApiId=api, stage="prod", basePath="v1")
    listed = apigw.get_base_path_mappings(domainName=DOMAIN)
    assert body(listed) == {
        "items": [
            {"basePath": "(none)", "restApiId": api, "stage": "dev"},
            {"basePath": "v1", "restApiId": api, "stage": "prod"},
        ]
    }
    page = apigw.get_base_path_mappings(domainName=DOMAIN, limit=1)
    assert [m["basePath"] for m in page["items"]] == ["(none)"]
    rest = apigw.get_base_path_mappings(domainName=DOMAIN, limit=1, position=page["position"])
    assert [m["basePath"] for m in rest["items"]] == ["v1"]


def test_create_errors(apigw: Any, api: str) -> None:
    apigw.create_base_path_mapping(domainName=DOMAIN, restApiId=api, stage="dev", basePath="v1")
    assert_error(
        lambda: apigw.create_base_path_mapping(
            domainName=DOMAIN, restApiId=api, stage="prod", basePath="v1"
        ),
        "ConflictException",
        409,
        "Base path already exists for this domain name",
    )
    assert_error(
        lambda: apigw.create_base_path_mapping(
            domainName=DOMAIN, restApiId="nosuchapi0", stage="dev", basePath="v2"
        ),
        "BadRequestException",
        400,
        "Invalid REST API identifier specified",
    )
    assert_error(
        lambda: apigw.create_base_path_mapping(
            domainName=DOMAIN, restApiId=api, stage="qa", basePath="v2"
        ),
        "BadRequestException",
        400,
        "Invalid stage identifier specified",
    )
    assert_error(
        lambda: apigw.create_base_path_mapping(
            domainName=DOMAIN, restApiId=api, stage="dev", basePath="v2/beta"
        ),
        "BadRequestException",
        400,
        "API Gateway V1 doesn't support the slash character (/) in base path mappings. "
        "To create a multi-level base path mapping, use API Gateway V2.",
    )
    assert_error(
        lambda: apigw.create_base_path_mapping(domainName="nope.example.com", restApiId=api),
        "NotFoundException",
        404,
        "Invalid domain name identifier specified",
    )
    assert [m["basePath"] for m in apigw.get_base_path_mappings(domainName=DOMAIN)["items"]] == [
        "v1"
    ]


def test_a_private_domain_name_needs_its_id(apigw: Any, api: str) -> None:
    private = apigw.create_domain_name(
        domainName="p.example.com",
        certificateArn=CERT,
        endpointConfiguration={"types": ["PRIVATE"]},
    )
    assert_error(
        lambda: apigw.create_base_path_mapping(domainName="p.example.com", restApiId=api),
        "NotFoundException",
        404,
        "Invalid domain name identifier specified",
    )
    created = apigw.create_base_path_mapping(
        domainName="p.example.com", domainNameId=private["domainNameId"], restApiId=api
    )
    assert created["basePath"] == "(none)"
    listed = apigw.get_base_path_mappings(
        domainName="p.example.com", domainNameId=private["domainNameId"]
    )
    assert len(listed["items"]) == 1


def test_update(apigw: Any, api: str) -> None:
    other, _ = deployed_stage(apigw, "live")
    apigw.create_base_path_mapping(domainName=DOMAIN, restApiId=api, stage="dev", basePath="prod")
    updated = apigw.update_base_path_mapping(
        domainName=DOMAIN,
        basePath="prod",
        patchOperations=[
            {"op": "replace", "path": "/basePath", "value": "v1"},
            {"op": "replace", "path": "/restapiId", "value": other},
            {"op": "replace", "path": "/stage", "value": "live"},
        ],
    )
    assert body(updated) == {"basePath": "v1", "restApiId": other, "stage": "live"}
    assert_error(
        lambda: apigw.get_base_path_mapping(domainName=DOMAIN, basePath="prod"),
        "NotFoundException",
        404,
        NO_MAPPING,
    )
    back = apigw.update_base_path_mapping(
        domainName=DOMAIN,
        basePath="v1",
        patchOperations=[
            {"op": "replace", "path": "/restApiId", "value": api},
            {"op": "replace", "path": "/stage", "value": "(none)"},
            {"op": "replace", "path": "/basePath", "value": ""},
        ],
    )
    assert body(back) == {"basePath": "(none)", "restApiId": api}


@pytest.mark.parametrize(
    ("operation", "code", "status_code", "message"),
    [
        (
            {"op": "replace", "path": "/basePath", "value": "taken"},
            "ConflictException",
            409,
            "Base path already exists for this domain name",
        ),
        (
            {"op": "replace", "path": "/restapiId", "value": "nosuchapi0"},
            "BadRequestException",
            400,
            "Invalid REST API identifier specified",
        ),
        (
            {"op": "replace", "path": "/stage", "value": "qa"},
            "BadRequestException",
            400,
            "Invalid stage identifier specified",
        ),
        (
            {"op": "replace", "path": "/domainName", "value": "x"},
            "BadRequestException",
            400,
            "Invalid patch path  '/domainName' specified for op 'replace'. "
            "Must be one of: [/basePath, /restapiId, /stage]",
        ),
        (
            {"op": "remove", "path": "/stage"},
            "BadRequestException",
            400,
            "Invalid patch operation specified. Must be one of: [replace]",
        ),
    ],
)
def test_update_errors_change_nothing(
    apigw: Any, api: str, operation: dict[str, str], code: str, status_code: int, message: str
) -> None:
    apigw.create_base_path_mapping(domainName=DOMAIN, restApiId=api, stage="dev", basePath="v1")
    apigw.create_base_path_mapping(domainName=DOMAIN, restApiId=api, stage="dev", basePath="taken")
    assert_error(
        lambda: apigw.update_base_path_mapping(
            domainName=DOMAIN,
            basePath="v1",
            patchOperations=[{"op": "replace", "path": "/stage", "value": "prod"}, operation],
        ),
        code,
        status_code,
        message,
    )
    assert body(apigw.get_base_path_mapping(domainName=DOMAIN, basePath="v1")) == {
        "basePath": "v1",
        "restApiId": api,
        "stage": "dev",
    }


def test_delete(apigw: Any, api: str) -> None:
    apigw.create_base_path_mapping(domainName=DOMAIN, restApiId=api, stage="dev")
    assert status(apigw.delete_base_path_mapping(domainName=DOMAIN, basePath="(none)")) == 202
    for call in (apigw.get_base_path_mapping, apigw.delete_base_path_mapping):
        assert_error(
            lambda call=call: call(domainName=DOMAIN, basePath="(none)"),
            "NotFoundException",
            404,
            NO_MAPPING,
        )
    assert_error(
        lambda: apigw.update_base_path_mapping(
            domainName=DOMAIN, basePath="v9", patchOperations=[]
        ),
        "NotFoundException",
        404,
        NO_MAPPING,
    )


def test_deleting_the_domain_name_deletes_its_mappings(apigw: Any, api: str) -> None:
    apigw.create_base_path_mapping(domainName=DOMAIN, restApiId=api, stage="dev")
    apigw.delete_domain_name(domainName=DOMAIN)
    apigw.create_domain_name(domainName=DOMAIN, certificateArn=CERT)
    assert apigw.get_base_path_mappings(domainName=DOMAIN)["items"] == []
