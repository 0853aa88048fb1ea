"""What :class:`mockgw.Mock` reaches AppSync through: stand-ins for the data sources a test
cannot run, and the events published to Event APIs. Errors here are the test's misuse
(``MockgwError``), not AWS's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockgw import errors
from mockgw.services.appsync.endpoint.extras import StandIns
from mockgw.services.appsync.records.event_apis import published_event_view
from mockgw.services.appsync.state import API, AppSyncState

#: the directory kind AppSync publishes its API ids under (GraphQL and Event APIs)
API_KIND = API


def register_data_source(
    state: AppSyncState,
    stand_ins: StandIns,
    api_id: str,
    data_source_name: str,
    handler: Callable[[Any], Any] | None,
) -> None:
    """``Mock.register_data_source``: ``handler`` answers for data source ``data_source_name``
    of GraphQL API ``api_id`` (None forgets it)."""
    api = state.apis.get(api_id)
    if api is None:
        raise errors.MockgwError(
            f"register_data_source: no GraphQL API {api_id!r} in account {state.account_id}, "
            f"region {state.region}"
        )
    source = api.data_sources.get(data_source_name)
    if source is None:
        names = sorted(s.name for s in api.data_sources.values())
        raise errors.MockgwError(
            f"register_data_source: GraphQL API {api_id} has no data source "
            f"{data_source_name!r} (it has {names or 'none'})"
        )
    if source.type == "NONE":
        raise errors.MockgwError(
            f"register_data_source: {data_source_name} is a NONE data source: its resolvers "
            "run as they are, with no stand-in"
        )
    if handler is not None and not callable(handler):
        raise errors.MockgwError(
            f"register_data_source: handler must be callable (or None), not {handler!r}"
        )
    stand_ins.register(api_id, data_source_name, handler)


def published_events(
    state: AppSyncState, api_id: str, channel: str | None = None
) -> list[dict[str, Any]]:
    """``Mock.published_events``: the events published to Event API ``api_id`` (to one
    ``channel``, ``/namespace/...`` with or without its leading slash), oldest first."""
    api = state.event_apis.get(api_id)
    if api is None:
        raise errors.MockgwError(
            f"published_events: no Event API {api_id!r} in account {state.account_id}, "
            f"region {state.region}"
        )
    wanted = None if channel is None else "/" + channel.strip("/")
    return [published_event_view(e) for e in api.events if wanted in (None, e.channel)]
