"""How a service declares the operations it answers.

A handler is one function, marked with :func:`operation`::

    @operation("CreateApiKey")
    def create_api_key(state: ApiGatewayState, params: Params) -> Result: ...

It takes the service's state for one (account, region) and the parsed input (member names as
botocore's model spells them) and returns the output members as a plain dict (``None`` members
are left out on the wire), or ``None`` for an empty answer. It raises
:class:`~mockgw.errors.ServiceError` for an AWS error, and validates everything before it
mutates state, so a failed call changes nothing. The dispatcher holds the state's lock for the
whole call, and serializes the result after releasing it: a handler returns copies, never live
dicts or lists of the state.

A service's package lists its operation modules once (``OPERATION_MODULES``) and builds its
:class:`ServiceDefinition` with :meth:`ServiceDefinition.build`, which imports exactly those
modules and collects their marked functions; a test checks that no module that marks handlers
is missing from the list, and that every operation is one botocore's model names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar

Params = Mapping[str, Any]
Result = dict[str, Any] | None
Handler = Callable[[Any, Params], Result]
H = TypeVar("H", bound=Callable[..., Result])

#: The attribute :func:`operation` sets on a handler: the operation's name in the model.
MARK = "__mockgw_operation__"


def operation(name: str) -> Callable[[H], H]:
    """Mark a function as the handler of the model's operation ``name``."""

    def mark(handler: H) -> H:
        setattr(handler, MARK, name)
        return handler

    return mark


def handlers_of(module: ModuleType) -> dict[str, Handler]:
    """The handlers ``module`` itself defines (not the ones it imports), by operation name."""
    found: dict[str, Handler] = {}
    for value in vars(module).values():
        name = getattr(value, MARK, None)
        if name is not None and getattr(value, "__module__", None) == module.__name__:
            if name in found:
                raise ValueError(f"{module.__name__} marks {name} twice")
            found[name] = value
    return found


@dataclass(frozen=True)
class ServiceDefinition:
    """A mocked service: its handlers, how to make an empty state, and what the core and the
    doors reach it through.

    ``hooks``: the module behind the service's helpers on :class:`mockgw.Mock` (None when it
    has none). ``data_plane``: the service's answerer of calls to its own endpoints (API
    Gateway's deployed stages), see :mod:`mockgw.dataplane`. ``addresses``: the globally
    addressed names a state holds, ``(kind, name)`` (a REST API's id), for
    :class:`~mockgw.services._shared.directory.Directory` to be rebuilt after a restore.
    ``rebuild``: makes a restored state's derived fields (indexes) again, before ``check``.
    ``check``: the problems of a state restored from a snapshot that the types alone do not
    show (references to resources that do not exist, ids that disagree), first one first; a
    snapshot with any is refused.
    """

    name: str
    handlers: Mapping[str, Handler]
    new_state: Callable[[str, str], Any]  # (account_id, region) -> state
    modules: tuple[str, ...]
    hooks: Any = None
    data_plane: Any = None
    addresses: Callable[[Any], Iterable[tuple[str, str]]] | None = None
    check: Callable[[Any], Iterable[str]] | None = None
    rebuild: Callable[[Any], None] | None = None

    @classmethod
    def build(
        cls,
        name: str,
        package: str,
        modules: Iterable[str],
        new_state: Callable[[str, str], Any],
        **extras: Any,
    ) -> ServiceDefinition:
        """Import ``package``'s operation ``modules`` and collect their handlers."""
        handlers: dict[str, Handler] = {}
        listed = tuple(modules)
        for module_name in listed:
            module = importlib.import_module(f"{package}.{module_name}")
            for operation_name, handler in handlers_of(module).items():
                if operation_name in handlers:
                    raise ValueError(f"{name}.{operation_name} has two handlers")
                handlers[operation_name] = handler
        return cls(name, handlers, new_state, listed, **extras)
