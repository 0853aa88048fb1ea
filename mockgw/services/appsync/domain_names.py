"""Custom domain names, and the API each one serves: CreateDomainName, GetDomainName,
ListDomainNames, UpdateDomainName, DeleteDomainName, AssociateApi, DisassociateApi,
GetApiAssociation.

What AWS does, and where mockgw chose:

- A domain's ARN is ``arn:aws:appsync:{region}:{account}:domainnames/{domainName}`` (the
  service authorization reference). AppSync serves it through CloudFront: ``appsyncDomainName``
  is a distribution host (``d`` and 13 characters, ``.cloudfront.net``) and ``hostedZoneId``
  CloudFront's alias zone, ``Z2FDTNDATAQYW2`` (the Route 53 alias-target documentation).
- The certificate must be an ACM certificate in us-east-1, or an IAM server certificate
  (terraform-provider-aws documents "The certificate must reside in us-east-1"). Any other is
  refused with AWS's ``Certificate is invalid.`` (BadRequestException, crossplane-contrib/
  provider-upjet-aws#150, there for an unvalidated certificate; mockgw cannot see a
  certificate's validation, only its region).
- A second domain of the same name is refused: ``Domain name {name} already exists.``
  (BadRequestException, mockgw's text: AWS's is not recorded).
- UpdateDomainName changes the description when given.
- A domain serves at most one API, a GraphQL or an Event API; AssociateApi again moves it to
  another API (terraform-provider-aws updates an association that way). A private GraphQL API
  is refused with the model's own sentence, ``Private APIs can not be associated with custom
  domains.`` (BadRequestException).
- The association is deployed at once: AssociateApi answers ``PROCESSING``, as AWS does, and
  every read finds ``SUCCESS``. DisassociateApi removes it at once (GetApiAssociation is then
  NotFoundException, what terraform-provider-aws waits for).
- A domain that still serves an API cannot be deleted: AWS's ``Domain name must be
  disassociated before it can be deleted.`` (terraform-provider-aws#25322), answered as
  ConcurrentModificationException (terraform-provider-aws retries DeleteDomainName on that
  code; the code is inferred). An API a domain serves cannot be deleted either (lookups.py).
- A domain with no API: GetApiAssociation and DisassociateApi answer NotFoundException
  ``No API association found for domain name {name}.`` (mockgw's text).
- Calls to ``https://{domain name}/graphql`` (or ``/event``) reach the API the domain serves,
  from the moment the domain exists (it is published in the world's directory; the data plane
  is ``endpoint/``), exactly as calls to the API's own host.
"""

from __future__ import annotations

from mockgw import errors, ids
from mockgw.errors import ServiceError
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync import lookups
from mockgw.services.appsync.records.domain_names import (
    DomainName,
    api_association_view,
    domain_name_view,
)
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.state import DOMAIN_NAME, AppSyncState

#: CloudFront's hosted zone, the alias target of every CloudFront distribution.
CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2"
CERTIFICATE_REGION = "us-east-1"
PROCESSING = "PROCESSING"


def _check_certificate(arn: str) -> None:
    parts = arn.split(":")
    partition, service, region = parts[1], parts[2], parts[3]
    if partition == "aws" and service == "acm" and region != CERTIFICATE_REGION:
        raise errors.bad_request("Certificate is invalid.")


def _no_association(name: str) -> ServiceError:
    return errors.not_found(f"No API association found for domain name {name}.")


@operation("CreateDomainName")
def create_domain_name(state: AppSyncState, params: Params) -> Result:
    name = params["domainName"]
    if name in state.domain_names:
        raise errors.bad_request(f"Domain name {name} already exists.")
    _check_certificate(params["certificateArn"])
    domain = DomainName(
        domain_name=name,
        certificate_arn=params["certificateArn"],
        arn=state.arn(f"domainnames/{name}"),
        appsync_domain_name=ids.cloudfront_domain(),
        hosted_zone_id=CLOUDFRONT_ZONE,
        description=params.get("description"),
        tags=dict(params.get("tags") or {}),
    )
    state.domain_names.add(name, domain)
    state.addresses.publish(DOMAIN_NAME, name.lower())
    return {"domainNameConfig": domain_name_view(domain)}


@operation("GetDomainName")
def get_domain_name(state: AppSyncState, params: Params) -> Result:
    return {"domainNameConfig": domain_name_view(lookups.domain_name(state, params["domainName"]))}


@operation("ListDomainNames")
def list_domain_names(state: AppSyncState, params: Params) -> Result:
    found, token = lookups.page(
        state.domain_names, "domainnames", params.get("maxResults"), params.get("nextToken")
    )
    return {"domainNameConfigs": [domain_name_view(d) for d in found], "nextToken": token}


@operation("UpdateDomainName")
def update_domain_name(state: AppSyncState, params: Params) -> Result:
    domain = lookups.domain_name(state, params["domainName"])
    if params.get("description") is not None:
        domain.description = params["description"]
    return {"domainNameConfig": domain_name_view(domain)}


@operation("DeleteDomainName")
def delete_domain_name(state: AppSyncState, params: Params) -> Result:
    domain = lookups.domain_name(state, params["domainName"])
    if domain.api_id is not None:
        raise ServiceError(
            "ConcurrentModificationException",
            "Domain name must be disassociated before it can be deleted.",
        )
    state.domain_names.remove(domain.domain_name)
    state.addresses.withdraw(DOMAIN_NAME, domain.domain_name.lower())
    return None


@operation("AssociateApi")
def associate_api(state: AppSyncState, params: Params) -> Result:
    domain = lookups.domain_name(state, params["domainName"])
    api = lookups.keyed_api(state, params["apiId"])
    if isinstance(api, GraphqlApi) and api.visibility == "PRIVATE":
        raise errors.bad_request("Private APIs can not be associated with custom domains.")
    domain.api_id = api.api_id
    return {"apiAssociation": api_association_view(domain, PROCESSING)}


@operation("GetApiAssociation")
def get_api_association(state: AppSyncState, params: Params) -> Result:
    domain = lookups.domain_name(state, params["domainName"])
    if domain.api_id is None:
        raise _no_association(domain.domain_name)
    return {"apiAssociation": api_association_view(domain)}


@operation("DisassociateApi")
def disassociate_api(state: AppSyncState, params: Params) -> Result:
    domain = lookups.domain_name(state, params["domainName"])
    if domain.api_id is None:
        raise _no_association(domain.domain_name)
    domain.api_id = None
    return None
