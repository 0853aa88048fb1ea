"""Merged APIs: source API associations from either side, and schema merges."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from mockgw import Mock, mock_appsync
from tests.helpers import assert_error, body, status

ACCOUNT = "123456789012"
REGION = "us-east-1"
NOW = dt.datetime(2030, 5, 17, 12, 30, tzinfo=dt.timezone.utc)
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
ROLE = f"arn:aws:iam::{ACCOUNT}:role/merge"
BOOKS = "type Query {\n  books: [Book]\n}\n\ntype Book {\n  id: ID!\n  title: String\n}"
AUTHORS = "type Query {\n  authors: [String]\n}\n\ntype Book {\n  id: ID!\n  pages: Int\n}"


@pytest.fixture
def frozen() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(NOW) as factory:
        yield factory


@pytest.fixture
def mocked(frozen: FrozenDateTimeFactory) -> Iterator[Mock]:
    with mock_appsync() as m:
        yield m


@pytest.fixture
def appsync(mocked: Mock) -> Any:
    return boto3.client("appsync", region_name=REGION)


def graphql_api(appsync: Any, name: str, **kwargs: Any) -> dict[str, Any]:
    api: dict[str, Any] = appsync.create_graphql_api(
        name=name, authenticationType="API_KEY", **kwargs
    )["graphqlApi"]
    return api


@pytest.fixture
def merged(appsync: Any) -> dict[str, Any]:
    return graphql_api(appsync, "merged", apiType="MERGED", mergedApiExecutionRoleArn=ROLE)


def source(mocked: Mock, appsync: Any, name: str, sdl: str | None) -> dict[str, Any]:
    """A source API whose schema is ``sdl`` (set through the backend: StartSchemaCreation is
    another family's)."""
    api = graphql_api(appsync, name)
    set_schema(mocked, api, sdl)
    return api


def set_schema(mocked: Mock, api: dict[str, Any], sdl: str | None) -> None:
    mocked.backend("appsync", region=REGION).apis.get(api["apiId"]).schema_sdl = sdl


def schema_of(mocked: Mock, api: dict[str, Any]) -> str | None:
    sdl: str | None = mocked.backend("appsync", region=REGION).apis.get(api["apiId"]).schema_sdl
    return sdl


def associate(appsync: Any, merged: dict[str, Any], src: dict[str, Any], **kw: Any) -> dict:
    association: dict[str, Any] = appsync.associate_source_graphql_api(
        mergedApiIdentifier=merged["apiId"], sourceApiIdentifier=src["apiId"], **kw
    )["sourceApiAssociation"]
    return association


def get(appsync: Any, merged: dict[str, Any], association: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = appsync.get_source_api_association(
        mergedApiIdentifier=merged["apiId"], associationId=association["associationId"]
    )["sourceApiAssociation"]
    return found


def summary(association: dict[str, Any]) -> dict[str, Any]:
    keys = ("associationId", "associationArn", "sourceApiId", "sourceApiArn")
    keys += ("mergedApiId", "mergedApiArn", "description")
    return {k: association[k] for k in keys if k in association}


# ---------------------------------------------------------------------------- associating


def test_associate_answers_in_progress_and_merges_at_once(
    mocked: Mock, appsync: Any, merged: dict[str, Any]
) -> None:
    books = source(mocked, appsync, "books", BOOKS)
    response = appsync.associate_source_graphql_api(
        mergedApiIdentifier=merged["apiId"],
        sourceApiIdentifier=books["apiId"],
        description="the books team",
    )
    assert status(response) == 200
    association = response["sourceApiAssociation"]
    association_id = association["associationId"]
    assert UUID.match(association_id)
    assert association == {
        "associationId": association_id,
        "associationArn": (
            f"arn:aws:appsync:{REGION}:{ACCOUNT}:apis/{merged['apiId']}"
            f"/sourceApiAssociations/{association_id}"
        ),
        "sourceApiId": books["apiId"],
        "sourceApiArn": books["arn"],
        "mergedApiId": merged["apiId"],
        "mergedApiArn": merged["arn"],
        "description": "the books team",
        "sourceApiAssociationConfig": {"mergeType": "MANUAL_MERGE"},
        "sourceApiAssociationStatus": "MERGE_IN_PROGRESS",
    }
    got = appsync.get_source_api_association(
        mergedApiIdentifier=merged["apiId"], associationId=association_id
    )
    assert status(got) == 200
    assert got["sourceApiAssociation"] == {
        **association,
        "sourceApiAssociationStatus": "MERGE_SUCCESS",
        "lastSuccessfulMergeDate": NOW,
    }
    assert schema_of(mocked, merged) == BOOKS


def test_the_merged_side_associates_too_by_arn(
    mocked: Mock, appsync: Any, merged: dict[str, Any]
) -> None:
    books = source(mocked, appsync, "books", BOOKS)
    response = appsync.associate_merged_graphql_api(
        sourceApiIdentifier=books["arn"],
        mergedApiIdentifier=merged["arn"],
        sourceApiAssociationConfig={"mergeType": "AUTO_MERGE"},
    )
    association = response["sourceApiAssociation"]
    assert association["sourceApiAssociationConfig"] == {"mergeType": "AUTO_MERGE"}
    assert association["mergedApiId"] == merged["apiId"]
    assert association["sourceApiId"] == books["apiId"]
    assert "description" not in association
    assert get(appsync, merged, association)["sourceApiAssociationStatus"] == "MERGE_SUCCESS"


def test_two_sources_merge_into_one_schema(
    mocked: Mock, appsync: Any, merged: dict[str, Any]
) -> None:
    associate(appsync, merged, source(mocked, appsync, "books", BOOKS))
    associate(appsync, merged, source(mocked, appsync, "authors", AUTHORS))
    assert schema_of(mocked, merged) == (
        "type Query {\n  books: [Book]\n  authors: [String]\n}\n\n"
        "type Book {\n  id: ID!\n  title: String\n  pages: Int\n}"
    )


def test_association_is_refused_between_the_wrong_apis(
    mocked: Mock, appsync: Any, merged: dict[str, Any]
) -> None:
    books = source(mocked, appsync, "books", BOOKS)
    plain = graphql_api(appsync, "plain")
    other_merged = graphql_api(appsync, "m2", apiType="MERGED", mergedApiExecutionRoleArn=ROLE)
    cases = [
        (merged["apiId"], "nosuchapi", "NotFoundException", "GraphQL API nosuchapi not found."),
        ("nosuchapi", books["apiId"], "NotFoundException", "GraphQL API nosuchapi not found."),
        (
            plain["apiId"],
            books["apiId"],
            "BadRequestException",
            f"GraphQL API {plain['apiId']} is not a Merged API.",
        ),
        (
            merged["apiId"],
            other_merged["apiId"],
            "BadRequestException",
            f"Merged API {other_merged['apiId']} cannot be a source API.",
        ),
        (
            merged["apiId"],
            books["arn"].replace(REGION, "eu-west-1"),
            "NotFoundException",
            f"GraphQL API {books['apiId']} not found.",
        ),
    ]
    for merged_id, source_id, code, message in cases:
        assert_error(
            lambda m=merged_id, s=source_id: appsync.associate_source_graphql_api(  # type: ignore[misc]
                mergedApiIdentifier=m, sourceApiIdentifier=s
            ),
            code,
            404 if code == "NotFoundException" else 400,
            message,
        )
    assert (
        appsync.list_source_api_associations(apiId=merged["apiId"])["sourceApiAssociationSummaries"]
        == []
    )


def test_a_source_is_associated_once(mocked: Mock, appsync: Any, merged: dict[str, Any]) -> None:
    books = source(mocked, appsync, "books", BOOKS)
    first = associate(appsync, merged, books)
    assert_error(
        lambda: associate(appsync, merged, books, description="again"),
        "BadRequestException",
        400,
        f"Source API {books['apiId']} is already associated with Merged API {merged['apiId']}.",
    )
    summaries = appsync.list_source_api_associations(apiId=merged["apiId"])
    assert summaries["sourceApiAssociationSummaries"] == [summary(first)]


def test_associations_are_found_only_under_their_merged_api(
    mocked: Mock, appsync: Any, merged: dict[str, Any]
) -> None:
    association = associate(appsync, merged, source(mocked, appsync, "books", BOOKS))
    other = graphql_api(appsync, "m2", apiType="MERGED", mergedApiExecutionRoleArn=ROLE)
    missing = f"Source API association {association['associationId']} not found."
    assert_error(lambda: get(appsync, other, association), "NotFoundException", 404, missing)
    assert_error(
        lambda: appsync.get_source_api_association(
            mergedApiIdentifier=merged["apiId"], associationId="nope"
        ),
        "NotFoundException",
        404,
        "Source API association nope not found.",
    )


# ---------------------------------------------------------------------------- listing


def test_list_shows_associations_from_both_sides(
    mocked: Mock, appsync: Any, merged: dict[str, Any]
) -> None:
    books = source(mocked, appsync, "books", BOOKS)
    authors = source(mocked, appsync, "authors", AUTHORS)
    first = associate(appsync, merged, books, description="b")
    second = associate(appsync, merged, authors)
    response = appsync.list_source_api_associations(apiId=merged["apiId"])
    assert status(response) == 200
    assert body(response) == {"sourceApiAssociationSummaries": [summary(first), summary(second)]}
    from_source = appsync.list_source_api_associations(apiId=books["apiId"])
    assert from_source["sourceApiAssociationSummaries"] == [summary(first)]
    page = appsync.list_source_api_associations(apiId=merged["apiId"], maxResults=1)
    assert page["sourceApiAssociationSummaries"] == [summary(first)]
    rest = appsync.list_source_api_associations(apiId=merged["apiId"], nextToken=page["nextToken"])
    assert rest["sourceApiAssociationSummaries"] == [summary(second)]
    assert_error(
        lambda: appsync.list_source_api_associations(
            apiId=books["apiId"], nextToken=page["nextToken"]
        ),
        "BadRequestException",
        400,
        "Invalid pagination token given.",
    )
    assert_error(
        lambda: appsync.list_source_api_associations(apiId="nosuchapi"),
        "NotFoundException",
        404,
        "GraphQL API nosuchapi not found.",
    )


# ---------------------------------------------------------------------------- updating, merging


def test_update_changes_what_it_is_given(
    mocked: Mock, appsync: Any, merged: dict[str, Any]
) -> None:
    association = associate(appsync, merged, source(mocked, appsync, "books", BOOKS))
    before = get(appsync, merged, association)
    response = appsync.update_source_api_association(
        mergedApiIdentifier=merged["arn"],
        associationId=association["associationId"],
        sourceApiAssociationConfig={"mergeType": "AUTO_MERGE"},
    )
    assert status(response) == 200
    want = {**before, "sourceApiAssociationConfig": {"mergeType": "AUTO_MERGE"}}
    assert response["sourceApiAssociation"] == want
    updated = appsync.update_source_api_association(
        mergedApiIdentifier=merged["apiId"],
        associationId=association["associationId"],
        description="renamed",
    )["sourceApiAssociation"]
    assert updated == {**want, "description": "renamed"} == get(appsync, merged, association)


def test_start_schema_merge_takes_the_source_as_it_is_now(
    frozen: FrozenDateTimeFactory, mocked: Mock, appsync: Any, merged: dict[str, Any]
) -> None:
    books = source(mocked, appsync, "books", BOOKS)
    association = associate(appsync, merged, books)
    set_schema(mocked, books, "type Query {\n  shelves: Int\n}")
    assert schema_of(mocked, merged) == BOOKS  # a manual merge waits to be started
    frozen.tick(dt.timedelta(hours=1))
    response = appsync.start_schema_merge(
        mergedApiIdentifier=merged["apiId"], associationId=association["associationId"]
    )
    assert status(response) == 200
    assert body(response) == {"sourceApiAssociationStatus": "MERGE_IN_PROGRESS"}
    assert schema_of(mocked, merged) == "type Query {\n  shelves: Int\n}"
    got = get(appsync, merged, association)
    assert got["lastSuccessfulMergeDate"] == NOW + dt.timedelta(hours=1)


def test_a_conflicting_merge_fails_and_leaves_the_schema(
    frozen: FrozenDateTimeFactory, mocked: Mock, appsync: Any, merged: dict[str, Any]
) -> None:
    associate(appsync, merged, source(mocked, appsync, "books", BOOKS))
    clashing = source(mocked, appsync, "clash", "type Book {\n  id: String\n}")
    frozen.tick(dt.timedelta(minutes=1))
    association = associate(appsync, merged, clashing)
    assert association["sourceApiAssociationStatus"] == "MERGE_IN_PROGRESS"
    got = get(appsync, merged, association)
    assert got["sourceApiAssociationStatus"] == "MERGE_FAILED"
    assert got["sourceApiAssociationStatusDetail"] == (
        "Conflicting definitions of Book.id: 'id: ID!' and 'id: String'. "
        "Mark one of them @canonical to choose it."
    )
    assert "lastSuccessfulMergeDate" not in got
    assert schema_of(mocked, merged) == BOOKS
    # Settled with @canonical, the next merge succeeds.
    set_schema(mocked, clashing, "type Book {\n  id: String @canonical\n}")
    appsync.start_schema_merge(
        mergedApiIdentifier=merged["apiId"], associationId=association["associationId"]
    )
    got = get(appsync, merged, association)
    assert got["sourceApiAssociationStatus"] == "MERGE_SUCCESS"
    assert "sourceApiAssociationStatusDetail" not in got
    assert schema_of(mocked, merged) == (
        "type Query {\n  books: [Book]\n}\n\ntype Book {\n  id: String\n  title: String\n}"
    )


def test_a_source_without_a_schema_merges_nothing(
    mocked: Mock, appsync: Any, merged: dict[str, Any]
) -> None:
    association = associate(appsync, merged, source(mocked, appsync, "empty", None))
    assert get(appsync, merged, association)["sourceApiAssociationStatus"] == "MERGE_SUCCESS"
    assert schema_of(mocked, merged) is None


def test_merging_an_unknown_association_is_not_found(appsync: Any, merged: dict[str, Any]) -> None:
    for call in (
        lambda: appsync.start_schema_merge(mergedApiIdentifier=merged["apiId"], associationId="x"),
        lambda: appsync.update_source_api_association(
            mergedApiIdentifier=merged["apiId"], associationId="x", description="d"
        ),
    ):
        assert_error(call, "NotFoundException", 404, "Source API association x not found.")


# ---------------------------------------------------------------------------- disassociating


@pytest.mark.parametrize("side", ["merged", "source"])
def test_disassociate_removes_the_association_and_its_types(
    mocked: Mock, appsync: Any, merged: dict[str, Any], side: str
) -> None:
    books = source(mocked, appsync, "books", BOOKS)
    first = associate(appsync, merged, books)
    associate(appsync, merged, source(mocked, appsync, "authors", AUTHORS))
    if side == "merged":
        response = appsync.disassociate_source_graphql_api(
            mergedApiIdentifier=merged["apiId"], associationId=first["associationId"]
        )
    else:
        response = appsync.disassociate_merged_graphql_api(
            sourceApiIdentifier=books["apiId"], associationId=first["associationId"]
        )
    assert status(response) == 200
    assert body(response) == {"sourceApiAssociationStatus": "DELETION_IN_PROGRESS"}
    missing = f"Source API association {first['associationId']} not found."
    assert_error(lambda: get(appsync, merged, first), "NotFoundException", 404, missing)
    assert schema_of(mocked, merged) == AUTHORS
    assert (
        appsync.list_source_api_associations(apiId=books["apiId"])["sourceApiAssociationSummaries"]
        == []
    )


def test_disassociate_checks_the_side_it_is_given(
    mocked: Mock, appsync: Any, merged: dict[str, Any]
) -> None:
    books = source(mocked, appsync, "books", BOOKS)
    association = associate(appsync, merged, books)
    other = graphql_api(appsync, "other")
    missing = f"Source API association {association['associationId']} not found."
    assert_error(
        lambda: appsync.disassociate_merged_graphql_api(
            sourceApiIdentifier=other["apiId"], associationId=association["associationId"]
        ),
        "NotFoundException",
        404,
        missing,
    )
    assert get(appsync, merged, association)["sourceApiAssociationStatus"] == "MERGE_SUCCESS"


def test_deleting_a_source_api_takes_its_types_out_of_the_merged_api(
    mocked: Mock, appsync: Any, merged: dict[str, Any]
) -> None:
    books = source(mocked, appsync, "books", BOOKS)
    association = associate(appsync, merged, books)
    associate(appsync, merged, source(mocked, appsync, "authors", AUTHORS))
    appsync.delete_graphql_api(apiId=books["apiId"])
    missing = f"Source API association {association['associationId']} not found."
    assert_error(lambda: get(appsync, merged, association), "NotFoundException", 404, missing)
    assert schema_of(mocked, merged) == AUTHORS


def test_deleting_the_merged_api_ends_its_associations(
    mocked: Mock, appsync: Any, merged: dict[str, Any]
) -> None:
    books = source(mocked, appsync, "books", BOOKS)
    associate(appsync, merged, books)
    appsync.delete_graphql_api(apiId=merged["apiId"])
    assert (
        appsync.list_source_api_associations(apiId=books["apiId"])["sourceApiAssociationSummaries"]
        == []
    )
    assert schema_of(mocked, books) == BOOKS
