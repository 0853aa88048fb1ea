"""API Gateway's mapping templates: VTL with ``$input``, ``$util``, ``$context`` and
``$stageVariables``, as the developer guide's "Variables for data transformations" lists them.

The same Velocity engine as AppSync's templates (:mod:`mockgw.templates.vtl`), with API
Gateway's variables:

- ``$input.body`` (the payload as text), ``$input.json(x)`` (a JSONPath expression's value as
  JSON text), ``$input.path(x)`` (the value itself, whose Java methods a template can call:
  ``$input.path('$.items').size()``), ``$input.params()`` (every request parameter:
  ``{"path": {...}, "querystring": {...}, "header": {...}}``) and ``$input.params(x)`` (the
  parameter of that name from the path, else the query string, else the headers, whose names
  match in any case; an empty string when there is none).
- ``$util``: ``escapeJavaScript``, ``parseJson``, ``urlEncode``, ``urlDecode``,
  ``base64Encode``, ``base64Decode`` (nothing else: AppSync's ``$util`` is not API Gateway's).
- ``$context``: the call's variables, nested as the guide writes them
  (``$context.identity.apiKey``, ``$context.authorizer.principalId``), with
  ``responseOverride.status`` and ``responseOverride.header`` for a response template to set.
- ``$stageVariables``: the stage's variables.

JSONPath is the subset API Gateway's templates use: ``$``, ``.name``, ``['name']``, ``[n]``
and ``[*]``. An empty payload reads as ``{}``; a payload that is not JSON reads as its text for
``$`` and as nothing for any deeper path. A reference that resolves to nothing renders as
nothing (API Gateway renders ``"$input.path('$.missing')"`` as ``""``), which is how this
flavour differs from AppSync's, where Velocity prints the reference's own text.

Not as on AWS: names in references follow airspeed's rule (letters, digits and ``_``), where
API Gateway's Velocity 1.7 also allows ``-``; so a header with a hyphen is overridden with
``#set($ignored = $context.responseOverride.header.put("X-Name", value))`` rather than by
``#set`` on the reference. Overriding the same value twice is not refused (AWS answers 5XX).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from mockgw.templates import vtl
from mockgw.templates.outcome import Evaluation
from mockgw.templates.values import JavaMap, javaize, to_json
from mockgw.templates.vtl_util import Run, VtlUtil

__all__ = ["render"]

_STEP = re.compile(r"""\.([^.\[\]]+)|\[\s*(?:(\*)|(-?\d+)|'([^']*)'|"([^"]*)")\s*\]""")
_MISSING = object()


def render(
    template: str,
    *,
    body: bytes | str,
    params: Mapping[str, Mapping[str, str]],
    context: Mapping[str, Any],
    stage_variables: Mapping[str, str],
) -> tuple[Evaluation, JavaMap]:
    """Render an API Gateway mapping template; gives the evaluation and the ``$context`` map
    as the template left it (its ``responseOverride`` for a response template).

    ``params``: the method request's ``path``, ``querystring`` and ``header`` parameters;
    ``context``: the ``$context`` variables by their dotted names (``identity.apiKey``)."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    context_map = _nest(context)
    context_map.setdefault("responseOverride", JavaMap({"header": JavaMap()}))
    namespace: dict[str, Any] = {
        "input": _Input(text, params),
        "util": _Util(),
        "context": context_map,
        "stageVariables": javaize(dict(stage_variables)),
    }
    return vtl.merge(template, namespace, quiet=True), context_map


def _nest(flat: Mapping[str, Any]) -> JavaMap:
    nested = JavaMap()
    for name, value in flat.items():
        *parents, last = name.split(".")
        where = nested
        for part in parents:
            inner = where.get(part)
            if not isinstance(inner, JavaMap):
                inner = where[part] = JavaMap()
            where = inner
        where[last] = javaize(value)
    return nested


class _Input:
    """``$input`` of one call."""

    def __init__(self, body: str, params: Mapping[str, Mapping[str, str]]) -> None:
        self.body = body
        self._params = params
        self._document: Any = _MISSING

    def _parsed(self) -> Any:
        if self._document is _MISSING:
            if not self.body.strip():
                self._document = {}
            else:
                try:
                    self._document = json.loads(self.body)
                except ValueError:
                    self._document = self.body
        return self._document

    def json(self, path: str = "$") -> str:
        found = _select(self._parsed(), str(path), self.body)
        return "" if found is None else to_json(found)

    def path(self, path: str = "$") -> Any:
        return javaize(_select(self._parsed(), str(path), self.body))

    def params(self, name: Any = None) -> Any:
        if name is None:
            return javaize({kind: dict(self._params.get(kind, {})) for kind in _KINDS})
        name = str(name)
        for kind in _KINDS:
            found = self._params.get(kind, {})
            value = found.get(name)
            if value is None and kind == "header":  # header names are not case-sensitive
                wanted = name.lower()
                value = next((v for k, v in found.items() if k.lower() == wanted), None)
            if value is not None:
                return value
        return ""


_KINDS = ("path", "querystring", "header")


def _select(document: Any, path: str, raw: str) -> Any:
    """The value of JSONPath ``path`` in ``document`` (None when there is none)."""
    path = path.strip()
    if not path.startswith("$"):
        return None
    rest = path[1:]
    if not rest:
        return document
    if isinstance(document, str) and document == raw:
        return None  # a payload that is not JSON has nothing below ``$``
    values, wildcard = [document], False
    position = 0
    while position < len(rest):
        step = _STEP.match(rest, position)
        if step is None:
            return None
        position = step.end()
        name = step.group(1) or step.group(4) or step.group(5)
        chosen: list[Any] = []
        for value in values:
            if step.group(2):  # [*]
                wildcard = True
                if isinstance(value, list):
                    chosen.extend(value)
                elif isinstance(value, dict):
                    chosen.extend(value.values())
            elif step.group(3) is not None:
                index = int(step.group(3))
                if isinstance(value, list) and -len(value) <= index < len(value):
                    chosen.append(value[index])
            elif isinstance(value, dict) and name in value:
                chosen.append(value[name])
        values = chosen
    if wildcard:
        return values
    return values[0] if values else None


class _Util:
    """``$util`` of API Gateway's templates: the six functions the guide lists, the same
    functions AppSync's ``$util`` has under those names. Given nothing (a missing parameter),
    each gives nothing rather than failing, as API Gateway's do."""

    def __init__(self) -> None:
        self._util = VtlUtil(Run())

    def escapeJavaScript(self, text: Any) -> str:
        return "" if text is None else self._util.escapeJavaScript(text)

    def parseJson(self, text: Any) -> Any:
        return None if text is None else self._util.parseJson(text)

    def urlEncode(self, text: Any) -> str:
        return "" if text is None else self._util.urlEncode(text)

    def urlDecode(self, text: Any) -> str:
        return "" if text is None else self._util.urlDecode(text)

    def base64Encode(self, text: Any) -> str:
        return "" if text is None else self._util.base64Encode(text)

    def base64Decode(self, text: Any) -> str:
        return "" if text is None else self._util.base64Decode(text)
