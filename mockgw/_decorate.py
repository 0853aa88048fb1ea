"""What ``@mock`` does to what it decorates: the mock is active exactly while that code runs.

The shape of the target decides when that is:

* a function: during the call;
* a coroutine function: while the coroutine runs (``async with`` around the awaited body);
* a generator function: from the first ``next`` to the generator's close, across every
  ``yield`` (so a decorated pytest yield fixture keeps the mock for the test it serves);
* an async generator function: likewise, from the first ``__anext__`` to ``aclose``;
* a ``contextlib.contextmanager`` or ``asynccontextmanager`` factory, with the mock above it:
  rebuilt around the decorated generator, so the mock spans ``__enter__`` to ``__exit__``
  (with the mock below it, the generator function is decorated, which comes to the same);
* a classmethod or staticmethod object: its function is decorated;
* a unittest ``TestCase`` class: ``setUp``, the test, ``tearDown`` and cleanups;
* any other class: ``setup_method``, the test and ``teardown_method`` (pytest-style classes);
* anything else callable (``functools.partial``, a callable object, a bound method): during
  the call, and if the call returns a generator, a coroutine or an async generator (a plain
  function that returns ``some_coroutine()``), while that runs too. The call and what it
  returns are then two mock periods: state made during the call is gone when the returned
  work starts, unless another mock is active around both (as with the ``mockgw`` fixture).

What cannot be mocked faithfully is refused when decorating, with what to do instead: a
pytest fixture object (the decorator must go below ``@pytest.fixture``, or pytest would call the
undecorated function), and anything not callable.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import AsyncGenerator, Callable, Generator
from types import TracebackType
from typing import Any, Protocol, TypeVar

from mockgw.errors import MockgwError


class Mock(Protocol):
    """What decorating needs of a :class:`mockgw.Mock` (a protocol: no import of it here)."""

    def start(self) -> Any: ...

    def stop(self) -> None: ...

    def __enter__(self) -> Any: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


T = TypeVar("T")


def decorate(mock: Mock, target: Any) -> Any:
    if isinstance(target, (classmethod, staticmethod)):
        return type(target)(decorate(mock, target.__func__))
    if inspect.isclass(target):
        return _decorate_class(mock, target)
    _refuse_misplaced(target)
    rebuilt = _context_manager_factory(target)
    if rebuilt is not None:
        factory, generator_function = rebuilt
        return factory(decorate(mock, generator_function))
    if inspect.isasyncgenfunction(target):
        return _async_generator_function(mock, target)
    if inspect.isgeneratorfunction(target):
        return _generator_function(mock, target)
    if inspect.iscoroutinefunction(target):
        return _coroutine_function(mock, target)
    return _function(mock, target)


def _refuse_misplaced(target: Any) -> None:
    if hasattr(target, "_fixture_function_marker") or hasattr(target, "_pytestfixturefunction"):
        raise MockgwError(
            f"mockgw cannot decorate the pytest fixture {target!r}: pytest would call the "
            "undecorated function. Put the mock decorator below @pytest.fixture, or use the "
            "`mockgw` fixture."
        )
    if not callable(target):
        raise MockgwError(
            f"mockgw can decorate a function, a coroutine or generator function, a class or a "
            f"classmethod/staticmethod, not {target!r}; to mock a block of code, use "
            "`with mock_apigateway():` (or `async with`)."
        )


# --------------------------------------------------------------------------- contextlib

_FACTORY_CODES: dict[Any, Callable[[Any], Any]] = {}


def _context_manager_factory(
    target: Any,
) -> tuple[Callable[[Any], Any], Callable[..., Any]] | None:
    """If ``target`` is what ``contextlib.contextmanager`` (or ``asynccontextmanager``) made
    from a generator function: that decorator and the generator function."""
    code = getattr(target, "__code__", None)
    wrapped = getattr(target, "__wrapped__", None)
    if code is None or wrapped is None:
        return None
    if not _FACTORY_CODES:
        factories: tuple[Any, ...] = (contextlib.contextmanager, contextlib.asynccontextmanager)
        for factory in factories:
            # Every factory contextlib makes shares one code object: that of its inner helper.
            _FACTORY_CODES[factory(_probe).__code__] = factory
    found = _FACTORY_CODES.get(code)
    return None if found is None else (found, wrapped)


def _probe() -> Generator[None]:
    yield  # pragma: no cover - never run; only its decorated form's code object is read


# --------------------------------------------------------------------------- functions


def _function(mock: Mock, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        with mock:
            result = function(*args, **kwargs)
        return _keep_inside(mock, result)

    return run


def _keep_inside(mock: Mock, result: Any) -> Any:
    """Deferred work a plain callable returned runs inside the mock too, when it runs."""
    if inspect.isgenerator(result):
        return _generator_function(mock, lambda: result)()
    if inspect.iscoroutine(result):
        return _coroutine_function(mock, lambda: result)()
    if inspect.isasyncgen(result):
        return _async_generator_function(mock, lambda: result)()
    return result


def _coroutine_function(mock: Mock, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    async def run(*args: Any, **kwargs: Any) -> Any:
        with mock:
            return await function(*args, **kwargs)

    return run


# --------------------------------------------------------------------------- generators


def _generator_function(mock: Mock, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
        with mock:
            return (yield from function(*args, **kwargs))

    return run


def _async_generator_function(mock: Mock, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    async def run(*args: Any, **kwargs: Any) -> AsyncGenerator[Any]:
        # There is no `yield from` for async generators: pass on by hand every value sent in
        # and every exception thrown in, and close the inner generator when closed.
        with mock:
            inner: AsyncGenerator[Any] = function(*args, **kwargs)
            try:
                value = await inner.__anext__()
                while True:
                    try:
                        sent = yield value
                    except GeneratorExit:
                        raise
                    except BaseException as error:
                        value = await inner.athrow(error)
                    else:
                        value = await inner.asend(sent)
            except StopAsyncIteration:
                return
            finally:
                await inner.aclose()

    return run


# --------------------------------------------------------------------------- classes


def _decorate_class(mock: Mock, cls: type[T]) -> type[T]:
    import unittest

    if issubclass(cls, unittest.TestCase):
        # setUp, the test and tearDown all run inside one mock; a cleanup stops it, and
        # cleanups run even when setUp fails.
        original_setup = cls.setUp

        def setUp(test: Any) -> None:
            mock.start()
            test.addCleanup(mock.stop)
            original_setup(test)

        cls.setUp = setUp  # type: ignore[method-assign,assignment]
        return cls

    # pytest-style classes: setup_method, the test and teardown_method share one mock.
    original_setup_method = getattr(cls, "setup_method", None)
    original_teardown_method = getattr(cls, "teardown_method", None)
    started = f"_mockgw_started_{id(mock)}"

    def setup_method(instance: Any, method: Any = None) -> None:
        mock.start()
        setattr(instance, started, True)
        try:
            if original_setup_method is not None:
                _call_xunit(original_setup_method, instance, method)
        except BaseException:
            delattr(instance, started)
            mock.stop()
            raise

    def teardown_method(instance: Any, method: Any = None) -> None:
        try:
            if original_teardown_method is not None:
                _call_xunit(original_teardown_method, instance, method)
        finally:
            if getattr(instance, started, False):
                delattr(instance, started)
                mock.stop()

    cls.setup_method = setup_method  # type: ignore[attr-defined]
    cls.teardown_method = teardown_method  # type: ignore[attr-defined]
    return cls


def _call_xunit(function: Any, instance: Any, method: Any) -> None:
    """Call a user's setup_method/teardown_method, with or without its ``method`` argument."""
    if len(inspect.signature(function).parameters) >= 2:
        function(instance, method)
    else:
        function(instance)
