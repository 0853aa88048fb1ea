# ruff: noqa: F811 - the shared fixtures are imported by name, and pytest injects them
"""Calls through an AppSync custom domain name: ``https://{domain}/graphql`` reaches the API
the domain serves (AssociateApi), with its keys enforced, in-process through ``requests`` and on
``mockgw server`` through the ``Host`` header; a domain that serves no API is 404. mockgw claims
the name only while it exists in the active mock: before and after, requests to it go where
they would have gone without mockgw (here a user's own ``responses`` mock, so nothing reaches
the network)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import requests
import responses

from mockgw import Mock, mock_appsync
from mockgw.server import MockgwServer
from tests.appsync_endpoint_fixtures import (  # noqa: F401
    HELLO_REQUEST,
    HELLO_RESPONSE,
    NOT_AUTHORIZED,
    GraphqlApi,
    api,
    mocked,
    post,
)

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0e2c6b0a-1111-2222-3333-444455556666"
DOMAIN = "api.example.com"
QUERY = '{ hello(name: "ada") }'


def serve_on_domain(appsync: Any, api: GraphqlApi, domain: str = DOMAIN) -> None:
    appsync.create_domain_name(domainName=domain, certificateArn=CERT)
    appsync.associate_api(domainName=domain, apiId=api.id)


def test_a_custom_domain_answers_for_its_api_with_keys_enforced(api: GraphqlApi) -> None:
    serve_on_domain(api.appsync, api)
    key = api.key()
    answered = post(f"https://{DOMAIN}/graphql", QUERY, key)
    assert answered.status_code == 200
    assert answered.json() == {"data": {"hello": "hello ada"}}
    # the host matches in any case, and the key is checked as on the API's own host
    assert post("https://API.Example.com/graphql", QUERY, key).status_code == 200
    refused = post(f"https://{DOMAIN}/graphql", QUERY, "da2-" + "a" * 26)
    assert (refused.status_code, refused.content) == (401, NOT_AUTHORIZED)


def test_a_domain_with_no_api_is_not_found_and_a_moved_one_follows(api: GraphqlApi) -> None:
    appsync = api.appsync
    appsync.create_domain_name(domainName=DOMAIN, certificateArn=CERT)
    unserved = post(f"https://{DOMAIN}/graphql", QUERY, api.key())
    assert unserved.status_code == 404
    assert unserved.headers["x-amzn-ErrorType"] == "NotFoundException"
    assert f"No API is associated with domain name {DOMAIN}." in unserved.text

    other = GraphqlApi(appsync)
    other.vtl(
        "Query",
        "hello",
        '{"version": "2018-05-29", "payload": "other"}',
        "$util.toJson($ctx.result)",
    )
    appsync.associate_api(domainName=DOMAIN, apiId=api.id)
    assert post(f"https://{DOMAIN}/graphql", QUERY, api.key()).json()["data"]["hello"] == (
        "hello ada"
    )
    appsync.associate_api(domainName=DOMAIN, apiId=other.id)  # moves the domain
    assert post(f"https://{DOMAIN}/graphql", QUERY, other.key()).json() == {
        "data": {"hello": "other"}
    }


def test_calls_through_the_domain_are_recorded(mocked: Mock, api: GraphqlApi) -> None:
    serve_on_domain(api.appsync, api)
    post(f"https://{DOMAIN}/graphql", QUERY, api.key())
    call = mocked.calls.filter(service="appsync-api")[-1]
    assert (call.status, call.door) == (200, "requests")


def test_a_custom_domain_through_the_server(mockgw_server: MockgwServer) -> None:
    appsync = mockgw_server.client("appsync")
    api = GraphqlApi(appsync)
    api.vtl("Query", "hello", HELLO_REQUEST, HELLO_RESPONSE)
    serve_on_domain(appsync, api)
    key = api.key()
    answered = requests.post(
        f"{mockgw_server.endpoint_url}/graphql",
        data=json.dumps({"query": QUERY}),
        headers={"Host": DOMAIN, "x-api-key": key, "Content-Type": "application/json"},
        timeout=10,
    )
    assert answered.status_code == 200
    assert answered.json() == {"data": {"hello": "hello ada"}}


def test_the_domain_is_claimed_only_while_it_exists() -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as theirs:
        theirs.add(responses.POST, f"https://{DOMAIN}/graphql", status=418, body=b"not mockgw")
        with mock_appsync():
            appsync = boto3.client("appsync", region_name="us-east-1")
            api = GraphqlApi(appsync)
            api.vtl("Query", "hello", HELLO_REQUEST, HELLO_RESPONSE)
            key = api.key()
            assert post(f"https://{DOMAIN}/graphql", QUERY, key).status_code == 418
            serve_on_domain(appsync, api)
            assert post(f"https://{DOMAIN}/graphql", QUERY, key).status_code == 200
            appsync.disassociate_api(domainName=DOMAIN)
            appsync.delete_domain_name(domainName=DOMAIN)
            assert post(f"https://{DOMAIN}/graphql", QUERY, key).status_code == 418
        assert post(f"https://{DOMAIN}/graphql", QUERY, key).status_code == 418


def test_a_custom_domain_publishes_to_its_event_api(mocked: Mock) -> None:
    from tests.test_appsync_event_endpoint import EventApi, publish

    appsync = boto3.client("appsync", region_name="us-east-1")
    events = EventApi(appsync)
    appsync.create_domain_name(domainName="events.example.com", certificateArn=CERT)
    appsync.associate_api(domainName="events.example.com", apiId=events.id)
    answered = publish(
        "https://events.example.com/event",
        {"channel": "default/room", "events": ['"hi"']},
        events.key(),
    )
    assert answered.status_code == 200
    assert [e["event"] for e in mocked.published_events(events.id)] == ["hi"]
