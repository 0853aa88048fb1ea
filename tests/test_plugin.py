"""The pytest plugin, run the way users run it: pytest loads it from the `pytest11` entry point."""

from __future__ import annotations

from typing import Any

import aiobotocore.session
import boto3
import pytest

# What the inner runs use, imported here once: pytester drops the modules a run imports when
# it ends, and a re-imported mockgw module would hold different classes than the live state.
import mockgw.server
import mockgw.snapshot

PRELOADED = (aiobotocore.session, boto3, mockgw.server, mockgw.snapshot)

pytest_plugins = ["pytester"]

#: hypothesis's plugin imports hypothesis (1.5 s) in every inner run; these runs do not use it.
FLAGS = ("-p", "no:randomly", "-p", "no:hypothesispytest", "-p", "no:cacheprovider")


def run(pytester: pytest.Pytester, *args: str) -> Any:
    return pytester.runpytest(*FLAGS, *args)


def test_the_mockgw_fixture_gives_each_test_an_active_empty_mock(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import botocore.endpoint

        ORIGINAL = botocore.endpoint.Endpoint.__dict__["_send"]

        def apigw():
            return boto3.client("apigateway", region_name="us-east-1")

        def test_first(mockgw):
            assert mockgw.active
            key = apigw().create_api_key(name="first")
            assert mockgw.backend("apigateway").api_keys.get(key["id"]).name == "first"

        def test_second_starts_empty(mockgw):
            assert apigw().get_api_keys()["items"] == []

        def test_no_mock_without_the_fixture():
            assert botocore.endpoint.Endpoint.__dict__["_send"] is ORIGINAL
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=3)


def test_the_mockgw_server_fixture_is_one_live_server_reset_per_test(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import json
        import urllib.request

        seen = []

        def test_first(mockgw_server):
            seen.append(mockgw_server.endpoint_url)
            assert mockgw_server.endpoint_url.startswith("http://127.0.0.1:")
            apigw = mockgw_server.client("apigateway")
            apigw.create_api_key(name="first")
            assert [k["name"] for k in apigw.get_api_keys()["items"]] == ["first"]

        def test_second_is_the_same_server_with_empty_state(mockgw_server):
            seen.append(mockgw_server.endpoint_url)
            assert seen[0] == seen[1]
            url = mockgw_server.endpoint_url + "/_mockgw/state"
            with urllib.request.urlopen(url) as answer:
                assert json.load(answer) == {}

        def test_any_http_client_works(mockgw_server):
            request = urllib.request.Request(
                mockgw_server.endpoint_url + "/apikeys",
                data=b'{"name": "raw"}',
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            with urllib.request.urlopen(request) as answer:
                assert answer.status == 201
                assert json.load(answer)["name"] == "raw"
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=3)


def test_both_fixtures_together(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import asyncio

        import boto3
        from aiobotocore.session import get_session

        def test_in_process_and_server(mockgw, mockgw_server):
            boto3.client("apigateway", region_name="us-east-1").create_api_key(name="in-process")
            mockgw_server.client("apigateway").create_api_key(name="served")
            assert [k.name for k in mockgw.backend("apigateway").api_keys.values()] == [
                "in-process"
            ]
            state = mockgw_server.snapshot()["apigateway"]["123456789012"]["us-east-1"]
            assert [k["name"] for k in state["api_keys"]] == ["served"]

        def test_async_under_the_fixture(mockgw):
            async def scenario():
                async with get_session().create_client("apigateway", region_name="us-east-1") as c:
                    return (await c.create_api_key(name="async"))["name"]

            assert asyncio.run(scenario()) == "async"
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=2)


def test_the_plugin_is_an_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_uses_it(mockgw_server):
            pass
        """
    )
    result = run(pytester, "-p", "no:mockgw")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'mockgw_server' not found*"])


def test_mockgw_mock_leaves_the_package_name_free(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest

        import mockgw

        def test_the_package_stays_reachable(mockgw_mock):
            with pytest.raises(mockgw.UnmockedServiceError):
                boto3.client("sts", region_name="us-east-1").get_caller_identity()
            assert mockgw_mock.active

        def test_the_old_name_is_the_same_mock(mockgw, mockgw_mock):
            assert mockgw is mockgw_mock
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_fixtures_for_both_services_share_one_mock(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest

        @pytest.fixture
        def apigw(mockgw_mock):
            return boto3.client("apigateway", region_name="us-east-1")

        @pytest.fixture
        def appsync(mockgw_mock):
            return boto3.client("appsync", region_name="us-east-1")

        def test_both(apigw, appsync, mockgw_mock):
            apigw.create_api_key(name="k")
            appsync.create_graphql_api(name="g", authenticationType="API_KEY")
            assert [c.service for c in mockgw_mock.calls] == ["apigateway", "appsync"]
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_the_marker_seeds_and_allows(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest

        ids = []

        def key_id():
            return boto3.client("apigateway", region_name="us-east-1").create_api_key()["id"]

        @pytest.mark.mockgw(seed=7)
        def test_one(mockgw_mock):
            ids.append(key_id())

        @pytest.mark.mockgw(seed=7, allow=["sts"])
        def test_two(mockgw_mock):
            ids.append(key_id())
            assert mockgw_mock.allow == {"sts"}
            assert ids[0] == ids[1]

        def test_unseeded(mockgw_mock):
            assert key_id() != ids[0]
            assert mockgw_mock.allow == set()

        @pytest.mark.mockgw(seed="abc")
        class TestOnAClass:
            def test_seeded(self, mockgw_server):
                first = mockgw_server.client("apigateway").create_api_key()["id"]
                ids.append(first)

            @pytest.mark.mockgw(seed="abc")
            def test_again(self, mockgw_server):
                again = mockgw_server.client("apigateway").create_api_key()["id"]
                assert again == ids[-1]
        """
    )
    run(pytester).assert_outcomes(passed=5)


def test_the_ini_file_sets_defaults_the_marker_overrides(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        mockgw_seed = 42
        mockgw_allow =
            sts
            s3
        """
    )
    pytester.makepyfile(
        """
        import boto3
        import pytest

        import mockgw

        def key_id():
            return boto3.client("apigateway", region_name="us-east-1").create_api_key()["id"]

        def test_ini(mockgw_mock):
            assert mockgw_mock.seed == 42
            assert mockgw_mock.allow == {"sts", "s3"}
            first = key_id()
            mockgw_mock.reset()
            mockgw.seed(42)
            assert key_id() == first

        @pytest.mark.mockgw(allow=[])
        def test_marker_wins(mockgw_mock):
            assert mockgw_mock.allow == set() and mockgw_mock.seed == 42
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_a_wrong_marker_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.mockgw(sed=1)
        def test_typo(mockgw_mock):
            pass

        @pytest.mark.mockgw(1)
        def test_positional(mockgw_mock):
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            "*@pytest.mark.mockgw got unknown option(s) sed; it takes seed, allow*",
            "*@pytest.mark.mockgw takes keyword arguments only (seed, allow), not (1,)*",
        ]
    )


def test_the_marker_is_registered(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.mockgw(seed=None, allow=()): options of*"])
