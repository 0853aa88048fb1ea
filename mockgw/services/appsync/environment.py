"""A GraphQL API's environment variables: PutGraphqlApiEnvironmentVariables,
GetGraphqlApiEnvironmentVariables.

AWS's limits are in the model and the wire layer enforces them before a handler runs, with
AppSync's validation answer (BadRequestException, ``1 validation error detected: ...``): at most
50 variables; a key of 2..64 characters matching ``^[A-Za-z]+\\w*$`` (a letter first, then
letters, digits and underscores); a value of at most 512 characters. AWS's patterns are Java
regular expressions, whose ``\\w`` is ASCII, where Python's also takes other alphabets' letters
and digits: a key such as ``café`` is refused here with the same answer.

Put replaces the whole set (the model's documentation: "each call ... will result in the
overwriting of the existing environmental variable list"); Get answers ``{}`` before any Put.
Environment variables belong to GraphQL APIs (Merged APIs too); an Event API's id is answered
like an unknown GraphQL API's.
"""

from __future__ import annotations

import re

from mockgw import errors
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync import lookups
from mockgw.services.appsync.state import AppSyncState

#: The model's key pattern, as AWS (Java) reads it: ``\w`` is ``[A-Za-z0-9_]``.
KEY_PATTERN = r"^[A-Za-z]+\w*$"
_ASCII_KEY = re.compile(r"[A-Za-z]+[A-Za-z0-9_]*", re.ASCII)


def _check_keys(variables: dict[str, str]) -> None:
    for key in variables:
        if not _ASCII_KEY.fullmatch(key):
            raise errors.bad_request(
                f"1 validation error detected: Value '{key}' at 'environmentVariables.key' "
                f"failed to satisfy constraint: Member must satisfy regular expression "
                f"pattern: {KEY_PATTERN}"
            )


@operation("PutGraphqlApiEnvironmentVariables")
def put_graphql_api_environment_variables(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    variables = dict(params["environmentVariables"])
    _check_keys(variables)
    api.environment_variables = variables
    return {"environmentVariables": dict(variables)}


@operation("GetGraphqlApiEnvironmentVariables")
def get_graphql_api_environment_variables(state: AppSyncState, params: Params) -> Result:
    api = lookups.graphql_api(state, params["apiId"])
    return {"environmentVariables": dict(api.environment_variables)}
