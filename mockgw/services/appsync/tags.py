"""Tags on every taggable AppSync resource: GraphQL APIs, Event APIs, channel namespaces and
custom domain names. TagResource, UntagResource, ListTagsForResource.

The model carries AppSync's tag rules and the wire layer enforces them before a handler runs:
a key is 1..128 characters of ``[ a-zA-Z+-=._:/]`` not starting with ``aws:``, a value at most
256 characters of ``[\\s\\w+-=.:/@]``, 1..50 tags per request, 1..50 keys per untag. The
model's ``ResourceArn`` pattern names only APIs (``apis/{26 characters}``, partition ``aws``);
AWS also tags channel namespaces (terraform-provider-aws tags them through these calls), domain
names and the resources of every partition, so mockgw widens it (``wire/model.py``). The ARNs:

- ``arn:aws:appsync:{region}:{account}:apis/{apiId}``: a GraphQL API or an Event API;
- ``arn:aws:appsync:{region}:{account}:apis/{apiId}/channelNamespace/{name}``;
- ``arn:aws:appsync:{region}:{account}:domainnames/{domainName}``.

What is left here: the resource must exist in the caller's account and region (an ARN of
another one names nothing the caller can see here: it is not found, like an id that never
existed, with that resource's NotFound text), and it may carry at most 50 tags in all
(``records/rules.py``).
"""

from __future__ import annotations

from mockgw.services._shared import tags
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync import lookups
from mockgw.services.appsync.records.rules import TAGS
from mockgw.services.appsync.state import AppSyncState

NAMESPACE = "channelNamespace"


def _tagged(state: AppSyncState, arn: str) -> tuple[tags.Tagged, str]:
    """The resource ``arn`` names, and how the too-many-tags text calls it."""
    resource = arn.split(":", 5)[-1]
    here = arn == state.arn(resource)
    parts = resource.split("/")
    if parts[0] == "domainnames":
        name = resource.partition("/")[2]
        if not here:
            raise lookups.domain_not_found(name)
        return lookups.domain_name(state, name), "a domain name"
    api_id = parts[1] if len(parts) > 1 else resource
    if len(parts) == 4 and parts[2] == NAMESPACE:
        if not here:
            raise lookups.event_api_not_found()
        api = lookups.event_api(state, api_id)
        return lookups.channel_namespace(api, parts[3]), "a channel namespace"
    if not here:
        raise lookups.api_not_found(api_id)
    event_api = state.event_apis.get(api_id)
    if event_api is not None:
        return event_api, "an Event API"
    return lookups.graphql_api(state, api_id), "a GraphQL API"


@operation("TagResource")
def tag_resource(state: AppSyncState, params: Params) -> Result:
    record, kind = _tagged(state, params["resourceArn"])
    record.tags = tags.tagged(TAGS, record.tags, params["tags"], kind)
    return None


@operation("UntagResource")
def untag_resource(state: AppSyncState, params: Params) -> Result:
    record, _ = _tagged(state, params["resourceArn"])
    record.tags = tags.untagged(record.tags, params["tagKeys"])
    return None


@operation("ListTagsForResource")
def list_tags_for_resource(state: AppSyncState, params: Params) -> Result:
    record, _ = _tagged(state, params["resourceArn"])
    return {"tags": dict(record.tags)}
