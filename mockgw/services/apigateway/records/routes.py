"""A deployment's resource tree, indexed for matching request paths.

Built once when the deployment is made (and again on first use after a restore: it is derived
from ``Deployment.resources``, never part of a snapshot), so matching a call costs one dict
lookup per path segment instead of a walk over every resource.

Matching follows API Gateway: at each level a literal path part first, then ``{param}`` (one
segment), then ``{proxy+}`` (the rest, one segment or more); the first full match wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mockgw.services.apigateway.records.rest_apis import Deployment, Resource


@dataclass
class _Level:
    literals: dict[str, Resource] = field(default_factory=dict)
    params: list[Resource] = field(default_factory=list)
    greedy: list[Resource] = field(default_factory=list)


class Routes:
    def __init__(self, resources: Mapping[str, Resource]) -> None:
        self.root: Resource | None = None
        self._levels: dict[str, _Level] = {}
        for resource in resources.values():
            if resource.parent_id is None:
                self.root = resource
                continue
            level = self._levels.setdefault(resource.parent_id, _Level())
            part = resource.path_part or ""
            if part.endswith("+}"):
                level.greedy.append(resource)
            elif part.startswith("{") and part.endswith("}"):
                level.params.append(resource)
            else:
                level.literals.setdefault(part, resource)

    def match(self, segments: list[str]) -> Resource | None:
        """The most specific resource for the request path's ``segments`` (decoded)."""
        return None if self.root is None else self._walk(self.root, segments, 0)

    def _walk(self, node: Resource, segments: list[str], index: int) -> Resource | None:
        if index == len(segments):
            return node
        level = self._levels.get(node.id)
        if level is None:
            return None
        literal = level.literals.get(segments[index])
        if literal is not None:
            found = self._walk(literal, segments, index + 1)
            if found is not None:
                return found
        for param in level.params:
            found = self._walk(param, segments, index + 1)
            if found is not None:
                return found
        return level.greedy[0] if level.greedy else None


def routes_of(deployment: Deployment) -> Routes:
    """The deployment's index, built on first use when it has none (after a restore)."""
    routes = deployment.routes
    if not isinstance(routes, Routes):
        routes = deployment.routes = Routes(deployment.resources)
    return routes
