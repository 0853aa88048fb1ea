"""Rules several of AppSync's families share: tags, paging, code and runtime."""

from __future__ import annotations

from typing import Any

from mockgw import errors
from mockgw.services._shared.paging import Paging
from mockgw.services._shared.tags import TagRules

#: AppSync's model constrains keys and values itself (the wire layer checks them); what is left
#: is the count a resource may carry in all. The text is mockgw's (AWS's is not recorded).
TAGS = TagRules(
    max_tags=50,
    too_many=(
        "Too many tags: {kind} can have at most {limit} tags, and this request would leave "
        "it with {count}."
    ),
)

#: ``maxResults`` is 0..25 in the model; absent or 0 means the largest page, 25. Tokens name
#: the listing they came from. The error text is AppSync's own pagination error
#: (``InvalidPaginationTokenException`` in its resolver errors); unverified for the control
#: plane.
PAGING = Paging(
    default=25, maximum=25, invalid_token="Invalid pagination token given.", scoped=True
)


#: The APPSYNC_JS runtime AppSync offers (the model's documentation: only APPSYNC_JS 1.0.0).
JS_RUNTIME_VERSION = "1.0.0"


def check_code_and_runtime(code: str | None, runtime: dict[str, Any] | None) -> None:
    """``code`` and ``runtime`` go together, and the runtime is APPSYNC_JS 1.0.0. The texts
    are mockgw's (AWS's are not recorded)."""
    if code is not None and runtime is None:
        raise errors.bad_request("runtime must be provided when code is provided.")
    if runtime is not None and code is None:
        raise errors.bad_request("code must be provided when runtime is provided.")
    if runtime is not None and runtime.get("runtimeVersion") != JS_RUNTIME_VERSION:
        raise errors.bad_request(
            f"Invalid runtime version {runtime.get('runtimeVersion')} for runtime "
            f"{runtime.get('name')}: the supported version is {JS_RUNTIME_VERSION}."
        )
