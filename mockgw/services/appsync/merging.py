"""What a Merged API's schema is: the merge of what each of its source API associations last
merged successfully, in association order. Shared by the merged-API operations and by the
deletion of an API (which takes its associations with it).

A merge runs to its end inside the call that starts it: the association is ``MERGE_SUCCESS``
(the source's current SDL now part of the Merged API's schema) or ``MERGE_FAILED`` (with the
conflict as its status detail, the Merged API's schema unchanged) when the call returns.
"""

from __future__ import annotations

from mockgw import clock
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.records.merged_apis import (
    MERGE_FAILED,
    MERGE_SUCCESS,
    SourceApiAssociation,
)
from mockgw.services.appsync.schema_merge import MergeConflict, merge_sdls
from mockgw.services.appsync.state import AppSyncState


def associations_of(state: AppSyncState, merged_api_id: str) -> list[SourceApiAssociation]:
    return [a for a in state.source_api_associations.values() if a.merged_api_id == merged_api_id]


def merged_sources(state: AppSyncState, merged_api_id: str) -> list[GraphqlApi]:
    """The source APIs whose last merge into the Merged API succeeded, in association order:
    the APIs whose resolvers, functions and data sources answer the Merged API's fields."""
    found = (
        state.apis.get(a.source_api_id)
        for a in associations_of(state, merged_api_id)
        if a.merged_sdl is not None
    )
    return [api for api in found if api is not None]


def merge(state: AppSyncState, association: SourceApiAssociation) -> None:
    """Merge the association's source API, as its SDL is now, into its Merged API."""
    source = state.apis.get(association.source_api_id)
    candidate = (source.schema_sdl if source is not None else None) or ""
    sdls = [
        candidate if a is association else a.merged_sdl
        for a in associations_of(state, association.merged_api_id)
        if a is association or a.merged_sdl is not None
    ]
    try:
        merged_sdl = merge_sdls(s for s in sdls if s is not None)
    except MergeConflict as conflict:
        association.status, association.status_detail = MERGE_FAILED, str(conflict)
        return
    association.status, association.status_detail = MERGE_SUCCESS, None
    association.merged_sdl = candidate
    association.last_successful_merge = clock.now()
    merged_api = state.apis.get(association.merged_api_id)
    if merged_api is not None:
        merged_api.schema_sdl = merged_sdl


def remerge(state: AppSyncState, merged_api_id: str) -> None:
    """Rebuild a Merged API's schema from its associations (after one is removed). A source
    that no longer merges with the rest (its conflict was settled by the removed one's
    ``@canonical``) is marked ``MERGE_FAILED`` and left out."""
    merged_api = state.apis.get(merged_api_id)
    kept: list[str] = []
    merged_sdl: str | None = None
    for association in associations_of(state, merged_api_id):
        if association.merged_sdl is None:
            continue
        try:
            merged_sdl = merge_sdls([*kept, association.merged_sdl])
        except MergeConflict as conflict:
            association.status, association.status_detail = MERGE_FAILED, str(conflict)
            association.merged_sdl = None
            continue
        kept.append(association.merged_sdl)
    if merged_api is not None:
        merged_api.schema_sdl = merged_sdl


def drop_associations(state: AppSyncState, api_id: str) -> None:
    """Remove every association the API takes part in, as a source or as the Merged API, and
    rebuild the schemas of the Merged APIs it was a source of."""
    touched: set[str] = set()
    for association in list(state.source_api_associations.values()):
        if api_id in (association.merged_api_id, association.source_api_id):
            state.source_api_associations.remove(association.association_id)
            if association.merged_api_id != api_id:
                touched.add(association.merged_api_id)
    for merged_api_id in touched:
        remerge(state, merged_api_id)
