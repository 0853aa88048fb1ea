"""Schemas as AppSync handles them: checked, counted, built, printed and introspected.

**Checking** follows AppSync, whose schema service is graphql-java: a document that does not
parse fails with ``Failed to parse schema document - ensure it's a valid SDL-formatted
document.``; one that parses but is not a schema fails with ``Found N problem(s) with the
schema:`` and one line per problem, in graphql-java's words (``There is no top level schema
object defined.``, ``The field type 'X' is not present when resolving type 'Y' [@3:1]``,
``'X' type [@5:1] tried to redefine existing 'X' type [@1:1]``...; positions are the
definition's line and column). Problems graphql-java would word differently and that this
module does not know are reported in graphql-core's words. AppSync's scalars and directives
are predefined (``prelude.py``); a directive the schema uses without declaring is accepted, as
AppSync accepts Amplify's (``@connection``, ``@model``).

**Printing** (``GetIntrospectionSchema`` as SDL, ``GetType``) follows AppSync's printer: the
``schema {...}`` block first, then interfaces, unions, object types, enums, scalars and input
types, each group sorted by name, fields, arguments and enum values sorted by name, directive
arguments written ``name : value``; AppSync's own scalars and directives are not printed; with
``includeDirectives`` false the directives on types and fields are left out. Comments of the
original document are not kept.

**Introspection** (``JSON``): ``{"data": {"__schema": ...}}`` as graphql's standard
introspection query answers it, with only the AWS scalars the schema uses.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from mockgw.services.appsync.graphql.prelude import AWS_DIRECTIVE_NAMES, AWS_DIRECTIVES, AWS_SCALARS

PARSE_FAILURE = "Failed to parse schema document - ensure it's a valid SDL-formatted document."
NO_SCHEMA = "There is no top level schema object defined."
_BUILTIN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})


class SchemaFailure(ValueError):
    """The document is not a schema AppSync accepts; ``details`` is AppSync's text."""

    def __init__(self, details: str) -> None:
        super().__init__(details)
        self.details = details


def _graphql() -> Any:
    import graphql

    return graphql


def _where(node: Any) -> str:
    loc = getattr(node, "loc", None)
    if loc is None or loc.source is None:
        return "[@-1:-1]"
    position = loc.source.get_location(loc.start)
    return f"[@{position.line}:{position.column}]"


def parse(sdl: str) -> Any:
    """The document, or :class:`SchemaFailure` with AppSync's parse-failure text."""
    graphql = _graphql()
    try:
        return graphql.parse(sdl, no_location=False)
    except graphql.GraphQLError:
        raise SchemaFailure(PARSE_FAILURE) from None


_DEFINITION_KINDS = (
    "ObjectTypeDefinitionNode",
    "InterfaceTypeDefinitionNode",
    "UnionTypeDefinitionNode",
    "EnumTypeDefinitionNode",
    "ScalarTypeDefinitionNode",
    "InputObjectTypeDefinitionNode",
)


def type_definitions(document: Any) -> list[Any]:
    """The named type definitions of a document, in document order."""
    return [d for d in document.definitions if type(d).__name__ in _DEFINITION_KINDS]


def _named_types(node: Any) -> Any:
    kind = type(node).__name__
    if kind == "NamedTypeNode":
        yield node
    elif kind in ("ListTypeNode", "NonNullTypeNode"):
        yield from _named_types(node.type)


def _problems(document: Any) -> list[str]:
    """Problems in graphql-java's words, for what it checks before building."""
    defined: dict[str, Any] = {}
    problems: list[str] = []
    for definition in type_definitions(document):
        name = definition.name.value
        if name in defined or name in AWS_SCALARS or name in _BUILTIN_SCALARS:
            first = defined.get(name)
            problems.append(
                f"'{name}' type {_where(definition)} tried to redefine existing '{name}' type "
                f"{_where(first) if first is not None else '[@-1:-1]'}"
            )
            continue
        defined[name] = definition
    known = set(defined) | set(AWS_SCALARS) | _BUILTIN_SCALARS
    extensions = [d for d in document.definitions if type(d).__name__.endswith("ExtensionNode")]
    for definition in [*defined.values(), *extensions]:
        owner = definition.name.value
        for interface in getattr(definition, "interfaces", None) or ():
            if interface.name.value not in known:
                problems.append(
                    f"The interface type '{interface.name.value}' is not present when "
                    f"resolving type '{owner}' {_where(definition)}"
                )
        for member in getattr(definition, "types", None) or ():
            if member.name.value not in known:
                problems.append(
                    f"The union member type '{member.name.value}' is not present when "
                    f"resolving type '{owner}' {_where(definition)}"
                )
        input_kind = type(definition).__name__.startswith("InputObjectType")
        for field in getattr(definition, "fields", None) or ():
            for named in _named_types(field.type):
                if named.name.value not in known:
                    what = "input value" if input_kind else "field"
                    problems.append(
                        f"The {what} type '{named.name.value}' is not present when resolving "
                        f"type '{owner}' {_where(definition)}"
                    )
            for argument in getattr(field, "arguments", None) or ():
                for named in _named_types(argument.type):
                    if named.name.value not in known:
                        problems.append(
                            f"The input value type '{named.name.value}' is not present when "
                            f"resolving type '{owner}' {_where(definition)}"
                        )
    return problems


def _has_query_root(document: Any) -> bool:
    for definition in document.definitions:
        if type(definition).__name__ == "SchemaDefinitionNode":
            return any(op.operation.value == "query" for op in definition.operation_types)
    return any(d.name.value == "Query" for d in type_definitions(document))


def _used_names(document: Any) -> set[str]:
    used: set[str] = set()
    graphql = _graphql()

    class Names(graphql.Visitor):  # type: ignore[misc, name-defined]
        def enter_named_type(self, node: Any, *_: Any) -> None:
            used.add(node.name.value)

    graphql.visit(document, Names())
    return used


def _undeclared_directives(document: Any) -> dict[str, set[str]]:
    """Directives used but declared nowhere, with the argument names each is given."""
    declared = {
        d.name.value for d in document.definitions if type(d).__name__ == "DirectiveDefinitionNode"
    }
    declared |= set(AWS_DIRECTIVE_NAMES) | {"include", "skip", "deprecated", "specifiedBy", "oneOf"}
    used: dict[str, set[str]] = {}
    graphql = _graphql()

    class Directives(graphql.Visitor):  # type: ignore[misc, name-defined]
        def enter_directive(self, node: Any, *_: Any) -> None:
            if node.name.value not in declared:
                names = used.setdefault(node.name.value, set())
                names.update(a.name.value for a in node.arguments or ())

    graphql.visit(document, Directives())
    return used


_ALL_LOCATIONS = (
    "SCHEMA | SCALAR | OBJECT | FIELD_DEFINITION | ARGUMENT_DEFINITION | INTERFACE | UNION | "
    "ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION"
)


def _full_text(sdl: str, document: Any) -> str:
    """The schema's text with the prelude it needs: the AWS scalars it uses, AppSync's
    directives, and a lenient declaration of each directive it uses without declaring."""
    used = _used_names(document)
    parts = [sdl, AWS_DIRECTIVES]
    for name, description in AWS_SCALARS.items():
        if name in used:
            parts.append(f"{json.dumps(description)}\nscalar {name}")
    for name, arguments in sorted(_undeclared_directives(document).items()):
        declared = ", ".join(f"{a}: String" for a in sorted(arguments))
        signature = f"({declared})" if declared else ""
        parts.append(f"directive @{name}{signature} repeatable on {_ALL_LOCATIONS}")
    return "\n".join(parts)


@lru_cache(maxsize=64)
def build(sdl: str) -> Any:
    """The ``GraphQLSchema`` of an SDL text AppSync accepted (or would: see :func:`check`)."""
    graphql = _graphql()
    document = parse(sdl)
    return graphql.build_ast_schema(graphql.parse(_full_text(sdl, document)), assume_valid_sdl=True)


def check(sdl: str) -> int:
    """The number of types the schema defines, or :class:`SchemaFailure` with AppSync's text."""
    graphql = _graphql()
    document = parse(sdl)
    problems = _problems(document)
    if not problems and not _has_query_root(document):
        problems.append(NO_SCHEMA)
    if not problems:
        full = graphql.parse(_full_text(sdl, document))
        from graphql.validation.validate import validate_sdl

        problems = [error.message for error in validate_sdl(full)]
        if not problems:
            schema = graphql.build_ast_schema(full, assume_valid_sdl=True)
            problems = [error.message for error in graphql.validate_schema(schema)]
    if problems:
        raise SchemaFailure(
            f"Found {len(problems)} problem(s) with the schema:\n" + "\n".join(problems)
        )
    return len(type_definitions(document))


# ------------------------------------------------------------------------------- printing

_KIND_ORDER = ("interface", "union", "type", "enum", "scalar", "input")


def _value(node: Any) -> str:
    kind = type(node).__name__
    if kind == "ListValueNode":
        return "[" + ", ".join(_value(v) for v in node.values) + "]"
    if kind == "ObjectValueNode":
        fields = ", ".join(f"{f.name.value} : {_value(f.value)}" for f in node.fields)
        return "{" + fields + "}"
    return str(_graphql().print_ast(node))


def _directives(node: Any, include: bool) -> str:
    if not include:
        return ""
    out = []
    for directive in getattr(node, "directives", None) or ():
        if directive.arguments:
            arguments = ", ".join(
                f"{a.name.value} : {_value(a.value)}" for a in directive.arguments
            )
            out.append(f" @{directive.name.value}({arguments})")
        else:
            out.append(f" @{directive.name.value}")
    return "".join(out)


def _description(node: Any, indent: str) -> str:
    description = getattr(node, "description", None)
    if description is None:
        return ""
    text = description.value
    if "\n" in text or description.block:
        body = "\n".join(indent + line if line else "" for line in text.split("\n"))
        return f'{indent}"""\n{body}\n{indent}"""\n'
    return f"{indent}{json.dumps(text, ensure_ascii=False)}\n"


def _type_ref(node: Any) -> str:
    return str(_graphql().print_ast(node))


def _arguments(arguments: Any) -> str:
    if not arguments:
        return ""
    parts = []
    for argument in sorted(arguments, key=lambda a: a.name.value):
        default = f" = {_value(argument.default_value)}" if argument.default_value else ""
        parts.append(f"{argument.name.value}: {_type_ref(argument.type)}{default}")
    return "(" + ", ".join(parts) + ")"


def _kind(definition: Any) -> str:
    return {
        "ObjectTypeDefinitionNode": "type",
        "InterfaceTypeDefinitionNode": "interface",
        "UnionTypeDefinitionNode": "union",
        "EnumTypeDefinitionNode": "enum",
        "ScalarTypeDefinitionNode": "scalar",
        "InputObjectTypeDefinitionNode": "input",
    }[type(definition).__name__]


def _merged(document: Any) -> dict[str, Any]:
    """Each type's definition with its ``extend`` fields, values and members folded in."""
    graphql = _graphql()
    merged: dict[str, Any] = {d.name.value: d for d in type_definitions(document)}
    for extension in document.definitions:
        if not type(extension).__name__.endswith("ExtensionNode"):
            continue
        base = merged.get(extension.name.value) if getattr(extension, "name", None) else None
        if base is None:
            continue
        changes: dict[str, Any] = {}
        for attribute in ("fields", "values", "types", "interfaces", "directives"):
            extra = getattr(extension, attribute, None)
            if extra and hasattr(base, attribute):
                changes[attribute] = tuple(getattr(base, attribute) or ()) + tuple(extra)
        merged[base.name.value] = _copy_node(graphql, base, changes)
    return merged


def _copy_node(graphql: Any, base: Any, changes: dict[str, Any]) -> Any:
    values = {key: getattr(base, key) for key in base.keys}
    values.update(changes)
    return type(base)(**values)


def merged_definitions(sdl: str) -> dict[str, Any]:
    """Every named type of the schema, ``extend``s folded in, by name (document order)."""
    return _merged(parse(sdl))


def print_definition(definition: Any, include_directives: bool) -> str:
    kind = _kind(definition)
    name = definition.name.value
    head = _description(definition, "") + f"{kind} {name}"
    if kind in ("type", "interface") and definition.interfaces:
        head += " implements " + " & ".join(i.name.value for i in definition.interfaces)
    head += _directives(definition, include_directives)
    if kind == "scalar":
        return head
    if kind == "union":
        members = " | ".join(t.name.value for t in definition.types or ())
        return f"{head} = {members}" if members else head
    lines = []
    if kind == "enum":
        for value in sorted(definition.values or (), key=lambda v: v.name.value):
            lines.append(
                _description(value, "  ")
                + f"  {value.name.value}{_directives(value, include_directives)}"
            )
    else:
        for field in sorted(definition.fields or (), key=lambda f: f.name.value):
            default = ""
            if kind == "input" and field.default_value is not None:
                default = f" = {_value(field.default_value)}"
            arguments = _arguments(getattr(field, "arguments", None))
            lines.append(
                _description(field, "  ")
                + f"  {field.name.value}{arguments}: {_type_ref(field.type)}{default}"
                + _directives(field, include_directives)
            )
    if not lines:
        return head
    return head + " {\n" + "\n".join(lines) + "\n}"


def _roots(document: Any) -> dict[str, str]:
    for definition in document.definitions:
        if type(definition).__name__ == "SchemaDefinitionNode":
            return {op.operation.value: op.type.name.value for op in definition.operation_types}
    names = {d.name.value for d in type_definitions(document)}
    return {
        operation: name
        for operation, name in (
            ("query", "Query"),
            ("mutation", "Mutation"),
            ("subscription", "Subscription"),
        )
        if name in names
    }


def print_schema(sdl: str, include_directives: bool = True) -> str:
    document = parse(sdl)
    roots = _roots(document)
    blocks = []
    if roots:
        body = "\n".join(f"  {operation}: {name}" for operation, name in roots.items())
        blocks.append("schema {\n" + body + "\n}")
    definitions = _merged(document)
    for kind in _KIND_ORDER:
        for name in sorted(definitions):
            definition = definitions[name]
            if _kind(definition) == kind:
                blocks.append(print_definition(definition, include_directives))
    return "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------- introspection


def introspection(sdl: str, include_directives: bool = True) -> dict[str, Any]:
    graphql = _graphql()
    schema = build(sdl)
    data = graphql.introspection_from_schema(schema)
    undeclared = _undeclared_directives(parse(sdl))
    if include_directives:
        data["__schema"]["directives"] = [
            d for d in data["__schema"]["directives"] if d["name"] not in undeclared
        ]
    else:
        data["__schema"]["directives"] = []
    return {"data": data}


def introspection_json(sdl: str, include_directives: bool = True) -> str:
    return json.dumps(introspection(sdl, include_directives), separators=(",", ":"))


def type_json(sdl: str, name: str) -> str:
    """One type as the standard introspection query reports it."""
    types = introspection(sdl)["data"]["__schema"]["types"]
    found = next((t for t in types if t["name"] == name), None)
    return json.dumps(found, separators=(",", ":"))


def single_definition(text: str) -> Any:
    """The one type definition a CreateType/UpdateType ``definition`` holds, or ValueError."""
    graphql = _graphql()
    try:
        document = graphql.parse(text)
    except graphql.GraphQLError as error:
        raise ValueError(error.message) from None
    definitions = type_definitions(document)
    if len(definitions) != 1 or len(document.definitions) != 1:
        raise ValueError("The definition must contain exactly one type definition.")
    return definitions[0]


def replace_definition(sdl: str, name: str, new_text: str | None) -> str:
    """``sdl`` with type ``name``'s definition replaced by ``new_text`` (removed if None)."""
    document = parse(sdl)
    for definition in type_definitions(document):
        if definition.name.value == name and definition.loc is not None:
            start, end = definition.loc.start, definition.loc.end
            replacement = new_text.strip() if new_text is not None else ""
            updated = sdl[:start] + replacement + sdl[end:]
            return re.sub(r"\n{3,}", "\n\n", updated)
    return sdl
