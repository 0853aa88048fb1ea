"""Which authorization modes may read each field, as AppSync's auth directives decide.

AppSync's rules (developer guide, "Configuring authorization and authentication"):

- A field with no auth directive of its own takes its type's directives; a type with none is
  readable with the API's default mode only.
- Directives on a type or field *replace* the default: ``type Post @aws_api_key`` is readable
  with an API key and nothing else, even when the default mode is AWS_IAM.
- ``@aws_api_key`` -> API_KEY, ``@aws_iam`` -> AWS_IAM, ``@aws_oidc`` -> OPENID_CONNECT,
  ``@aws_lambda`` -> AWS_LAMBDA, ``@aws_cognito_user_pools(cognito_groups: [...])`` and
  ``@aws_auth(cognito_groups: [...])`` -> AMAZON_COGNITO_USER_POOLS, limited to those groups
  when groups are given.

A field a caller may not read resolves to null with AppSync's error entry, ``Not Authorized to
access <field> on type <Type>`` (errorType ``Unauthorized``; the AppSync developer guide's
pipeline resolver tutorial shows the whole entry).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mockgw.services.appsync.graphql import sdl

DIRECTIVE_MODES = {
    "aws_api_key": "API_KEY",
    "aws_iam": "AWS_IAM",
    "aws_oidc": "OPENID_CONNECT",
    "aws_lambda": "AWS_LAMBDA",
    "aws_cognito_user_pools": "AMAZON_COGNITO_USER_POOLS",
    "aws_auth": "AMAZON_COGNITO_USER_POOLS",
}
COGNITO = "AMAZON_COGNITO_USER_POOLS"


@dataclass(frozen=True)
class Rule:
    """The modes that may read a field; None: the API's default mode only. ``groups``: the
    Cognito groups a user must be in (empty: any user of the pool)."""

    modes: frozenset[str] | None
    groups: tuple[str, ...] = ()

    def allows(self, mode: str, groups: tuple[str, ...], default_mode: str) -> bool:
        if self.modes is None:
            return mode == default_mode
        if mode not in self.modes:
            return False
        if mode == COGNITO and self.groups:
            return bool(set(groups) & set(self.groups))
        return True


DEFAULT = Rule(None)


def _directive_rule(directives: Any) -> Rule | None:
    modes: set[str] = set()
    groups: list[str] = []
    for directive in directives or ():
        mode = DIRECTIVE_MODES.get(directive.name.value)
        if mode is None:
            continue
        modes.add(mode)
        for argument in directive.arguments or ():
            if argument.name.value == "cognito_groups":
                values = getattr(argument.value, "values", None) or [argument.value]
                groups.extend(str(getattr(v, "value", "")) for v in values)
    if not modes:
        return None
    return Rule(frozenset(modes), tuple(groups))


@lru_cache(maxsize=64)
def rules(schema_sdl: str) -> dict[tuple[str, str], Rule]:
    """``(type, field) -> Rule`` for every field whose rule is not the default."""
    out: dict[tuple[str, str], Rule] = {}
    for name, definition in sdl.merged_definitions(schema_sdl).items():
        fields = getattr(definition, "fields", None)
        if not fields or type(definition).__name__.startswith("InputObject"):
            continue
        type_rule = _directive_rule(definition.directives)
        for field in fields:
            rule = _directive_rule(field.directives) or type_rule
            if rule is not None:
                out[(name, field.name.value)] = rule
    return out


def rule_for(schema_sdl: str, type_name: str, field_name: str) -> Rule:
    return rules(schema_sdl).get((type_name, field_name), DEFAULT)


def denial(type_name: str, field_name: str) -> str:
    return f"Not Authorized to access {field_name} on type {type_name}"
