"""Integrations and integration responses: PutIntegration, GetIntegration, UpdateIntegration,
DeleteIntegration, PutIntegrationResponse, GetIntegrationResponse, UpdateIntegrationResponse,
DeleteIntegrationResponse.

Recorded AWS behaviour (LocalStack snapshots validated against AWS): a method without
integration answers ``Invalid Integration identifier specified`` (Get, Delete) and an unknown
status code ``Invalid Response status code specified``; an integration gets
``passthroughBehavior: WHEN_NO_MATCH``, ``timeoutInMillis: 29000``, ``cacheKeyParameters: []``,
``cacheNamespace`` = the resource id and, for HTTP and HTTP_PROXY only, ``connectionType:
INTERNET``; an empty mapping template reads back as null; an
AWS_PROXY integration takes only a Lambda function invocation (``Integrations of type
'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.``).

UpdateIntegration takes the paths AWS documents and Terraform sends: ``replace`` on ``/uri``,
``/httpMethod``, ``/passthroughBehavior``, ``/contentHandling``, ``/connectionType``,
``/connectionId``, ``/credentials``, ``/cacheNamespace``, ``/timeoutInMillis``,
``/tlsConfig/insecureSkipVerification``, ``/integrationTarget`` and ``/responseTransferMode``;
``add``/``remove``/``replace`` on ``/requestParameters/<name>`` and
``/requestTemplates/<content type>`` (``add`` without a value: an input passthrough, read back as
null); ``add``/``remove`` on ``/cacheKeyParameters/<parameter>``. UpdateIntegrationResponse:
``replace`` on ``/selectionPattern`` and ``/contentHandling``, ``add``/``remove``/``replace`` on
``/responseParameters/<name>`` and ``/responseTemplates/<content type>``. The result is checked
as PutIntegration checks its input. Their error texts follow UpdateMethod's recorded ones
(``Invalid patch path <path>``; ``Invalid patch operation specified. Must be one of: [...]``):
mockgw's choice, AWS's are not recorded for these two.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from mockgw import errors
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.methods import (
    Integration,
    IntegrationResponse,
    copied,
    integration_response_view,
    integration_view,
    selection_pattern_problem,
)
from mockgw.services.apigateway.state import ApiGatewayState

PASSTHROUGH_BEHAVIORS = ("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER")
MIN_TIMEOUT, MAX_TIMEOUT = 50, 29000


def _templates(templates: Mapping[str, str | None] | None) -> dict[str, str | None] | None:
    """Mapping templates as AWS stores them: an empty template reads back as null."""
    if templates is None:
        return None
    return {content_type: (t or None) for content_type, t in templates.items()}


def _check_integration(integration: Integration) -> None:
    kind = integration.type
    if kind != "MOCK" and not integration.http_method:
        raise errors.bad_request("Enumeration value for HttpMethod must be non-empty")
    uri = integration.uri
    if kind in ("HTTP", "HTTP_PROXY"):
        if not uri or not re.match(r"^https?://[^/\s]+", uri):
            raise errors.bad_request("Invalid HTTP endpoint specified for URI")
    elif kind in ("AWS", "AWS_PROXY"):
        if not uri or not uri.startswith("arn:"):
            raise errors.bad_request("Invalid ARN specified in the request")
        if ":path/" not in uri and ":action/" not in uri:
            raise errors.bad_request("AWS ARN for integration must contain path or action")
        if kind == "AWS_PROXY" and not _proxy_target(uri):
            raise errors.bad_request(
                "Integrations of type 'AWS_PROXY' currently only supports Lambda function and "
                "Firehose stream invocations."
            )
    if integration.passthrough_behavior not in PASSTHROUGH_BEHAVIORS:
        raise errors.bad_request(
            "Invalid passthrough behavior specified. Valid options are "
            + ",".join(PASSTHROUGH_BEHAVIORS)
        )
    if not MIN_TIMEOUT <= integration.timeout_in_millis <= MAX_TIMEOUT:
        raise errors.bad_request(f"Timeout should be between {MIN_TIMEOUT} ms and {MAX_TIMEOUT} ms")


def _default_connection(kind: str) -> str | None:
    """AWS fills ``connectionType: INTERNET`` in for HTTP and HTTP_PROXY integrations only."""
    return "INTERNET" if kind in ("HTTP", "HTTP_PROXY") else None


def _proxy_target(uri: str) -> bool:
    """Whether ``uri`` is one an AWS_PROXY integration takes: a Lambda function's invocation
    (``...:lambda:path/2015-03-31/functions/<arn>/invocations``, recorded) or a Firehose action
    (``...:firehose:action/...``: AWS's text names Firehose, the form is mockgw's reading)."""
    parts = uri.split(":", 5)
    if len(parts) < 6 or parts[2] != "apigateway":
        return False
    service, target = parts[4], parts[5]
    if service == "lambda":
        return bool(_LAMBDA_INVOCATION.match(target))
    return service == "firehose" and target.startswith("action/")


_LAMBDA_INVOCATION = re.compile(r"^path/2015-03-31/functions/.+/invocations$")


@operation("PutIntegration")
def put_integration(state: ApiGatewayState, params: Params) -> Result:
    _, res, found = lookups.method(state, params)
    kind = params["type"]
    timeout = params.get("timeoutInMillis")
    integration = Integration(
        type=kind,
        http_method=params.get("integrationHttpMethod"),
        uri=params.get("uri"),
        connection_type=params.get("connectionType") or _default_connection(kind),
        connection_id=params.get("connectionId"),
        credentials=params.get("credentials"),
        request_parameters=copied(params.get("requestParameters")),
        request_templates=_templates(params.get("requestTemplates")),
        passthrough_behavior=params.get("passthroughBehavior") or "WHEN_NO_MATCH",
        content_handling=params.get("contentHandling"),
        timeout_in_millis=MAX_TIMEOUT if timeout is None else timeout,
        cache_namespace=params.get("cacheNamespace") or res.id,
        cache_key_parameters=list(params.get("cacheKeyParameters") or ()),
        tls_config=copied(params.get("tlsConfig")),
        response_transfer_mode=params.get("responseTransferMode"),
        integration_target=params.get("integrationTarget"),
    )
    _check_integration(integration)
    lookups.check_connection(state, integration.connection_type, integration.connection_id)
    found.integration = integration  # a second put replaces the integration and its responses
    return integration_view(integration)


@operation("UpdateIntegration")
def update_integration(state: ApiGatewayState, params: Params) -> Result:
    _, integration = lookups.integration(state, params)
    draft = patch.draft(
        integration, "request_parameters", "request_templates", "cache_key_parameters", "tls_config"
    )
    INTEGRATION_UPDATE.apply(draft, params.get("patchOperations"))
    draft.request_parameters = draft.request_parameters or None
    draft.request_templates = draft.request_templates or None
    _check_integration(draft)
    lookups.check_connection(state, draft.connection_type, draft.connection_id)
    patch.commit(integration, draft, *_INTEGRATION_FIELDS)
    return integration_view(integration)


_INTEGRATION_FIELDS = (
    "http_method",
    "uri",
    "connection_type",
    "connection_id",
    "credentials",
    "request_parameters",
    "request_templates",
    "passthrough_behavior",
    "content_handling",
    "timeout_in_millis",
    "cache_namespace",
    "cache_key_parameters",
    "tls_config",
    "response_transfer_mode",
    "integration_target",
)


@operation("GetIntegration")
def get_integration(state: ApiGatewayState, params: Params) -> Result:
    return integration_view(lookups.integration(state, params)[1])


@operation("DeleteIntegration")
def delete_integration(state: ApiGatewayState, params: Params) -> Result:
    found, _ = lookups.integration(state, params)
    found.integration = None
    return None


# ------------------------------------------------------------------------ integration responses


@operation("PutIntegrationResponse")
def put_integration_response(state: ApiGatewayState, params: Params) -> Result:
    _, _, found = lookups.method(state, params)
    if found.integration is None:
        # Real AWS for this call (a 404, unlike CreateDeployment's 400 with the same text).
        raise errors.not_found("No integration defined for method")
    problem = selection_pattern_problem(params.get("selectionPattern"))
    if problem is not None:
        raise errors.bad_request(problem)
    response = IntegrationResponse(
        status_code=params["statusCode"],
        selection_pattern=params.get("selectionPattern"),
        response_parameters=copied(params.get("responseParameters")),
        response_templates=_templates(params.get("responseTemplates")),
        content_handling=params.get("contentHandling"),
    )
    found.integration.responses[response.status_code] = response
    return integration_response_view(response)


def _integration_response(
    state: ApiGatewayState, params: Params, *, method_is_integration: bool
) -> tuple[Integration, IntegrationResponse]:
    if method_is_integration:
        # DeleteIntegrationResponse names an unknown method as a missing integration.
        _, res = lookups.resource(state, params["restApiId"], params["resourceId"])
        if params["httpMethod"] not in res.methods:
            raise errors.not_found("Invalid Integration identifier specified")
    _, integration = lookups.integration(state, params)
    response = integration.responses.get(params["statusCode"])
    if response is None:
        raise errors.not_found("Invalid Response status code specified")
    return integration, response


@operation("GetIntegrationResponse")
def get_integration_response(state: ApiGatewayState, params: Params) -> Result:
    return integration_response_view(
        _integration_response(state, params, method_is_integration=False)[1]
    )


@operation("UpdateIntegrationResponse")
def update_integration_response(state: ApiGatewayState, params: Params) -> Result:
    _, response = _integration_response(state, params, method_is_integration=False)
    draft = patch.draft(response)
    RESPONSE_UPDATE.apply(draft, params.get("patchOperations"))
    if params.get("patchOperations"):
        draft.response_parameters = draft.response_parameters or None
        draft.response_templates = draft.response_templates or None
    patch.commit(response, draft)
    return integration_response_view(response)


@operation("DeleteIntegrationResponse")
def delete_integration_response(state: ApiGatewayState, params: Params) -> Result:
    integration, response = _integration_response(state, params, method_is_integration=True)
    del integration.responses[response.status_code]
    return None


# ------------------------------------------------------------------------------ patch tables


def _wrong_op(ops: tuple[str, ...]) -> Callable[[str, str], errors.ServiceError]:
    def answer(op: str, path: str) -> errors.ServiceError:
        return errors.bad_request(
            f"Invalid patch operation specified. Must be one of: [{', '.join(ops)}]"
        )

    return answer


def _invalid_path(table: patch.PatchTable, op: str, path: str) -> errors.ServiceError:
    return errors.bad_request(f"Invalid patch path {path or 'null'}")


def _rule(ops: tuple[str, ...], path: str, apply: patch.Apply) -> patch.Rule:
    return patch.Rule(ops, path, apply, wrong_op=_wrong_op(ops))


def _entry(attribute: str, *, template: bool) -> patch.Apply:
    """An ``add``/``remove``/``replace`` on one entry of a map attribute (a template: ``~1`` in
    its content type, and an empty one reads back as null)."""

    def apply(target: Any, change: patch.Change) -> None:
        key = patch.unescape(change.args["key"])
        values = dict(getattr(target, attribute) or {})
        if change.op == "remove":
            values.pop(key, None)
        elif template:
            values[key] = change.value or None
        else:
            if not change.value:
                raise errors.bad_request(f"Invalid mapping expression specified: {key}")
            values[key] = change.value
        setattr(target, attribute, values)

    return apply


def _patch_cache_key(integration: Integration, change: patch.Change) -> None:
    key = patch.unescape(change.args["key"])
    keys = integration.cache_key_parameters
    if change.op == "remove":
        if key in keys:
            keys.remove(key)
    elif key not in keys:
        keys.append(key)


def _set_timeout(integration: Integration, change: patch.Change) -> None:
    try:
        integration.timeout_in_millis = int(change.value or "")
    except ValueError:
        raise errors.bad_request(
            f"Timeout should be between {MIN_TIMEOUT} ms and {MAX_TIMEOUT} ms"
        ) from None


def _set_tls(integration: Integration, change: patch.Change) -> None:
    integration.tls_config = {"insecureSkipVerification": str(change.value).lower() == "true"}


def _optional(value: str | None) -> str | None:
    return value or None


_R = ("replace",)
_ARR = patch.ADD_REMOVE_REPLACE
INTEGRATION_UPDATE = patch.PatchTable(
    _rule(_R, "/uri", patch.setter("uri", _optional)),
    _rule(_R, "/httpMethod", patch.setter("http_method", _optional)),
    _rule(_R, "/passthroughBehavior", patch.setter("passthrough_behavior")),
    _rule(_R, "/contentHandling", patch.setter("content_handling", _optional)),
    _rule(_R, "/connectionType", patch.setter("connection_type", _optional)),
    _rule(_R, "/connectionId", patch.setter("connection_id", _optional)),
    _rule(_R, "/credentials", patch.setter("credentials", _optional)),
    _rule(_R, "/cacheNamespace", patch.setter("cache_namespace", _optional)),
    _rule(_R, "/timeoutInMillis", _set_timeout),
    _rule(_R, "/tlsConfig/insecureSkipVerification", _set_tls),
    _rule(_R, "/integrationTarget", patch.setter("integration_target", _optional)),
    _rule(_R, "/responseTransferMode", patch.setter("response_transfer_mode", _optional)),
    _rule(_ARR, "/requestParameters/{key}", _entry("request_parameters", template=False)),
    _rule(_ARR, "/requestTemplates/{key}", _entry("request_templates", template=True)),
    _rule(("add", "remove"), "/cacheKeyParameters/{key}", _patch_cache_key),
    known_ops=patch.OPS,
    unknown_path=_invalid_path,
)
RESPONSE_UPDATE = patch.PatchTable(
    _rule(_R, "/selectionPattern", patch.setter("selection_pattern")),
    _rule(_R, "/contentHandling", patch.setter("content_handling", _optional)),
    _rule(_ARR, "/responseParameters/{key}", _entry("response_parameters", template=False)),
    _rule(_ARR, "/responseTemplates/{key}", _entry("response_templates", template=True)),
    known_ops=patch.OPS,
    unknown_path=_invalid_path,
)
