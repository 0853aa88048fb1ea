"""Issue 14, point 2: decorated code never runs unmocked, whatever its shape.

Every test here runs with the network refused and records anything that tried to leave the
process (``escapes``); the API keys each call made are read back from mockgw's own state, so
every call was answered by mockgw.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import boto3
import botocore.endpoint
import pytest

import mockgw
from mockgw import Mock, MockgwError, mock_apigateway
from tests.safety.helpers import Environment, Escapes

ORIGINAL_SEND = botocore.endpoint.Endpoint.__dict__["_send"]


@pytest.fixture(autouse=True)
def _everywhere(environment: Environment, escapes: Escapes) -> None:
    """Bare and hostile environments, network refused, escapes recorded."""


def apigw() -> Any:
    return boto3.client("apigateway")


def names() -> list[str]:
    return sorted(k["name"] for k in apigw().get_api_keys()["items"])


def mocked() -> bool:
    return botocore.endpoint.Endpoint.__dict__["_send"] is not ORIGINAL_SEND


def world_names() -> list[str]:
    """The keys in mockgw's state right now (only while some mock is active)."""
    (active,) = mockgw._mock.active_mocks()
    return sorted(k.name for k in active.backend("apigateway").api_keys.values())


# ---------------------------------------------------------------------------- generators


def test_a_generator_is_mocked_from_first_next_to_close() -> None:
    @mock_apigateway
    def keys(count: int) -> Iterator[list[str]]:
        for i in range(count):
            apigw().create_api_key(name=f"k{i}")
            yield names()
        apigw().create_api_key(name="after the last yield")

    generator = keys(2)
    assert not mocked()  # made, not started: nothing runs yet
    assert next(generator) == ["k0"]
    assert mocked() and world_names() == ["k0"]  # between yields too
    assert next(generator) == ["k0", "k1"]
    with pytest.raises(StopIteration):
        next(generator)
    assert not mocked()


def test_a_generator_closed_early_stops_the_mock_and_runs_its_finally() -> None:
    seen: list[list[str]] = []

    @mock_apigateway
    def keys() -> Iterator[None]:
        try:
            apigw().create_api_key(name="k")
            yield
            yield
        finally:
            seen.append(names())  # still mocked while closing

    generator = keys()
    next(generator)
    generator.close()
    assert seen == [["k"]]
    assert not mocked()


def test_values_and_exceptions_reach_the_generator() -> None:
    @mock_apigateway
    def echo() -> Iterator[Any]:
        received = yield "ready"
        try:
            yield received
        except KeyError as error:
            apigw().create_api_key(name=str(error.args[0]))
            yield names()
        return "done"

    generator = echo()
    assert next(generator) == "ready"
    assert generator.send("sent") == "sent"
    assert generator.throw(KeyError("thrown")) == ["thrown"]
    with pytest.raises(StopIteration) as stop:
        next(generator)
    assert stop.value.value == "done"
    assert not mocked()


def test_an_async_generator_is_mocked_from_first_step_to_close() -> None:
    @mock_apigateway
    async def keys() -> AsyncIterator[Any]:
        try:
            apigw().create_api_key(name="first")
            received = yield names()
            await asyncio.sleep(0)
            apigw().create_api_key(name=str(received))
            try:
                yield names()
            except ValueError as error:
                apigw().create_api_key(name=str(error))
                yield names()
            yield "never reached"
        finally:
            assert mocked()

    async def consume() -> list[Any]:
        generator = keys()
        assert not mocked()
        got = [await generator.__anext__()]
        assert mocked()
        got.append(await generator.asend("sent"))
        got.append(await generator.athrow(ValueError("thrown")))
        await generator.aclose()
        assert not mocked()
        return got

    assert asyncio.run(consume()) == [
        ["first"],
        ["first", "sent"],
        ["first", "sent", "thrown"],
    ]
    assert not mocked()


def test_an_async_generator_used_in_async_for() -> None:
    @mock_apigateway
    async def keys() -> AsyncIterator[str]:
        for name in ("a", "b"):
            apigw().create_api_key(name=name)
            yield name
        assert names() == ["a", "b"]

    async def consume() -> list[str]:
        return [name async for name in keys()]

    assert asyncio.run(consume()) == ["a", "b"]
    assert not mocked()


# ---------------------------------------------------------------------------- contextlib


def test_contextmanager_with_the_mock_above_or_below() -> None:
    @mock_apigateway
    @contextlib.contextmanager
    def above() -> Iterator[str]:
        apigw().create_api_key(name="above")
        yield "value"
        assert names() == ["above", "body"]

    @contextlib.contextmanager
    @mock_apigateway
    def below() -> Iterator[str]:
        apigw().create_api_key(name="below")
        yield "value"
        assert names() == ["below", "body"]

    for factory, name in ((above, "above"), (below, "below")):
        with factory() as value:
            assert value == "value"
            assert mocked()
            apigw().create_api_key(name="body")
        assert not mocked(), name


def test_a_contextmanager_used_as_a_decorator_is_mocked_each_time() -> None:
    @mock_apigateway
    @contextlib.contextmanager
    def fresh() -> Iterator[None]:
        yield

    @fresh()
    def body() -> list[str]:
        apigw().create_api_key(name="k")
        return names()

    assert body() == ["k"]
    assert body() == ["k"]  # a new mock each time: state does not leak


def test_asynccontextmanager_with_the_mock_above_or_below() -> None:
    @mock_apigateway
    @contextlib.asynccontextmanager
    async def above() -> AsyncIterator[None]:
        apigw().create_api_key(name="above")
        yield
        assert names() == ["above", "body"]

    @contextlib.asynccontextmanager
    @mock_apigateway
    async def below() -> AsyncIterator[None]:
        apigw().create_api_key(name="below")
        yield
        assert names() == ["below", "body"]

    async def use(factory: Callable[[], contextlib.AbstractAsyncContextManager[None]]) -> None:
        async with factory():
            assert mocked()
            apigw().create_api_key(name="body")
        assert not mocked()

    asyncio.run(use(above))
    asyncio.run(use(below))


# ---------------------------------------------------------------------------- pytest


@pytest.fixture
@mock_apigateway
def seeded() -> Iterator[Any]:
    """A yield fixture decorated by the mock: set-up, the test and tear-down are mocked."""
    client = apigw()
    client.create_api_key(name="from the fixture")
    yield client
    assert mocked()
    assert names() == ["from the fixture", "from the test"]  # the test's key: one world


def test_a_decorated_yield_fixture_keeps_the_mock_for_the_test(seeded: Any) -> None:
    assert mocked()
    seeded.create_api_key(name="from the test")
    assert world_names() == ["from the fixture", "from the test"]


@pytest.fixture
@mock_apigateway
def seeded_with_request(request: pytest.FixtureRequest) -> Iterator[str]:
    apigw().create_api_key(name=request.node.name)
    yield request.node.name


def test_a_decorated_fixture_keeps_its_arguments(seeded_with_request: str) -> None:
    assert names() == [seeded_with_request]


def test_the_mock_above_pytest_fixture_is_refused_at_decoration() -> None:
    def fixture_function() -> Iterator[None]:
        yield

    with pytest.raises(MockgwError, match=r"below @pytest\.fixture"):
        mock_apigateway(pytest.fixture(fixture_function))


# ---------------------------------------------------------------------------- other shapes


class Shapes:
    prefix = "cls"

    @mock_apigateway
    @classmethod
    def class_method_above(cls) -> list[str]:
        apigw().create_api_key(name=cls.prefix)
        return names()

    @classmethod
    @mock_apigateway
    def class_method_below(cls) -> list[str]:
        apigw().create_api_key(name=cls.prefix)
        return names()

    @mock_apigateway
    @staticmethod
    def static_method_above() -> list[str]:
        apigw().create_api_key(name="static")
        return names()

    @mock_apigateway
    def method(self) -> list[str]:
        apigw().create_api_key(name="method")
        return names()

    @mock_apigateway
    def generator_method(self) -> Iterator[list[str]]:
        apigw().create_api_key(name="generator method")
        yield names()


def test_methods_classmethods_and_staticmethods() -> None:
    assert Shapes.class_method_above() == ["cls"]
    assert Shapes().class_method_below() == ["cls"]
    assert Shapes.static_method_above() == ["static"]
    assert Shapes().method() == ["method"]
    assert list(Shapes().generator_method()) == [["generator method"]]
    assert not mocked()


def test_partials_of_functions_and_generator_functions() -> None:
    def create(name: str) -> list[str]:
        apigw().create_api_key(name=name)
        return names()

    def generate(name: str) -> Iterator[list[str]]:
        apigw().create_api_key(name=name)
        yield names()

    assert mock_apigateway(functools.partial(create, "partial"))() == ["partial"]
    generator = mock_apigateway(functools.partial(generate, "partial generator"))()
    assert list(generator) == [["partial generator"]]
    assert not mocked()


def test_what_a_plain_function_returns_to_run_later_runs_mocked() -> None:
    async def later(name: str) -> list[str]:
        await asyncio.sleep(0)
        apigw().create_api_key(name=name)
        return names()

    def lazily(name: str) -> Iterator[list[str]]:
        apigw().create_api_key(name=name)
        yield names()

    async def agen(name: str) -> AsyncIterator[list[str]]:
        apigw().create_api_key(name=name)
        yield names()

    @mock_apigateway
    def returns_a_coroutine() -> Awaitable[list[str]]:
        return later("coroutine")

    @mock_apigateway
    def returns_a_generator() -> Iterator[list[str]]:
        return lazily("generator")

    @mock_apigateway
    def returns_an_async_generator() -> AsyncIterator[list[str]]:
        return agen("async generator")

    async def run_all() -> list[Any]:
        return [
            await returns_a_coroutine(),
            [x async for x in returns_an_async_generator()],
        ]

    assert asyncio.run(run_all()) == [["coroutine"], [["async generator"]]]
    assert list(returns_a_generator()) == [["generator"]]
    assert not mocked()


def test_a_callable_object_and_its_async_call() -> None:
    class Create:
        def __call__(self, name: str) -> list[str]:
            apigw().create_api_key(name=name)
            return names()

    class CreateLater:
        async def __call__(self, name: str) -> list[str]:
            apigw().create_api_key(name=name)
            return names()

    assert mock_apigateway(Create())("object") == ["object"]
    assert asyncio.run(mock_apigateway(CreateLater())("async object")) == ["async object"]


@pytest.mark.parametrize(
    "target",
    [None, 42, "apigw", property(lambda self: None)],
    ids=["None", "int", "str", "property"],
)
def test_what_cannot_be_decorated_is_refused_at_decoration(target: Any) -> None:
    with pytest.raises(MockgwError, match="can decorate a function"):
        mock_apigateway()(target)


def test_a_coroutine_or_generator_object_is_refused_at_decoration() -> None:
    async def coroutine() -> None:
        pass

    def generator() -> Iterator[None]:
        yield

    made = coroutine()
    try:
        with pytest.raises(MockgwError, match="async with"):
            mock_apigateway()(made)
    finally:
        made.close()
    with pytest.raises(MockgwError, match="can decorate"):
        mock_apigateway()(generator())


def test_the_decorated_shapes_keep_their_nature() -> None:
    import inspect

    def function() -> None: ...

    async def coroutine_function() -> None: ...

    def generator_function() -> Iterator[None]:
        yield

    async def async_generator_function() -> AsyncIterator[None]:
        yield

    assert inspect.isfunction(mock_apigateway(function))
    assert inspect.iscoroutinefunction(mock_apigateway(coroutine_function))
    assert inspect.isgeneratorfunction(mock_apigateway(generator_function))
    assert inspect.isasyncgenfunction(mock_apigateway(async_generator_function))
    assert mock_apigateway(generator_function).__wrapped__ is generator_function  # type: ignore[attr-defined]


def test_the_fixture_form_is_unchanged(mockgw: Mock) -> None:
    apigw().create_api_key(name="fixture")
    assert names() == ["fixture"]
