"""The operation table the importer calls, and the model's checks of a call's parameters (the
wire's, which a call that does not come over the wire has not met)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockgw.services._shared.operations import Handler
from mockgw.wire import constraints, model


def handlers() -> Mapping[str, Handler]:
    from mockgw.services.apigateway import DEFINITION  # the table this package is part of

    return DEFINITION.handlers


_validators: dict[str, Any] = {}


def refused(operation: str, params: Mapping[str, Any]) -> str | None:
    """The model's validation text for ``params``, as the call itself would get it."""
    check = _validators.get(operation)
    if check is None:
        spec = model.spec("apigateway")
        shape = spec.operation(operation).input_shape
        # named and ordered as the wire names them (body members first, after the input)
        in_body = tuple(
            name for name, m in shape.members.items() if not m.serialization.get("location")
        )
        prefix = constraints.input_name(operation) + "." if spec.names_input else ""
        check = _validators[operation] = constraints.structure_validator(
            shape,
            order=spec.enum_order,
            members=in_body + tuple(n for n in shape.members if n not in in_body),
            paths={name: prefix + name for name in in_body},
        ) or (lambda value, prefix, out: None)
    problems: list[str] = []
    check(params, "", problems)
    if not problems:
        return None
    noun = "validation error" if len(problems) == 1 else "validation errors"
    return f"{len(problems)} {noun} detected: " + "; ".join(problems)
