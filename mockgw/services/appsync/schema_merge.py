"""Merging source APIs' schemas into a Merged API's, as AppSync's merge does (graphql-core,
imported lazily: ``import mockgw`` must stay cheap).

The rules (AWS's Merged API guide, "Type conflicts"; the texts of a failed merge are mockgw's,
AWS's are not recorded):

- Types of the same name merge when they are the same kind: object types, interfaces and input
  types take the union of their fields (and interfaces), enums of their values, unions of their
  members; a scalar is kept once. The schema's root operation types must agree.
- A field (or enum value, argument list...) defined in two sources must be identical, unless one
  of the two is marked ``@canonical`` (on the field, or on its whole type): that one wins.
  Anything else is a conflict, and the merge fails with a detail naming it.
- ``@hidden`` leaves a type or field out of the merged schema.
- The merge directives themselves (``@canonical``, ``@hidden``, ``@renamed``) are not part of
  the merged schema. ``@renamed`` is accepted and not applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # graphql-core is imported only when a merge runs
    from graphql.language import ast

MERGE_DIRECTIVES = frozenset({"canonical", "hidden", "renamed"})


class MergeConflict(Exception):
    """The sources cannot be merged; the message is the association's status detail."""


@dataclass
class _Type:
    kind: str  # "type", "interface", "input", "enum", "union", "scalar"
    name: str
    description: Any = None
    directives: dict[str, Any] = field(default_factory=dict)
    interfaces: dict[str, Any] = field(default_factory=dict)
    members: dict[str, Any] = field(default_factory=dict)
    canonical: set[str] = field(default_factory=set)
    hidden: bool = False


def merge_sdls(sdls: Iterable[str]) -> str | None:
    """The merged SDL of ``sdls`` (in order), or None when they define nothing; raises
    :class:`MergeConflict`."""
    from graphql import GraphQLSyntaxError, parse

    types: dict[str, _Type] = {}
    roots: dict[str, str] = {}
    directive_defs: dict[str, Any] = {}
    for sdl in sdls:
        if not sdl.strip():
            continue
        try:
            document = parse(sdl, no_location=True)
        except GraphQLSyntaxError as error:
            raise MergeConflict(f"The source API's schema is not valid: {error.message}") from None
        for node in document.definitions:
            _take(node, types, roots, directive_defs)
    if not types and not roots and not directive_defs:
        return None
    return _print(types, roots, directive_defs)


def _kind(node: Any) -> str | None:
    from graphql.language import ast

    kinds: Sequence[tuple[tuple[type, ...], str]] = (
        ((ast.ObjectTypeDefinitionNode, ast.ObjectTypeExtensionNode), "type"),
        ((ast.InterfaceTypeDefinitionNode, ast.InterfaceTypeExtensionNode), "interface"),
        ((ast.InputObjectTypeDefinitionNode, ast.InputObjectTypeExtensionNode), "input"),
        ((ast.EnumTypeDefinitionNode, ast.EnumTypeExtensionNode), "enum"),
        ((ast.UnionTypeDefinitionNode, ast.UnionTypeExtensionNode), "union"),
        ((ast.ScalarTypeDefinitionNode, ast.ScalarTypeExtensionNode), "scalar"),
    )
    for classes, kind in kinds:
        if isinstance(node, classes):
            return kind
    return None


def _has(node: Any, directive: str) -> bool:
    return any(d.name.value == directive for d in getattr(node, "directives", None) or ())


def _take(
    node: Any, types: dict[str, _Type], roots: dict[str, str], directive_defs: dict[str, Any]
) -> None:
    from graphql.language import ast

    if isinstance(node, (ast.SchemaDefinitionNode, ast.SchemaExtensionNode)):
        for operation in node.operation_types or ():
            op, named = operation.operation.value, operation.type.name.value
            if roots.setdefault(op, named) != named:
                raise MergeConflict(
                    f"Conflicting {op} root types: {roots[op]} and {named}. The source APIs "
                    "must agree on the schema's root operation types."
                )
        return
    if isinstance(node, ast.DirectiveDefinitionNode):
        directive_defs.setdefault(node.name.value, node)
        return
    kind = _kind(node)
    if kind is None:  # an executable definition in an SDL: not part of a schema
        return
    name = node.name.value
    merged = types.get(name)
    if merged is None:
        merged = types[name] = _Type(kind, name)
    elif merged.kind != kind:
        raise MergeConflict(
            f"Type {name} is {_article(merged.kind)} in one source API and {_article(kind)} in "
            "another, so the two cannot be merged."
        )
    if merged.description is None:
        merged.description = getattr(node, "description", None)
    type_canonical, merged.hidden = _has(node, "canonical"), merged.hidden or _has(node, "hidden")
    for directive in getattr(node, "directives", None) or ():
        if directive.name.value not in MERGE_DIRECTIVES:
            merged.directives.setdefault(_printed(directive), directive)
    for interface in getattr(node, "interfaces", None) or ():
        merged.interfaces.setdefault(interface.name.value, interface)
    for member in _members(node, kind):
        _take_member(merged, member, type_canonical)


def _members(node: Any, kind: str) -> Sequence[Any]:
    if kind in ("type", "interface", "input"):
        return tuple(node.fields or ())
    if kind == "enum":
        return tuple(node.values or ())
    if kind == "union":
        return tuple(node.types or ())
    return ()


def _take_member(merged: _Type, member: Any, type_canonical: bool) -> None:
    name = member.name.value
    canonical = type_canonical or _has(member, "canonical")
    current = merged.members.get(name)
    if current is None:
        merged.members[name] = member
        if canonical:
            merged.canonical.add(name)
        return
    if _comparable(current) == _comparable(member):
        return
    if canonical and name not in merged.canonical:
        merged.members[name] = member
        merged.canonical.add(name)
    elif name in merged.canonical and not canonical:
        return
    else:
        raise MergeConflict(
            f"Conflicting definitions of {merged.name}.{name}: '{_comparable(current)}' and "
            f"'{_comparable(member)}'. Mark one of them @canonical to choose it."
        )


def _comparable(member: Any) -> str:
    """A member as printed without its description and its merge directives."""
    stripped = _without_merge_directives(member)
    if hasattr(stripped, "description"):
        stripped = _copy(stripped, description=None)
    return _printed(stripped)


def _without_merge_directives(node: Any) -> Any:
    directives = getattr(node, "directives", None)
    if not directives:
        return node
    kept = tuple(d for d in directives if d.name.value not in MERGE_DIRECTIVES)
    return _copy(node, directives=kept)


def _copy(node: Any, **changes: Any) -> Any:
    values = {key: getattr(node, key, None) for key in node.keys if key != "loc"}
    values.update(changes)
    return type(node)(**values)


def _printed(node: Any) -> str:
    from graphql import print_ast

    return print_ast(node)


def _article(kind: str) -> str:
    words = {"type": "an object type", "interface": "an interface", "input": "an input type"}
    return words.get(kind, f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} type")


def _print(types: dict[str, _Type], roots: dict[str, str], directive_defs: dict[str, Any]) -> str:
    from graphql import print_ast
    from graphql.language import ast

    definitions: list[ast.DefinitionNode] = []
    if roots:
        definitions.append(
            ast.SchemaDefinitionNode(
                description=None,
                directives=(),
                operation_types=tuple(
                    ast.OperationTypeDefinitionNode(
                        operation=ast.OperationType(op),
                        type=ast.NamedTypeNode(name=ast.NameNode(value=named)),
                    )
                    for op, named in roots.items()
                ),
            )
        )
    definitions.extend(directive_defs.values())
    for merged in types.values():
        if merged.hidden:
            continue
        definitions.append(_definition(merged))
    return print_ast(ast.DocumentNode(definitions=tuple(definitions)))


def _definition(merged: _Type) -> ast.DefinitionNode:
    from graphql.language import ast

    members = tuple(
        _without_merge_directives(m)
        for m in merged.members.values()
        if not (merged.kind != "union" and _has(m, "hidden"))
    )
    common: dict[str, Any] = {
        "name": ast.NameNode(value=merged.name),
        "description": merged.description,
        "directives": tuple(merged.directives.values()),
    }
    if merged.kind == "type":
        return ast.ObjectTypeDefinitionNode(
            **common, interfaces=tuple(merged.interfaces.values()), fields=members
        )
    if merged.kind == "interface":
        return ast.InterfaceTypeDefinitionNode(
            **common, interfaces=tuple(merged.interfaces.values()), fields=members
        )
    if merged.kind == "input":
        return ast.InputObjectTypeDefinitionNode(**common, fields=members)
    if merged.kind == "enum":
        return ast.EnumTypeDefinitionNode(**common, values=members)
    if merged.kind == "union":
        return ast.UnionTypeDefinitionNode(**common, types=members)
    return ast.ScalarTypeDefinitionNode(**common)
