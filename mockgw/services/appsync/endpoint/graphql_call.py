"""A call to a GraphQL API's endpoint: ``POST https://{apiId}.appsync-api.{region}.amazonaws.com
/graphql`` with ``{"query", "variables", "operationName"}``.

In order: the caller is identified (:mod:`.access`; a refusal is 401), the body is read (AppSync's
400s, as the AppSync team describes them in graphql/graphql-over-http#81: an empty body is
MalformedHttpRequestException ``Request body is empty.``; a body that is not a JSON object with a
``query`` string, or a query that does not parse, is MalformedHttpRequestException ``Unable to
parse GraphQL query.``), then the query is validated and executed (:mod:`..graphql.execute`;
HTTP 200, errors in the body) with the API's resolvers (:mod:`.resolving`).

mockgw's choices: only POST is answered (AppSync also takes GET with the query in the query
string, which mockgw's doors do not hand to a data plane): any other method is 400
MalformedHttpRequestException naming the method. An API without a schema answers 200 with
one error entry saying so. ``queryDepthLimit``, ``resolverCountLimit``, caching and WAF are not
applied. With ``introspectionConfig`` DISABLED, a query that reads ``__schema`` or ``__type``
fails validation (graphql-core's text).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from mockgw.services.appsync.endpoint import access, resolving, responses
from mockgw.services.appsync.endpoint.extras import StandIns
from mockgw.services.appsync.graphql import execute
from mockgw.services.appsync.lookups import settle_schema
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.wire.restjson import WireResponse

MALFORMED = "MalformedHttpRequestException"
EMPTY_BODY = "Request body is empty."
UNPARSABLE = "Unable to parse GraphQL query."


def _malformed(message: str, reason: str) -> WireResponse:
    return responses.refusal(400, MALFORMED, message, reason)


def _request(body: bytes) -> tuple[str, dict[str, Any] | None, str | None]:
    """``(query, variables, operationName)``, or ValueError with the reason."""
    document = json.loads(body)
    if not isinstance(document, dict) or not isinstance(document.get("query"), str):
        raise ValueError("the body is not a JSON object with a query string")
    variables = document.get("variables")
    if isinstance(variables, str) and variables.strip():
        variables = json.loads(variables)  # some clients send the variables as JSON text
    if variables in ("", None):
        variables = None
    if variables is not None and not isinstance(variables, dict):
        raise ValueError("variables is not a JSON object")
    name = document.get("operationName")
    if name is not None and not isinstance(name, str):
        raise ValueError("operationName is not a string")
    return document["query"], variables, name or None


def answer(
    api: GraphqlApi,
    stand_ins: StandIns,
    method: str,
    headers: Mapping[str, str],
    body: bytes,
    sources: Sequence[GraphqlApi] = (),
) -> WireResponse:
    """Answer a GraphQL request to ``api`` (``sources``: a Merged API's source APIs, whose
    resolvers answer the fields the Merged API has none for)."""
    try:
        caller = access.identify(
            api.api_id, api.api_keys, access.graphql_providers(api), None, headers
        )
    except access.Refused as refused:
        return responses.refusal(401, "UnauthorizedException", refused.message, refused.reason)
    if method.upper() != "POST":
        return _malformed(
            f"mockgw answers GraphQL requests sent with POST, not {method.upper()}.",
            "mockgw's GraphQL endpoint takes POST only",
        )
    if not body.strip():
        return _malformed(EMPTY_BODY, "the request has no body")
    try:
        query, variables, operation_name = _request(body)
    except ValueError as error:
        return _malformed(UNPARSABLE, f"the body is not a GraphQL request: {error}")
    settle_schema(api)
    if api.schema_sdl is None:
        return responses.json_answer(
            200,
            {
                "data": None,
                "errors": [
                    {
                        "path": None,
                        "locations": None,
                        "message": f"GraphQL API {api.api_id} has no schema yet.",
                    }
                ],
            },
        )
    try:
        prepared = execute.prepare(api.schema_sdl, query, api.introspection_config != "DISABLED")
    except execute.Unparsable:
        return _malformed(UNPARSABLE, "the query is not GraphQL")
    lowered = {k.lower(): v for k, v in headers.items()}
    run = resolving.Caller(api, api.schema_sdl, caller, lowered, stand_ins, tuple(sources))
    result = execute.execute(
        prepared, variables, operation_name, lambda call: resolving.resolve(run, call)
    )
    return responses.json_answer(200, result)
