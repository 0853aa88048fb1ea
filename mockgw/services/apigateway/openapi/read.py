"""Reading an OpenAPI document (2.0 or 3.0) into a :class:`Plan`: the parameters of the calls
that build the REST API it describes (CreateRestApi, CreateModel, CreateRequestValidator,
CreateAuthorizer, PutGatewayResponse, CreateResource, PutMethod, PutMethodResponse,
PutIntegration, PutIntegrationResponse, ImportDocumentationParts), which :mod:`.run` makes.

What a document means, as recorded against AWS (LocalStack's AWS-validated
``test_apigateway_import`` snapshots): the API's name, description and version are ``info``'s
title, description and version (a number as its text); every schema of ``definitions`` /
``components.schemas`` is a model (``application/json``, its ``description`` the model's, its
local references made canonical); a path's template variables are required path parameters
even when not declared; a query string or header parameter is required as declared (false by
default); a request body's or response's ``$ref`` names the model for each of the operation's
``consumes``/``produces`` content types (Swagger; ``application/json`` when there are none) or
of its ``content`` (OpenAPI 3.0); a response's headers are ``method.response.header.<name>:
false``; ``operationId`` is ``operationName``; every scheme with an authorizer extension is an
authorizer, used or not; a ``security`` requirement (the operation's, else the document's)
naming one makes the method CUSTOM (or COGNITO_USER_POOLS, its scopes the method's
``authorizationScopes``); an ``apiKey`` scheme named ``x-api-key`` in the header makes it
``apiKeyRequired``.

Warnings, AWS's texts: ``Reference to model '<name>' not found. Ignoring.``; ``Unsupported model
type '<StringSchema>' in <code> response to method '<METHOD> <path>'. Ignoring.`` (an inline
schema); ``Invalid format for 'requestParameters'. Expected type string for property '<name>' of
resource '<path>' and method '<METHOD>' but got '<value>'`` (the parameter is left out);
``More than one server provided...``. mockgw's texts for the rest (AWS's are not recorded): an
inline request body schema (``... in request body of method ...``), a security requirement
naming no scheme (``Security scheme '<name>' is not defined. Ignoring.``), an unknown request
validator (``Request validator '<name>' is not defined. Ignoring.``), a response code that is
not three digits (``Invalid response status code '<code>' of method '<METHOD> <path>'.
Ignoring.``) and a document without ``info.title`` or ``paths`` (``Parse issue: attribute
info.title is missing``, swagger-parser's form, which AWS's v2 importer is recorded printing).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mockgw import errors
from mockgw.services.apigateway.openapi import extensions as ext
from mockgw.services.apigateway.openapi.document import (
    BASE_PATHS,
    OPERATIONS,
    Document,
    path_variables,
    resource_path,
    schema_type,
)

_LOCATIONS = {"path": "path", "query": "querystring", "header": "header"}
JSON = "application/json"


@dataclass
class ModelPlan:
    name: str
    schema: Any  # the document's schema, local references as written
    description: str | None


@dataclass
class MethodPlan:
    path: str  # the resource path
    http_method: str
    #: PutMethod's parameters but the API, resource and method
    params: dict[str, Any]
    authorizer: str | None = None  # by name
    validator: str | None = None  # by name
    responses: list[dict[str, Any]] = field(default_factory=list)  # PutMethodResponse's
    integration: dict[str, Any] | None = None  # PutIntegration's
    integration_responses: list[dict[str, Any]] = field(default_factory=list)
    #: an error found in the document for this method's integration (its calls are not made)
    integration_error: str | None = None


@dataclass
class Plan:
    name: str | None
    description: str | None
    version: str | None
    api: dict[str, Any]  # CreateRestApi's other parameters found in the document
    models: list[ModelPlan] = field(default_factory=list)
    validators: dict[str, dict[str, Any]] = field(default_factory=dict)  # by name
    authorizers: list[dict[str, Any]] = field(default_factory=list)  # CreateAuthorizer's
    gateway_responses: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # resource paths, in the document's order
    methods: list[MethodPlan] = field(default_factory=list)
    documentation: Any = None  # the documentation extension, when imported
    #: the import's parameters say ``ignore=documentation``
    documentation_ignored: bool = False
    swagger: bool = False  # the document is Swagger (OpenAPI 2.0)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read(data: Any, parameters: Mapping[str, str]) -> Plan:
    """The plan of the document ``data`` (JSON or YAML, loaded), as ``parameters`` (the import's
    ``basepath``, ``ignore``) say to read it."""
    document = Document.of(data)
    mode = parameters.get("basepath", "ignore") or "ignore"
    if mode not in BASE_PATHS:
        raise errors.bad_request(
            "Invalid basepath parameter specified. Valid options are " + ",".join(BASE_PATHS)
        )
    return _Reader(document, mode, parameters).plan


class _Reader:
    def __init__(self, document: Document, mode: str, parameters: Mapping[str, str]) -> None:
        self.document = document
        data = document.data
        given = data.get("info")
        info: dict[str, Any] = given if isinstance(given, dict) else {}
        self.plan = plan = Plan(
            name=_optional_text(info.get("title")),
            description=_optional_text(info.get("description")),
            version=_optional_text(info.get("version")),
            api={},
            swagger=document.swagger,
        )
        if plan.name is None:
            plan.warnings.append("Parse issue: attribute info.title is missing")
        self._api_settings(data)
        self._models()
        self._validators(data)
        self.schemes = document.security_schemes()
        self.api_key_schemes: set[str] = set()
        self.sigv4_schemes: set[str] = set()
        self.cognito: set[str] = set()
        self._authorizers()
        self._gateway_responses(data)
        base = document.base_path(plan.warnings)
        paths = data.get("paths")
        if not isinstance(paths, dict):
            plan.warnings.append("Parse issue: attribute paths is missing")
            paths = {}
        for key, item in paths.items():
            item = document.resolve(item)
            if not isinstance(item, dict):
                continue
            path = resource_path(str(key), base, mode)
            if path not in plan.paths:
                plan.paths.append(path)
            for name, http_method in OPERATIONS.items():
                operation = item.get(name)
                if isinstance(operation, dict):
                    plan.methods.append(self._method(path, http_method, item, operation))
        if "documentation" in str(parameters.get("ignore", "")).split(","):
            plan.documentation_ignored = True
        else:
            plan.documentation = data.get(ext.DOCUMENTATION)

    # ------------------------------------------------------------------ the API

    def _api_settings(self, data: dict[str, Any]) -> None:
        api = self.plan.api
        try:
            if data.get(ext.API_KEY_SOURCE) is not None:
                api["apiKeySource"] = ext.text(data[ext.API_KEY_SOURCE]).upper()
            if data.get(ext.BINARY_MEDIA_TYPES) is not None:
                api["binaryMediaTypes"] = ext.strings(data[ext.BINARY_MEDIA_TYPES])
            if data.get(ext.MINIMUM_COMPRESSION_SIZE) is not None:
                api["minimumCompressionSize"] = ext.integer(data[ext.MINIMUM_COMPRESSION_SIZE])
            policy = data.get(ext.POLICY)
            if policy is not None:
                api["policy"] = policy if isinstance(policy, str) else json.dumps(policy)
            endpoint = data.get(ext.ENDPOINT_CONFIGURATION)
            if isinstance(endpoint, dict):
                if endpoint.get("vpcEndpointIds") is not None:
                    api["vpcEndpointIds"] = ext.strings(endpoint["vpcEndpointIds"])
                if endpoint.get("ipAddressType") is not None:
                    api["ipAddressType"] = ext.text(endpoint["ipAddressType"])
                if endpoint.get("disableExecuteApiEndpoint") is not None:
                    api["disableExecuteApiEndpoint"] = ext.flag(
                        endpoint["disableExecuteApiEndpoint"]
                    )
        except ext.Problem as problem:
            self.plan.errors.append(f"Unable to create the API: {problem}")

    def _models(self) -> None:
        for name, schema in self.document.models().items():
            if not isinstance(schema, dict):
                self.plan.errors.append(
                    f"Unable to create model for '{name}': "
                    "Model schema must have at least 1 property or array items defined"
                )
                continue
            description = schema.get("description")
            self.plan.models.append(
                ModelPlan(str(name), schema, description if isinstance(description, str) else None)
            )

    def _validators(self, data: dict[str, Any]) -> None:
        given = data.get(ext.REQUEST_VALIDATORS)
        if isinstance(given, dict):
            for name, flags in given.items():
                flags = flags if isinstance(flags, dict) else {}
                try:
                    self.plan.validators[str(name)] = {
                        "name": str(name),
                        "validateRequestBody": ext.flag(flags.get("validateRequestBody", False)),
                        "validateRequestParameters": ext.flag(
                            flags.get("validateRequestParameters", False)
                        ),
                    }
                except ext.Problem as problem:
                    self.plan.errors.append(
                        f"Unable to create request validator '{name}': {problem}"
                    )
        default = data.get(ext.REQUEST_VALIDATOR)
        self.default_validator = default if isinstance(default, str) else None

    def _authorizers(self) -> None:
        for name, scheme in self.schemes.items():
            authorizer = scheme.get(ext.AUTHORIZER)
            if isinstance(authorizer, dict):
                try:
                    params = ext.authorizer_params(name, scheme, authorizer)
                except ext.Problem as problem:
                    self.plan.errors.append(f"Unable to create authorizer '{name}': {problem}")
                    continue
                self.plan.authorizers.append(params)
                if params["type"] == "COGNITO_USER_POOLS":
                    self.cognito.add(name)
            elif str(scheme.get(ext.AUTHTYPE, "")).lower() == ext.SIGV4_AUTHTYPE.lower():
                self.sigv4_schemes.add(name)
            elif (
                scheme.get("type") == "apiKey"
                and str(scheme.get("name", "")).lower() == ext.API_KEY_HEADER
                and scheme.get("in") == "header"
            ):
                self.api_key_schemes.add(name)

    def _gateway_responses(self, data: dict[str, Any]) -> None:
        given = data.get(ext.GATEWAY_RESPONSES)
        if not isinstance(given, dict):
            return
        for response_type, value in given.items():
            try:
                params = ext.gateway_response_params(
                    str(response_type), value if isinstance(value, dict) else {}
                )
            except ext.Problem as problem:
                self.plan.errors.append(
                    f"Unable to put gateway response '{response_type}': {problem}"
                )
                continue
            self.plan.gateway_responses.append(params)

    # ------------------------------------------------------------------ methods

    def _method(
        self, path: str, http_method: str, item: dict[str, Any], operation: dict[str, Any]
    ) -> MethodPlan:
        where = f"{http_method} {path}"
        method = MethodPlan(path, http_method, {"authorizationType": "NONE"})
        params = method.params
        if operation.get("operationId") is not None:
            params["operationName"] = str(operation["operationId"])
        self._security(method, operation, where)
        validator = operation.get(ext.REQUEST_VALIDATOR, self.default_validator)
        if isinstance(validator, str):
            if validator in self.plan.validators:
                method.validator = validator
            else:
                self.plan.warnings.append(
                    f"Request validator '{validator}' is not defined. Ignoring."
                )
        request_parameters, request_models = self._parameters(path, item, operation, where)
        if request_parameters:
            params["requestParameters"] = request_parameters
        if request_models:
            params["requestModels"] = request_models
        responses = operation.get("responses")
        if isinstance(responses, dict):
            for code, response in responses.items():
                self._response(method, str(code), self.document.resolve(response), operation, where)
        integration = operation.get(ext.INTEGRATION)
        if isinstance(integration, dict):
            self._integration(method, integration)
        return method

    def _security(self, method: MethodPlan, operation: dict[str, Any], where: str) -> None:
        requirements = operation.get("security", self.document.data.get("security"))
        if not isinstance(requirements, list):
            return
        params = method.params
        for requirement in requirements:
            if not isinstance(requirement, dict):
                continue
            for name, scopes in requirement.items():
                name = str(name)
                if name in self.api_key_schemes:
                    params["apiKeyRequired"] = True
                elif name in self.sigv4_schemes:
                    if method.authorizer is None:
                        params["authorizationType"] = "AWS_IAM"
                elif any(a["name"] == name for a in self.plan.authorizers):
                    if method.authorizer is None:
                        method.authorizer = name
                        cognito = name in self.cognito
                        params["authorizationType"] = "COGNITO_USER_POOLS" if cognito else "CUSTOM"
                        if isinstance(scopes, list) and scopes:
                            params["authorizationScopes"] = [str(s) for s in scopes]
                elif name not in self.schemes:
                    self.plan.warnings.append(f"Security scheme '{name}' is not defined. Ignoring.")

    def _parameters(
        self, path: str, item: dict[str, Any], operation: dict[str, Any], where: str
    ) -> tuple[dict[str, bool], dict[str, str]]:
        declared: dict[tuple[str, str], dict[str, Any]] = {}
        for source in (item.get("parameters"), operation.get("parameters")):
            for parameter in source if isinstance(source, list) else ():
                parameter = self.document.resolve(parameter)
                if isinstance(parameter, dict) and isinstance(parameter.get("name"), str):
                    declared[(str(parameter.get("in")), parameter["name"])] = parameter
        found: dict[str, bool] = {}
        models: dict[str, str] = {}
        for (location, name), parameter in declared.items():
            if location in _LOCATIONS:
                required = location == "path" or parameter.get("required") is True
                found[f"method.request.{_LOCATIONS[location]}.{name}"] = required
            elif location == "body":
                model = self._model_of(parameter.get("schema"), f"request body of method '{where}'")
                if model is not None:
                    for content_type in self._media_types(operation, "consumes"):
                        models[content_type] = model
        for variable in path_variables(path):
            found.setdefault(f"method.request.path.{variable}", True)
        body = self.document.resolve(operation.get("requestBody"))
        if isinstance(body, dict) and isinstance(body.get("content"), dict):
            for content_type, media in body["content"].items():
                schema = media.get("schema") if isinstance(media, dict) else None
                model = self._model_of(schema, f"request body of method '{where}'")
                if model is not None:
                    models[str(content_type)] = model
        return found, models

    def _media_types(self, operation: dict[str, Any], key: str) -> list[str]:
        given = operation.get(key, self.document.data.get(key))
        if isinstance(given, list) and given:
            return [str(t) for t in given]
        return [JSON]

    def _model_of(self, schema: Any, place: str) -> str | None:
        """The model a schema names (a ``$ref``), or None (with a warning when it names none
        or is inline)."""
        if not isinstance(schema, dict):
            return None
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = self.document.model_name(ref)
            if ref.startswith(self.document.model_prefix) and any(
                m.name == name for m in self.plan.models
            ):
                return name
            self.plan.warnings.append(f"Reference to model '{name}' not found. Ignoring.")
            return None
        self.plan.warnings.append(
            f"Unsupported model type '{schema_type(schema)}' in {place}. Ignoring."
        )
        return None

    def _response(
        self,
        method: MethodPlan,
        code: str,
        response: Any,
        operation: dict[str, Any],
        where: str,
    ) -> None:
        if not isinstance(response, dict):
            return
        if len(code) != 3 or not code.isdigit():
            self.plan.warnings.append(
                f"Invalid response status code '{code}' of method '{where}'. Ignoring."
            )
            return
        params: dict[str, Any] = {"statusCode": code}
        headers = response.get("headers")
        if isinstance(headers, dict) and headers:
            params["responseParameters"] = {f"method.response.header.{h}": False for h in headers}
        place = f"{code} response to method '{where}'"
        models: dict[str, str] = {}
        if self.document.swagger:
            model = self._model_of(response.get("schema"), place)
            if model is not None:
                for content_type in self._media_types(operation, "produces"):
                    models[content_type] = model
        elif isinstance(response.get("content"), dict):
            for content_type, media in response["content"].items():
                schema = media.get("schema") if isinstance(media, dict) else None
                model = self._model_of(schema, place)
                if model is not None:
                    models[str(content_type)] = model
        if models:
            params["responseModels"] = models
        method.responses.append(params)

    def _integration(self, method: MethodPlan, given: dict[str, Any]) -> None:
        try:
            params = ext.integration_params(given)
        except ext.Problem as problem:
            method.integration_error = str(problem)
            return
        checked = self._strings(given.get("requestParameters"), "requestParameters", method)
        if checked:
            params["requestParameters"] = checked
        method.integration = params
        responses = given.get("responses")
        for pattern, response in responses.items() if isinstance(responses, dict) else ():
            if not isinstance(response, dict):
                continue
            try:
                entry = ext.integration_response_params(str(pattern), response)
            except ext.Problem as problem:
                method.integration_error = str(problem)
                return
            checked = self._strings(
                response.get("responseParameters"), "responseParameters", method
            )
            if checked:
                entry["responseParameters"] = checked
            method.integration_responses.append(entry)

    def _strings(self, given: Any, member: str, method: MethodPlan) -> dict[str, str]:
        """A map of mapping expressions; values that are not strings are AWS's warning and are
        left out (recorded)."""
        found: dict[str, str] = {}
        for name, value in given.items() if isinstance(given, dict) else ():
            if isinstance(value, str):
                found[str(name)] = value
            else:
                shown = (
                    ext.text(value) if isinstance(value, (bool, int, float)) else json.dumps(value)
                )
                self.plan.warnings.append(
                    f"Invalid format for '{member}'. Expected type string for property '{name}' "
                    f"of resource '{method.path}' and method '{method.http_method}' but got "
                    f"'{shown}'"
                )
        return found


def _optional_text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    try:
        return ext.text(value)
    except ext.Problem:
        return None
