"""Authorizers: CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer,
TestInvokeAuthorizer.

AWS facts and their sources:

- creating one on an unknown API is 409 ``Unable to complete operation due to concurrent
  modification. Please try again later.``; listing is the API's 404 (LocalStack's validated
  snapshots, ``test_authorizer_crud_no_api``);
- ``authType`` is filled in (``custom``, ``cognito_user_pools``) and an unset TTL is left out
  (the AWS CLI's documented outputs; LocalStack's validated ``test_apigateway_basic``);
- a TOKEN or REQUEST authorizer needs a Lambda invocation URI: ``Invalid Authorizer URI: <uri>.
  Authorizer URI should be a valid API Gateway ARN that represents a Lambda function
  invocation.``; a TOKEN authorizer's identity source is one header: ``Invalid token source
  expression: <source>. The source must be a method request header, matching
  'method.request.header.[a-zA-Z0-9._-]+'.`` (AWS errors quoted in terraform-provider-aws#1757
  and serverless#4428);
- an authorizer a method uses cannot be deleted: 409 ``Cannot delete authorizer '<name>', is
  referenced in method: GET//test`` (terraform#6731, terraform-provider-aws#14812);
- UpdateAuthorizer: ``replace`` on the scalar members, ``add``/``remove`` of one ARN on
  ``/providerARNs`` (the paths Terraform sends).

mockgw's choices (AWS's texts not found): ``Invalid Authorizer identifier specified`` for an
unknown authorizer or API (moto's, in AWS's usual form); the texts for a COGNITO_USER_POOLS
authorizer without provider ARNs, a TTL outside 0..3600, and an unknown patch path or op (the
form AWS uses for request validators).

TestInvokeAuthorizer cannot run the Lambda function or reach the user pool: it answers from the
decision the test registered (``hooks.authorize``): its ``clientStatus`` is 200 with the
principal and an IAM policy whose effect is the decision's (``Allow``/``Deny``), 401 for
``Unauthorized`` or a missing or non-matching identity, and 500 (an authorizer configuration
error, as AWS logs it) when no decision is registered. The ``log`` follows AWS's form (``Execution
log for request test-request`` then timestamped lines).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Any
from urllib.parse import parse_qsl

from mockgw import clock, errors, ids
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.authorizers import (
    COGNITO,
    DEFAULT_AUTH_TYPE,
    TOKEN,
    TOKEN_SOURCE,
    Authorizer,
    Decision,
    Sources,
    authorizer_view,
    identity,
)
from mockgw.services.apigateway.records.rest_apis import RestApi
from mockgw.services.apigateway.state import ApiGatewayState

MAX_TTL = 3600
_LAMBDA_URI = re.compile(
    r"^arn:aws[a-z-]*:apigateway:[a-z]{2}(?:-[a-z]+)+-\d+:lambda:path/.+$", re.DOTALL
)


# ------------------------------------------------------------------------------ rules


def _check(authorizer: Authorizer) -> None:
    """AWS's rules for an authorizer's configuration (on create, and after an update)."""
    if authorizer.type == COGNITO:
        if not authorizer.provider_arns:
            raise errors.bad_request(
                "Invalid providerARNs specified: a COGNITO_USER_POOLS authorizer needs at least "
                "one Cognito user pool ARN"
            )
    else:
        uri = authorizer.authorizer_uri
        if not uri or not _LAMBDA_URI.match(uri):
            raise errors.bad_request(
                f"Invalid Authorizer URI: {_shown(uri)}. Authorizer URI should be a valid API "
                "Gateway ARN that represents a Lambda function invocation."
            )
    if authorizer.type == TOKEN:
        source = authorizer.identity_source
        if not source or not TOKEN_SOURCE.match(source):
            raise errors.bad_request(
                f"Invalid token source expression: {_shown(source)}. The source must be a method "
                "request header, matching 'method.request.header.[a-zA-Z0-9._-]+'."
            )
    ttl = authorizer.authorizer_result_ttl_in_seconds
    if ttl is not None and not 0 <= ttl <= MAX_TTL:
        raise errors.bad_request(
            f"Invalid authorizer result TTL specified: {ttl}. Must be an integer from 0 to "
            f"{MAX_TTL}"
        )


def _shown(value: str | None) -> str:
    return "null" if value is None else value


# ------------------------------------------------------------------------------ CRUD


@operation("CreateAuthorizer")
def create_authorizer(state: ApiGatewayState, params: Params) -> Result:
    api = state.rest_apis.get(params["restApiId"])
    if api is None:
        raise errors.conflict(
            "Unable to complete operation due to concurrent modification. Please try again later."
        )
    kind = params["type"]
    authorizer = Authorizer(
        id=ids.unique(ids.authorizer_id, api.authorizers),
        name=params["name"],
        type=kind,
        auth_type=params.get("authType") or DEFAULT_AUTH_TYPE[kind],
        provider_arns=list(params.get("providerARNs") or ()),
        authorizer_uri=params.get("authorizerUri"),
        authorizer_credentials=params.get("authorizerCredentials"),
        identity_source=params.get("identitySource"),
        identity_validation_expression=params.get("identityValidationExpression"),
        authorizer_result_ttl_in_seconds=params.get("authorizerResultTtlInSeconds"),
    )
    _check(authorizer)
    api.authorizers.add(authorizer.id, authorizer)
    return authorizer_view(authorizer)


@operation("GetAuthorizer")
def get_authorizer(state: ApiGatewayState, params: Params) -> Result:
    return authorizer_view(
        lookups.authorizer(state, params["restApiId"], params["authorizerId"])[1]
    )


@operation("GetAuthorizers")
def get_authorizers(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    items, position = lookups.oldest_first(api.authorizers, params)
    return {"items": [authorizer_view(a) for a in items], "position": position}


@operation("UpdateAuthorizer")
def update_authorizer(state: ApiGatewayState, params: Params) -> Result:
    _, authorizer = lookups.authorizer(state, params["restApiId"], params["authorizerId"])
    draft = patch.draft(authorizer, "provider_arns")
    UPDATE.apply(draft, params.get("patchOperations"))
    _check(draft)
    patch.commit(authorizer, draft)
    return authorizer_view(authorizer)


@operation("DeleteAuthorizer")
def delete_authorizer(state: ApiGatewayState, params: Params) -> Result:
    api, authorizer = lookups.authorizer(state, params["restApiId"], params["authorizerId"])
    user = lookups.authorizer_user(api, authorizer.id)
    if user is not None:
        raise errors.conflict(
            f"Cannot delete authorizer '{authorizer.name}', is referenced in method: {user}"
        )
    api.authorizers.remove(authorizer.id)
    api.authorizer_decisions.pop(authorizer.id, None)
    return None


def _set_ttl(authorizer: Authorizer, change: patch.Change) -> None:
    try:
        authorizer.authorizer_result_ttl_in_seconds = int(change.value or "")
    except ValueError:
        raise errors.bad_request(
            f"Invalid authorizer result TTL specified: {change.value}. Must be an integer from 0 "
            f"to {MAX_TTL}"
        ) from None


def _set_type(authorizer: Authorizer, change: patch.Change) -> None:
    if change.value not in DEFAULT_AUTH_TYPE:
        raise errors.bad_request(
            "Invalid authorizer type specified. Valid options are TOKEN,REQUEST,COGNITO_USER_POOLS"
        )
    authorizer.type = change.value


def _patch_provider(authorizer: Authorizer, change: patch.Change) -> None:
    arn = change.value or ""
    arns = authorizer.provider_arns
    if change.op == "add":
        if arn and arn not in arns:
            arns.append(arn)
    elif arn in arns:
        arns.remove(arn)


def _optional(value: str | None) -> str | None:
    return value or None


_R = ("replace",)
UPDATE = patch.PatchTable(
    patch.Rule(_R, "/name", patch.setter("name")),
    patch.Rule(_R, "/type", _set_type),
    patch.Rule(_R, "/authType", patch.setter("auth_type", _optional)),
    patch.Rule(_R, "/authorizerUri", patch.setter("authorizer_uri", _optional)),
    patch.Rule(_R, "/authorizerCredentials", patch.setter("authorizer_credentials", _optional)),
    patch.Rule(_R, "/identitySource", patch.setter("identity_source", _optional)),
    patch.Rule(
        _R,
        "/identityValidationExpression",
        patch.setter("identity_validation_expression", _optional),
    ),
    patch.Rule(_R, "/authorizerResultTtlInSeconds", _set_ttl),
    patch.Rule(("add", "remove"), "/providerARNs", _patch_provider),
    unknown_op=patch.choose_supported,
    wrong_op=patch.choose_supported,
)


# ------------------------------------------------------------------------------ test invoke

_REQUEST_ID = "test-request"


@operation("TestInvokeAuthorizer")
def test_invoke_authorizer(state: ApiGatewayState, params: Params) -> Result:
    api, authorizer = lookups.authorizer(state, params["restApiId"], params["authorizerId"])
    log = _Log(authorizer)
    identity, refused = _identity(authorizer, params)
    if identity is not None:
        log.line(f"Incoming identity: {_masked(identity)}")
    if refused is not None:
        log.line(refused)
        log.line("Unauthorized request: " + _REQUEST_ID)
        return log.result(401)
    decision = api.authorizer_decisions.get(authorizer.id)
    if decision is None:
        log.line(
            "Execution failed due to configuration error: Authorizer error (mockgw: the test "
            "registered no decision for this authorizer)"
        )
        log.line("AuthorizerConfigurationException")
        return log.result(500)
    if authorizer.type != COGNITO:
        log.line(f"Endpoint request URI: {_lambda_endpoint(state, authorizer)}")
        event = _event(state, api, authorizer, identity, params)
        log.line(f"Endpoint request body after transformations: {event}")
    if decision.effect == "Unauthorized":
        log.line("Unauthorized request: " + _REQUEST_ID)
        return log.result(401)
    if authorizer.type == COGNITO:
        log.line("Successfully completed authorizer execution")
        return {**log.result(200), "claims": dict(decision.claims)}
    policy = _policy(state, api, decision)
    result = json.dumps(_lambda_result(decision, policy))
    log.line(f"Authorizer result body before parsing: {result}")
    log.line(f"Using valid authorizer policy for principal: {_masked(decision.principal_id)}")
    log.line("Successfully completed authorizer execution")
    return {
        **log.result(200),
        "principalId": decision.principal_id,
        "policy": json.dumps(policy),
    }


class _Log:
    """TestInvokeAuthorizer's ``log`` in AWS's form."""

    def __init__(self, authorizer: Authorizer) -> None:
        self.lines = [f"Execution log for request {_REQUEST_ID}"]
        self.line(f"Starting authorizer: {authorizer.id} for request: {_REQUEST_ID}")

    def line(self, text: str) -> None:
        stamp = clock.now()
        moment = _dt.datetime.fromtimestamp(stamp, tz=_dt.timezone.utc)
        self.lines.append(f"{moment.strftime('%a %b %d %H:%M:%S UTC %Y')} : {text}")

    def result(self, status: int) -> dict[str, Any]:
        return {"clientStatus": status, "log": "\n".join(self.lines) + "\n", "latency": 0}


def _identity(authorizer: Authorizer, params: Params) -> tuple[str | None, str | None]:
    """The identity the authorizer reads from TestInvokeAuthorizer's request, and why the call
    is refused before the authorizer runs (records/authorizers.py)."""
    sources = Sources(
        headers={k.lower(): v for k, v in (params.get("headers") or {}).items()},
        query=_query(params.get("pathWithQueryString") or ""),
        stage_variables=params.get("stageVariables") or {},
        context=params.get("additionalContext") or {},
    )
    return identity(authorizer, sources)


def _query(path: str) -> dict[str, str]:
    return dict(parse_qsl(path.partition("?")[2], keep_blank_values=True))


def _masked(text: str) -> str:
    """AWS shows only the end of an identity in its logs."""
    return "*" * max(0, len(text) - 4) + text[-4:] if len(text) > 4 else "****"


def _method_arn(state: ApiGatewayState, api: RestApi) -> str:
    return (
        f"arn:{state.partition}:execute-api:{state.region}:{state.account_id}:{api.id}"
        "/ESTestInvoke-stage/GET/"
    )


def _policy(state: ApiGatewayState, api: RestApi, decision: Decision) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Action": "execute-api:Invoke",
                "Effect": decision.effect,
                "Resource": [_method_arn(state, api)],
            }
        ],
    }


def _lambda_result(decision: Decision, policy: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {"principalId": decision.principal_id, "policyDocument": policy}
    if decision.context:
        result["context"] = dict(decision.context)
    if decision.usage_identifier_key is not None:
        result["usageIdentifierKey"] = decision.usage_identifier_key
    return result


def _lambda_endpoint(state: ApiGatewayState, authorizer: Authorizer) -> str:
    uri = authorizer.authorizer_uri or ""
    path = uri.partition(":lambda:path")[2]
    return f"https://lambda.{state.region}.amazonaws.com{path}"


def _event(
    state: ApiGatewayState,
    api: RestApi,
    authorizer: Authorizer,
    identity: str | None,
    params: Params,
) -> str:
    if authorizer.type == TOKEN:
        event: dict[str, Any] = {
            "type": "TOKEN",
            "methodArn": _method_arn(state, api),
            "authorizationToken": identity,
        }
    else:
        event = {
            "type": "REQUEST",
            "methodArn": _method_arn(state, api),
            "headers": dict(params.get("headers") or {}),
            "queryStringParameters": _query(params.get("pathWithQueryString") or ""),
            "stageVariables": dict(params.get("stageVariables") or {}),
        }
    return json.dumps(event)
