"""OpenAPI in and out: ImportRestApi, PutRestApi, GetExport (the work is :mod:`.openapi`'s).

Recorded AWS behaviour (LocalStack's AWS-validated ``test_apigateway_import`` and
``test_export_*`` snapshots): a body that is neither JSON nor YAML, or not an OpenAPI document,
is 400 ``Invalid OpenAPI input.``, checked before the API exists (PutRestApi on an unknown API
answers it for a bad body); ImportRestApi answers 201 with the new API (no ``tags``),
PutRestApi 200 with ``tags`` always; ``merge`` (the default) adds the document's binary media
types to the API's, ``overwrite`` replaces them; both take the document's title as the API's
name. ``warnings`` lists what the import passed over. GetExport answers the document with
``Content-Type: application/octet-stream`` and ``Content-Disposition: attachment;
filename="<type>_<version>.json"``.

The parameters AWS documents: ``endpointConfigurationTypes`` (EDGE, REGIONAL or PRIVATE; EDGE by
default), ``basepath`` (ignore, prepend, split), ``ignore=documentation``. mockgw's choices
(AWS's texts are not recorded): an unknown ``basepath`` is 400 ``Invalid basepath parameter
specified. Valid options are ignore,prepend,split``; GetExport's unknown export type ``Invalid
export type specified. Valid options are oas30,swagger`` and unknown ``accepts`` ``Invalid
accepts value specified. Valid options are application/json,application/yaml`` (both 400); every
export answers ``application/octet-stream``, whatever ``accepts`` asked (recorded for an export
asked without ``accepts``; ``accepts`` chooses the document's format and the file name's
extension).
"""

from __future__ import annotations

from mockgw import errors
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.openapi import read, run, write
from mockgw.services.apigateway.records.documents import load_document
from mockgw.services.apigateway.records.rest_apis import rest_api_view
from mockgw.services.apigateway.state import ApiGatewayState

JSON, YAML = "application/json", "application/yaml"
_ACCEPTS = {JSON: "json", YAML: "yaml", "application/x-yaml": "yaml", "text/yaml": "yaml"}


@operation("ImportRestApi")
def import_rest_api(state: ApiGatewayState, params: Params) -> Result:
    parameters = dict(params.get("parameters") or {})
    plan = read.read(load_document(params.get("body")), parameters)
    api, warnings = run.import_api(
        state, plan, parameters, fail_on_warnings=bool(params.get("failOnWarnings"))
    )
    return {**rest_api_view(api, tags_always=False), "warnings": warnings or None}


@operation("PutRestApi")
def put_rest_api(state: ApiGatewayState, params: Params) -> Result:
    parameters = dict(params.get("parameters") or {})
    plan = read.read(load_document(params.get("body")), parameters)
    api = lookups.rest_api(state, params["restApiId"])
    warnings = run.put_api(
        state,
        api,
        plan,
        mode=params.get("mode") or "merge",
        fail_on_warnings=bool(params.get("failOnWarnings")),
    )
    return {**rest_api_view(api, tags_always=True), "warnings": warnings or None}


@operation("GetExport")
def get_export(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    stage = lookups.stage(api, params["stageName"])
    export_type = params["exportType"]
    if export_type not in write.EXPORT_TYPES:
        raise errors.bad_request(
            "Invalid export type specified. Valid options are " + ",".join(write.EXPORT_TYPES)
        )
    accepts = (params.get("accepts") or "").split(";", 1)[0].strip().lower()
    if accepts in ("", "*/*"):
        kind = "json"
    elif accepts in _ACCEPTS:
        kind = _ACCEPTS[accepts]
    else:
        raise errors.bad_request(
            f"Invalid accepts value specified. Valid options are {JSON},{YAML}"
        )
    deployment = api.deployed(stage.stage_name)
    assert deployment is not None  # a stage always has its deployment
    asked = (params.get("parameters") or {}).get("extensions") or ""
    extensions = {e.strip().strip("'\"") for e in asked.split(",") if e.strip()}
    document = write.export(
        api, deployment, stage.stage_name, state.region, export_type, extensions
    )
    text = write.jackson(document) if kind == "json" else write.yaml_text(document)
    filename = f"{export_type}_{write.version_of(api, deployment)}.{kind}"
    return {
        "contentType": "application/octet-stream",
        "contentDisposition": f'attachment; filename="{filename}"',
        "body": text.encode(),
    }
