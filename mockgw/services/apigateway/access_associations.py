"""Domain name access associations (a VPC endpoint allowed to call a private custom domain
name): CreateDomainNameAccessAssociation, GetDomainNameAccessAssociations,
DeleteDomainNameAccessAssociation, RejectDomainNameAccessAssociation.

The API consumer creates an association in its own account; its ARN carries the consumer's
account and region and the domain name's ``{name}+{domainNameId}`` (AWS's developer guide and
CLI reference). The domain name may be in another account: it must then exist there (it is
found through the world's directory). The domain name's owner can reject another account's
association, never one of its own (AWS's developer guide: "You can't reject a domain name access
association in your own account"); the rejection is kept on the domain name, and, as on AWS,
the consumer's association stays listed until the consumer deletes it.

mockgw's texts, AWS's not being recorded: a ``domainNameArn`` that is not a private domain name's
ARN, or names one that does not exist, or one in another region, is 400 ``Invalid domain name
ARN specified``; a source that is not a VPC endpoint id is 400 ``Invalid access association
source specified: <source>``; the same association twice is 409 ``Domain name access association
already exists``; an unknown association is 404 ``Invalid domain name access association
identifier specified``; rejecting with a malformed association ARN, or one of another domain
name, is 400 ``Invalid domain name access association ARN specified``; rejecting one's own is
400 ``You can't reject a domain name access association in your own account``.

GetDomainNameAccessAssociations with ``resourceOwner: OTHER_ACCOUNTS`` lists nothing: the
associations other accounts make with this account's domain names live in their states, which a
handler does not see.
"""

from __future__ import annotations

import re

from mockgw import errors
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.domain_names import (
    AccessAssociation,
    ParsedArn,
    access_association_view,
    association_arn,
    domain_key,
    parse_association_arn,
    parse_domain_arn,
)
from mockgw.services.apigateway.records.rules import TAGS
from mockgw.services.apigateway.state import PRIVATE_DOMAIN_NAME, ApiGatewayState

_VPC_ENDPOINT = re.compile(r"^vpce-[0-9a-f]{8,17}$")
BAD_DOMAIN_ARN = "Invalid domain name ARN specified"
BAD_ASSOCIATION_ARN = "Invalid domain name access association ARN specified"


def _private_domain(state: ApiGatewayState, arn: str) -> ParsedArn:
    """The private domain name ``arn`` names, checked to exist (here or in another account)."""
    parsed = parse_domain_arn(arn)
    if (
        parsed is None
        or parsed.domain_name_id is None
        or parsed.region != state.region
        or parsed.partition != state.partition
    ):
        raise errors.bad_request(BAD_DOMAIN_ARN)
    if parsed.account_id == state.account_id:
        domain = state.domain_names.get(domain_key(parsed.name, parsed.domain_name_id))
        if domain is None:
            raise errors.bad_request(BAD_DOMAIN_ARN)
    elif state.addresses.locate(PRIVATE_DOMAIN_NAME, arn) is None:
        raise errors.bad_request(BAD_DOMAIN_ARN)
    return parsed


@operation("CreateDomainNameAccessAssociation")
def create_domain_name_access_association(state: ApiGatewayState, params: Params) -> Result:
    domain = _private_domain(state, params["domainNameArn"])
    source = params["accessAssociationSource"]
    if not _VPC_ENDPOINT.match(source):
        raise errors.bad_request(f"Invalid access association source specified: {source}")
    tags = dict(params.get("tags") or {})
    TAGS.check(tags)
    arn = association_arn(state.region, state.account_id, domain, source)
    if arn in state.access_associations:
        raise errors.conflict("Domain name access association already exists")
    association = AccessAssociation(
        arn=arn,
        domain_name_arn=params["domainNameArn"],
        source_type=params["accessAssociationSourceType"],
        source=source,
        tags=tags,
    )
    state.access_associations.add(arn, association)
    return access_association_view(association)


@operation("GetDomainNameAccessAssociations")
def get_domain_name_access_associations(state: ApiGatewayState, params: Params) -> Result:
    if params.get("resourceOwner") == "OTHER_ACCOUNTS":
        return {"items": []}  # other accounts' associations are not seen (module docstring)
    found, position = lookups.oldest_first(state.access_associations, params)
    return {"items": [access_association_view(a) for a in found], "position": position}


@operation("DeleteDomainNameAccessAssociation")
def delete_domain_name_access_association(state: ApiGatewayState, params: Params) -> Result:
    association = lookups.access_association(state, params["domainNameAccessAssociationArn"])
    state.access_associations.remove(association.arn)
    return None


@operation("RejectDomainNameAccessAssociation")
def reject_domain_name_access_association(state: ApiGatewayState, params: Params) -> Result:
    domain_arn = params["domainNameArn"]
    parsed = parse_domain_arn(domain_arn)
    if parsed is None or parsed.domain_name_id is None or parsed.account_id != state.account_id:
        raise errors.not_found(lookups.NO_DOMAIN_NAME)
    domain = lookups.domain_name(state, parsed.name, parsed.domain_name_id)
    arn = params["domainNameAccessAssociationArn"]
    association = parse_association_arn(arn)
    if association is None or (association[0].name, association[0].domain_name_id) != (
        domain.domain_name,
        domain.domain_name_id,
    ):
        raise errors.bad_request(BAD_ASSOCIATION_ARN)
    if association[0].account_id == state.account_id:
        raise errors.bad_request(
            "You can't reject a domain name access association in your own account"
        )
    if arn not in domain.rejected_associations:
        domain.rejected_associations.append(arn)
    return None
