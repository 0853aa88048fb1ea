"""VPC links: the record and the ``VpcLink`` shape.

Recorded against AWS (LocalStack ``test_vpc_link_lifecycle``, validated 2025-12-15): CreateVpcLink
answers ``status: PENDING`` with no ``statusMessage``; once the link is up, reads answer
``AVAILABLE`` and ``Your vpc link is ready for use``. Get and Update always carry ``tags``;
create answers and list items leave empty tags out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PENDING = "PENDING"
AVAILABLE = "AVAILABLE"
READY = "Your vpc link is ready for use"


@dataclass
class VpcLink:
    id: str
    name: str
    target_arns: list[str]
    description: str | None = None
    status: str = AVAILABLE
    status_message: str | None = READY
    tags: dict[str, str] = field(default_factory=dict)


def vpc_link_view(link: VpcLink, *, tags_always: bool) -> dict[str, Any]:
    return {
        "id": link.id,
        "name": link.name,
        "description": link.description,
        "targetArns": list(link.target_arns),
        "status": link.status,
        "statusMessage": link.status_message,
        "tags": dict(link.tags) if (link.tags or tags_always) else None,
    }
