"""What a call checks besides its method, from the definition it reached: a deployment's
frozen copies (a call to a stage), or the REST API as it stands (TestInvokeMethod)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mockgw.services.apigateway.records.authorizers import Authorizer
from mockgw.services.apigateway.records.gateway_responses import GatewayResponse
from mockgw.services.apigateway.records.models import Model
from mockgw.services.apigateway.records.rest_apis import Deployment, RestApi
from mockgw.services.apigateway.records.validators import RequestValidator


@dataclass(frozen=True)
class Definition:
    models: Mapping[str, Model]  # by name
    request_validators: Mapping[str, RequestValidator]  # by id
    authorizers: Mapping[str, Authorizer]  # by id
    gateway_responses: Mapping[str, GatewayResponse]  # customized, by type

    @classmethod
    def of_deployment(cls, deployment: Deployment) -> Definition:
        return cls(
            deployment.models,
            deployment.request_validators,
            deployment.authorizers,
            deployment.gateway_responses,
        )

    @classmethod
    def of_api(cls, api: RestApi) -> Definition:
        return cls(
            {m.name: m for m in api.models.values()},
            {v.id: v for v in api.request_validators.values()},
            {a.id: a for a in api.authorizers.values()},
            {r.response_type: r for r in api.gateway_responses.values()},
        )
