"""Rules several of API Gateway's families share: tags, paging, limits."""

from __future__ import annotations

import re

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
