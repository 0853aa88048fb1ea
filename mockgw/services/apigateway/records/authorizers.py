"""Authorizers: the record, the ``Authorizer`` shape, and the decision a test registers for one.

A Lambda authorizer cannot run in-process, and a Cognito user pool is out of reach: a test
registers what the authorizer decides (``hooks.authorize``) and TestInvokeAuthorizer (and the
execute-api engine) answer from it. A :class:`Decision` is kept by the REST API, by authorizer
id (``RestApi.authorizer_decisions``): it is state (snapshots keep it), it holds across
UpdateAuthorizer and redeployments (a deployment freezes the authorizer's configuration, not the
test's decision), it goes with DeleteAuthorizer, and the API never shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TOKEN, REQUEST, COGNITO = "TOKEN", "REQUEST", "COGNITO_USER_POOLS"
#: ``authType`` when none is given, as AWS fills it in (the AWS CLI's documented outputs).
DEFAULT_AUTH_TYPE = {TOKEN: "custom", REQUEST: "custom", COGNITO: "cognito_user_pools"}
#: The TTL of cached decisions when ``authorizerResultTtlInSeconds`` is not set (documented).
DEFAULT_TTL = 300

#: what a decision's ``effect`` may be: the policy's effect, or ``Unauthorized`` (the Lambda
#: function raised ``Unauthorized``, or the token is not a valid Cognito token: 401)
EFFECTS = ("Allow", "Deny", "Unauthorized")


@dataclass
class Decision:
    """What an authorizer answers for every caller (registered by the test)."""

    effect: str = "Allow"
    principal_id: str = "user"
    #: the ``context`` map a Lambda authorizer returns (``$context.authorizer.<key>``)
    context: dict[str, Any] = field(default_factory=dict)
    #: the API key a Lambda authorizer hands back for usage plans (API key source AUTHORIZER)
    usage_identifier_key: str | None = None
    #: the claims of a Cognito user pool token
    claims: dict[str, str] = field(default_factory=dict)


@dataclass
class Authorizer:
    id: str
    name: str
    type: str  # TOKEN | REQUEST | COGNITO_USER_POOLS
    auth_type: str | None = None
    provider_arns: list[str] = field(default_factory=list)
    authorizer_uri: str | None = None
    authorizer_credentials: str | None = None
    identity_source: str | None = None
    identity_validation_expression: str | None = None
    authorizer_result_ttl_in_seconds: int | None = None

    @property
    def ttl(self) -> int:
        """How long the authorizer's decisions are cached (0: not cached)."""
        ttl = self.authorizer_result_ttl_in_seconds
        return DEFAULT_TTL if ttl is None else ttl


def authorizer_view(authorizer: Authorizer) -> dict[str, Any]:
    return {
        "id": authorizer.id,
        "name": authorizer.name,
        "type": authorizer.type,
        "providerARNs": list(authorizer.provider_arns) or None,
        "authType": authorizer.auth_type,
        "authorizerUri": authorizer.authorizer_uri,
        "authorizerCredentials": authorizer.authorizer_credentials,
        "identitySource": authorizer.identity_source,
        "identityValidationExpression": authorizer.identity_validation_expression,
        "authorizerResultTtlInSeconds": authorizer.authorizer_result_ttl_in_seconds,
    }
