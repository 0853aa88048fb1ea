"""Functions (pipeline steps): Create, Get, List, Update, DeleteFunction.

A function names a data source that exists (404 ``No data source found named <name>``, AWS's);
VTL functions need ``functionVersion`` 2018-05-29, code needs ``runtime`` APPSYNC_JS 1.0.0
(``rules.check_code_and_runtime``). Ids are 26 lower-case base32 characters; the ARN is
``.../apis/<apiId>/functions/<functionId>``. UpdateFunction replaces the definition. A function
a resolver uses cannot be deleted: 400 ``Cannot delete a function which is used by a
resolver.``; an unknown id is 404 ``No function found with id <id>.`` (mockgw's texts).
"""

from __future__ import annotations

from mockgw import errors, ids
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync import lookups
from mockgw.services.appsync.records.graphql_apis import GraphqlApi
from mockgw.services.appsync.records.resolvers import Function, function_view
from mockgw.services.appsync.records.rules import check_code_and_runtime
from mockgw.services.appsync.state import AppSyncState

FUNCTION_VERSION = "2018-05-29"


def _build(api: GraphqlApi, params: Params, function_id: str) -> Function:
    lookups.data_source(api, params["dataSourceName"])
    code, runtime = params.get("code"), params.get("runtime")
    check_code_and_runtime(code, runtime)
    version = params.get("functionVersion")
    if code is None and version is None:
        raise errors.bad_request(
            f"functionVersion must be {FUNCTION_VERSION} for a function with mapping templates."
        )
    if version is not None and version != FUNCTION_VERSION:
        raise errors.bad_request(f"Unsupported function version: {version}")
    return Function(
        function_id=function_id,
        arn=f"{api.arn}/functions/{function_id}",
        name=params["name"],
        data_source_name=params["dataSourceName"],
        description=params.get("description"),
        request_mapping_template=params.get("requestMappingTemplate"),
        response_mapping_template=params.get("responseMappingTemplate"),
        function_version=version,
        sync_config=params.get("syncConfig"),
        max_batch_size=params.get("maxBatchSize") or 0,
        runtime=runtime,
        code=code,
    )


@operation("CreateFunction")
def create_function(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    function = _build(api, params, ids.unique(ids.appsync_function_id, api.functions))
    api.functions.add(function.function_id, function)
    return {"functionConfiguration": function_view(function)}


@operation("GetFunction")
def get_function(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    return {"functionConfiguration": function_view(lookups.function(api, params["functionId"]))}


@operation("ListFunctions")
def list_functions(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    found, token = lookups.page(
        api.functions, f"functions/{api.api_id}", params.get("maxResults"), params.get("nextToken")
    )
    return {"functions": [function_view(f) for f in found], "nextToken": token}


@operation("UpdateFunction")
def update_function(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    current = lookups.function(api, params["functionId"])
    updated = _build(api, params, current.function_id)
    api.functions.remove(current.function_id)
    api.functions.add(updated.function_id, updated)
    return {"functionConfiguration": function_view(updated)}


@operation("DeleteFunction")
def delete_function(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    function = lookups.function(api, params["functionId"])
    if any(function.function_id in (r.functions or ()) for r in api.resolvers.values()):
        raise errors.bad_request("Cannot delete a function which is used by a resolver.")
    api.functions.remove(function.function_id)
    return None
