"""How a service backend declares the operations it answers.

Each service has one :class:`OperationTable`; a backend module registers a handler per
operation with ``@table("CreateApiKey")``. A handler takes the service's state for one
(account, region) and the parsed input (member names as botocore's model spells them) and
returns the output members as a plain dict. It raises :class:`~mockgw.errors.ServiceError` for
an AWS error, and must validate everything before it mutates state, so a failed call changes
nothing. The dispatcher holds the state's lock for the whole call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

Params = Mapping[str, Any]
Result = dict[str, Any] | None
StateT = TypeVar("StateT")
Handler = Callable[[Any, Params], Result]


class OperationTable(Generic[StateT]):
    """The explicit ``operation name -> handler`` table of one service."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.handlers: dict[str, Callable[[StateT, Params], Result]] = {}

    def __call__(
        self, operation: str
    ) -> Callable[[Callable[[StateT, Params], Result]], Callable[[StateT, Params], Result]]:
        def register(
            handler: Callable[[StateT, Params], Result],
        ) -> Callable[[StateT, Params], Result]:
            if operation in self.handlers:
                raise ValueError(f"{self.service}.{operation} is registered twice")
            self.handlers[operation] = handler
            return handler

        return register


@dataclass(frozen=True)
class ServiceDefinition:
    """A mocked service: its operation table and how to make an empty state."""

    name: str
    operations: OperationTable[Any]
    new_state: Callable[[str, str], Any]  # (account_id, region) -> state
