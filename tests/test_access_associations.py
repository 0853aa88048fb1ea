"""Domain name access associations: Create, Get(s), Delete, Reject.

Pinned: the ARN forms of AWS's developer guide and CLI reference
(``arn:aws:apigateway:{region}:{account}:/domainnameaccessassociations/domainname/{name}+{id}/
vpcesource/{vpce}``), the shape, 201/202 statuses, and that an owner cannot reject an
association in its own account. The texts are mockgw's (access_associations.py).
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from mockgw import mock_apigateway
from tests.helpers import assert_error, body, status

CERT = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
VPCE = "vpce-abcd1234efab"
PROVIDER = "111122223333"
CONSUMER = "444455556666"


def client(account: str = PROVIDER, region: str = "us-east-1") -> Any:
    return boto3.client(
        "apigateway", region_name=region, aws_access_key_id=account, aws_secret_access_key="x"
    )


@pytest.fixture
def world() -> Any:
    with mock_apigateway():
        yield


def private_domain(apigw: Any, name: str = "private.example.com") -> dict[str, Any]:
    made: dict[str, Any] = apigw.create_domain_name(
        domainName=name, certificateArn=CERT, endpointConfiguration={"types": ["PRIVATE"]}
    )
    return made


def association_arn(account: str, domain: dict[str, Any], vpce: str = VPCE) -> str:
    return (
        f"arn:aws:apigateway:us-east-1:{account}:/domainnameaccessassociations/domainname/"
        f"{domain['domainName']}+{domain['domainNameId']}/vpcesource/{vpce}"
    )


def test_associate_in_the_same_account(world: None) -> None:
    apigw = client()
    domain = private_domain(apigw)
    created = apigw.create_domain_name_access_association(
        domainNameArn=domain["domainNameArn"],
        accessAssociationSourceType="VPCE",
        accessAssociationSource=VPCE,
    )
    assert status(created) == 201
    expected = {
        "domainNameAccessAssociationArn": association_arn(PROVIDER, domain),
        "domainNameArn": domain["domainNameArn"],
        "accessAssociationSourceType": "VPCE",
        "accessAssociationSource": VPCE,
    }
    assert body(created) == expected
    assert body(apigw.get_domain_name_access_associations()) == {"items": [expected]}
    assert apigw.get_domain_name_access_associations(resourceOwner="SELF")["items"] == [expected]
    assert apigw.get_domain_name_access_associations(resourceOwner="OTHER_ACCOUNTS")["items"] == []
    deleted = apigw.delete_domain_name_access_association(
        domainNameAccessAssociationArn=expected["domainNameAccessAssociationArn"]
    )
    assert status(deleted) == 202
    assert apigw.get_domain_name_access_associations()["items"] == []


def test_associate_from_another_account_and_be_rejected(world: None) -> None:
    provider, consumer = client(PROVIDER), client(CONSUMER)
    domain = private_domain(provider)
    created = consumer.create_domain_name_access_association(
        domainNameArn=domain["domainNameArn"],
        accessAssociationSourceType="VPCE",
        accessAssociationSource=VPCE,
        tags={"team": "consumer"},
    )
    arn = created["domainNameAccessAssociationArn"]
    assert arn == association_arn(CONSUMER, domain)
    assert created["tags"] == {"team": "consumer"}
    rejected = provider.reject_domain_name_access_association(
        domainNameAccessAssociationArn=arn, domainNameArn=domain["domainNameArn"]
    )
    assert status(rejected) == 202
    # As on AWS, the consumer's association stays until the consumer deletes it.
    assert [
        a["domainNameAccessAssociationArn"]
        for a in consumer.get_domain_name_access_associations()["items"]
    ] == [arn]
    consumer.delete_domain_name_access_association(domainNameAccessAssociationArn=arn)
    assert consumer.get_domain_name_access_associations()["items"] == []


def test_tags_on_an_association(world: None) -> None:
    apigw = client()
    domain = private_domain(apigw)
    arn = apigw.create_domain_name_access_association(
        domainNameArn=domain["domainNameArn"],
        accessAssociationSourceType="VPCE",
        accessAssociationSource=VPCE,
    )["domainNameAccessAssociationArn"]
    apigw.tag_resource(resourceArn=arn, tags={"a": "1"})
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"a": "1"}
    assert apigw.get_domain_name_access_associations()["items"][0]["tags"] == {"a": "1"}


def test_create_errors(world: None) -> None:
    apigw = client()
    domain = private_domain(apigw)
    public = apigw.create_domain_name(domainName="public.example.com", certificateArn=CERT)
    base = {"accessAssociationSourceType": "VPCE", "accessAssociationSource": VPCE}
    bad_arn = "Invalid domain name ARN specified"
    for arn in (
        "not-an-arn",
        public["domainNameArn"],  # a public domain name
        domain["domainNameArn"].replace("+", "+x"),  # an unknown id
        domain["domainNameArn"].replace("us-east-1", "us-west-2"),  # another region
        f"arn:aws:apigateway:us-east-1:{CONSUMER}:/domainnames/private.example.com+abcd123456",
    ):
        assert_error(
            lambda arn=arn: apigw.create_domain_name_access_association(domainNameArn=arn, **base),
            "BadRequestException",
            400,
            bad_arn,
        )
    assert_error(
        lambda: apigw.create_domain_name_access_association(
            domainNameArn=domain["domainNameArn"],
            accessAssociationSourceType="VPCE",
            accessAssociationSource="sg-123",
        ),
        "BadRequestException",
        400,
        "Invalid access association source specified: sg-123",
    )
    apigw.create_domain_name_access_association(domainNameArn=domain["domainNameArn"], **base)
    assert_error(
        lambda: apigw.create_domain_name_access_association(
            domainNameArn=domain["domainNameArn"], **base
        ),
        "ConflictException",
        409,
        "Domain name access association already exists",
    )
    assert len(apigw.get_domain_name_access_associations()["items"]) == 1


def test_delete_unknown(world: None) -> None:
    apigw = client()
    domain = private_domain(apigw)
    assert_error(
        lambda: apigw.delete_domain_name_access_association(
            domainNameAccessAssociationArn=association_arn(PROVIDER, domain)
        ),
        "NotFoundException",
        404,
        "Invalid domain name access association identifier specified",
    )


def test_reject_errors(world: None) -> None:
    provider, consumer = client(PROVIDER), client(CONSUMER)
    domain = private_domain(provider)
    other = private_domain(provider, "other.example.com")
    arn = consumer.create_domain_name_access_association(
        domainNameArn=domain["domainNameArn"],
        accessAssociationSourceType="VPCE",
        accessAssociationSource=VPCE,
    )["domainNameAccessAssociationArn"]
    assert_error(
        lambda: provider.reject_domain_name_access_association(
            domainNameAccessAssociationArn=arn,
            domainNameArn=domain["domainNameArn"].replace("+", "+x"),
        ),
        "NotFoundException",
        404,
        "Invalid domain name identifier specified",
    )
    assert_error(
        lambda: consumer.reject_domain_name_access_association(
            domainNameAccessAssociationArn=arn, domainNameArn=domain["domainNameArn"]
        ),
        "NotFoundException",
        404,
        "Invalid domain name identifier specified",
    )
    assert_error(
        lambda: provider.reject_domain_name_access_association(
            domainNameAccessAssociationArn=arn, domainNameArn=other["domainNameArn"]
        ),
        "BadRequestException",
        400,
        "Invalid domain name access association ARN specified",
    )
    own = association_arn(PROVIDER, domain)
    assert_error(
        lambda: provider.reject_domain_name_access_association(
            domainNameAccessAssociationArn=own, domainNameArn=domain["domainNameArn"]
        ),
        "BadRequestException",
        400,
        "You can't reject a domain name access association in your own account",
    )
