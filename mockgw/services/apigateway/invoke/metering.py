"""API keys, usage plans, throttle and quota for a method with ``apiKeyRequired``.

2. **key**: the key (``x-api-key``, or with the API's ``apiKeySource`` AUTHORIZER the
   ``usageIdentifierKey`` of the authorizer's decision) must be the value of an existing,
   enabled API key that is in a usage plan holding this API stage; otherwise 403
   ``{"message":"Forbidden"}`` (INVALID_API_KEY).
3. **throttle**: a token bucket per key and plan (per key, plan and method when the plan's API
   stage has a throttle for ``{resourcePath}/{httpMethod}``), ``burstLimit`` tokens deep, refilled
   at ``rateLimit`` per second of :mod:`mockgw.clock` time. Empty: 429 ``Too Many Requests``.
4. **quota**: per key and plan, per UTC DAY, WEEK or MONTH period (``records/quota.py``). Used
   up: 429 ``Limit Exceeded``.
5. **count** the call on the plan (per key, per UTC day).

Chosen where AWS's behaviour is not recorded: the throttle is checked before the quota (a
throttled call costs no quota); a plan throttle with ``rateLimit`` 0 does not throttle, and
with ``burstLimit`` 0 holds ``max(1, ceil(rateLimit))`` tokens; the account-level throttle (10,000
rps) and legacy ``stageKeys`` are not modelled. Refusals are the gateway responses of the
deployment the call reached (``responses.py``).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping
from typing import Any

from mockgw import clock, tape
from mockgw.services.apigateway.invoke import responses
from mockgw.services.apigateway.invoke.extras import Bucket
from mockgw.services.apigateway.invoke.request import Request
from mockgw.services.apigateway.records import quota
from mockgw.services.apigateway.records.api_keys import ApiKey
from mockgw.services.apigateway.records.methods import Method
from mockgw.services.apigateway.records.rest_apis import Resource
from mockgw.services.apigateway.records.usage_plans import UsagePlan
from mockgw.services.apigateway.state import ApiGatewayState
from mockgw.wire.restjson import WireResponse


def meter(
    call: Request, resource: Resource, method: Method, source: str = "HEADER"
) -> WireResponse | None:
    """None when the call may go on (and it was counted), else the refusal. ``source``: the
    API's ``apiKeySource``."""
    state = call.state
    if source == "AUTHORIZER":
        value = call.decision.usage_identifier_key if call.decision is not None else None
        if not value:
            return _forbidden(
                call,
                "the method requires an API key, the API's apiKeySource is AUTHORIZER and the "
                "authorizer's decision carries no usageIdentifierKey",
            )
    else:
        value = call.header("x-api-key")
        if not value:
            return _forbidden(call, "the method requires an API key and no x-api-key was sent")
    key_id = state.key_values.get(value)
    key = state.api_keys.get(key_id) if key_id is not None else None
    if key is None:
        return _forbidden(call, "x-api-key is not the value of any API key")
    if not key.enabled:
        return _forbidden(call, f"API key {key.id} is disabled")
    found = _plan(call, key)
    if found is None:
        return _forbidden(
            call, f"API key {key.id} is in no usage plan with API stage {call.api_id}:{call.stage}"
        )
    plan, api_stage = found
    call.key = key
    if not _take_token(call, plan, api_stage, key, resource.path, method):
        return call.refuse(responses.THROTTLED, f"usage plan {plan.id} throttles API key {key.id}")
    today = clock.today()
    if plan.quota is not None and quota.unclamped_remaining(plan, key.id, today) < 1:
        return call.refuse(
            responses.QUOTA_EXCEEDED,
            f"API key {key.id} used its {plan.quota['period']} quota in usage plan {plan.id}",
        )
    quota.count_call(plan, key.id, today)
    tape.effect(COUNT_CALL, plan.id, key.id, today.isoformat())
    return None


#: The one change metering makes to the state, as a journal records it (see :func:`replay`).
COUNT_CALL = "count_call"


def replay(state: ApiGatewayState, change: list[Any]) -> None:
    """Make again a change :func:`meter` noted (``mockgw.tape.effect``): the journal of
    ``mockgw server --state`` keeps these, not the calls (whose throttle buckets are not
    state)."""
    if len(change) != 4 or change[0] != COUNT_CALL:
        raise ValueError(f"not a metering change: {change!r}")
    _, plan_id, key_id, day = change
    plan = state.usage_plans.get(plan_id)
    if plan is None:
        raise ValueError(f"metering change for a usage plan that does not exist: {plan_id!r}")
    quota.count_call(plan, key_id, _dt.date.fromisoformat(day))


def _forbidden(call: Request, reason: str) -> WireResponse:
    return call.refuse(responses.INVALID_API_KEY, reason)


def _plan(call: Request, key: ApiKey) -> tuple[UsagePlan, dict[str, Any]] | None:
    for plan in call.state.usage_plans.values():
        if key.id in plan.key_ids:
            entry = plan.stage_entry(call.api_id, call.stage)
            if entry is not None:
                return plan, entry
    return None


def _take_token(
    call: Request,
    plan: UsagePlan,
    api_stage: dict[str, Any],
    key: ApiKey,
    resource_path: str,
    method: Method,
) -> bool:
    state = call.state
    throttles: Mapping[str, Mapping[str, Any]] = api_stage.get("throttle") or {}
    per_method: Mapping[str, Any] | None = None
    method_key = ""
    for verb in (call.method, method.http_method, "*"):
        method_key = f"{resource_path}/{verb}"
        per_method = throttles.get(method_key)
        if per_method is not None:
            break
    base: tuple[str, ...] = (state.account_id, state.region, plan.id, key.id)
    settings: Mapping[str, Any] | None
    if per_method is not None:
        settings = per_method
        bucket_key = (*base, call.api_id, call.stage, method_key)
    else:
        settings = plan.throttle
        bucket_key = base
    if settings is None or not settings.get("rateLimit"):
        return True
    now = clock.now()
    rate = float(settings["rateLimit"])
    capacity = float(settings.get("burstLimit") or max(1, math.ceil(rate)))
    buckets = call.gateway.buckets
    bucket = buckets.get(bucket_key)
    if bucket is None:
        bucket = buckets[bucket_key] = Bucket(capacity, now)
    elapsed = max(0.0, now - bucket.updated)
    bucket.tokens = min(capacity, bucket.tokens + elapsed * rate)
    bucket.updated = now
    if bucket.tokens < 1:
        return False
    bucket.tokens -= 1
    return True
