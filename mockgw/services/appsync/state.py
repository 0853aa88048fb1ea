"""AppSync's state for one (account, region): a Store per top-level collection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from mockgw.services._shared import arns
from mockgw.services._shared.regional import RegionalState
from mockgw.services._shared.store import Store
from mockgw.services.appsync.records.domain_names import DomainName
from mockgw.services.appsync.records.event_apis import EventApi
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.records.introspections import Introspection
from mockgw.services.appsync.records.merged_apis import SourceApiAssociation

#: The directory kind an API's id is published under (its endpoint hosts name it).
API = "api"
#: The directory kind a custom domain name is published under (lower case): the data plane
#: answers calls to it while it is published (``mockgw.services.CUSTOM_HOSTS`` names it too).
DOMAIN_NAME = "appsync-domainname"


@dataclass
class AppSyncState(RegionalState):
    apis: Store[GraphqlApi] = field(default_factory=Store)
    event_apis: Store[EventApi] = field(default_factory=Store)
    domain_names: Store[DomainName] = field(default_factory=Store)
    #: keyed by association id; an association joins two APIs of this state
    source_api_associations: Store[SourceApiAssociation] = field(default_factory=Store)
    introspections: Store[Introspection] = field(default_factory=Store)

    def api_arn(self, api_id: str) -> str:
        """``arn:aws:appsync:{region}:{account}:apis/{apiId}``, the form TagResource takes."""
        return arns.arn("appsync", self.region, self.account_id, f"apis/{api_id}")

    def arn(self, resource: str) -> str:
        """``arn:aws:appsync:{region}:{account}:{resource}``."""
        return arns.arn("appsync", self.region, self.account_id, resource)

    def hosts(self, api_id: str) -> dict[str, str]:
        """The API's two endpoint host names, keyed as ``uris`` and ``dns`` key them."""
        suffix = arns.dns_suffix(self.region)
        return {
            "GRAPHQL": f"{api_id}.appsync-api.{self.region}.{suffix}",
            "REALTIME": f"{api_id}.appsync-realtime-api.{self.region}.{suffix}",
        }


def addresses(state: AppSyncState) -> Iterator[tuple[str, str]]:
    """The names this state publishes in the world's directory: its APIs' ids (GraphQL and
    Event APIs alike: their ids name their endpoint hosts) and its custom domain names."""
    for api_id in state.apis.ids():
        yield API, api_id
    for api_id in state.event_apis.ids():
        yield API, api_id
    for name in state.domain_names.ids():
        yield DOMAIN_NAME, name.lower()
