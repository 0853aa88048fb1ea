"""Rules several of API Gateway's families share: tags, paging, limits, endpoint
configurations, the ``/description`` patch path."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mockgw import errors
from mockgw.services._shared import patch
from mockgw.services._shared.paging import Paging
from mockgw.services._shared.tags import TagRules

#: AWS's documented tag rules (API Gateway's model constrains none of them). The texts are
#: mockgw's: AWS's are not recorded (aws-behaviour.md section 17).
TAGS = TagRules(
    max_tags=50,
    too_many="Too many tags: at most {limit} tags are allowed per resource",
    key_length=128,
    value_length=256,
    reserved_prefix="aws:",
    charset=re.compile(r"^[\w\s+=.:/@-]*$"),
    bad_key_length="Invalid tag key '{key}': must be 1 to 128 characters long",
    reserved_key="Invalid tag key '{key}': the prefix 'aws:' is reserved",
    bad_value_length="Invalid tag value for key '{key}': at most 256 characters",
    bad_characters=(
        "Invalid tag '{key}': keys and values may contain only letters, digits, "
        "white space and + - = . _ : / @"
    ),
)

#: ``limit``/``position`` paging: 25 by default, at most 500, a value below 1 means the default.
PAGING = Paging(default=25, maximum=500, invalid_token="Invalid position parameter specified")

MAX_INT = 2**31 - 1  # AWS's integer members are 32-bit
HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY")

#: The endpoint types of REST APIs and custom domain names.
ENDPOINT_TYPES = ("REGIONAL", "EDGE", "PRIVATE")


def endpoint_configuration(given: Mapping[str, Any] | None) -> dict[str, Any]:
    """The ``types`` and ``ipAddressType`` of an ``endpointConfiguration`` as CreateRestApi and
    CreateDomainName check them (EDGE and ipv4 when absent; PRIVATE is dualstack only)."""
    if given is None:
        return {"types": ["EDGE"], "ipAddressType": "ipv4"}
    types = list(given.get("types") or [])
    if not types:
        raise errors.bad_request(
            "REGIONAL Configuration and EDGE Configuration cannot be both DISABLED."
        )
    if len(types) > 1:
        raise errors.bad_request("Cannot create an api with multiple Endpoint Types.")
    private = types[0] == "PRIVATE"
    ip_type = given.get("ipAddressType") or ("dualstack" if private else "ipv4")
    if private and ip_type != "dualstack":
        raise errors.bad_request("Only dualstack ipAddressType is supported for Private APIs.")
    return {"types": types, "ipAddressType": ip_type}


#: ``replace /description``; an empty value clears it (the families whose only or first
#: patchable member is the description).
DESCRIPTION = patch.Rule(
    ("replace",), "/description", patch.setter("description", lambda v: v or None)
)
