"""The schema merge behind StartSchemaMerge, on its own (services/appsync/schema_merge.py)."""

from __future__ import annotations

import pytest
from graphql import build_schema
from hypothesis import given, settings
from hypothesis import strategies as st

from mockgw.services.appsync.schema_merge import MergeConflict, merge_sdls


def test_nothing_to_merge_is_no_schema() -> None:
    assert merge_sdls([]) is None
    assert merge_sdls(["", "  \n"]) is None


def test_every_kind_of_type_merges_with_its_own_kind() -> None:
    first = """
        schema { query: Query mutation: Mutation }
        directive @auth(rules: [String]) on OBJECT
        interface Node { id: ID! }
        type Query { node(id: ID!): Node }
        type Mutation { ping: Int }
        enum Color { RED }
        union Thing = Query
        input Filter { color: Color }
        scalar AWSDateTime
    """
    second = """
        schema { query: Query }
        directive @auth(rules: [String]) on OBJECT
        interface Named { name: String }
        type Query { things: [Thing] }
        type Item implements Node & Named @auth(rules: ["owner"]) { id: ID! name: String }
        enum Color { RED BLUE }
        union Thing = Item
        input Filter { name: String }
        scalar AWSDateTime
    """
    merged = merge_sdls([first, second])
    assert merged == (
        "schema {\n  query: Query\n  mutation: Mutation\n}\n\n"
        "directive @auth(rules: [String]) on OBJECT\n\n"
        "interface Node {\n  id: ID!\n}\n\n"
        "type Query {\n  node(id: ID!): Node\n  things: [Thing]\n}\n\n"
        "type Mutation {\n  ping: Int\n}\n\n"
        "enum Color {\n  RED\n  BLUE\n}\n\n"
        "union Thing = Query | Item\n\n"
        "input Filter {\n  color: Color\n  name: String\n}\n\n"
        "scalar AWSDateTime\n\n"
        "interface Named {\n  name: String\n}\n\n"
        'type Item implements Node & Named @auth(rules: ["owner"]) {\n  id: ID!\n  name: String\n}'
    )
    assert merged is not None
    build_schema(merged)  # what comes out is a schema graphql-core accepts


def test_extensions_add_to_their_type() -> None:
    merged = merge_sdls(["type Query { a: Int }", "extend type Query { b: Int }"])
    assert merged == "type Query {\n  a: Int\n  b: Int\n}"


def test_descriptions_are_kept_and_do_not_make_a_conflict() -> None:
    merged = merge_sdls(['"""Books"""\ntype Book { id: ID }', 'type Book {\n "the id"\n id: ID }'])
    assert merged == '"""Books"""\ntype Book {\n  id: ID\n}'


@pytest.mark.parametrize(
    ("sdls", "detail"),
    [
        (
            ["type Book { id: ID! }", "type Book { id: String }"],
            "Conflicting definitions of Book.id: 'id: ID!' and 'id: String'. "
            "Mark one of them @canonical to choose it.",
        ),
        (
            ["type Q { f(a: Int): Int }", "type Q { f(a: String): Int }"],
            "Conflicting definitions of Q.f: 'f(a: Int): Int' and 'f(a: String): Int'. "
            "Mark one of them @canonical to choose it.",
        ),
        (
            ["type Book { id: ID }", "enum Book { A }"],
            "Type Book is an object type in one source API and an enum type in another, so "
            "the two cannot be merged.",
        ),
        (
            ["input Book { id: ID }", "interface Book { id: ID }"],
            "Type Book is an input type in one source API and an interface in another, so the "
            "two cannot be merged.",
        ),
        (
            ["schema { query: Query }", "schema { query: RootQuery }"],
            "Conflicting query root types: Query and RootQuery. The source APIs must agree on "
            "the schema's root operation types.",
        ),
        (
            ["type Query {"],
            "The source API's schema is not valid: Syntax Error: Expected Name, found <EOF>.",
        ),
        (
            ["type Book { id: ID @canonical }", "type Book { id: String @canonical }"],
            "Conflicting definitions of Book.id: 'id: ID' and 'id: String'. "
            "Mark one of them @canonical to choose it.",
        ),
    ],
)
def test_conflicts_name_what_clashes(sdls: list[str], detail: str) -> None:
    with pytest.raises(MergeConflict) as info:
        merge_sdls(sdls)
    assert str(info.value) == detail


def test_canonical_wins_on_a_field_or_a_whole_type() -> None:
    assert merge_sdls(["type B { id: ID }", "type B { id: String @canonical }"]) == (
        "type B {\n  id: String\n}"
    )
    assert merge_sdls(["type B @canonical { id: ID }", "type B { id: String x: Int }"]) == (
        "type B {\n  id: ID\n  x: Int\n}"
    )


def test_hidden_types_and_fields_are_left_out() -> None:
    merged = merge_sdls(
        [
            "type Query { a: Int secret: String @hidden }",
            "type Internal @hidden { x: Int }\ntype Query { b: Int }",
        ]
    )
    assert merged == "type Query {\n  a: Int\n  b: Int\n}"


def test_renamed_is_accepted_and_dropped() -> None:
    assert merge_sdls(['type Query { a: Int @renamed(to: "b") }']) == "type Query {\n  a: Int\n}"


NAMES = st.sampled_from(["Alpha", "Beta", "Gamma", "Delta"])
FIELDS = st.sampled_from(["id", "name", "size", "owner"])
TYPES = st.sampled_from(["ID", "String", "Int", "[String]", "Boolean!"])


@st.composite
def schemas(draw: st.DrawFn) -> str:
    types = draw(st.dictionaries(NAMES, st.dictionaries(FIELDS, TYPES, min_size=1), min_size=1))
    return "\n".join(
        f"type {name} {{ {' '.join(f'{f}: {t}' for f, t in fields.items())} }}"
        for name, fields in types.items()
    )


@given(sdl=schemas())
@settings(max_examples=60, deadline=None)
def test_a_schema_merged_with_itself_is_itself(sdl: str) -> None:
    once = merge_sdls([sdl])
    assert once is not None
    assert merge_sdls([sdl, sdl]) == once
    assert merge_sdls([once]) == once
    build_schema(once + "\ntype Query { ok: Int }")
