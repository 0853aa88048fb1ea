"""Route ``(method, path, query)`` to an operation, from the model's ``requestUri`` templates.

Routes live in a trie of path segments, so matching costs one dict lookup per segment whatever
the number of operations. Labels are matched against the *raw* (still percent-encoded) segment
and decoded afterwards: botocore encodes ``/`` inside a label (a tag resource ARN) as ``%2F``,
which must not split the path. Literal query parts of a template (``/apikeys?mode=import``)
are constraints: a route that has them wins over the same path without them when they hold.

Templates without labels (``/apikeys``, ``/usageplans``) are also kept in a flat table keyed by
method and path, tried before the walk: the walk tries literal children first, so the all-literal
route it would reach first is exactly the one the table finds.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import unquote


class _Target(NamedTuple):
    operation: str
    labels: tuple[str, ...]
    query: tuple[tuple[str, str], ...]


class _Node:
    __slots__ = ("greedy", "label", "literals", "targets")

    def __init__(self) -> None:
        self.literals: dict[str, _Node] = {}
        self.label: _Node | None = None
        self.greedy: list[tuple[str, dict[str, list[_Target]]]] = []
        self.targets: dict[str, list[_Target]] = {}


class Match(NamedTuple):
    operation: str
    uri_params: dict[str, str]


class Router:
    def __init__(self) -> None:
        self._root = _Node()
        #: (method, path without its outer slashes) -> targets of the label-free templates
        self._static: dict[tuple[str, str], list[_Target]] = {}

    def add(self, method: str, request_uri: str, operation: str) -> None:
        path, _, query = request_uri.partition("?")
        constraints = tuple(
            (k, v) for k, _, v in (part.partition("=") for part in query.split("&") if part)
        )
        node = self._root
        labels: list[str] = []
        segments = _segments(path)
        if not any(segment.startswith("{") for segment in segments):
            # Under the path without its outer slashes, and as requests spell it: "/a/b".
            target = _Target(operation, (), constraints)
            for key in ("/".join(segments), "/" + "/".join(segments)):
                _add_target(self._static.setdefault((method, key), []), target)
        for segment in segments:
            if segment.startswith("{") and segment.endswith("+}"):
                labels.append(segment[1:-2])
                greedy_targets: dict[str, list[_Target]] = {}
                node.greedy.append((segment[1:-2], greedy_targets))
                _insert(greedy_targets, method, _Target(operation, tuple(labels), constraints))
                return
            if segment.startswith("{") and segment.endswith("}"):
                labels.append(segment[1:-1])
                if node.label is None:
                    node.label = _Node()
                node = node.label
            else:
                node = node.literals.setdefault(segment, _Node())
        _insert(node.targets, method, _Target(operation, tuple(labels), constraints))

    def match(self, method: str, raw_path: str, query: dict[str, list[str]]) -> Match | None:
        """The operation for this request, or ``None`` when no template fits."""
        static = self._static.get((method, raw_path))
        if static is None:
            stripped = raw_path.strip("/")
            static = self._static.get((method, stripped))
        else:
            stripped = raw_path
        if static is not None:
            for target in static:
                if not target.query or (query and _holds(target.query, query)):
                    return Match(target.operation, {})
            stripped = stripped.strip("/")
        segments = stripped.split("/") if stripped else []
        return self._walk(self._root, segments, 0, [], method, query)

    def _walk(
        self,
        node: _Node,
        segments: list[str],
        i: int,
        values: list[str],
        method: str,
        query: dict[str, list[str]],
    ) -> Match | None:
        if i == len(segments):
            return _pick(node.targets.get(method), values, query)
        segment = segments[i]
        child = node.literals.get(segment)
        if child is not None:
            found = self._walk(child, segments, i + 1, values, method, query)
            if found is not None:
                return found
        if node.label is not None and segment:
            values.append(segment)
            found = self._walk(node.label, segments, i + 1, values, method, query)
            values.pop()
            if found is not None:
                return found
        for _name, targets in node.greedy:
            found = _pick(targets.get(method), [*values, "/".join(segments[i:])], query)
            if found is not None:
                return found
        return None


def _segments(path: str) -> list[str]:
    return path.strip("/").split("/") if path.strip("/") else []


def _insert(table: dict[str, list[_Target]], method: str, target: _Target) -> None:
    _add_target(table.setdefault(method, []), target)


def _add_target(targets: list[_Target], target: _Target) -> None:
    targets.append(target)
    # Routes with more query constraints are tried first.
    targets.sort(key=lambda t: -len(t.query))


def _holds(constraints: tuple[tuple[str, str], ...], query: dict[str, list[str]]) -> bool:
    for name, value in constraints:  # noqa: SIM110 (a loop: no generator on the hot path)
        if value not in query.get(name, ()):
            return False
    return True


def _pick(
    targets: list[_Target] | None, values: list[str], query: dict[str, list[str]]
) -> Match | None:
    if not targets:
        return None
    for target in targets:
        if not target.query or _holds(target.query, query):
            return Match(
                target.operation,
                {k: unquote(v) for k, v in zip(target.labels, values, strict=True)},
            )
    return None
