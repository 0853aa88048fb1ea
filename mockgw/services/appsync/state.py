"""AppSync's state for one (account, region): a Store per top-level collection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from mockgw.services._shared import arns
from mockgw.services._shared.directory import Addresses
from mockgw.services._shared.store import Store
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.records.introspections import Introspection

#: A field that is derived (or a handle), never part of a snapshot.
DERIVED = {"snapshot": False}
#: The directory kind an API's id is published under (its endpoint hosts name it).
API = "api"


@dataclass
class AppSyncState:
    account_id: str
    region: str
    apis: Store[GraphqlApi] = field(default_factory=Store)
    introspections: Store[Introspection] = field(default_factory=Store)
    #: this state's handle on the world's directory (see services/_shared/directory.py)
    addresses: Addresses = field(default_factory=Addresses, metadata=DERIVED, repr=False)

    @property
    def partition(self) -> str:
        return arns.partition_of(self.region)

    def api_arn(self, api_id: str) -> str:
        """``arn:aws:appsync:{region}:{account}:apis/{apiId}``, the form TagResource takes."""
        return arns.arn("appsync", self.region, self.account_id, f"apis/{api_id}")

    def hosts(self, api_id: str) -> dict[str, str]:
        """The API's two endpoint host names, keyed as ``uris`` and ``dns`` key them."""
        suffix = arns.dns_suffix(self.region)
        return {
            "GRAPHQL": f"{api_id}.appsync-api.{self.region}.{suffix}",
            "REALTIME": f"{api_id}.appsync-realtime-api.{self.region}.{suffix}",
        }


def addresses(state: AppSyncState) -> Iterator[tuple[str, str]]:
    """The names this state publishes in the world's directory: its APIs' ids."""
    for api_id in state.apis.ids():
        yield API, api_id
