"""API keys: CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey, ImportApiKeys.

Facts from ../shared/aws-behaviour.md sections 1-6: ``enabled`` defaults to false, an empty name
or value counts as not given, values are 20..128 characters and unique, lists are newest first,
``nameQuery`` is a case-sensitive prefix, and deleting a key takes it out of every usage plan.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from mockgw import clock, errors, ids
from mockgw.services._base import Params, Result
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway._table import operations
from mockgw.services.apigateway.state import ApiGatewayState, ApiKey
from mockgw.services.apigateway.tags import validate_tags
from mockgw.services.apigateway.usage_plans import MAX_PLANS_PER_KEY, stage_text

MAX_NAME = 1024
MIN_VALUE, MAX_VALUE = 20, 128
MAX_DESCRIPTION = 125_000
UPDATABLE_PATHS = ("/description", "/enabled", "/name", "/customerId")


def api_key_view(key: ApiKey, *, include_value: bool, tags_always: bool) -> dict[str, Any]:
    """An ``ApiKey`` shape. Create responses and list items omit empty tags; Get and Update
    always carry ``tags`` (``{}`` when there are none), as recorded against AWS."""
    return {
        "id": key.id,
        "value": key.value if include_value else None,
        "name": key.name,
        "customerId": key.customer_id,
        "description": key.description,
        "enabled": key.enabled,
        "createdDate": key.created_date,
        "lastUpdatedDate": key.last_updated_date,
        "stageKeys": list(key.stage_keys),
        "tags": dict(key.tags) if (key.tags or tags_always) else None,
    }


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
    while True:
        key_id = ids.apigateway_id()
        if key_id not in state.api_keys:
            return key_id


def _new_value(state: ApiGatewayState) -> str:
    while True:
        value = ids.api_key_value()
        if value not in state.key_values:
            return value


def _store(state: ApiGatewayState, key: ApiKey) -> None:
    state.api_keys.add(key.id, key)
    state.key_values[key.value] = key.id


@operations("CreateApiKey")
def create_api_key(state: ApiGatewayState, params: Params) -> Result:
    name = params.get("name") or None
    description = params.get("description")
    value = params.get("value") or None
    _check_name(name)
    if value is not None:
        _check_value(state, value)
    _check_description(description)
    tags = params.get("tags") or {}
    validate_tags(tags)
    stage_keys = _stage_keys(state, params.get("stageKeys") or ())
    now = int(clock.now())
    key = ApiKey(
        id=_new_id(state),
        value=value or _new_value(state),
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


@operations("GetApiKey")
def get_api_key(state: ApiGatewayState, params: Params) -> Result:
    key = lookups.api_key(state, params["apiKey"])
    return api_key_view(key, include_value=bool(params.get("includeValue")), tags_always=True)


@operations("GetApiKeys")
def get_api_keys(state: ApiGatewayState, params: Params) -> Result:
    prefix = params.get("nameQuery") or ""
    customer = params.get("customerId")

    def keep(key: ApiKey) -> bool:
        if prefix and not (key.name or "").startswith(prefix):
            return False
        return customer is None or key.customer_id == customer

    filtering = bool(prefix) or customer is not None
    keys, position = lookups.paged(
        state.api_keys, params.get("limit"), params.get("position"), keep if filtering else None
    )
    include = bool(params.get("includeValues"))
    return {
        "items": [api_key_view(k, include_value=include, tags_always=False) for k in keys],
        "position": position,
    }


@operations("UpdateApiKey")
def update_api_key(state: ApiGatewayState, params: Params) -> Result:
    key = lookups.api_key(state, params["apiKey"])
    updated = replace(key, stage_keys=list(key.stage_keys), tags=dict(key.tags))
    for patch in params.get("patchOperations") or ():
        _apply_patch(state, updated, patch)
    updated.last_updated_date = int(clock.now())
    # Commit only after every operation was accepted: a failed patch changes nothing.
    for field_name in ("name", "description", "enabled", "customer_id", "stage_keys"):
        setattr(key, field_name, getattr(updated, field_name))
    key.last_updated_date = updated.last_updated_date
    return api_key_view(key, include_value=False, tags_always=True)


def _apply_patch(state: ApiGatewayState, key: ApiKey, patch: Mapping[str, Any]) -> None:
    op, path, value = patch.get("op"), patch.get("path") or "", patch.get("value")
    if op == "replace" and path in UPDATABLE_PATHS:
        if path == "/name":
            _check_name(value)
            key.name = value or None
        elif path == "/description":
            _check_description(value)
            key.description = value
        elif path == "/enabled":
            key.enabled = value == "true"  # AWS: anything but "true" disables (S-EXT, 4.3)
        else:
            key.customer_id = value
        return
    if op in ("add", "remove") and path == "/stages":
        # The pre-usage-plan way of binding a key to a stage: value is "restApiId/stageName".
        api_id, _, stage = (value or "").partition("/")
        if not api_id or not stage:
            raise errors.bad_request(f"Invalid stage key value specified: {value}")
        text = f"{api_id}/{stage}"
        if op == "add":
            _require_stage(state, api_id, stage)
            if text not in key.stage_keys:
                key.stage_keys.append(text)
        elif text in key.stage_keys:
            key.stage_keys.remove(text)
        return
    allowed = "[/description, /enabled, /name, /customerId]" if op == "replace" else "[/stages]"
    if op not in ("add", "remove", "replace"):
        raise errors.bad_request(
            "Invalid patch operation specified. Must be one of: [add, remove, replace]"
        )
    raise errors.bad_request(
        f"Invalid patch path  '{path}' specified for op '{op}'. Must be one of: {allowed}"
    )


@operations("DeleteApiKey")
def delete_api_key(state: ApiGatewayState, params: Params) -> Result:
    key = lookups.api_key(state, params["apiKey"])
    state.api_keys.remove(key.id)
    state.key_values.pop(key.value, None)
    for plan in state.usage_plans.values():
        if key.id in plan.key_ids:
            plan.key_ids.remove(key.id)
    return None


# ------------------------------------------------------------------------------ import

_IMPORT_COLUMNS = ("name", "key", "description", "enabled", "usageplanids")


@operations("ImportApiKeys")
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
    current = [] if existing_key_id is None else list(state.usage_plans.values())
    held = [p for p in current if existing_key_id in p.key_ids]
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
