"""Client certificates: a real PEM X.509 certificate valid 365 days from createdDate (the AWS
CLI's documented output), the CRUD shapes, tags, and stages naming a certificate by
``clientCertificateId``.

mockgw's texts (AWS's not recorded, see client_certificates.py): ``Invalid Client Certificate
identifier specified`` and the listed patch-path error.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from freezegun import freeze_time

import mockgw
from mockgw import mock_apigateway
from tests.apigw_fixtures import deployed_stage
from tests.helpers import assert_error, body, status

NO_CERT = "Invalid Client Certificate identifier specified"
CERT_ID = re.compile(r"^[a-z0-9]{6}$")
CREATED = dt.datetime(2024, 5, 1, 12, tzinfo=dt.timezone.utc)


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


def test_generate_answers_a_certificate_that_parses(apigw: Any) -> None:
    with freeze_time(CREATED):
        response = apigw.generate_client_certificate(description="My First Client Certificate")
    assert status(response) == 201
    cert = body(response)
    pem = cert.pop("pemEncodedCertificate")
    cert_id = cert["clientCertificateId"]
    assert CERT_ID.match(cert_id)
    assert cert == {
        "clientCertificateId": cert_id,
        "description": "My First Client Certificate",
        "createdDate": CREATED,
        "expirationDate": CREATED + dt.timedelta(days=365),
    }
    assert pem.startswith("-----BEGIN CERTIFICATE-----\n")
    assert pem.endswith("-----END CERTIFICATE-----\n")
    parsed = x509.load_pem_x509_certificate(pem.encode())
    assert parsed.not_valid_before_utc == CREATED
    assert parsed.not_valid_after_utc == CREATED + dt.timedelta(days=365)
    assert parsed.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == cert_id
    assert isinstance(parsed.public_key(), rsa.RSAPublicKey)
    assert parsed.public_key().key_size == 2048
    usage = parsed.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert x509.ExtendedKeyUsageOID.CLIENT_AUTH in usage


def serials_and_ids(count: int) -> list[tuple[str, int]]:
    """``count`` new certificates' ids and serial numbers, in a fresh mock seeded with 7."""
    with mock_apigateway(seed=7):
        client = boto3.client("apigateway", region_name="us-east-1")
        made = [client.generate_client_certificate() for _ in range(count)]
    return [
        (
            c["clientCertificateId"],
            x509.load_pem_x509_certificate(c["pemEncodedCertificate"].encode()).serial_number,
        )
        for c in made
    ]


def test_each_certificate_has_its_own_serial_and_a_seed_repeats_them() -> None:
    first = serials_and_ids(2)
    assert len({serial for _, serial in first}) == 2
    assert serials_and_ids(2) == first
    mockgw.seed(None)


def test_get_list_update_delete(apigw: Any) -> None:
    cert = apigw.generate_client_certificate()
    cert_id = cert["clientCertificateId"]
    assert "description" not in cert and "tags" not in cert
    got = body(apigw.get_client_certificate(clientCertificateId=cert_id))
    assert got == {**body(cert), "tags": {}}
    assert body(apigw.get_client_certificates()) == {"items": [body(cert)]}
    updated = apigw.update_client_certificate(
        clientCertificateId=cert_id,
        patchOperations=[{"op": "replace", "path": "/description", "value": "My new description"}],
    )
    assert body(updated) == {**body(cert), "description": "My new description", "tags": {}}
    assert status(apigw.delete_client_certificate(clientCertificateId=cert_id)) == 202
    assert_error(
        lambda: apigw.get_client_certificate(clientCertificateId=cert_id),
        "NotFoundException",
        404,
        NO_CERT,
    )
    assert apigw.get_client_certificates()["items"] == []


@pytest.mark.parametrize(
    "call", ["get_client_certificate", "delete_client_certificate", "update_client_certificate"]
)
def test_unknown_certificate(apigw: Any, call: str) -> None:
    kwargs: dict[str, Any] = {"clientCertificateId": "nocert"}
    if call == "update_client_certificate":
        kwargs["patchOperations"] = [{"op": "replace", "path": "/description", "value": "x"}]
    assert_error(lambda: getattr(apigw, call)(**kwargs), "NotFoundException", 404, NO_CERT)


def test_update_of_an_unknown_path_changes_nothing(apigw: Any) -> None:
    cert_id = apigw.generate_client_certificate(description="d")["clientCertificateId"]
    assert_error(
        lambda: apigw.update_client_certificate(
            clientCertificateId=cert_id,
            patchOperations=[
                {"op": "replace", "path": "/description", "value": "changed"},
                {"op": "replace", "path": "/pemEncodedCertificate", "value": "x"},
            ],
        ),
        "BadRequestException",
        400,
        "Invalid patch path  '/pemEncodedCertificate' specified for op 'replace'. "
        "Must be one of: [/description]",
    )
    assert apigw.get_client_certificate(clientCertificateId=cert_id)["description"] == "d"


def test_tags(apigw: Any) -> None:
    cert = apigw.generate_client_certificate(tags={"key1": "value1"})
    assert cert["tags"] == {"key1": "value1"}
    arn = f"arn:aws:apigateway:us-east-1::/clientcertificates/{cert['clientCertificateId']}"
    apigw.tag_resource(resourceArn=arn, tags={"key1": "value1updated", "key2": "value2"})
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"key1": "value1updated", "key2": "value2"}
    apigw.untag_resource(resourceArn=arn, tagKeys=["key1"])
    assert apigw.get_client_certificates()["items"][0]["tags"] == {"key2": "value2"}
    assert_error(
        lambda: apigw.get_tags(resourceArn="arn:aws:apigateway:us-east-1::/clientcertificates/x"),
        "NotFoundException",
        404,
        NO_CERT,
    )


def test_paging(apigw: Any) -> None:
    ids = [apigw.generate_client_certificate()["clientCertificateId"] for _ in range(3)]
    page = apigw.get_client_certificates(limit=2)
    assert [c["clientCertificateId"] for c in page["items"]] == ids[:2]
    rest = apigw.get_client_certificates(position=page["position"])
    assert [c["clientCertificateId"] for c in rest["items"]] == ids[2:]


# ------------------------------------------------------------------ stages name a certificate


def test_a_stage_names_an_existing_certificate(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    cert_id = apigw.generate_client_certificate()["clientCertificateId"]
    updated = apigw.update_stage(
        restApiId=api_id,
        stageName=stage,
        patchOperations=[{"op": "replace", "path": "/clientCertificateId", "value": cert_id}],
    )
    assert updated["clientCertificateId"] == cert_id
    assert apigw.get_stage(restApiId=api_id, stageName=stage)["clientCertificateId"] == cert_id
    cleared = apigw.update_stage(
        restApiId=api_id,
        stageName=stage,
        patchOperations=[{"op": "replace", "path": "/clientCertificateId", "value": ""}],
    )
    assert "clientCertificateId" not in cleared


def test_a_stage_cannot_name_an_unknown_certificate(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    assert_error(
        lambda: apigw.update_stage(
            restApiId=api_id,
            stageName=stage,
            patchOperations=[
                {"op": "replace", "path": "/description", "value": "changed"},
                {"op": "replace", "path": "/clientCertificateId", "value": "nocert"},
            ],
        ),
        "NotFoundException",
        404,
        NO_CERT,
    )
    assert "description" not in apigw.get_stage(restApiId=api_id, stageName=stage)


def test_certificates_are_made_after_the_first_one_was_made_under_freezegun() -> None:
    """cryptography remembers the datetime class of its first certificate (FakeDatetime under
    freeze_time); a fresh process checks that mockgw's later certificates still build."""
    script = (
        "import boto3, mockgw\n"
        "from freezegun import freeze_time\n"
        "with mockgw.mock_apigateway():\n"
        "    c = boto3.client('apigateway', region_name='us-east-1')\n"
        "    with freeze_time('2024-05-01'):\n"
        "        c.generate_client_certificate()\n"
        "    c.generate_client_certificate()\n"
        "    with freeze_time('2024-06-01'):\n"
        "        c.generate_client_certificate()\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.stdout.strip() == "ok", done.stderr
