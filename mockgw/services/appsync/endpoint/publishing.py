"""Publishing to an Event API's channel over HTTP: ``POST https://{apiId}.appsync-api.{region}
.amazonaws.com/event`` with ``{"channel": "namespace/a/b", "events": ["<JSON text>", ...]}``.

What AWS does (AWS AppSync Events developer guide, "Publish events via HTTP" and "Understanding
channel namespaces"; AWS's own Events SDK integration tests, aws-amplify/amplify-android
``EventsRestClientTests``, and their recorded answers ``publish_single_success.json`` and
``publish_errors.json``):

- the caller is checked as for a GraphQL API (:mod:`.access`), against the namespace's publish
  auth modes, or the API's default publish modes when the namespace has none: a bad key is 401
  UnauthorizedException ``You are not authorized to make this call.``;
- a channel whose first segment names no namespace of the API is 401 UnauthorizedException
  without a message (the SDK test sees its own fallback text);
- more than 5 events is 400 BadRequestException ``Input exceeded 5 event limit``;
- success is 200 ``{"failed": [], "successful": [{"identifier": "<uuid>", "index": 0}, ...]}``.

mockgw's choices (AWS's texts are not recorded): a channel that is not 1-5 segments of 1-50
letters, digits or dashes, a body that is not a JSON object with a ``channel`` string and an
``events`` list, or an event that is not a string holding JSON (or holds more than 240 KB, AWS's
event size limit) is 400 BadRequestException with mockgw's text. Every accepted event is kept
on the API, in order, for the test to read (``Mock.published_events``). Code handlers
(``onPublish``) are not run: the events are kept as published. Subscriptions (WebSocket) are
out of scope.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from mockgw import clock, ids, tape
from mockgw.services.appsync.endpoint import access, responses
from mockgw.services.appsync.records.event_apis import EventApi, PublishedEvent
from mockgw.services.appsync.state import AppSyncState
from mockgw.wire.restjson import WireResponse

MAX_EVENTS = 5
MAX_EVENT_BYTES = 240 * 1024
TOO_MANY = "Input exceeded 5 event limit"
_SEGMENT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,48}[A-Za-z0-9])?")


def _bad(message: str, reason: str) -> WireResponse:
    return responses.refusal(400, "BadRequestException", message, reason)


def _unauthorized(message: str | None, reason: str) -> WireResponse:
    return responses.refusal(401, "UnauthorizedException", message, reason)


def _channel(value: Any) -> list[str] | None:
    """The channel's segments, or None when it is not a channel path."""
    if not isinstance(value, str):
        return None
    segments = value.strip("/").split("/")
    if not 1 <= len(segments) <= 5 or not all(_SEGMENT.fullmatch(s) for s in segments):
        return None
    return segments


def answer(api: EventApi, method: str, headers: Mapping[str, str], body: bytes) -> WireResponse:
    try:
        caller = access.identify(
            api.api_id, api.api_keys, access.event_providers(api), None, headers
        )
    except access.Refused as refused:
        return _unauthorized(refused.message, refused.reason)
    if method.upper() != "POST":
        return _bad(
            f"Publishing takes POST, not {method.upper()}.", "the Event API endpoint takes POST"
        )
    try:
        request = json.loads(body) if body.strip() else None
    except ValueError:
        request = None
    if not isinstance(request, dict) or not isinstance(request.get("events"), list):
        return _bad(
            "The request body must be a JSON object with a channel and a list of events.",
            "the body is not a publish request",
        )
    segments = _channel(request.get("channel"))
    if segments is None:
        return _bad(
            f"Invalid channel {request.get('channel')!r}: a channel is 1 to 5 segments of 1 to "
            "50 letters, digits or dashes.",
            "the channel is not a channel path",
        )
    namespace = api.namespaces.get(segments[0])
    if namespace is None:
        return _unauthorized(None, f"API {api.api_id} has no channel namespace {segments[0]}")
    modes = namespace.publish_auth_modes or api.event_config.get("defaultPublishAuthModes")
    allowed = [m["authType"] for m in modes or ()]
    if caller.mode not in allowed:
        return _unauthorized(
            access.NOT_AUTHORIZED,
            f"namespace {namespace.name} takes publishes with {', '.join(allowed) or 'no mode'}, "
            f"not {caller.mode}",
        )
    events = request["events"]
    if len(events) > MAX_EVENTS:
        return _bad(TOO_MANY, f"{len(events)} events in one publish")
    for index, event in enumerate(events):
        problem = _event_problem(event)
        if problem is not None:
            return _bad(f"Invalid event at index {index}: {problem}.", "an event is not JSON text")
    channel = "/" + "/".join(segments)
    now = clock.now()
    successful = []
    for index, event in enumerate(events):
        identifier = ids.uuid4()
        api.events.append(PublishedEvent(identifier, channel, namespace.name, event, now))
        # under a journal (mockgw server --state) the event is kept as the change it made
        tape.effect(PUBLISH, api.api_id, identifier, channel, namespace.name, event, now)
        successful.append({"identifier": identifier, "index": index})
    return responses.json_answer(200, {"failed": [], "successful": successful})


def _event_problem(event: Any) -> str | None:
    if not isinstance(event, str):
        return "each event must be a string holding a JSON value"
    if len(event.encode()) > MAX_EVENT_BYTES:
        return "an event can hold at most 240 KB"
    try:
        json.loads(event)
    except ValueError:
        return "the string does not hold a JSON value"
    return None


#: The one change publishing makes to the state, as a journal records it (see :func:`replay`).
PUBLISH = "publish"


def replay(state: AppSyncState, change: list[Any]) -> None:
    """Make again a publish :func:`answer` noted (``mockgw.tape.effect``)."""
    if len(change) != 7 or change[0] != PUBLISH:
        raise ValueError(f"not a publishing change: {change!r}")
    _, api_id, identifier, channel, namespace, payload, published = change
    api = state.event_apis.get(api_id)
    if api is None:
        raise ValueError(f"publishing change for an Event API that does not exist: {api_id!r}")
    api.events.append(PublishedEvent(identifier, channel, namespace, payload, float(published)))
