"""One call to a deployed stage, as the engine's steps read it (and the API key metering let
through, once it has)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

from mockgw import ids
from mockgw.services.apigateway.invoke.extras import Gateway
from mockgw.services.apigateway.records.api_keys import ApiKey
from mockgw.services.apigateway.state import ApiGatewayState


@dataclass
class Request:
    state: ApiGatewayState
    gateway: Gateway
    api_id: str
    method: str
    stage: str
    #: the path after the stage, decoded, split in segments; and joined again (``/pets/7``)
    segments: list[str]
    path: str
    headers: Mapping[str, str]
    request_id: str = field(default_factory=ids.request_id)
    key: ApiKey | None = None
    #: the custom domain name the call came through (None: the execute-api endpoint)
    domain_name: str | None = None

    @classmethod
    def of(
        cls,
        state: ApiGatewayState,
        gateway: Gateway,
        api_id: str,
        method: str,
        path: str,
        headers: Mapping[str, str],
        domain_name: str | None = None,
    ) -> Request:
        """The call to ``method /{stage}/{path}`` of REST API ``api_id`` (through custom
        domain name ``domain_name``, if given)."""
        segments = [unquote(s) for s in path.split("/") if s]
        stage, rest = (segments[0], segments[1:]) if segments else ("", [])
        return cls(
            state,
            gateway,
            api_id,
            method.upper(),
            stage,
            rest,
            "/" + "/".join(rest),
            headers,
            domain_name=domain_name,
        )
