"""The execute-api engine: calls to deployed REST API stages, with API keys enforced, usage
plans metered and MOCK integrations answered.

While a mock covering API Gateway is active, a request to
``https://{restApiId}.execute-api.{region}.amazonaws.com/{stage}/{path}`` (through `requests`, or
botocore) is answered here, and so is the server's equivalent:
``/restapis/{restApiId}/{stage}/_user_request_/{path}`` (LocalStack's form, so a test can
switch) or any path on a host ``{restApiId}.execute-api.localhost[:port]``. The core finds the
backend holding the REST API through the world's directory (:mod:`mockgw.dataplane`), then a
call (:mod:`.call`) is

1. **routed**: the stage, then the resource tree the stage's deployment froze, through the
   deployment's route index (``records/routes.py``), then the method, or ``ANY``, of that one
   resource (a matching resource without the method is not passed over for a ``{proxy+}``
   higher up: mockgw's choice). No match: 403 ``{"message":"Missing Authentication Token"}``,
   as API Gateway hides which paths exist;
2. **authorized** (:mod:`.authorization`): AWS_IAM needs a signed call, CUSTOM and
   COGNITO_USER_POOLS the decision the test registered with ``Mock.authorize``;
3. **metered** when the method has ``apiKeyRequired`` (:mod:`.metering`: key, from ``x-api-key``
   or the authorizer, throttle, quota, count);
4. **validated** (:mod:`.validation`) by the method's request validator;
5. **answered** (:mod:`.integrations`): a registered response or the MOCK integration's.

Refusals are the gateway responses the deployment froze, customized or AWS's defaults
(:mod:`.responses`); every one carries ``x-mockgw-reason`` (mockgw's own header) explaining
which rule refused the call. An unknown REST API id gets 403 Forbidden (chosen: AWS's answer is
not recorded). TestInvokeMethod runs steps 4 and 5 on the REST API as it stands
(:mod:`.test_invoke`). The query string reaches the engine when the door passes it (in-process
doors do: ``/{stage}/{path}?{query}``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mockgw.services._shared.endpoints import Target
from mockgw.services.apigateway.invoke import custom_domains, metering, responses
from mockgw.services.apigateway.invoke.call import run
from mockgw.services.apigateway.invoke.extras import Gateway
from mockgw.services.apigateway.invoke.request import Request
from mockgw.services.apigateway.state import DOMAIN_NAME, REST_API, ApiGatewayState
from mockgw.wire.restjson import WireResponse

#: The server's path form (LocalStack's): ``/restapis/{id}/{stage}/_user_request_/{path}``.
USER_REQUEST = "_user_request_"
PREFIX = "execute-api"

_REGION = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-\d+$")


def target_of_host(host: str) -> tuple[str, str | None] | None:
    """``(restApiId, region or None)`` for ``{id}.execute-api.{region}.amazonaws.com`` or
    ``{id}.execute-api.localhost[:port]``; None for any other host."""
    labels = host.rpartition("@")[2].split(":", 1)[0].lower().split(".")
    if len(labels) < 3 or labels[1] != PREFIX or not labels[0]:
        return None
    region = labels[2] if _REGION.match(labels[2]) else None
    return labels[0], region


class ExecuteApi:
    """API Gateway's data plane (see :class:`~mockgw.services._shared.endpoints.DataPlane`)."""

    prefixes = (PREFIX,)
    custom_hosts = DOMAIN_NAME

    def route(self, host: str, path: str) -> Target | None:
        if path.startswith("/restapis/"):
            parts = path.split("/", 5)  # "", "restapis", id, stage, "_user_request_", rest
            if len(parts) >= 5 and parts[4] == USER_REQUEST and parts[2] and parts[3]:
                rest = parts[5] if len(parts) > 5 else ""
                return Target(REST_API, parts[2], None, f"/{parts[3]}/{rest}")
        found = target_of_host(host)
        if found is None:
            return None
        return Target(REST_API, found[0], found[1], path)

    def refuse(self, target: Target) -> WireResponse:
        if target.kind == DOMAIN_NAME:
            return responses.forbidden(f"no custom domain name {target.name} exists")
        where = f"region {target.region}" if target.region else "any region"
        return responses.forbidden(f"no REST API {target.name} exists in {where}")

    def answer(
        self,
        state: ApiGatewayState,
        extras: Gateway,
        target: Target,
        method: str,
        headers: Mapping[str, str],
        body: bytes,
    ) -> WireResponse:
        if target.kind == DOMAIN_NAME:
            return custom_domains.answer(
                state, extras, target.name, method, target.path, headers, body
            )
        return run(Request.of(state, extras, target.name, method, target.path, headers, body=body))

    def new_extras(self) -> Any:
        return Gateway()

    def replay(self, state: ApiGatewayState, change: list[Any]) -> None:
        """Make again a change a call noted (``mockgw.tape.effect``): usage metering."""
        metering.replay(state, change)


DATA_PLANE = ExecuteApi()
