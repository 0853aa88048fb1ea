"""Errors raised by backends and by the mock itself."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """An AWS error answer: serialized as a rest-json error so botocore raises
    ``client.exceptions.<code>`` with this message.

    ``status`` defaults to the HTTP status the service model gives the error shape ``code``;
    ``fields`` are extra members of the error shape (AppSync's ``reason``/``detail``).
    """

    def __init__(self, code: str, message: str, status: int | None = None, **fields: Any) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.fields = fields


def bad_request(message: str) -> ServiceError:
    return ServiceError("BadRequestException", message)


def not_found(message: str) -> ServiceError:
    return ServiceError("NotFoundException", message)


def conflict(message: str) -> ServiceError:
    return ServiceError("ConflictException", message)


class MockgwError(Exception):
    """Base class of errors mockgw raises into the test itself (misuse, unmocked calls)."""


class UnsupportedOperationError(MockgwError, NotImplementedError):
    """A mocked service's operation that mockgw does not implement was called."""


class UnmockedServiceError(MockgwError):
    """A request to an AWS endpoint that no active mock covers; it was stopped, never sent."""
