"""Rules several of AppSync's families share: tags and paging."""

from __future__ import annotations

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
