"""API caches: the record, and the ``ApiCache`` shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The status every read reports: a cache is created, and changed, at once.
SETTLED = "AVAILABLE"


@dataclass
class ApiCache:
    ttl: int
    api_caching_behavior: str
    type: str
    transit_encryption_enabled: bool = False
    at_rest_encryption_enabled: bool = False
    health_metrics_config: str = "DISABLED"


def api_cache_view(cache: ApiCache, status: str = SETTLED) -> dict[str, Any]:
    """An ``ApiCache`` shape. ``status`` is what the answering call reports: ``CREATING`` for
    CreateApiCache, ``MODIFYING`` for UpdateApiCache, ``AVAILABLE`` for every read."""
    return {
        "ttl": cache.ttl,
        "apiCachingBehavior": cache.api_caching_behavior,
        "transitEncryptionEnabled": cache.transit_encryption_enabled,
        "atRestEncryptionEnabled": cache.at_rest_encryption_enabled,
        "type": cache.type,
        "status": status,
        "healthMetricsConfig": cache.health_metrics_config,
    }
