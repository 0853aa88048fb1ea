"""Every operation of botocore's models is answered, so a new model operation shows up as a
failing test, not a silent gap."""

from __future__ import annotations

import pytest

import mockgw
from mockgw.wire import model

#: What the OpenAPI import/export and TestInvokeMethod work (issue 10's second half) adds.
OPENAPI_AND_TEST_INVOKE = frozenset(
    {"GetExport", "ImportRestApi", "PutRestApi", "TestInvokeMethod"}
)


def unsupported(service: str) -> set[str]:
    names = set(model.spec(service).model.operation_names)
    return names - set(mockgw.supported_operations()[service])


def test_every_appsync_operation_of_the_model_is_supported() -> None:
    assert unsupported("appsync") == set()


def test_only_openapi_and_test_invoke_are_left_in_api_gateway() -> None:
    assert unsupported("apigateway") <= OPENAPI_AND_TEST_INVOKE


@pytest.mark.xfail(
    strict=True,
    reason="left for the OpenAPI work: " + ", ".join(sorted(OPENAPI_AND_TEST_INVOKE)),
)
def test_every_api_gateway_operation_of_the_model_is_supported() -> None:
    assert unsupported("apigateway") == set()
