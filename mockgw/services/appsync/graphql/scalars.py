"""AppSync's scalars as the GraphQL endpoint coerces them (the schema printer and introspection
leave them alone: they see only names and descriptions).

Inputs (literals and variables) are checked against the scalar's form (developer guide,
"Scalar types in AWS AppSync"): ``AWSDate`` ``YYYY-MM-DD``, ``AWSTime`` ``hh:mm[:ss[.sss]]``,
``AWSDateTime`` both joined by ``T`` with a time zone offset or ``Z``, each date or time
optionally with an offset; ``AWSTimestamp`` an integer; ``AWSEmail`` ``local@domain``;
``AWSURL`` ``scheme://...``; ``AWSIPAddress`` an IPv4 or IPv6 address, optionally with a
prefix length; ``AWSJSON`` a string holding JSON, which resolvers receive parsed. Outputs
pass through, except ``AWSJSON``: a value that is not a string is written as its JSON text.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from mockgw.services.appsync.graphql import sdl

_OFFSET = r"(?:Z|[+-]\d{2}:\d{2}(?::\d{2})?)"
_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?"
_FORMS = {
    "AWSDate": re.compile(rf"{_DATE}{_OFFSET}?"),
    "AWSTime": re.compile(rf"{_TIME}{_OFFSET}?"),
    "AWSDateTime": re.compile(rf"{_DATE}T{_TIME}{_OFFSET}"),
    "AWSEmail": re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+"),
    "AWSURL": re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://\S+"),
    "AWSPhone": re.compile(r"\+?[0-9 ().\-]{3,}"),
}


def _string_check(name: str) -> Callable[[Any], Any]:
    form = _FORMS[name]

    def check(value: Any) -> Any:
        if not isinstance(value, str) or not form.fullmatch(value):
            raise TypeError(f"{name} cannot represent {json.dumps(value, default=str)}")
        return value

    return check


def _ip(value: Any) -> Any:
    try:
        ipaddress.ip_network(value, strict=False)
    except (TypeError, ValueError):
        raise TypeError(f"AWSIPAddress cannot represent {json.dumps(value, default=str)}") from None
    return value


def _timestamp(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"AWSTimestamp cannot represent {json.dumps(value, default=str)}")
    return value


def _json_in(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise TypeError(f"AWSJSON cannot represent {json.dumps(value)}: it is not JSON") from None


def _json_out(value: Any) -> Any:
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _literal(parse: Callable[[Any], Any]) -> Callable[..., Any]:
    def parse_literal(node: Any, variables: Any = None) -> Any:
        from graphql import value_from_ast_untyped

        return parse(value_from_ast_untyped(node, variables))

    return parse_literal


def _inputs() -> dict[str, Callable[[Any], Any]]:
    checks: dict[str, Callable[[Any], Any]] = {name: _string_check(name) for name in _FORMS}
    checks.update(AWSIPAddress=_ip, AWSTimestamp=_timestamp, AWSJSON=_json_in)
    return checks


@lru_cache(maxsize=64)
def executable(schema_sdl: str) -> Any:
    """The API's ``GraphQLSchema`` with AppSync's scalars coercing as AppSync does (and
    without ``@defer``, which graphql-core executes only incrementally; AppSync ignores it on
    queries)."""
    from graphql import GraphQLSchema

    built = sdl.build(schema_sdl)
    kwargs = built.to_kwargs()
    kwargs["directives"] = tuple(d for d in built.directives if d.name not in ("defer", "stream"))
    schema = GraphQLSchema(**kwargs)
    for name, parse in _inputs().items():
        scalar: Any = schema.type_map.get(name)
        if scalar is None:
            continue
        # graphql-core 3.2 coerces through parse_value/parse_literal/serialize, 3.3 through
        # coerce_input_value/coerce_output_value (and parse_literal for literals)
        scalar.parse_value = parse
        scalar.coerce_input_value = parse
        scalar.parse_literal = _literal(parse)
        if name == "AWSJSON":
            scalar.serialize = _json_out
            scalar.coerce_output_value = _json_out
    return schema
