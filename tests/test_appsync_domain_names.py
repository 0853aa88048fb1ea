"""Custom domain names and their API associations: CreateDomainName, GetDomainName,
ListDomainNames, UpdateDomainName, DeleteDomainName, AssociateApi, GetApiAssociation,
DisassociateApi."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from mockgw import mock, mock_appsync
from tests.helpers import assert_error, body, status

ACCOUNT = "123456789012"
DOMAIN = "api.example.com"
CERT = f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/0e2c6b0a-1111-2222-3333-444455556666"
CLOUDFRONT = re.compile(r"^d[a-z0-9]{13}\.cloudfront\.net$")
EVENT_CONFIG = {
    "authProviders": [{"authType": "API_KEY"}],
    "connectionAuthModes": [{"authType": "API_KEY"}],
    "defaultPublishAuthModes": [{"authType": "API_KEY"}],
    "defaultSubscribeAuthModes": [{"authType": "API_KEY"}],
}


@pytest.fixture
def appsync() -> Iterator[Any]:
    with mock_appsync():
        yield boto3.client("appsync", region_name="eu-west-1")


@pytest.fixture
def api_id(appsync: Any) -> str:
    api = appsync.create_graphql_api(name="orders", authenticationType="API_KEY")
    return str(api["graphqlApi"]["apiId"])


def create(appsync: Any, name: str = DOMAIN, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("certificateArn", CERT)
    domain: dict[str, Any] = appsync.create_domain_name(domainName=name, **kwargs)[
        "domainNameConfig"
    ]
    return domain


def domains_of(appsync: Any) -> list[dict[str, Any]]:
    return list(appsync.list_domain_names()["domainNameConfigs"])


# ---------------------------------------------------------------------------- domain names


def test_create_answers_aws_shape(appsync: Any) -> None:
    response = appsync.create_domain_name(domainName=DOMAIN, certificateArn=CERT)
    assert status(response) == 200
    domain = response["domainNameConfig"]
    assert CLOUDFRONT.match(domain["appsyncDomainName"])
    assert domain == {
        "domainName": DOMAIN,
        "certificateArn": CERT,
        "appsyncDomainName": domain["appsyncDomainName"],
        "hostedZoneId": "Z2FDTNDATAQYW2",
        "tags": {},
        "domainNameArn": f"arn:aws:appsync:eu-west-1:{ACCOUNT}:domainnames/{DOMAIN}",
    }


def test_create_keeps_description_and_tags(appsync: Any) -> None:
    domain = create(appsync, description="public API", tags={"team": "api"})
    assert domain["description"] == "public API" and domain["tags"] == {"team": "api"}
    iam = f"arn:aws:iam::{ACCOUNT}:server-certificate/wildcard"
    wildcard = create(appsync, "*.example.org", certificateArn=iam, description="")
    assert wildcard["certificateArn"] == iam and wildcard["description"] == ""
    response = appsync.get_domain_name(domainName=DOMAIN)
    assert status(response) == 200 and response["domainNameConfig"] == domain


def test_a_certificate_outside_us_east_1_is_invalid(appsync: Any) -> None:
    cert = CERT.replace("us-east-1", "eu-west-1")
    assert_error(
        lambda: create(appsync, certificateArn=cert),
        "BadRequestException",
        400,
        "Certificate is invalid.",
    )
    assert domains_of(appsync) == []


def test_a_domain_name_is_created_once(appsync: Any) -> None:
    first = create(appsync, description="first")
    assert_error(
        lambda: create(appsync, description="second"),
        "BadRequestException",
        400,
        f"Domain name {DOMAIN} already exists.",
    )
    assert domains_of(appsync) == [first]


def test_malformed_names_and_certificates_break_the_model(appsync: Any) -> None:
    assert_error(
        lambda: create(appsync, "no_dots"),
        "BadRequestException",
        400,
        "1 validation error detected: Value 'no_dots' at 'domainName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: "
        "^(\\*[\\w\\d-]*\\.)?([\\w\\d-]+\\.)+[\\w\\d-]+$",
    )
    bad = "arn:aws:s3:::bucket/certificate"
    assert_error(
        lambda: create(appsync, certificateArn=bad),
        "BadRequestException",
        400,
        f"1 validation error detected: Value '{bad}' at 'certificateArn' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: "
        "^arn:[a-z-]*:(acm|iam):[a-z0-9-]*:\\d{12}:(certificate|server-certificate)/"
        "[0-9A-Za-z_/-]*$",
    )


def test_list_pages_in_creation_order(appsync: Any) -> None:
    assert body(appsync.list_domain_names()) == {"domainNameConfigs": []}
    made = [create(appsync, f"api{i}.example.com") for i in range(27)]
    first = appsync.list_domain_names()
    assert first["domainNameConfigs"] == made[:25]
    rest = appsync.list_domain_names(nextToken=first["nextToken"])
    assert rest["domainNameConfigs"] == made[25:] and "nextToken" not in rest
    pages = appsync.get_paginator("list_domain_names").paginate(PaginationConfig={"PageSize": 4})
    assert [d for p in pages for d in p["domainNameConfigs"]] == made


def test_update_changes_the_description_only_when_given(appsync: Any) -> None:
    domain = create(appsync, description="old", tags={"a": "b"})
    response = appsync.update_domain_name(domainName=DOMAIN, description="new")
    assert status(response) == 200
    assert response["domainNameConfig"] == {**domain, "description": "new"}
    assert appsync.update_domain_name(domainName=DOMAIN)["domainNameConfig"] == {
        **domain,
        "description": "new",
    }


def test_unknown_domains_are_not_found(appsync: Any, api_id: str) -> None:
    missing = "missing.example.com"
    for call in (
        lambda: appsync.get_domain_name(domainName=missing),
        lambda: appsync.update_domain_name(domainName=missing, description="x"),
        lambda: appsync.delete_domain_name(domainName=missing),
        lambda: appsync.associate_api(domainName=missing, apiId=api_id),
        lambda: appsync.get_api_association(domainName=missing),
        lambda: appsync.disassociate_api(domainName=missing),
    ):
        assert_error(call, "NotFoundException", 404, f"Domain name {missing} not found.")


def test_delete_removes_the_domain(appsync: Any) -> None:
    keep = create(appsync, "keep.example.com")
    create(appsync)
    response = appsync.delete_domain_name(domainName=DOMAIN)
    assert status(response) == 200 and body(response) == {}
    assert domains_of(appsync) == [keep]
    assert create(appsync)["domainName"] == DOMAIN  # the name is free again


# ---------------------------------------------------------------------------- API associations


def test_associate_answers_processing_then_success(appsync: Any, api_id: str) -> None:
    create(appsync)
    response = appsync.associate_api(domainName=DOMAIN, apiId=api_id)
    assert status(response) == 200
    assert body(response) == {
        "apiAssociation": {"domainName": DOMAIN, "apiId": api_id, "associationStatus": "PROCESSING"}
    }
    got = appsync.get_api_association(domainName=DOMAIN)
    assert status(got) == 200
    assert body(got) == {
        "apiAssociation": {"domainName": DOMAIN, "apiId": api_id, "associationStatus": "SUCCESS"}
    }


def test_associating_again_moves_the_domain_and_event_apis_can_be_served(
    appsync: Any, api_id: str
) -> None:
    create(appsync)
    event_id = appsync.create_api(name="chat", eventConfig=EVENT_CONFIG)["api"]["apiId"]
    appsync.associate_api(domainName=DOMAIN, apiId=api_id)
    appsync.associate_api(domainName=DOMAIN, apiId=event_id)
    assert appsync.get_api_association(domainName=DOMAIN)["apiAssociation"]["apiId"] == event_id
    appsync.delete_graphql_api(apiId=api_id)  # no domain serves it any more


def test_associate_refuses_unknown_and_private_apis(appsync: Any) -> None:
    create(appsync)
    assert_error(
        lambda: appsync.associate_api(domainName=DOMAIN, apiId="nosuchapi"),
        "NotFoundException",
        404,
        "GraphQL API nosuchapi not found.",
    )
    private = appsync.create_graphql_api(
        name="private", authenticationType="AWS_IAM", visibility="PRIVATE"
    )["graphqlApi"]["apiId"]
    assert_error(
        lambda: appsync.associate_api(domainName=DOMAIN, apiId=private),
        "BadRequestException",
        400,
        "Private APIs can not be associated with custom domains.",
    )
    no_association = f"No API association found for domain name {DOMAIN}."
    assert_error(
        lambda: appsync.get_api_association(domainName=DOMAIN),
        "NotFoundException",
        404,
        no_association,
    )


def test_disassociate_frees_the_domain(appsync: Any, api_id: str) -> None:
    create(appsync)
    appsync.associate_api(domainName=DOMAIN, apiId=api_id)
    response = appsync.disassociate_api(domainName=DOMAIN)
    assert status(response) == 200 and body(response) == {}
    no_association = f"No API association found for domain name {DOMAIN}."
    for call in (
        lambda: appsync.get_api_association(domainName=DOMAIN),
        lambda: appsync.disassociate_api(domainName=DOMAIN),
    ):
        assert_error(call, "NotFoundException", 404, no_association)
    appsync.delete_domain_name(domainName=DOMAIN)


def test_a_domain_serving_an_api_cannot_be_deleted(appsync: Any, api_id: str) -> None:
    domain = create(appsync)
    appsync.associate_api(domainName=DOMAIN, apiId=api_id)
    assert_error(
        lambda: appsync.delete_domain_name(domainName=DOMAIN),
        "ConcurrentModificationException",
        409,
        "Domain name must be disassociated before it can be deleted.",
    )
    assert domains_of(appsync) == [domain]


@pytest.mark.parametrize("kind", ["graphql", "event"])
def test_an_api_a_domain_serves_cannot_be_deleted(appsync: Any, kind: str) -> None:
    if kind == "graphql":
        api_id = appsync.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"][
            "apiId"
        ]
        delete = lambda: appsync.delete_graphql_api(apiId=api_id)  # noqa: E731
    else:
        api_id = appsync.create_api(name="e", eventConfig=EVENT_CONFIG)["api"]["apiId"]
        delete = lambda: appsync.delete_api(apiId=api_id)  # noqa: E731
    create(appsync)
    appsync.associate_api(domainName=DOMAIN, apiId=api_id)
    assert_error(
        delete,
        "BadRequestException",
        400,
        "API can not be deleted as it is associated to a domain",
    )
    appsync.disassociate_api(domainName=DOMAIN)
    delete()


def test_domains_live_in_their_account_and_region() -> None:
    with mock():
        home = boto3.client("appsync", region_name="us-east-1")
        create(home)
        elsewhere = boto3.client("appsync", region_name="eu-west-1")
        assert elsewhere.list_domain_names()["domainNameConfigs"] == []
        assert_error(
            lambda: elsewhere.get_domain_name(domainName=DOMAIN),
            "NotFoundException",
            404,
            f"Domain name {DOMAIN} not found.",
        )
