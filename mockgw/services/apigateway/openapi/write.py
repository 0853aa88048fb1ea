"""Writing a stage's deployment as an OpenAPI document (GetExport): Swagger 2.0 (``swagger``)
or OpenAPI 3.0.1 (``oas30``), in JSON or YAML.

The document, as recorded against AWS (LocalStack's AWS-validated ``test_export_*``
snapshots): ``info`` is the API's name, description and version (the deployment's creation
date, ``2024-05-06T18:20:26Z``, when the API has none: mockgw's reading of a recorded date);
the host and stage are ``host``/``basePath``/``schemes`` (Swagger) or the one server
``https://{id}.execute-api.{region}.amazonaws.com/{basePath}`` with ``basePath``'s default the
stage (OpenAPI 3.0); every resource of the deployment is a path (in path order), every method
an operation (``x-amazon-apigateway-any-method`` for ANY) with its ``operationId``, its request
parameters (``type``/``schema`` ``string``; ``required`` printed false in Swagger, left out in
OpenAPI 3.0), its request model (a ``body`` parameter named after the model, or a required
``requestBody``), ``consumes``/``produces`` (Swagger: the content types of its request models
and request templates, of its response models and response templates) and its responses
(``"<code> response"``, ``string`` headers, the model's ``$ref``; ``content: {}`` in OpenAPI 3.0
when there is none); the models are ``definitions`` or ``components.schemas`` (``components``
is always there in OpenAPI 3.0), references local again.

Extensions (``parameters.extensions``, comma-separated): ``integrations`` adds each method's
``x-amazon-apigateway-integration``; ``authorizers`` the authorizers'
``x-amazon-apigateway-authtype`` and ``x-amazon-apigateway-authorizer``; ``apigateway`` both, and
the request validators, customized gateway responses, binary media types, API key source
(when AUTHORIZER), minimum compression size, policy and endpoint configuration (recorded for
binary media types); ``postman`` is accepted and adds nothing (AWS's Postman extensions are not
documented or recorded). Security is always written: ``api_key`` (apiKey ``x-api-key`` in the
header) for a method requiring an API key, ``sigv4`` for AWS_IAM, the authorizer's name for
CUSTOM and COGNITO_USER_POOLS (with the method's scopes). A path parameter of the resource path
is written even when the method does not declare it (an import declares it: the export of an
import is the export it came from).

The JSON is printed the way AWS's exports are (Jackson's pretty printer: ``"key" : value``,
two-space indents, ``[ a, b ]``); the YAML starts with ``---`` and quotes string values.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from mockgw.services._shared import arns
from mockgw.services.apigateway.openapi import extensions as ext
from mockgw.services.apigateway.openapi.document import path_variables
from mockgw.services.apigateway.records.methods import Method
from mockgw.services.apigateway.records.models import parsed
from mockgw.services.apigateway.records.rest_apis import Deployment, Resource, RestApi

EXPORT_TYPES = ("oas30", "swagger")
EXTENSIONS = ("integrations", "apigateway", "authorizers", "postman")
_CANONICAL = "https://apigateway.amazonaws.com/restapis/"
_IN = {"querystring": "query", "multivaluequerystring": "query", "path": "path"}
_IN.update({"header": "header", "multivalueheader": "header"})


def export(
    api: RestApi,
    deployment: Deployment,
    stage_name: str,
    region: str,
    export_type: str,
    extensions: set[str],
) -> dict[str, Any]:
    """The document GetExport answers for a stage (its deployment)."""
    return _Writer(api, deployment, stage_name, region, export_type == "swagger", extensions).doc


def version_of(api: RestApi, deployment: Deployment) -> str:
    """``info.version``: the API's version, else its deployment's creation date."""
    if api.version:
        return api.version
    moment = dt.datetime.fromtimestamp(deployment.created_date, tz=dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Writer:
    def __init__(
        self,
        api: RestApi,
        deployment: Deployment,
        stage_name: str,
        region: str,
        swagger: bool,
        extensions: set[str],
    ) -> None:
        self.api = api
        self.deployment = deployment
        self.swagger = swagger
        self.integrations = bool(extensions & {"integrations", "apigateway"})
        self.authorizers = bool(extensions & {"authorizers", "apigateway"})
        self.everything = "apigateway" in extensions
        self.refs = "#/definitions/" if swagger else "#/components/schemas/"
        self.schemes: dict[str, Any] = {}
        host = f"{api.id}.execute-api.{region}.{arns.dns_suffix(region)}"
        version = version_of(api, deployment)
        doc: dict[str, Any]
        if swagger:
            info: dict[str, Any] = {}
            if api.description:
                info["description"] = api.description
            info["version"] = version
            info["title"] = api.name
            doc = {
                "swagger": "2.0",
                "info": info,
                "host": host,
                "basePath": f"/{stage_name}",
                "schemes": ["https"],
            }
        else:
            info = {"title": api.name}
            if api.description:
                info["description"] = api.description
            info["version"] = version
            server = {
                "url": f"https://{host}/{{basePath}}",
                "variables": {"basePath": {"default": stage_name}},
            }
            doc = {"openapi": "3.0.1", "info": info, "servers": [server]}
        doc["paths"] = self._paths()
        for authorizer in deployment.authorizers.values():
            self.schemes[authorizer.name] = ext.security_scheme(
                authorizer, with_extension=self.authorizers
            )
        models = self._models()
        if swagger:
            if self.schemes:
                doc["securityDefinitions"] = self.schemes
            if models:
                doc["definitions"] = models
        else:
            components: dict[str, Any] = {}
            if models:
                components["schemas"] = models
            if self.schemes:
                components["securitySchemes"] = self.schemes
            doc["components"] = components
        if self.everything:
            self._api_extensions(doc)
        self.doc = doc

    # ------------------------------------------------------------------ paths

    def _paths(self) -> dict[str, Any]:
        paths: dict[str, Any] = {}
        resources = sorted(self.deployment.resources.values(), key=lambda r: r.path)
        for resource in resources:
            if not resource.methods:
                continue
            item: dict[str, Any] = {}
            for name, method in resource.methods.items():
                key = ext.ANY_METHOD if name == "ANY" else name.lower()
                item[key] = self._operation(resource, method)
            paths[resource.path] = item
        return paths

    def _operation(self, resource: Resource, method: Method) -> dict[str, Any]:
        op: dict[str, Any] = {}
        if method.operation_name:
            op["operationId"] = method.operation_name
        integration = method.integration
        request_models = method.request_models or {}
        if self.swagger:
            consumes = list(request_models)
            if integration is not None:
                consumes += [t for t in integration.request_templates or {} if t not in consumes]
            produces: list[str] = []
            for response in method.responses.values():
                produces += [t for t in response.response_models or {} if t not in produces]
            if integration is not None:
                for answer in integration.responses.values():
                    produces += [t for t in answer.response_templates or {} if t not in produces]
            if consumes:
                op["consumes"] = consumes
            if produces:
                op["produces"] = produces
        parameters = self._parameters(resource, method)
        if parameters:
            op["parameters"] = parameters
        if request_models and not self.swagger:
            op["requestBody"] = {
                "content": {t: {"schema": self._ref(m)} for t, m in request_models.items()},
                "required": True,
            }
        op["responses"] = self._responses(method)
        security = self._security(method)
        if security:
            op["security"] = security
        if self.everything and method.request_validator_id:
            validator = self.deployment.request_validators.get(method.request_validator_id)
            if validator is not None:
                op[ext.REQUEST_VALIDATOR] = validator.name
        if self.integrations and integration is not None:
            op[ext.INTEGRATION] = ext.integration_extension(integration, resource.id)
        return op

    def _parameters(self, resource: Resource, method: Method) -> list[dict[str, Any]]:
        given = dict(method.request_parameters or {})
        for variable in path_variables(resource.path):
            given.setdefault(f"method.request.path.{variable}", True)
        out = []
        for expression, required in given.items():
            parts = expression.split(".", 3)
            if len(parts) != 4 or parts[2] not in _IN:
                continue
            location = _IN[parts[2]]
            parameter: dict[str, Any] = {"name": parts[3], "in": location}
            required = bool(required) or location == "path"
            if self.swagger:
                parameter["required"] = required
                parameter["type"] = "string"
            else:
                if required:
                    parameter["required"] = True
                parameter["schema"] = {"type": "string"}
            out.append(parameter)
        if self.swagger and method.request_models:
            name = next(iter(method.request_models.values()))
            out.append({"in": "body", "name": name, "required": True, "schema": self._ref(name)})
        return out

    def _responses(self, method: Method) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for code, response in method.responses.items():
            entry: dict[str, Any] = {"description": f"{code} response"}
            models = response.response_models or {}
            headers = [
                name[len("method.response.header.") :]
                for name in response.response_parameters or {}
                if name.startswith("method.response.header.")
            ]
            if self.swagger:
                if models:
                    entry["schema"] = self._ref(next(iter(models.values())))
                if headers:
                    entry["headers"] = {h: {"type": "string"} for h in headers}
            else:
                if headers:
                    entry["headers"] = {h: {"schema": {"type": "string"}} for h in headers}
                entry["content"] = {t: {"schema": self._ref(m)} for t, m in models.items()}
            out[code] = entry
        return out

    def _security(self, method: Method) -> list[dict[str, list[str]]]:
        security: list[dict[str, list[str]]] = []
        if method.api_key_required:
            self.schemes[ext.API_KEY_SCHEME] = {
                "type": "apiKey",
                "name": ext.API_KEY_HEADER,
                "in": "header",
            }
            security.append({ext.API_KEY_SCHEME: []})
        if method.authorization_type == "AWS_IAM":
            scheme: dict[str, Any] = {"type": "apiKey", "name": "Authorization", "in": "header"}
            scheme[ext.AUTHTYPE] = ext.SIGV4_AUTHTYPE
            self.schemes[ext.SIGV4_SCHEME] = scheme
            security.append({ext.SIGV4_SCHEME: []})
        authorizer = self.deployment.authorizers.get(method.authorizer_id or "")
        if authorizer is not None:
            security.append({authorizer.name: list(method.authorization_scopes or [])})
        return security

    def _ref(self, model: str) -> dict[str, str]:
        return {"$ref": self.refs + model}

    # ------------------------------------------------------------------ the rest

    def _models(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for model in self.deployment.models.values():
            schema = parsed(model)
            if isinstance(schema, dict):
                schema = {k: v for k, v in schema.items() if k != "$schema"}
            out[model.name] = self._local(schema)
        return out

    def _local(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self._local(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(_CANONICAL):
                out[key] = self.refs + value.rsplit("/", 1)[-1]
            else:
                out[key] = self._local(value)
        return out

    def _api_extensions(self, doc: dict[str, Any]) -> None:
        api, deployment = self.api, self.deployment
        if deployment.request_validators:
            doc[ext.REQUEST_VALIDATORS] = ext.validators_extension(deployment.request_validators)
        if deployment.gateway_responses:
            doc[ext.GATEWAY_RESPONSES] = ext.gateway_responses_extension(
                deployment.gateway_responses
            )
        if api.binary_media_types:
            doc[ext.BINARY_MEDIA_TYPES] = list(api.binary_media_types)
        if api.api_key_source != "HEADER":
            doc[ext.API_KEY_SOURCE] = api.api_key_source
        if api.minimum_compression_size is not None:
            doc[ext.MINIMUM_COMPRESSION_SIZE] = api.minimum_compression_size
        if api.policy:
            try:
                doc[ext.POLICY] = json.loads(api.policy)
            except ValueError:
                doc[ext.POLICY] = api.policy
        endpoint: dict[str, Any] = {}
        if api.endpoint_configuration.get("vpcEndpointIds"):
            endpoint["vpcEndpointIds"] = list(api.endpoint_configuration["vpcEndpointIds"])
        if api.disable_execute_api_endpoint:
            endpoint["disableExecuteApiEndpoint"] = True
        if endpoint:
            doc[ext.ENDPOINT_CONFIGURATION] = endpoint


# ------------------------------------------------------------------------------ printing


def jackson(document: Any) -> str:
    """``document`` as AWS's exports print JSON (Jackson's default pretty printer)."""
    from json.encoder import encode_basestring  # the C encoder of a string, not ASCII-only

    parts: list[str] = []
    out = parts.append

    def emit(value: Any, level: int) -> None:
        if isinstance(value, str):
            out(encode_basestring(value))
        elif isinstance(value, Mapping):
            if not value:
                out("{ }")
                return
            inner = "\n" + "  " * (level + 1)
            out("{")
            first = True
            for key, item in value.items():
                out(inner if first else "," + inner)
                first = False
                out(encode_basestring(str(key)))
                out(" : ")
                emit(item, level + 1)
            out("\n" + "  " * level + "}")
        elif isinstance(value, list):
            if not value:
                out("[ ]")
                return
            out("[ ")
            for index, item in enumerate(value):
                if index:
                    out(", ")
                emit(item, level)
            out(" ]")
        else:
            out(json.dumps(value))

    emit(document, 0)
    return "".join(parts)


def yaml_text(document: Any) -> str:
    """``document`` as YAML: ``---`` first, string values double-quoted (AWS's YAML exports)."""
    import yaml

    class _Dumper(yaml.SafeDumper):  # type: ignore[misc]
        pass

    def mapping(dumper: yaml.SafeDumper, data: Mapping[str, Any]) -> yaml.Node:
        pairs = [
            (dumper.represent_scalar("tag:yaml.org,2002:str", str(k)), dumper.represent_data(v))
            for k, v in data.items()
        ]
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)

    def string(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')

    _Dumper.add_representer(dict, mapping)
    _Dumper.add_representer(str, string)
    text: str = yaml.dump(
        document, Dumper=_Dumper, explicit_start=True, allow_unicode=True, width=2**16
    )
    return text
