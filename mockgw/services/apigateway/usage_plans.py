"""Usage plans: CreateUsagePlan, GetUsagePlan(s), UpdateUsagePlan, DeleteUsagePlan.

Facts from ../shared/aws-behaviour.md sections 7-10 and 13: a new plan answers ``apiStages: []``
and no throttle/quota/description/tags keys unless they were given; ``rateLimit`` is a double,
quota ``offset`` defaults to 0; Get and Update always carry ``tags`` while Create and list items
omit empty tags; apiStages must name real stages (an empty apiId or stage gives AWS's literal,
unformatted ``%s`` message); patch values for ``/apiStages`` are ``apiId:stage``.

Where AWS's behaviour is not recorded, the choices are documented next to the code (the module
docstring of ``usage_plan_keys`` lists the key-related ones).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from mockgw import errors, ids
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.rules import MAX_INT, TAGS
from mockgw.services.apigateway.records.usage_plans import UsagePlan, stage_text, usage_plan_view
from mockgw.services.apigateway.state import ApiGatewayState

PERIODS = ("DAY", "WEEK", "MONTH")

#: Recorded against AWS (aws-sdk#354, aws-cdk#6169): the format string is sent unformatted.
UNFORMATTED_STAGE = "Invalid API Stage {api: %s, stage: %s} specified for usageplan %s"
INVALID_STAGE = "Invalid API Stage specified"  # 9.3, 9.4

_STAGE_THROTTLE = "/apiStages/<apidId:stageName>/throttle"
_METHOD_THROTTLE = f"{_STAGE_THROTTLE}/<resourcePath>/<httpMethod>"
#: The lists an invalid patch path error names, per op. The ``remove`` list is real AWS text
#: (boto/boto3#2629, "apidId" sic); ``add`` and ``replace`` are written in the same style.
ALLOWED_PATHS = {
    "add": (
        "/apiStages",
        "/quota/limit",
        "/quota/offset",
        "/quota/period",
        "/throttle/rateLimit",
        "/throttle/burstLimit",
        f"{_METHOD_THROTTLE}/rateLimit",
        f"{_METHOD_THROTTLE}/burstLimit",
    ),
    "remove": (
        "/apiStages",
        "/quota",
        "/throttle",
        "/productCode",
        _METHOD_THROTTLE,
        _STAGE_THROTTLE,
    ),
    "replace": (
        "/name",
        "/description",
        "/productCode",
        "/quota/limit",
        "/quota/offset",
        "/quota/period",
        "/throttle/rateLimit",
        "/throttle/burstLimit",
        f"{_METHOD_THROTTLE}/rateLimit",
        f"{_METHOD_THROTTLE}/burstLimit",
    ),
}
#: Methods a per-method throttle key may name (``*``: every method).
THROTTLE_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY", "*")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


# ------------------------------------------------------------------------------ validation


def _check_name(name: str | None) -> str:
    # The name is required by the model; an empty one is refused (AWS's text is not recorded).
    if not name:
        raise errors.bad_request("Invalid Usage Plan name specified")
    return name


def _check_int(label: str, value: int) -> int:
    if not 0 <= value <= MAX_INT:
        raise errors.bad_request(
            f"Invalid {label} specified: {value}. Must be an integer from 0 to {MAX_INT}"
        )
    return value


def _check_rate(label: str, value: float) -> float:
    if not math.isfinite(value) or value < 0:
        raise errors.bad_request(
            f"Invalid {label} specified: {value}. Must be a non-negative number"
        )
    return float(value)


def _check_period(value: Any) -> str:
    if value not in PERIODS:
        shown = "" if value is None else value
        raise errors.bad_request(
            f"Invalid quota period specified: '{shown}'. Must be one of: [{', '.join(PERIODS)}]"
        )
    return str(value)


def _parse_int(label: str, text: str | None) -> int:
    if text is None or not _INTEGER.fullmatch(text.strip()):
        raise errors.bad_request(f"Invalid {label} specified: '{text}'. Must be an integer")
    return _check_int(label, int(text.strip()))


def _parse_rate(label: str, text: str | None) -> float:
    if text is None or not _NUMBER.fullmatch(text.strip()):
        raise errors.bad_request(f"Invalid {label} specified: '{text}'. Must be a number")
    return _check_rate(label, float(text.strip()))


def new_throttle(given: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """ThrottleSettings as AWS stores them: both members, unset ones 0 (as the recorded quota
    ``offset`` defaults to 0, AWS's settings are primitives)."""
    given = given or {}
    burst, rate = given.get("burstLimit"), given.get("rateLimit")
    return {
        "burstLimit": 0 if burst is None else _check_int("throttle burstLimit", burst),
        "rateLimit": 0.0 if rate is None else _check_rate("throttle rateLimit", rate),
    }


def _new_quota(given: Mapping[str, Any]) -> dict[str, Any]:
    limit, offset = given.get("limit"), given.get("offset")
    return {
        "limit": 0 if limit is None else _check_int("quota limit", limit),
        "offset": 0 if offset is None else _check_int("quota offset", offset),
        "period": _check_period(given.get("period")),
    }


def _method_key(raw: str) -> str:
    """A per-method throttle key, ``{resourcePath}/{httpMethod}`` such as ``/pets/GET``; JSON
    Pointer escapes (``~1`` for ``/``) are undone. Raises ValueError when malformed."""
    key = raw.replace("~1", "/").replace("~0", "~")
    path, _, method = key.rpartition("/")
    if not path.startswith("/") or method not in THROTTLE_METHODS:
        raise ValueError(key)
    return key


def _stage_throttles(
    throttles: Mapping[str, Mapping[str, Any]] | None,
) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for raw, settings in (throttles or {}).items():
        try:
            key = _method_key(raw)
        except ValueError:
            raise errors.bad_request(
                f"Invalid method throttle key '{raw}' specified. "
                "Must be {resourcePath}/{httpMethod}, e.g. /pets/GET"
            ) from None
        out[key] = new_throttle(settings)
    return out


def _stage_index(plan_stages: Sequence[Mapping[str, Any]], api_id: str, stage: str) -> int:
    for index, entry in enumerate(plan_stages):
        if entry["apiId"] == api_id and entry["stage"] == stage:
            return index
    return -1


def _create_stages(
    state: ApiGatewayState, given: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    stages: list[dict[str, Any]] = []
    for entry in given:
        api_id, stage = entry.get("apiId"), entry.get("stage")
        # 7.5/7.6: an empty or missing member, and (in the newest reports) a stage that does not
        # exist, give AWS's unformatted text with 400.
        if not api_id or not stage or not state.stage_exists(api_id, stage):
            raise errors.bad_request(UNFORMATTED_STAGE)
        if _stage_index(stages, api_id, stage) >= 0:
            raise errors.bad_request(
                f"API Stage {{api: {api_id}, stage: {stage}}} is specified more than once"
            )
        stages.append(
            {"apiId": api_id, "stage": stage, "throttle": _stage_throttles(entry.get("throttle"))}
        )
    return stages


# ------------------------------------------------------------------------------ operations


def _new_id(state: ApiGatewayState) -> str:
    return ids.unique(ids.usage_plan_id, state.usage_plans)


@operation("CreateUsagePlan")
def create_usage_plan(state: ApiGatewayState, params: Params) -> Result:
    name = _check_name(params.get("name"))
    stages = _create_stages(state, params.get("apiStages") or ())
    throttle = params.get("throttle")
    quota = params.get("quota")
    tags = params.get("tags") or {}
    TAGS.check(tags)
    plan = UsagePlan(
        id=_new_id(state),
        name=name,
        description=params.get("description") or None,
        api_stages=stages,
        throttle=None if throttle is None else new_throttle(throttle),
        quota=None if quota is None else _new_quota(quota),
        tags=dict(tags),
    )
    state.usage_plans.add(plan.id, plan)
    return usage_plan_view(plan, tags_always=False)


@operation("GetUsagePlan")
def get_usage_plan(state: ApiGatewayState, params: Params) -> Result:
    plan = lookups.usage_plan(state, params["usagePlanId"])
    return usage_plan_view(plan, tags_always=True)


@operation("GetUsagePlans")
def get_usage_plans(state: ApiGatewayState, params: Params) -> Result:
    key_id = params.get("keyId")

    def keep(plan: UsagePlan) -> bool:
        return key_id in plan.key_ids

    plans, position = lookups.newest_first(state.usage_plans, params, keep if key_id else None)
    return {
        "items": [usage_plan_view(p, tags_always=False) for p in plans],
        "position": position,
    }


@operation("DeleteUsagePlan")
def delete_usage_plan(state: ApiGatewayState, params: Params) -> Result:
    plan = lookups.usage_plan(state, params["usagePlanId"])
    if plan.api_stages:
        # Real AWS text (aws/aws-sdk-js#3841, serverless/serverless#4006).
        first = plan.api_stages[0]
        raise errors.bad_request(
            f"Cannot delete Usage Plan {plan.id} because there are API Stages associated with "
            f"it, including {stage_text(first['apiId'], first['stage'])}"
        )
    state.usage_plans.remove(plan.id)
    return None


# ------------------------------------------------------------------------------ update


@operation("UpdateUsagePlan")
def update_usage_plan(state: ApiGatewayState, params: Params) -> Result:
    plan = lookups.usage_plan(state, params["usagePlanId"])
    draft = patch.draft(plan, *_UPDATED)
    UPDATE.apply(draft, params.get("patchOperations"), (state, plan))
    if draft.quota is not None:
        _check_period(draft.quota.get("period"))  # a quota needs a period to mean anything
    before = {(s["apiId"], s["stage"]) for s in plan.api_stages}
    added = [s for s in draft.api_stages if (s["apiId"], s["stage"]) not in before]
    for key_id in plan.key_ids.values():
        clash = lookups.stage_conflict(state, key_id, added, exclude=plan.id)
        if clash is not None:
            other, entry = clash
            raise errors.conflict(
                f"API Stage {stage_text(entry['apiId'], entry['stage'])} cannot be added to "
                f"Usage Plan {plan.id}: API Key {key_id} is also in Usage Plan {other.id}, "
                "which has this API Stage; an API key can be in one usage plan per API stage"
            )
    patch.commit(plan, draft, *_UPDATED)
    return usage_plan_view(plan, tags_always=True)


_UPDATED = ("name", "description", "product_code", "throttle", "quota", "api_stages")


def _set_name(draft: UsagePlan, change: patch.Change) -> None:
    draft.name = _check_name(change.value)


def _set_text(attribute: str) -> patch.Apply:
    def apply(draft: UsagePlan, change: patch.Change) -> None:
        setattr(draft, attribute, (change.value or None) if change.op == "replace" else None)

    return apply


def _set_throttle(draft: UsagePlan, change: patch.Change) -> None:
    draft.throttle = _set_limit(draft.throttle, change.args["member"], change.value, "throttle")


def _set_quota(draft: UsagePlan, change: patch.Change) -> None:
    quota: dict[str, Any] = draft.quota if draft.quota is not None else {"limit": 0, "offset": 0}
    member = change.args["member"]
    if member == "period":
        quota["period"] = _check_period(change.value)
    else:
        quota[member] = _parse_int(f"quota {member}", change.value)
    draft.quota = quota


def _set_limit(
    throttle: dict[str, Any] | None, member: str, value: str | None, label: str
) -> dict[str, Any]:
    throttle = throttle if throttle is not None else new_throttle()
    if member == "rateLimit":
        throttle["rateLimit"] = _parse_rate(f"{label} rateLimit", value)
    else:
        throttle["burstLimit"] = _parse_int(f"{label} burstLimit", value)
    return throttle


def _parse_stage_value(value: str | None) -> tuple[str, str]:
    api_id, colon, stage = (value or "").partition(":")
    if not colon or not api_id or not stage:
        raise errors.bad_request(INVALID_STAGE)
    return api_id, stage


def _missing_stage(plan: UsagePlan, api_id: str, stage: str) -> errors.ServiceError:
    # 9.5/9.6: recorded with 404 and the formatted text.
    return errors.not_found(
        f"Invalid API Stage {{api: {api_id}, stage: {stage}}} specified for usageplan {plan.id}"
    )


def _patch_api_stages(draft: UsagePlan, change: patch.Change) -> None:
    state, plan = change.context
    api_id, stage = _parse_stage_value(change.value)
    index = _stage_index(draft.api_stages, api_id, stage)
    if change.op == "remove":
        if index < 0:
            raise _missing_stage(plan, api_id, stage)
        del draft.api_stages[index]
        return
    if not state.stage_exists(api_id, stage):
        raise _missing_stage(plan, api_id, stage)
    if index >= 0:
        raise errors.conflict(
            f"API Stage {stage_text(api_id, stage)} is already in Usage Plan {plan.id}"
        )
    draft.api_stages.append({"apiId": api_id, "stage": stage, "throttle": {}})


def _stage_throttles_of(draft: UsagePlan, change: patch.Change) -> dict[str, dict[str, Any]]:
    _, plan = change.context
    api_id, stage = _parse_stage_value(change.args["stage"])
    index = _stage_index(draft.api_stages, api_id, stage)
    if index < 0:
        raise _missing_stage(plan, api_id, stage)
    throttles: dict[str, dict[str, Any]] = draft.api_stages[index]["throttle"]
    return throttles


def _throttle_key(change: patch.Change) -> str:
    try:
        return _method_key(change.args["method"])
    except ValueError:
        raise change.invalid_path() from None


def _set_method_throttle(draft: UsagePlan, change: patch.Change) -> None:
    """``/apiStages/{apiId:stage}/throttle/{resourcePath}/{httpMethod}/rateLimit|burstLimit``
    (the resource path unescaped, as terraform sends it: ``.../throttle//pets/GET/rateLimit``)."""
    key = _throttle_key(change)
    throttles = _stage_throttles_of(draft, change)
    member = change.args["member"]
    throttles[key] = _set_limit(throttles.get(key), member, change.value, "method throttle")


def _remove_method_throttle(draft: UsagePlan, change: patch.Change) -> None:
    """``/apiStages/{apiId:stage}/throttle[/{resourcePath}/{httpMethod}]``: one method's
    throttle, or (with no method) every one of the stage's."""
    key = _throttle_key(change) if change.args.get("method") else None
    throttles = _stage_throttles_of(draft, change)
    if key is None:
        throttles.clear()
    else:
        throttles.pop(key, None)


_STAGE = "/apiStages/{stage:[^/]*}/throttle"
UPDATE = patch.PatchTable(
    patch.Rule(("add", "remove"), "/apiStages", _patch_api_stages),
    patch.Rule(
        ("add", "replace"),
        _STAGE + "/{method+}/{member:rateLimit|burstLimit}",
        _set_method_throttle,
    ),
    patch.Rule(("remove",), _STAGE + "/{method*}", _remove_method_throttle),
    patch.Rule(("remove",), _STAGE, _remove_method_throttle),
    patch.Rule(("replace",), "/name", _set_name),
    patch.Rule(("replace",), "/description", _set_text("description")),
    patch.Rule(("replace", "remove"), "/productCode", _set_text("product_code")),
    patch.Rule(("remove",), "/throttle", patch.setter("throttle", lambda _: None)),
    patch.Rule(("remove",), "/quota", patch.setter("quota", lambda _: None)),
    patch.Rule(("add", "replace"), "/throttle/{member:rateLimit|burstLimit}", _set_throttle),
    patch.Rule(("add", "replace"), "/quota/{member:limit|offset|period}", _set_quota),
    listed=ALLOWED_PATHS,
)
