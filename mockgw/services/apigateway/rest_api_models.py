"""REST APIs and the resources, methods, integrations, deployments and stages under them.

The tree a REST API is edited as: :class:`RestApi` holds :class:`Resource` objects (one is the
root ``/``), each holding :class:`Method` objects keyed by HTTP method, each with its
:class:`MethodResponse` objects and, once put, its :class:`Integration` (with
:class:`IntegrationResponse` objects).

A :class:`Deployment` freezes a copy of that tree when it is created: a stage serves what its
deployment froze, not what the API looks like now, as on AWS. :meth:`RestApi.deployed` finds the
frozen tree behind a stage, and :meth:`Resource` paths are kept up to date, so an execute-api
front door can match ``/{stage}/{path}`` against ``Deployment.resources`` directly.

Field names are Python's; the handlers turn them into the model's member names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockgw.services._store import Store

#: What API Gateway returns for stages created without cache or canary settings.
CACHE_NOT_AVAILABLE = "NOT_AVAILABLE"


@dataclass
class IntegrationResponse:
    status_code: str
    selection_pattern: str | None = None
    response_parameters: dict[str, str] | None = None
    response_templates: dict[str, str | None] | None = None
    content_handling: str | None = None


@dataclass
class Integration:
    type: str  # HTTP | AWS | MOCK | HTTP_PROXY | AWS_PROXY
    http_method: str | None = None  # the model's ``integrationHttpMethod``
    uri: str | None = None
    connection_type: str | None = None
    connection_id: str | None = None
    credentials: str | None = None
    request_parameters: dict[str, str] | None = None
    request_templates: dict[str, str | None] | None = None
    passthrough_behavior: str | None = None
    content_handling: str | None = None
    timeout_in_millis: int = 29000
    cache_namespace: str | None = None
    cache_key_parameters: list[str] = field(default_factory=list)
    tls_config: dict[str, Any] | None = None
    response_transfer_mode: str | None = None
    integration_target: str | None = None
    responses: dict[str, IntegrationResponse] = field(default_factory=dict)  # by status code


@dataclass
class MethodResponse:
    status_code: str
    response_parameters: dict[str, bool] | None = None
    response_models: dict[str, str] | None = None


@dataclass
class Method:
    http_method: str  # GET, POST, ..., ANY
    authorization_type: str  # NONE | AWS_IAM | CUSTOM | COGNITO_USER_POOLS
    api_key_required: bool = False
    authorizer_id: str | None = None
    request_validator_id: str | None = None
    operation_name: str | None = None
    request_parameters: dict[str, bool] | None = None
    request_models: dict[str, str] | None = None
    authorization_scopes: list[str] | None = None
    responses: dict[str, MethodResponse] = field(default_factory=dict)  # by status code
    integration: Integration | None = None


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


@dataclass
class Stage:
    stage_name: str
    deployment_id: str
    created_date: int
    last_updated_date: int
    description: str | None = None
    cache_cluster_enabled: bool = False
    cache_cluster_size: str | None = None
    cache_cluster_status: str = CACHE_NOT_AVAILABLE
    #: "{resourcePath}/{httpMethod}" (e.g. "*/*", "~1pets/GET") -> MethodSetting members
    method_settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    documentation_version: str | None = None
    access_log_settings: dict[str, str] | None = None
    #: {deploymentId, percentTraffic, stageVariableOverrides?, useStageCache}
    canary_settings: dict[str, Any] | None = None
    tracing_enabled: bool = False
    client_certificate_id: str | None = None
    web_acl_arn: str | None = None
    tags: dict[str, str] = field(default_factory=dict)


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

    def deployed(self, stage_name: str) -> Deployment | None:
        """The deployment stage ``stage_name`` serves, or None when there is no such stage."""
        stage = self.stages.get(stage_name)
        return None if stage is None else self.deployments.get(stage.deployment_id)

    def has_methods(self) -> bool:
        return any(resource.methods for resource in self.resources.values())
