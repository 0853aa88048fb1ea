"""Tags on API Gateway resources: TagResource, UntagResource, GetTags, and AWS's tag rules."""

from __future__ import annotations

import re
from collections.abc import Mapping

from mockgw import errors
from mockgw.services._base import Params, Result
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway._table import operations
from mockgw.services.apigateway.state import ApiGatewayState

MAX_TAGS = 50
_TAG_CHARS = re.compile(r"^[\w\s+=.:/@-]*$")


def validate_tags(tags: Mapping[str, str]) -> None:
    """AWS's documented tag rules; raise BadRequestException before anything is stored."""
    if len(tags) > MAX_TAGS:
        raise errors.bad_request(f"Too many tags: at most {MAX_TAGS} tags are allowed per resource")
    for key, value in tags.items():
        if not key or len(key) > 128:
            raise errors.bad_request(f"Invalid tag key '{key}': must be 1 to 128 characters long")
        if key.lower().startswith("aws:"):
            raise errors.bad_request(f"Invalid tag key '{key}': the prefix 'aws:' is reserved")
        if len(value) > 256:
            raise errors.bad_request(f"Invalid tag value for key '{key}': at most 256 characters")
        if not _TAG_CHARS.match(key) or not _TAG_CHARS.match(value):
            raise errors.bad_request(
                f"Invalid tag '{key}': keys and values may contain only letters, digits, "
                "white space and + - = . _ : / @"
            )


def _tagged(state: ApiGatewayState, arn: str) -> dict[str, str]:
    """The live tag map of the resource ``arn`` names (API keys, usage plans, REST APIs, stages)."""
    prefix = state.arn("")
    if not arn.startswith(prefix):
        raise errors.bad_request(f"Invalid resource ARN specified: {arn}")
    parts = arn[len(prefix) :].strip("/").split("/")
    if len(parts) == 2 and parts[0] == "apikeys":
        return lookups.api_key(state, parts[1]).tags
    if len(parts) == 2 and parts[0] == "usageplans":
        return lookups.usage_plan(state, parts[1]).tags
    if len(parts) == 2 and parts[0] == "restapis":
        return lookups.rest_api(state, parts[1]).tags
    if len(parts) == 4 and parts[0] == "restapis" and parts[2] == "stages":
        return lookups.stage(lookups.rest_api(state, parts[1]), parts[3]).tags
    raise errors.bad_request(f"Invalid resource ARN specified: {arn}")


@operations("TagResource")
def tag_resource(state: ApiGatewayState, params: Params) -> Result:
    tags = _tagged(state, params["resourceArn"])
    validate_tags({**tags, **params["tags"]})
    tags.update(params["tags"])
    return None


@operations("UntagResource")
def untag_resource(state: ApiGatewayState, params: Params) -> Result:
    tags = _tagged(state, params["resourceArn"])
    for key in params["tagKeys"]:
        tags.pop(key, None)
    return None


@operations("GetTags")
def get_tags(state: ApiGatewayState, params: Params) -> Result:
    return {"tags": dict(_tagged(state, params["resourceArn"]))}
