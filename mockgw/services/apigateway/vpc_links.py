"""VPC links: CreateVpcLink, GetVpcLink(s), UpdateVpcLink, DeleteVpcLink.

Recorded against AWS (LocalStack ``TestApiGatewayVpcLink``, validated 2025-12-15): a new link
answers 202 with ``status: PENDING``; reads then answer ``AVAILABLE`` with ``statusMessage:
Your vpc link is ready for use`` (AWS takes minutes to get there; mockgw is there at once, so a
client waiting for AVAILABLE is not kept waiting); an empty name is 400 ``Name cannot be empty``
(checked before the targets); a target that is not an ARN is 400 ``Invalid ARN. ARN is not well
formed <arn>``; an unknown id is 404 ``Invalid Vpc Link identifier specified``. Deleting a link a
deployed stage's integration uses is 400 ``Cannot delete vpc link. Vpc link '<id>', is
referenced in [GET:<resourceId>:<stage>] in format of [Method:Resource:Stage].`` (AWS's text,
quoted in public CloudFormation and Terraform logs; several references are joined with ", ").

An integration with ``connectionType: VPC_LINK`` (PutIntegration, ``lookups.check_connection``)
names an existing link by ``connectionId``, or a stage variable (``${stageVariables.vpcLinkId}``,
recorded against AWS); an unknown link is 404 ``Invalid Vpc Link identifier specified`` (the
text recorded for GetVpcLink: AWS's for PutIntegration is not recorded).

mockgw's texts, AWS's not being recorded: a VPC_LINK integration without ``connectionId`` is 400
``connectionId is required for connectionType VPC_LINK``; no target or several (AWS takes
exactly one network load balancer) is 400 ``Invalid targetArns specified: exactly one network
load balancer ARN is required``; an unknown patch path is 400 ``Invalid patch path  '<path>'
specified for op '<op>'. Must be one of: [/name, /description]``.
"""

from __future__ import annotations

import re

from mockgw import errors, ids
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.rules import DESCRIPTION, TAGS
from mockgw.services.apigateway.records.vpc_links import (
    AVAILABLE,
    PENDING,
    READY,
    VpcLink,
    vpc_link_view,
)
from mockgw.services.apigateway.state import ApiGatewayState

_ARN = re.compile(r"^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$")


def _check_name(name: str | None) -> None:
    if not name:
        raise errors.bad_request("Name cannot be empty")


def _check_targets(target_arns: list[str]) -> None:
    for arn in target_arns:
        if not _ARN.match(arn):
            raise errors.bad_request(f"Invalid ARN. ARN is not well formed {arn}")
    if len(target_arns) != 1:
        raise errors.bad_request(
            "Invalid targetArns specified: exactly one network load balancer ARN is required"
        )


@operation("CreateVpcLink")
def create_vpc_link(state: ApiGatewayState, params: Params) -> Result:
    name = params.get("name")
    _check_name(name)
    targets = list(params.get("targetArns") or ())
    _check_targets(targets)
    tags = dict(params.get("tags") or {})
    TAGS.check(tags)
    link = VpcLink(
        id=ids.unique(ids.vpc_link_id, state.vpc_links),
        name=name or "",
        target_arns=targets,
        description=params.get("description"),
        status=PENDING,
        status_message=None,
        tags=tags,
    )
    answer = vpc_link_view(link, tags_always=False)
    link.status, link.status_message = AVAILABLE, READY  # up at once (module docstring)
    state.vpc_links.add(link.id, link)
    return answer


@operation("GetVpcLink")
def get_vpc_link(state: ApiGatewayState, params: Params) -> Result:
    return vpc_link_view(lookups.vpc_link(state, params["vpcLinkId"]), tags_always=True)


@operation("GetVpcLinks")
def get_vpc_links(state: ApiGatewayState, params: Params) -> Result:
    links, position = lookups.oldest_first(state.vpc_links, params)
    return {"items": [vpc_link_view(v, tags_always=False) for v in links], "position": position}


def _references(state: ApiGatewayState, link_id: str) -> list[str]:
    """``Method:Resource:Stage`` for every deployed method whose integration uses the link."""
    found = []
    for api in state.rest_apis.values():
        for stage_name in api.stages:
            deployment = api.deployed(stage_name)
            if deployment is None:
                continue
            for resource in deployment.resources.values():
                for method in resource.methods.values():
                    integration = method.integration
                    if (
                        integration is not None
                        and integration.connection_type == "VPC_LINK"
                        and integration.connection_id == link_id
                    ):
                        found.append(f"{method.http_method}:{resource.id}:{stage_name}")
    return found


@operation("DeleteVpcLink")
def delete_vpc_link(state: ApiGatewayState, params: Params) -> Result:
    link = lookups.vpc_link(state, params["vpcLinkId"])
    references = _references(state, link.id)
    if references:
        raise errors.bad_request(
            f"Cannot delete vpc link. Vpc link '{link.id}', is referenced in "
            f"[{', '.join(references)}] in format of [Method:Resource:Stage]."
        )
    state.vpc_links.remove(link.id)
    return None


def _set_name(link: VpcLink, change: patch.Change) -> None:
    _check_name(change.value)
    link.name = change.value or ""


@operation("UpdateVpcLink")
def update_vpc_link(state: ApiGatewayState, params: Params) -> Result:
    link = lookups.vpc_link(state, params["vpcLinkId"])
    draft = patch.draft(link)
    UPDATE.apply(draft, params.get("patchOperations"))
    patch.commit(link, draft, "name", "description")
    return vpc_link_view(link, tags_always=True)


UPDATE = patch.PatchTable(
    patch.Rule(("replace",), "/name", _set_name),
    DESCRIPTION,
    wrong_op=lambda op, path: errors.bad_request(patch.ONLY_REPLACE),
    listed={op: ("/name", "/description") for op in patch.ADD_REMOVE_REPLACE},
)
