"""Merged APIs: associating source GraphQL APIs with a Merged API, from either side, and
merging their schemas.

AssociateSourceGraphqlApi / AssociateMergedGraphqlApi, GetSourceApiAssociation,
ListSourceApiAssociations, UpdateSourceApiAssociation, StartSchemaMerge,
DisassociateSourceGraphqlApi / DisassociateMergedGraphqlApi.

What AWS does, and where mockgw chose:

- An association joins a source API (``apiType`` GRAPHQL) to a Merged API (``apiType``
  MERGED). Either may be named by its id or its ARN. The association's ARN is
  ``arn:aws:appsync:{region}:{account}:apis/{mergedApiId}/sourceApiAssociations/{associationId}``
  (the service authorization reference; terraform-provider-aws checks
  ``apis/.+/sourceApiAssociations/.+``). Association ids are UUIDs (mockgw's choice).
  ``mergeType`` defaults to MANUAL_MERGE (the model's documentation).
- Associating merges the source at once, whatever the merge type (terraform-provider-aws waits
  for MERGE_SUCCESS after creating either kind). The calls that start a merge (the two
  Associate calls, StartSchemaMerge) answer ``MERGE_IN_PROGRESS``; the merge is done before they
  return, so the next read finds MERGE_SUCCESS or MERGE_FAILED (see ``merging.py`` and
  ``schema_merge.py``). The disassociation calls answer ``DELETION_IN_PROGRESS`` and the
  association is gone: a read is NotFoundException (what terraform-provider-aws waits for), and
  the source's types leave the Merged API's schema.
- UpdateSourceApiAssociation changes what it is given and merges nothing.
- ListSourceApiAssociations lists the associations an API takes part in, as the Merged API or
  as a source, in creation order.
- Only APIs of the caller's account and region are found (sharing through RAM is not modeled).
- Texts: an unknown API is AWS's ``GraphQL API {id} not found.``; the others are mockgw's (AWS's
  are not recorded): ``GraphQL API {id} is not a Merged API.``, ``Merged API {id} cannot be a
  source API.``, ``Source API {id} is already associated with Merged API {id}.`` (all
  BadRequestException) and ``Source API association {id} not found.`` (NotFoundException).
"""

from __future__ import annotations

from mockgw import errors, ids
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync import lookups, merging
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.records.merged_apis import (
    DELETION_IN_PROGRESS,
    MANUAL_MERGE,
    MERGE_IN_PROGRESS,
    SourceApiAssociation,
    association_summary_view,
    association_view,
)
from mockgw.services.appsync.state import AppSyncState

MERGED = "MERGED"


def _api(state: AppSyncState, identifier: str) -> GraphqlApi:
    """A GraphQL API named by its id or by its ARN (which must be this account's and region's)."""
    if identifier.startswith("arn:"):
        _, _, api_id = identifier.rpartition("/")
        if identifier != state.api_arn(api_id):
            raise lookups.api_not_found(api_id)
        return lookups.graphql_api(state, api_id)
    return lookups.graphql_api(state, identifier)


def _associate(
    state: AppSyncState, merged_identifier: str, source_identifier: str, params: Params
) -> Result:
    merged = _api(state, merged_identifier)
    source = _api(state, source_identifier)
    if merged.api_type != MERGED:
        raise errors.bad_request(f"GraphQL API {merged.api_id} is not a Merged API.")
    if source.api_type == MERGED:
        raise errors.bad_request(f"Merged API {source.api_id} cannot be a source API.")
    if any(a.source_api_id == source.api_id for a in merging.associations_of(state, merged.api_id)):
        raise errors.bad_request(
            f"Source API {source.api_id} is already associated with Merged API {merged.api_id}."
        )
    association_id = ids.unique(ids.appsync_association_id, state.source_api_associations)
    config = params.get("sourceApiAssociationConfig") or {}
    association = SourceApiAssociation(
        association_id=association_id,
        arn=state.arn(f"apis/{merged.api_id}/sourceApiAssociations/{association_id}"),
        merged_api_id=merged.api_id,
        merged_api_arn=merged.arn,
        source_api_id=source.api_id,
        source_api_arn=source.arn,
        description=params.get("description"),
        merge_type=config.get("mergeType") or MANUAL_MERGE,
        status=MERGE_IN_PROGRESS,
    )
    answer = association_view(association, MERGE_IN_PROGRESS)
    state.source_api_associations.add(association_id, association)
    merging.merge(state, association)
    return {"sourceApiAssociation": answer}


@operation("AssociateSourceGraphqlApi")
def associate_source_graphql_api(state: AppSyncState, params: Params) -> Result:
    return _associate(state, params["mergedApiIdentifier"], params["sourceApiIdentifier"], params)


@operation("AssociateMergedGraphqlApi")
def associate_merged_graphql_api(state: AppSyncState, params: Params) -> Result:
    return _associate(state, params["mergedApiIdentifier"], params["sourceApiIdentifier"], params)


@operation("GetSourceApiAssociation")
def get_source_api_association(state: AppSyncState, params: Params) -> Result:
    merged = _api(state, params["mergedApiIdentifier"])
    association = lookups.source_api_association(state, params["associationId"], merged=merged)
    return {"sourceApiAssociation": association_view(association)}


@operation("ListSourceApiAssociations")
def list_source_api_associations(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])

    def keep(association: SourceApiAssociation) -> bool:
        return api.api_id in (association.merged_api_id, association.source_api_id)

    found, token = lookups.page(
        state.source_api_associations,
        f"{api.api_id}/sourceApiAssociations",
        params.get("maxResults"),
        params.get("nextToken"),
        keep,
    )
    return {
        "sourceApiAssociationSummaries": [association_summary_view(a) for a in found],
        "nextToken": token,
    }


@operation("UpdateSourceApiAssociation")
def update_source_api_association(state: AppSyncState, params: Params) -> Result:
    merged = _api(state, params["mergedApiIdentifier"])
    association = lookups.source_api_association(state, params["associationId"], merged=merged)
    if params.get("description") is not None:
        association.description = params["description"]
    merge_type = (params.get("sourceApiAssociationConfig") or {}).get("mergeType")
    if merge_type is not None:
        association.merge_type = merge_type
    return {"sourceApiAssociation": association_view(association)}


@operation("StartSchemaMerge")
def start_schema_merge(state: AppSyncState, params: Params) -> Result:
    merged = _api(state, params["mergedApiIdentifier"])
    merging.merge(
        state, lookups.source_api_association(state, params["associationId"], merged=merged)
    )
    return {"sourceApiAssociationStatus": MERGE_IN_PROGRESS}


def _disassociate(state: AppSyncState, association: SourceApiAssociation) -> Result:
    state.source_api_associations.remove(association.association_id)
    merging.remerge(state, association.merged_api_id)
    return {"sourceApiAssociationStatus": DELETION_IN_PROGRESS}


@operation("DisassociateSourceGraphqlApi")
def disassociate_source_graphql_api(state: AppSyncState, params: Params) -> Result:
    merged = _api(state, params["mergedApiIdentifier"])
    return _disassociate(
        state, lookups.source_api_association(state, params["associationId"], merged=merged)
    )


@operation("DisassociateMergedGraphqlApi")
def disassociate_merged_graphql_api(state: AppSyncState, params: Params) -> Result:
    source = _api(state, params["sourceApiIdentifier"])
    return _disassociate(
        state, lookups.source_api_association(state, params["associationId"], source=source)
    )
