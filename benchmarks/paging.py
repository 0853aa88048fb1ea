"""Paging cost against collection size, and memory per 100,000 API keys.

Two accounts of one mock hold 1,000 and 100,000 keys (a 12-digit access key id selects the
account). Keys are stored through the backend's own CreateApiKey handler, not boto3, so the
set-up takes seconds; the pages are then read through boto3 like any user would. Memory is
what ``tracemalloc`` sees the 100,000 keys of state take.
"""

from __future__ import annotations

import time
import tracemalloc
from typing import Any

from benchmarks._common import Figure, alternate, clean_session, median, us

TARGET = 1.5
SMALL, LARGE = 1_000, 100_000
ACCOUNTS = {SMALL: "111111111111", LARGE: "222222222222"}


def _populate(mock: Any, account: str, count: int) -> None:
    from mockgw.services import definition

    create = definition("apigateway").handlers["CreateApiKey"]
    backend = mock.world.backend("apigateway", account, "us-east-1")
    with backend.lock:
        for i in range(count):
            create(backend.state, {"name": f"key-{i:06d}", "enabled": bool(i % 2)})


def _middle_token(client: Any, count: int) -> str:
    """The ``position`` token of the page that starts halfway through the keys."""
    seen, position = 0, None
    while seen < count // 2:
        kwargs: dict[str, Any] = {"limit": min(500, count // 2 - seen)}
        if position:
            kwargs["position"] = position
        answer = client.get_api_keys(**kwargs)
        seen += len(answer["items"])
        position = answer["position"]
    assert position
    return str(position)


def run(rounds: int = 7, calls: int = 200) -> list[Figure]:
    import mockgw

    figures: list[Figure] = []
    with mockgw.mock_apigateway() as mock:
        _populate(mock, ACCOUNTS[SMALL], SMALL)
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        started = time.perf_counter()
        _populate(mock, ACCOUNTS[LARGE], LARGE)
        took = time.perf_counter() - started
        used = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()

        clients = {
            size: clean_session().client(
                "apigateway", aws_access_key_id=account, aws_secret_access_key="benchmark"
            )
            for size, account in ACCOUNTS.items()
        }
        assert len(clients[LARGE].get_api_keys(limit=500)["items"]) == 500
        middles = {size: _middle_token(client, size) for size, client in clients.items()}

        small, large = clients[SMALL], clients[LARGE]
        pages = {
            "first page": (
                lambda: small.get_api_keys(limit=25),
                lambda: large.get_api_keys(limit=25),
            ),
            "page from the middle": (
                lambda: small.get_api_keys(limit=25, position=middles[SMALL]),
                lambda: large.get_api_keys(limit=25, position=middles[LARGE]),
            ),
        }
        for label, (from_small, from_large) in pages.items():
            alternate(from_small, from_large, 20)  # warm-up
            rounds_seen = [alternate(from_small, from_large, calls) for _ in range(rounds)]
            r = median([b / a for a, b in rounds_seen])
            small_time = median([a for a, _ in rounds_seen])
            large_time = median([b for _, b in rounds_seen])
            figures.append(
                Figure(
                    f"get_api_keys limit=25, {label}: 100,000 keys / 1,000 keys",
                    f"{r:.3f}x ({us(large_time)} vs {us(small_time)})",
                    f"≤ {TARGET}x",
                    r <= TARGET,
                )
            )
    figures.append(
        Figure(
            "memory of 100,000 API keys (tracemalloc)",
            f"{used / 2**20:,.1f} MiB ({used / LARGE:,.0f} B/key; stored in {took:.1f} s traced)",
            "(reported)",
            None,
        )
    )
    return figures
