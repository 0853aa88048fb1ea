"""Custom domain names and the API each one serves: the record, and the ``DomainNameConfig``
and ``ApiAssociation`` shapes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The status every read reports: an association is deployed at once.
SETTLED = "SUCCESS"


@dataclass
class DomainName:
    domain_name: str
    certificate_arn: str
    arn: str
    appsync_domain_name: str
    hosted_zone_id: str
    description: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    #: the API the domain serves (a GraphQL or an Event API), None when it serves none
    api_id: str | None = None


def domain_name_view(domain: DomainName) -> dict[str, Any]:
    """A ``DomainNameConfig`` shape."""
    return {
        "domainName": domain.domain_name,
        "description": domain.description,
        "certificateArn": domain.certificate_arn,
        "appsyncDomainName": domain.appsync_domain_name,
        "hostedZoneId": domain.hosted_zone_id,
        "tags": dict(domain.tags),
        "domainNameArn": domain.arn,
    }


def api_association_view(domain: DomainName, status: str = SETTLED) -> dict[str, Any]:
    """An ``ApiAssociation`` shape. ``status`` is what the answering call reports:
    ``PROCESSING`` for AssociateApi, ``SUCCESS`` for every read."""
    return {"domainName": domain.domain_name, "apiId": domain.api_id, "associationStatus": status}
