"""Usage: GetUsage and UpdateUsage.

What a usage plan counts lives on the plan (``UsagePlan.usage``: api key id -> UTC day ->
calls), written by the execute-api engine (``invoke/``) for every call it lets through and by
``Mock.record_usage`` (``hooks.py``) for seeded history; the quota arithmetic is
``records/quota.py``.

Recorded (aws-behaviour.md section 12 and the sources named there):
- GetUsage takes required ``startDate``/``endDate`` as ``yyyy-MM-dd``; it answers
  ``{usagePlanId, startDate, endDate, items: {keyId: [[used, remaining], ...]}}`` with one pair
  per day of the range (``items`` is ``values`` on the wire; botocore renames it), and keys that
  made no call get ``[0, remaining]`` pairs (the developer guide's export example).
- ``remaining`` is what is left of the quota period the day belongs to after that day's calls:
  it falls day by day through a MONTH period (a live trace: ``[137, 999863], [123, 999740]``).
- A ``keyId`` that is not in the plan: 404 ``Invalid Key identifier specified`` (aws-cli#5344).
- UpdateUsage ``replace /remaining`` grants a temporary extension: the current period's
  remaining quota becomes the value given, from that day on (the developer guide's export shows
  ``[0, 5000], [0, 5000], [0, 10]`` after a cut on the third day); it returns a Usage.
- A DAY quota is the UTC calendar day.

Chosen where AWS's behaviour is not recorded (each is a constant or a short branch below):
- a WEEK period starts on Monday (UTC), a MONTH on the 1st;
- the quota ``offset`` is subtracted in the period the plan was created in;
- a plan without a quota reports ``remaining`` 0, and UpdateUsage on it is a 400;
- date errors are 400s with the texts below; a range may span at most ``MAX_DAYS`` days;
- items are paged by key with ``limit``/``position`` (newest key first, as GetUsagePlanKeys);
- UpdateUsage answers the current day only (``startDate`` = ``endDate`` = today).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mockgw import clock, errors
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.quota import key_usage, unclamped_remaining
from mockgw.services.apigateway.records.rules import MAX_INT
from mockgw.services.apigateway.records.usage_plans import UsagePlan
from mockgw.services.apigateway.state import ApiGatewayState

#: Longest GetUsage range mockgw answers (ten years): a guard, not an AWS limit.
MAX_DAYS = 3653
INVALID_KEY = "Invalid Key identifier specified"  # aws-cli#5344
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INTEGER = re.compile(r"[0-9]+")


# ------------------------------------------------------------------------------ operations


def _date(member: str, value: str) -> _dt.date:
    if _DATE.fullmatch(value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise errors.bad_request(
        f"Invalid {member} specified: '{value}'. Must be a date in the form yyyy-MM-dd"
    )


def _usage(
    plan: UsagePlan, first: _dt.date, last: _dt.date, items: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "usagePlanId": plan.id,
        "startDate": first.isoformat(),
        "endDate": last.isoformat(),
        "items": dict(items),
    }


@operation("GetUsage")
def get_usage(state: ApiGatewayState, params: Params) -> Result:
    plan = lookups.usage_plan(state, params["usagePlanId"])
    first = _date("startDate", params["startDate"])
    last = _date("endDate", params["endDate"])
    if last < first:
        raise errors.bad_request(
            f"Invalid date range specified: endDate {last.isoformat()} is before "
            f"startDate {first.isoformat()}"
        )
    if (last - first).days + 1 > MAX_DAYS:
        raise errors.bad_request(
            f"Invalid date range specified: {first.isoformat()} to {last.isoformat()} spans "
            f"more than {MAX_DAYS} days, the most mockgw answers in one request"
        )
    key_id = params.get("keyId")
    if key_id is not None:
        if key_id not in plan.key_ids:
            raise errors.not_found(INVALID_KEY)
        return _usage(plan, first, last, {key_id: key_usage(plan, key_id, first, last)})
    key_ids, position = lookups.newest_first(plan.key_ids, params)
    result = _usage(plan, first, last, {k: key_usage(plan, k, first, last) for k in key_ids})
    result["position"] = position
    return result


@dataclass
class _Extension:
    """What UpdateUsage's patch asks: the remaining quota the key should have today."""

    remaining: int | None = None


def _set_remaining(draft: _Extension, change: patch.Change) -> None:
    text = (change.value or "").strip()
    if not _INTEGER.fullmatch(text) or int(text) > MAX_INT:
        raise errors.bad_request(
            f"Invalid remaining quota specified: '{change.value}'. Must be an integer from 0 "
            f"to {MAX_INT}"
        )
    draft.remaining = int(text)


#: Every JSON-Patch op is known, only ``replace /remaining`` is taken, and the error for any
#: other names ``[/remaining]``.
UPDATE = patch.PatchTable(
    patch.Rule(("replace",), "/remaining", _set_remaining),
    known_ops=patch.OPS,
    listed=dict.fromkeys(patch.OPS, ("/remaining",)),
)


@operation("UpdateUsage")
def update_usage(state: ApiGatewayState, params: Params) -> Result:
    plan = lookups.usage_plan(state, params["usagePlanId"])
    key_id = params["keyId"]
    if key_id not in plan.key_ids:
        raise errors.not_found(INVALID_KEY)
    wanted = _Extension()
    UPDATE.apply(wanted, params.get("patchOperations"))
    today = clock.today()
    if wanted.remaining is not None:
        if plan.quota is None:
            raise errors.bad_request(
                f"Usage Plan {plan.id} has no quota: there is no remaining quota to extend"
            )
        # validated before this first write: a failed call changes nothing
        granted = plan.quota_extensions.setdefault(key_id, {})
        text = today.isoformat()
        extra = wanted.remaining - unclamped_remaining(plan, key_id, today)
        granted[text] = granted.get(text, 0) + extra
    return _usage(plan, today, today, {key_id: key_usage(plan, key_id, today, today)})
