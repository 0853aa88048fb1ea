"""Tags, with each service's rules as data.

Both services keep a resource's tags as a plain ``dict``; TagResource merges, UntagResource
removes, and the answer of a read is a copy. What differs is the rules: AppSync's model
constrains keys and values itself (the wire layer checks them before a handler runs), API
Gateway's does not, so its documented rules are checked here. The texts where AWS's own are not
recorded are mockgw's, fixed in the services' :class:`TagRules`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from mockgw import errors
from mockgw.services._shared.operations import Handler, Params, Result, operation


class Tagged(Protocol):
    """A record that carries tags (every taggable resource's dataclass)."""

    tags: dict[str, str]


@dataclass(frozen=True)
class TagRules:
    max_tags: int
    #: the error for more than ``max_tags`` tags; formatted with ``limit``, ``count``, ``kind``
    too_many: str
    #: per-tag checks (None: the model's constraints already hold them)
    key_length: int | None = None
    value_length: int | None = None
    reserved_prefix: str | None = None
    charset: re.Pattern[str] | None = None
    bad_key_length: str = ""
    reserved_key: str = ""
    bad_value_length: str = ""
    bad_characters: str = ""

    def check(self, tags: Mapping[str, str], kind: str = "resource") -> None:
        """Raise BadRequestException for the first rule ``tags`` break."""
        if len(tags) > self.max_tags:
            raise errors.bad_request(
                self.too_many.format(limit=self.max_tags, count=len(tags), kind=kind)
            )
        if self.key_length is None:
            return
        for key, value in tags.items():
            if not key or len(key) > self.key_length:
                raise errors.bad_request(self.bad_key_length.format(key=key))
            if self.reserved_prefix and key.lower().startswith(self.reserved_prefix):
                raise errors.bad_request(self.reserved_key.format(key=key))
            if self.value_length is not None and len(value) > self.value_length:
                raise errors.bad_request(self.bad_value_length.format(key=key))
            if self.charset is not None and not (
                self.charset.match(key) and self.charset.match(value)
            ):
                raise errors.bad_request(self.bad_characters.format(key=key))


def tagged(
    rules: TagRules, current: Mapping[str, str], adding: Mapping[str, str], kind: str = "resource"
) -> dict[str, str]:
    """``current`` with ``adding`` merged in, checked against ``rules`` (nothing changes when
    the merge breaks them: the caller stores the result)."""
    merged = {**current, **adding}
    rules.check(merged, kind)
    return merged


def untagged(current: Mapping[str, str], keys: Iterable[str]) -> dict[str, str]:
    """``current`` without ``keys`` (keys it does not have are ignored, as AWS does)."""
    doomed = set(keys)
    return {k: v for k, v in current.items() if k not in doomed}


def handlers(
    module: str,
    find: Callable[[Any, str], Tagged],
    rules: TagRules,
    *,
    read: str,
    kind: Callable[[Tagged], str] = lambda record: "resource",
) -> tuple[Handler, Handler, Handler]:
    """A service's TagResource, UntagResource and ``read`` (GetTags, ListTagsForResource)
    handlers, defined as ``module``'s own: ``find(state, arn)`` is the record the ARN names (or
    the service's error), ``kind(record)`` how the too-many-tags error names it."""

    @operation("TagResource")
    def tag_resource(state: Any, params: Params) -> Result:
        record = find(state, params["resourceArn"])
        record.tags = tagged(rules, record.tags, params["tags"], kind(record))
        return None

    @operation("UntagResource")
    def untag_resource(state: Any, params: Params) -> Result:
        record = find(state, params["resourceArn"])
        record.tags = untagged(record.tags, params["tagKeys"])
        return None

    @operation(read)
    def read_tags(state: Any, params: Params) -> Result:
        return {"tags": dict(find(state, params["resourceArn"]).tags)}

    made = (tag_resource, untag_resource, read_tags)
    for handler in made:
        handler.__module__ = module
    return made
