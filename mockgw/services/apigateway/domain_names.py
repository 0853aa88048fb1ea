"""Custom domain names: CreateDomainName, GetDomainName(s), UpdateDomainName, DeleteDomainName.

A domain name is EDGE (the default), REGIONAL or PRIVATE. Its answer carries the AWS-generated
names for its type (records/domain_names.py); ``securityPolicy`` defaults to ``TLS_1_2`` and
``domainNameStatus`` is ``AVAILABLE`` (AWS CLI documented output). A private domain name gets a
``domainNameId`` and an ARN with the account; several may share a name. A public one is
published in the world's directory, so calls to ``https://{domain name}/...`` reach the REST
APIs its base path mappings name (invoke/custom_domains.py).

Recorded AWS texts: an existing public name (in this account, or published by another one) is
400 ``The domain name you provided already exists.`` (CLI transcripts in Zappa issues); an EDGE
name without ``certificateArn`` or an uploaded certificate is 400 ``A certificate was not
provided for the endpoint type EDGE.`` (terraform-provider-aws issue 3276; REGIONAL and PRIVATE
answer in the same form); an uploaded certificate on a REGIONAL name is 400 ``Uploading
certificates is not supported for REGIONAL.`` (terraform-provider-aws test comment); an unknown
name is 404 ``Invalid domain name identifier specified`` (quoted in serverless-domain-manager
issues), also for a private name asked without its ``domainNameId``.

mockgw's texts, AWS's not being recorded: no name is 400 ``No Domain Name specified`` (moto's and
LocalStack's); a name that is not a DNS name (two labels at least, ``*.`` allowed first) is 400
``Invalid domain name specified``; several endpoint types and none answer as for REST APIs;
``policy`` or ``managementPolicy`` on a public name is 400 ``Policy is only supported for
private custom domain names`` / ``Management policy is only supported for private custom domain
names``; ``endpointAccessMode`` with a security policy not starting ``SecurityPolicy_`` is 400
``Endpoint access mode is only supported for security policies starting with
SecurityPolicy_``; mutual TLS on a name that is not REGIONAL is 400 ``Mutual TLS is only
supported for REGIONAL custom domain names``, and a truststore URI that is not ``s3://`` is 400
``Truststore URI must be an S3 URI``. UpdateDomainName: an unknown patch path is 400 ``Invalid
patch path  '<path>' specified for op '<op>'. Must be one of: [...]``; another op than
``replace`` is 400 ``Invalid patch operation specified. Must be one of: [replace]``; a value
outside the model's enum is 400 ``Invalid <security policy|endpoint access mode|routing mode>
specified: <value>. Must be one of: <the model's values>``; moving a name to or from PRIVATE is
400 ``Cannot change the endpoint type of a custom domain name from <type> to <type>``.
GetDomainNames with ``resourceOwner: OTHER_ACCOUNTS`` lists nothing: sharing private domain names
through AWS RAM is not modelled (nor is the management policy checked when another account
associates with a private name).

A public name held in two regions of one account (a latency-routed API, as AWS allows) is
answered by the region that created it last; deleting it there stops routing to the other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mockgw import clock, errors, ids
from mockgw.services._shared import arns, patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.domain_names import (
    DomainName,
    domain_arn,
    domain_key,
    domain_name_view,
)
from mockgw.services.apigateway.records.rules import ENDPOINT_TYPES, TAGS, endpoint_configuration
from mockgw.services.apigateway.state import DOMAIN_NAME, ApiGatewayState, domain_address
from mockgw.wire import model

_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_DNS_NAME = re.compile(rf"^(\*\.)?(?:{_LABEL}\.)+{_LABEL}$")
EXISTS = "The domain name you provided already exists."


def _check(domain: DomainName) -> None:
    """The rules a domain name must keep after CreateDomainName and UpdateDomainName."""
    kind = domain.endpoint_type
    if kind == "REGIONAL":
        if domain.certificate_uploaded:
            raise errors.bad_request("Uploading certificates is not supported for REGIONAL.")
        has_certificate = bool(domain.regional_certificate_arn)
    elif kind == "EDGE":
        has_certificate = bool(domain.certificate_arn) or domain.certificate_uploaded
    else:
        has_certificate = bool(domain.certificate_arn)
    if not has_certificate:
        raise errors.bad_request(f"A certificate was not provided for the endpoint type {kind}.")
    if domain.policy is not None and not domain.private:
        raise errors.bad_request("Policy is only supported for private custom domain names")
    if domain.management_policy is not None and not domain.private:
        raise errors.bad_request(
            "Management policy is only supported for private custom domain names"
        )
    if domain.endpoint_access_mode is not None and not domain.security_policy.startswith(
        "SecurityPolicy_"
    ):
        raise errors.bad_request(
            "Endpoint access mode is only supported for security policies starting with "
            "SecurityPolicy_"
        )
    if domain.mutual_tls is not None:
        if kind != "REGIONAL":
            raise errors.bad_request(
                "Mutual TLS is only supported for REGIONAL custom domain names"
            )
        if not str(domain.mutual_tls.get("truststoreUri", "")).startswith("s3://"):
            raise errors.bad_request("Truststore URI must be an S3 URI")


def _generated_names(domain: DomainName, region: str) -> None:
    """The names AWS generates for the domain name's endpoint type (kept once made)."""
    if domain.endpoint_type == "REGIONAL" and domain.regional_domain_name is None:
        host = f"{ids.regional_domain_label()}.execute-api.{region}.{arns.dns_suffix(region)}"
        domain.regional_domain_name = host
    if domain.endpoint_type == "EDGE" and domain.distribution_domain_name is None:
        domain.distribution_domain_name = f"{ids.distribution_label()}.cloudfront.net"


def _mutual_tls(given: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not given or not given.get("truststoreUri"):
        return None
    out = {"truststoreUri": given["truststoreUri"]}
    if given.get("truststoreVersion"):
        out["truststoreVersion"] = given["truststoreVersion"]
    return out


@operation("CreateDomainName")
def create_domain_name(state: ApiGatewayState, params: Params) -> Result:
    name = params.get("domainName") or ""
    if not name:
        raise errors.bad_request("No Domain Name specified")
    if not _DNS_NAME.match(name) or len(name) > 253:
        raise errors.bad_request("Invalid domain name specified")
    endpoint = endpoint_configuration(params.get("endpointConfiguration"))
    private = endpoint["types"] == ["PRIVATE"]
    tags = dict(params.get("tags") or {})
    TAGS.check(tags)
    domain_name_id = None
    if private:
        domain_name_id = ids.unique(ids.domain_name_id, _Taken(state, name))
    else:
        where = state.addresses.locate(DOMAIN_NAME, name.lower())
        if name in state.domain_names or (where is not None and where[0] != state.account_id):
            raise errors.bad_request(EXISTS)
    domain = DomainName(
        domain_name=name,
        arn=domain_arn(state.region, state.account_id, name, domain_name_id),
        endpoint_configuration=endpoint,
        security_policy=params.get("securityPolicy") or "TLS_1_2",
        certificate_upload_date=int(clock.now()),
        domain_name_id=domain_name_id,
        certificate_name=params.get("certificateName") or None,
        certificate_arn=params.get("certificateArn") or None,
        certificate_uploaded=bool(params.get("certificateBody")),
        regional_certificate_name=params.get("regionalCertificateName") or None,
        regional_certificate_arn=params.get("regionalCertificateArn") or None,
        endpoint_access_mode=params.get("endpointAccessMode"),
        mutual_tls=_mutual_tls(params.get("mutualTlsAuthentication")),
        ownership_verification_certificate_arn=params.get("ownershipVerificationCertificateArn"),
        policy=params.get("policy") or None,
        routing_mode=params.get("routingMode") or "BASE_PATH_MAPPING_ONLY",
        tags=tags,
    )
    _check(domain)
    _generated_names(domain, state.region)
    state.domain_names.add(domain.key, domain)
    state.addresses.publish(*domain_address(domain))
    return domain_name_view(domain, tags_always=False)


class _Taken:
    """The domain name ids already used with ``name`` (for :func:`ids.unique`)."""

    def __init__(self, state: ApiGatewayState, name: str) -> None:
        self._state, self._name = state, name

    def __contains__(self, domain_name_id: object) -> bool:
        return domain_key(self._name, str(domain_name_id)) in self._state.domain_names


@operation("GetDomainName")
def get_domain_name(state: ApiGatewayState, params: Params) -> Result:
    domain = lookups.domain_name(state, params["domainName"], params.get("domainNameId"))
    return domain_name_view(domain, tags_always=True)


@operation("GetDomainNames")
def get_domain_names(state: ApiGatewayState, params: Params) -> Result:
    if params.get("resourceOwner") == "OTHER_ACCOUNTS":
        return {"items": []}  # no domain name is shared through AWS RAM (module docstring)
    domains, position = lookups.oldest_first(state.domain_names, params)
    return {
        "items": [domain_name_view(d, tags_always=False) for d in domains],
        "position": position,
    }


@operation("DeleteDomainName")
def delete_domain_name(state: ApiGatewayState, params: Params) -> Result:
    domain = lookups.domain_name(state, params["domainName"], params.get("domainNameId"))
    state.domain_names.remove(domain.key)
    state.addresses.withdraw(*domain_address(domain))
    return None


@operation("UpdateDomainName")
def update_domain_name(state: ApiGatewayState, params: Params) -> Result:
    domain = lookups.domain_name(state, params["domainName"], params.get("domainNameId"))
    draft = patch.draft(domain, "endpoint_configuration", "mutual_tls")
    UPDATE.apply(draft, params.get("patchOperations"))
    _check(draft)
    _generated_names(draft, state.region)
    patch.commit(domain, draft, *_UPDATED)
    return domain_name_view(domain, tags_always=True)


_UPDATED = (
    "certificate_name",
    "certificate_arn",
    "certificate_uploaded",
    "regional_certificate_name",
    "regional_certificate_arn",
    "security_policy",
    "endpoint_configuration",
    "endpoint_access_mode",
    "mutual_tls",
    "ownership_verification_certificate_arn",
    "policy",
    "management_policy",
    "routing_mode",
    "regional_domain_name",
    "distribution_domain_name",
)


def _optional(text: str | None) -> str | None:
    return text or None


def _set_certificate_arn(domain: DomainName, change: patch.Change) -> None:
    domain.certificate_arn = change.value or None
    if domain.certificate_arn:
        domain.certificate_uploaded = False


def _set_endpoint_type(domain: DomainName, change: patch.Change) -> None:
    current, wanted = domain.endpoint_type, change.value
    if wanted not in ENDPOINT_TYPES:
        raise errors.bad_request(
            "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE"
        )
    if "PRIVATE" in (current, wanted) and current != wanted:
        raise errors.bad_request(
            f"Cannot change the endpoint type of a custom domain name from {current} to {wanted}"
        )
    domain.endpoint_configuration["types"] = [wanted]


def _set_ip_address_type(domain: DomainName, change: patch.Change) -> None:
    if change.value not in ("ipv4", "dualstack"):
        raise errors.bad_request("ipAddressType must be either ipv4 or dualstack.")
    if domain.private and change.value != "dualstack":
        raise errors.bad_request("Only dualstack ipAddressType is supported for Private APIs.")
    domain.endpoint_configuration["ipAddressType"] = change.value


def _set_mutual_tls(domain: DomainName, change: patch.Change) -> None:
    member = change.args["member"]
    current = dict(domain.mutual_tls or {})
    if member == "truststoreUri":
        if not change.value:  # removing the truststore turns mutual TLS off
            domain.mutual_tls = None
            return
        current["truststoreUri"] = change.value
    elif change.value:
        current["truststoreVersion"] = change.value
    else:
        current.pop("truststoreVersion", None)
    domain.mutual_tls = current


def _enum(shape: str) -> list[str]:
    """The values the model allows for an enum shape (a patch value is only a string)."""
    values: list[str] = model.spec("apigateway").model.shape_for(shape).enum
    return values


def _enum_setter(attribute: str, shape: str, what: str, optional: bool = False) -> patch.Apply:
    def apply(domain: DomainName, change: patch.Change) -> None:
        if optional and not change.value:
            setattr(domain, attribute, None)
            return
        allowed = _enum(shape)
        if change.value not in allowed:
            raise errors.bad_request(
                f"Invalid {what} specified: {change.value}. Must be one of: {', '.join(allowed)}"
            )
        setattr(domain, attribute, change.value)

    return apply


_R = ("replace",)
_RULES = (
    patch.Rule(_R, "/certificateName", patch.setter("certificate_name", _optional)),
    patch.Rule(_R, "/certificateArn", _set_certificate_arn),
    patch.Rule(
        _R, "/regionalCertificateName", patch.setter("regional_certificate_name", _optional)
    ),
    patch.Rule(_R, "/regionalCertificateArn", patch.setter("regional_certificate_arn", _optional)),
    patch.Rule(
        _R, "/securityPolicy", _enum_setter("security_policy", "SecurityPolicy", "security policy")
    ),
    patch.Rule(
        _R,
        "/endpointConfiguration/types/{index:0}",
        _set_endpoint_type,
        shown="/endpointConfiguration/types/0",
    ),
    patch.Rule(_R, "/endpointConfiguration/ipAddressType", _set_ip_address_type),
    patch.Rule(
        _R,
        "/mutualTlsAuthentication/{member:truststoreUri|truststoreVersion}",
        _set_mutual_tls,
        shown="/mutualTlsAuthentication/truststoreUri, /mutualTlsAuthentication/truststoreVersion",
    ),
    patch.Rule(
        _R,
        "/ownershipVerificationCertificateArn",
        patch.setter("ownership_verification_certificate_arn", _optional),
    ),
    patch.Rule(_R, "/policy", patch.setter("policy", _optional)),
    patch.Rule(
        ("replace", "remove"),
        "/managementPolicy",
        patch.setter("management_policy", _optional),
    ),
    patch.Rule(
        _R,
        "/endpointAccessMode",
        _enum_setter(
            "endpoint_access_mode", "EndpointAccessMode", "endpoint access mode", optional=True
        ),
    ),
    patch.Rule(_R, "/routingMode", _enum_setter("routing_mode", "RoutingMode", "routing mode")),
)
#: Every path takes ``replace`` (``/managementPolicy`` ``remove`` too: AWS's developer guide and
#: terraform-provider-aws); an unknown path lists them whatever its op.
UPDATE = patch.PatchTable(
    *_RULES,
    wrong_op=lambda op, path: errors.bad_request(patch.ONLY_REPLACE),
    listed={op: tuple(r.shown or r.path for r in _RULES) for op in patch.ADD_REMOVE_REPLACE},
)
