"""Deterministic ids: a seed makes every id, key value and request id of both services repeat."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from freezegun import freeze_time

import mockgw
from mockgw import ids, snapshot
from mockgw.server import MockgwServer


def scenario(apigw: Any, appsync: Any) -> dict[str, Any]:
    """Every kind of generated id and value, in one sequence of calls."""
    out: dict[str, Any] = {}
    key = apigw.create_api_key(name="k", enabled=True)
    out["key"] = (key["id"], key["value"], key["ResponseMetadata"]["RequestId"])
    plan = apigw.create_usage_plan(name="p")
    out["plan"] = plan["id"]
    api = apigw.create_rest_api(name="r")
    out["rest_api"] = (api["id"], api["rootResourceId"])
    resource = apigw.create_resource(
        restApiId=api["id"], parentId=api["rootResourceId"], pathPart="x"
    )
    out["resource"] = resource["id"]
    apigw.put_method(
        restApiId=api["id"], resourceId=resource["id"], httpMethod="GET", authorizationType="NONE"
    )
    apigw.put_integration(
        restApiId=api["id"], resourceId=resource["id"], httpMethod="GET", type="MOCK"
    )
    out["deployment"] = apigw.create_deployment(restApiId=api["id"], stageName="dev")["id"]
    graphql = appsync.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
    out["graphql"] = (graphql["apiId"], graphql["arn"], graphql["uris"]["GRAPHQL"])
    appsync_key = appsync.create_api_key(apiId=graphql["apiId"])
    out["appsync_key"] = (appsync_key["apiKey"]["id"], appsync_key["ResponseMetadata"]["RequestId"])
    error = apigw.exceptions.NotFoundException
    with pytest.raises(error) as info:
        apigw.get_api_key(apiKey="missing")
    out["error_request_id"] = info.value.response["ResponseMetadata"]["RequestId"]
    return out


def run(seed: int | str | None = None, mock_seed: int | str | None = None) -> dict[str, Any]:
    with freeze_time("2026-01-01"), mockgw.mock(seed=mock_seed) as m:
        if seed is not None:
            mockgw.seed(seed)
        apigw = boto3.client("apigateway", region_name="us-east-1")
        appsync = boto3.client("appsync", region_name="us-east-1")
        result = scenario(apigw, appsync)
        result["snapshot"] = m.snapshot()
        return result


def test_seeded_runs_give_identical_ids_values_and_snapshots() -> None:
    first, second = run(seed=42), run(seed=42)
    assert first == second
    other = run(seed=43)
    for name in ("key", "plan", "rest_api", "resource", "deployment", "graphql", "appsync_key"):
        assert first[name] != other[name], name


def test_unseeded_runs_differ() -> None:
    mockgw.seed(None)
    assert run()["key"] != run()["key"]


def test_mock_seed_reseeds_at_every_start() -> None:
    assert run(mock_seed=7) == run(mock_seed=7) == run(seed=7)

    @mockgw.mock_apigateway(seed="a test")
    def make_key() -> str:
        key: str = boto3.client("apigateway", region_name="us-east-1").create_api_key()["id"]
        return key

    assert make_key() == make_key()


def test_the_seeded_values_are_pinned() -> None:
    mockgw.seed(0)
    assert ids.apigateway_id() == "zhiakdp02e"
    assert ids.api_key_value() == "xyUT0VFk6Gke4O9KSOgRhNa6jTP3PrX5gRoI9ZAj"
    assert ids.usage_plan_id() == "55ztt0"
    assert ids.appsync_api_key_id() == "da2-eotxcgubgmuhmn7l3tm6q6qwcm"
    # request ids come from their own stream (seeded from the same seed), so they do not move
    # the resource ids above
    assert ids.request_id() == "1ab5b314-77c0-3aa2-9f36-4b55abaa2a7c"
    mockgw.seed("mockgw")
    assert ids.apigateway_id() == "5semwwidux"


def test_the_server_draws_the_same_ids_as_the_in_process_mock() -> None:
    with freeze_time("2026-01-01"):
        in_process = run(seed=42)
        with MockgwServer(port=0) as server:
            mockgw.seed(42)
            over_http = scenario(server.client("apigateway"), server.client("appsync"))
            state = snapshot.snapshot(server.world)
    in_process.pop("snapshot")
    assert over_http == in_process
    assert state == run(seed=42)["snapshot"]


def test_retries_reads_and_errors_do_not_move_the_seeded_resource_ids() -> None:
    """Request ids come from their own stream: throttled calls that botocore retries, extra
    reads and error answers each draw request ids, and none of them shifts a resource id."""

    def resource_ids(disturb: bool) -> list[str]:
        with freeze_time("2026-01-01"), mockgw.mock(seed=7) as m:
            apigw = boto3.client("apigateway", region_name="us-east-1")
            appsync = boto3.client("appsync", region_name="us-east-1")
            if disturb:
                for operation in ("CreateApiKey", "CreateRestApi", "CreateUsagePlan"):
                    m.inject_fault("apigateway", operation, "TooManyRequestsException", times=2)
                m.inject_fault("appsync", "CreateApiKey", "ThrottlingException", times=1)
            out = []
            key = apigw.create_api_key(name="k")
            out += [key["id"], key["value"]]
            if disturb:
                apigw.get_api_keys()
                with pytest.raises(apigw.exceptions.NotFoundException):
                    apigw.get_api_key(apiKey="missing")
            api = apigw.create_rest_api(name="r")
            out += [api["id"], api["rootResourceId"], apigw.create_usage_plan(name="p")["id"]]
            graphql = appsync.create_graphql_api(name="g", authenticationType="API_KEY")
            api_id = graphql["graphqlApi"]["apiId"]
            out += [api_id, appsync.create_api_key(apiId=api_id)["apiKey"]["id"]]
            if disturb:
                retried = [f.hits for f in m.faults]
                assert retried == [2, 2, 2, 1]  # botocore retried every throttled call
            return out

    assert resource_ids(disturb=True) == resource_ids(disturb=False)


def test_appsync_function_ids_start_with_a_letter() -> None:
    """The model's functionId pattern is ``[_A-Za-z][_0-9A-Za-z]*``: an id starting with a
    digit would be refused by every later call naming it."""
    mockgw.seed(3)
    made = [ids.appsync_function_id() for _ in range(400)]
    assert all(f[0].isalpha() and len(f) == 26 for f in made)
    assert len(set(made)) == 400
