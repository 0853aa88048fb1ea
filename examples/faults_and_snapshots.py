"""Test helpers mockgw adds: fault injection, reproducible ids, snapshots and server state.

Run it with ``python examples/faults_and_snapshots.py``; everything runs in this process (the
last part starts a ``mockgw server`` on a free loopback port, as ``mockgw server --state FILE``
does).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import boto3
from botocore.config import Config

import mockgw
from mockgw.server import MockgwServer


def fault_injection() -> None:
    with mockgw.mock_apigateway() as m:
        apigw = boto3.client(
            "apigateway", region_name="us-east-1", config=Config(retries={"mode": "standard"})
        )
        # The next two CreateApiKey calls are throttled (429, as AWS throttles);
        # botocore backs off and retries on its own, and the third attempt succeeds.
        fault = m.inject_fault("apigateway", "CreateApiKey", "TooManyRequestsException", times=2)
        key = apigw.create_api_key(name="retried", enabled=True)
        print("retries:", key["ResponseMetadata"]["RetryAttempts"])  # 2
        print("fault calls/hits:", fault.calls, fault.hits)  # 3 2

        # Without retries the test sees AWS's own error.
        once = boto3.client(
            "apigateway", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
        )
        with m.inject_fault("apigateway", "GetApiKeys", "TooManyRequestsException"):
            try:
                once.get_api_keys()
            except once.exceptions.TooManyRequestsException as error:
                print("error:", error.response["Error"]["Code"], error.response["Error"]["Message"])
        # the `with` removed that fault: calls pass again
        print("keys:", [k["name"] for k in once.get_api_keys()["items"]])

        # after=: the first 2 calls pass, then 1 fails (503: botocore retries it too)
        m.inject_fault(
            "apigateway", "GetUsagePlans", "ServiceUnavailableException", after=2, times=1
        )
        attempts = [apigw.get_usage_plans()["ResponseMetadata"]["RetryAttempts"] for _ in range(3)]
        print("retry attempts per call:", attempts)  # [0, 0, 1]

        # delay=: answer slowly (a real wait, even under freezegun)
        m.inject_fault("apigateway", "GetRestApis", delay=0.05, times=1)
        apigw.get_rest_apis()


def reproducible_ids() -> None:
    def make_key() -> tuple[str, str]:
        with mockgw.mock_apigateway(seed=1234):  # or call mockgw.seed(1234) anywhere
            key = boto3.client("apigateway", region_name="us-east-1").create_api_key(name="k")
            return key["id"], key["value"]

    first, second = make_key(), make_key()
    print("same id and value:", first == second, first[0])


def snapshots() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.json"
        with mockgw.mock() as m:
            apigw = boto3.client("apigateway", region_name="us-east-1")
            apigw.create_api_key(name="saved")
            saved = m.snapshot()  # JSON-able dict: every service, account and region
            apigw.create_api_key(name="discarded")
            m.restore(saved)  # back to exactly what was saved
            print("after restore:", [k["name"] for k in apigw.get_api_keys()["items"]])
            m.save(path)  # the same, to a JSON file (written atomically)
        with mockgw.mock() as m:
            m.load(path)
            apigw = boto3.client("apigateway", region_name="us-east-1")
            print("loaded:", [k["name"] for k in apigw.get_api_keys()["items"]])

        # `mockgw server --state FILE`: each write journaled before its answer, replayed at start
        server_file = Path(tmp) / "server.json"
        with MockgwServer(port=0, state_file=server_file) as server:
            key_id = server.client("apigateway").create_api_key(name="survivor")["id"]
        with MockgwServer(port=0, state_file=server_file) as server:
            print("after restart:", server.client("apigateway").get_api_key(apiKey=key_id)["name"])


def main() -> int:
    fault_injection()
    reproducible_ids()
    snapshots()
    return 0


if __name__ == "__main__":
    sys.exit(main())
