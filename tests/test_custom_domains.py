"""Calls through a custom domain name: ``https://{domain name}/{basePath}/{path}`` reaches the
mapped REST API stage and is answered by the execute-api engine (API keys, usage plans,
throttle, quota, usage), in-process through ``requests`` and on ``mockgw server`` through the
``Host`` header. A path no base path mapping takes is AWS's 403 ``{"message":"Forbidden"}``.

mockgw claims a custom domain name only while it exists in the active world: before it is made
and after it is deleted, requests to it go where they would have gone without mockgw (here a
user's own ``responses`` mock, so nothing reaches the network).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
import responses
from freezegun import freeze_time

from mockgw import Mock, mock_apigateway
from mockgw.server import MockgwServer
from mockgw.services import CUSTOM_HOSTS, SERVICES, definition
from tests.apigw_fixtures import rest_api_with_get

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
DOMAIN = "api.example.com"
HELLO = b'{"message": "hello from mockgw"}'
FORBIDDEN = b'{"message":"Forbidden"}'
LIMIT_EXCEEDED = b'{"message":"Limit Exceeded"}'
MISSING_TOKEN = b'{"message":"Missing Authentication Token"}'


class Mapped:
    """A REST API (``GET /`` needs a key and answers HELLO) deployed to ``dev`` and ``prod``,
    an API key in a usage plan on ``dev`` (quota ``quota`` a day), and the custom domain
    name ``api.example.com`` mapping base path ``v1`` to stage ``dev``."""

    def __init__(self, apigw: Any, quota: int = 100) -> None:
        self.apigw = apigw
        self.api_id, _ = rest_api_with_get(apigw)
        apigw.create_deployment(restApiId=self.api_id, stageName="dev")
        apigw.create_deployment(restApiId=self.api_id, stageName="prod")
        self.plan = apigw.create_usage_plan(
            name="plan",
            apiStages=[{"apiId": self.api_id, "stage": "dev"}],
            quota={"limit": quota, "period": "DAY"},
        )
        self.key = apigw.create_api_key(name="key", enabled=True)
        apigw.create_usage_plan_key(
            usagePlanId=self.plan["id"], keyId=self.key["id"], keyType="API_KEY"
        )
        apigw.create_domain_name(
            domainName=DOMAIN,
            regionalCertificateArn=CERT,
            endpointConfiguration={"types": ["REGIONAL"]},
        )
        apigw.create_base_path_mapping(
            domainName=DOMAIN, restApiId=self.api_id, stage="dev", basePath="v1"
        )

    @property
    def headers(self) -> dict[str, str]:
        return {"x-api-key": self.key["value"]}

    def usage(self, day: str) -> Any:
        return self.apigw.get_usage(usagePlanId=self.plan["id"], startDate=day, endDate=day)[
            "items"
        ]


def get(url: str, headers: dict[str, str] | None = None) -> requests.Response:
    return requests.get(url, headers=headers or {}, timeout=5)


@pytest.fixture
def apigw(mockgw: Mock) -> Any:
    return boto3.client("apigateway", region_name="us-east-1")


# ---------------------------------------------------------------------------- in-process


def test_a_metered_call_through_a_custom_domain_name(apigw: Any) -> None:
    mapped = Mapped(apigw, quota=2)
    with freeze_time("2024-05-01 10:00:00"):
        first = get(f"https://{DOMAIN}/v1/", mapped.headers)
        assert (first.status_code, first.content) == (200, HELLO)
        assert first.headers["Content-Type"] == "application/json"
        assert get(f"https://{DOMAIN}/v1", mapped.headers).status_code == 200
        refused = get(f"https://{DOMAIN}/v1/", mapped.headers)
        assert (refused.status_code, refused.content) == (429, LIMIT_EXCEEDED)
        no_key = get(f"https://{DOMAIN}/v1/")
        assert (no_key.status_code, no_key.content) == (403, FORBIDDEN)
    assert mapped.usage("2024-05-01") == {mapped.key["id"]: [[2, 0]]}


def test_the_same_key_is_metered_the_same_through_either_endpoint(apigw: Any) -> None:
    mapped = Mapped(apigw, quota=2)
    with freeze_time("2024-05-01 10:00:00"):
        via_domain = get(f"https://{DOMAIN}/v1/", mapped.headers)
        via_default = get(
            f"https://{mapped.api_id}.execute-api.us-east-1.amazonaws.com/dev/", mapped.headers
        )
        third = get(f"https://{DOMAIN}/v1/", mapped.headers)
    assert [via_domain.status_code, via_default.status_code, third.status_code] == [200, 200, 429]


def test_an_unmapped_path_is_forbidden(apigw: Any) -> None:
    mapped = Mapped(apigw)
    for path in ("/", "/v2/", "/v1x/", "/dev/"):
        response = get(f"https://{DOMAIN}{path}", mapped.headers)
        assert (response.status_code, response.content) == (403, FORBIDDEN), path
        assert response.headers["x-amzn-ErrorType"] == "ForbiddenException"
        assert "base path mapping" in response.headers["x-mockgw-reason"]


def test_a_mapped_path_without_a_route_is_missing_authentication_token(apigw: Any) -> None:
    mapped = Mapped(apigw)
    response = get(f"https://{DOMAIN}/v1/nope", mapped.headers)
    assert (response.status_code, response.content) == (403, MISSING_TOKEN)


def test_the_empty_base_path_takes_what_no_other_mapping_does(apigw: Any) -> None:
    mapped = Mapped(apigw)
    plan = apigw.create_usage_plan(
        name="prod", apiStages=[{"apiId": mapped.api_id, "stage": "prod"}]
    )
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=mapped.key["id"], keyType="API_KEY")
    apigw.create_base_path_mapping(domainName=DOMAIN, restApiId=mapped.api_id, stage="prod")
    assert get(f"https://{DOMAIN}/", mapped.headers).status_code == 200
    assert get(f"https://{DOMAIN}/v1/", mapped.headers).status_code == 200
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    assert mapped.usage(today) == {mapped.key["id"]: [[1, 99]]}  # /v1/ went to dev, / to prod


def test_a_mapping_without_a_stage_takes_it_from_the_path(apigw: Any) -> None:
    mapped = Mapped(apigw)
    apigw.create_base_path_mapping(domainName=DOMAIN, restApiId=mapped.api_id, basePath="any")
    assert get(f"https://{DOMAIN}/any/dev/", mapped.headers).status_code == 200
    prod = get(f"https://{DOMAIN}/any/prod/", mapped.headers)  # the key's plan is on dev only
    assert (prod.status_code, prod.content) == (403, FORBIDDEN)
    missing = get(f"https://{DOMAIN}/any/qa/", mapped.headers)
    assert (missing.status_code, missing.content) == (403, MISSING_TOKEN)


def test_a_disabled_default_endpoint_still_answers_through_the_custom_domain(apigw: Any) -> None:
    mapped = Mapped(apigw)
    apigw.update_rest_api(
        restApiId=mapped.api_id,
        patchOperations=[{"op": "replace", "path": "/disableExecuteApiEndpoint", "value": "true"}],
    )
    default = get(
        f"https://{mapped.api_id}.execute-api.us-east-1.amazonaws.com/dev/", mapped.headers
    )
    assert (default.status_code, default.content) == (403, FORBIDDEN)
    assert get(f"https://{DOMAIN}/v1/", mapped.headers).status_code == 200


def test_host_names_match_without_case_port_or_trailing_dot(apigw: Any) -> None:
    mapped = Mapped(apigw)
    for url in (
        "https://API.Example.COM/v1/",
        "https://api.example.com:443/v1/",
        "https://api.example.com./v1/",
        "http://api.example.com/v1/",
    ):
        assert get(url, mapped.headers).status_code == 200, url


def test_a_wildcard_domain_name_answers_its_subdomains(apigw: Any) -> None:
    api_id, _ = rest_api_with_get(apigw)
    apigw.create_deployment(restApiId=api_id, stageName="dev")
    apigw.create_domain_name(
        domainName="*.example.org",
        regionalCertificateArn=CERT,
        endpointConfiguration={"types": ["REGIONAL"]},
    )
    apigw.create_base_path_mapping(domainName="*.example.org", restApiId=api_id, stage="dev")
    response = get("https://tenant-a.example.org/")
    assert (response.status_code, response.content) == (403, FORBIDDEN)  # no key: but answered


def test_a_domain_name_of_another_account_or_region_is_answered_there() -> None:
    with mock_apigateway():
        west = boto3.client(
            "apigateway",
            region_name="eu-west-1",
            aws_access_key_id="210987654321",
            aws_secret_access_key="x",
        )
        mapped = Mapped(west)
        assert get(f"https://{DOMAIN}/v1/", mapped.headers).status_code == 200


def test_a_custom_domain_name_is_claimed_only_while_it_exists() -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as theirs:
        theirs.add(responses.GET, f"https://{DOMAIN}/v1/", status=418, body=b"not mockgw")
        with mock_apigateway():
            apigw = boto3.client("apigateway", region_name="us-east-1")
            assert get(f"https://{DOMAIN}/v1/").status_code == 418  # not made yet
            mapped = Mapped(apigw)
            assert get(f"https://{DOMAIN}/v1/", mapped.headers).status_code == 200
            apigw.delete_domain_name(domainName=DOMAIN)
            assert get(f"https://{DOMAIN}/v1/", mapped.headers).status_code == 418
        assert get(f"https://{DOMAIN}/v1/").status_code == 418  # the mock stopped


def test_a_private_domain_name_is_not_answered() -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as theirs:
        theirs.add(responses.GET, "https://private.example.com/", status=418)
        with mock_apigateway():
            apigw = boto3.client("apigateway", region_name="us-east-1")
            apigw.create_domain_name(
                domainName="private.example.com",
                certificateArn=CERT,
                endpointConfiguration={"types": ["PRIVATE"]},
            )
            assert get("https://private.example.com/").status_code == 418


def test_custom_domain_names_are_answered_after_a_restore(mockgw: Mock, apigw: Any) -> None:
    mapped = Mapped(apigw)
    saved = mockgw.snapshot()
    mockgw.reset()  # a new world directory: nothing is published any more
    assert apigw.get_domain_names()["items"] == []
    mockgw.restore(saved)  # the restored states publish their names again
    assert get(f"https://{DOMAIN}/v1/", mapped.headers).status_code == 200


# ---------------------------------------------------------------------------- mockgw server


def raw(
    server: MockgwServer, method: str, path: str, headers: dict[str, str]
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        conn.request(method, path, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.fixture
def served(mockgw_server: MockgwServer) -> Iterator[tuple[MockgwServer, Mapped]]:
    yield mockgw_server, Mapped(mockgw_server.client("apigateway"), quota=2)


def test_the_server_answers_a_custom_domain_name_by_host_header(
    served: tuple[MockgwServer, Mapped],
) -> None:
    server, mapped = served
    for host in (DOMAIN, f"{DOMAIN}:{server.port}"):
        status, headers, body = raw(server, "GET", "/v1/", {"Host": host, **mapped.headers})
        assert (status, body) == (200, HELLO)
        assert headers["Content-Type"] == "application/json"
    status, _, body = raw(server, "GET", "/v1/", {"Host": DOMAIN, **mapped.headers})
    assert (status, body) == (429, LIMIT_EXCEEDED)
    status, headers, body = raw(server, "GET", "/v2/", {"Host": DOMAIN})
    assert (status, body, headers["x-amzn-ErrorType"]) == (403, FORBIDDEN, "ForbiddenException")
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    assert mapped.usage(today) == {mapped.key["id"]: [[2, 0]]}


def test_the_server_answers_its_control_plane_beside_custom_domain_names(
    served: tuple[MockgwServer, Mapped],
) -> None:
    server, mapped = served
    status, _, body = raw(server, "GET", f"/restapis/{mapped.api_id}/stages/dev", {})
    assert status == 200
    assert json.loads(body)["stageName"] == "dev"
    status, _, body = raw(server, "GET", "/domainnames", {})
    assert status == 200
    assert [d["domainName"] for d in json.loads(body)["item"]] == [DOMAIN]


def test_the_doors_know_which_directory_kind_names_custom_hosts() -> None:
    """``services.CUSTOM_HOSTS`` lets the doors ask without importing a service; it must say
    what the service's data plane answers."""
    planes = {s: definition(s).data_plane for s in SERVICES}
    answered = {
        plane.custom_hosts: service
        for service, plane in planes.items()
        if plane is not None and plane.custom_hosts is not None
    }
    assert answered == CUSTOM_HOSTS
