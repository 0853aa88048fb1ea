"""Fields resolved as AppSync resolves them: auth directives first, then the field's resolver
(UNIT or PIPELINE, VTL templates or ``APPSYNC_JS`` code, on :mod:`mockgw.templates`), its
data sources called; a field without a resolver reads its parent's value (root fields: null).

The run of a resolver (AppSync developer guide, resolver and pipeline references):

- UNIT: request template/handler -> data source -> response template/handler, with
  ``ctx.result`` and ``ctx.error`` set from the data source. A data source's error is not
  raised on its own: the response decides (``util.error(ctx.error.message, ctx.error.type)``).
- PIPELINE: the resolver's request ("before"; its result is the first function's
  ``ctx.prev.result``), each function as a unit resolver with ``ctx.prev.result`` the previous
  result, then the resolver's response ("after") with ``ctx.prev.result`` (and ``ctx.result``)
  the last function's result. One stash for the whole run.
- ``#return`` / ``runtime.earlyReturn`` in a request skips its data source and response (in a
  pipeline function: that function only; in the resolver's request: the whole pipeline).
- ``util.error`` ends the field: null, with the error entry; ``util.appendError`` adds an entry
  and the field still resolves; ``util.unauthorized`` gives the auth denial's entry.
- A Lambda resolver with neither templates nor code is a *direct* resolver: the function gets
  the whole context (``arguments``, ``identity``, ``source``, ``request``, ``prev``, ``info``,
  ``stash``) and its error is raised (``Lambda:Unhandled``).

Data sources: NONE returns the request's ``payload``. Every other type calls the Python
callable the test registered for it (``Mock.register_data_source``): an AWS_LAMBDA stand-in
receives the request's ``payload`` (the function's event), any other type the whole request
the template or code produced; what it returns is ``ctx.result``. An exception it raises is
``ctx.error``: ``{"message": str(exception), "type": "Lambda:Unhandled"}`` for Lambda (AppSync's
type for a function that throws), ``"<Service>:<ExceptionClassName>"`` for the others
(``DynamoDB:ConditionalCheckFailedException``). mockgw's choices:

- an unregistered data source is the field's error entry, errorType
  ``MockgwDataSourceNotRegistered``, naming the data source and the call that registers it;
- ``util.error`` without a type gives errorType ``CustomTemplateException``; a template that
  fails on its own (a JSON document that does not parse, an exception) gives
  ``MappingTemplate`` (VTL) or ``Code`` (``APPSYNC_JS``) with the engine's message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from mockgw import templates
from mockgw.errors import MockgwError
from mockgw.services.appsync.endpoint.access import Access
from mockgw.services.appsync.endpoint.extras import StandIns
from mockgw.services.appsync.graphql import auth
from mockgw.services.appsync.graphql.execute import FieldCall, FieldError
from mockgw.services.appsync.records.data_sources import DataSource
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.records.resolvers import resolver_key

NOT_REGISTERED = "MockgwDataSourceNotRegistered"
DEFAULT_ERROR_TYPE = "CustomTemplateException"
_SERVICE_PREFIX = {
    "AMAZON_DYNAMODB": "DynamoDB",
    "AMAZON_ELASTICSEARCH": "OpenSearch",
    "AMAZON_OPENSEARCH_SERVICE": "OpenSearch",
    "HTTP": "HTTP",
    "RELATIONAL_DATABASE": "RDS",
    "AMAZON_EVENTBRIDGE": "EventBridge",
    "AMAZON_BEDROCK_RUNTIME": "Bedrock",
}


@dataclass
class Caller:
    """What every field of one request shares."""

    api: GraphqlApi
    schema_sdl: str
    access: Access
    headers: dict[str, str]
    stand_ins: StandIns
    #: a Merged API's source APIs, in association order (empty for any other API)
    sources: tuple[GraphqlApi, ...] = ()


def resolve(caller: Caller, call: FieldCall) -> Any:
    """The value of one field, or :class:`FieldError`."""
    api = caller.api
    rule = auth.rule_for(caller.schema_sdl, call.parent_type, call.field_name)
    if not rule.allows(caller.access.mode, caller.access.groups, api.authentication_type):
        raise FieldError(auth.denial(call.parent_type, call.field_name), "Unauthorized")
    key = resolver_key(call.parent_type, call.field_name)
    resolver = api.resolvers.get(key)
    owner = caller
    if resolver is None:  # a Merged API's field: the first source API that resolves it
        for source_api in caller.sources:
            resolver = source_api.resolvers.get(key)
            if resolver is not None:
                owner = replace(caller, api=source_api, sources=())
                break
    if resolver is None:
        source = call.source
        return source.get(call.field_name) if isinstance(source, dict) else None
    return _Run(owner, call).resolver(resolver)


def _parse(text: str | None, engine: str) -> Any:
    """A template's output as the JSON value AppSync reads from it (blank: null)."""
    if text is None or not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError as error:
        raise FieldError(f"Unable to parse the JSON document: '{error}'", engine) from None


def _returned(text: str | None) -> Any:
    """The value of ``#return(...)`` / ``runtime.earlyReturn(...)``."""
    if text is None or text == "":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text  # ``#return("text")`` hands back the string itself


@dataclass
class _Step:
    """One request/response evaluation's outcome: a value, or an early return."""

    value: Any
    early: bool = False


@dataclass
class _Run:
    caller: Caller
    call: FieldCall
    stash: dict[str, Any] = field(default_factory=dict)
    _info: dict[str, Any] | None = None

    # ------------------------------------------------------------------ context
    def info(self) -> dict[str, Any]:
        if self._info is None:
            self._info = {
                "fieldName": self.call.field_name,
                "parentTypeName": self.call.parent_type,
                "variables": dict(self.call.variables or {}),
                "selectionSetList": self.call.selection_list(),
                "selectionSetGraphQL": self.call.selection_graphql(),
            }
        return self._info

    def context(self, *, result: Any = None, error: Any = None, prev: Any = None) -> dict[str, Any]:
        return {
            "arguments": self.call.arguments,
            "source": self.call.source,
            "result": result,
            "error": error,
            "identity": self.caller.access.identity,
            "request": {"headers": dict(self.caller.headers), "domainName": None},
            "info": self.info(),
            "stash": self.stash,
            "prev": {"result": prev},
            "env": dict(self.caller.api.environment_variables),
        }

    # ------------------------------------------------------------------ evaluation
    def evaluate(
        self, code: str | None, template: str | None, function: str, context: dict[str, Any]
    ) -> _Step:
        """Run ``function`` of ``code`` (APPSYNC_JS) or ``template`` (VTL)."""
        if code is not None:
            outcome = templates.evaluate_js(code, context, function)
            engine = "Code"
        else:
            outcome = templates.evaluate_vtl(template or "", context)
            engine = "MappingTemplate"
        self.stash = outcome.stash
        for entry in outcome.out_errors:
            self.call.appended.append(
                self.call.entry(
                    entry.get("message") or "",
                    entry.get("errorType") or DEFAULT_ERROR_TYPE,
                    entry.get("data"),
                    entry.get("errorInfo"),
                )
            )
        failure = outcome.error
        if failure is not None:
            if not failure.deliberate:
                raise FieldError(failure.message, engine)
            if failure.error_type == "Unauthorized" and failure.message == "Unauthorized":
                raise FieldError(
                    auth.denial(self.call.parent_type, self.call.field_name), "Unauthorized"
                )
            raise FieldError(
                failure.message,
                failure.error_type or DEFAULT_ERROR_TYPE,
                failure.data,
                failure.error_info,
            )
        if outcome.returned:
            return _Step(_returned(outcome.result), early=True)
        if code is not None:
            return _Step(json.loads(outcome.result or "null"))
        return _Step(_parse(outcome.result, engine))

    # ------------------------------------------------------------------ resolvers
    def resolver(self, resolver: Any) -> Any:
        if resolver.kind == "PIPELINE":
            return self.pipeline(resolver)
        source = self.data_source(resolver.data_source_name)
        return self.unit(
            source,
            resolver.code,
            resolver.request_mapping_template,
            resolver.response_mapping_template,
            prev=None,
        ).value

    def unit(
        self,
        source: DataSource,
        code: str | None,
        request_template: str | None,
        response_template: str | None,
        prev: Any,
    ) -> _Step:
        direct = code is None and request_template is None
        if direct:
            if source.type != "AWS_LAMBDA":
                raise FieldError(
                    f"The resolver of {self.call.parent_type}.{self.call.field_name} has no "
                    f"request mapping template and its data source {source.name} is not "
                    "AWS_LAMBDA.",
                    "MappingTemplate",
                )
            request: Any = self.direct_payload(prev)
        else:
            step = self.evaluate(code, request_template, "request", self.context(prev=prev))
            if step.early:
                return step
            request = step.value
        result, error = self.invoke(source, request, direct)
        if code is None and response_template is None:
            if error is not None:
                raise FieldError(error["message"], error["type"])
            return _Step(result)
        context = self.context(result=result, error=error, prev=prev)
        return self.evaluate(code, response_template, "response", context)

    def pipeline(self, resolver: Any) -> Any:
        api = self.caller.api
        if resolver.code is None and resolver.request_mapping_template is None:
            prev: Any = {}
        else:
            before = self.evaluate(
                resolver.code, resolver.request_mapping_template, "request", self.context()
            )
            if before.early:
                return before.value
            prev = before.value
        for function_id in resolver.functions or ():
            function = api.functions.get(function_id)
            if function is None:
                raise FieldError(f"No function found with id {function_id}.", "MappingTemplate")
            source = self.data_source(function.data_source_name)
            prev = self.unit(
                source,
                function.code,
                function.request_mapping_template,
                function.response_mapping_template,
                prev,
            ).value
        if resolver.code is None and resolver.response_mapping_template is None:
            return prev
        after = self.evaluate(
            resolver.code,
            resolver.response_mapping_template,
            "response",
            self.context(result=prev, prev=prev),
        )
        return after.value

    # ------------------------------------------------------------------ data sources
    def data_source(self, name: str | None) -> DataSource:
        found = self.caller.api.data_sources.get(name) if name is not None else None
        if found is None:
            raise FieldError(f"No data source found named {name}", "MappingTemplate")
        return found

    def direct_payload(self, prev: Any) -> dict[str, Any]:
        context = self.context(prev=prev)
        return {
            key: context[key]
            for key in ("arguments", "identity", "source", "request", "prev", "info", "stash")
        }

    def invoke(
        self, source: DataSource, request: Any, direct: bool
    ) -> tuple[Any, dict[str, Any] | None]:
        if source.type == "NONE":
            return (request.get("payload") if isinstance(request, dict) else None), None
        api_id = self.caller.api.api_id
        handler = self.caller.stand_ins.handler(api_id, source.name)
        if handler is None:
            raise FieldError(
                f"mockgw cannot call data source {source.name} ({source.type}) of API {api_id}: "
                f"register a stand-in with Mock.register_data_source({api_id!r}, "
                f"{source.name!r}, handler).",
                NOT_REGISTERED,
            )
        argument = request
        if source.type == "AWS_LAMBDA" and not direct and isinstance(request, dict):
            argument = request.get("payload")
        try:
            value = handler(argument)
        except Exception as error:  # the data source failed: the response template decides
            kind = (
                "Lambda:Unhandled"
                if source.type == "AWS_LAMBDA"
                else f"{_SERVICE_PREFIX.get(source.type, source.type)}:{type(error).__name__}"
            )
            return None, {"message": str(error), "type": kind}
        try:
            return json.loads(json.dumps(value)), None
        except (TypeError, ValueError):
            raise MockgwError(
                f"the stand-in for data source {source.name} of API {api_id} returned "
                f"{value!r}, which is not JSON data (dicts, lists, strings, numbers, booleans, "
                "None)"
            ) from None
