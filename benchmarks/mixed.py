"""A mixed workload of both services, mockgw against moto: the time a test suite spends.

API Gateway: create keys, create a usage plan, attach the keys, page through keys and plan
keys, read, update, detach and delete. AppSync: create a GraphQL API, create keys, page through
them, update and delete them, delete the API. Every step names the operations it needs; a step
mockgw does not support yet is left out of *both* timings and the figure says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks._common import Figure, clean_session, interleave, moto_missing, moto_session, ms

TARGET = 2.0
KEYS = 10
PAGE = 3


@dataclass
class Step:
    name: str
    needs: tuple[tuple[str, str], ...]  # (service, operation)
    run: Callable[[Any, Any, dict[str, Any]], None]  # (apigateway, appsync, context)


def _pages(
    call: Callable[..., dict[str, Any]], token_in: str, token_out: str, **kwargs: Any
) -> int:
    """Page through a list operation; returns the number of items seen."""
    seen, token = 0, None
    for _ in range(1000):
        answer = call(**kwargs, **({token_in: token} if token else {}))
        seen += len(answer.get("items", answer.get("apiKeys", [])))
        token = answer.get(token_out)
        if not token:
            break
    return seen


def _create_keys(apigw: Any, _: Any, ctx: dict[str, Any]) -> None:
    ctx["keys"] = [
        apigw.create_api_key(name=f"mixed-{i}", enabled=True, tags={"team": "bench"})["id"]
        for i in range(KEYS)
    ]


def _create_plan(apigw: Any, _: Any, ctx: dict[str, Any]) -> None:
    ctx["plan"] = apigw.create_usage_plan(
        name="mixed-plan",
        throttle={"burstLimit": 10, "rateLimit": 5.0},
        quota={"limit": 1000, "period": "DAY"},
    )["id"]


def _attach(apigw: Any, _: Any, ctx: dict[str, Any]) -> None:
    for key in ctx["keys"]:
        apigw.create_usage_plan_key(usagePlanId=ctx["plan"], keyId=key, keyType="API_KEY")


def _page_keys(apigw: Any, _: Any, ctx: dict[str, Any]) -> None:
    _pages(apigw.get_api_keys, "position", "position", limit=PAGE)


def _page_plan_keys(apigw: Any, _: Any, ctx: dict[str, Any]) -> None:
    _pages(apigw.get_usage_plan_keys, "position", "position", usagePlanId=ctx["plan"], limit=PAGE)


def _update_and_read(apigw: Any, _: Any, ctx: dict[str, Any]) -> None:
    for key in ctx["keys"]:
        apigw.update_api_key(
            apiKey=key, patchOperations=[{"op": "replace", "path": "/description", "value": "d"}]
        )
        apigw.get_api_key(apiKey=key, includeValue=True)


def _detach(apigw: Any, _: Any, ctx: dict[str, Any]) -> None:
    for key in ctx["keys"]:
        apigw.delete_usage_plan_key(usagePlanId=ctx["plan"], keyId=key)
    apigw.delete_usage_plan(usagePlanId=ctx["plan"])


def _delete_keys(apigw: Any, _: Any, ctx: dict[str, Any]) -> None:
    for key in ctx["keys"]:
        apigw.delete_api_key(apiKey=key)


def _appsync_keys(_: Any, appsync: Any, ctx: dict[str, Any]) -> None:
    api = appsync.create_graphql_api(name="mixed", authenticationType="API_KEY")["graphqlApi"]
    api_id = api["apiId"]
    keys = [
        appsync.create_api_key(apiId=api_id, description=f"k{i}")["apiKey"]["id"]
        for i in range(KEYS)
    ]
    _pages(appsync.list_api_keys, "nextToken", "nextToken", apiId=api_id, maxResults=PAGE)
    for key in keys:
        appsync.update_api_key(apiId=api_id, id=key, description="updated")
    for key in keys:
        appsync.delete_api_key(apiId=api_id, id=key)
    appsync.delete_graphql_api(apiId=api_id)


def _ag(*ops: str) -> tuple[tuple[str, str], ...]:
    return tuple(("apigateway", op) for op in ops)


STEPS = [
    Step("create keys", _ag("CreateApiKey"), _create_keys),
    Step("create usage plan", _ag("CreateUsagePlan"), _create_plan),
    Step("attach keys to plan", _ag("CreateUsagePlan", "CreateUsagePlanKey"), _attach),
    Step("page through keys", _ag("GetApiKeys"), _page_keys),
    Step(
        "page through plan keys",
        _ag("CreateUsagePlan", "CreateUsagePlanKey", "GetUsagePlanKeys"),
        _page_plan_keys,
    ),
    Step("update and read keys", _ag("UpdateApiKey", "GetApiKey"), _update_and_read),
    Step(
        "detach keys, delete plan",
        _ag("CreateUsagePlan", "CreateUsagePlanKey", "DeleteUsagePlanKey", "DeleteUsagePlan"),
        _detach,
    ),
    Step("delete keys", _ag("DeleteApiKey"), _delete_keys),
    Step(
        "appsync: api, keys, page, update, delete",
        tuple(
            ("appsync", op)
            for op in (
                "CreateGraphqlApi",
                "CreateApiKey",
                "ListApiKeys",
                "UpdateApiKey",
                "DeleteApiKey",
                "DeleteGraphqlApi",
            )
        ),
        _appsync_keys,
    ),
]


def runnable_steps() -> tuple[list[Step], list[str]]:
    """The steps mockgw supports now, and the operations the others still need."""
    import mockgw

    supported = {(s, op) for s, ops in mockgw.supported_operations().items() for op in ops}
    steps = [step for step in STEPS if set(step.needs) <= supported]
    missing = sorted(
        {f"{s}.{op}" for step in STEPS for s, op in step.needs} - {f"{s}.{o}" for s, o in supported}
    )
    return steps, missing


def workload(steps: list[Step], apigw: Any, appsync: Any) -> None:
    ctx: dict[str, Any] = {}
    for step in steps:
        step.run(apigw, appsync, ctx)


def run(rounds: int = 7, iterations: int = 2) -> list[Figure]:
    import mockgw

    steps, missing = runnable_steps()
    why_not_moto = moto_missing()
    label = "mixed workload (both services): moto time / mockgw time"
    if why_not_moto is not None:
        return [Figure(label, "-", f"≥ {TARGET}x", None, f"NOT MEASURED: {why_not_moto}")]
    if not steps:
        return [Figure(label, "-", f"≥ {TARGET}x", None, "NOT MEASURED: no step is supported")]

    from moto import mock_aws

    mine = (clean_session().client("apigateway"), clean_session().client("appsync"))
    moto_ses = moto_session()
    theirs = (moto_ses.client("apigateway"), moto_ses.client("appsync"))

    def timed(clients: tuple[Any, Any]) -> float:
        start = time.perf_counter()
        for _ in range(iterations):
            workload(steps, *clients)
        return (time.perf_counter() - start) / iterations

    def measure_mockgw() -> float:
        with mockgw.mock():
            return timed(mine)

    def measure_moto() -> float:
        with mock_aws():
            return timed(theirs)

    samples = interleave({"mockgw": measure_mockgw, "moto": measure_moto}, rounds)
    r = median_ratio(samples["moto"], samples["mockgw"])
    value = (
        f"{r:.2f}x (moto {ms(sorted(samples['moto'])[len(samples['moto']) // 2])}, "
        f"mockgw {ms(sorted(samples['mockgw'])[len(samples['mockgw']) // 2])} per workload)"
    )
    if missing:
        skipped = [step.name for step in STEPS if step not in steps]
        return [
            Figure(
                label,
                value,
                f"≥ {TARGET}x",
                None,
                f"NOT MEASURED in full: mockgw lacks {', '.join(missing)}; "
                f"timed without the steps {skipped}",
            )
        ]
    return [Figure(label, value, f"≥ {TARGET}x", r >= TARGET)]


def median_ratio(numerators: list[float], denominators: list[float]) -> float:
    ratios = sorted(a / b for a, b in zip(numerators, denominators, strict=True))
    middle = len(ratios) // 2
    return ratios[middle] if len(ratios) % 2 else (ratios[middle - 1] + ratios[middle]) / 2
