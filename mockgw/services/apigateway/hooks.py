"""What :class:`mockgw.Mock` reaches API Gateway through: seeded usage and registered
answers for deployed stages. Errors here are the test's misuse (``MockgwError``), not AWS's."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from mockgw import errors
from mockgw.services.apigateway.invoke.extras import Gateway
from mockgw.services.apigateway.records import quota
from mockgw.services.apigateway.state import ApiGatewayState

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def record_usage(state: ApiGatewayState, plan_id: str, key_id: str, day: Any, used: int) -> None:
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
    quota.record(plan, key_id, day, used)


def respond(gateway: Gateway, rest_api_id: str, method: str, path: str, **answer: Any) -> None:
    """``Mock.respond``: answer ``method path`` of a deployed REST API with this response
    (``answer``: status, body, headers, stage; see ``Gateway.respond``)."""
    gateway.respond(rest_api_id, method, path, **answer)
