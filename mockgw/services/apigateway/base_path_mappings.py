"""Base path mappings of custom domain names: CreateBasePathMapping, GetBasePathMapping(s),
UpdateBasePathMapping, DeleteBasePathMapping.

A mapping sends ``https://{domain name}/{basePath}/...`` to a REST API's stage; an empty base
path is named ``(none)`` (it takes every path no other mapping does), and a mapping without a
stage lets callers name the stage after the base path (the model's documentation).
UpdateBasePathMapping takes ``replace`` on ``/basePath``, ``/restapiId`` (AWS's spelling in its
patch-operations reference; ``/restApiId`` is accepted too) and ``/stage``.

Recorded AWS texts: a base path the domain name already maps is 409 ``Base path already exists
for this domain name`` (quoted by serverless-domain-manager and deployment logs); an unknown REST
API is 400 ``Invalid REST API identifier specified`` (CLI transcript in Zappa's docs); an unknown
domain name is 404 ``Invalid domain name identifier specified``.

moto's texts, AWS's not being recorded: a stage the REST API lacks is 400 ``Invalid stage
identifier specified``; a base path with ``/`` is 400 ``API Gateway V1 doesn't support the slash
character (/) in base path mappings. To create a multi-level base path mapping, use API Gateway
V2.``; an unknown mapping is 404 ``Invalid base path mapping identifier specified``. mockgw's: an
unknown patch path is 400 ``Invalid patch path  '<path>' specified for op '<op>'. Must be one of:
[/basePath, /restapiId, /stage]``. Mappings are listed in creation order.
"""

from __future__ import annotations

from mockgw import errors
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.domain_names import (
    NO_BASE_PATH,
    BasePathMapping,
    DomainName,
    base_path_mapping_view,
)
from mockgw.services.apigateway.state import ApiGatewayState

SLASH = (
    "API Gateway V1 doesn't support the slash character (/) in base path mappings. "
    "To create a multi-level base path mapping, use API Gateway V2."
)


def _base_path(given: str | None) -> str:
    if not given or given == NO_BASE_PATH:
        return NO_BASE_PATH
    if "/" in given:
        raise errors.bad_request(SLASH)
    return given


def _stage(given: str | None) -> str | None:
    return None if not given or given == NO_BASE_PATH else given


def _check_target(state: ApiGatewayState, rest_api_id: str, stage: str | None) -> None:
    api = state.rest_apis.get(rest_api_id)
    if api is None:
        raise errors.bad_request("Invalid REST API identifier specified")
    if stage is not None and stage not in api.stages:
        raise errors.bad_request("Invalid stage identifier specified")


def _check_free(domain: DomainName, base_path: str) -> None:
    if base_path in domain.base_path_mappings:
        raise errors.conflict("Base path already exists for this domain name")


def _domain(state: ApiGatewayState, params: Params) -> DomainName:
    return lookups.domain_name(state, params["domainName"], params.get("domainNameId"))


@operation("CreateBasePathMapping")
def create_base_path_mapping(state: ApiGatewayState, params: Params) -> Result:
    domain = _domain(state, params)
    base_path = _base_path(params.get("basePath"))
    stage = _stage(params.get("stage"))
    _check_target(state, params["restApiId"], stage)
    _check_free(domain, base_path)
    mapping = BasePathMapping(base_path, params["restApiId"], stage)
    domain.base_path_mappings.add(base_path, mapping)
    return base_path_mapping_view(mapping)


@operation("GetBasePathMapping")
def get_base_path_mapping(state: ApiGatewayState, params: Params) -> Result:
    domain = _domain(state, params)
    return base_path_mapping_view(lookups.base_path_mapping(domain, params["basePath"]))


@operation("GetBasePathMappings")
def get_base_path_mappings(state: ApiGatewayState, params: Params) -> Result:
    domain = _domain(state, params)
    mappings, position = lookups.oldest_first(domain.base_path_mappings, params)
    return {"items": [base_path_mapping_view(m) for m in mappings], "position": position}


@operation("DeleteBasePathMapping")
def delete_base_path_mapping(state: ApiGatewayState, params: Params) -> Result:
    domain = _domain(state, params)
    mapping = lookups.base_path_mapping(domain, params["basePath"])
    domain.base_path_mappings.remove(mapping.base_path)
    return None


@operation("UpdateBasePathMapping")
def update_base_path_mapping(state: ApiGatewayState, params: Params) -> Result:
    domain = _domain(state, params)
    mapping = lookups.base_path_mapping(domain, params["basePath"])
    draft = patch.draft(mapping)
    UPDATE.apply(draft, params.get("patchOperations"))
    _check_target(state, draft.rest_api_id, draft.stage)
    if draft.base_path != mapping.base_path:
        _check_free(domain, draft.base_path)
        domain.base_path_mappings.remove(mapping.base_path)
        domain.base_path_mappings.add(draft.base_path, mapping)
    patch.commit(mapping, draft)
    return base_path_mapping_view(mapping)


def _set_base_path(mapping: BasePathMapping, change: patch.Change) -> None:
    mapping.base_path = _base_path(change.value)


def _set_rest_api(mapping: BasePathMapping, change: patch.Change) -> None:
    mapping.rest_api_id = change.value or ""


def _set_stage(mapping: BasePathMapping, change: patch.Change) -> None:
    mapping.stage = _stage(change.value)


_R = ("replace",)
_PATHS = ("/basePath", "/restapiId", "/stage")
UPDATE = patch.PatchTable(
    patch.Rule(_R, "/basePath", _set_base_path),
    patch.Rule(_R, "/{name:restapiId|restApiId}", _set_rest_api),
    patch.Rule(_R, "/stage", _set_stage),
    wrong_op=lambda op, path: errors.bad_request(patch.ONLY_REPLACE),
    listed={op: _PATHS for op in patch.ADD_REMOVE_REPLACE},
)
