"""Usage plans: the record, and the ``UsagePlan`` shape."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mockgw import clock
from mockgw.services._shared.store import Store


@dataclass
class UsagePlan:
    id: str
    name: str
    description: str | None = None
    # {apiId, stage, throttle: {"/pets/GET": {burstLimit, rateLimit}}}, in the order added
    api_stages: list[dict[str, Any]] = field(default_factory=list)
    throttle: dict[str, Any] | None = None  # {burstLimit: int, rateLimit: float}, both always
    quota: dict[str, Any] | None = None  # {limit: int, offset: int, period: str}, all always
    product_code: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    key_ids: Store[str] = field(default_factory=Store)  # api key ids, in the order added
    # ---- metering (records/quota.py, invoke/metering.py)
    #: epoch seconds at creation: the quota period it falls in is the "initial time period"
    #: the quota's offset is subtracted in
    created_date: int = field(default_factory=lambda: int(clock.now()))
    #: api key id -> {"yyyy-MM-dd" (a UTC day): calls allowed (or seeded) that day}
    usage: dict[str, dict[str, int]] = field(default_factory=dict)
    #: api key id -> {"yyyy-MM-dd" (the UTC day UpdateUsage granted it): calls added to the
    #: remaining quota from that day to the end of its quota period}
    quota_extensions: dict[str, dict[str, int]] = field(default_factory=dict)

    def stage_entry(self, api_id: str, stage: str) -> dict[str, Any] | None:
        """This plan's entry for an API stage, or None."""
        for entry in self.api_stages:
            if entry["apiId"] == api_id and entry["stage"] == stage:
                return entry
        return None


def stage_text(api_id: str, stage: str) -> str:
    """An API stage as AWS names it in usage plan texts: ``apiId:stage``."""
    return f"{api_id}:{stage}"


def throttle_view(throttle: Mapping[str, Any]) -> dict[str, Any]:
    return {"burstLimit": throttle["burstLimit"], "rateLimit": throttle["rateLimit"]}


def api_stage_view(stage: Mapping[str, Any]) -> dict[str, Any]:
    throttles: Mapping[str, Mapping[str, Any]] = stage.get("throttle") or {}
    return {
        "apiId": stage["apiId"],
        "stage": stage["stage"],
        "throttle": {k: throttle_view(v) for k, v in throttles.items()} or None,
    }


def usage_plan_view(plan: UsagePlan, *, tags_always: bool) -> dict[str, Any]:
    """A ``UsagePlan`` shape. ``apiStages`` is always present; throttle, quota, description and
    productCode only when set; tags as Get/Update (always) or Create/list items (when any)."""
    return {
        "id": plan.id,
        "name": plan.name,
        "description": plan.description,
        "apiStages": [api_stage_view(s) for s in plan.api_stages],
        "throttle": None if plan.throttle is None else throttle_view(plan.throttle),
        "quota": None if plan.quota is None else dict(plan.quota),
        "productCode": plan.product_code,
        "tags": dict(plan.tags) if (plan.tags or tags_always) else None,
    }
