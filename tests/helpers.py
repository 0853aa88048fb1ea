"""Small helpers shared by the tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError


def client_error(call: Callable[[], Any]) -> ClientError:
    """Run ``call``, expecting an AWS error answer, and return it."""
    with pytest.raises(ClientError) as info:
        call()
    return info.value


def assert_error(call: Callable[[], Any], code: str, status: int, message: str) -> ClientError:
    """Assert the exact error AWS would give: code, HTTP status and message."""
    error = client_error(call)
    response: dict[str, Any] = error.response  # type: ignore[assignment]
    assert response["Error"]["Code"] == code
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert response["Error"]["Message"] == message
    return error


def body(response: dict[str, Any]) -> dict[str, Any]:
    """A boto3 response without its ResponseMetadata: what the operation returned."""
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def status(response: dict[str, Any]) -> int:
    """The HTTP status AWS (here: mockgw) answered a successful call with."""
    code: int = response["ResponseMetadata"]["HTTPStatusCode"]
    return code
