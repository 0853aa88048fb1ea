"""Tags on GraphQL APIs: TagResource, UntagResource, ListTagsForResource.

The model carries AppSync's tag rules and the wire layer enforces them before a handler runs:
a key is 1..128 characters of ``[ a-zA-Z+-=._:/]`` not starting with ``aws:``, a value at most
256 characters of ``[\\s\\w+-=.:/@]``, 1..50 tags per request, 1..50 keys per untag, and the ARN
is ``arn:aws:appsync:{region}:{account}:apis/{26-character id}``. What is left here: the API must
exist in the caller's account and region, and it may carry at most 50 tags in all
(``records/rules.py``).
"""

from __future__ import annotations

from mockgw.services._shared import tags
from mockgw.services.appsync import lookups
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.records.rules import TAGS
from mockgw.services.appsync.state import AppSyncState


def _tagged(state: AppSyncState, arn: str) -> GraphqlApi:
    """The API ``arn`` names. An ARN of another account or region names no API the caller
    can see here, so it is not found, like an id that never existed."""
    _, _, api_id = arn.rpartition("/")
    if arn != state.api_arn(api_id):
        raise lookups.api_not_found(api_id)
    return lookups.graphql_api(state, api_id)


tag_resource, untag_resource, list_tags_for_resource = tags.handlers(
    __name__, _tagged, TAGS, read="ListTagsForResource", kind=lambda record: "GraphQL API"
)
