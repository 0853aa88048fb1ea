"""VPC links against the responses recorded from AWS (LocalStack ``TestApiGatewayVpcLink``,
validated 2025-12-15), and the VPC_LINK rule of integrations.

Pinned: create answers 202 PENDING without statusMessage or tags; reads answer AVAILABLE with
``Your vpc link is ready for use``; Get/Update carry ``tags: {}``, list items do not; the texts
``Name cannot be empty``, ``Invalid ARN. ARN is not well formed <arn>``, ``Invalid Vpc Link
identifier specified``; an integration's ``connectionId`` may be a stage variable; deleting a
link a deployed stage uses is refused with AWS's text (quoted in CloudFormation logs).
"""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest

from mockgw import mock_apigateway
from tests.helpers import assert_error, body, status

NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/50dc6c495c0c9188"
NO_LINK = "Invalid Vpc Link identifier specified"
LINK_ID = re.compile(r"^[a-z0-9]{6}$")


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


def test_create_answers_pending_then_reads_answer_available(apigw: Any) -> None:
    created = apigw.create_vpc_link(name="link", targetArns=[NLB])
    assert status(created) == 202
    link_id = created["id"]
    assert LINK_ID.match(link_id)
    assert body(created) == {
        "id": link_id,
        "name": "link",
        "status": "PENDING",
        "targetArns": [NLB],
    }
    ready = {
        "id": link_id,
        "name": "link",
        "status": "AVAILABLE",
        "statusMessage": "Your vpc link is ready for use",
        "targetArns": [NLB],
    }
    assert body(apigw.get_vpc_link(vpcLinkId=link_id)) == {**ready, "tags": {}}
    assert body(apigw.get_vpc_links()) == {"items": [ready]}


def test_description_and_tags_are_echoed(apigw: Any) -> None:
    created = apigw.create_vpc_link(
        name="link", description="to the NLB", targetArns=[NLB], tags={"team": "a"}
    )
    assert created["description"] == "to the NLB"
    assert created["tags"] == {"team": "a"}
    assert apigw.get_vpc_links()["items"][0]["tags"] == {"team": "a"}
    arn = f"arn:aws:apigateway:us-east-1::/vpclinks/{created['id']}"
    apigw.tag_resource(resourceArn=arn, tags={"b": "2"})
    apigw.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"b": "2"}
    assert apigw.get_vpc_link(vpcLinkId=created["id"])["tags"] == {"b": "2"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "", "targetArns": []}, "Name cannot be empty"),
        (
            {"name": "l", "targetArns": ["invalid-arn"]},
            "Invalid ARN. ARN is not well formed invalid-arn",
        ),
        (
            {"name": "l", "targetArns": []},
            "Invalid targetArns specified: exactly one network load balancer ARN is required",
        ),
        (
            {"name": "l", "targetArns": [NLB, NLB + "2"]},
            "Invalid targetArns specified: exactly one network load balancer ARN is required",
        ),
        (
            {"name": "l", "targetArns": [NLB], "tags": {"aws:x": "y"}},
            "Invalid tag key 'aws:x': the prefix 'aws:' is reserved",
        ),
    ],
)
def test_create_errors(apigw: Any, kwargs: dict[str, Any], message: str) -> None:
    assert_error(lambda: apigw.create_vpc_link(**kwargs), "BadRequestException", 400, message)
    assert apigw.get_vpc_links()["items"] == []


def test_update_name_and_description(apigw: Any) -> None:
    link_id = apigw.create_vpc_link(name="link", targetArns=[NLB])["id"]
    updated = apigw.update_vpc_link(
        vpcLinkId=link_id,
        patchOperations=[
            {"op": "replace", "path": "/name", "value": "link-updated"},
            {"op": "replace", "path": "/description", "value": "My custom description"},
        ],
    )
    assert body(updated) == {
        "id": link_id,
        "name": "link-updated",
        "description": "My custom description",
        "targetArns": [NLB],
        "status": "AVAILABLE",
        "statusMessage": "Your vpc link is ready for use",
        "tags": {},
    }


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        ({"op": "replace", "path": "/name", "value": ""}, "Name cannot be empty"),
        (
            {"op": "replace", "path": "/targetArns", "value": NLB},
            "Invalid patch path  '/targetArns' specified for op 'replace'. "
            "Must be one of: [/name, /description]",
        ),
        (
            {"op": "add", "path": "/name", "value": "x"},
            "Invalid patch operation specified. Must be one of: [replace]",
        ),
    ],
)
def test_update_errors_change_nothing(apigw: Any, operation: dict[str, str], message: str) -> None:
    link_id = apigw.create_vpc_link(name="link", targetArns=[NLB])["id"]
    assert_error(
        lambda: apigw.update_vpc_link(
            vpcLinkId=link_id,
            patchOperations=[{"op": "replace", "path": "/description", "value": "d"}, operation],
        ),
        "BadRequestException",
        400,
        message,
    )
    assert "description" not in apigw.get_vpc_link(vpcLinkId=link_id)


@pytest.mark.parametrize("call", ["get_vpc_link", "delete_vpc_link", "update_vpc_link"])
def test_unknown_link(apigw: Any, call: str) -> None:
    kwargs: dict[str, Any] = {"vpcLinkId": "invalid-id"}
    if call == "update_vpc_link":
        kwargs["patchOperations"] = [{"op": "replace", "path": "/name", "value": "new-name"}]
    assert_error(lambda: getattr(apigw, call)(**kwargs), "NotFoundException", 404, NO_LINK)


def test_delete(apigw: Any) -> None:
    link_id = apigw.create_vpc_link(name="link", targetArns=[NLB])["id"]
    assert status(apigw.delete_vpc_link(vpcLinkId=link_id)) == 202
    assert_error(lambda: apigw.get_vpc_link(vpcLinkId=link_id), "NotFoundException", 404, NO_LINK)


def test_paging(apigw: Any) -> None:
    ids = [apigw.create_vpc_link(name=f"l{i}", targetArns=[NLB])["id"] for i in range(3)]
    first = apigw.get_vpc_links(limit=2)
    assert [v["id"] for v in first["items"]] == ids[:2]
    rest = apigw.get_vpc_links(limit=2, position=first["position"])
    assert [v["id"] for v in rest["items"]] == ids[2:]
    assert "position" not in rest


# ------------------------------------------------------------------ integrations with VPC_LINK


def vpc_integration(apigw: Any, connection_id: str | None) -> Any:
    api = apigw.create_rest_api(name="api")
    root = api["rootResourceId"]
    apigw.put_method(
        restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE"
    )
    kwargs: dict[str, Any] = {
        "restApiId": api["id"],
        "resourceId": root,
        "httpMethod": "GET",
        "type": "HTTP_PROXY",
        "integrationHttpMethod": "GET",
        "uri": "http://my-vpclink-test-nlb-1234567890abcdef.us-east-1.amazonaws.com",
        "connectionType": "VPC_LINK",
    }
    if connection_id is not None:
        kwargs["connectionId"] = connection_id
    return api, lambda: apigw.put_integration(**kwargs)


def test_an_integration_names_an_existing_link(apigw: Any) -> None:
    link_id = apigw.create_vpc_link(name="link", targetArns=[NLB])["id"]
    _, put = vpc_integration(apigw, link_id)
    integration = put()
    assert integration["connectionType"] == "VPC_LINK"
    assert integration["connectionId"] == link_id


def test_an_integration_may_name_the_link_through_a_stage_variable(apigw: Any) -> None:
    _, put = vpc_integration(apigw, "${stageVariables.vpcLinkId}")
    assert put()["connectionId"] == "${stageVariables.vpcLinkId}"


def test_an_integration_naming_an_unknown_link_is_refused(apigw: Any) -> None:
    api, put = vpc_integration(apigw, "nolink")
    assert_error(put, "NotFoundException", 404, NO_LINK)
    assert_error(
        lambda: apigw.get_integration(
            restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET"
        ),
        "NotFoundException",
        404,
        "Invalid Integration identifier specified",
    )


def test_an_integration_without_connection_id_is_refused(apigw: Any) -> None:
    _, put = vpc_integration(apigw, None)
    assert_error(
        put, "BadRequestException", 400, "connectionId is required for connectionType VPC_LINK"
    )


def test_a_link_a_deployed_stage_uses_cannot_be_deleted(apigw: Any) -> None:
    link_id = apigw.create_vpc_link(name="link", targetArns=[NLB])["id"]
    api, put = vpc_integration(apigw, link_id)
    put()
    apigw.create_deployment(restApiId=api["id"], stageName="dev")
    assert_error(
        lambda: apigw.delete_vpc_link(vpcLinkId=link_id),
        "BadRequestException",
        400,
        f"Cannot delete vpc link. Vpc link '{link_id}', is referenced in "
        f"[GET:{api['rootResourceId']}:dev] in format of [Method:Resource:Stage].",
    )
    apigw.delete_stage(restApiId=api["id"], stageName="dev")
    assert status(apigw.delete_vpc_link(vpcLinkId=link_id)) == 202
