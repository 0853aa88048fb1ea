"""Custom domain names: CreateDomainName, GetDomainName(s), UpdateDomainName, DeleteDomainName.

Pinned (sources in domain_names.py): the shapes of the AWS CLI's documented outputs (EDGE:
``distributionDomainName``/``Z2FDTNDATAQYW2``; REGIONAL: ``d-xxxxxxxxxx.execute-api...`` and the
region's hosted zone; PRIVATE: ``domainNameId`` and an ARN with the account and ``+id``;
``securityPolicy`` TLS_1_2 and ``domainNameStatus`` AVAILABLE by default); ``The domain name you
provided already exists.``; ``A certificate was not provided for the endpoint type EDGE.``;
``Uploading certificates is not supported for REGIONAL.``; ``Invalid domain name identifier
specified``. The rest is mockgw's documented choice.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from mockgw import mock_apigateway
from tests.helpers import assert_error, body, status

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/fb1b9770-a305-495d-aefb-27e5e101ff3"
NO_DOMAIN = "Invalid domain name identifier specified"
NOW = dt.datetime(2024, 10, 8, 18, 29, 49, tzinfo=dt.timezone.utc)
REGIONAL_HOST = re.compile(r"^d-[a-z0-9]{10}\.execute-api\.(?P<region>[a-z0-9-]+)\.amazonaws\.com$")
CLOUDFRONT = re.compile(r"^d[a-z0-9]{13}\.cloudfront\.net$")
DOMAIN_ID = re.compile(r"^[a-z0-9]{10}$")


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


def regional(apigw: Any, name: str = "api.example.com", **kwargs: Any) -> Any:
    return apigw.create_domain_name(
        domainName=name,
        regionalCertificateArn=CERT,
        endpointConfiguration={"types": ["REGIONAL"]},
        **kwargs,
    )


def test_an_edge_domain_name(apigw: Any) -> None:
    with freeze_time(NOW):
        response = apigw.create_domain_name(
            domainName="my.domain.tld", certificateName="my.domain.tld cert", certificateArn=CERT
        )
    assert status(response) == 201
    domain = body(response)
    assert CLOUDFRONT.match(domain["distributionDomainName"])
    assert domain == {
        "domainName": "my.domain.tld",
        "domainNameArn": "arn:aws:apigateway:us-east-1::/domainnames/my.domain.tld",
        "certificateName": "my.domain.tld cert",
        "certificateArn": CERT,
        "certificateUploadDate": NOW,
        "distributionDomainName": domain["distributionDomainName"],
        "distributionHostedZoneId": "Z2FDTNDATAQYW2",
        "endpointConfiguration": {"types": ["EDGE"], "ipAddressType": "ipv4"},
        "domainNameStatus": "AVAILABLE",
        "securityPolicy": "TLS_1_2",
        "routingMode": "BASE_PATH_MAPPING_ONLY",
    }
    assert body(apigw.get_domain_name(domainName="my.domain.tld")) == {**domain, "tags": {}}


@pytest.mark.parametrize(
    ("region", "zone"),
    [
        ("us-east-1", "Z1UJRXOUMOOFQ8"),
        ("us-west-2", "Z2OJLYMUO9EFXC"),
        ("eu-west-1", "ZLY8HYME6SFDD"),
    ],
)
def test_a_regional_domain_name(region: str, zone: str) -> None:
    with mock_apigateway():
        apigw = boto3.client("apigateway", region_name=region)
        domain = body(regional(apigw, securityPolicy="TLS_1_2", tags={"env": "test"}))
    found = REGIONAL_HOST.match(domain["regionalDomainName"])
    assert found is not None and found["region"] == region
    assert domain == {
        "domainName": "api.example.com",
        "domainNameArn": f"arn:aws:apigateway:{region}::/domainnames/api.example.com",
        "certificateUploadDate": domain["certificateUploadDate"],
        "regionalDomainName": domain["regionalDomainName"],
        "regionalHostedZoneId": zone,
        "regionalCertificateArn": CERT,
        "endpointConfiguration": {"types": ["REGIONAL"], "ipAddressType": "ipv4"},
        "domainNameStatus": "AVAILABLE",
        "securityPolicy": "TLS_1_2",
        "tags": {"env": "test"},
        "routingMode": "BASE_PATH_MAPPING_ONLY",
    }


def test_a_private_domain_name(apigw: Any) -> None:
    policy = '{"Version":"2012-10-17","Statement":[]}'
    domain = body(
        apigw.create_domain_name(
            domainName="my.private.domain.tld",
            certificateArn=CERT,
            endpointConfiguration={"types": ["PRIVATE"]},
            policy=policy,
        )
    )
    domain_id = domain["domainNameId"]
    assert DOMAIN_ID.match(domain_id)
    assert domain == {
        "domainName": "my.private.domain.tld",
        "domainNameId": domain_id,
        "domainNameArn": (
            "arn:aws:apigateway:us-east-1:123456789012:/domainnames/"
            f"my.private.domain.tld+{domain_id}"
        ),
        "certificateArn": CERT,
        "certificateUploadDate": domain["certificateUploadDate"],
        "endpointConfiguration": {"types": ["PRIVATE"], "ipAddressType": "dualstack"},
        "domainNameStatus": "AVAILABLE",
        "securityPolicy": "TLS_1_2",
        "policy": policy,
        "routingMode": "BASE_PATH_MAPPING_ONLY",
    }
    got = apigw.get_domain_name(domainName="my.private.domain.tld", domainNameId=domain_id)
    assert got["domainNameId"] == domain_id
    # Private names are told apart by their id: the same name again is another domain name.
    again = apigw.create_domain_name(
        domainName="my.private.domain.tld",
        certificateArn=CERT,
        endpointConfiguration={"types": ["PRIVATE"]},
    )
    assert again["domainNameId"] != domain_id
    assert_error(
        lambda: apigw.get_domain_name(domainName="my.private.domain.tld"),
        "NotFoundException",
        404,
        NO_DOMAIN,
    )


def test_every_optional_member_is_echoed(apigw: Any) -> None:
    domain = regional(
        apigw,
        securityPolicy="SecurityPolicy_TLS13_1_3_2025_09",
        endpointAccessMode="STRICT",
        mutualTlsAuthentication={"truststoreUri": "s3://bucket/key", "truststoreVersion": "v1"},
        ownershipVerificationCertificateArn=CERT,
        regionalCertificateName="regional cert",
        routingMode="ROUTING_RULE_THEN_BASE_PATH_MAPPING",
    )
    assert domain["securityPolicy"] == "SecurityPolicy_TLS13_1_3_2025_09"
    assert domain["endpointAccessMode"] == "STRICT"
    assert domain["mutualTlsAuthentication"] == {
        "truststoreUri": "s3://bucket/key",
        "truststoreVersion": "v1",
    }
    assert domain["ownershipVerificationCertificateArn"] == CERT
    assert domain["regionalCertificateName"] == "regional cert"
    assert domain["routingMode"] == "ROUTING_RULE_THEN_BASE_PATH_MAPPING"


def test_an_edge_domain_name_may_upload_its_certificate(apigw: Any) -> None:
    domain = apigw.create_domain_name(
        domainName="api.example.com",
        certificateName="uploaded",
        certificateBody="-----BEGIN CERTIFICATE-----...",
        certificatePrivateKey="-----BEGIN PRIVATE KEY-----...",
    )
    assert domain["certificateName"] == "uploaded"
    assert "certificateBody" not in domain and "certificatePrivateKey" not in domain


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"domainName": ""}, "No Domain Name specified"),
        ({"domainName": "not a domain", "certificateArn": CERT}, "Invalid domain name specified"),
        ({"domainName": "localhost", "certificateArn": CERT}, "Invalid domain name specified"),
        (
            {"domainName": "api.example.com"},
            "A certificate was not provided for the endpoint type EDGE.",
        ),
        (
            {"domainName": "api.example.com", "regionalCertificateArn": CERT},
            "A certificate was not provided for the endpoint type EDGE.",
        ),
        (
            {"domainName": "api.example.com", "endpointConfiguration": {"types": ["REGIONAL"]}},
            "A certificate was not provided for the endpoint type REGIONAL.",
        ),
        (
            {
                "domainName": "api.example.com",
                "certificateArn": CERT,
                "endpointConfiguration": {"types": ["REGIONAL"]},
            },
            "A certificate was not provided for the endpoint type REGIONAL.",
        ),
        (
            {
                "domainName": "api.example.com",
                "regionalCertificateArn": CERT,
                "certificateBody": "x",
                "endpointConfiguration": {"types": ["REGIONAL"]},
            },
            "Uploading certificates is not supported for REGIONAL.",
        ),
        (
            {"domainName": "api.example.com", "endpointConfiguration": {"types": ["PRIVATE"]}},
            "A certificate was not provided for the endpoint type PRIVATE.",
        ),
        (
            {
                "domainName": "api.example.com",
                "certificateArn": CERT,
                "endpointConfiguration": {"types": ["EDGE", "REGIONAL"]},
            },
            "Cannot create an api with multiple Endpoint Types.",
        ),
        (
            {"domainName": "api.example.com", "certificateArn": CERT, "policy": "{}"},
            "Policy is only supported for private custom domain names",
        ),
        (
            {
                "domainName": "api.example.com",
                "certificateArn": CERT,
                "endpointAccessMode": "BASIC",
            },
            "Endpoint access mode is only supported for security policies starting with "
            "SecurityPolicy_",
        ),
        (
            {
                "domainName": "api.example.com",
                "certificateArn": CERT,
                "mutualTlsAuthentication": {"truststoreUri": "s3://b/k"},
            },
            "Mutual TLS is only supported for REGIONAL custom domain names",
        ),
        (
            {
                "domainName": "api.example.com",
                "regionalCertificateArn": CERT,
                "endpointConfiguration": {"types": ["REGIONAL"]},
                "mutualTlsAuthentication": {"truststoreUri": "https://b/k"},
            },
            "Truststore URI must be an S3 URI",
        ),
    ],
)
def test_create_errors(apigw: Any, kwargs: dict[str, Any], message: str) -> None:
    assert_error(lambda: apigw.create_domain_name(**kwargs), "BadRequestException", 400, message)
    assert apigw.get_domain_names()["items"] == []


def test_a_public_name_exists_once(apigw: Any) -> None:
    regional(apigw)
    assert_error(
        lambda: regional(apigw),
        "BadRequestException",
        400,
        "The domain name you provided already exists.",
    )
    assert_error(
        lambda: apigw.create_domain_name(domainName="api.example.com", certificateArn=CERT),
        "BadRequestException",
        400,
        "The domain name you provided already exists.",
    )


def test_another_account_cannot_take_a_public_name_but_another_region_of_it_can() -> None:
    with mock_apigateway():
        mine = boto3.client("apigateway", region_name="us-east-1")
        theirs = boto3.client(
            "apigateway",
            region_name="us-east-1",
            aws_access_key_id="210987654321",
            aws_secret_access_key="x",
        )
        mine_west = boto3.client("apigateway", region_name="us-west-2")
        regional(mine)
        assert_error(
            lambda: regional(theirs),
            "BadRequestException",
            400,
            "The domain name you provided already exists.",
        )
        assert regional(mine_west)["regionalHostedZoneId"] == "Z2OJLYMUO9EFXC"


def test_get_list_and_delete(apigw: Any) -> None:
    first = body(regional(apigw, name="a.example.com"))
    second = body(
        apigw.create_domain_name(domainName="b.example.com", certificateArn=CERT, tags={"k": "v"})
    )
    assert body(apigw.get_domain_names()) == {"items": [first, second]}
    page = apigw.get_domain_names(limit=1)
    assert page["items"] == [first]
    assert apigw.get_domain_names(position=page["position"])["items"] == [second]
    assert apigw.get_domain_names(resourceOwner="SELF")["items"] == [first, second]
    assert apigw.get_domain_names(resourceOwner="OTHER_ACCOUNTS")["items"] == []
    assert status(apigw.delete_domain_name(domainName="a.example.com")) == 202
    assert apigw.get_domain_names()["items"] == [second]
    for call in (apigw.get_domain_name, apigw.delete_domain_name):
        assert_error(
            lambda call=call: call(domainName="a.example.com"), "NotFoundException", 404, NO_DOMAIN
        )
    # Deleted, the name is free again.
    regional(apigw, name="a.example.com")


def test_update_domain_name(apigw: Any) -> None:
    regional(apigw)
    other = "arn:aws:acm:us-east-1:123456789012:certificate/other"
    updated = apigw.update_domain_name(
        domainName="api.example.com",
        patchOperations=[
            {"op": "replace", "path": "/regionalCertificateArn", "value": other},
            {"op": "replace", "path": "/regionalCertificateName", "value": "renewed"},
            {"op": "replace", "path": "/securityPolicy", "value": "TLS_1_0"},
            {
                "op": "replace",
                "path": "/mutualTlsAuthentication/truststoreUri",
                "value": "s3://b/k",
            },
            {"op": "replace", "path": "/mutualTlsAuthentication/truststoreVersion", "value": "v2"},
        ],
    )
    assert updated["regionalCertificateArn"] == other
    assert updated["regionalCertificateName"] == "renewed"
    assert updated["securityPolicy"] == "TLS_1_0"
    assert updated["mutualTlsAuthentication"] == {
        "truststoreUri": "s3://b/k",
        "truststoreVersion": "v2",
    }
    assert updated["tags"] == {}
    off = apigw.update_domain_name(
        domainName="api.example.com",
        patchOperations=[
            {"op": "replace", "path": "/mutualTlsAuthentication/truststoreUri", "value": ""}
        ],
    )
    assert "mutualTlsAuthentication" not in off


def test_an_edge_domain_name_migrates_to_regional(apigw: Any) -> None:
    edge = apigw.create_domain_name(domainName="api.example.com", certificateArn=CERT)
    migrated = apigw.update_domain_name(
        domainName="api.example.com",
        patchOperations=[
            {"op": "replace", "path": "/endpointConfiguration/types/0", "value": "REGIONAL"},
            {"op": "replace", "path": "/regionalCertificateArn", "value": CERT},
        ],
    )
    assert migrated["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert REGIONAL_HOST.match(migrated["regionalDomainName"])
    assert migrated["regionalHostedZoneId"] == "Z1UJRXOUMOOFQ8"
    assert "distributionDomainName" not in migrated
    back = apigw.update_domain_name(
        domainName="api.example.com",
        patchOperations=[
            {"op": "replace", "path": "/endpointConfiguration/types/0", "value": "EDGE"}
        ],
    )
    assert back["distributionDomainName"] == edge["distributionDomainName"]
    assert "regionalDomainName" not in back


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (
            {"op": "replace", "path": "/regionalCertificateArn", "value": ""},
            "A certificate was not provided for the endpoint type REGIONAL.",
        ),
        (
            {"op": "replace", "path": "/endpointConfiguration/types/0", "value": "EDGE"},
            "A certificate was not provided for the endpoint type EDGE.",
        ),
        (
            {"op": "replace", "path": "/endpointConfiguration/types/0", "value": "PRIVATE"},
            "Cannot change the endpoint type of a custom domain name from REGIONAL to PRIVATE",
        ),
        (
            {"op": "replace", "path": "/securityPolicy", "value": "TLS_9"},
            "Invalid security policy specified: TLS_9. Must be one of: TLS_1_0, TLS_1_2, "
            "SecurityPolicy_TLS13_1_3_2025_09, SecurityPolicy_TLS13_1_3_FIPS_2025_09, "
            "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09, SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09, "
            "SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09, "
            "SecurityPolicy_TLS13_1_2_Ext2_PQ_2025_09, "
            "SecurityPolicy_TLS13_1_2_Ext2_FIPS_PQ_2025_09, SecurityPolicy_TLS13_1_2_PQ_2025_09, "
            "SecurityPolicy_TLS13_1_2_2021_06, SecurityPolicy_TLS13_2025_EDGE, "
            "SecurityPolicy_TLS12_PFS_2025_EDGE, SecurityPolicy_TLS12_2018_EDGE",
        ),
        (
            {"op": "replace", "path": "/endpointAccessMode", "value": "STRICT"},
            "Endpoint access mode is only supported for security policies starting with "
            "SecurityPolicy_",
        ),
        (
            {"op": "replace", "path": "/policy", "value": "{}"},
            "Policy is only supported for private custom domain names",
        ),
        (
            {"op": "replace", "path": "/domainName", "value": "b.example.com"},
            "Invalid patch path  '/domainName' specified for op 'replace'. Must be one of: "
            "[/certificateName, /certificateArn, /regionalCertificateName, "
            "/regionalCertificateArn, /securityPolicy, /endpointConfiguration/types/0, "
            "/endpointConfiguration/ipAddressType, /mutualTlsAuthentication/truststoreUri, "
            "/mutualTlsAuthentication/truststoreVersion, /ownershipVerificationCertificateArn, "
            "/policy, /managementPolicy, /endpointAccessMode, /routingMode]",
        ),
        (
            {"op": "add", "path": "/certificateName", "value": "x"},
            "Invalid patch operation specified. Must be one of: [replace]",
        ),
        (
            {"op": "replace", "path": "/managementPolicy", "value": "{}"},
            "Management policy is only supported for private custom domain names",
        ),
    ],
)
def test_update_errors_change_nothing(apigw: Any, operation: dict[str, str], message: str) -> None:
    before = body(regional(apigw))
    assert_error(
        lambda: apigw.update_domain_name(
            domainName="api.example.com",
            patchOperations=[
                {"op": "replace", "path": "/regionalCertificateName", "value": "changed"},
                operation,
            ],
        ),
        "BadRequestException",
        400,
        message,
    )
    assert body(apigw.get_domain_name(domainName="api.example.com")) == {**before, "tags": {}}


def test_update_an_unknown_domain_name(apigw: Any) -> None:
    assert_error(
        lambda: apigw.update_domain_name(domainName="nope.example.com", patchOperations=[]),
        "NotFoundException",
        404,
        NO_DOMAIN,
    )


def test_tags_on_public_and_private_domain_names(apigw: Any) -> None:
    regional(apigw)
    private = apigw.create_domain_name(
        domainName="p.example.com",
        certificateArn=CERT,
        endpointConfiguration={"types": ["PRIVATE"]},
    )
    for arn in (
        "arn:aws:apigateway:us-east-1::/domainnames/api.example.com",
        private["domainNameArn"],
    ):
        apigw.tag_resource(resourceArn=arn, tags={"a": "1", "b": "2"})
        apigw.untag_resource(resourceArn=arn, tagKeys=["a"])
        assert apigw.get_tags(resourceArn=arn)["tags"] == {"b": "2"}
    assert apigw.get_domain_name(domainName="api.example.com")["tags"] == {"b": "2"}
    assert_error(
        lambda: apigw.get_tags(
            resourceArn="arn:aws:apigateway:us-east-1::/domainnames/x.example.com"
        ),
        "NotFoundException",
        404,
        NO_DOMAIN,
    )
    assert_error(
        lambda: apigw.get_tags(
            resourceArn="arn:aws:apigateway:us-west-2::/domainnames/api.example.com"
        ),
        "NotFoundException",
        404,
        NO_DOMAIN,
    )


def test_a_private_domain_names_policies(apigw: Any) -> None:
    domain = apigw.create_domain_name(
        domainName="p.example.com",
        certificateArn=CERT,
        endpointConfiguration={"types": ["PRIVATE"]},
    )
    key = {"domainName": "p.example.com", "domainNameId": domain["domainNameId"]}
    shared = '{"Version":"2012-10-17","Statement":[]}'
    updated = apigw.update_domain_name(
        **key,
        patchOperations=[
            {"op": "replace", "path": "/managementPolicy", "value": shared},
            {"op": "replace", "path": "/policy", "value": shared},
        ],
    )
    assert (updated["managementPolicy"], updated["policy"]) == (shared, shared)
    removed = apigw.update_domain_name(
        **key, patchOperations=[{"op": "remove", "path": "/managementPolicy"}]
    )
    assert "managementPolicy" not in removed
    assert removed["policy"] == shared
