"""Custom domain names, their base path mappings and domain name access associations: the
records, and the ``DomainName``, ``BasePathMapping`` and ``DomainNameAccessAssociation`` shapes.

A public custom domain name is identified by its name alone; a private one (endpoint type
``PRIVATE``) by its name and its ``domainNameId``, so several accounts, or one account several
times, may hold the same private name. The state keys both by :func:`domain_key`.

Formats, as AWS shows them (AWS CLI examples, terraform-provider-aws acceptance tests, real
Route 53 records in public repositories):

- ``domainNameArn``: ``arn:aws:apigateway:{region}::/domainnames/{name}`` (public, no account)
  or ``arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{domainNameId}`` (private);
- ``regionalDomainName``: ``d-{10 lowercase alphanumerics}.execute-api.{region}.amazonaws.com``
  with the region's API Gateway hosted zone (:data:`REGIONAL_HOSTED_ZONES`, AWS General
  Reference); ``distributionDomainName``: ``d{13}.cloudfront.net`` in zone ``Z2FDTNDATAQYW2``;
- an access association's ARN: ``arn:aws:apigateway:{region}:{consumer account}:/
  domainnameaccessassociations/domainname/{name}+{domainNameId}/vpcesource/{vpce id}``.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from mockgw.services._shared import arns
from mockgw.services._shared.store import Store

#: How a base path mapping without a base path is named (on the wire and in the URI).
NO_BASE_PATH = "(none)"
#: CloudFront's hosted zone: every edge-optimized custom domain name's distribution is in it.
DISTRIBUTION_HOSTED_ZONE = "Z2FDTNDATAQYW2"
#: API Gateway's regional hosted zone per region (AWS General Reference, "API Gateway endpoints").
REGIONAL_HOSTED_ZONES = {
    "us-east-1": "Z1UJRXOUMOOFQ8",
    "us-east-2": "ZOJJZC49E0EPZ",
    "us-west-1": "Z2MUQ32089INYE",
    "us-west-2": "Z2OJLYMUO9EFXC",
    "af-south-1": "Z2DHW2332DAMTN",
    "ap-east-1": "Z3FD1VL90ND7K5",
    "ap-south-1": "Z3VO1THU9YC4UR",
    "ap-south-2": "Z0853509Q1135NJ66RUH",
    "ap-northeast-1": "Z1YSHQZHG15GKL",
    "ap-northeast-2": "Z20JF4UZKIW1U8",
    "ap-northeast-3": "Z22ILHG95FLSZ2",
    "ap-southeast-1": "ZL327KTPIQFUL",
    "ap-southeast-2": "Z2RPCDW04V8134",
    "ap-southeast-3": "Z10132843TYUYSLUG4HA3",
    "ap-southeast-4": "Z092189423Y7RJK61311D",
    "ca-central-1": "Z19DQILCV0OWEC",
    "ca-west-1": "Z04745493436AWVTG1OQY",
    "eu-central-1": "Z1U9ULNL0V5AJ3",
    "eu-central-2": "Z09222482MK253X48U76H",
    "eu-west-1": "ZLY8HYME6SFDD",
    "eu-west-2": "ZJ5UAJN8Y3Z2Q",
    "eu-west-3": "Z3KY65QIEKYHQQ",
    "eu-north-1": "Z3UWIKFBOOGXPP",
    "eu-south-1": "Z3BT4WSQ9TDYZV",
    "eu-south-2": "Z02499852UI5HEQ5JVWX3",
    "il-central-1": "Z07264553HBI44N5X2CKP",
    "me-south-1": "Z20ZBPC0SS8806",
    "me-central-1": "Z08780021BKYYY8U0YHTV",
    "sa-east-1": "ZCMLWB8V5SYIT",
    "us-gov-west-1": "Z1K6XKP9SAGWDV",
    "us-gov-east-1": "Z3SE9ATJYCRCZJ",
}


@dataclass
class BasePathMapping:
    base_path: str  # NO_BASE_PATH for the empty base path
    rest_api_id: str
    stage: str | None = None  # None: callers name the stage after the base path


@dataclass
class DomainName:
    domain_name: str
    arn: str
    #: {types: [EDGE|REGIONAL|PRIVATE], ipAddressType: ipv4|dualstack}
    endpoint_configuration: dict[str, Any]
    security_policy: str
    certificate_upload_date: int
    domain_name_id: str | None = None  # private custom domain names only
    certificate_name: str | None = None
    certificate_arn: str | None = None
    certificate_uploaded: bool = False  # a certificate body was given instead of an ARN
    regional_certificate_name: str | None = None
    regional_certificate_arn: str | None = None
    regional_domain_name: str | None = None
    distribution_domain_name: str | None = None
    endpoint_access_mode: str | None = None
    mutual_tls: dict[str, Any] | None = None  # {truststoreUri, truststoreVersion?}
    ownership_verification_certificate_arn: str | None = None
    policy: str | None = None
    management_policy: str | None = None
    routing_mode: str = "BASE_PATH_MAPPING_ONLY"
    status: str = "AVAILABLE"
    tags: dict[str, str] = field(default_factory=dict)
    base_path_mappings: Store[BasePathMapping] = field(default_factory=Store)  # by base path
    #: ARNs of other accounts' access associations with this (private) domain name that its
    #: owner rejected (RejectDomainNameAccessAssociation)
    rejected_associations: list[str] = field(default_factory=list)

    @property
    def endpoint_type(self) -> str:
        types: list[str] = self.endpoint_configuration["types"]
        return types[0]

    @property
    def private(self) -> bool:
        return self.domain_name_id is not None

    @property
    def key(self) -> str:
        return domain_key(self.domain_name, self.domain_name_id)


@dataclass
class AccessAssociation:
    arn: str
    domain_name_arn: str
    source_type: str  # VPCE
    source: str  # a VPC endpoint id
    tags: dict[str, str] = field(default_factory=dict)


def domain_key(name: str, domain_name_id: str | None) -> str:
    """How the state keys a domain name: ``name``, or ``name+id`` for a private one."""
    return name if domain_name_id is None else f"{name}+{domain_name_id}"


def domain_arn(region: str, account_id: str, name: str, domain_name_id: str | None) -> str:
    if domain_name_id is None:
        return arns.arn("apigateway", region, "", f"/domainnames/{name}")
    return arns.arn("apigateway", region, account_id, f"/domainnames/{name}+{domain_name_id}")


def association_arn(region: str, account_id: str, domain: ParsedArn, source: str) -> str:
    resource = (
        f"/domainnameaccessassociations/domainname/{domain.name}+{domain.domain_name_id}"
        f"/vpcesource/{source}"
    )
    return arns.arn("apigateway", region, account_id, resource)


@dataclass(frozen=True)
class ParsedArn:
    """A domain name's ARN, read back: where it lives and which domain name it names."""

    partition: str
    region: str
    account_id: str  # "" for a public domain name
    name: str
    domain_name_id: str | None


_DOMAIN_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):apigateway:(?P<region>[a-z0-9-]+):(?P<account>[0-9]{12})?:"
    r"/domainnames/(?P<resource>[^/]+)$"
)
_ASSOCIATION_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):apigateway:(?P<region>[a-z0-9-]+):(?P<account>[0-9]{12}):"
    r"/domainnameaccessassociations/domainname/(?P<resource>[^/]+)/vpcesource/(?P<source>[^/]+)$"
)


def parse_domain_arn(arn: str) -> ParsedArn | None:
    """The parts of a domain name's ARN (None when ``arn`` is not one: a private domain name's
    ARN carries its account and ``+domainNameId``, a public one's neither)."""
    found = _DOMAIN_ARN.match(arn)
    if found is None:
        return None
    account = found["account"] or ""
    name, plus, domain_name_id = found["resource"].rpartition("+")
    if not plus:
        name, domain_name_id = found["resource"], ""
    if bool(account) != bool(domain_name_id) or not name:
        return None
    return ParsedArn(found["partition"], found["region"], account, name, domain_name_id or None)


def parse_association_arn(arn: str) -> tuple[ParsedArn, str] | None:
    """The domain name (its account: the association's) and the VPC endpoint id an access
    association's ARN names; None when ``arn`` is not one."""
    found = _ASSOCIATION_ARN.match(arn)
    if found is None:
        return None
    name, plus, domain_name_id = found["resource"].rpartition("+")
    if not plus or not name or not domain_name_id:
        return None
    parsed = ParsedArn(found["partition"], found["region"], found["account"], name, domain_name_id)
    return parsed, found["source"]


# ------------------------------------------------------------------------------ views


def domain_name_view(domain: DomainName, *, tags_always: bool) -> dict[str, Any]:
    """A ``DomainName`` shape: the regional fields for a REGIONAL domain name, the CloudFront
    fields for an EDGE one; tags as Get/Update (always) or Create/list items (when any)."""
    kind = domain.endpoint_type
    regional = kind == "REGIONAL"
    edge = kind == "EDGE"
    return {
        "domainName": domain.domain_name,
        "domainNameId": domain.domain_name_id,
        "domainNameArn": domain.arn,
        "certificateName": domain.certificate_name,
        "certificateArn": domain.certificate_arn,
        "certificateUploadDate": domain.certificate_upload_date,
        "regionalDomainName": domain.regional_domain_name if regional else None,
        "regionalHostedZoneId": (_regional_zone(domain.regional_domain_name) if regional else None),
        "regionalCertificateName": domain.regional_certificate_name,
        "regionalCertificateArn": domain.regional_certificate_arn,
        "distributionDomainName": domain.distribution_domain_name if edge else None,
        "distributionHostedZoneId": DISTRIBUTION_HOSTED_ZONE if edge else None,
        "endpointConfiguration": copy.deepcopy(domain.endpoint_configuration),
        "domainNameStatus": domain.status,
        "securityPolicy": domain.security_policy,
        "endpointAccessMode": domain.endpoint_access_mode,
        "tags": dict(domain.tags) if (domain.tags or tags_always) else None,
        "mutualTlsAuthentication": copy.deepcopy(domain.mutual_tls),
        "ownershipVerificationCertificateArn": domain.ownership_verification_certificate_arn,
        "managementPolicy": domain.management_policy,
        "policy": domain.policy,
        "routingMode": domain.routing_mode,
    }


def _regional_zone(regional_domain_name: str | None) -> str | None:
    """The hosted zone of the region a regional domain name is in (None for a region missing
    from AWS's published table)."""
    if regional_domain_name is None:
        return None
    region = regional_domain_name.split(".")[2]
    return REGIONAL_HOSTED_ZONES.get(region)


def base_path_mapping_view(mapping: BasePathMapping) -> dict[str, Any]:
    return {
        "basePath": mapping.base_path,
        "restApiId": mapping.rest_api_id,
        "stage": mapping.stage,
    }


def access_association_view(association: AccessAssociation) -> dict[str, Any]:
    return {
        "domainNameAccessAssociationArn": association.arn,
        "domainNameArn": association.domain_name_arn,
        "accessAssociationSourceType": association.source_type,
        "accessAssociationSource": association.source,
        "tags": dict(association.tags) or None,
    }
