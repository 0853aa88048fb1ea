"""Many threads, one mock: nothing lost, nothing duplicated, every list consistent.

16 threads each create 1,000 API keys and attach each to one usage plan, through the dispatcher
every front door shares (raw requests keep this to seconds), while a reader pages through the
keys; then 16 boto3 clients do the same through the botocore seam. The thread switch interval is
made tiny so the threads interleave as often as they can.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

import mockgw
from mockgw._dispatch import Caller, Dispatcher

THREADS = 16
PER_THREAD = 1_000
BOTO3_PER_THREAD = 25
CALLER = Caller("apigateway", "us-east-1", "123456789012")


@pytest.fixture(autouse=True)
def _switch_often() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


class Raw:
    def __init__(self, mock: mockgw.Mock) -> None:
        self.dispatcher = Dispatcher(mock.world)

    def __call__(self, method: str, path: str, body: Any = None, query: str = "") -> Any:
        data = json.dumps(body).encode() if body is not None else b""
        answer = self.dispatcher.dispatch(CALLER, method, path, query, {}, data)
        assert 200 <= answer.status < 300, answer
        return json.loads(answer.body) if answer.body else None


def run_threads(count: int, target: Callable[[int], None]) -> None:
    errors: list[BaseException] = []

    def guarded(i: int) -> None:
        try:
            target(i)
        except BaseException as error:
            errors.append(error)
            raise

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
        assert not thread.is_alive(), "a thread hung"
    assert not errors, errors[:3]


def all_pages(call: Callable[[str | None], dict[str, Any]], items: str = "item") -> list[Any]:
    out: list[Any] = []
    position = None
    while True:
        page = call(position)
        out += page.get(items, [])
        position = page.get("position")
        if not position:
            return out


def test_concurrent_creates_and_attaches_through_the_dispatcher() -> None:
    with mockgw.mock_apigateway() as mock:
        raw = Raw(mock)
        plan = raw("POST", "/usageplans", {"name": "shared"})["id"]
        created: list[list[dict[str, Any]]] = [[] for _ in range(THREADS)]
        writing = threading.Event()
        writing.set()
        passes: list[tuple[set[str], list[str]]] = []

        def write(i: int) -> None:
            for n in range(PER_THREAD):
                key = raw("POST", "/apikeys", {"name": f"t{i}-{n}", "enabled": bool(n % 2)})
                raw("POST", f"/usageplans/{plan}/keys", {"keyId": key["id"], "keyType": "API_KEY"})
                created[i].append(key)

        def read() -> None:
            """Full paging passes while the writers write: a pass never repeats a key, and
            every key that existed when it began is in it."""
            while writing.is_set() and len(passes) < 4:
                before = {k["id"] for t in created for k in list(t)}
                seen = all_pages(
                    lambda p: raw(
                        "GET", "/apikeys", query=f"limit=500&position={p}" if p else "limit=500"
                    )
                )
                passes.append((before, [k["id"] for k in seen]))

        reader = threading.Thread(target=read)
        reader.start()
        try:
            run_threads(THREADS, write)
        finally:
            writing.clear()
            reader.join(120)

        keys = [k for t in created for k in t]
        ids = [k["id"] for k in keys]
        values = [k["value"] for k in keys]
        assert len(keys) == THREADS * PER_THREAD
        assert len(set(ids)) == len(ids), "duplicate ids"
        assert len(set(values)) == len(values), "duplicate values"

        listed = all_pages(
            lambda p: raw("GET", "/apikeys", query=f"limit=500&position={p}" if p else "limit=500")
        )
        assert sorted(k["id"] for k in listed) == sorted(ids), "GetApiKeys lost or invented keys"
        # Newest first, and every key as it was created (the list is consistent with the keys).
        assert [k["createdDate"] for k in listed] == sorted(
            (k["createdDate"] for k in listed), reverse=True
        )
        by_id = {k["id"]: k for k in keys}
        for item in listed:
            assert item["name"] == by_id[item["id"]]["name"]
            assert item["enabled"] == by_id[item["id"]]["enabled"]

        attached = all_pages(
            lambda p: raw(
                "GET",
                f"/usageplans/{plan}/keys",
                query=f"limit=500&position={p}" if p else "limit=500",
            )
        )
        assert sorted(k["id"] for k in attached) == sorted(ids), "usage plan keys lost or invented"
        assert sorted(k["value"] for k in attached) == sorted(values)

        state = mock.backend("apigateway")
        assert len(state.api_keys) == len(ids)
        assert {state.key_values[v] for v in values} == set(ids)

        assert passes, "the reader never completed a pass"
        for before, seen in passes:
            assert len(seen) == len(set(seen)), "a paging pass repeated a key"
            assert before <= set(seen), "a paging pass skipped a key that existed when it began"


def test_concurrent_boto3_clients_through_the_botocore_seam() -> None:
    with mockgw.mock_apigateway() as mock:
        setup = boto3.client("apigateway", region_name="us-east-1")
        plan = setup.create_usage_plan(name="shared")["id"]
        clients = [boto3.client("apigateway", region_name="us-east-1") for _ in range(THREADS)]
        made: list[list[tuple[str, str]]] = [[] for _ in range(THREADS)]

        def work(i: int) -> None:
            client = clients[i]
            for n in range(BOTO3_PER_THREAD):
                key = client.create_api_key(name=f"b{i}-{n}", enabled=True)
                client.create_usage_plan_key(usagePlanId=plan, keyId=key["id"], keyType="API_KEY")
                made[i].append((key["id"], key["value"]))

        run_threads(THREADS, work)
        pairs = [p for t in made for p in t]
        ids = [i for i, _ in pairs]
        assert len(ids) == THREADS * BOTO3_PER_THREAD
        assert len(set(ids)) == len(ids)
        assert len({v for _, v in pairs}) == len(pairs)
        paginator = setup.get_paginator("get_api_keys")
        listed = [k["id"] for page in paginator.paginate(limit=100) for k in page["items"]]
        assert sorted(listed) == sorted(ids)
        plan_keys = setup.get_paginator("get_usage_plan_keys")
        attached = [
            k["id"]
            for page in plan_keys.paginate(usagePlanId=plan, limit=100)
            for k in page["items"]
        ]
        assert sorted(attached) == sorted(ids)
        assert len(mock.backend("apigateway").api_keys) == len(ids)
