"""botocore's service models, loaded lazily and once per process.

A :class:`ServiceSpec` is everything the wire layer knows about one service: botocore's
``ServiceModel`` (the schema), the route table built from each operation's ``http`` trait, and
the HTTP status of each modeled error. Nothing here is hand-written per operation.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from mockgw.wire.router import Router

#: The services mockgw answers, by botocore's service name, with the code AWS uses for a request
#: it cannot read (malformed JSON, a body that is not an object).
VALIDATION_ERROR_CODE = {"apigateway": "BadRequestException", "appsync": "BadRequestException"}

#: The code of a "N validation errors detected: ..." answer (a member that breaks the model's
#: type, required, enum, length, range or pattern rules). API Gateway's front end answers these
#: with ValidationException, which its model does not list (recorded against AWS in LocalStack's
#: validated snapshots, e.g. a bad statusCode pattern on PutMethodResponse); AppSync's is unknown,
#: so it keeps its modeled BadRequestException.
CONSTRAINT_ERROR_CODE = {"apigateway": "ValidationException", "appsync": "BadRequestException"}

#: Services whose validation messages name a request-body member after the operation's input, in
#: lower camel case: ``putIntegrationInput.type`` (URI, query and header members keep their bare
#: name: ``statusCode``). Recorded against AWS for API Gateway (LocalStack's validated snapshots);
#: AppSync's form is unknown, so it keeps bare member names.
NAMES_INPUT = {"apigateway": True, "appsync": False}

#: The order AWS prints an enum's values in its "Member must satisfy enum value set" messages,
#: by shape name, where it is not the model's order (AWS's front end iterates a hash set). Each
#: one was recorded against AWS (LocalStack's validated snapshots of test_apigateway_api.py);
#: an enum not listed here is printed in the model's order.
ENUM_ORDER: dict[str, dict[str, tuple[str, ...]]] = {
    "apigateway": {
        "Op": ("add", "remove", "move", "test", "replace", "copy"),
        "IntegrationType": ("HTTP", "MOCK", "AWS_PROXY", "HTTP_PROXY", "AWS"),
        "EndpointType": ("PRIVATE", "EDGE", "REGIONAL"),
        "IpAddressType": ("ipv4", "dualstack"),
        "GatewayResponseType": (
            "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND", "AUTHORIZER_CONFIGURATION_ERROR",
            "MISSING_AUTHENTICATION_TOKEN", "BAD_REQUEST_BODY", "INVALID_SIGNATURE",
            "INVALID_API_KEY", "BAD_REQUEST_PARAMETERS", "AUTHORIZER_FAILURE", "UNAUTHORIZED",
            "INTEGRATION_TIMEOUT", "ACCESS_DENIED", "DEFAULT_4XX", "DEFAULT_5XX", "WAF_FILTERED",
            "QUOTA_EXCEEDED", "THROTTLED", "API_CONFIGURATION_ERROR", "UNSUPPORTED_MEDIA_TYPE",
            "INTEGRATION_FAILURE", "EXPIRED_TOKEN",
        ),
        "DocumentationPartType": (
            "RESPONSE_BODY", "RESPONSE", "METHOD", "MODEL", "AUTHORIZER", "RESPONSE_HEADER",
            "RESOURCE", "PATH_PARAMETER", "REQUEST_BODY", "QUERY_PARAMETER", "API",
            "REQUEST_HEADER",
        ),
    },
}  # fmt: skip

#: Where AWS accepts what its published model refuses: shape name -> constraints replaced (a
#: value of None removes one). AppSync's ``ResourceArn`` pattern names only APIs in the ``aws``
#: partition, yet AWS tags channel namespaces (terraform-provider-aws tags them through
#: TagResource), domain names and the resources of every partition.
MODEL_CORRECTIONS: dict[str, dict[str, dict[str, Any]]] = {
    "appsync": {
        "ResourceArn": {
            "pattern": (
                r"^arn:aws[a-z-]*:appsync:[A-Za-z0-9_/.-]{0,63}:\d{12}:"
                r"(apis/[0-9A-Za-z_-]{26}(/channelNamespace/[A-Za-z0-9-]{1,50})?"
                r"|domainnames/[A-Za-z0-9*._-]{1,253})$"
            ),
            "max": None,
        }
    }
}


@dataclass
class ServiceSpec:
    name: str
    model: Any  # botocore.model.ServiceModel
    router: Router
    error_status: dict[str, int] = field(default_factory=dict)
    _operations: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def validation_error_code(self) -> str:
        return VALIDATION_ERROR_CODE[self.name]

    @property
    def constraint_error_code(self) -> str:
        return CONSTRAINT_ERROR_CODE[self.name]

    @property
    def names_input(self) -> bool:
        """Whether validation messages put ``<operation>Input.`` before body members."""
        return NAMES_INPUT.get(self.name, False)

    @property
    def enum_order(self) -> dict[str, tuple[str, ...]]:
        """AWS's print order of enums, by shape name (see :data:`ENUM_ORDER`)."""
        return ENUM_ORDER.get(self.name, {})

    def operation(self, name: str) -> Any:
        """botocore's ``OperationModel`` (the same object every time, so plans cached on it
        in ``wire.restjson`` stay valid), looked up in a plain dict on the hot path."""
        found = self._operations.get(name)
        if found is None:
            found = self._operations[name] = self.model.operation_model(name)
        return found


_lock = threading.Lock()
_specs: dict[str, ServiceSpec] = {}
_loader: Any = None


def spec(service: str) -> ServiceSpec:
    """The spec for ``service``; the first call loads botocore's JSON model (tens of ms)."""
    found = _specs.get(service)
    if found is not None:
        return found
    with _lock:
        found = _specs.get(service)
        if found is None:
            found = _specs[service] = _build(service)
        return found


def _build(service: str) -> ServiceSpec:
    global _loader
    from botocore.loaders import create_loader
    from botocore.model import ServiceModel

    if _loader is None:
        _loader = create_loader()
    raw = _loader.load_service_model(service, "service-2")
    corrections = MODEL_CORRECTIONS.get(service, {})
    if corrections:  # on copies: the loader caches what it loaded
        raw = {**raw, "shapes": dict(raw["shapes"])}
    for shape_name, changes in corrections.items():
        shape = raw["shapes"][shape_name] = dict(raw["shapes"][shape_name])
        for key, value in changes.items():
            if value is None:
                shape.pop(key, None)
            else:
                shape[key] = value
    model = ServiceModel(raw, service)
    router = Router()
    for name in model.operation_names:
        http = model.operation_model(name).http
        router.add(http["method"], http["requestUri"], name)
    statuses: dict[str, int] = {}
    for shape_name in model.shape_names:
        shape = model.shape_for(shape_name)
        if shape.metadata.get("exception"):
            statuses[shape_name] = int(shape.metadata.get("error", {}).get("httpStatusCode", 400))
    return ServiceSpec(service, model, router, statuses)
