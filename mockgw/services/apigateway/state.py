"""API Gateway's state for one (account, region): a Store per top-level collection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from mockgw.services._shared import arns
from mockgw.services._shared.regional import DERIVED, RegionalState
from mockgw.services._shared.store import Store
from mockgw.services.apigateway.records.account import Account
from mockgw.services.apigateway.records.api_keys import ApiKey
from mockgw.services.apigateway.records.client_certificates import ClientCertificate
from mockgw.services.apigateway.records.domain_names import AccessAssociation, DomainName
from mockgw.services.apigateway.records.rest_apis import RestApi
from mockgw.services.apigateway.records.usage_plans import UsagePlan
from mockgw.services.apigateway.records.vpc_links import VpcLink

#: The directory kind a REST API's id is published under (its execute-api host names it).
REST_API = "restapi"
#: The directory kind a public custom domain name is published under (lower case): the data
#: plane answers calls to it while it is published (see invoke/custom_domains.py).
DOMAIN_NAME = "domainname"
#: The directory kind a private custom domain name's ARN is published under: other accounts'
#: CreateDomainNameAccessAssociation checks that the domain name exists.
PRIVATE_DOMAIN_NAME = "privatedomainname"


@dataclass
class ApiGatewayState(RegionalState):
    api_keys: Store[ApiKey] = field(default_factory=Store)
    #: value -> api key id: an index of ``api_keys``, made again after a restore (``rebuild``)
    key_values: dict[str, str] = field(default_factory=dict, metadata=DERIVED)
    usage_plans: Store[UsagePlan] = field(default_factory=Store)
    rest_apis: Store[RestApi] = field(default_factory=Store)
    #: by name, or "name+domainNameId" for a private one (records/domain_names.domain_key)
    domain_names: Store[DomainName] = field(default_factory=Store)
    #: the access associations this account made (as API consumer), by ARN
    access_associations: Store[AccessAssociation] = field(default_factory=Store)
    vpc_links: Store[VpcLink] = field(default_factory=Store)
    client_certificates: Store[ClientCertificate] = field(default_factory=Store)
    account: Account = field(default_factory=Account)

    def arn(self, path: str) -> str:
        """API Gateway ARNs carry no account: ``arn:aws:apigateway:us-east-1::/apikeys/id``."""
        return arns.arn("apigateway", self.region, "", path)

    def stage_exists(self, rest_api_id: str, stage_name: str) -> bool:
        api = self.rest_apis.get(rest_api_id)
        return api is not None and stage_name in api.stages


def rebuild(state: ApiGatewayState) -> None:
    """Make the derived fields again after a restore: the index of API key values."""
    state.key_values = {key.value: key.id for key in state.api_keys.values()}


def addresses(state: ApiGatewayState) -> Iterator[tuple[str, str]]:
    """The names this state publishes in the world's directory: its REST APIs' ids, its
    public custom domain names (lower case) and its private ones' ARNs."""
    for api_id in list(state.rest_apis.ids()):
        yield REST_API, api_id
    for domain in list(state.domain_names.values()):
        yield domain_address(domain)


def domain_address(domain: DomainName) -> tuple[str, str]:
    """The directory entry of a custom domain name: ``(kind, name)``."""
    if domain.private:
        return PRIVATE_DOMAIN_NAME, domain.arn
    return DOMAIN_NAME, domain.domain_name.lower()
