"""Source API associations (a source GraphQL API merged into a Merged API): the record, and the
``SourceApiAssociation`` and ``SourceApiAssociationSummary`` shapes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MANUAL_MERGE = "MANUAL_MERGE"
MERGE_SUCCESS = "MERGE_SUCCESS"
MERGE_FAILED = "MERGE_FAILED"
#: What the calls that start a merge answer; the merge itself is done before they return.
MERGE_IN_PROGRESS = "MERGE_IN_PROGRESS"
#: What the disassociation calls answer; the association is gone before they return.
DELETION_IN_PROGRESS = "DELETION_IN_PROGRESS"


@dataclass
class SourceApiAssociation:
    association_id: str
    arn: str
    merged_api_id: str
    merged_api_arn: str
    source_api_id: str
    source_api_arn: str
    description: str | None
    merge_type: str
    status: str
    status_detail: str | None = None
    #: epoch seconds of the last merge that succeeded
    last_successful_merge: float | None = None
    #: the source's SDL as the last successful merge took it (what it contributes to the
    #: Merged API's schema); None before any successful merge
    merged_sdl: str | None = None


def association_view(
    association: SourceApiAssociation, status: str | None = None
) -> dict[str, Any]:
    """A ``SourceApiAssociation`` shape; ``status`` overrides the stored status (the answer of
    a call that starts a merge)."""
    return {
        **association_summary_view(association),
        "sourceApiAssociationConfig": {"mergeType": association.merge_type},
        "sourceApiAssociationStatus": status or association.status,
        "sourceApiAssociationStatusDetail": None if status else association.status_detail,
        "lastSuccessfulMergeDate": association.last_successful_merge,
    }


def association_summary_view(association: SourceApiAssociation) -> dict[str, Any]:
    """A ``SourceApiAssociationSummary`` shape."""
    return {
        "associationId": association.association_id,
        "associationArn": association.arn,
        "sourceApiId": association.source_api_id,
        "sourceApiArn": association.source_api_arn,
        "mergedApiId": association.merged_api_id,
        "mergedApiArn": association.merged_api_arn,
        "description": association.description,
    }
