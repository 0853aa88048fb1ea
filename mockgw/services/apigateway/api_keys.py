"""API keys: CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey, ImportApiKeys.

Facts from ../shared/aws-behaviour.md sections 1-6: ``enabled`` defaults to false, an empty name
or value counts as not given, values are 20..128 characters and unique, lists are newest first,
``nameQuery`` is a case-sensitive prefix, and deleting a key takes it out of every usage plan.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from mockgw import clock, errors, ids
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.lookups import MAX_PLANS_PER_KEY
from mockgw.services.apigateway.records.api_keys import ApiKey, api_key_view
from mockgw.services.apigateway.records.rules import TAGS
from mockgw.services.apigateway.records.usage_plans import stage_text
from mockgw.services.apigateway.state import ApiGatewayState

MAX_NAME = 1024
MIN_VALUE, MAX_VALUE = 20, 128
MAX_DESCRIPTION = 125_000


def _check_name(name: str | None) -> None:
    if name is not None and len(name) > MAX_NAME:
        raise errors.bad_request(f"Invalid API Key name, can be at most {MAX_NAME} characters.")


def _check_description(description: str | None) -> None:
    if description is not None and len(description) > MAX_DESCRIPTION:
        raise errors.bad_request("Invalid API Key description specified.")


def _check_value(state: ApiGatewayState, value: str, replacing: str | None = None) -> None:
    if len(value) < MIN_VALUE:
        raise errors.bad_request(f"API Key value should be at least {MIN_VALUE} characters")
    if len(value) > MAX_VALUE:
        raise errors.bad_request(f"API Key value exceeds maximum size of {MAX_VALUE} characters")
    owner = state.key_values.get(value)
    if owner is not None and owner != replacing:
        raise errors.conflict("API Key already exists")


def _stage_keys(state: ApiGatewayState, stage_keys: Sequence[Mapping[str, str]]) -> list[str]:
    out: list[str] = []
    for stage_key in stage_keys:
        api_id, stage = stage_key.get("restApiId"), stage_key.get("stageName")
        if not api_id or not stage:
            raise errors.bad_request(
                "Invalid stage key specified: restApiId and stageName are required"
            )
        _require_stage(state, api_id, stage)
        text = f"{api_id}/{stage}"
        if text not in out:
            out.append(text)
    return out


def _require_stage(state: ApiGatewayState, api_id: str, stage: str) -> None:
    lookups.stage(lookups.rest_api(state, api_id), stage)


def _new_id(state: ApiGatewayState) -> str:
    return ids.unique(ids.apigateway_id, state.api_keys)


def _store(state: ApiGatewayState, key: ApiKey) -> None:
    state.api_keys.add(key.id, key)
    state.key_values[key.value] = key.id


@operation("CreateApiKey")
def create_api_key(state: ApiGatewayState, params: Params) -> Result:
    name = params.get("name") or None
    description = params.get("description")
    value = params.get("value") or None
    _check_name(name)
    if value is not None:
        _check_value(state, value)
    _check_description(description)
    tags = params.get("tags") or {}
    TAGS.check(tags)
    stage_keys = _stage_keys(state, params.get("stageKeys") or ())
    now = int(clock.now())
    key = ApiKey(
        id=_new_id(state),
        value=value or ids.unique(ids.api_key_value, state.key_values),
        name=name,
        description=description,
        enabled=bool(params.get("enabled", False)),
        customer_id=params.get("customerId"),
        created_date=now,
        last_updated_date=now,
        stage_keys=stage_keys,
        tags=dict(tags),
    )
    _store(state, key)
    return api_key_view(key, include_value=True, tags_always=False)


@operation("GetApiKey")
def get_api_key(state: ApiGatewayState, params: Params) -> Result:
    key = lookups.api_key(state, params["apiKey"])
    return api_key_view(key, include_value=bool(params.get("includeValue")), tags_always=True)


@operation("GetApiKeys")
def get_api_keys(state: ApiGatewayState, params: Params) -> Result:
    prefix = params.get("nameQuery") or ""
    customer = params.get("customerId")

    def keep(key: ApiKey) -> bool:
        if prefix and not (key.name or "").startswith(prefix):
            return False
        return customer is None or key.customer_id == customer

    filtering = bool(prefix) or customer is not None
    keys, position = lookups.newest_first(state.api_keys, params, keep if filtering else None)
    include = bool(params.get("includeValues"))
    return {
        "items": [api_key_view(k, include_value=include, tags_always=False) for k in keys],
        "position": position,
    }


def _set_name(key: ApiKey, change: patch.Change) -> None:
    _check_name(change.value)
    key.name = change.value or None


def _set_description(key: ApiKey, change: patch.Change) -> None:
    _check_description(change.value)
    key.description = change.value


def _set_enabled(key: ApiKey, change: patch.Change) -> None:
    key.enabled = change.value == "true"  # AWS: anything but "true" disables (S-EXT, 4.3)


def _set_stages(key: ApiKey, change: patch.Change) -> None:
    """The pre-usage-plan way of binding a key to a stage: value is "restApiId/stageName"."""
    api_id, _, stage = (change.value or "").partition("/")
    if not api_id or not stage:
        raise errors.bad_request(f"Invalid stage key value specified: {change.value}")
    text = f"{api_id}/{stage}"
    if change.op == "add":
        _require_stage(change.context, api_id, stage)
        if text not in key.stage_keys:
            key.stage_keys.append(text)
    elif text in key.stage_keys:
        key.stage_keys.remove(text)


#: Recorded: ``Invalid patch path  '/id' specified for op 'replace'. Must be one of:
#: [/description, /enabled, /name, /customerId]`` (aws-behaviour.md 4.5).
UPDATE = patch.PatchTable(
    patch.Rule(("replace",), "/description", _set_description),
    patch.Rule(("replace",), "/enabled", _set_enabled),
    patch.Rule(("replace",), "/name", _set_name),
    patch.Rule(("replace",), "/customerId", patch.setter("customer_id")),
    patch.Rule(("add", "remove"), "/stages", _set_stages),
)
_UPDATED = ("name", "description", "enabled", "customer_id", "stage_keys", "last_updated_date")


@operation("UpdateApiKey")
def update_api_key(state: ApiGatewayState, params: Params) -> Result:
    key = lookups.api_key(state, params["apiKey"])
    draft = patch.draft(key, "stage_keys")
    UPDATE.apply(draft, params.get("patchOperations"), state)
    draft.last_updated_date = int(clock.now())
    patch.commit(key, draft, *_UPDATED)
    return api_key_view(key, include_value=False, tags_always=True)


@operation("DeleteApiKey")
def delete_api_key(state: ApiGatewayState, params: Params) -> Result:
    key = lookups.api_key(state, params["apiKey"])
    state.api_keys.remove(key.id)
    state.key_values.pop(key.value, None)
    for plan in lookups.plans_of_key(state, key.id):
        plan.key_ids.remove(key.id)
    return None


# ------------------------------------------------------------------------------ import

_IMPORT_COLUMNS = ("name", "key", "description", "enabled", "usageplanids")


@operation("ImportApiKeys")
def import_api_keys(state: ApiGatewayState, params: Params) -> Result:
    """CSV import (``api-key-file-format``): Name and Key are required columns, headers are
    case-insensitive and may come in any order; a value already present is overwritten."""
    raw = params.get("body") or b""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else str(raw)
    except UnicodeDecodeError:
        raise errors.bad_request("Invalid API key file: the file must be UTF-8 text") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise errors.bad_request("Invalid API key file: the file is empty")
    header = [column.strip().lower() for column in rows[0]]
    for required in ("name", "key"):
        if required not in header:
            raise errors.bad_request(
                f"Invalid API key file: the header must have a column named '{required.title()}'"
            )
    column = {name: header.index(name) for name in _IMPORT_COLUMNS if name in header}
    fail_on_warnings = bool(params.get("failOnWarnings"))
    planned: list[tuple[ApiKey, list[str]]] = []
    warnings: list[str] = []
    seen_values: dict[str, int] = {}
    for line_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        problem, entry = _import_row(state, row, column, seen_values)
        if problem is not None:
            warnings.append(f"Line {line_number}: {problem}")
            continue
        assert entry is not None
        seen_values[entry[0].value] = len(planned)
        planned.append(entry)
    if warnings and fail_on_warnings:
        raise errors.bad_request("; ".join(warnings))
    now = int(clock.now())
    imported: list[str] = []
    for key, plan_ids in planned:
        existing_id = state.key_values.get(key.value)
        if existing_id is not None:  # the same value again overwrites the earlier key
            existing = state.api_keys.get(existing_id)
            assert existing is not None
            existing.name, existing.description = key.name, key.description
            existing.enabled, existing.last_updated_date = key.enabled, now
            key = existing
        else:
            key.id = _new_id(state)
            key.created_date = key.last_updated_date = now
            _store(state, key)
        for plan_id in plan_ids:
            plan = state.usage_plans.get(plan_id)
            if plan is not None and key.id not in plan.key_ids:
                plan.key_ids.add(key.id, key.id)
        imported.append(key.id)
    return {"ids": imported, "warnings": warnings or None}


def _import_row(
    state: ApiGatewayState,
    row: Sequence[str],
    column: Mapping[str, int],
    seen_values: Mapping[str, int],
) -> tuple[str | None, tuple[ApiKey, list[str]] | None]:
    def cell(name: str) -> str:
        index = column.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    name, value = cell("name"), cell("key")
    if not value:
        return "the Key column is empty", None
    if not MIN_VALUE <= len(value) <= MAX_VALUE:
        return f"API Key value must be between {MIN_VALUE} and {MAX_VALUE} characters", None
    if len(name) > MAX_NAME:
        return f"Invalid API Key name, can be at most {MAX_NAME} characters.", None
    if value in seen_values:
        return "the same API key value appears twice in the file", None
    enabled_text = cell("enabled").lower()
    if enabled_text not in ("", "true", "false"):
        return f"Invalid Enabled value '{cell('enabled')}': must be TRUE or FALSE", None
    plan_ids = list(dict.fromkeys(p.strip() for p in cell("usageplanids").split(",") if p.strip()))
    missing = [p for p in plan_ids if p not in state.usage_plans]
    if missing:
        return f"Invalid Usage Plan ID specified: {', '.join(missing)}", None
    problem = _membership_problem(state, state.key_values.get(value), plan_ids)
    if problem is not None:
        return problem, None
    key = ApiKey(
        id="",
        value=value,
        name=name or None,
        description=cell("description") or None,
        enabled=enabled_text != "false",
        customer_id=None,
        created_date=0,
        last_updated_date=0,
    )
    return None, (key, plan_ids)


def _membership_problem(
    state: ApiGatewayState, existing_key_id: str | None, plan_ids: Sequence[str]
) -> str | None:
    """The rules CreateUsagePlanKey enforces, for a key the import adds to ``plan_ids``: one
    usage plan per API stage, and at most ``MAX_PLANS_PER_KEY`` plans per key."""
    plans = [p for p in (state.usage_plans.get(i) for i in plan_ids) if p is not None]
    held = [] if existing_key_id is None else lookups.plans_of_key(state, existing_key_id)
    joining = [p for p in plans if p not in held]
    if len(held) + len(joining) > MAX_PLANS_PER_KEY:
        return f"an API key can be in at most {MAX_PLANS_PER_KEY} usage plans"
    seen: dict[tuple[str, str], str] = {}
    for plan in [*held, *joining]:
        for entry in plan.api_stages:
            stage = (entry["apiId"], entry["stage"])
            other = seen.setdefault(stage, plan.id)
            if other != plan.id:
                return (
                    f"Usage Plans {other} and {plan.id} share API Stage {stage_text(*stage)}; "
                    "an API key can be in one usage plan per API stage"
                )
    return None
