"""REST APIs, their resource tree and their deployments: the records, and the ``RestApi``,
``Resource`` and ``Deployment`` shapes.

The tree a REST API is edited as: :class:`RestApi` holds :class:`Resource` objects (one is the
root ``/``), each holding :class:`~.methods.Method` objects keyed by HTTP method.

A :class:`Deployment` freezes a copy of that tree when it is created: a stage serves what its
deployment froze, not what the API looks like now, as on AWS. :meth:`RestApi.deployed` finds the
deployment behind a stage; the execute-api engine matches calls against its route index
(``Deployment.routes``, built when the deployment is made, and rebuilt on first use after a
restore: it is derived, not state).

Field names are Python's; the views turn them into the model's member names.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from mockgw.services._shared.regional import DERIVED
from mockgw.services._shared.store import Store
from mockgw.services.apigateway.records.authorizers import Authorizer, Decision
from mockgw.services.apigateway.records.documentation import (
    DocumentationPart,
    DocumentationVersion,
)
from mockgw.services.apigateway.records.gateway_responses import GatewayResponse
from mockgw.services.apigateway.records.methods import Method, method_view
from mockgw.services.apigateway.records.models import Model
from mockgw.services.apigateway.records.stages import Stage
from mockgw.services.apigateway.records.validators import RequestValidator

#: The deepest resource tree accepted (chosen: AWS's default quota of 300 resources per REST API
#: allows no deeper one, and its exact refusal of a deeper path is not recorded).
MAX_RESOURCE_DEPTH = 300


@dataclass
class Resource:
    id: str
    parent_id: str | None  # None for the root resource
    path_part: str | None  # None for the root resource
    path: str  # "/" for the root, "/pets/{id}" below it
    methods: dict[str, Method] = field(default_factory=dict)  # by HTTP method, as put

    @property
    def is_root(self) -> bool:
        return self.parent_id is None


@dataclass
class Deployment:
    id: str
    created_date: int
    description: str | None = None
    #: the API's resources (deep copies) when the deployment was created: what its stages serve
    resources: dict[str, Resource] = field(default_factory=dict)
    #: the rest of the API's definition the deployment froze (deep copies, by name or id): what
    #: the execute-api engine validates, authorizes and refuses with
    models: dict[str, Model] = field(default_factory=dict)  # by name
    request_validators: dict[str, RequestValidator] = field(default_factory=dict)
    authorizers: dict[str, Authorizer] = field(default_factory=dict)
    gateway_responses: dict[str, GatewayResponse] = field(default_factory=dict)  # customized
    #: the execute-api engine's index of ``resources`` (``invoke.routes.Routes``)
    routes: Any = field(default=None, metadata=DERIVED, repr=False, compare=False)


@dataclass
class RestApi:
    id: str
    name: str
    created_date: int
    description: str | None = None
    version: str | None = None
    binary_media_types: list[str] = field(default_factory=list)
    minimum_compression_size: int | None = None
    api_key_source: str = "HEADER"
    #: {types: [one of EDGE|REGIONAL|PRIVATE], ipAddressType: ipv4|dualstack, vpcEndpointIds?}
    endpoint_configuration: dict[str, Any] = field(
        default_factory=lambda: {"types": ["EDGE"], "ipAddressType": "ipv4"}
    )
    policy: str | None = None
    disable_execute_api_endpoint: bool = False
    root_resource_id: str = ""
    resources: Store[Resource] = field(default_factory=Store)  # in creation order
    deployments: Store[Deployment] = field(default_factory=Store)  # in creation order
    stages: dict[str, Stage] = field(default_factory=dict)  # stage name -> stage, as created
    tags: dict[str, str] = field(default_factory=dict)
    models: Store[Model] = field(default_factory=Store)  # by name
    request_validators: Store[RequestValidator] = field(default_factory=Store)
    authorizers: Store[Authorizer] = field(default_factory=Store)
    #: authorizer id -> what the test registered it decides (records/authorizers.py)
    authorizer_decisions: dict[str, Decision] = field(default_factory=dict)
    #: the customized response types, by type (records/gateway_responses.py)
    gateway_responses: Store[GatewayResponse] = field(default_factory=Store)
    documentation_parts: Store[DocumentationPart] = field(default_factory=Store)
    documentation_versions: Store[DocumentationVersion] = field(default_factory=Store)  # by version

    def deployed(self, stage_name: str) -> Deployment | None:
        """The deployment stage ``stage_name`` serves, or None when there is no such stage."""
        stage = self.stages.get(stage_name)
        return None if stage is None else self.deployments.get(stage.deployment_id)

    def has_methods(self) -> bool:
        return any(resource.methods for resource in self.resources.values())

    def children(self, parent_id: str) -> list[Resource]:
        return [r for r in self.resources.values() if r.parent_id == parent_id]

    def methods(self) -> list[tuple[Resource, Method]]:
        """Every method of the API, with its resource, resources in creation order."""
        return [(res, m) for res in self.resources.values() for m in res.methods.values()]


def rest_api_view(api: RestApi, *, tags_always: bool) -> dict[str, Any]:
    return {
        "id": api.id,
        "name": api.name,
        "description": api.description,
        "createdDate": api.created_date,
        "version": api.version,
        "binaryMediaTypes": list(api.binary_media_types) or None,
        "minimumCompressionSize": api.minimum_compression_size,
        "apiKeySource": api.api_key_source,
        "endpointConfiguration": copy.deepcopy(api.endpoint_configuration),
        "policy": api.policy,
        "tags": dict(api.tags) if (api.tags or tags_always) else None,
        "disableExecuteApiEndpoint": api.disable_execute_api_endpoint,
        "rootResourceId": api.root_resource_id,
    }


def resource_view(res: Resource, *, embed_methods: bool) -> dict[str, Any]:
    """A ``Resource`` shape. Without ``embed=methods`` each method shows as ``{}``, as in the
    AWS CLI's documented get-resources output; with it, each is a full ``Method``."""
    methods: dict[str, Any] | None = None
    if res.methods:
        methods = {name: method_view(m) if embed_methods else {} for name, m in res.methods.items()}
    return {
        "id": res.id,
        "parentId": res.parent_id,
        "pathPart": res.path_part,
        "path": res.path,
        "resourceMethods": methods,
    }


def deployment_view(d: Deployment, *, api_summary: bool = False) -> dict[str, Any]:
    return {
        "id": d.id,
        "description": d.description,
        "createdDate": d.created_date,
        "apiSummary": _api_summary(d) if api_summary else None,
    }


def _api_summary(d: Deployment) -> dict[str, dict[str, dict[str, Any]]]:
    """``{path: {httpMethod: {authorizationType, apiKeyRequired}}}`` of what ``d`` froze."""
    summary: dict[str, dict[str, dict[str, Any]]] = {}
    for res in d.resources.values():
        for name, m in res.methods.items():
            summary.setdefault(res.path, {})[name] = {
                "authorizationType": m.authorization_type,
                "apiKeyRequired": m.api_key_required,
            }
    return summary
