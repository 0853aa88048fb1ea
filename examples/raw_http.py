"""Raw HTTP with `requests`: API Gateway's REST API, as its reference shows, answered in-process.

python examples/raw_http.py
"""

from __future__ import annotations

import requests

import mockgw

ENDPOINT = "https://apigateway.us-east-1.amazonaws.com"


def main() -> None:
    with mockgw.mock_apigateway():
        # POST /apikeys, unsigned, as the CreateApiKey reference shows it.
        created = requests.post(
            f"{ENDPOINT}/apikeys",
            json={"name": "Dev API Key", "description": "Used for development", "enabled": True},
        )
        key = created.json()
        print(created.status_code, key["id"], key["name"])

        read = requests.get(f"{ENDPOINT}/apikeys/{key['id']}", params={"includeValue": "true"})
        print(read.status_code, "value matches:", read.json()["value"] == key["value"])

        missing = requests.get(f"{ENDPOINT}/apikeys/nope")
        print(missing.status_code, missing.headers["x-amzn-ErrorType"], missing.json()["message"])


if __name__ == "__main__":
    main()
