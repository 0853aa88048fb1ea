"""TestInvokeMethod: a method called as it stands (no deployment needed), by the engine's own
steps after routing (``call.handle``: request validation, then the integration), without
authorization, API key or usage, as AWS's test invoke does.

The answer (recorded against AWS, LocalStack's validated ``test_invoke_test_method``): the
status, the body, the method response's headers (``headers`` and ``multiValueHeaders``; a
refusal has only ``x-amzn-ErrorType``, as the console shows it), the ``latency`` in ms and the
``log``, in AWS's form::

    Execution log for request <request id>
    <Thu Feb 25 22:06:57 UTC 2016> : Starting execution for request: <request id>
    ... : HTTP Method: GET, Resource Path: /pets/123
    ... : Method request path: {petId=123}
    ... : Method request query string: {foo=bar}
    ... : Method request headers: {}
    ... : Method request body before transformations: <body>
    ... : Method response body after transformations: <body>
    ... : Method response headers: {Content-Type=application/json}
    ... : Successfully completed execution
    ... : Method completed with status: 200

``pathWithQueryString`` gives the path (the resource's own path when not given: its path
parameters are then the ``{name}`` placeholders themselves, recorded) and the query string; a
path that does not fit the resource gives no path parameters (recorded). A refused call logs
why before ``Method completed with status``: the validator's text (``Request body does not match
model schema for content type ...``, AWS's) or the reason mockgw gives; an integration mockgw
cannot call logs ``Execution failed due to configuration error: ...`` (AWS's prefix, mockgw's
reason). ``latency`` is 0: no time passes in a mock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mockgw import clock
from mockgw.services.apigateway.invoke import responses, validation
from mockgw.services.apigateway.invoke.call import path_parameters
from mockgw.services.apigateway.invoke.definition import Definition
from mockgw.services.apigateway.invoke.extras import Gateway
from mockgw.services.apigateway.invoke.integrations import answer
from mockgw.services.apigateway.invoke.request import Request, parse_query
from mockgw.services.apigateway.records.methods import Method
from mockgw.services.apigateway.records.rest_apis import Resource, RestApi
from mockgw.services.apigateway.state import ApiGatewayState

_ENGINE_HEADERS = ("x-amzn-RequestId", "x-mockgw-reason")


@dataclass(frozen=True)
class TestRequest:
    """What TestInvokeMethod was asked to send."""

    __test__ = False  # not a pytest class

    path_with_query_string: str | None
    headers: Mapping[str, str]
    body: str
    stage_variables: Mapping[str, str]


def test_invoke(
    state: ApiGatewayState,
    api: RestApi,
    resource: Resource,
    method: Method,
    sent: TestRequest,
) -> dict[str, Any]:
    """TestInvokeMethod's answer (the model's ``TestInvokeMethodResponse`` members)."""
    given = sent.path_with_query_string or resource.path
    path, _, query = given.partition("?")
    segments = [s for s in path.split("/") if s]
    call = Request(
        state,
        Gateway(),
        api.id,
        method.http_method,
        "test-invoke-stage",
        segments,
        path or "/",
        dict(sent.headers),
        sent.body.encode(),
        parse_query(query),
    )
    call.path_parameters = path_parameters(resource.path, segments) or {}
    call.stage_variables = dict(sent.stage_variables)
    definition = Definition.of_api(api)
    call.customized = definition.gateway_responses
    log = _Log(call.request_id)
    log.line(f"Starting execution for request: {call.request_id}")
    log.line(f"HTTP Method: {method.http_method}, Resource Path: {call.path}")
    log.line(f"Method request path: {responses.describe(call.path_parameters)}")
    query_values = {k: ",".join(v) for k, v in call.query.items()}
    log.line(f"Method request query string: {responses.describe(query_values)}")
    log.line(f"Method request headers: {responses.describe(dict(sent.headers))}")
    log.line(f"Method request body before transformations: {sent.body}")
    failure = validation.check(call, definition, method)
    if failure is not None:
        log.line(failure.log)
        refused = call.refuse(failure.response_type, failure.log, failure.message, failure.detail)
        log.line(f"Method completed with status: {refused.status}")
        error_type = refused.headers["x-amzn-ErrorType"]
        return _result(refused.status, refused.body, {"x-amzn-ErrorType": error_type}, log)
    response = answer(call, resource, method)
    reason = response.headers.get("x-mockgw-reason")
    if reason is not None:
        log.line(f"Execution failed due to configuration error: {reason}")
        log.line(f"Method completed with status: {response.status}")
        error_type = response.headers.get("x-amzn-ErrorType", "")
        return _result(response.status, response.body, {"x-amzn-ErrorType": error_type}, log)
    headers = {k: v for k, v in response.headers.items() if k not in _ENGINE_HEADERS}
    body = response.body.decode("utf-8", "replace")
    log.line(f"Method response body after transformations: {body}")
    log.line(f"Method response headers: {responses.describe(headers)}")
    log.line("Successfully completed execution")
    log.line(f"Method completed with status: {response.status}")
    return _result(response.status, response.body, headers, log)


def _result(status: int, body: bytes, headers: dict[str, str], log: _Log) -> dict[str, Any]:
    return {
        "status": status,
        "body": body.decode("utf-8", "replace"),
        "headers": dict(headers),
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "log": log.text(),
        "latency": 0,
    }


class _Log:
    """An execution log in AWS's form: a title, then ``<date> : <text>`` lines."""

    def __init__(self, request_id: str) -> None:
        self.lines = [f"Execution log for request {request_id}"]

    def line(self, text: str) -> None:
        moment = dt.datetime.fromtimestamp(clock.now(), tz=dt.timezone.utc)
        self.lines.append(f"{moment.strftime('%a %b %d %H:%M:%S UTC %Y')} : {text}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
