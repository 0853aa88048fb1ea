"""One call to a deployed stage: route it, meter it, answer it."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import unquote

from mockgw import ids
from mockgw.services.apigateway.invoke import integrations, metering, responses
from mockgw.services.apigateway.invoke.extras import Gateway
from mockgw.services.apigateway.records.api_keys import ApiKey
from mockgw.services.apigateway.records.routes import routes_of
from mockgw.services.apigateway.state import ApiGatewayState
from mockgw.wire.restjson import WireResponse


class Call:
    """``method /{stage}/{path}`` of REST API ``api_id``, while the backend's lock is held."""

    def __init__(
        self,
        state: ApiGatewayState,
        gateway: Gateway,
        api_id: str,
        method: str,
        path: str,
        headers: Mapping[str, str],
    ) -> None:
        self.state = state
        self.gateway = gateway
        self.api_id = api_id
        self.method = method.upper()
        self.headers = headers
        segments = [unquote(s) for s in path.split("/") if s]
        self.stage = segments[0] if segments else ""
        self.segments = segments[1:]
        self.path = "/" + "/".join(self.segments)
        self.request_id = ids.request_id()
        #: the API key that was let through, once metering has run
        self.key: ApiKey | None = None

    def run(self) -> WireResponse:
        api = self.state.rest_apis.get(self.api_id)
        if api is None:  # deleted between the directory lookup and the lock
            return responses.forbidden(f"no REST API {self.api_id}", self.request_id)
        if api.disable_execute_api_endpoint:
            return responses.forbidden("the default endpoint is disabled", self.request_id)
        deployment = api.deployed(self.stage) if self.stage else None
        if deployment is None:
            return self.missing_token(f"REST API {self.api_id} has no stage {self.stage!r}")
        resource = routes_of(deployment).match(self.segments)
        if resource is None:
            return self.missing_token(
                f"no resource of stage {self.stage!r} matches {self.path} (deploy the API "
                "again after changing it: a stage serves what its deployment froze)"
            )
        method = resource.methods.get(self.method) or resource.methods.get("ANY")
        if method is None:
            return self.missing_token(f"resource {resource.path} has no {self.method} or ANY")
        if method.api_key_required:
            refused = metering.meter(self, resource, method)
            if refused is not None:
                return refused
        return integrations.answer(self, resource, method)

    def missing_token(self, reason: str) -> WireResponse:
        return responses.missing_token(reason, self.request_id)
