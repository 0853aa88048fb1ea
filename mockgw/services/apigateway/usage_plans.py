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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mockgw import errors, ids
from mockgw.services._base import Params, Result
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway._table import operations
from mockgw.services.apigateway.state import ApiGatewayState, UsagePlan
from mockgw.services.apigateway.tags import validate_tags

PERIODS = ("DAY", "WEEK", "MONTH")
MAX_INT = 2**31 - 1  # AWS's integer members are 32-bit
MAX_PLANS_PER_KEY = 10  # aws-behaviour.md 7.9

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
HTTP_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY", "*")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


# ------------------------------------------------------------------------------ views


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
    if not path.startswith("/") or method not in HTTP_METHODS:
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


def stage_text(api_id: str, stage: str) -> str:
    return f"{api_id}:{stage}"


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


def stage_conflict(
    state: ApiGatewayState,
    key_id: str,
    stages: Iterable[Mapping[str, Any]],
    exclude: str,
) -> tuple[UsagePlan, Mapping[str, Any]] | None:
    """Another plan holding ``key_id`` that shares one of ``stages`` (an API key may be in only
    one usage plan per API stage), with the shared stage."""
    wanted = {(s["apiId"], s["stage"]) for s in stages}
    if not wanted:
        return None
    for other in state.usage_plans.values():
        if other.id == exclude or key_id not in other.key_ids:
            continue
        for entry in other.api_stages:
            if (entry["apiId"], entry["stage"]) in wanted:
                return other, entry
    return None


def plans_of_key(state: ApiGatewayState, key_id: str) -> int:
    return sum(1 for plan in state.usage_plans.values() if key_id in plan.key_ids)


# ------------------------------------------------------------------------------ operations


def _new_id(state: ApiGatewayState) -> str:
    while True:
        plan_id = ids.usage_plan_id()
        if plan_id not in state.usage_plans:
            return plan_id


@operations("CreateUsagePlan")
def create_usage_plan(state: ApiGatewayState, params: Params) -> Result:
    name = _check_name(params.get("name"))
    stages = _create_stages(state, params.get("apiStages") or ())
    throttle = params.get("throttle")
    quota = params.get("quota")
    tags = params.get("tags") or {}
    validate_tags(tags)
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


@operations("GetUsagePlan")
def get_usage_plan(state: ApiGatewayState, params: Params) -> Result:
    plan = lookups.usage_plan(state, params["usagePlanId"])
    return usage_plan_view(plan, tags_always=True)


@operations("GetUsagePlans")
def get_usage_plans(state: ApiGatewayState, params: Params) -> Result:
    key_id = params.get("keyId")

    def keep(plan: UsagePlan) -> bool:
        return key_id in plan.key_ids

    plans, position = lookups.paged(
        state.usage_plans, params.get("limit"), params.get("position"), keep if key_id else None
    )
    return {
        "items": [usage_plan_view(p, tags_always=False) for p in plans],
        "position": position,
    }


@operations("DeleteUsagePlan")
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


@dataclass
class _Draft:
    """The plan's updatable fields, patched in order and committed only if every op succeeds."""

    name: str
    description: str | None
    product_code: str | None
    throttle: dict[str, Any] | None
    quota: dict[str, Any] | None
    api_stages: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, plan: UsagePlan) -> _Draft:
        return cls(
            name=plan.name,
            description=plan.description,
            product_code=plan.product_code,
            throttle=None if plan.throttle is None else dict(plan.throttle),
            quota=None if plan.quota is None else dict(plan.quota),
            api_stages=[
                {
                    "apiId": s["apiId"],
                    "stage": s["stage"],
                    "throttle": {k: dict(v) for k, v in (s.get("throttle") or {}).items()},
                }
                for s in plan.api_stages
            ],
        )


@operations("UpdateUsagePlan")
def update_usage_plan(state: ApiGatewayState, params: Params) -> Result:
    plan = lookups.usage_plan(state, params["usagePlanId"])
    draft = _Draft.of(plan)
    for patch in params.get("patchOperations") or ():
        _apply_patch(state, plan, draft, patch)
    if draft.quota is not None:
        _check_period(draft.quota.get("period"))  # a quota needs a period to mean anything
    before = {(s["apiId"], s["stage"]) for s in plan.api_stages}
    added = [s for s in draft.api_stages if (s["apiId"], s["stage"]) not in before]
    for key_id in plan.key_ids.values():
        clash = stage_conflict(state, key_id, added, exclude=plan.id)
        if clash is not None:
            other, entry = clash
            raise errors.conflict(
                f"API Stage {stage_text(entry['apiId'], entry['stage'])} cannot be added to "
                f"Usage Plan {plan.id}: API Key {key_id} is also in Usage Plan {other.id}, "
                "which has this API Stage; an API key can be in one usage plan per API stage"
            )
    plan.name, plan.description = draft.name, draft.description
    plan.product_code, plan.throttle, plan.quota = draft.product_code, draft.throttle, draft.quota
    plan.api_stages = draft.api_stages
    return usage_plan_view(plan, tags_always=True)


def _invalid_path(op: str, path: str) -> errors.ServiceError:
    allowed = ", ".join(ALLOWED_PATHS[op])
    return errors.bad_request(
        f"Invalid patch path  '{path}' specified for op '{op}'. Must be one of: [{allowed}]"
    )


def _apply_patch(
    state: ApiGatewayState, plan: UsagePlan, draft: _Draft, patch: Mapping[str, Any]
) -> None:
    op, path, value = patch.get("op"), patch.get("path") or "", patch.get("value")
    if op not in ALLOWED_PATHS:
        raise errors.bad_request(
            "Invalid patch operation specified. Must be one of: [add, remove, replace]"
        )
    if path == "/apiStages" and op in ("add", "remove"):
        _patch_api_stages(state, plan, draft, op, value)
    elif path.startswith("/apiStages/"):
        _patch_stage_throttle(plan, draft, op, path, value)
    elif op == "replace" and path == "/name":
        draft.name = _check_name(value)
    elif op == "replace" and path == "/description":
        draft.description = value or None
    elif op == "replace" and path == "/productCode":
        draft.product_code = value or None
    elif op == "remove" and path == "/productCode":
        draft.product_code = None
    elif op == "remove" and path == "/throttle":
        draft.throttle = None
    elif op == "remove" and path == "/quota":
        draft.quota = None
    elif op in ("add", "replace") and path in ("/throttle/rateLimit", "/throttle/burstLimit"):
        draft.throttle = _set_limit(draft.throttle, path.rsplit("/", 1)[1], value, "throttle")
    elif op in ("add", "replace") and path in ("/quota/limit", "/quota/offset", "/quota/period"):
        quota: dict[str, Any] = (
            draft.quota if draft.quota is not None else {"limit": 0, "offset": 0}
        )
        member = path.rsplit("/", 1)[1]
        if member == "period":
            quota["period"] = _check_period(value)
        else:
            quota[member] = _parse_int(f"quota {member}", value)
        draft.quota = quota
    else:
        raise _invalid_path(op, path)


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


def _patch_api_stages(
    state: ApiGatewayState, plan: UsagePlan, draft: _Draft, op: str, value: str | None
) -> None:
    api_id, stage = _parse_stage_value(value)
    index = _stage_index(draft.api_stages, api_id, stage)
    if op == "remove":
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


def _patch_stage_throttle(
    plan: UsagePlan, draft: _Draft, op: str, path: str, value: str | None
) -> None:
    """``/apiStages/{apiId:stage}/throttle[/{resourcePath}/{httpMethod}[/rateLimit|burstLimit]]``
    (the resource path unescaped, as terraform sends it: ``.../throttle//pets/GET/rateLimit``)."""
    ident, _, rest = path[len("/apiStages/") :].partition("/")
    if rest != "throttle" and not rest.startswith("throttle/"):
        raise _invalid_path(op, path)
    tail = rest[len("throttle/") :] if rest != "throttle" else ""
    member = None
    if op in ("add", "replace"):
        key_text, _, member = tail.rpartition("/")
        if member not in ("rateLimit", "burstLimit"):
            raise _invalid_path(op, path)
    else:
        key_text = tail
    key = None
    if key_text or op != "remove":
        try:
            key = _method_key(key_text)
        except ValueError:
            raise _invalid_path(op, path) from None
    api_id, stage = _parse_stage_value(ident)
    index = _stage_index(draft.api_stages, api_id, stage)
    if index < 0:
        raise _missing_stage(plan, api_id, stage)
    throttles: dict[str, dict[str, Any]] = draft.api_stages[index]["throttle"]
    if op == "remove":
        if key is None:
            throttles.clear()
        else:
            throttles.pop(key, None)
        return
    assert key is not None and member is not None
    throttles[key] = _set_limit(throttles.get(key), member, value, "method throttle")
