"""Who a data-plane call is from: the authorization mode its headers use, checked against the
API's auth providers (request level: a failure is a 401 before anything runs).

What AWS does (sources in the endpoint's tests):

- ``x-api-key`` selects API_KEY. The key must be one of the API's keys and not expired on the
  mock's clock (``expires`` is the instant it stops working); a missing provider, an unknown,
  an expired or a deleted key is 401 UnauthorizedException ``You are not authorized to make
  this call.`` (recorded for an unknown key by an end-to-end test against AppSync, and by AWS's
  own Events SDK tests for an Event API; an expired key gives the same text,
  aws-amplify/amplify-studio#1003).
- A request with neither ``x-api-key`` nor ``Authorization`` is 401 ``Missing authorization
  header`` (aws-amplify/amplify-js#4270, aws-amplify/amplify-cli#1770; the API's default mode in
  those recordings is not known).

mockgw's choices, where no recording says:

- An ``Authorization`` header is used first when the API has a provider it can stand for; else
  ``x-api-key``. A SigV4 header (``AWS4-HMAC-SHA256 ...``) stands for AWS_IAM; any other value
  is a token for the first token provider in the API's order (default first):
  AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT or AWS_LAMBDA. Signatures and tokens are not
  verified (mockgw verifies no credential anywhere); a token that is a JWT gives its claims
  (``sub``, ``iss``, ``cognito:username``, ``cognito:groups``) to ``$ctx.identity``, unverified.
- A header the API has no provider for is 401 ``You are not authorized to make this call.``
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mockgw import clock
from mockgw.services._shared.store import Store
from mockgw.services.appsync.records.api_keys import ApiKey
from mockgw.services.appsync.records.event_apis import EventApi
from mockgw.services.appsync.records.graphql_apis import GraphqlApi

NOT_AUTHORIZED = "You are not authorized to make this call."
MISSING_HEADER = "Missing authorization header"

API_KEY = "API_KEY"
AWS_IAM = "AWS_IAM"
TOKEN_MODES = ("AMAZON_COGNITO_USER_POOLS", "OPENID_CONNECT", "AWS_LAMBDA")

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/,\s]+)/")


@dataclass(frozen=True)
class Access:
    """A caller the API let in: its mode, what ``$ctx.identity`` shows, its Cognito groups."""

    mode: str
    identity: dict[str, Any] | None = None
    groups: tuple[str, ...] = ()
    key_id: str | None = None
    claims: dict[str, Any] = field(default_factory=dict)


class Refused(Exception):
    """The call is refused before it runs: 401 with AppSync's ``message``."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(reason)
        self.message = message
        self.reason = reason


def graphql_providers(api: GraphqlApi) -> list[str]:
    """The API's auth modes, the default first."""
    modes = [api.authentication_type]
    for provider in api.additional_authentication_providers:
        mode = provider.get("authenticationType")
        if mode and mode not in modes:
            modes.append(mode)
    return modes


def event_providers(api: EventApi) -> list[str]:
    return [p["authType"] for p in api.event_config.get("authProviders") or ()]


def key_is_valid(key: ApiKey | None, now: float) -> bool:
    """A key works until its ``expires`` instant (AppSync's keys expire on the hour)."""
    return key is not None and math.floor(now) < key.expires


def identify(
    api_id: str,
    keys: Store[ApiKey],
    providers: list[str],
    allowed: list[str] | None,
    headers: Mapping[str, str],
) -> Access:
    """The caller, or :class:`Refused`. ``providers``: the API's modes, the default first;
    ``allowed``: the modes this call may use (an Event API namespace's publish modes), None
    for all of ``providers``."""
    usable = [m for m in providers if allowed is None or m in allowed]
    authorization = (headers.get("authorization") or "").strip()
    api_key = headers.get("x-api-key")
    if not authorization and api_key is None:
        raise Refused(MISSING_HEADER, "the request has no x-api-key and no Authorization header")
    if authorization:
        found = _from_authorization(authorization, usable)
        if found is not None:
            return found
        if api_key is None:
            raise Refused(
                NOT_AUTHORIZED,
                f"the Authorization header stands for no auth mode of API {api_id} this call "
                f"may use ({', '.join(usable) or 'none'})",
            )
    assert api_key is not None
    if API_KEY not in usable:
        raise Refused(
            NOT_AUTHORIZED,
            f"API {api_id} does not let this call use API_KEY (its modes here: "
            f"{', '.join(usable) or 'none'})",
        )
    key = keys.get(api_key)
    if key is None:
        raise Refused(NOT_AUTHORIZED, f"x-api-key is not a key of API {api_id}")
    if not key_is_valid(key, clock.now()):
        raise Refused(NOT_AUTHORIZED, f"API key {key.id} expired at {key.expires} (epoch seconds)")
    return Access(API_KEY, None, key_id=key.id)


def _from_authorization(authorization: str, usable: list[str]) -> Access | None:
    if authorization.startswith("AWS4-HMAC-SHA256"):
        if AWS_IAM not in usable:
            return None
        found = _CREDENTIAL.search(authorization)
        access_key = found.group(1) if found else "AKIAMOCKGW"
        account = access_key if access_key.isdigit() and len(access_key) == 12 else "123456789012"
        return Access(
            AWS_IAM,
            {
                "accountId": account,
                "cognitoIdentityAuthProvider": None,
                "cognitoIdentityAuthType": None,
                "cognitoIdentityId": None,
                "cognitoIdentityPoolId": None,
                "sourceIp": ["127.0.0.1"],
                "userArn": f"arn:aws:iam::{account}:user/{access_key}",
                "username": access_key,
            },
        )
    mode = next((m for m in usable if m in TOKEN_MODES), None)
    if mode is None:
        return None
    claims = jwt_claims(authorization.removeprefix("Bearer ").strip())
    groups = claims.get("cognito:groups") or []
    groups = tuple(str(g) for g in groups) if isinstance(groups, list) else ()
    if mode == "AWS_LAMBDA":
        return Access(mode, {"resolverContext": {}}, claims=claims)
    identity: dict[str, Any] = {
        "sub": claims.get("sub"),
        "issuer": claims.get("iss"),
        "claims": claims,
        "sourceIp": ["127.0.0.1"],
        "defaultAuthStrategy": "ALLOW",
    }
    if mode == "AMAZON_COGNITO_USER_POOLS":
        identity["username"] = claims.get("cognito:username") or claims.get("username")
        identity["groups"] = list(groups) or None
    return Access(mode, identity, groups, claims=claims)


def jwt_claims(token: str) -> dict[str, Any]:
    """The claims of a JWT, unverified; ``{}`` for anything else."""
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    try:
        payload = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        claims = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return {}
    return claims if isinstance(claims, dict) else {}
