"""The model's constraints (required, enum, length, range, pattern), checked the way AWS's front
end checks them, with its messages.

A validator is compiled once per structure into closures (a member without constraints costs
nothing). The texts follow AWS's ``N validation errors detected: Value '...' at '<path>' failed to
satisfy constraint: <rule>`` form, as recorded against AWS:

- members are checked in the model's order, each one's ``Member must not be null`` where it
  stands (the caller decides the order of a request's top-level members);
- an item of a list of structures is named with its 1-based index before ``member``:
  ``patchOperations.1.member.op``;
- a list of scalars is checked as a whole: ``Value '[wrong]' at 'endpointConfiguration.types'
  failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value
  set: [PRIVATE, EDGE, REGIONAL]]``;
- values print as Java prints them: lists in brackets (``[a, b]``), null unquoted;
- enums print in AWS's order where it is known (``ENUM_ORDER`` in :mod:`mockgw.wire.model`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Validator = Callable[[Any, str, list[str]], None]  # (value, path, problems)
Rule = Callable[[Any], str | None]  # a scalar value -> the rule it breaks, or None
EnumOrder = Mapping[str, tuple[str, ...]]

_NO_ORDER: EnumOrder = {}


class Invalid(Exception):
    """One constraint failure, collected into a single validation error."""


def java_text(value: Any) -> str:
    """``value`` as Java's ``toString`` prints it in AWS's messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(java_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={java_text(v)}" for k, v in value.items()) + "}"
    return str(value)


def constraint(value: Any, path: str, rule: str) -> str:
    """One problem, in AWS's words."""
    shown = "null" if value is None else f"'{java_text(value)}'"
    if len(shown) > 200:
        shown = shown[:197] + "...'"
    return f"Value {shown} at '{path}' failed to satisfy constraint: {rule}"


def structure_validator(
    shape: Any,
    stack: tuple[str, ...] = (),
    order: EnumOrder = _NO_ORDER,
    members: tuple[str, ...] | None = None,
    paths: Mapping[str, str] | None = None,
) -> Validator | None:
    """Checks of a structure value, called with the path prefix of its members (``""`` at the
    top, ``"parent."`` below); None when the structure has nothing to check. ``members``: the
    order to check them in (default: the model's); ``paths``: a member's name in messages when
    it is not the prefix and its own name (the top level's ``putIntegrationInput.type``)."""
    if shape.name in stack:  # recursive: compile the next level when it is reached

        def check_recursive(value: Any, prefix: str, out: list[str]) -> None:
            check = structure_validator(shape, (), order)
            if check is not None:
                check(value, prefix, out)

        return check_recursive
    inner = (*stack, shape.name)
    required = set(shape.required_members)
    named = paths or {}
    steps: list[tuple[str, str | None, bool, Validator | None]] = []
    for name in members if members is not None else tuple(shape.members):
        check = validator(shape.members[name], inner, order)
        if check is not None or name in required:
            steps.append((name, named.get(name), name in required, check))
    if not steps:
        return None
    plan = tuple(steps)

    def check_structure(value: Any, prefix: str, out: list[str]) -> None:
        for name, path, is_required, check in plan:
            member_value = value.get(name)
            if member_value is None:
                if is_required:
                    out.append(constraint(None, path or prefix + name, "Member must not be null"))
            elif check is not None:
                check(member_value, path or prefix + name, out)

    return check_structure


def validator(
    shape: Any, stack: tuple[str, ...] = (), order: EnumOrder = _NO_ORDER
) -> Validator | None:
    """Checks of one value against its shape's constraints; None when there are none."""
    meta = shape.metadata
    kind = shape.type_name
    low, high = meta.get("min"), meta.get("max")
    if kind == "structure":
        structure = structure_validator(shape, stack, order)
        if structure is None:
            return None

        def check_member_structure(value: Any, path: str, out: list[str]) -> None:
            structure(value, path + ".", out)

        return check_member_structure
    if kind == "list":
        return _list_validator(shape, stack, order, low, high)
    if kind == "map":
        key_check = validator(shape.key, stack, order)
        value_check = validator(shape.value, stack, order)
        if low is None and high is None and key_check is None and value_check is None:
            return None

        def check_map(value: Any, path: str, out: list[str]) -> None:
            _check_range(len(value), low, high, path, value, out, "length")
            if key_check is None and value_check is None:
                return
            for key, v in value.items():
                if key_check is not None:
                    key_check(key, f"{path}.key", out)
                if value_check is not None:
                    value_check(v, f"{path}.{key}", out)

        return check_map
    rule = scalar_rule(shape, order)
    if rule is None:
        return None

    def check_scalar(value: Any, path: str, out: list[str]) -> None:
        broken = rule(value)
        if broken is not None:
            out.append(constraint(value, path, broken))

    return check_scalar


def _list_validator(
    shape: Any, stack: tuple[str, ...], order: EnumOrder, low: Any, high: Any
) -> Validator | None:
    item_shape = shape.member
    if item_shape.type_name in ("structure", "list", "map"):
        item = validator(item_shape, stack, order)
        if low is None and high is None and item is None:
            return None

        def check_list(value: Any, path: str, out: list[str]) -> None:
            _check_range(len(value), low, high, path, value, out, "length")
            if item is not None:
                for i, v in enumerate(value):
                    item(v, f"{path}.{i + 1}.member", out)

        return check_list
    rule = scalar_rule(item_shape, order)
    if low is None and high is None and rule is None:
        return None

    def check_scalars(value: Any, path: str, out: list[str]) -> None:
        _check_range(len(value), low, high, path, value, out, "length")
        if rule is None:
            return
        for v in value:
            broken = rule(v)
            if broken is not None:
                out.append(constraint(value, path, f"Member must satisfy constraint: [{broken}]"))
                return

    return check_scalars


def scalar_rule(shape: Any, order: EnumOrder = _NO_ORDER) -> Rule | None:
    """The check of a scalar's constraints: the first rule a value breaks, or None."""
    meta = shape.metadata
    kind = shape.type_name
    low, high = meta.get("min"), meta.get("max")
    if kind == "string":
        enum = shape.enum
        pattern = meta.get("pattern")
        if not enum and low is None and high is None and not pattern:
            return None
        shown = order.get(shape.name) or tuple(enum or ())
        enum_rule = f"Member must satisfy enum value set: [{', '.join(shown)}]"
        pattern_rule = f"Member must satisfy regular expression pattern: {pattern}"

        def string_rule(value: Any) -> str | None:
            if enum and value not in enum:
                return enum_rule
            broken = _range_rule(len(value), low, high, "length")
            if broken is None and pattern and not compiled(pattern).fullmatch(value):
                return pattern_rule
            return broken

        return string_rule
    if kind in ("integer", "long", "double", "float"):
        if low is None and high is None:
            return None

        def number_rule(value: Any) -> str | None:
            return _range_rule(value, low, high, "value")

        return number_rule
    return None


def _range_rule(measure: float, low: Any, high: Any, what: str) -> str | None:
    if low is not None and measure < low:
        return f"Member must have {what} greater than or equal to {low}"
    if high is not None and measure > high:
        return f"Member must have {what} less than or equal to {high}"
    return None


def _check_range(
    measure: float, low: Any, high: Any, path: str, value: Any, out: list[str], what: str
) -> None:
    broken = _range_rule(measure, low, high, what)
    if broken is not None:
        out.append(constraint(value, path, broken))


_patterns: dict[str, re.Pattern[str]] = {}


def compiled(pattern: str) -> re.Pattern[str]:
    found = _patterns.get(pattern)
    if found is None:
        found = _patterns[pattern] = re.compile(pattern)
    return found


def input_name(operation_name: str) -> str:
    """How AWS names an operation's input in its messages: ``putIntegrationInput``."""
    return operation_name[:1].lower() + operation_name[1:] + "Input"
