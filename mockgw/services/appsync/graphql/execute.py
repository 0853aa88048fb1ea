"""Running a GraphQL request against an AppSync schema, on graphql-core, with AppSync's result
shape. What resolves each field is the caller's (``resolve``): this module parses, validates
and executes, and words the errors as AppSync does.

The answer is ``{"data": ..., "errors": [...]}`` (``errors`` only when there are some), each
error in AppSync's member order:

- raised by a resolver (``$util.error``, ``util.error``, an auth denial, a data source):
  ``{"path", "data", "errorType", "errorInfo", "locations", "message"}`` (the AppSync developer
  guide's pipeline resolver tutorial; ``locations`` items carry ``"sourceName": null``);
- a null in a non-null position: ``{"path", "locations": null, "message": "Cannot return null
  for non-nullable type: 'ID' within parent 'Post' (/getPost/id)"}`` (graphql-java's text, as
  AppSync answers it: recorded in public client code; list items print as ``/list[0]/id``);
- a value the field's type cannot hold: ``{"path", "locations": null, "message": "Can't
  serialize value (/path) : <reason>"}`` (graphql-java's text; mockgw's reason);
- validation (see :mod:`.validation`): ``{"path": null, "locations", "message"}``, data null;
- variables that do not fit their types, an unknown or missing operation name: ``{"path":
  null, "locations": null, "message"}`` with graphql-java's ``Variable 'x' has an invalid
  value: ...``-style text (mockgw's wording of graphql-core's reason), data null.

A subscription is answered with one error saying mockgw does not serve them (AppSync serves
them over WebSocket; mockgw's text). A query that cannot be parsed at all is the caller's to
refuse (:class:`Unparsable`): AppSync answers 400 ``Unable to parse GraphQL query.``. Parsed
and validated documents are cached per schema text and query text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from mockgw.services.appsync.graphql import validation
from mockgw.services.appsync.graphql.scalars import executable

SUBSCRIPTIONS = (
    "Subscriptions are served over the API's REALTIME WebSocket endpoint, which mockgw does "
    "not serve."
)


class Unparsable(ValueError):
    """The query is not GraphQL."""


class FieldError(Exception):
    """An error entry for the field being resolved; the field is null."""

    def __init__(
        self,
        message: str,
        error_type: str | None = None,
        data: Any = None,
        error_info: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.error_type = error_type
        self.data = data
        self.error_info = error_info


@dataclass
class FieldCall:
    """One field to resolve, as a resolver sees it."""

    parent_type: str
    field_name: str
    source: Any
    arguments: dict[str, Any]
    variables: dict[str, Any]
    info: Any  # graphql-core's GraphQLResolveInfo
    #: errors the resolver appends without failing (``appendError``): AppSync entries
    appended: list[dict[str, Any]] = field(default_factory=list)

    @property
    def path(self) -> list[Any]:
        return list(self.info.path.as_list())

    @property
    def locations(self) -> list[dict[str, Any]]:
        out = []
        for node in self.info.field_nodes[:1]:
            if node.loc is not None:
                where = node.loc.source.get_location(node.loc.start)
                out.append({"line": where.line, "column": where.column, "sourceName": None})
        return out

    def entry(
        self, message: str, error_type: Any = None, data: Any = None, error_info: Any = None
    ) -> dict[str, Any]:
        return {
            "path": self.path,
            "data": data,
            "errorType": error_type,
            "errorInfo": error_info,
            "locations": self.locations,
            "message": message,
        }

    def selection_list(self) -> list[str]:
        """``$ctx.info.selectionSetList``: the selected fields, nested ones as ``a/b``."""
        out: list[str] = []
        for node in self.info.field_nodes:
            _selection(node.selection_set, self.info.fragments, "", out, set())
        return list(dict.fromkeys(out))

    def selection_graphql(self) -> str:
        from graphql import print_ast

        node = self.info.field_nodes[0]
        return str(print_ast(node.selection_set)) if node.selection_set is not None else ""


def _selection(
    selection_set: Any, fragments: Any, prefix: str, out: list[str], seen: set[str]
) -> None:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        kind = selection.kind
        if kind == "field":
            name = selection.name.value
            if name.startswith("__"):
                continue
            out.append(prefix + name)
            _selection(selection.selection_set, fragments, f"{prefix}{name}/", out, seen)
        elif kind == "inline_fragment":
            _selection(selection.selection_set, fragments, prefix, out, seen)
        elif kind == "fragment_spread" and selection.name.value not in seen:
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                _selection(
                    fragment.selection_set, fragments, prefix, out, seen | {selection.name.value}
                )


Resolve = Callable[[FieldCall], Any]


@dataclass(frozen=True)
class Prepared:
    schema: Any
    document: Any
    #: AppSync's entries for a document that does not validate (None: it does)
    invalid: list[dict[str, Any]] | None


def _graphql() -> Any:
    import graphql

    return graphql


@lru_cache(maxsize=512)
def prepare(schema_sdl: str, query: str, introspection: bool = True) -> Prepared:
    """The parsed, validated query, or :class:`Unparsable`."""
    graphql = _graphql()
    schema = executable(schema_sdl)
    try:
        document = graphql.parse(query)
    except graphql.GraphQLError:
        raise Unparsable(query) from None
    rules = list(graphql.specified_rules)
    if not introspection:
        from graphql.validation import NoSchemaIntrospectionCustomRule

        rules.append(NoSchemaIntrospectionCustomRule)
    errors = graphql.validate(schema, document, rules)
    invalid = validation.appsync_errors(schema, document, errors) if errors else None
    return Prepared(schema, document, invalid)


def execute(
    prepared: Prepared,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    resolve: Resolve,
) -> dict[str, Any]:
    """The response body of one request."""
    if prepared.invalid is not None:
        return {"data": None, "errors": [dict(e) for e in prepared.invalid]}
    graphql = _graphql()
    operation = graphql.get_operation_ast(prepared.document, operation_name)
    if operation is not None and operation.operation.value == "subscription":
        return {
            "data": None,
            "errors": [{"path": None, "locations": None, "message": SUBSCRIPTIONS}],
        }
    appended: list[dict[str, Any]] = []
    faults: list[BaseException] = []

    def field_resolver(source: Any, info: Any, **arguments: Any) -> Any:
        call = FieldCall(
            info.parent_type.name,
            info.field_name,
            source,
            arguments,
            variables or {},
            info,
            appended,
        )
        try:
            return resolve(call)
        except FieldError:
            raise
        except Exception as fault:  # mockgw's own, or a missing engine: never an AWS answer
            faults.append(fault)
            raise FieldError("mockgw could not resolve the field") from fault

    result = graphql.execute(
        prepared.schema,
        prepared.document,
        variable_values=variables or {},
        operation_name=operation_name,
        field_resolver=field_resolver,
    )
    if faults:
        raise faults[0]
    body: dict[str, Any] = {"data": result.data}
    errors = [_entry(prepared.schema, e) for e in result.errors or ()]
    errors += appended
    if errors:
        body["errors"] = errors
    return body


_NON_NULL = re.compile(r"Cannot return null for non-nullable field (?P<t>[^.]+)\.(?P<f>[^.]+)\.")


def slash_path(path: list[Any]) -> str:
    """``['a', 0, 'b']`` as graphql-java prints it: ``/a[0]/b``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f"/{p}" for p in path)


def _named_type(schema: Any, type_name: str, field_name: str) -> str:
    found = schema.get_type(type_name)
    field_def = getattr(found, "fields", {}).get(field_name) if found is not None else None
    of_type: Any = getattr(field_def, "type", None)
    while hasattr(of_type, "of_type"):
        of_type = of_type.of_type
    return str(getattr(of_type, "name", field_name))


def _entry(schema: Any, error: Any) -> dict[str, Any]:
    original = error.original_error
    if isinstance(original, FieldError):
        locations = validation.location(error)
        return {
            "path": list(error.path or ()),
            "data": original.data,
            "errorType": original.error_type,
            "errorInfo": original.error_info,
            "locations": locations,
            "message": original.message,
        }
    path = list(error.path) if error.path else None
    found = _NON_NULL.match(error.message)
    if found is not None and path is not None:
        named = _named_type(schema, found["t"], found["f"])
        message = (
            f"Cannot return null for non-nullable type: '{named}' within parent "
            f"'{found['t']}' ({slash_path(path)})"
        )
        return {"path": path, "locations": None, "message": message}
    if path is not None:
        message = f"Can't serialize value ({slash_path(path)}) : {error.message}"
        return {"path": path, "locations": None, "message": message}
    return {"path": None, "locations": None, "message": _request_message(error.message)}


_VARIABLE = re.compile(r"Variable '\$(?P<v>[^']+)' (?:has|got) invalid value: (?P<why>.*)", re.S)


def _request_message(message: str) -> str:
    found = _VARIABLE.match(message)
    if found is not None:
        return f"Variable '{found['v']}' has an invalid value: {found['why']}"
    return message
