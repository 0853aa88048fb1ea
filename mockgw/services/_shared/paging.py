"""Paging through a :class:`~mockgw.services._shared.store.Store`, with each service's rules
as data: page sizes, order, whether tokens name the listing they came from, and the text of
the error for a token the service never issued.

API Gateway pages with ``limit``/``position`` (25 by default, at most 500, a value below 1
means the default; its tokens are the store's own); AppSync with ``maxResults``/``nextToken``
(0 or absent means 25), and its tokens name their listing (``scope``: the API id for a key
listing), so a token from one listing is refused by any other.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass

from mockgw import errors
from mockgw.services._shared.store import InvalidToken, Store, T


@dataclass(frozen=True)
class Paging:
    default: int
    maximum: int
    #: the message of the BadRequestException for a token this listing never issued
    invalid_token: str
    #: tokens carry the listing's scope and are refused by any other listing
    scoped: bool = False

    def size(self, limit: int | None) -> int:
        if limit is None or limit < 1:
            return self.default
        return min(limit, self.maximum)


def page(
    rules: Paging,
    store: Store[T],
    limit: int | None,
    token: str | None,
    keep: Callable[[T], bool] | None = None,
    *,
    newest_first: bool = False,
    scope: str = "",
) -> tuple[list[T], str | None]:
    """Up to ``rules.size(limit)`` items of ``store`` from where ``token`` points, and the
    token of the next page (None on the last one)."""
    inner = token or None
    if inner is not None and rules.scoped:
        inner = _unwrap(rules, scope, inner)
    try:
        items, following = store.page(rules.size(limit), inner, keep, newest_first)
    except InvalidToken:
        raise errors.bad_request(rules.invalid_token) from None
    if following is not None and rules.scoped:
        following = _wrap(scope, following)
    return items, following


def _wrap(scope: str, inner: str) -> str:
    raw = json.dumps({"scope": scope, "position": inner}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _unwrap(rules: Paging, scope: str, token: str) -> str:
    try:
        document = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        raise errors.bad_request(rules.invalid_token) from None
    if (
        not isinstance(document, dict)
        or document.get("scope") != scope
        or not isinstance(document.get("position"), str)
    ):
        raise errors.bad_request(rules.invalid_token)
    position: str = document["position"]
    return position
