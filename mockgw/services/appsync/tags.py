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
from mockgw.services.appsync import lookups
from mockgw.services.appsync.records.domain_names import DomainName
from mockgw.services.appsync.records.event_apis import ChannelNamespace, EventApi
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.records.rules import TAGS
from mockgw.services.appsync.state import AppSyncState

NAMESPACE = "channelNamespace"


def _tagged(state: AppSyncState, arn: str) -> tags.Tagged:
    """The resource ``arn`` names."""
    resource = arn.split(":", 5)[-1]
    here = arn == state.arn(resource)
    parts = resource.split("/")
    if parts[0] == "domainnames":
        name = resource.partition("/")[2]
        if not here:
            raise lookups.domain_not_found(name)
        return lookups.domain_name(state, name)
    api_id = parts[1] if len(parts) > 1 else resource
    if len(parts) == 4 and parts[2] == NAMESPACE:
        if not here:
            raise lookups.event_api_not_found()
        api = lookups.event_api(state, api_id)
        return lookups.channel_namespace(api, parts[3])
    if not here:
        raise lookups.api_not_found(api_id)
    event_api = state.event_apis.get(api_id)
    if event_api is not None:
        return event_api
    return lookups.graphql_api(state, api_id)


def _kind(record: tags.Tagged) -> str:
    """How the too-many-tags text names the resource."""
    return _KINDS[type(record)]


_KINDS: dict[type, str] = {
    DomainName: "a domain name",
    ChannelNamespace: "a channel namespace",
    EventApi: "an Event API",
    GraphqlApi: "a GraphQL API",
}

tag_resource, untag_resource, list_tags_for_resource = tags.handlers(
    __name__, _tagged, TAGS, read="ListTagsForResource", kind=_kind
)
