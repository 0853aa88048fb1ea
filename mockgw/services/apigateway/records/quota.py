"""Quota arithmetic on a usage plan's metered calls: what GetUsage reports and what the
execute-api engine enforces. Pure functions of a :class:`UsagePlan` and a UTC day.

Recorded: ``remaining`` is what is left of the quota period the day belongs to after that day's
calls; an UpdateUsage extension shows from the day it was granted. Chosen where AWS is silent: a
WEEK period starts on Monday (UTC), a MONTH on the 1st; the quota ``offset`` is subtracted in
the period the plan was created in; a plan without a quota reports ``remaining`` 0.
"""

from __future__ import annotations

import datetime as _dt

from mockgw.services.apigateway.records.usage_plans import UsagePlan

_ONE_DAY = _dt.timedelta(days=1)


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
