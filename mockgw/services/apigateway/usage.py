"""Usage: GetUsage and UpdateUsage, and the quota arithmetic the execute-api door meters with.

What a usage plan counts lives on the plan (``UsagePlan.usage``: api key id -> UTC day ->
calls), written by :mod:`mockgw.execute_api` for every call it lets through and by
``Mock.record_usage`` for seeded history.

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
from typing import Any

from mockgw import clock, errors
from mockgw.services._base import Params, Result
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway._table import operations
from mockgw.services.apigateway.state import ApiGatewayState, UsagePlan

#: Longest GetUsage range mockgw answers (ten years): a guard, not an AWS limit.
MAX_DAYS = 3653
INVALID_KEY = "Invalid Key identifier specified"  # aws-cli#5344
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INTEGER = re.compile(r"[0-9]+")
_ONE_DAY = _dt.timedelta(days=1)


# ------------------------------------------------------------------------------ quota arithmetic


def period_start(period: str, day: _dt.date) -> _dt.date:
    """The first day of the quota period (DAY, WEEK or MONTH) that ``day`` falls in."""
    if period == "WEEK":
        return day - _dt.timedelta(days=day.weekday())
    if period == "MONTH":
        return day.replace(day=1)
    return day


def _created_day(plan: UsagePlan) -> _dt.date:
    return _dt.datetime.fromtimestamp(plan.created_date, tz=_dt.timezone.utc).date()


def period_limit(plan: UsagePlan, key_id: str, day: _dt.date) -> int:
    """The calls the quota allows in ``day``'s period as of the end of ``day``: the limit, less
    the offset in the plan's first period, plus what UpdateUsage granted in the period up to
    ``day`` (an extension shows from the day it was granted, not before)."""
    quota = plan.quota
    if quota is None:
        return 0
    start = period_start(quota["period"], day)
    limit = int(quota["limit"])
    if start == period_start(quota["period"], _created_day(plan)):
        limit -= int(quota.get("offset") or 0)
    granted = plan.quota_extensions.get(key_id)
    if granted:
        first, last = start.isoformat(), day.isoformat()
        limit += sum(n for d, n in granted.items() if first <= d <= last)
    return limit


def used_in_period(plan: UsagePlan, key_id: str, day: _dt.date) -> int:
    """Calls of ``key_id`` from the start of ``day``'s quota period through ``day``."""
    counts = plan.usage.get(key_id)
    if not counts or plan.quota is None:
        return 0
    first = period_start(plan.quota["period"], day).isoformat()
    last = day.isoformat()
    return sum(n for d, n in counts.items() if first <= d <= last)


def unclamped_remaining(plan: UsagePlan, key_id: str, day: _dt.date) -> int:
    if plan.quota is None:
        return 0
    return period_limit(plan, key_id, day) - used_in_period(plan, key_id, day)


def remaining(plan: UsagePlan, key_id: str, day: _dt.date) -> int:
    """What is left of ``key_id``'s quota after ``day``'s calls (0 without a quota)."""
    return max(0, unclamped_remaining(plan, key_id, day))


def count_call(plan: UsagePlan, key_id: str, day: _dt.date) -> None:
    """Meter one allowed call. The caller holds the backend's lock."""
    counts = plan.usage.setdefault(key_id, {})
    text = day.isoformat()
    counts[text] = counts.get(text, 0) + 1


def record(plan: UsagePlan, key_id: str, day: _dt.date, used: int) -> None:
    """Set the calls ``key_id`` made on ``day`` (seeded history)."""
    plan.usage.setdefault(key_id, {})[day.isoformat()] = used


def key_usage(plan: UsagePlan, key_id: str, first: _dt.date, last: _dt.date) -> list[list[int]]:
    """``[[used, remaining], ...]``, one pair per day from ``first`` through ``last``."""
    counts = plan.usage.get(key_id, {})
    quota = plan.quota
    out: list[list[int]] = []
    day = first
    period = None
    used_so_far = 0
    while day <= last:
        used = counts.get(day.isoformat(), 0)
        if quota is None:
            out.append([used, 0])
        else:
            start = period_start(quota["period"], day)
            if start != period:  # the range's first day, or a new period: restart the sum
                period = start
                used_so_far = used_in_period(plan, key_id, day - _ONE_DAY) if start < day else 0
            used_so_far += used
            out.append([used, max(0, period_limit(plan, key_id, day) - used_so_far)])
        day += _ONE_DAY
    return out


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


@operations("GetUsage")
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
    key_ids, position = lookups.paged(plan.key_ids, params.get("limit"), params.get("position"))
    result = _usage(plan, first, last, {k: key_usage(plan, k, first, last) for k in key_ids})
    result["position"] = position
    return result


def _invalid_path(op: Any, path: Any) -> errors.ServiceError:
    return errors.bad_request(
        f"Invalid patch path  '{path}' specified for op '{op}'. Must be one of: [/remaining]"
    )


@operations("UpdateUsage")
def update_usage(state: ApiGatewayState, params: Params) -> Result:
    plan = lookups.usage_plan(state, params["usagePlanId"])
    key_id = params["keyId"]
    if key_id not in plan.key_ids:
        raise errors.not_found(INVALID_KEY)
    wanted: int | None = None
    for patch in params.get("patchOperations") or ():
        op, path, value = patch.get("op"), patch.get("path"), patch.get("value")
        if op not in ("add", "remove", "replace", "move", "copy", "test"):
            raise errors.bad_request(
                "Invalid patch operation specified. Must be one of: [add, remove, replace]"
            )
        if op != "replace" or path != "/remaining":
            raise _invalid_path(op, path)
        text = (value or "").strip()
        if not _INTEGER.fullmatch(text) or int(text) > 2**31 - 1:
            raise errors.bad_request(
                f"Invalid remaining quota specified: '{value}'. Must be an integer from 0 to "
                f"{2**31 - 1}"
            )
        wanted = int(text)
    today = clock.today()
    if wanted is not None:
        if plan.quota is None:
            raise errors.bad_request(
                f"Usage Plan {plan.id} has no quota: there is no remaining quota to extend"
            )
        # validated before this first write: a failed call changes nothing
        granted = plan.quota_extensions.setdefault(key_id, {})
        text = today.isoformat()
        granted[text] = granted.get(text, 0) + wanted - unclamped_remaining(plan, key_id, today)
    return _usage(plan, today, today, {key_id: key_usage(plan, key_id, today, today)})


# ------------------------------------------------------------------------------ test helper


def seed(state: ApiGatewayState, plan_id: str, key_id: str, day: Any, used: int) -> None:
    """``Mock.record_usage``: set the calls ``key_id`` made in plan ``plan_id`` on ``day``."""
    plan = state.usage_plans.get(plan_id)
    if plan is None:
        raise errors.MockgwError(
            f"record_usage: no usage plan {plan_id!r} in account {state.account_id}, "
            f"region {state.region}"
        )
    if key_id not in plan.key_ids:
        raise errors.MockgwError(f"record_usage: API key {key_id!r} is not in usage plan {plan_id}")
    if isinstance(day, str):
        if not _DATE.fullmatch(day):
            raise errors.MockgwError(
                f"record_usage: day {day!r} is not a date in the form yyyy-MM-dd"
            )
        day = _dt.date.fromisoformat(day)
    elif isinstance(day, _dt.datetime):
        day = day.astimezone(_dt.timezone.utc).date() if day.tzinfo else day.date()
    if not isinstance(day, _dt.date):
        raise errors.MockgwError(f"record_usage: day must be a date or 'yyyy-MM-dd', not {day!r}")
    if isinstance(used, bool) or not isinstance(used, int) or used < 0:
        raise errors.MockgwError(f"record_usage: used must be a non-negative int, not {used!r}")
    record(plan, key_id, day, used)
