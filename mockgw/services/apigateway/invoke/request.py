"""One call to a deployed stage (or a TestInvokeMethod), as the engine's steps read it: the
request, what the steps learn on the way (the API key, the authorizer's decision, the path
parameters), and how it is refused (the gateway responses of the definition it reached)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote

from mockgw import clock, ids
from mockgw.services._shared import arns
from mockgw.services.apigateway.invoke import responses
from mockgw.services.apigateway.invoke.extras import Gateway
from mockgw.services.apigateway.records.api_keys import ApiKey
from mockgw.services.apigateway.records.authorizers import Decision
from mockgw.services.apigateway.records.gateway_responses import GatewayResponse
from mockgw.services.apigateway.state import ApiGatewayState
from mockgw.wire.restjson import WireResponse


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
    body: bytes = b""
    #: the query string's parameters, every value of each
    query: dict[str, list[str]] = field(default_factory=dict)
    request_id: str = field(default_factory=ids.request_id)
    key: ApiKey | None = None
    #: the custom domain name the call came through (None: the execute-api endpoint)
    domain_name: str | None = None
    #: the path parameters of the resource the call matched (``{"petId": "7"}``)
    path_parameters: dict[str, str] = field(default_factory=dict)
    stage_variables: dict[str, str] = field(default_factory=dict)
    #: what the method's authorizer decided (registered with ``Mock.authorize``)
    decision: Decision | None = None
    #: the customized gateway responses of the definition the call reached
    customized: Mapping[str, GatewayResponse] = field(default_factory=dict)
    #: when the call arrived, on mockgw's clock (``$context.requestTime``)
    received: float = field(default_factory=clock.now)

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
        body: bytes = b"",
    ) -> Request:
        """The call to ``method /{stage}/{path}[?query]`` of REST API ``api_id`` (through
        custom domain name ``domain_name``, if given)."""
        path, _, query = path.partition("?")
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
            body,
            parse_query(query),
            domain_name=domain_name,
        )

    def header(self, name: str) -> str | None:
        """A request header, by name in any case."""
        found = self.headers.get(name.lower())
        if found is None:
            found = next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)
        return found

    def parameter(self, kind: str, name: str) -> str | None:
        """A method request parameter of the call (``header``, ``querystring``, ``path``) or a
        stage variable (``stageVariables``)."""
        if kind == "header":
            return self.header(name)
        if kind == "querystring":
            values = self.query.get(name)
            return values[-1] if values else None
        if kind == "path":
            return self.path_parameters.get(name)
        if kind == "stageVariables":
            return self.stage_variables.get(name)
        return None

    def context(self) -> dict[str, str]:
        """The ``$context`` variables the engine knows for this call."""
        domain = self.domain_name or (
            f"{self.api_id}.execute-api.{self.state.region}.{arns.dns_suffix(self.state.region)}"
        )
        known = {
            "requestId": self.request_id,
            "extendedRequestId": self.request_id,
            "stage": self.stage,
            "httpMethod": self.method,
            "path": f"/{self.stage}{self.path}",
            "apiId": self.api_id,
            "accountId": self.state.account_id,
            "domainName": domain,
            "domainPrefix": domain.split(".", 1)[0],
            "protocol": "HTTP/1.1",
            "requestTime": request_time(self.received),
            "requestTimeEpoch": str(int(self.received * 1000)),
            "identity.apiKey": self.key.value if self.key else "",
            "identity.apiKeyId": self.key.id if self.key else "",
            "identity.userAgent": self.header("user-agent") or "",
        }
        if self.decision is not None:
            known["authorizer.principalId"] = self.decision.principal_id
            for name, value in self.decision.context.items():
                known[f"authorizer.{name}"] = str(value)
            for name, value in self.decision.claims.items():
                known[f"authorizer.claims.{name}"] = value
        return known

    def refuse(
        self,
        response_type: str,
        reason: str,
        message: str | None = None,
        validation: str | None = None,
    ) -> WireResponse:
        """Refuse the call with gateway response ``response_type`` (``validation``: the request
        validator's ``$context.error.validationErrorString``)."""
        context = self.context()
        if validation is not None:
            context["error.validationErrorString"] = json.dumps(validation)
        return responses.gateway_response(
            response_type,
            reason,
            message=message,
            customized=self.customized,
            request_id=self.request_id,
            context=context,
            lookup=self.parameter,
        )


def parse_query(query: str) -> dict[str, list[str]]:
    """A query string's parameters, every value of each, in order."""
    found: dict[str, list[str]] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        found.setdefault(name, []).append(value)
    return found


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def request_time(epoch: float) -> str:
    """``$context.requestTime``: the CLF-formatted time, ``01/Dec/2026:04:44:41 +0000``."""
    when = dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc)
    return f"{when.day:02d}/{_MONTHS[when.month - 1]}/{when:%Y:%H:%M:%S} +0000"
