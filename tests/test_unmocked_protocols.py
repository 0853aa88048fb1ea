"""``mockgw server`` answers a service it does not mock in that service's own protocol, so any
SDK reads the message (501 NotImplemented, not retried), instead of failing to parse the body."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from mockgw import _protocols
from mockgw.server import MockgwServer

SCOPE = "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/{}/aws4_request, SignedHeaders=host"


@pytest.fixture(scope="module")
def server() -> Iterator[MockgwServer]:
    with MockgwServer(port=0) as running:
        yield running


# (service, the protocol its SDK speaks, a call): one of each protocol botocore knows
CALLS = [
    ("s3", "rest-xml", "list_buckets", {}),
    ("route53", "rest-xml", "list_hosted_zones", {}),
    ("sts", "query", "get_caller_identity", {}),
    ("iam", "query", "list_users", {}),
    ("ec2", "ec2", "describe_instances", {}),
    ("dynamodb", "json", "list_tables", {}),
    ("logs", "json", "describe_log_groups", {}),
    ("lambda", "rest-json", "list_functions", {}),
    ("cloudwatch", "smithy-rpc-v2-cbor", "list_metrics", {}),
]


@pytest.mark.parametrize(("service", "protocol", "method", "kwargs"), CALLS)
def test_every_protocol_gets_an_error_its_sdk_reads(
    server: MockgwServer, service: str, protocol: str, method: str, kwargs: dict[str, Any]
) -> None:
    client = server.client(service, config=Config(retries={"mode": "standard"}))
    assert client.meta.service_model.protocol == protocol
    with pytest.raises(ClientError) as failed:
        getattr(client, method)(**kwargs)
    response: Any = failed.value.response
    assert response["Error"]["Code"] == "NotImplemented"  # read from the body, not the status
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert response["ResponseMetadata"]["RetryAttempts"] == 0  # 501 is not retried
    signing_name = client.meta.service_model.signing_name
    assert response["Error"]["Message"].startswith(
        f"mockgw does not mock the AWS service {signing_name!r} (it mocks apigateway and appsync)"
    )


def raw(server: MockgwServer, path: str, service: str, **headers: str) -> tuple[int, Any, bytes]:
    request = urllib.request.Request(
        server.endpoint_url + path,
        headers={"Authorization": SCOPE.format(service), **headers},
    )
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_s3_gets_its_own_bare_error_document(server: MockgwServer) -> None:
    status, headers, body = raw(server, "/my-bucket?list-type=2", "s3")
    assert status == 501
    assert headers["Content-Type"] == "text/xml"
    text = body.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NotImplemented')
    assert "this GET /my-bucket was answered by mockgw server" in text
    assert f"<RequestId>{headers['x-amz-request-id']}</RequestId></Error>" in text


def test_query_services_get_error_response_in_their_namespace(server: MockgwServer) -> None:
    status, _, body = raw(server, "/?Action=GetCallerIdentity&Version=2011-06-15", "sts")
    assert status == 501
    assert (
        body.decode()
        .split("\n", 1)[1]
        .startswith(
            '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender'
            "</Type><Code>NotImplemented</Code><Message>mockgw does not mock the AWS service 'sts'"
        )
    )


def test_json_services_get_their_json_version_back(server: MockgwServer) -> None:
    status, headers, body = raw(
        server,
        "/",
        "dynamodb",
        **{"X-Amz-Target": "DynamoDB_20120810.ListTables"},
        **{"Content-Type": "application/x-amz-json-1.0"},
    )
    assert status == 501
    assert headers["Content-Type"] == "application/x-amz-json-1.0"
    assert body.startswith(b'{"__type": "NotImplemented", "message": "mockgw does not mock')


def test_an_unknown_service_name_gets_rest_json(server: MockgwServer) -> None:
    status, headers, body = raw(server, "/things", "no-such-service")
    assert (status, headers["x-amzn-ErrorType"]) == (501, "NotImplemented")
    assert b"mockgw does not mock the AWS service 'no-such-service'" in body


def test_cbor_text_maps() -> None:
    # RFC 8949 appendix A: {"a": "A"} is a1 61 61 61 41; lengths of 24 and more take a byte
    assert _protocols._cbor_text_map({"a": "A"}) == bytes.fromhex("a1616161 41".replace(" ", ""))
    long = "x" * 300
    encoded = _protocols._cbor_text_map({"m": long})
    assert encoded[:3] == bytes.fromhex("a1616d")
    assert encoded[3:6] == bytes([0x79, 0x01, 0x2C]) and encoded[6:] == long.encode()


def test_mocked_services_still_answer_as_before(server: MockgwServer) -> None:
    assert server.client("apigateway").get_api_keys()["items"] == []
