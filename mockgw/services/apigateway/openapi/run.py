"""Running a :class:`~.read.Plan` as calls through API Gateway's operation table, on a scratch
copy of the REST API, then committing it: the rules a document meets are the handlers' own.

- ImportRestApi (:func:`import_api`): CreateRestApi on a scratch state (without the ``Empty``
  and ``Error`` models a new API has: an imported API has only the document's, recorded), then
  the document's calls; committed, the API joins the state.
- PutRestApi (:func:`put_api`): the calls run on a draft of the API (UpdateRestApi for its
  settings). ``merge`` (the default) adds the document's definitions to the API's, a method the
  document defines replacing the API's whole, a model, validator or authorizer of the same name
  updated in place; ``overwrite`` first deletes every method, the resources the document does
  not reach, the models, validators, authorizers, customized gateway responses and (unless
  documentation is ignored) documentation parts, so the API is the document's (a resource at a
  path the document keeps keeps its id, recorded). The API's id, creation date, root resource,
  tags, stages and deployments stay; committed, the draft's definitions become the API's.

A call the handler refuses is an error, worded as AWS words them (recorded: ``Unable to create
resource at path '<path>': <message>``, ``Unable to put method '<METHOD>' on resource at path
'<path>': <message>``, ``Unable to put integration on '<METHOD>' for resource at path '<path>':
<message>``, ``Unable to create model for '<name>': <message>``, ``Unable to create Authorizer
'<name>': <message>``; mockgw's, in the same form, for method responses, integration responses,
request validators, gateway responses, the API's settings and documentation). Parameters the
model refuses are refused with the model's validation text, as the call itself would be. A
model that could not be made is left out of the methods naming it with AWS's warning
``Reference to model '<name>' not found. Ignoring.`` (recorded).

Errors fail the call: 400 ``Errors found during import:\\n\\t<error>...`` then, when there are
warnings, ``\\nAdditionally, these warnings were found:\\n\\t<warning>...`` (AWS's form, recorded);
with ``failOnWarnings``, warnings fail it too: ``Warnings found during import:\\n\\t<warning>...``.
A failed call changes nothing: the scratch API is dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from mockgw import errors
from mockgw.errors import ServiceError
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Result
from mockgw.services.apigateway.openapi import settings, table
from mockgw.services.apigateway.openapi.read import MethodPlan, Plan
from mockgw.services.apigateway.records.models import DEFAULT_MODELS
from mockgw.services.apigateway.records.rest_apis import RestApi
from mockgw.services.apigateway.state import REST_API, ApiGatewayState

CANONICAL = "https://apigateway.amazonaws.com/restapis/{api}/models/{name}"
#: the draft's fields PutRestApi changes (committed onto the live API)
DEFINITION_FIELDS = (
    "name",
    "description",
    "version",
    "binary_media_types",
    "minimum_compression_size",
    "api_key_source",
    "endpoint_configuration",
    "policy",
    "disable_execute_api_endpoint",
    "resources",
    "models",
    "request_validators",
    "authorizers",
    "authorizer_decisions",
    "gateway_responses",
    "documentation_parts",
)


def import_api(
    state: ApiGatewayState, plan: Plan, parameters: Mapping[str, str], *, fail_on_warnings: bool
) -> tuple[RestApi, list[str]]:
    """ImportRestApi: the new REST API (committed to ``state``) and the warnings."""
    scratch = _scratch(state)
    for api_id in state.rest_apis.ids():  # new ids are unique among the state's
        scratch.rest_apis.add(api_id, state.rest_apis.get(api_id))  # type: ignore[arg-type]
    runner = _Runner(scratch, plan)
    created = runner.call(
        "CreateRestApi", settings.create_params(plan, parameters), "Unable to create API"
    )
    assert created is not None  # a refused CreateRestApi raised
    api = scratch.rest_apis.get(created["id"])
    assert api is not None
    runner.api_id = api.id
    for name, _, _ in DEFAULT_MODELS:
        runner.call("DeleteModel", {"restApiId": api.id, "modelName": name}, "Unable to import")
    runner.build(overwrite=False, documentation_mode="merge")
    runner.finish(fail_on_warnings)
    state.rest_apis.add(api.id, api)
    state.addresses.publish(REST_API, api.id)
    return api, runner.warnings


def put_api(
    state: ApiGatewayState,
    api: RestApi,
    plan: Plan,
    *,
    mode: str,
    fail_on_warnings: bool,
) -> list[str]:
    """PutRestApi: ``api`` becomes what the document makes of it; the warnings."""
    draft = patch.draft(
        api,
        "binary_media_types",
        "endpoint_configuration",
        "resources",
        "models",
        "request_validators",
        "authorizers",
        "authorizer_decisions",
        "gateway_responses",
        "documentation_parts",
    )
    scratch = _scratch(state)
    scratch.rest_apis.add(draft.id, draft)
    runner = _Runner(scratch, plan)
    runner.api_id = draft.id
    overwrite = mode == "overwrite"
    operations = settings.update_operations(draft, plan, overwrite)
    if operations:
        runner.call(
            "UpdateRestApi",
            {"restApiId": draft.id, "patchOperations": operations},
            "Unable to update the API",
        )
    runner.build(overwrite=overwrite, documentation_mode=mode)
    runner.finish(fail_on_warnings)
    patch.commit(api, draft, *DEFINITION_FIELDS)
    return runner.warnings


def _scratch(state: ApiGatewayState) -> ApiGatewayState:
    """A state to run the document's calls in: the account's VPC links and client
    certificates are the state's (integrations and stages name them), nothing is published."""
    scratch = ApiGatewayState(state.account_id, state.region)
    scratch.vpc_links = state.vpc_links
    scratch.client_certificates = state.client_certificates
    return scratch


# ------------------------------------------------------------------------------ the runner


class _Runner:
    def __init__(self, scratch: ApiGatewayState, plan: Plan) -> None:
        self.scratch = scratch
        self.plan = plan
        self.api_id = ""
        self.errors = list(plan.errors)
        self.warnings = list(plan.warnings)
        self.handlers = table.handlers()
        self.failed_models: set[str] = set()

    def call(self, operation: str, params: dict[str, Any], failure: str) -> Result | None:
        """Run one operation on the scratch state; None (and an error) when it is refused.
        A refused CreateRestApi ends the import."""
        refused = table.refused(operation, params)
        result: Result = None
        if refused is None:
            try:
                result = self.handlers[operation](self.scratch, params) or {}
            except ServiceError as error:
                refused = error.message
        if refused is not None:
            self.errors.append(f"{failure}: {refused}")
            if operation == "CreateRestApi":
                self.finish(False)  # raises
            return None
        return result

    def finish(self, fail_on_warnings: bool) -> None:
        """Raise AWS's error when the import failed (or warned, with ``failOnWarnings``)."""
        if self.errors:
            message = "Errors found during import:\n\t" + "\n\t".join(self.errors)
            if self.warnings:
                message += "\nAdditionally, these warnings were found:\n\t" + "\n\t".join(
                    self.warnings
                )
            raise errors.bad_request(message)
        if self.warnings and fail_on_warnings:
            raise errors.bad_request(
                "Warnings found during import:\n\t" + "\n\t".join(self.warnings)
            )

    @property
    def api(self) -> RestApi:
        found = self.scratch.rest_apis.get(self.api_id)
        assert found is not None
        return found

    # ------------------------------------------------------------------ steps

    def build(self, *, overwrite: bool, documentation_mode: str) -> None:
        if overwrite:
            self._clear()
        self._models()
        validators = self._named(
            self.plan.validators.values(),
            self.api.request_validators.values(),
            "CreateRequestValidator",
            "UpdateRequestValidator",
            "requestValidatorId",
            "Unable to create request validator",
        )
        authorizers = self._named(
            self.plan.authorizers,
            self.api.authorizers.values(),
            "CreateAuthorizer",
            "UpdateAuthorizer",
            "authorizerId",
            "Unable to create Authorizer",
        )
        for params in self.plan.gateway_responses:
            self.call(
                "PutGatewayResponse",
                {"restApiId": self.api_id, **params},
                f"Unable to put gateway response '{params['responseType']}'",
            )
        resources = self._resources()
        for method in self.plan.methods:
            resource_id = resources.get(method.path)
            if resource_id is not None:
                self._method(method, resource_id, validators, authorizers)
        self._documentation(documentation_mode, overwrite)

    def _clear(self) -> None:
        api = self.api
        for resource in list(api.resources.values()):
            for http_method in list(resource.methods):
                self._delete("DeleteMethod", resourceId=resource.id, httpMethod=http_method)
        needed = {"/"}
        for path in self.plan.paths:
            parts = [p for p in path.split("/") if p]
            needed.update("/" + "/".join(parts[:i]) for i in range(1, len(parts) + 1))
        for resource in list(api.resources.values()):
            parent = api.resources.get(resource.parent_id or "")
            if parent is not None and resource.path not in needed and parent.path in needed:
                self._delete("DeleteResource", resourceId=resource.id)
        for found in list(api.models.values()):
            self._delete("DeleteModel", modelName=found.name)
        for validator in list(api.request_validators.values()):
            self._delete("DeleteRequestValidator", requestValidatorId=validator.id)
        for authorizer in list(api.authorizers.values()):
            self._delete("DeleteAuthorizer", authorizerId=authorizer.id)
        for response in list(api.gateway_responses.values()):
            self._delete("DeleteGatewayResponse", responseType=response.response_type)

    def _delete(self, operation: str, **params: str) -> None:
        self.call(operation, {"restApiId": self.api_id, **params}, "Unable to overwrite the API")

    def _models(self) -> None:
        prefix = "#/definitions/" if self.plan.swagger else "#/components/schemas/"
        for found in self.plan.models:
            schema = json.dumps(_canonical(found.schema, prefix, self.api_id))
            failure = f"Unable to create model for '{found.name}'"
            if found.name in self.api.models:
                operations = [{"op": "replace", "path": "/schema", "value": schema}]
                if found.description is not None:
                    operations.append(
                        {"op": "replace", "path": "/description", "value": found.description}
                    )
                params: dict[str, Any] = {
                    "restApiId": self.api_id,
                    "modelName": found.name,
                    "patchOperations": operations,
                }
                done = self.call("UpdateModel", params, failure)
            else:
                params = {
                    "restApiId": self.api_id,
                    "name": found.name,
                    "contentType": "application/json",
                    "schema": schema,
                }
                if found.description is not None:
                    params["description"] = found.description
                done = self.call("CreateModel", params, failure)
            if done is None:
                self.failed_models.add(found.name)

    def _named(
        self,
        wanted: Iterable[dict[str, Any]],
        existing: Iterable[Any],
        create: str,
        update: str,
        id_member: str,
        failure: str,
    ) -> dict[str, str]:
        """Create (or, when one of the same name exists, update) request validators or
        authorizers; their ids by name."""
        by_name = {item.name: item for item in existing}
        ids: dict[str, str] = {}
        for params in wanted:
            name = params["name"]
            where = f"{failure} '{name}'"
            if name in by_name:
                item = by_name[name]
                arguments = {
                    "restApiId": self.api_id,
                    id_member: item.id,
                    "patchOperations": _update_operations(params, item),
                }
                if self.call(update, arguments, where) is not None:
                    ids[name] = item.id
            else:
                created = self.call(create, {"restApiId": self.api_id, **params}, where)
                if created is not None:
                    ids[name] = created["id"]
        return ids

    def _resources(self) -> dict[str, str]:
        """Every resource path of the document, created where missing; ids by path (a path
        that could not be made is left out)."""
        api = self.api
        children = {(r.parent_id, r.path_part): r.id for r in api.resources.values()}
        paths = {"/": api.root_resource_id}
        for path in self.plan.paths:
            parent, built = api.root_resource_id, ""
            for part in (p for p in path.split("/") if p):
                built += "/" + part
                found = children.get((parent, part))
                if found is None:
                    created = self.call(
                        "CreateResource",
                        {"restApiId": self.api_id, "parentId": parent, "pathPart": part},
                        f"Unable to create resource at path '{path}'",
                    )
                    if created is None:
                        break
                    found = children[(parent, part)] = created["id"]
                paths[built] = parent = found
        return paths

    def _method(
        self,
        method: MethodPlan,
        resource_id: str,
        validators: Mapping[str, str],
        authorizers: Mapping[str, str],
    ) -> None:
        where = {"restApiId": self.api_id, "resourceId": resource_id}
        where["httpMethod"] = method.http_method
        on = f"'{method.http_method}' for resource at path '{method.path}'"
        resource = self.api.resources.get(resource_id)
        if resource is not None and method.http_method in resource.methods:
            self.call("DeleteMethod", dict(where), f"Unable to put method {on}")
        params: dict[str, Any] = {**where, **method.params}
        if "requestModels" in params:
            params["requestModels"] = self._known_models(params["requestModels"])
        if method.authorizer is not None:
            authorizer_id = authorizers.get(method.authorizer)
            if authorizer_id is None:  # it could not be made: an error already
                return
            params["authorizerId"] = authorizer_id
        if method.validator is not None and method.validator in validators:
            params["requestValidatorId"] = validators[method.validator]
        failure = f"Unable to put method '{method.http_method}' on resource at path '{method.path}'"
        if self.call("PutMethod", params, failure) is None:
            return
        for response in method.responses:
            response = {**where, **response}
            if "responseModels" in response:
                response["responseModels"] = self._known_models(response["responseModels"])
            self.call("PutMethodResponse", response, f"Unable to put method response on {on}")
        if method.integration_error is not None:
            self.errors.append(f"Unable to put integration on {on}: {method.integration_error}")
            return
        if method.integration is None:
            return
        if (
            self.call(
                "PutIntegration",
                {**where, **method.integration},
                f"Unable to put integration on {on}",
            )
            is None
        ):
            return
        for response in method.integration_responses:
            self.call(
                "PutIntegrationResponse",
                {**where, **response},
                f"Unable to put integration response on {on}",
            )

    def _known_models(self, models: Mapping[str, str]) -> dict[str, str]:
        kept = {}
        for content_type, name in models.items():
            if name in self.failed_models:
                self.warnings.append(f"Reference to model '{name}' not found. Ignoring.")
            else:
                kept[content_type] = name
        return kept

    def _documentation(self, mode: str, overwrite: bool) -> None:
        documentation = self.plan.documentation
        if documentation is None and not overwrite:
            return
        if documentation is None:
            if self.plan.documentation_ignored:
                return
            documentation = {"documentationParts": []}
        body = json.dumps({"x-amazon-apigateway-documentation": documentation}).encode()
        params = {"restApiId": self.api_id, "body": body, "mode": mode}
        done = self.call("ImportDocumentationParts", params, "Unable to import documentation")
        if done is not None:
            self.warnings.extend(done.get("warnings") or ())


def _update_operations(params: Mapping[str, Any], item: Any) -> list[dict[str, str]]:
    """The patch operations that give a request validator or authorizer ``params``."""
    operations = []
    for member, value in params.items():
        if member == "name":
            continue
        if member == "providerARNs":
            current = list(getattr(item, "provider_arns", []))
            operations += [
                {"op": "remove", "path": "/providerARNs", "value": arn}
                for arn in current
                if arn not in value
            ]
            operations += [
                {"op": "add", "path": "/providerARNs", "value": arn}
                for arn in value
                if arn not in current
            ]
            continue
        shown = ("true" if value else "false") if isinstance(value, bool) else str(value)
        operations.append({"op": "replace", "path": f"/{member}", "value": shown})
    return operations


def _canonical(node: Any, prefix: str, api_id: str) -> Any:
    """A schema with its references to the document's models made canonical."""
    if isinstance(node, list):
        return [_canonical(item, prefix, api_id) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str) and value.startswith(prefix):
            name = value[len(prefix) :].replace("~1", "/").replace("~0", "~")
            out[key] = CANONICAL.format(api=api_id, name=name)
        else:
            out[key] = _canonical(value, prefix, api_id)
    return out
