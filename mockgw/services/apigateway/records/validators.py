"""Request validators: the record and the ``RequestValidator`` shape.

A method names one (``requestValidatorId``); the execute-api engine checks, per its two flags,
the method's required request parameters and its request body against the method's model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class RequestValidator:
    id: str
    name: str
    validate_request_body: bool = False
    validate_request_parameters: bool = False


def request_validator_view(validator: RequestValidator) -> dict[str, Any]:
    return {
        "id": validator.id,
        "name": validator.name,
        "validateRequestBody": validator.validate_request_body,
        "validateRequestParameters": validator.validate_request_parameters,
    }
