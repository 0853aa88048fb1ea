"""Values as AppSync's Java runtime shows them to VTL: maps and lists with Java's methods
(``$map.containsKey``, ``$list.isEmpty()``...), Java's ``toString`` (``{a=1, b=[x, y]}``), and
the compact JSON of ``$util.toJson``.

Values read from the resolver context are :class:`JavaMap` / :class:`JavaList`; maps and lists a
template makes with ``{}`` / ``[]`` literals are plain ``dict`` / ``list``, and get the same
methods through :func:`java_methods` (registered with the VTL engine, see ``vtl.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def java_string(value: Any) -> str:
    """What Java's ``String.valueOf`` prints for a value from the context."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return repr(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{java_string(k)}={java_string(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(java_string(v) for v in value) + "]"
    return str(value)


class MapEntry:
    """An entry of ``$map.entrySet()``: ``$e.key``, ``$e.value``, ``$e.getKey()``."""

    def __init__(self, key: Any, value: Any) -> None:
        self.key = key
        self.value = value

    def getKey(self) -> Any:
        return self.key

    def getValue(self) -> Any:
        return self.value

    def __str__(self) -> str:
        return f"{java_string(self.key)}={java_string(self.value)}"


def _map_put(self: dict[Any, Any], key: Any, value: Any) -> Any:
    previous = self.get(key)
    self[key] = value
    return previous


def _list_remove(self: list[Any], item: Any) -> Any:
    if isinstance(item, int) and not isinstance(item, bool):
        return self.pop(item)
    if item in self:
        self.remove(item)
        return True
    return False


#: type -> Java method name -> implementation(self, *args)
_MAP_METHODS: dict[str, Callable[..., Any]] = {
    "put": _map_put,
    "putAll": lambda self, other: self.update(other) or "",
    "get": lambda self, key: self.get(key),
    "getOrDefault": lambda self, key, default: self.get(key, default),
    "containsKey": lambda self, key: key in self,
    "containsValue": lambda self, value: value in self.values(),
    "remove": lambda self, key: self.pop(key, None),
    "isEmpty": lambda self: len(self) == 0,
    "size": lambda self: len(self),
    "keySet": lambda self: list(self.keys()),
    "values": lambda self: list(self.values()),
    "entrySet": lambda self: [MapEntry(k, v) for k, v in self.items()],
    "clear": lambda self: self.clear() or "",
    "toString": lambda self: java_string(self),
}
_LIST_METHODS: dict[str, Callable[..., Any]] = {
    "add": lambda self, *args: (
        (self.insert(args[0], args[1]) if len(args) == 2 else self.append(args[0])) or True
    ),
    "addAll": lambda self, other: self.extend(other) or True,
    "get": lambda self, index: self[index],
    "set": lambda self, index, value: _list_set(self, index, value),
    "size": lambda self: len(self),
    "isEmpty": lambda self: len(self) == 0,
    "contains": lambda self, item: item in self,
    "indexOf": lambda self, item: self.index(item) if item in self else -1,
    "remove": _list_remove,
    "clear": lambda self: self.clear() or "",
    "toString": lambda self: java_string(self),
}
_STRING_METHODS: dict[str, Callable[..., Any]] = {
    "length": lambda self: len(self),
    "isEmpty": lambda self: len(self) == 0,
    "toUpperCase": lambda self: self.upper(),
    "toLowerCase": lambda self: self.lower(),
    "trim": lambda self: self.strip(),
    "equals": lambda self, other: self == other,
    "equalsIgnoreCase": lambda self, other: (
        isinstance(other, str) and self.lower() == other.lower()
    ),
    "startsWith": lambda self, prefix: self.startswith(prefix),
    "endsWith": lambda self, suffix: self.endswith(suffix),
    "contains": lambda self, part: part in self,
    "indexOf": lambda self, part: self.find(part),
    "lastIndexOf": lambda self, part: self.rfind(part),
    "substring": lambda self, start, end=None: self[start:end],
    "charAt": lambda self, index: self[index],
    "concat": lambda self, other: self + other,
    "replace": lambda self, old, new: self.replace(old, new),
    "replaceAll": lambda self, pattern, repl: re.sub(pattern, _java_replacement(repl), self),
    "replaceFirst": lambda self, pattern, repl: re.sub(
        pattern, _java_replacement(repl), self, count=1
    ),
    "split": lambda self, pattern: _java_split(self, pattern),
    "matches": lambda self, pattern: re.fullmatch(pattern, self) is not None,
    "toString": lambda self: self,
}


def _list_set(self: list[Any], index: int, value: Any) -> Any:
    previous = self[index]
    self[index] = value
    return previous


def _java_replacement(replacement: str) -> str:
    """Java's ``$1`` group references in a replacement, as Python's ``\\g<1>``."""
    return re.sub(r"\$(\d+)", r"\\g<\1>", replacement.replace("\\", "\\\\"))


def _java_split(text: str, pattern: str) -> list[str]:
    parts = re.split(pattern, text)
    while parts and parts[-1] == "":  # Java drops trailing empty strings
        parts.pop()
    return parts


def java_methods() -> dict[type, dict[str, Callable[..., Any]]]:
    """The Java methods of plain ``dict``, ``list`` and ``str`` values."""
    return {dict: _MAP_METHODS, list: _LIST_METHODS, str: _STRING_METHODS}


class JavaMap(dict):  # type: ignore[type-arg]
    """A map from the context: a dict whose Java methods VTL can call."""

    def __getattr__(self, name: str) -> Any:
        method = _MAP_METHODS.get(name)
        if method is None:
            raise AttributeError(name)
        return lambda *args: method(self, *args)

    def __str__(self) -> str:
        return java_string(self)


class JavaList(list):  # type: ignore[type-arg]
    """A list from the context: a list whose Java methods VTL can call."""

    def __getattr__(self, name: str) -> Any:
        method = _LIST_METHODS.get(name)
        if method is None:
            raise AttributeError(name)
        return lambda *args: method(self, *args)

    def __str__(self) -> str:
        return java_string(self)


def javaize(value: Any) -> Any:
    """A JSON value with every map and list made a :class:`JavaMap` / :class:`JavaList`."""
    if isinstance(value, Mapping):
        return JavaMap((k, javaize(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return JavaList(javaize(v) for v in value)
    return value


def plain(value: Any) -> Any:
    """A value a template built, as plain JSON data (maps, lists, strings, numbers, null)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, MapEntry):
        return {str(value.key): plain(value.value)}
    if isinstance(value, (list, tuple, set, frozenset)) or (
        isinstance(value, Iterable) and not isinstance(value, (str, bytes))
    ):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return java_string(value)


def to_json(value: Any) -> str:
    """``$util.toJson``: compact JSON, keys in insertion order, nothing escaped that need
    not be."""
    return json.dumps(plain(value), separators=(",", ":"), ensure_ascii=False, allow_nan=False)
