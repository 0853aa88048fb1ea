"""Every operation of botocore's models is answered, so a new model operation shows up as a
failing test, not a silent gap."""

from __future__ import annotations

import mockgw
from mockgw.wire import model


def unsupported(service: str) -> set[str]:
    names = set(model.spec(service).model.operation_names)
    return names - set(mockgw.supported_operations()[service])


def test_every_appsync_operation_of_the_model_is_supported() -> None:
    assert unsupported("appsync") == set()


def test_every_api_gateway_operation_of_the_model_is_supported() -> None:
    assert unsupported("apigateway") == set()
