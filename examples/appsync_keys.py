"""AppSync API keys, answered in-process: create a GraphQL API and keys, list them, page them.

python examples/appsync_keys.py
"""

from __future__ import annotations

import datetime as dt

import boto3

import mockgw


def when(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def main() -> None:
    with mockgw.mock_appsync():
        appsync = boto3.client("appsync", region_name="us-east-1")
        api = appsync.create_graphql_api(name="orders", authenticationType="API_KEY")
        graphql = api["graphqlApi"]
        print(f"GraphQL API {graphql['name']!r}: {graphql['apiId']}")
        print(f"  arn      {graphql['arn']}")
        print(f"  endpoint {graphql['uris']['GRAPHQL']}")

        appsync.create_api_key(apiId=graphql["apiId"], description="web client")
        in_30_days = int(dt.datetime.now(dt.timezone.utc).timestamp()) + 30 * 86400
        appsync.create_api_key(apiId=graphql["apiId"], description="mobile", expires=in_30_days)

        print("API keys (expiry rounded down to the hour; deleted 60 days after it):")
        pages = appsync.get_paginator("list_api_keys").paginate(apiId=graphql["apiId"])
        for page in pages:
            for key in page["apiKeys"]:
                print(
                    f"  {key['id']}  {key.get('description', ''):<11} "
                    f"expires {when(key['expires'])}  deletes {when(key['deletes'])}"
                )

        try:
            appsync.create_api_key(apiId=graphql["apiId"], expires=in_30_days + 400 * 86400)
        except appsync.exceptions.ApiKeyValidityOutOfBoundsException as error:
            print(f"Expiry too far out: {error.response['Error']['Message']}")


if __name__ == "__main__":
    main()
