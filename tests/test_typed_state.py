"""Live state for assertions: typed per service, collections that count, iterate and index; and
decorators that keep the decorated function's type (checked by mypy on a user's file)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import boto3
import pytest

import mockgw
from mockgw.services._shared.store import Store
from mockgw.services.apigateway.records.api_keys import ApiKey
from mockgw.services.apigateway.state import ApiGatewayState
from mockgw.services.appsync.state import AppSyncState

ROOT = Path(__file__).resolve().parent.parent


def test_backend_collections_count_iterate_and_index() -> None:
    with mockgw.mock() as m:
        apigw = boto3.client("apigateway", region_name="us-east-1")
        first = apigw.create_api_key(name="first")
        second = apigw.create_api_key(name="second")
        state = m.backend("apigateway")
        assert isinstance(state, ApiGatewayState)
        keys = state.api_keys
        assert len(keys) == 2
        assert list(keys) == [first["id"], second["id"]]  # ids, oldest first
        assert keys[second["id"]].name == "second"
        assert first["id"] in keys and "nope" not in keys
        assert [k.name for k in keys.values()] == ["first", "second"]
        assert [(i, k.name) for i, k in keys.items()] == [
            (first["id"], "first"),
            (second["id"], "second"),
        ]
        with pytest.raises(KeyError):
            keys["nope"]
        assert keys.get("nope") is None
        assert isinstance(m.backend("appsync"), AppSyncState)
        assert len(m.backend("appsync").apis) == 0
        assert len(m.backend("apigateway", region="eu-west-1").api_keys) == 0


def test_a_store_is_a_read_only_mapping() -> None:
    store: Store[str] = Store()
    store.add("b", "B")
    store.add("a", "A")
    assert dict(store) == {"b": "B", "a": "A"}
    assert store.get("x", "default") == "default"
    other: Store[str] = Store()
    other.add("b", "B")
    other.add("a", "A")
    assert store == other  # compared by content, as mappings are
    assert repr(store) == "Store({'b': 'B', 'a': 'A'})"
    walked = []
    for item_id in store:  # iterating a copy: removing while walking is safe
        walked.append(item_id)
        store.remove(item_id)
    assert walked == ["b", "a"] and len(store) == 0


def test_walking_values_skips_items_removed_meanwhile() -> None:
    store: Store[int] = Store()
    for n in range(3):
        store.add(str(n), n)
    seen = []
    for value in store.values():
        seen.append(value)
        if value == 0:
            store.remove("1")
    assert seen == [0, 2]


def test_apikey_records_are_what_the_store_holds() -> None:
    with mockgw.mock_apigateway() as m:
        boto3.client("apigateway", region_name="us-east-1").create_api_key(name="k")
        assert all(isinstance(k, ApiKey) for k in m.backend("apigateway").api_keys.values())


USER_FILE = """
from typing_extensions import assert_type

import mockgw
from mockgw import Mock
from mockgw.calls import Call, Calls
from mockgw.services.apigateway.records.api_keys import ApiKey
from mockgw.services.apigateway.state import ApiGatewayState
from mockgw.services.appsync.state import AppSyncState


@mockgw.mock_apigateway(seed=1)
def make_key(name: str) -> tuple[str, int]:
    return name, 1


@mockgw.mock_appsync
async def make_api(name: str) -> str:
    return name


@mockgw.mock(allow=["sts"])
class TestSomething:
    def test_it(self) -> None: ...


assert_type(make_key("k"), tuple[str, int])
coroutine = assert_type(make_api("g"), Coroutine[Any, Any, str])
assert_type(TestSomething, type[TestSomething])

with mockgw.mock() as m:
    assert_type(m, Mock)
    apigw = m.backend("apigateway")
    assert_type(apigw, ApiGatewayState)
    assert_type(m.backend("appsync"), AppSyncState)
    assert_type(len(apigw.api_keys), int)
    assert_type(apigw.api_keys["id"], ApiKey)
    assert_type(apigw.api_keys.get("id"), ApiKey | None)
    for key_id in apigw.api_keys:
        assert_type(key_id, str)
    for key in apigw.api_keys.values():
        assert_type(key.name, str | None)
    assert_type(m.calls, Calls)
    assert_type(m.calls.filter("apigateway", "CreateApiKey").assert_called_once(), Call)
    assert_type(m.calls[0].params, dict[str, Any])
"""


def test_a_users_code_type_checks(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    user = tmp_path / "user_code.py"
    source = textwrap.dedent(USER_FILE)
    source = "from collections.abc import Coroutine\nfrom typing import Any\n" + source
    user.write_text(source)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(user)],  # the project's mypy settings
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
