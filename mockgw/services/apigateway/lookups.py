"""Finding API Gateway's resources, with AWS's NotFound texts; paging; the membership rules
several families check (a key in one usage plan per API stage, in ten plans at most); and what
refers to a REST API's models, validators and authorizers (they cannot be deleted while used)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from mockgw import errors
from mockgw.services._shared import paging, tags
from mockgw.services._shared.operations import Params
from mockgw.services._shared.store import Store, T, require
from mockgw.services.apigateway.records.api_keys import ApiKey
from mockgw.services.apigateway.records.authorizers import Authorizer
from mockgw.services.apigateway.records.client_certificates import ClientCertificate
from mockgw.services.apigateway.records.documentation import (
    DocumentationPart,
    DocumentationVersion,
)
from mockgw.services.apigateway.records.domain_names import (
    NO_BASE_PATH,
    AccessAssociation,
    BasePathMapping,
    DomainName,
    domain_key,
    parse_association_arn,
    parse_domain_arn,
)
from mockgw.services.apigateway.records.methods import Integration, Method
from mockgw.services.apigateway.records.models import Model
from mockgw.services.apigateway.records.rest_apis import Deployment, Resource, RestApi
from mockgw.services.apigateway.records.rules import PAGING
from mockgw.services.apigateway.records.stages import Stage
from mockgw.services.apigateway.records.usage_plans import UsagePlan
from mockgw.services.apigateway.records.validators import RequestValidator
from mockgw.services.apigateway.records.vpc_links import VpcLink
from mockgw.services.apigateway.state import ApiGatewayState

MAX_PLANS_PER_KEY = 10  # aws-behaviour.md 7.9

# ------------------------------------------------------------------------------ finders


def api_key(state: ApiGatewayState, key_id: str) -> ApiKey:
    return require(state.api_keys.get(key_id), "Invalid API Key identifier specified")


def usage_plan(state: ApiGatewayState, plan_id: str) -> UsagePlan:
    return require(state.usage_plans.get(plan_id), "Invalid Usage Plan ID specified")


def rest_api(state: ApiGatewayState, rest_api_id: str) -> RestApi:
    return require(
        state.rest_apis.get(rest_api_id),
        f"Invalid API identifier specified {state.account_id}:{rest_api_id}",
    )


def stage(api: RestApi, stage_name: str) -> Stage:
    return require(api.stages.get(stage_name), "Invalid stage identifier specified")


def deployment(api: RestApi, deployment_id: str) -> Deployment:
    return require(api.deployments.get(deployment_id), "Invalid Deployment identifier specified")


def _in_api(
    state: ApiGatewayState,
    rest_api_id: str,
    collection: Callable[[RestApi], Store[T]],
    item_id: str,
    message: str,
) -> tuple[RestApi, T]:
    """The API and one item of one of its collections; AWS answers an unknown API with the
    item's own NotFound text."""
    api = require(state.rest_apis.get(rest_api_id), message)
    return api, require(collection(api).get(item_id), message)


def resource(
    state: ApiGatewayState, rest_api_id: str, resource_id: str
) -> tuple[RestApi, Resource]:
    """The API and one of its resources; AWS answers the same for an unknown API or resource."""
    return _in_api(
        state,
        rest_api_id,
        lambda a: a.resources,
        resource_id,
        "Invalid Resource identifier specified",
    )


def method(state: ApiGatewayState, params: Params) -> tuple[RestApi, Resource, Method]:
    """The method ``params`` name (restApiId, resourceId, httpMethod)."""
    api, res = resource(state, params["restApiId"], params["resourceId"])
    found = require(res.methods.get(params["httpMethod"]), "Invalid Method identifier specified")
    return api, res, found


def integration(state: ApiGatewayState, params: Params) -> tuple[Method, Integration]:
    """The integration of the method ``params`` name."""
    _, _, found = method(state, params)
    return found, require(found.integration, "Invalid Integration identifier specified")


def model(api: RestApi, name: str) -> Model:
    return require(api.models.get(name), f"Invalid model name specified: {name}")


def api_model(state: ApiGatewayState, rest_api_id: str, name: str) -> tuple[RestApi, Model]:
    """A model of an API; AWS answers the same for an unknown API (recorded)."""
    return _in_api(
        state, rest_api_id, lambda a: a.models, name, f"Invalid model name specified: {name}"
    )


def request_validator(
    state: ApiGatewayState, rest_api_id: str, validator_id: str
) -> tuple[RestApi, RequestValidator]:
    """A request validator; AWS answers the same for an unknown API (recorded)."""
    return _in_api(
        state,
        rest_api_id,
        lambda a: a.request_validators,
        validator_id,
        "Invalid Request Validator identifier specified",
    )


def authorizer(
    state: ApiGatewayState, rest_api_id: str, authorizer_id: str
) -> tuple[RestApi, Authorizer]:
    """An authorizer (the same answer for an unknown API: mockgw's choice, as for validators)."""
    return _in_api(
        state,
        rest_api_id,
        lambda a: a.authorizers,
        authorizer_id,
        "Invalid Authorizer identifier specified",
    )


def documentation_part(api: RestApi | None, part_id: str) -> DocumentationPart:
    found = None if api is None else api.documentation_parts.get(part_id)
    return require(found, "Invalid Documentation part identifier specified")


def documentation_version(api: RestApi, version: str) -> DocumentationVersion:
    # LocalStack's text (not recorded against AWS): mockgw's choice
    return require(
        api.documentation_versions.get(version), f"Documentation version not found: {version}"
    )


# ------------------------------------------------------------------------------ references


def model_user(api: RestApi, name: str) -> str | None:
    """Where model ``name`` is used, in AWS's words (``method request: /pets/GET``), or None.
    The newest resource is named first (recorded: of ``//ANY`` and ``/test/ANY``, AWS named the
    latter)."""
    for res in reversed(api.resources.ids()):
        resource_ = api.resources.get(res)
        assert resource_ is not None
        for m in resource_.methods.values():
            if name in (m.request_models or {}).values():
                return f"method request: {resource_.path}/{m.http_method}"
            for response in m.responses.values():
                if name in (response.response_models or {}).values():
                    return (
                        f"method response: {resource_.path}/{m.http_method}/{response.status_code}"
                    )
    return None


def authorizer_user(api: RestApi, authorizer_id: str) -> str | None:
    """The first method using an authorizer, as AWS names it: ``GET//test``."""
    for res, m in api.methods():
        if m.authorizer_id == authorizer_id:
            return f"{m.http_method}/{res.path}"
    return None


def validator_user(api: RestApi, validator_id: str) -> str | None:
    """The first method using a request validator, named as for authorizers."""
    for res, m in api.methods():
        if m.request_validator_id == validator_id:
            return f"{m.http_method}/{res.path}"
    return None


# ------------------------------------------------------------------------------ paging


def newest_first(
    store: Store[T],
    params: Params,
    keep: Callable[[T], bool] | None = None,
) -> tuple[list[T], str | None]:
    """A page of ``store`` newest first (API keys, usage plans and their keys, as AWS lists
    them), with API Gateway's ``limit``/``position`` rules."""
    return paging.page(
        PAGING, store, params.get("limit"), params.get("position"), keep, newest_first=True
    )


def oldest_first(
    store: Store[T], params: Params, keep: Callable[[T], bool] | None = None
) -> tuple[list[T], str | None]:
    """A page of ``store`` in creation order (REST APIs, resources, deployments, a REST API's
    definitions)."""
    return paging.page(PAGING, store, params.get("limit"), params.get("position"), keep)


def embeds(params: Params, what: str) -> bool:
    """Whether the ``embed`` query list asks for ``what`` (``methods``, ``apisummary``)."""
    return any(p.strip() == what for e in params.get("embed") or () for p in e.split(","))


# ------------------------------------------------------------------------------ membership


def plans_of_key(state: ApiGatewayState, key_id: str) -> list[UsagePlan]:
    """The usage plans API key ``key_id`` is in."""
    return [plan for plan in state.usage_plans.values() if key_id in plan.key_ids]


def stage_conflict(
    state: ApiGatewayState,
    key_id: str,
    stages: Iterable[Mapping[str, Any]],
    exclude: str,
) -> tuple[UsagePlan, Mapping[str, Any]] | None:
    """Another plan holding ``key_id`` that shares one of ``stages`` (an API key may be in only
    one usage plan per API stage), with the shared stage."""
    wanted = {(s["apiId"], s["stage"]) for s in stages}
    if not wanted:
        return None
    for other in state.usage_plans.values():
        if other.id == exclude or key_id not in other.key_ids:
            continue
        for entry in other.api_stages:
            if (entry["apiId"], entry["stage"]) in wanted:
                return other, entry
    return None


# ------------------------------------------------------------------------------ domain names,
# VPC links, client certificates (the texts AWS's are not recorded for are listed in the
# family modules' docstrings)

NO_DOMAIN_NAME = "Invalid domain name identifier specified"
NO_VPC_LINK = "Invalid Vpc Link identifier specified"
NO_CLIENT_CERTIFICATE = "Invalid Client Certificate identifier specified"


def domain_name(state: ApiGatewayState, name: str, domain_name_id: str | None = None) -> DomainName:
    """A custom domain name: a public one by its name, a private one by its name and id."""
    found = state.domain_names.get(domain_key(name, domain_name_id or None))
    if found is None:
        raise errors.not_found(NO_DOMAIN_NAME)
    return found


def base_path_mapping(domain: DomainName, base_path: str) -> BasePathMapping:
    found = domain.base_path_mappings.get(base_path or NO_BASE_PATH)
    if found is None:
        raise errors.not_found("Invalid base path mapping identifier specified")
    return found


def access_association(state: ApiGatewayState, arn: str) -> AccessAssociation:
    found = state.access_associations.get(arn)
    if found is None:
        raise errors.not_found("Invalid domain name access association identifier specified")
    return found


def vpc_link(state: ApiGatewayState, link_id: str) -> VpcLink:
    found = state.vpc_links.get(link_id)
    if found is None:
        raise errors.not_found(NO_VPC_LINK)
    return found


def client_certificate(state: ApiGatewayState, cert_id: str) -> ClientCertificate:
    found = state.client_certificates.get(cert_id)
    if found is None:
        raise errors.not_found(NO_CLIENT_CERTIFICATE)
    return found


def check_connection(
    state: ApiGatewayState, connection_type: str | None, connection_id: str | None
) -> None:
    """An integration's ``connectionType: VPC_LINK`` names an existing VPC link by
    ``connectionId``, or defers it to a stage variable (``${stageVariables.vpcLinkId}``, as
    recorded against AWS). PutIntegration (and UpdateIntegration) check this."""
    if connection_type != "VPC_LINK":
        return
    if not connection_id:
        raise errors.bad_request("connectionId is required for connectionType VPC_LINK")
    if connection_id.startswith("${stageVariables."):
        return
    vpc_link(state, connection_id)


def check_client_certificates(
    state: ApiGatewayState, operations: Iterable[Mapping[str, Any]] | None
) -> None:
    """UpdateStage's ``replace /clientCertificateId`` names an existing client certificate (an
    empty value removes the stage's certificate)."""
    for operation in operations or ():
        path, op, value = operation.get("path"), operation.get("op"), operation.get("value")
        if path == "/clientCertificateId" and op == "replace" and value:
            client_certificate(state, value)


def tagged_resource(state: ApiGatewayState, arn: str) -> tags.Tagged | None:
    """The custom domain name, access association, VPC link or client certificate ``arn``
    names in this state (NotFound when it names a missing one), or None when ``arn`` is none
    of those kinds."""
    domain = parse_domain_arn(arn)
    if domain is not None:
        if (domain.region, domain.account_id) not in (
            (state.region, ""),
            (state.region, state.account_id),
        ):
            raise errors.not_found(NO_DOMAIN_NAME)
        return domain_name(state, domain.name, domain.domain_name_id)
    if parse_association_arn(arn) is not None:
        return access_association(state, arn)
    prefix = state.arn("")
    if arn.startswith(prefix):
        parts = arn[len(prefix) :].strip("/").split("/")
        if len(parts) == 2 and parts[0] == "vpclinks":
            return vpc_link(state, parts[1])
        if len(parts) == 2 and parts[0] == "clientcertificates":
            return client_certificate(state, parts[1])
    return None
