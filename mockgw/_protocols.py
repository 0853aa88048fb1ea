"""Errors in other services' own protocols, for ``mockgw server``'s clients.

A client pointed at the server for a service mockgw does not mock (``aws s3 ls``, Terraform's
STS call, a Go SDK's DynamoDB call) must get an error it can read, not a body its SDK cannot
parse. The protocol comes first from the request itself, which is what the client will parse
the answer as (a JSON-RPC ``X-Amz-Target`` header, a CBOR body, an ``Action=`` form), then from
botocore's model of the service (``metadata.protocol``: rest-xml for S3, Route 53 and
CloudFront, ec2 for EC2), then rest-json, the protocol of most newer services.

The answer is ``501 NotImplemented``: AWS SDKs retry 500, 502, 503 and 504 but not 501, so
the client reports the message at once instead of retrying. The code and message are mockgw's
own (AWS has no such answer); S3's own code for an unimplemented feature is the same
``NotImplemented``.
"""

from __future__ import annotations

import json
import struct
import threading
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from mockgw import ids
from mockgw.services import SERVICES
from mockgw.wire.restjson import WireResponse

STATUS = 501
CODE = "NotImplemented"

_lock = threading.Lock()
_model_protocols: dict[str, tuple[str | None, str | None]] = {}


def unmocked_service(
    service: str, method: str, path: str, headers: Mapping[str, str], body: bytes
) -> WireResponse:
    """The server's answer to a request for ``service``, which mockgw does not mock."""
    message = (
        f"mockgw does not mock the AWS service {service!r} (it mocks {' and '.join(SERVICES)}); "
        f"this {method} {path} was answered by mockgw server and reached no AWS endpoint. "
        f"Point this client's {service!r} calls at AWS or at another mock."
    )
    protocol = protocol_of(service, headers, body)
    request_id = ids.request_id()
    if protocol == "json":
        content_type = headers.get("content-type", "") or "application/x-amz-json-1.1"
        if not content_type.startswith("application/x-amz-json"):
            content_type = "application/x-amz-json-1.1"
        data = json.dumps({"__type": CODE, "message": message}).encode()
        return WireResponse(
            STATUS, {"x-amzn-RequestId": request_id, "Content-Type": content_type}, data
        )
    if protocol == "smithy-rpc-v2-cbor":
        data = _cbor_text_map({"__type": CODE, "message": message})
        cbor_headers = {
            "x-amzn-RequestId": request_id,
            "Content-Type": "application/cbor",
            "smithy-protocol": "rpc-v2-cbor",
        }
        return WireResponse(STATUS, cbor_headers, data)
    if protocol in ("query", "ec2", "rest-xml"):
        return _xml_error(protocol, service, message, request_id)
    data = json.dumps({"message": message}).encode()
    json_headers = {
        "x-amzn-RequestId": request_id,
        "x-amzn-ErrorType": CODE,
        "Content-Type": "application/json",
    }
    return WireResponse(STATUS, json_headers, data)


def protocol_of(service: str, headers: Mapping[str, str], body: bytes) -> str:
    """The protocol a client speaks to ``service``: from the request, else from the model."""
    content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if headers.get("x-amz-target") or content_type.startswith("application/x-amz-json"):
        return "json"
    if content_type == "application/cbor" or headers.get("smithy-protocol") == "rpc-v2-cbor":
        return "smithy-rpc-v2-cbor"
    model_protocol = _model_protocol(service)[0]
    if content_type == "application/x-www-form-urlencoded" and b"Action=" in body:
        return "ec2" if model_protocol == "ec2" else "query"
    if model_protocol in ("rest-xml", "rest-json", "ec2", "query"):
        return model_protocol
    return "rest-json"


def _model_protocol(service: str) -> tuple[str | None, str | None]:
    """(protocol, XML namespace) of botocore's model named ``service`` (None, None: none)."""
    found = _model_protocols.get(service)
    if found is not None:
        return found
    with _lock:
        found = _model_protocols.get(service)
        if found is None:
            found = _model_protocols[service] = _load_protocol(service)
        return found


def _load_protocol(service: str) -> tuple[str | None, str | None]:
    if not service or not service.replace("-", "").isalnum():
        return None, None
    try:
        from botocore.loaders import create_loader

        metadata: dict[str, Any] = create_loader().load_service_model(service, "service-2")[
            "metadata"
        ]
    except Exception:  # no model of that name (a signing name or endpoint prefix)
        return None, None
    protocol = metadata.get("protocol")
    return (protocol if isinstance(protocol, str) else None), metadata.get("xmlNamespace")


def _xml_error(protocol: str, service: str, message: str, request_id: str) -> WireResponse:
    code, text = escape(CODE), escape(message)
    if protocol == "ec2":
        document = (
            f"<Response><Errors><Error><Code>{code}</Code><Message>{text}</Message></Error>"
            f"</Errors><RequestID>{request_id}</RequestID></Response>"
        )
    elif protocol == "rest-xml" and service in ("s3", "s3-control", "s3control"):
        document = (
            f"<Error><Code>{code}</Code><Message>{text}</Message>"
            f"<RequestId>{request_id}</RequestId></Error>"
        )
    else:  # query, and the other rest-xml services (Route 53, CloudFront)
        namespace = _model_protocol(service)[1]
        xmlns = f' xmlns="{escape(namespace)}"' if namespace else ""
        document = (
            f"<ErrorResponse{xmlns}><Error><Type>Sender</Type><Code>{code}</Code>"
            f"<Message>{text}</Message></Error><RequestId>{request_id}</RequestId>"
            "</ErrorResponse>"
        )
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + document).encode()
    headers = {
        "x-amzn-RequestId": request_id,
        "x-amz-request-id": request_id,
        "Content-Type": "text/xml",
    }
    return WireResponse(STATUS, headers, data)


def _cbor_text_map(data: Mapping[str, str]) -> bytes:
    """A CBOR map of text strings (RFC 8949: major types 5 and 3)."""
    out = bytearray(_cbor_head(5, len(data)))
    for key, value in data.items():
        for text in (key, value):
            raw = text.encode()
            out += _cbor_head(3, len(raw)) + raw
    return bytes(out)


def _cbor_head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    if length < 0x100:
        return bytes([major << 5 | 24, length])
    if length < 0x10000:
        return bytes([major << 5 | 25]) + struct.pack(">H", length)
    return bytes([major << 5 | 26]) + struct.pack(">I", length)
