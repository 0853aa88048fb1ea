"""Authorization of a call: the method's ``authorizationType``.

- ``AWS_IAM``: a call without a Signature Version 4 signature (an ``Authorization: AWS4-HMAC-
  SHA256 ...`` header or ``X-Amz-Signature`` in the query string) is refused with
  MISSING_AUTHENTICATION_TOKEN (403 ``Missing Authentication Token``, what AWS answers an
  unsigned call); a signed call goes on (mockgw checks no IAM policy).
- ``CUSTOM`` (a Lambda authorizer) and ``COGNITO_USER_POOLS``: the identity the authorizer reads
  must be there (a token header, matching ``identityValidationExpression`` for TOKEN; every
  REQUEST source while decisions are cached), else UNAUTHORIZED (401 ``Unauthorized``); then the
  decision the test registered with ``Mock.authorize`` answers: ``Allow`` lets the call on (its
  principal, context and ``usageIdentifierKey`` go with it), ``Deny`` is ACCESS_DENIED (403 ``User
  is not authorized to access this resource with an explicit deny``), ``Unauthorized`` is 401. With
  no registered decision the call is refused with AUTHORIZER_CONFIGURATION_ERROR (500, ``{"message":
  null}``: AWS's answer when an authorizer fails; mockgw's reason header says to register one).
"""

from __future__ import annotations

from mockgw.services.apigateway.invoke import responses
from mockgw.services.apigateway.invoke.definition import Definition
from mockgw.services.apigateway.invoke.request import Request
from mockgw.services.apigateway.records.authorizers import Sources, identity
from mockgw.services.apigateway.records.methods import Method
from mockgw.services.apigateway.records.rest_apis import RestApi
from mockgw.wire.restjson import WireResponse

_SIGNED = "aws4-hmac-sha256"


def check(
    call: Request, api: RestApi, definition: Definition, method: Method
) -> WireResponse | None:
    """None when the call may go on, else the refusal."""
    kind = method.authorization_type
    if kind == "AWS_IAM":
        if _signed(call):
            return None
        return call.refuse(
            responses.MISSING_AUTHENTICATION_TOKEN,
            "the method's authorization is AWS_IAM and the call is not signed (Signature "
            "Version 4)",
        )
    if kind not in ("CUSTOM", "COGNITO_USER_POOLS"):
        return None
    authorizer = definition.authorizers.get(method.authorizer_id or "")
    if authorizer is None:  # the API's rules keep a method's authorizer: defensive only
        return call.refuse(
            responses.AUTHORIZER_CONFIGURATION_ERROR,
            f"the method's authorizer {method.authorizer_id} is not in the deployment",
        )
    headers = {name.lower(): value for name, value in call.headers.items()}
    query = {name: values[-1] for name, values in call.query.items() if values}
    sources = Sources(headers, query, call.stage_variables, call.context())
    _, refused = identity(authorizer, sources)
    where = f"authorizer {authorizer.name} ({authorizer.id})"
    if refused is not None:
        return call.refuse(responses.UNAUTHORIZED, f"{where}: {refused}")
    decision = api.authorizer_decisions.get(authorizer.id)
    if decision is None:
        return call.refuse(
            responses.AUTHORIZER_CONFIGURATION_ERROR,
            f"{where} cannot run in-process and the test registered no decision for it: "
            f"Mock.authorize({api.id!r}, {authorizer.id!r}, effect='Allow')",
        )
    if decision.effect == "Unauthorized":
        return call.refuse(responses.UNAUTHORIZED, f"{where} decided Unauthorized")
    if decision.effect == "Deny":
        return call.refuse(responses.ACCESS_DENIED, f"{where} decided Deny")
    call.decision = decision
    return None


def _signed(call: Request) -> bool:
    header = call.header("authorization") or ""
    if header.lower().startswith(_SIGNED):
        return True
    return any(name.lower() == "x-amz-signature" for name in call.query)
