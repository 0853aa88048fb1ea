"""The account's API Gateway settings, per account and region: GetAccount, UpdateAccount.

UpdateAccount takes ``replace /cloudwatchRoleArn`` (an IAM role's ARN; no value, or an empty one,
clears it: terraform-provider-aws resets it so) and ``add``/``remove /features`` (``UsagePlans``).
Recorded AWS texts: a role ARN that is not one is 400 ``The role ARN is not well formed``
(terraform-provider-aws, quoting AWS); the throttle settings cannot be changed this way
(AWS's UpdateAccount example: "a 400 Bad Request response with an error message stating that
/throttleSettings value cannot be changed this way, but the /cloudwatchRoleArn value can").

mockgw's texts: any other path is 400 ``Invalid patch path  '<path>' specified for op '<op>'.
Must be one of: [...]`` listing the paths the op takes; removing ``UsagePlans`` is 400 ``Usage
Plans cannot be disabled once enabled`` (moto's text); an unknown feature is 400 ``Invalid
feature specified: <name>``. mockgw does not check that the role lets API Gateway write to
CloudWatch Logs.
"""

from __future__ import annotations

import re

from mockgw import errors
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway.records.account import USAGE_PLANS, Account, account_view
from mockgw.services.apigateway.state import ApiGatewayState

_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]+$")
FEATURES = (USAGE_PLANS,)


@operation("GetAccount")
def get_account(state: ApiGatewayState, params: Params) -> Result:
    return account_view(state.account)


@operation("UpdateAccount")
def update_account(state: ApiGatewayState, params: Params) -> Result:
    draft = patch.draft(state.account)
    UPDATE.apply(draft, params.get("patchOperations"))
    patch.commit(state.account, draft)
    return account_view(state.account)


def _set_role(account: Account, change: patch.Change) -> None:
    value = change.value
    if not value:
        account.cloudwatch_role_arn = None
        return
    if not _ROLE_ARN.match(value):
        raise errors.bad_request("The role ARN is not well formed")
    account.cloudwatch_role_arn = value


def _patch_features(account: Account, change: patch.Change) -> None:
    feature = change.value or ""
    if feature not in FEATURES:
        raise errors.bad_request(f"Invalid feature specified: {feature}")
    if change.op == "remove":
        raise errors.bad_request("Usage Plans cannot be disabled once enabled")
    if feature not in account.features:
        account.features.append(feature)


UPDATE = patch.PatchTable(
    patch.Rule(("replace",), "/cloudwatchRoleArn", _set_role),
    patch.Rule(("add", "remove"), "/features", _patch_features),
)
