"""``APPSYNC_JS`` code on V8, through ``mini-racer`` (the optional ``appsync-js`` extra).

AppSync's code is an ES module (``import { util } from '@aws-appsync/utils'``,
``export function request(ctx) {...}``). mini-racer runs scripts, so the module is turned into
a strict-mode function body first: ``import ... from 'x'`` becomes a ``const`` bound to the
module ``x`` (``@aws-appsync/utils`` is provided; any other module fails with ``Cannot find
module``), and ``export`` is dropped from declarations (``export { a as request }`` binds the
name). The function asked for is then called with the context; its result, the stash, the
logs (``console.log``/``console.error``) and the appended errors come back as JSON.

``util`` implements: ``autoId``, ``autoUlid``, ``autoKsuid``, ``error``, ``appendError``,
``unauthorized``, ``isNull``, ``isNullOrEmpty``, ``isNullOrBlank``, ``defaultIfNull``,
``defaultIfNullOrEmpty``, ``defaultIfNullOrBlank``, ``isString``, ``isNumber``,
``isBoolean``, ``isList``, ``isMap``, ``typeOf``, ``matches``, ``urlEncode``, ``urlDecode``,
``base64Encode``, ``base64Decode``, ``escapeJavaScript``; ``util.time``: ``nowISO8601``,
``nowEpochSeconds``, ``nowEpochMilliSeconds``, ``nowFormatted``,
``parseISO8601ToEpochMilliSeconds``, ``epochMilliSecondsToSeconds``,
``epochMilliSecondsToISO8601``, ``epochMilliSecondsToFormatted``; ``util.str``: ``toUpper``,
``toLower``, ``toReplace``, ``normalize``; ``util.math``: ``roundNum``, ``minVal``,
``maxVal``, ``randomDouble``, ``randomWithinRange``; ``util.dynamodb``: ``toDynamoDB``,
``toMapValues``, ``toString``, ``toStringSet``, ``toNumber``, ``toNumberSet``, ``toBinary``,
``toBinarySet``, ``toBoolean``, ``toNull``, ``toList``, ``toMap``, ``toS3Object``,
``fromS3ObjectJson``; and ``runtime.earlyReturn``. Not implemented: the
``@aws-appsync/utils/dynamodb`` and ``/rds`` helper modules, ``util.transform``,
``util.http``, ``extensions``, and AppSync's linter (code AppSync would refuse for using an
unsupported feature, such as ``try``/``catch`` or ``while``, runs here).

One V8 context per thread is kept and reused; each evaluation runs in its own function scope
in strict mode, with its own ``util`` state. Code that runs longer than :data:`TIMEOUT_SECONDS`
(an endless loop) is stopped and fails with ``ExecutionTimeout`` ``Execution timed out.``
(mockgw's text and bound: AppSync ends a request after 30 seconds; its answer for code that
runs away is not recorded), so one evaluation cannot hold a backend or a server worker.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import re
import threading
from collections.abc import Mapping
from typing import Any

from mockgw import clock, ids
from mockgw.templates.appsync_js_runtime import RUNTIME
from mockgw.templates.outcome import EngineMissingError, Evaluation, TemplateFailure

EXTRA = "appsync-js"
#: how long one evaluation may run before V8 stops it
TIMEOUT_SECONDS = 10.0
_local = threading.local()
_opened: list[Any] = []
_opened_lock = threading.Lock()


def _close_all() -> None:
    """Close every V8 context at exit: an open one keeps the interpreter from ending."""
    with _opened_lock:
        while _opened:
            with contextlib.suppress(Exception):
                _opened.pop().close()


_IMPORT = re.compile(
    r"""\bimport\s+(?P<what>[\w$*{}\s,]+?)\s+from\s+(?P<q>['"])(?P<module>[^'"]+)(?P=q)\s*;?""",
    re.S,
)
_SIDE_IMPORT = re.compile(r"""\bimport\s+(?P<q>['"])(?P<module>[^'"]+)(?P=q)\s*;?""")
_EXPORT_LIST = re.compile(r"\bexport\s*\{(?P<names>[^}]*)\}\s*;?")
_EXPORT_DEFAULT = re.compile(r"\bexport\s+default\s+")
_EXPORT_DECL = re.compile(r"\bexport\s+(?=(?:async\s+)?function\b|const\b|let\b|var\b|class\b)")


def _racer() -> Any:
    context = getattr(_local, "context", None)
    if context is None:
        try:
            from py_mini_racer import MiniRacer
        except ImportError:
            raise EngineMissingError(
                "APPSYNC_JS code needs the mini-racer package (an embedded V8): "
                f"pip install 'mockgw[{EXTRA}]'"
            ) from None
        context = MiniRacer()
        context.eval(RUNTIME)
        with _opened_lock:
            if not _opened:
                atexit.register(_close_all)
            _opened.append(context)
        _local.context = context
    return context


def _import_binding(what: str, module: str) -> str:
    source = f"require({json.dumps(module)})"
    what = " ".join(what.split())
    parts: list[str] = []
    default, _, rest = what.partition(",") if not what.startswith(("{", "*")) else ("", "", what)
    if default.strip():
        parts.append(f"const {default.strip()} = {source}.default;")
    rest = rest.strip()
    if rest.startswith("*"):
        name = rest.split(" as ", 1)[1].strip()
        parts.append(f"const {name} = {source};")
    elif rest.startswith("{"):
        names = []
        for item in rest.strip("{} ").split(","):
            item = item.strip()
            if not item:
                continue
            if " as " in item:
                original, alias = (p.strip() for p in item.split(" as ", 1))
                names.append(f"{original}: {alias}")
            else:
                names.append(item)
        parts.append(f"const {{ {', '.join(names)} }} = {source};")
    return " ".join(parts)


def module_to_body(code: str) -> str:
    """The module as a function body (see the module docstring). Line numbers are kept."""

    def keep_lines(original: str, replacement: str) -> str:
        return replacement + "\n" * original.count("\n")

    code = _IMPORT.sub(
        lambda m: keep_lines(m.group(0), _import_binding(m.group("what"), m.group("module"))),
        code,
    )
    code = _SIDE_IMPORT.sub(
        lambda m: keep_lines(m.group(0), f"require({json.dumps(m.group('module'))});"), code
    )

    def export_list(match: re.Match[str]) -> str:
        bindings = []
        for item in match.group("names").split(","):
            item = item.strip()
            if " as " in item:
                original, alias = (p.strip() for p in item.split(" as ", 1))
                if alias != original:
                    bindings.append(f"const {alias} = {original};")
        return keep_lines(match.group(0), " ".join(bindings))

    code = _EXPORT_LIST.sub(export_list, code)
    code = _EXPORT_DEFAULT.sub("const __default = ", code)
    return _EXPORT_DECL.sub("", code)


def evaluate(code: str, context: Mapping[str, Any], function: str = "request") -> Evaluation:
    racer = _racer()
    from py_mini_racer import JSEvalException, JSParseException, JSTimeoutException

    context_data = {
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
    }
    seed = ids.random_bits(128)
    words = [(seed >> (32 * i)) & 0xFFFFFFFF for i in range(4)]
    now = int(clock.now() * 1000)
    prefix = (
        '(function (__run) { "use strict"; const console = __run.console; '
        "const require = __run.require; "
    )
    script = (
        prefix
        + module_to_body(code)
        + "\n;return __run.invoke({request: typeof request === 'function' ? request : undefined,"
        + " response: typeof response === 'function' ? response : undefined}, "
        + json.dumps(function)
        + ");\n})(__mockgw.newRun("
        + f"{now}, {json.dumps(words)}, {json.dumps(context_data)}))"
    )
    try:
        raw = racer.eval(script, timeout_sec=TIMEOUT_SECONDS)
    except JSTimeoutException:
        return Evaluation(
            result=None,
            error=TemplateFailure(message="Execution timed out.", error_type="ExecutionTimeout"),
        )
    except JSParseException as error:
        return Evaluation(result=None, error=_parse_failure(str(error), len(prefix)))
    except JSEvalException as error:  # thrown before the function ran (a missing module)
        failure = _parse_failure(str(error), len(prefix))
        failure.syntax, failure.line, failure.column = False, None, None
        failure.message = re.sub(r"^(?:\w*Error: )", "", failure.message)
        return Evaluation(result=None, error=failure)
    answer = json.loads(raw)
    outcome = Evaluation(
        result=None,
        logs=[str(line) for line in answer.get("logs") or []],
        out_errors=list(answer.get("outErrors") or []),
        stash=answer.get("stash") if isinstance(answer.get("stash"), dict) else {},
        returned=bool(answer.get("returned")),
    )
    failure = answer.get("failure")
    if failure is not None:
        outcome.error = TemplateFailure(
            message=str(failure.get("message")),
            error_type=failure.get("errorType"),
            data=failure.get("data"),
            error_info=failure.get("errorInfo"),
            deliberate=not failure.get("runtime"),
        )
    else:
        outcome.result = json.dumps(answer.get("result"), separators=(",", ":"))
    return outcome


_LOCATION = re.compile(r"<anonymous>:(\d+)(?::(\d+))?")


def _parse_failure(text: str, prefix_length: int) -> TemplateFailure:
    """A script V8 could not compile (or that threw outside the function): the message
    without V8's stack, with the line and column in the code as the user wrote it."""
    lines = [line for line in text.splitlines() if line.strip()]
    message = next(
        (line.strip() for line in lines if "Error" in line), lines[-1] if lines else text
    )
    location = _LOCATION.search(text)
    line = column = None
    if location:
        line = int(location.group(1))
        column = int(location.group(2)) if location.group(2) else 0
        if line == 1 and column:
            column = max(column - prefix_length, 0)
    message = re.sub(r"^(?:<anonymous>:\d+(?::\d+)?: )?(?:SyntaxError: )?", "", message)
    return TemplateFailure(message=message, line=line, column=column, syntax=True)
