"""What an evaluation gives back, the same for both engines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockgw.errors import MockgwError


class EngineMissingError(MockgwError, RuntimeError):
    """The third-party engine a template needs is not installed; the message says what to
    install. It is raised into the test (AWS would have answered), never turned into an AWS
    error."""


@dataclass
class TemplateFailure:
    """An error that ended the evaluation: ``$util.error``/``util.error`` (with its type, data
    and info), ``$util.unauthorized``, or a fault of the template or code itself."""

    message: str
    error_type: str | None = None
    data: Any = None
    error_info: Any = None
    #: for code that could not be parsed: where (1-based line and column)
    line: int | None = None
    column: int | None = None
    #: True when the template or code is broken (syntax), not when it raised on purpose
    syntax: bool = False
    #: True when the template or code raised it on purpose (``util.error``, ``util.validate``,
    #: ``util.unauthorized``), False for a fault of the template or code
    deliberate: bool = False


@dataclass
class Evaluation:
    #: the rendered template (VTL) or the JSON of the returned value (JS); None on failure
    result: str | None
    error: TemplateFailure | None = None
    logs: list[str] = field(default_factory=list)
    stash: dict[str, Any] = field(default_factory=dict)
    #: the errors ``appendError`` added: {message, errorType, data, errorInfo}
    out_errors: list[dict[str, Any]] = field(default_factory=list)
    #: the template ended with ``#return`` / ``runtime.earlyReturn``
    returned: bool = False
