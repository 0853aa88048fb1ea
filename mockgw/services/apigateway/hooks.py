"""What :class:`mockgw.Mock` reaches API Gateway through: seeded usage, registered answers for
deployed stages and registered authorizer decisions. Errors here are the test's misuse
(``MockgwError``), not AWS's."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from typing import Any

from mockgw import errors
from mockgw.services.apigateway.invoke.extras import Gateway
from mockgw.services.apigateway.records import quota
from mockgw.services.apigateway.records.authorizers import EFFECTS, Decision
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


def authorize(
    state: ApiGatewayState,
    rest_api_id: str,
    authorizer_id: str,
    *,
    effect: str | None = "Allow",
    principal_id: str = "user",
    context: Mapping[str, Any] | None = None,
    usage_identifier_key: str | None = None,
    claims: Mapping[str, str] | None = None,
) -> None:
    """What authorizer ``authorizer_id`` of REST API ``rest_api_id`` decides for every caller
    (a Lambda function cannot run in-process, a Cognito user pool is out of reach):
    ``effect`` ``Allow`` or ``Deny`` (the policy's), or ``Unauthorized`` (401: the Lambda
    function raised ``Unauthorized``, the Cognito token is invalid); None forgets the decision.
    ``context`` and ``usage_identifier_key`` are what a Lambda authorizer returns besides its
    policy, ``claims`` a Cognito token's. TestInvokeAuthorizer answers from it, and so do calls
    to deployed methods that use the authorizer (invoke/authorization.py)."""
    api = state.rest_apis.get(rest_api_id)
    if api is None:
        raise errors.MockgwError(
            f"authorize: no REST API {rest_api_id!r} in account {state.account_id}, "
            f"region {state.region}"
        )
    if authorizer_id not in api.authorizers:
        raise errors.MockgwError(
            f"authorize: REST API {rest_api_id} has no authorizer {authorizer_id!r}"
        )
    if effect is None:
        api.authorizer_decisions.pop(authorizer_id, None)
        return
    if effect not in EFFECTS:
        raise errors.MockgwError(f"authorize: effect must be one of {EFFECTS}, not {effect!r}")
    api.authorizer_decisions[authorizer_id] = Decision(
        effect=effect,
        principal_id=str(principal_id),
        context=dict(context or {}),
        usage_identifier_key=usage_identifier_key,
        claims={str(k): str(v) for k, v in (claims or {}).items()},
    )
