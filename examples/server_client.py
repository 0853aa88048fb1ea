"""`mockgw server` in a thread on a free port, used by boto3 and by plain HTTP like curl.

    python examples/server_client.py

From a shell, the same server is `mockgw server --port 4566`, and then
`aws --endpoint-url http://127.0.0.1:4566 apigateway create-api-key --name k`.
"""

from __future__ import annotations

import json
import urllib.request

import boto3

from mockgw.server import MockgwServer


def main() -> None:
    with MockgwServer(port=0) as server:  # port 0: any free port
        print("serving on", server.endpoint_url)
        apigw = boto3.client(
            "apigateway",
            endpoint_url=server.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        key = apigw.create_api_key(name="Dev API Key", description="Used for development")
        print("boto3 created", key["id"])

        # What `curl -X POST $URL/apikeys -H 'Content-Type: application/json' -d ...` sends.
        request = urllib.request.Request(
            f"{server.endpoint_url}/apikeys",
            data=json.dumps({"name": "from curl", "enabled": True}).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/hal+json"},
            method="POST",
        )
        with urllib.request.urlopen(request) as answer:
            hal = json.load(answer)
            print(answer.status, answer.headers["Content-Type"], hal["_links"]["self"])

        names = sorted(k["name"] for k in apigw.get_api_keys()["items"])
        print("keys:", names)
        with urllib.request.urlopen(f"{server.endpoint_url}/_mockgw/state") as answer:
            state = json.load(answer)
        print("accounts in state:", list(state["apigateway"]))


if __name__ == "__main__":
    main()
