"""VTL mapping templates on ``airspeed`` (a Velocity engine for Python), with AppSync's
``$util``, ``$ctx`` / ``$context``.

``airspeed`` keeps Velocity's own rules, which AppSync's templates rely on: a null reference
is false in ``#if`` (``#if($ctx.args.nextToken)``), and a reference that resolves to null
renders as its own text unless it is quiet (``$!x``), which is why templates wrap calls in
``$util.qr(...)``. (``airspeed-ext``, the fork tuned for API Gateway, makes null true in
``#if`` and every reference quiet, which AppSync's templates would not survive.)

What airspeed does not do as AppSync's Velocity does, and how it is bridged here. mockgw runs
its own private copy of the ``airspeed`` module (loaded from the installed package under
another name), so none of this touches ``airspeed`` for anyone else in the process:

- ``#return`` / ``#return($value)`` ends the template and makes ``$value`` (as JSON) its result.
  airspeed has no such directive, so it is rewritten before compiling into a call that keeps
  the value and ``#stop``; ``#stop`` (and so ``#return``) halts evaluation at once, through
  the output stream.
- Java's ``toString`` when a reference renders: ``true``/``false``, ``null``, ``{a=1}``,
  ``[1, 2]`` (airspeed prints Python's ``True`` and ``{'a': 1}``).
- ``#foreach`` stops after 1,000 iterations, the quota both services document for their
  mapping templates (Velocity's ``directive.foreach.maxloops``: the loop ends, the template
  goes on; ``$foreach.hasNext`` still tells whether items were left). Without it one template
  with ``[1..2000000000]`` would hold a backend's lock, or a server's worker, for hours.
- Java methods on maps, lists and strings (``containsKey``, ``isEmpty``, ``toUpperCase``...):
  values from the context are :class:`~mockgw.templates.values.JavaMap` / ``JavaList``; the
  plain ``dict``/``list``/``str`` a template builds get them through the private copy's table
  of extra methods (where airspeed has one already, Java's result wins: ``$list.add(x)`` is
  ``true``, ``$map.put(k, v)`` the previous value).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import threading
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from mockgw.templates.outcome import EngineMissingError, Evaluation, TemplateFailure
from mockgw.templates.values import JavaMap, java_methods, java_string, javaize, plain, to_json
from mockgw.templates.vtl_util import Raised, Run, VtlUtil

_RETURN_VAR = "mockgwReturn"
#: set in a namespace whose null references render as nothing (see :func:`merge`)
_QUIET = "mockgwQuietReferences"
_setup_lock = threading.Lock()


class _Halt(Exception):
    """``#stop`` / ``#return``: evaluation ends here."""


_private: Any = None


def _airspeed() -> Any:
    """mockgw's private copy of the ``airspeed`` module, with AppSync's Java behaviour."""
    global _private
    if _private is not None:
        return _private
    with _setup_lock:
        if _private is None:
            _private = _load_private_copy()
    return _private


def _load_private_copy() -> Any:
    spec = importlib.util.find_spec("airspeed")
    if spec is None or spec.loader is None:
        raise EngineMissingError(
            "VTL templates need the airspeed package: pip install 'airspeed>=0.7.1'"
        )
    private_spec = importlib.util.spec_from_file_location("mockgw.templates._airspeed", spec.origin)
    assert private_spec is not None and private_spec.loader is not None
    module = importlib.util.module_from_spec(private_spec)
    private_spec.loader.exec_module(module)
    table = module.__additional_methods__
    for kind, methods in java_methods().items():
        table.setdefault(kind, {}).update(methods)  # Java's semantics: ``add`` gives true...

    def render_reference(self: Any, stream: Any, namespace: Any, loader: Any) -> None:
        value = None
        if self.expression is not None:
            value = self.expression.calculate(namespace, loader)
        if value is None:
            if self.alternate is not None:
                value = self.alternate.calculate(namespace, loader)
            elif (self.silent or _quiet(namespace)) and self.expression is not None:
                value = ""
            else:
                value = self.my_text()
        stream.write(value if isinstance(value, str) else java_string(value))

    module.FormalReference.evaluate_raw = render_reference
    parse_foreach = module.ForeachDirective.parse

    def parse_capped_foreach(self: Any) -> None:
        parse_foreach(self)
        self.value = _CappedLoop(self.value)

    module.ForeachDirective.parse = parse_capped_foreach
    return module


#: the most iterations one ``#foreach`` makes (AppSync's and API Gateway's quota)
MAX_LOOPS = 1000


class _CappedLoop:
    """A ``#foreach``'s collection expression whose value iterates at most :data:`MAX_LOOPS`
    times (its length stays the collection's, which ``$foreach.hasNext`` reads)."""

    def __init__(self, expression: Any) -> None:
        self._expression = expression

    def calculate(self, namespace: Any, loader: Any) -> Any:
        value = self._expression.calculate(namespace, loader)
        if value is None or isinstance(value, (str, bytes)):
            return value
        if hasattr(value, "keys"):
            value = value.keys()
        try:
            iter(value)
        except TypeError:
            return value  # airspeed reports the value as not iterable
        return _Capped(value)


class _Capped:
    def __init__(self, items: Any) -> None:
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Any:
        return itertools.islice(iter(self._items), MAX_LOOPS)


def _return_rewrite(template: str) -> str:
    """``#return(expr)`` -> ``$mockgwReturn.give(expr)#stop``; bare ``#return`` ->
    ``$mockgwReturn.nothing()#stop``. Parentheses are matched, quotes respected."""
    if "#return" not in template:
        return template
    out = []
    i = 0
    for match in re.finditer(r"#\{?return\}?", template):
        start = match.start()
        if start < i:
            continue
        out.append(template[i:start])
        j = match.end()
        k = j
        while k < len(template) and template[k] in " \t":
            k += 1
        if k < len(template) and template[k] == "(":
            depth, quote, m = 0, "", k
            while m < len(template):
                char = template[m]
                if quote:
                    if char == quote:
                        quote = ""
                elif char in "\"'":
                    quote = char
                elif char == "(":
                    depth += 1
                elif char == ")":
                    depth -= 1
                    if depth == 0:
                        break
                m += 1
            expression = template[k + 1 : m].strip()
            if expression:
                out.append(f"${_RETURN_VAR}.give({expression})#stop")
            else:
                out.append(f"${_RETURN_VAR}.nothing()#stop")
            i = m + 1
        else:
            out.append(f"${_RETURN_VAR}.nothing()#stop")
            i = j
    out.append(template[i:])
    return "".join(out)


@lru_cache(maxsize=256)
def _compiled(template: str) -> Any:
    airspeed = _airspeed()
    compiled = airspeed.Template(_return_rewrite(template))
    compiled.ensure_compiled()
    return compiled


def context_map(context: Mapping[str, Any]) -> JavaMap:
    """``$ctx`` from a plain context dict: every member AppSync defines, ``args`` the same
    map as ``arguments``."""
    ctx = javaize(
        {
            "arguments": context.get("arguments") or {},
            "source": context.get("source"),
            "result": context.get("result"),
            "error": context.get("error"),
            "identity": context.get("identity"),
            "request": context.get("request") or {"headers": {}},
            "info": context.get("info") or {},
            "stash": context.get("stash") or {},
            "prev": context.get("prev") or {},
            "env": context.get("env") or {},
            "outErrors": [],
        }
    )
    ctx["args"] = ctx["arguments"]
    assert isinstance(ctx, JavaMap)
    return ctx


class _Returned:
    """What ``#return`` hands back (see :func:`_return_rewrite`)."""

    def __init__(self) -> None:
        self.done = False
        self.value: Any = None
        self.has_value = False

    def give(self, value: Any = None) -> str:
        self.done, self.has_value, self.value = True, True, value
        return ""

    def nothing(self) -> str:
        self.done = True
        return ""


@lru_cache(maxsize=2)
def _stream_class(airspeed: Any) -> Any:
    """The output stream class, made once per engine module (a class per evaluation costs
    more than rendering a small template)."""

    class _Stream(airspeed.StoppableStream):  # type: ignore[misc]
        """Output whose ``stop`` (set by ``#stop``) halts evaluation on the spot."""

        @property
        def stop(self) -> bool:
            return False

        @stop.setter
        def stop(self, value: bool) -> None:
            if value:
                raise _Halt()

    return _Stream


def evaluate(template: str, context: Mapping[str, Any]) -> Evaluation:
    """Render an AppSync mapping template with ``$ctx``/``$context`` from ``context`` and
    AppSync's ``$util``."""
    run = Run()
    ctx = context_map(context)
    util = VtlUtil(run)
    returned = _Returned()
    namespace: dict[str, Any] = {
        "ctx": ctx,
        "context": ctx,
        "util": util,
        "utils": util,
        _RETURN_VAR: returned,
    }
    outcome = merge(template, namespace)
    if outcome.error is None and returned.done:
        outcome.returned = True
        if not returned.has_value:
            outcome.result = ""
        else:
            value = returned.value
            outcome.result = value if isinstance(value, str) else to_json(value)
    return _finish(outcome, run, ctx)


def merge(template: str, namespace: dict[str, Any], quiet: bool = False) -> Evaluation:
    """Render ``template`` with the variables of ``namespace`` (the engine's core, whatever
    the flavour of ``$util`` and ``$context``). ``quiet``: a reference that resolves to null
    renders as nothing, as if written ``$!x`` (API Gateway's templates), rather than as its own
    text (Velocity's rule, which AppSync keeps). Never raises for the template's own faults:
    they come back as :attr:`Evaluation.error`."""
    airspeed = _airspeed()
    if quiet:
        namespace = {**namespace, _QUIET: True}
    outcome = Evaluation(result=None)
    try:
        compiled = _compiled(template)
    except airspeed.TemplateSyntaxError as error:
        outcome.error = TemplateFailure(
            message=str(error), line=error.line, column=error.column, syntax=True
        )
        return outcome
    stream = _stream_class(airspeed)()
    try:
        compiled.merge_to(namespace, stream)
        outcome.result = stream.getvalue()
    except Exception as error:  # the template's own failure: report it, never raise
        cause = _root_cause(error)
        if isinstance(cause, _Halt):
            outcome.result = stream.getvalue()
        elif isinstance(cause, Raised):
            outcome.error = cause.failure
        else:
            outcome.error = TemplateFailure(message=_describe(cause))
    return outcome


def _quiet(namespace: Any) -> bool:
    try:
        return bool(namespace[_QUIET])
    except KeyError:
        return False


def _root_cause(error: BaseException) -> BaseException:
    seen = 0
    while error.__cause__ is not None and seen < 50:
        error = error.__cause__
        seen += 1
    return error


def _describe(error: BaseException) -> str:
    text = str(error) or error.__class__.__name__
    return text


def _finish(outcome: Evaluation, run: Run, ctx: JavaMap) -> Evaluation:
    outcome.logs = list(run.logs)
    outcome.out_errors = list(run.out_errors)
    stash = plain(ctx.get("stash"))
    outcome.stash = stash if isinstance(stash, dict) else {}
    return outcome


def dumps(value: Any) -> str:
    """JSON as AppSync's evaluation answers write it (compact)."""
    return json.dumps(value, separators=(",", ":"))
