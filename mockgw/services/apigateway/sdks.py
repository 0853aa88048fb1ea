"""Client SDKs: GetSdkTypes, GetSdkType, GetSdk.

GetSdkTypes and GetSdkType answer the SDK types of ``records/sdk_types.py``. GetSdk answers as
AWS does on the wire (``Content-Type: application/octet-stream``, ``Content-Disposition:
attachment; filename="{sdkType}_{yyyy-MM-dd_HH-mm}Z.zip"``, as in the AWS CLI's documented
output) with a real zip archive. Generating an SDK is out of a mock's reach, so the archive
says what it is instead of pretending: under ``generated-code/`` (the folder AWS's Java and
Ruby SDKs unpack to) it holds ``README.md``, explaining that mockgw made it, and
``api.json``: the REST API, stage, invoke URL, SDK type and parameters, and every method the
stage's deployment serves (path, HTTP method, authorization, API key required). The archive is
the same for the same state and clock.

Checks: the REST API (404 ``Invalid API identifier specified <account>:<id>``) and stage (404
``Invalid stage identifier specified``) exist, as for every stage operation. mockgw's texts, AWS's
not being recorded: an unknown SDK type is 404 ``Invalid SDK type identifier specified``; a
missing required parameter is 400 ``Missing required parameters for SDK type <type>:
<names>``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

from mockgw import clock, errors
from mockgw.services._shared import arns
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records import sdk_types
from mockgw.services.apigateway.records.rest_apis import RestApi
from mockgw.services.apigateway.state import ApiGatewayState

NO_SDK_TYPE = "Invalid SDK type identifier specified"


def _sdk_type(type_id: str) -> dict[str, Any]:
    found = sdk_types.STORE.get(type_id)
    if found is None:
        raise errors.not_found(NO_SDK_TYPE)
    return found


@operation("GetSdkTypes")
def get_sdk_types(state: ApiGatewayState, params: Params) -> Result:
    found, position = lookups.oldest_first(sdk_types.STORE, params)
    return {"items": [sdk_types.sdk_type_view(t) for t in found], "position": position}


@operation("GetSdkType")
def get_sdk_type(state: ApiGatewayState, params: Params) -> Result:
    return sdk_types.sdk_type_view(_sdk_type(params["id"]))


@operation("GetSdk")
def get_sdk(state: ApiGatewayState, params: Params) -> Result:
    api = lookups.rest_api(state, params["restApiId"])
    stage = lookups.stage(api, params["stageName"])
    sdk_type = _sdk_type(params["sdkType"])
    given = {sdk_types.ALIASES.get(k, k): v for k, v in (params.get("parameters") or {}).items()}
    missing = [name for name in sdk_types.required_properties(sdk_type) if not given.get(name)]
    if missing:
        raise errors.bad_request(
            f"Missing required parameters for SDK type {sdk_type['id']}: {', '.join(missing)}"
        )
    now = dt.datetime.fromtimestamp(clock.now(), tz=dt.timezone.utc)
    filename = f"{sdk_type['id']}_{now:%Y-%m-%d_%H-%M}Z.zip"
    described = _description(state, api, stage.stage_name, sdk_type["id"], params)
    return {
        "contentType": "application/octet-stream",
        "contentDisposition": f'attachment; filename="{filename}"',
        "body": _archive(described, now),
    }


def _description(
    state: ApiGatewayState, api: RestApi, stage_name: str, type_id: str, params: Params
) -> dict[str, Any]:
    deployment = api.deployed(stage_name)
    methods = []
    if deployment is not None:
        for resource in sorted(deployment.resources.values(), key=lambda r: r.path):
            for name, method in sorted(resource.methods.items()):
                methods.append(
                    {
                        "path": resource.path,
                        "httpMethod": name,
                        "authorizationType": method.authorization_type,
                        "apiKeyRequired": method.api_key_required,
                    }
                )
    host = f"{api.id}.execute-api.{state.region}.{arns.dns_suffix(state.region)}"
    return {
        "generatedBy": "mockgw",
        "restApiId": api.id,
        "name": api.name,
        "stageName": stage_name,
        "invokeUrl": f"https://{host}/{stage_name}",
        "sdkType": type_id,
        "parameters": dict(sorted((params.get("parameters") or {}).items())),
        "methods": methods,
    }


_README = """# {name} ({sdkType} SDK) - made by mockgw

This archive was made by mockgw, a mock of AWS API Gateway, in answer to GetSdk. It is NOT a
generated client SDK: generating one is out of a mock's reach. It describes the REST API stage
an SDK would have been generated for:

- REST API: {restApiId} ({name}), stage {stageName}
- invoke URL: {invokeUrl}
- SDK type: {sdkType}

`api.json` lists the SDK parameters you passed and every method the stage serves.
"""


def _archive(described: dict[str, Any], now: dt.datetime) -> bytes:
    stamp = (now.year, now.month, now.day, now.hour, now.minute, now.second)
    if stamp[0] < 1980:  # the zip format's epoch
        stamp = (1980, 1, 1, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("generated-code/README.md", _README.format(**described)),
            ("generated-code/api.json", json.dumps(described, indent=2) + "\n"),
        ):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text)
    return out.getvalue()
