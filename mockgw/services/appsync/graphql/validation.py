"""A query's validation errors in AppSync's words.

AppSync validates with graphql-java and answers HTTP 200 with ``{"data": null, "errors":
[...]}``, each error ``{"path": null, "locations": [{"line", "column", "sourceName": null}],
"message": "Validation error of type <Kind>: <text> @ '<field path>'"}`` (the AppSync team's
description in graphql/graphql-over-http#81; aws-amplify/learn#417, aws/aws-appsync-community#273).
graphql-core finds the same errors; this module rewords the ones AppSync users meet:

- FieldUndefined: ``Field 'x' in type 'Query' is undefined @ 'x'`` (recorded);
- UnknownType: ``Unknown type X`` (recorded);
- WrongType: ``argument 'a' with value 'StringValue{value='4'}' is not a valid 'Int' @ 'f'``
  and ``... is missing required fields '[f]' @ 'f'`` (recorded, graphql-java's AST printing);
- MissingFieldArgument ``Missing field argument a``, UnknownArgument ``Unknown field argument
  a``, SubSelectionRequired ``Sub selection required for type T of field f``,
  SubSelectionNotAllowed ``Sub selection not allowed on leaf type T of field f``,
  UndefinedVariable ``Undefined variable v``, UnusedVariable ``Unused variable v``,
  UnknownDirective ``Unknown directive d``, DuplicateOperationName (graphql-java's texts,
  not recorded from AppSync).

Any other problem keeps graphql-core's text. The field path is the field names from the
operation (or fragment) down to the field, ``/``-separated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Place:
    """Where an error's node sits: the field path, and the argument it is part of."""

    path: str
    argument: str | None = None
    argument_value: Any = None
    argument_type: Any = None


def _graphql() -> Any:
    import graphql

    return graphql


def locate(schema: Any, document: Any, targets: set[int]) -> dict[int, Place]:
    """The place of each node whose ``id`` is in ``targets``."""
    graphql = _graphql()
    found: dict[int, Place] = {}
    fields: list[str] = []
    arguments: list[tuple[str, Any, Any]] = []
    type_info = graphql.TypeInfo(schema)

    class Finder(graphql.Visitor):  # type: ignore[misc, name-defined]
        def enter(self, node: Any, *_: Any) -> None:
            kind = node.kind
            if kind in ("operation_definition", "fragment_definition"):
                fields.clear()
            elif kind == "field":
                fields.append(node.name.value)
            elif kind == "argument":
                argument = type_info.get_argument()
                arguments.append((node.name.value, node.value, getattr(argument, "type", None)))
            if id(node) in targets:
                name, value, of_type = arguments[-1] if arguments else (None, None, None)
                found[id(node)] = Place("/".join(fields), name, value, of_type)

        def leave(self, node: Any, *_: Any) -> None:
            if node.kind == "field":
                fields.pop()
            elif node.kind == "argument":
                arguments.pop()

    graphql.visit(document, graphql.TypeInfoVisitor(type_info, Finder()))
    return found


def java_value(node: Any) -> str:
    """A value node as graphql-java's ``toString`` prints it."""
    kind = getattr(node, "kind", "")
    if kind == "string_value":
        return f"StringValue{{value='{node.value}'}}"
    if kind == "int_value":
        return f"IntValue{{value={node.value}}}"
    if kind == "float_value":
        return f"FloatValue{{value={node.value}}}"
    if kind == "boolean_value":
        return f"BooleanValue{{value={'true' if node.value else 'false'}}}"
    if kind == "enum_value":
        return f"EnumValue{{name='{node.value}'}}"
    if kind == "null_value":
        return "NullValue{}"
    if kind == "variable":
        return f"VariableReference{{name='{node.name.value}'}}"
    if kind == "list_value":
        return "ArrayValue{values=[" + ", ".join(java_value(v) for v in node.values) + "]}"
    if kind == "object_value":
        members = ", ".join(
            f"ObjectField{{name='{f.name.value}', value={java_value(f.value)}}}"
            for f in node.fields
        )
        return "ObjectValue{objectFields=[" + members + "]}"
    return str(node)


def _named(type_: Any) -> str:
    while hasattr(type_, "of_type"):
        type_ = type_.of_type
    return str(getattr(type_, "name", type_))


def _at(place: Place | None) -> str:
    return f" @ '{place.path}'" if place is not None and place.path else ""


Rewrite = Callable[[re.Match[str], "Place | None"], str | None]


def _wrong_type(match: re.Match[str], place: Place | None) -> str | None:
    if place is None or place.argument is None:
        return None
    value = java_value(place.argument_value)
    missing = match.group("missing") if "missing" in match.groupdict() else None
    if missing:
        problem = f"is missing required fields '[{missing}]'"
    else:
        problem = f"is not a valid '{_named(place.argument_type)}'"
    return (
        f"Validation error of type WrongType: argument '{place.argument}' with value "
        f"'{value}' {problem}{_at(place)}"
    )


_REWRITES: list[tuple[re.Pattern[str], Rewrite]] = [
    (
        re.compile(r"Cannot query field '(?P<f>[^']+)' on type '(?P<t>[^']+)'\."),
        lambda m, p: (
            f"Validation error of type FieldUndefined: Field '{m['f']}' in type '{m['t']}' "
            f"is undefined{_at(p)}"
        ),
    ),
    (
        re.compile(r"Argument '[^'.@]+\.[^(]+\((?P<a>[^:]+):\)' of type '[^']+' is required"),
        lambda m, p: (
            f"Validation error of type MissingFieldArgument: Missing field argument {m['a']}"
            f"{_at(p)}"
        ),
    ),
    (
        re.compile(r"Unknown argument '(?P<a>[^']+)' on field '[^']+'\."),
        lambda m, p: (
            f"Validation error of type UnknownArgument: Unknown field argument {m['a']}{_at(p)}"
        ),
    ),
    (
        re.compile(r"Field '(?P<f>[^']+)' of type '(?P<t>[^']+)' must have a selection"),
        lambda m, p: (
            "Validation error of type SubSelectionRequired: Sub selection required for type "
            f"{m['t'].strip('[]!')} of field {m['f']}{_at(p)}"
        ),
    ),
    (
        re.compile(r"Field '(?P<f>[^']+)' must not have a selection since type '(?P<t>[^']+)'"),
        lambda m, p: (
            "Validation error of type SubSelectionNotAllowed: Sub selection not allowed on leaf "
            f"type {m['t'].strip('[]!')} of field {m['f']}{_at(p)}"
        ),
    ),
    (
        re.compile(r"Unknown type '(?P<t>[^']+)'\."),
        lambda m, p: f"Validation error of type UnknownType: Unknown type {m['t']}",
    ),
    (
        re.compile(r"Variable '\$(?P<v>[^']+)' is not defined"),
        lambda m, p: (
            f"Validation error of type UndefinedVariable: Undefined variable {m['v']}{_at(p)}"
        ),
    ),
    (
        re.compile(r"Variable '\$(?P<v>[^']+)' is never used"),
        lambda m, p: f"Validation error of type UnusedVariable: Unused variable {m['v']}",
    ),
    (
        re.compile(r"Unknown directive '@(?P<d>[^']+)'\."),
        lambda m, p: (
            f"Validation error of type UnknownDirective: Unknown directive {m['d']}{_at(p)}"
        ),
    ),
    (
        re.compile(r"There can be only one operation named '(?P<o>[^']+)'\."),
        lambda m, p: (
            "Validation error of type DuplicateOperationName: There can be only one operation "
            f"named {m['o']}"
        ),
    ),
    (
        re.compile(r"Field '[^'.]+\.(?P<missing>[^']+)' of required type '[^']+' was not provided"),
        _wrong_type,
    ),
    (
        re.compile(
            r"(?:\w+ cannot represent|Expected value of type|Value '|Enum '|Field '[^']+' is not "
            r"defined by type|Expected type)"
        ),
        _wrong_type,
    ),
]


def appsync_message(message: str, place: Place | None) -> str:
    for pattern, rewrite in _REWRITES:
        match = pattern.match(message)
        if match is not None:
            rewritten = rewrite(match, place)
            if rewritten is not None:
                return rewritten
    return message


def location(error: Any) -> list[dict[str, Any]] | None:
    if not error.locations:
        return None
    first = error.locations[0]
    return [{"line": first.line, "column": first.column, "sourceName": None}]


def appsync_errors(schema: Any, document: Any, errors: list[Any]) -> list[dict[str, Any]]:
    """graphql-core's validation errors as AppSync's error entries."""
    targets = {id(e.nodes[0]) for e in errors if e.nodes}
    places = locate(schema, document, targets) if targets else {}
    out = []
    for error in errors:
        place = places.get(id(error.nodes[0])) if error.nodes else None
        out.append(
            {
                "path": None,
                "locations": location(error),
                "message": appsync_message(error.message, place),
            }
        )
    return out
