"""Tags on API Gateway resources: TagResource, UntagResource, GetTags.

The rules (``records/rules.py``: at most 50 tags, AWS's documented key and value limits) are
checked on the merged result before anything is stored.
"""

from __future__ import annotations

from mockgw import errors
from mockgw.services._shared import tags
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.rules import TAGS
from mockgw.services.apigateway.state import ApiGatewayState


def _tagged(state: ApiGatewayState, arn: str) -> tags.Tagged:
    """The record ``arn`` names, whose ``tags`` the operations read and replace (API keys,
    usage plans, REST APIs, stages; custom domain names, access associations, VPC links and
    client certificates through ``lookups.tagged_resource``)."""
    found = lookups.tagged_resource(state, arn)
    if found is not None:
        return found
    prefix = state.arn("")
    if not arn.startswith(prefix):
        raise errors.bad_request(f"Invalid resource ARN specified: {arn}")
    parts = arn[len(prefix) :].strip("/").split("/")
    if len(parts) == 2 and parts[0] == "apikeys":
        return lookups.api_key(state, parts[1])
    if len(parts) == 2 and parts[0] == "usageplans":
        return lookups.usage_plan(state, parts[1])
    if len(parts) == 2 and parts[0] == "restapis":
        return lookups.rest_api(state, parts[1])
    if len(parts) == 4 and parts[0] == "restapis" and parts[2] == "stages":
        return lookups.stage(lookups.rest_api(state, parts[1]), parts[3])
    raise errors.bad_request(f"Invalid resource ARN specified: {arn}")


tag_resource, untag_resource, get_tags = tags.handlers(__name__, _tagged, TAGS, read="GetTags")
