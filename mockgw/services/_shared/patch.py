"""The patch-operation engine every ``Update*`` operation uses.

API Gateway's updates take ``patchOperations``: ``{op, path, value, from}`` items in JSON-Patch
style. An operation is answered by a :class:`PatchTable`: an ordered list of :class:`Rule`
objects, each a path pattern, the ops it accepts and the function that applies it to a draft;
and AWS's texts for what it refuses, as data. Adding an ``Update*`` operation means writing its
table. The engine:

1. refuses an op the table does not know (``known_ops``) with ``unknown_op``;
2. applies the first rule whose pattern matches the path and that accepts the op;
3. when a rule matches the path but not the op, answers that rule's (or the table's)
   ``wrong_op`` text, or ``unknown_path`` when there is none;
4. answers ``unknown_path`` when no rule matches the path.

Patterns are literal segments and captures: ``{name}`` takes one segment, ``{name+}`` one or
more (slashes included), ``{name*}`` zero or more, ``{name:regex}`` what the regular expression
matches. Captures are passed raw (AWS's paths keep JSON-Pointer escapes in some places and not
in others); :func:`unescape` is the one place that undoes ``~1`` and ``~0``.

Updates patch a draft and commit last (:func:`draft`, :func:`commit`), so a failed operation
changes nothing.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from mockgw import errors
from mockgw.errors import ServiceError

T = TypeVar("T")

OPS = ("add", "remove", "replace", "move", "copy", "test")
#: The ops most of API Gateway's updates take.
ADD_REMOVE_REPLACE = ("add", "remove", "replace")

# AWS's texts for refused patch operations (several forms: each operation answers its own).
UNKNOWN_OP_LISTED = "Invalid patch operation specified. Must be one of: [add, remove, replace]"
UNKNOWN_OP_PIPES = "Invalid patch operation specified. Must be 'add'|'remove'|'replace'"
ONLY_REPLACE = "Invalid patch operation specified. Must be one of: [replace]"


def invalid_path_listed(op: str, path: str, allowed: Iterable[str]) -> ServiceError:
    """``Invalid patch path  '<path>' specified for op '<op>'. Must be one of: [...]`` (two
    spaces after "path", as recorded against AWS)."""
    return errors.bad_request(
        f"Invalid patch path  '{path}' specified for op '{op}'. "
        f"Must be one of: [{', '.join(allowed)}]"
    )


def choose_supported(op: str, path: str) -> ServiceError:
    """``Invalid patch path  '<path>' specified for op '<op>'. Please choose supported
    operations``: the newer APIs' answer to an op their table does not take (recorded)."""
    return errors.bad_request(
        f"Invalid patch path  '{path}' specified for op '{op}'. Please choose supported operations"
    )


def unescape(text: str) -> str:
    """JSON-Pointer escapes in a patch path: ``~1`` is ``/`` and ``~0`` is ``~``."""
    return text.replace("~1", "/").replace("~0", "~")


@dataclass(frozen=True)
class Change:
    """One patch operation, as a rule's function receives it."""

    op: str
    path: str
    value: str | None
    from_path: str | None
    #: the pattern's captures, raw
    args: Mapping[str, str]
    table: PatchTable
    #: what the handler passed to :meth:`PatchTable.apply` (the live record, the state...)
    context: Any = None

    def invalid_path(self) -> ServiceError:
        """The table's answer for a path it does not take: for a rule that matched the
        pattern but finds the path's content invalid."""
        return self.table.unknown_path(self.op, self.path)


Apply = Callable[[Any, Change], None]


@dataclass(frozen=True)
class Rule:
    ops: tuple[str, ...]
    path: str
    apply: Apply
    #: how AWS lists this path in its errors (default: the pattern)
    shown: str | None = None
    #: the error when the path matches but the op is not one of ``ops`` (default: the table's)
    wrong_op: Callable[[str, str], ServiceError] | None = None
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_regex", _compile(self.path))

    def match(self, path: str) -> dict[str, str] | None:
        found = self._regex.fullmatch(path)
        return None if found is None else found.groupdict()


_CAPTURE = re.compile(r"\{(\w+)(\+|\*|:[^}]+)?\}")


def _compile(pattern: str) -> re.Pattern[str]:
    out, end = [], 0
    for found in _CAPTURE.finditer(pattern):
        out.append(re.escape(pattern[end : found.start()]))
        name, kind = found.group(1), found.group(2) or ""
        body = {"": "[^/]+", "+": ".+", "*": ".*"}.get(kind) or kind[1:]
        out.append(f"(?P<{name}>{body})")
        end = found.end()
    out.append(re.escape(pattern[end:]))
    return re.compile("".join(out))


def _listed_unknown_path(table: PatchTable, op: str, path: str) -> ServiceError:
    return invalid_path_listed(op, path, table.allowed(op))


class PatchTable:
    """The paths one ``Update*`` operation takes, and AWS's answers for the rest."""

    def __init__(
        self,
        *rules: Rule,
        known_ops: tuple[str, ...] = ADD_REMOVE_REPLACE,
        unknown_op: Callable[[str, str], ServiceError] | str = UNKNOWN_OP_LISTED,
        unknown_path: Callable[[PatchTable, str, str], ServiceError] = _listed_unknown_path,
        wrong_op: Callable[[str, str], ServiceError] | None = None,
        listed: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.rules = rules
        self.known_ops = known_ops
        self._unknown_op = unknown_op
        self._unknown_path = unknown_path
        self._wrong_op = wrong_op
        self._listed = dict(listed or {})

    def allowed(self, op: str) -> tuple[str, ...]:
        """The paths AWS lists for ``op`` in its error (``listed``, else every rule's)."""
        listed = self._listed.get(op)
        if listed is not None:
            return listed
        return tuple(rule.shown or rule.path for rule in self.rules if op in rule.ops)

    def unknown_op(self, op: str, path: str) -> ServiceError:
        if isinstance(self._unknown_op, str):
            return errors.bad_request(self._unknown_op)
        return self._unknown_op(op, path)

    def unknown_path(self, op: str, path: str) -> ServiceError:
        return self._unknown_path(self, op, path)

    def apply(
        self, target: Any, operations: Iterable[Mapping[str, Any]] | None, context: Any = None
    ) -> None:
        """Apply every operation, in order, to ``target`` (a draft)."""
        for operation in operations or ():
            self.apply_one(target, operation, context)

    def apply_one(self, target: Any, operation: Mapping[str, Any], context: Any = None) -> None:
        op = operation.get("op") or ""
        path = operation.get("path") or ""
        if op not in self.known_ops:
            raise self.unknown_op(op, path)
        path_matched: Rule | None = None
        for rule in self.rules:
            args = rule.match(path)
            if args is None:
                continue
            if op in rule.ops:
                change = Change(
                    op, path, operation.get("value"), operation.get("from"), args, self, context
                )
                rule.apply(target, change)
                return
            if path_matched is None:
                path_matched = rule
        if path_matched is not None:
            wrong_op = path_matched.wrong_op or self._wrong_op
            if wrong_op is not None:
                raise wrong_op(op, path)
        raise self.unknown_path(op, path)


def draft(record: T, *fields: str) -> T:
    """A copy of a dataclass ``record`` to patch: shallow, with ``fields`` deep-copied (every
    field when none is named)."""
    if not fields:
        return copy.deepcopy(record)
    copied = copy.copy(record)
    for name in fields:
        setattr(copied, name, copy.deepcopy(getattr(record, name)))
    return copied


def commit(live: T, patched: T, *fields: str) -> None:
    """Copy ``fields`` (every field when none is named) from the draft onto the live record,
    which keeps its identity (stores and indexes holding it stay valid)."""
    names = fields or tuple(f.name for f in dataclasses.fields(live))  # type: ignore[arg-type]
    for name in names:
        setattr(live, name, getattr(patched, name))


def setter(attribute: str, convert: Callable[[str | None], Any] | None = None) -> Apply:
    """A rule function that sets ``attribute`` of the draft to the value (converted)."""

    def apply(target: Any, change: Change) -> None:
        setattr(target, attribute, change.value if convert is None else convert(change.value))

    return apply
