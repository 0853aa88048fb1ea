"""What a restored AppSync state must hold besides well-typed values (see ``check`` in
:class:`~mockgw.services._shared.operations.ServiceDefinition`)."""

from __future__ import annotations

from collections.abc import Iterator

from mockgw.services.appsync.state import AppSyncState


def problems(state: AppSyncState) -> Iterator[str]:
    """The first problems of ``state``, one line each."""
    for api_id in state.apis.ids():
        api = state.apis.get(api_id)
        if api is not None and api.api_id != api_id:
            yield f"GraphQL API {api_id!r} says its id is {api.api_id!r}"
