"""mockgw: an in-process mock of the AWS API Gateway and AppSync API-key surface.

While a mock is active, every botocore request to a mocked service is answered from in-memory
backends in botocore's exact wire format, and no request to any AWS endpoint leaves the process.

    from mockgw import mock_apigateway

    @mock_apigateway
    def test_keys():
        client = boto3.client("apigateway", region_name="us-east-1")
        key = client.create_api_key(name="k", enabled=True)
"""

from __future__ import annotations

#: The version (also the distribution's: pyproject.toml reads it from here).
__version__ = "0.1.0"

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, overload

from mockgw._mock import Mock
from mockgw.calls import Call, Calls
from mockgw.errors import (
    MockgwError,
    ServiceError,
    UnmockedServiceError,
    UnsupportedOperationError,
)
from mockgw.ids import seed
from mockgw.services import SERVICES

__all__ = [
    "Call",
    "Calls",
    "Mock",
    "MockgwError",
    "ServiceError",
    "UnmockedServiceError",
    "UnsupportedOperationError",
    "__version__",
    "mock",
    "mock_apigateway",
    "mock_appsync",
    "seed",
    "supported_operations",
]

F = TypeVar("F", bound=Callable[..., Any])


@overload
def mock_apigateway(target: F, /) -> F: ...
@overload
def mock_apigateway(
    target: None = None, /, *, allow: Iterable[str] = (), seed: int | str | None = None
) -> Mock: ...
def mock_apigateway(
    target: Any = None, /, *, allow: Iterable[str] = (), seed: int | str | None = None
) -> Any:
    """Mock API Gateway: ``@mock_apigateway``, ``@mock_apigateway(allow=[...])`` or
    ``with mock_apigateway() as m``. ``seed``: reseed the ids (:func:`seed`) at every start."""
    return _build(("apigateway",), target, allow, seed)


@overload
def mock_appsync(target: F, /) -> F: ...
@overload
def mock_appsync(
    target: None = None, /, *, allow: Iterable[str] = (), seed: int | str | None = None
) -> Mock: ...
def mock_appsync(
    target: Any = None, /, *, allow: Iterable[str] = (), seed: int | str | None = None
) -> Any:
    """Mock AppSync, in the same forms as :func:`mock_apigateway`."""
    return _build(("appsync",), target, allow, seed)


@overload
def mock(target: F, /) -> F: ...
@overload
def mock(
    target: None = None, /, *, allow: Iterable[str] = (), seed: int | str | None = None
) -> Mock: ...
def mock(target: Any = None, /, *, allow: Iterable[str] = (), seed: int | str | None = None) -> Any:
    """Mock every service mockgw knows (API Gateway and AppSync)."""
    return _build(SERVICES, target, allow, seed)


def _build(
    services: Iterable[str], target: Any, allow: Iterable[str], seed: int | str | None = None
) -> Any:
    created = Mock(services, allow=allow, seed=seed)
    return created if target is None else created(target)


def supported_operations() -> dict[str, list[str]]:
    """The operations mockgw answers, per service, as botocore names them."""
    from mockgw.services import definition

    return {s: sorted(definition(s).handlers) for s in SERVICES}
