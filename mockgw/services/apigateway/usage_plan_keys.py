"""Usage plan keys: CreateUsagePlanKey, GetUsagePlanKey(s), DeleteUsagePlanKey.

Recorded (aws-behaviour.md section 11): Create answers 201 ``{id, type, value, name}`` with the
API key's id and value; GetUsagePlanKeys always includes ``value``, lists newest first, filters
by a case-sensitive name prefix, and answers ``items: []`` (not 404) for an unknown plan.

Chosen where AWS's text is not recorded:
- keyType other than ``API_KEY``: 400 ``Invalid Usage Plan Key type specified: '<t>'. Must be
  one of: [API_KEY]`` (the model documents API_KEY as the only type; botocore does not check).
- the key already in the plan: 409 ``API Key <k> is already in Usage Plan <p>``.
- the key in another plan that shares an API stage: 409 naming both plans and the stage (AWS
  documents that a key may be in only one usage plan per API stage).
- the key already in 10 plans (the documented, fixed quota): 400, not 429, because it is not
  transient and botocore retries LimitExceededException.
- GetUsagePlanKey/DeleteUsagePlanKey on a key that exists but is not in the plan: 404
  ``Invalid Usage Plan ID specified``, the text
  moto PR #2927 reports as API Gateway's (11.11).
"""

from __future__ import annotations

from mockgw import errors
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.lookups import MAX_PLANS_PER_KEY
from mockgw.services.apigateway.records.api_keys import ApiKey, usage_plan_key_view
from mockgw.services.apigateway.records.usage_plans import UsagePlan, stage_text
from mockgw.services.apigateway.state import ApiGatewayState

KEY_TYPES = ("API_KEY",)


def _member(state: ApiGatewayState, plan_id: str, key_id: str) -> tuple[UsagePlan, ApiKey]:
    plan = lookups.usage_plan(state, plan_id)
    key = lookups.api_key(state, key_id)
    if key.id not in plan.key_ids:
        raise errors.not_found("Invalid Usage Plan ID specified")
    return plan, key


@operation("CreateUsagePlanKey")
def create_usage_plan_key(state: ApiGatewayState, params: Params) -> Result:
    key_type = params["keyType"]
    if key_type not in KEY_TYPES:
        raise errors.bad_request(
            f"Invalid Usage Plan Key type specified: '{key_type}'. "
            f"Must be one of: [{', '.join(KEY_TYPES)}]"
        )
    plan = lookups.usage_plan(state, params["usagePlanId"])
    key = lookups.api_key(state, params["keyId"])
    if key.id in plan.key_ids:
        raise errors.conflict(f"API Key {key.id} is already in Usage Plan {plan.id}")
    clash = lookups.stage_conflict(state, key.id, plan.api_stages, exclude=plan.id)
    if clash is not None:
        other, entry = clash
        raise errors.conflict(
            f"API Key {key.id} cannot be added to Usage Plan {plan.id}: it is already in Usage "
            f"Plan {other.id}, which shares API Stage {stage_text(entry['apiId'], entry['stage'])}"
            "; an API key can be in one usage plan per API stage"
        )
    if len(lookups.plans_of_key(state, key.id)) >= MAX_PLANS_PER_KEY:
        raise errors.bad_request(
            f"API Key {key.id} cannot be added to Usage Plan {plan.id}: an API key can be in "
            f"at most {MAX_PLANS_PER_KEY} usage plans"
        )
    plan.key_ids.add(key.id, key.id)
    return usage_plan_key_view(key)


@operation("GetUsagePlanKey")
def get_usage_plan_key(state: ApiGatewayState, params: Params) -> Result:
    _, key = _member(state, params["usagePlanId"], params["keyId"])
    return usage_plan_key_view(key)


@operation("GetUsagePlanKeys")
def get_usage_plan_keys(state: ApiGatewayState, params: Params) -> Result:
    plan = state.usage_plans.get(params["usagePlanId"])
    if plan is None:  # 11.8: an unknown plan lists nothing, it is not an error
        return {"items": []}
    prefix = params.get("nameQuery") or ""

    def keep(key_id: str) -> bool:
        key = state.api_keys.get(key_id)
        return key is not None and (key.name or "").startswith(prefix)

    key_ids, position = lookups.newest_first(plan.key_ids, params, keep if prefix else None)
    items = []
    for key_id in key_ids:
        key = state.api_keys.get(key_id)
        if key is not None:
            items.append(usage_plan_key_view(key))
    return {"items": items, "position": position}


@operation("DeleteUsagePlanKey")
def delete_usage_plan_key(state: ApiGatewayState, params: Params) -> Result:
    plan, key = _member(state, params["usagePlanId"], params["keyId"])
    plan.key_ids.remove(key.id)
    return None
