"""Publishing to an Event API's channels over HTTP, with its API keys enforced, and reading
what was published back in the test.

Pinned AWS facts (mockgw/services/appsync/endpoint/publishing.py): success is 200
``{"failed": [], "successful": [{"identifier", "index"}]}``; a bad key is 401
UnauthorizedException ``You are not authorized to make this call.``; an unknown namespace is
401 UnauthorizedException without a message; more than 5 events is 400 BadRequestException
``Input exceeded 5 event limit``. Other 400 texts are mockgw's.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
from freezegun import freeze_time

import mockgw
from mockgw import MockgwError, mock_appsync
from tests.appsync_endpoint_fixtures import MISSING_HEADER, NOT_AUTHORIZED

API_KEY = [{"authType": "API_KEY"}]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


class EventApi:
    def __init__(self, appsync: Any, providers: list[dict[str, Any]] | None = None) -> None:
        self.appsync = appsync
        providers = providers or API_KEY
        api = appsync.create_api(
            name="chat",
            eventConfig={
                "authProviders": providers,
                "connectionAuthModes": API_KEY,
                "defaultPublishAuthModes": API_KEY,
                "defaultSubscribeAuthModes": API_KEY,
            },
        )["api"]
        self.id: str = api["apiId"]
        self.url = f"https://{api['dns']['HTTP']}/event"
        appsync.create_channel_namespace(apiId=self.id, name="default")

    def key(self, **options: Any) -> str:
        key: str = self.appsync.create_api_key(apiId=self.id, **options)["apiKey"]["id"]
        return key


@pytest.fixture
def mocked() -> Iterator[mockgw.Mock]:
    with mock_appsync() as m:
        yield m


@pytest.fixture
def api(mocked: mockgw.Mock) -> EventApi:
    return EventApi(boto3.client("appsync", region_name="us-east-1"))


def publish(url: str, body: Any, key: str | None = None) -> requests.Response:
    headers = {"content-type": "application/json"}
    if key is not None:
        headers["x-api-key"] = key
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return requests.post(url, data=data, headers=headers, timeout=5)


def test_published_events_are_acknowledged_and_kept_for_the_test(
    api: EventApi, mocked: mockgw.Mock
) -> None:
    key = api.key()
    with freeze_time("2024-05-06 12:00:00"):
        response = publish(
            api.url,
            {"channel": "default/room-1", "events": ['{"text": "hi"}', "42"]},
            key,
        )
    assert response.status_code == 200
    got = response.json()
    assert list(got) == ["failed", "successful"]
    assert got["failed"] == []
    assert [s["index"] for s in got["successful"]] == [0, 1]
    assert all(UUID.fullmatch(s["identifier"]) for s in got["successful"])
    publish(api.url, {"channel": "/default/room-2", "events": ['"bye"']}, key)

    events = mocked.published_events(api.id)
    assert [(e["channel"], e["namespace"], e["event"]) for e in events] == [
        ("/default/room-1", "default", {"text": "hi"}),
        ("/default/room-1", "default", 42),
        ("/default/room-2", "default", "bye"),
    ]
    assert events[0]["payload"] == '{"text": "hi"}'
    assert events[0]["identifier"] == got["successful"][0]["identifier"]
    assert events[0]["published"] == dt.datetime(2024, 5, 6, 12, tzinfo=dt.timezone.utc).timestamp()
    assert [e["event"] for e in mocked.published_events(api.id, "default/room-2")] == ["bye"]
    assert mocked.published_events(api.id, "/default/nobody") == []


def test_keys_guard_publishing_as_they_guard_queries(api: EventApi) -> None:
    body = {"channel": "default/a", "events": ['"x"']}
    with freeze_time("2024-05-06 12:00:00") as clock:
        key = api.key()
        assert publish(api.url, body, key).status_code == 200
        clock.tick(dt.timedelta(days=8))
        expired = publish(api.url, body, key)
    assert (expired.status_code, expired.content) == (401, NOT_AUTHORIZED)
    assert expired.headers["x-amzn-ErrorType"] == "UnauthorizedException"
    missing = publish(api.url, body)
    assert (missing.status_code, missing.content) == (401, MISSING_HEADER)
    unknown = publish(api.url, body, "da2-unknown")
    assert (unknown.status_code, unknown.content) == (401, NOT_AUTHORIZED)


def test_a_channel_outside_every_namespace_is_unauthorized_without_a_message(
    api: EventApi, mocked: mockgw.Mock
) -> None:
    response = publish(api.url, {"channel": "other/a", "events": ['"x"']}, api.key())
    assert response.status_code == 401
    assert (
        response.content
        == b'{\n  "errors" : [ {\n    "errorType" : "UnauthorizedException"\n  } ]\n}'
    )
    assert mocked.published_events(api.id) == []


def test_more_than_five_events_is_a_bad_request(api: EventApi, mocked: mockgw.Mock) -> None:
    response = publish(api.url, {"channel": "default/a", "events": ['"x"'] * 6}, api.key())
    assert response.status_code == 400
    assert response.content == (
        b'{\n  "errors" : [ {\n    "errorType" : "BadRequestException",\n'
        b'    "message" : "Input exceeded 5 event limit"\n  } ]\n}'
    )
    assert mocked.published_events(api.id) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "The request body must be a JSON object with a channel and a list of events."),
        (
            {"channel": "default/a"},
            "The request body must be a JSON object with a channel and a list of events.",
        ),
        (
            {"channel": "default/1/2/3/4/5", "events": ['"x"']},
            "Invalid channel 'default/1/2/3/4/5': a channel is 1 to 5 segments of 1 to 50 "
            "letters, digits or dashes.",
        ),
        (
            {"channel": "default/" + "a" * 51, "events": ['"x"']},
            f"Invalid channel 'default/{'a' * 51}': a channel is 1 to 5 segments of 1 to 50 "
            "letters, digits or dashes.",
        ),
        (
            {"channel": "default/a", "events": [{"not": "text"}]},
            "Invalid event at index 0: each event must be a string holding a JSON value.",
        ),
        (
            {"channel": "default/a", "events": ['"ok"', "{nope"]},
            "Invalid event at index 1: the string does not hold a JSON value.",
        ),
    ],
)
def test_bad_publishes_are_bad_requests_and_keep_nothing(
    api: EventApi, mocked: mockgw.Mock, body: Any, message: str
) -> None:
    response = publish(api.url, body, api.key())
    assert response.status_code == 400
    assert response.json() == {"errors": [{"errorType": "BadRequestException", "message": message}]}
    assert mocked.published_events(api.id) == []


def test_a_namespaces_publish_modes_decide_who_may_publish(mocked: mockgw.Mock) -> None:
    appsync = boto3.client("appsync", region_name="us-east-1")
    api = EventApi(appsync, providers=[{"authType": "API_KEY"}, {"authType": "AWS_IAM"}])
    appsync.create_channel_namespace(
        apiId=api.id, name="admin", publishAuthModes=[{"authType": "AWS_IAM"}]
    )
    key = api.key()
    response = publish(api.url, {"channel": "admin/a", "events": ['"x"']}, key)
    assert (response.status_code, response.content) == (401, NOT_AUTHORIZED)
    assert response.headers["x-mockgw-reason"] == (
        "namespace admin takes publishes with AWS_IAM, not API_KEY"
    )
    assert publish(api.url, {"channel": "default/a", "events": ['"x"']}, key).status_code == 200


def test_published_events_survive_a_snapshot_and_go_with_a_reset(
    api: EventApi, mocked: mockgw.Mock
) -> None:
    publish(api.url, {"channel": "default/a", "events": ['{"n": 1}']}, api.key())
    saved = mocked.snapshot()
    mocked.reset()
    with pytest.raises(MockgwError, match="no AppSync API"):
        mocked.published_events(api.id)
    mocked.restore(saved)
    assert [e["event"] for e in mocked.published_events(api.id)] == [{"n": 1}]


def test_published_events_refuses_misuse(api: EventApi, mocked: mockgw.Mock) -> None:
    graphql = api.appsync.create_graphql_api(name="g", authenticationType="API_KEY")
    with pytest.raises(MockgwError, match="no Event API"):
        mocked.published_events(graphql["graphqlApi"]["apiId"])
    with pytest.raises(MockgwError, match="no AppSync API 'nope'"):
        mocked.published_events("nope")


def test_an_event_api_answers_only_at_event(api: EventApi) -> None:
    response = requests.post(
        api.url.replace("/event", "/graphql"),
        json={"query": "{ x }"},
        headers={"x-api-key": api.key()},
        timeout=5,
    )
    assert response.status_code == 404
    assert response.json()["errors"][0]["errorType"] == "NotFoundException"
