"""Tags on GraphQL APIs: TagResource, UntagResource, ListTagsForResource.

The model carries AppSync's tag rules and the wire layer enforces them before a handler runs:
a key is 1..128 characters of ``[ a-zA-Z+-=._:/]`` not starting with ``aws:``, a value at most
256 characters of ``[\\s\\w+-=.:/@]``, 1..50 tags per request, 1..50 keys per untag, and the ARN
is ``arn:aws:appsync:{region}:{account}:apis/{26-character id}``. What is left here: the API must
exist in the caller's account and region, and it may carry at most 50 tags in all.
"""

from __future__ import annotations

from mockgw import errors
from mockgw.services._base import Params, Result
from mockgw.services.appsync import lookups
from mockgw.services.appsync._table import operations
from mockgw.services.appsync.state import AppSyncState, GraphqlApi

MAX_TAGS = 50


def _tagged(state: AppSyncState, arn: str) -> GraphqlApi:
    """The API ``arn`` names. An ARN of another account or region names no API the caller
    can see here, so it is not found, like an id that never existed."""
    _, _, api_id = arn.rpartition("/")
    if arn != state.api_arn(api_id):
        raise lookups.api_not_found(api_id)
    return lookups.graphql_api(state, api_id)


@operations("TagResource")
def tag_resource(state: AppSyncState, params: Params) -> Result:
    api = _tagged(state, params["resourceArn"])
    merged = {**api.tags, **params["tags"]}
    if len(merged) > MAX_TAGS:
        raise errors.bad_request(
            f"Too many tags: a GraphQL API can have at most {MAX_TAGS} tags, "
            f"and this request would leave it with {len(merged)}."
        )
    api.tags = merged
    return None


@operations("UntagResource")
def untag_resource(state: AppSyncState, params: Params) -> Result:
    api = _tagged(state, params["resourceArn"])
    for key in params["tagKeys"]:
        api.tags.pop(key, None)
    return None


@operations("ListTagsForResource")
def list_tags_for_resource(state: AppSyncState, params: Params) -> Result:
    return {"tags": dict(_tagged(state, params["resourceArn"]).tags)}
