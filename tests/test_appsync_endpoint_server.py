"""The AppSync endpoint through ``mockgw server``, with a plain HTTP client: the GraphQL API's
and the Event API's host names in the ``Host`` header, and the path forms ``/graphql/{apiId}``
and ``/event/{apiId}`` on the server's own address."""

from __future__ import annotations

import datetime as dt
import http.client
import json
from typing import Any

import pytest
from freezegun import freeze_time

from mockgw.server import MockgwServer
from tests.appsync_endpoint_fixtures import MISSING_HEADER, NOT_AUTHORIZED, GraphqlApi

HELLO_REQUEST = '{"version": "2018-05-29", "payload": {"greeting": "hello $!{ctx.args.name}"}}'
QUERY = json.dumps({"query": '{ hello(name: "ada") }'}).encode()
HELLO = b'{"data":{"hello":"hello ada"}}'


def send(
    server: MockgwServer, path: str, body: bytes, headers: dict[str, str]
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        conn.request(
            "POST", path, body=body, headers={"Content-Type": "application/json", **headers}
        )
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.fixture
def served(mockgw_server: MockgwServer) -> tuple[MockgwServer, GraphqlApi]:
    api = GraphqlApi(mockgw_server.client("appsync"))
    api.vtl("Query", "hello", HELLO_REQUEST, "$util.toJson($ctx.result.greeting)")
    return mockgw_server, api


def forms(server: MockgwServer, api: GraphqlApi) -> list[tuple[str, dict[str, str]]]:
    """Every way to reach the API's /graphql through the server."""
    return [
        (f"/graphql/{api.id}", {}),
        ("/graphql", {"Host": f"{api.id}.appsync-api.localhost:{server.port}"}),
        ("/graphql", {"Host": f"{api.id}.appsync-api.us-east-1.amazonaws.com"}),
    ]


def test_a_keys_whole_life_through_the_server(served: tuple[MockgwServer, GraphqlApi]) -> None:
    server, api = served
    with freeze_time("2024-05-06 12:00:00") as clock:
        now = int(dt.datetime(2024, 5, 6, 12, tzinfo=dt.timezone.utc).timestamp())
        key = api.key(expires=now + 2 * 86_400)
        for path, headers in forms(server, api):
            status, answered, body = send(server, path, QUERY, {**headers, "x-api-key": key})
            assert (status, body) == (200, HELLO)
            assert answered["Content-Type"] == "application/json; charset=UTF-8"

        clock.tick(dt.timedelta(days=3))
        for path, headers in forms(server, api):
            status, answered, body = send(server, path, QUERY, {**headers, "x-api-key": key})
            assert (status, body) == (401, NOT_AUTHORIZED)
            assert answered["x-amzn-ErrorType"] == "UnauthorizedException"

        rotated = api.key()
        status, _, body = send(server, f"/graphql/{api.id}", QUERY, {"x-api-key": rotated})
        assert (status, body) == (200, HELLO)
        api.appsync.delete_api_key(apiId=api.id, id=rotated)
        status, _, body = send(server, f"/graphql/{api.id}", QUERY, {"x-api-key": rotated})
        assert (status, body) == (401, NOT_AUTHORIZED)


def test_the_server_refuses_a_missing_key_and_an_unknown_api(
    served: tuple[MockgwServer, GraphqlApi],
) -> None:
    server, api = served
    assert send(server, f"/graphql/{api.id}", QUERY, {})[::2] == (401, MISSING_HEADER)
    status, _, body = send(server, "/graphql/" + "b" * 26, QUERY, {"x-api-key": api.key()})
    assert status == 404
    assert json.loads(body)["errors"][0]["errorType"] == "NotFoundException"


def test_the_server_runs_a_pipeline_and_a_validation_error(
    served: tuple[MockgwServer, GraphqlApi],
) -> None:
    server, api = served
    step = api.function(
        "step",
        requestMappingTemplate=(
            '{"version": "2018-05-29", "payload": $util.toJson($ctx.prev.result)}'
        ),
        responseMappingTemplate='#set($n = $ctx.result.n + 1){"n": $n}',
    )
    api.pipeline(
        "Query",
        "total",
        [step, step],
        requestMappingTemplate='{"n": $ctx.args.n}',
        responseMappingTemplate='"$ctx.prev.result.n"',
    )
    key = api.key()
    query = json.dumps({"query": "{ total(n: 1) }"}).encode()
    assert send(server, f"/graphql/{api.id}", query, {"x-api-key": key})[::2] == (
        200,
        b'{"data":{"total":"3"}}',
    )
    invalid = json.dumps({"query": "{ nope }"}).encode()
    status, _, body = send(server, f"/graphql/{api.id}", invalid, {"x-api-key": key})
    assert status == 200
    assert json.loads(body)["errors"][0]["message"].startswith(
        "Validation error of type FieldUndefined"
    )


def test_the_server_takes_event_api_publishes(mockgw_server: MockgwServer) -> None:
    appsync = mockgw_server.client("appsync")
    modes = [{"authType": "API_KEY"}]
    api: Any = appsync.create_api(
        name="chat",
        eventConfig={
            "authProviders": modes,
            "connectionAuthModes": modes,
            "defaultPublishAuthModes": modes,
            "defaultSubscribeAuthModes": modes,
        },
    )["api"]
    appsync.create_channel_namespace(apiId=api["apiId"], name="default")
    key = appsync.create_api_key(apiId=api["apiId"])["apiKey"]["id"]
    body = json.dumps({"channel": "default/a", "events": ['{"n": 1}']}).encode()
    for path, headers in (
        (f"/event/{api['apiId']}", {}),
        ("/event", {"Host": api["dns"]["HTTP"]}),
    ):
        status, _, answered = send(mockgw_server, path, body, {**headers, "x-api-key": key})
        assert status == 200
        assert json.loads(answered)["successful"][0]["index"] == 0
    status, _, answered = send(mockgw_server, f"/event/{api['apiId']}", body, {"x-api-key": "bad"})
    assert (status, answered) == (401, NOT_AUTHORIZED)
    conn = http.client.HTTPConnection(mockgw_server.host, mockgw_server.port, timeout=10)
    try:
        conn.request("GET", "/_mockgw/state")
        state = json.loads(conn.getresponse().read())
    finally:
        conn.close()
    (event_api,) = state["appsync"]["123456789012"]["us-east-1"]["event_apis"]
    assert [(e["channel"], e["payload"]) for e in event_api["events"]] == [
        ("/default/a", '{"n": 1}'),
        ("/default/a", '{"n": 1}'),
    ]


def test_published_events_survive_a_restart_with_a_state_file(tmp_path: Any) -> None:
    """Publishing changes state outside the dispatcher: the journal keeps each event as the
    change it made, and a restarted server replays it (ids and times as published)."""
    path = tmp_path / "state.json"
    modes = [{"authType": "API_KEY"}]
    with MockgwServer(port=0, state_file=path) as server:
        appsync = server.client("appsync")
        api: Any = appsync.create_api(
            name="chat",
            eventConfig={
                "authProviders": modes,
                "connectionAuthModes": modes,
                "defaultPublishAuthModes": modes,
                "defaultSubscribeAuthModes": modes,
            },
        )["api"]
        appsync.create_channel_namespace(apiId=api["apiId"], name="default")
        key = appsync.create_api_key(apiId=api["apiId"])["apiKey"]["id"]
        body = json.dumps({"channel": "default/room", "events": ['{"n": 1}', '{"n": 2}']})
        status, _, answered = send(
            server, f"/event/{api['apiId']}", body.encode(), {"x-api-key": key}
        )
        assert status == 200
        published = [e["identifier"] for e in json.loads(answered)["successful"]]
        before = server.snapshot()["appsync"]["123456789012"]["us-east-1"]["event_apis"]
    with MockgwServer(port=0, state_file=path) as again:
        after = again.snapshot()["appsync"]["123456789012"]["us-east-1"]["event_apis"]
    assert after == before
    assert [e["identifier"] for e in after[0]["events"]] == published
