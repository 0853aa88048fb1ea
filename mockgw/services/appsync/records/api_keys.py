"""API keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class ApiKey:
    id: str
    description: str | None
    expires: int  # epoch seconds, always on the hour
    deletes: int  # expires + 60 days: AWS keeps an expired key that long


def api_key_view(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "description": key.description,
        "expires": key.expires,
        "deletes": key.deletes,
    }
