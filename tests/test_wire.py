"""The model-driven wire layer: routing from requestUri, parsing by input shape, serializing by
output shape, and errors in the form botocore's rest-json parser reads."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from mockgw._dispatch import Caller, Dispatcher, identify
from mockgw.services import SERVICES
from mockgw.state import World
from mockgw.wire import model
from mockgw.wire.router import Router


def _fill(uri: str) -> tuple[str, str, dict[str, str]]:
    """A concrete path for a requestUri template, the query it demands, and the labels used."""
    path, _, query = uri.partition("?")
    labels: dict[str, str] = {}

    def value(match: re.Match[str]) -> str:
        name = match.group(1).rstrip("+")
        labels[name] = f"v-{name.lower()}"
        return labels[name]

    return re.sub(r"\{([^}]+)\}", value, path), query, labels


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_routes_back_to_itself(service: str) -> None:
    spec = model.spec(service)
    for name in spec.model.operation_names:
        http = spec.model.operation_model(name).http
        path, query, labels = _fill(http["requestUri"])
        params = {k: [v] for k, _, v in (p.partition("=") for p in query.split("&") if p)}
        found = spec.router.match(http["method"], path, params)
        assert found is not None, name
        assert found.operation == name
        assert found.uri_params == labels


def test_query_constraints_pick_the_specific_route() -> None:
    router = model.spec("apigateway").router
    assert router.match("POST", "/apikeys", {}).operation == "CreateApiKey"  # type: ignore[union-attr]
    imported = router.match("POST", "/apikeys", {"mode": ["import"], "format": ["csv"]})
    assert imported is not None and imported.operation == "ImportApiKeys"


def test_labels_are_matched_raw_and_decoded_after() -> None:
    arn = "arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Fapikeys%2Fabc"
    found = model.spec("apigateway").router.match("GET", f"/tags/{arn}", {})
    assert found is not None
    assert found.operation == "GetTags"
    assert found.uri_params == {"resource_arn": "arn:aws:apigateway:us-east-1::/apikeys/abc"}


def test_greedy_labels_and_backtracking() -> None:
    router = Router()
    router.add("GET", "/files/{path+}", "GetFile")
    router.add("GET", "/files/special/info", "Info")
    router.add("GET", "/a/{x}/c", "AXC")
    router.add("GET", "/a/b/d", "ABD")
    assert router.match("GET", "/files/special/info", {}).operation == "Info"  # type: ignore[union-attr]
    greedy = router.match("GET", "/files/x/y/z", {})
    assert greedy is not None and greedy.uri_params == {"path": "x/y/z"}
    backtracked = router.match("GET", "/a/b/c", {})
    assert backtracked is not None and backtracked.uri_params == {"x": "b"}
    assert router.match("POST", "/a/b/c", {}) is None
    assert router.match("GET", "/a//c", {}) is None


# ---------------------------------------------------------------------------- raw dispatch


@pytest.fixture
def dispatch() -> Any:
    dispatcher = Dispatcher(World())
    caller = Caller("apigateway", "us-east-1", "123456789012")

    def call(
        method: str, path: str, body: bytes = b"", query: str = ""
    ) -> tuple[int, dict[str, str], Any]:
        answer = dispatcher.dispatch(caller, method, path, query, {}, body)
        return answer.status, answer.headers, json.loads(answer.body) if answer.body else None

    return call


def test_collections_use_item_on_the_wire(dispatch: Any) -> None:
    status, headers, created = dispatch("POST", "/apikeys", b'{"name":"k"}')
    assert status == 201
    assert headers["Content-Type"] == "application/json"
    assert isinstance(created["createdDate"], int)
    status, _, listed = dispatch("GET", "/apikeys")
    assert status == 200
    assert list(listed) == ["item"]
    assert listed["item"][0]["id"] == created["id"]


def test_errors_have_the_type_header_and_a_message(dispatch: Any) -> None:
    status, headers, document = dispatch("GET", "/apikeys/nope")
    assert status == 404
    assert headers["x-amzn-ErrorType"] == "NotFoundException"
    assert document == {"message": "Invalid API Key identifier specified"}
    assert re.match(r"^[0-9a-f-]{36}$", headers["x-amzn-RequestId"])


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        (b"{not json", "BadRequestException", "Could not parse request body into json"),
        (b"[1, 2]", "BadRequestException", "Request body must be a JSON object"),
        (
            b'{"enabled": "yes"}',
            "ValidationException",
            "1 validation error detected: Value 'yes' at 'createApiKeyInput.enabled' failed to "
            "satisfy constraint: Member must be a boolean",
        ),
        (
            b'{"name": 5, "stageKeys": {}}',
            "ValidationException",
            "2 validation errors detected: Value '5' at 'createApiKeyInput.name' failed to "
            "satisfy constraint: Member must be a string; Value '{}' at "
            "'createApiKeyInput.stageKeys' failed to satisfy constraint: Member must be a list",
        ),
    ],
)
def test_bad_bodies_get_aws_validation_errors(
    dispatch: Any, body: bytes, code: str, message: str
) -> None:
    status, headers, document = dispatch("POST", "/apikeys", body)
    assert (status, headers["x-amzn-ErrorType"], document) == (400, code, {"message": message})
    assert dispatch("GET", "/apikeys")[2] == {"item": []}


def test_missing_required_member(dispatch: Any) -> None:
    status, headers, document = dispatch("POST", "/usageplans", b"{}")
    assert (status, headers["x-amzn-ErrorType"]) == (400, "ValidationException")
    assert document == {
        "message": "1 validation error detected: Value null at 'createUsagePlanInput.name' "
        "failed to satisfy "
        "constraint: Member must not be null"
    }


def test_query_values_are_typed(dispatch: Any) -> None:
    status, _, document = dispatch("GET", "/apikeys", query="limit=abc")
    assert status == 400
    assert "Value 'abc' at 'limit' failed to satisfy constraint" in document["message"]
    assert dispatch("GET", "/apikeys", query="includeValues=TRUE")[0] == 200


def test_unknown_path_is_a_404_in_the_service_error_form(dispatch: Any) -> None:
    status, headers, document = dispatch("GET", "/no/such/thing")
    assert status == 404
    assert headers["x-amzn-ErrorType"] == "NotFoundException"
    assert document == {"message": "No apigateway operation matches GET /no/such/thing"}


def test_empty_success_bodies(dispatch: Any) -> None:
    _, _, created = dispatch("POST", "/apikeys", b"{}")
    status, _, document = dispatch("DELETE", f"/apikeys/{created['id']}")
    assert (status, document) == (202, None)


# ---------------------------------------------------------------------------- identify


def test_identify_reads_the_sigv4_scope() -> None:
    auth = (
        "AWS4-HMAC-SHA256 Credential=210987654321/20261125/eu-west-2/appsync/aws4_request, "
        "SignedHeaders=host, Signature=abc"
    )
    caller = identify({"authorization": auth}, "127.0.0.1:4566")
    assert caller == Caller("appsync", "eu-west-2", "210987654321")


def test_identify_falls_back_to_the_host() -> None:
    caller = identify({}, "apigateway.ap-southeast-2.amazonaws.com")
    assert caller == Caller("apigateway", "ap-southeast-2", "123456789012")


def test_a_non_numeric_access_key_is_the_default_account() -> None:
    auth = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261125/us-east-1/apigateway/aws4_request"
    assert identify({"authorization": auth}).account_id == "123456789012"


def test_a_raw_payload_takes_the_content_type_its_output_member_gives() -> None:
    """GetExport's output has a ``Content-Type`` header member beside its blob payload: the
    member's value is the answer's type, whatever order the handler gave them in."""
    from mockgw.wire.restjson import serialize_response

    operation = model.spec("apigateway").operation("GetExport")
    for result in (
        {"body": b"{}", "contentType": "application/yaml"},
        {"contentType": "application/yaml", "body": b"{}"},
    ):
        answer = serialize_response(operation, result)
        assert answer.headers["Content-Type"] == "application/yaml"
        assert answer.body == b"{}"
    plain = serialize_response(operation, {"body": b"x"})
    assert plain.headers["Content-Type"] == "application/octet-stream"
