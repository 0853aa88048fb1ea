"""API Gateway's HAL form (``Accept: application/hal+json``), rendered from a plain JSON answer.

What the API reference's samples show, and what this reproduces:

* a resource carries ``_links`` with ``curies`` (one object), ``self``, ``{rel}:delete`` and
  ``{rel}:update``, where ``{rel}`` is the resource kind (``apikey``) and the curie points at
  ``restapi-{rel}-{{rel}}.html`` in the developer guide;
* a collection carries ``_links`` with ``curies`` (a list), ``self``, ``{rel}:create``,
  a templated ``{rel}:by-…`` and ``{rel}:delete``, and ``item`` links; its items move to
  ``_embedded.item``, each with its own ``self``/``delete``/``update`` links;
* timestamps are ISO-8601 strings, and a list of one element is written as that element
  (``"stageKeys": "uycll6xg9a/beta"``).

It is driven by the output shape, the request path and the model's routes (a ``delete`` or
``update`` link appears only where the API has a DELETE or PATCH), never by an operation's name.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

#: ``routes(method, path)``: whether the API answers ``method`` at ``path`` (from the model).
Routes = Callable[[str, str], bool]

CURIE = "https://docs.aws.amazon.com/apigateway/latest/developerguide/restapi-{name}-{{rel}}.html"

#: Path segment of a collection -> the resource kind its curie names. Anything else drops the
#: plural "s" (``restapis`` -> ``restapi``).
_KINDS = {"keys": "usageplankey", "apikeys": "apikey"}
#: The templated "get one" link of a collection: (rel suffix, placeholder), as documented.
_BY = {"apikey": ("by-key", "api_Key"), "stage": ("by-name", "stage_name")}


def kind_of(segment: str) -> str:
    return _KINDS.get(segment, segment[:-1] if segment.endswith("s") else segment)


def render(
    shape: Any, method: str, path: str, document: dict[str, Any], routes: Routes
) -> dict[str, Any]:
    """The HAL form of ``document``, the JSON answer of a request ``method path``."""
    path = "/" + path.strip("/")
    items_name = _items_member(shape)
    if items_name is not None:
        return _collection(shape, path, document, items_name, routes)
    values = _convert(shape, document)
    identifier = _identifier(values)
    segments = path.strip("/").split("/")
    if identifier is None:
        return {"_links": {"self": {"href": path}}, **_sorted(values)}
    if method == "POST" and segments[-1] != identifier:
        kind, self_href = kind_of(segments[-1]), f"{path}/{identifier}"
    else:
        kind = kind_of(segments[-2]) if len(segments) > 1 else kind_of(segments[-1])
        self_href = path
    links = {"curies": _curie(kind), **_item_links(kind, self_href, routes)}
    return {"_links": links, **_sorted(values)}


def _collection(
    shape: Any, path: str, document: dict[str, Any], items_name: str, routes: Routes
) -> dict[str, Any]:
    kind = kind_of(path.rsplit("/", 1)[-1])
    member = shape.members[items_name]
    wire = member.serialization.get("name", items_name)
    rest = {k: v for k, v in document.items() if k != wire}
    values = _convert(shape, rest)
    by_rel, placeholder = _BY.get(kind, ("by-id", "id"))
    template = {"href": f"{path}/{{{placeholder}}}", "templated": True}
    links: dict[str, Any] = {"curies": [_curie(kind)], "self": {"href": path}}
    if routes("GET", f"{path}/x"):
        links[f"{kind}:{by_rel}"] = dict(template)
    if routes("POST", path):
        links[f"{kind}:create"] = {"href": path}
    if routes("DELETE", f"{path}/x"):
        links[f"{kind}:delete"] = dict(template)
    embedded: list[dict[str, Any]] = []
    item_links: list[dict[str, str]] = []
    for raw in document.get(wire) or []:
        item = _convert(member.member, raw) if isinstance(raw, dict) else raw
        identifier = _identifier(item) if isinstance(item, dict) else None
        if identifier is None:
            embedded.append(item)
            continue
        href = f"{path}/{identifier}"
        item_links.append({"href": href})
        embedded.append({"_links": _item_links(kind, href, routes), **_sorted(item)})
    out: dict[str, Any] = {"_links": links}
    if item_links:
        links["item"] = _one_or_many(item_links)
    if embedded:
        out["_embedded"] = {"item": _one_or_many(embedded)}
    out.update(_sorted(values))
    return out


def _items_member(shape: Any) -> str | None:
    """The member holding a collection's page of elements (wire name ``item``)."""
    if shape is None or shape.type_name != "structure":
        return None
    for name, member in shape.members.items():
        if member.type_name == "list" and member.serialization.get("name") == "item":
            return str(name)
    return None


def _identifier(values: dict[str, Any]) -> str | None:
    for key in ("id", "stageName"):
        found = values.get(key)
        if isinstance(found, str) and found:
            return found
    return None


def _curie(kind: str) -> dict[str, Any]:
    return {"href": CURIE.format(name=kind), "name": kind, "templated": True}


def _item_links(kind: str, href: str, routes: Routes) -> dict[str, Any]:
    links: dict[str, Any] = {"self": {"href": href}}
    if routes("DELETE", href):
        links[f"{kind}:delete"] = {"href": href}
    if routes("PATCH", href):
        links[f"{kind}:update"] = {"href": href}
    return links


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def _sorted(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values[k] for k in sorted(values)}


def _convert(shape: Any, value: Any) -> Any:
    """Timestamps to ISO-8601 and one-element lists to their element, following ``shape``."""
    if shape is None:
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        wire = {m.serialization.get("name", n): m for n, m in shape.members.items()}
        return {k: _convert(wire.get(k), v) for k, v in value.items()}
    if kind == "list" and isinstance(value, list):
        converted = [_convert(shape.member, v) for v in value]
        return _one_or_many(converted) if converted else converted
    if kind == "map" and isinstance(value, dict):
        return {k: _convert(shape.value, v) for k, v in value.items()}
    if kind == "timestamp" and isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = _dt.datetime.fromtimestamp(value, tz=_dt.timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value
