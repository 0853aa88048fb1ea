"""API Gateway's account settings for one account and region: the record and the ``Account``
shape.

A new account reads ``throttleSettings {burstLimit: 5000, rateLimit: 10000.0}`` and no
``cloudwatchRoleArn`` (terraform-provider-aws ``testAccAccount_basic``, run against AWS), and
lists ``UsagePlans`` in ``features`` (usage plans are on in every account today; the model: "When
usage plans are enabled, the features list will include an entry of UsagePlans").
``apiKeyVersion`` is ``"4"``: mockgw's choice, AWS's value for new accounts is not recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

USAGE_PLANS = "UsagePlans"


@dataclass
class Account:
    cloudwatch_role_arn: str | None = None
    burst_limit: int = 5000
    rate_limit: float = 10000.0
    features: list[str] = field(default_factory=lambda: [USAGE_PLANS])
    api_key_version: str = "4"


def account_view(account: Account) -> dict[str, Any]:
    return {
        "cloudwatchRoleArn": account.cloudwatch_role_arn,
        "throttleSettings": {"burstLimit": account.burst_limit, "rateLimit": account.rate_limit},
        "features": list(account.features),
        "apiKeyVersion": account.api_key_version,
    }
