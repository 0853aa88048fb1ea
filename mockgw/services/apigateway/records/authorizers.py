"""Authorizers: the record, the ``Authorizer`` shape, and the decision a test registers for one.

A Lambda authorizer cannot run in-process, and a Cognito user pool is out of reach: a test
registers what the authorizer decides (``hooks.authorize``) and TestInvokeAuthorizer (and the
execute-api engine) answer from it. A :class:`Decision` is kept by the REST API, by authorizer
id (``RestApi.authorizer_decisions``): it is state (snapshots keep it), it holds across
UpdateAuthorizer and redeployments (a deployment freezes the authorizer's configuration, not the
test's decision), it goes with DeleteAuthorizer, and the API never shows it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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


#: A TOKEN (or Cognito) authorizer's identity source: one request header.
TOKEN_SOURCE = re.compile(r"^method\.request\.header\.([a-zA-Z0-9._-]+)$")
#: What a Cognito user pool authorizer reads when it names no identity source (documented).
COGNITO_DEFAULT_SOURCE = "method.request.header.Authorization"


@dataclass(frozen=True)
class Sources:
    """What a call offers an authorizer's identity sources: headers (lower-case names), query
    string parameters, stage variables and context variables."""

    headers: Mapping[str, str]
    query: Mapping[str, str]
    stage_variables: Mapping[str, str]
    context: Mapping[str, str]


def identity(authorizer: Authorizer, sources: Sources) -> tuple[str | None, str | None]:
    """The identity ``authorizer`` reads from a call (its token, or a REQUEST authorizer's
    sources joined with commas) and, when the call is refused before the authorizer runs
    (401), why: a missing or empty token, one its ``identityValidationExpression`` does not
    match, or a missing REQUEST source while decisions are cached (TTL above 0; documented)."""
    if authorizer.type != REQUEST:
        source = authorizer.identity_source
        if authorizer.type == COGNITO and not source:
            source = COGNITO_DEFAULT_SOURCE
        match = TOKEN_SOURCE.match(source or "")
        token = sources.headers.get(match.group(1).lower()) if match else None
        if not token:
            return None, "The identity source is missing or empty"
        expression = authorizer.identity_validation_expression
        if expression and authorizer.type == TOKEN and not _matches(expression, token):
            return token, "The incoming identity does not match the identity validation expression"
        return token, None
    values = []
    for source in (s.strip() for s in (authorizer.identity_source or "").split(",") if s.strip()):
        value = _source_value(source, sources)
        if not value and authorizer.ttl > 0:
            return None, f"The identity source {source} is missing or empty"
        values.append(value or "")
    return ",".join(values), None


def _matches(expression: str, token: str) -> bool:
    try:
        return re.fullmatch(expression, token) is not None
    except re.error:
        return False


def _source_value(source: str, sources: Sources) -> str | None:
    for prefix, values, lower in (
        ("method.request.header.", sources.headers, True),
        ("method.request.multivalueheader.", sources.headers, True),
        ("method.request.querystring.", sources.query, False),
        ("method.request.multivaluequerystring.", sources.query, False),
        ("stageVariables.", sources.stage_variables, False),
        ("context.", sources.context, False),
    ):
        if source.startswith(prefix):
            name = source[len(prefix) :]
            return values.get(name.lower() if lower else name)
    return None
