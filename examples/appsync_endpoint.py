"""AppSync's endpoints, answered in-process: a GraphQL query through a pipeline of two VTL
functions, a field served by a Lambda stand-in, a key that expires, and an Event API publish
read back by the test.

python examples/appsync_endpoint.py
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import boto3
import requests
from freezegun import freeze_time

from mockgw import mock_appsync

SCHEMA = """
type Query { total(n: Int!): Int  order(id: ID!): Order }
type Order { id: ID!  total: Float }
"""
INVOKE = '{"version": "2018-05-29", "operation": "Invoke", "payload": $util.toJson($ctx.args)}'
ADD_TEN = '{"version": "2018-05-29", "payload": $util.toJson($ctx.prev.result)}'


def main() -> None:
    with freeze_time("2024-05-06 12:00:00") as clock, mock_appsync() as m:
        appsync = boto3.client("appsync", region_name="us-east-1")
        api = appsync.create_graphql_api(name="shop", authenticationType="API_KEY")["graphqlApi"]
        api_id, url = api["apiId"], api["uris"]["GRAPHQL"]
        appsync.start_schema_creation(apiId=api_id, definition=SCHEMA.encode())
        appsync.create_data_source(apiId=api_id, name="local", type="NONE")

        # Query.total: a pipeline of two functions on the NONE data source
        step = appsync.create_function(
            apiId=api_id,
            name="addTen",
            dataSourceName="local",
            functionVersion="2018-05-29",
            requestMappingTemplate=ADD_TEN,
            responseMappingTemplate="#set($n = $ctx.result + 10)$n",
        )["functionConfiguration"]["functionId"]
        appsync.create_resolver(
            apiId=api_id,
            typeName="Query",
            fieldName="total",
            kind="PIPELINE",
            pipelineConfig={"functions": [step, step]},
            requestMappingTemplate="$ctx.args.n",
            responseMappingTemplate="$ctx.prev.result",
        )

        # Query.order: a Lambda data source, answered by a Python stand-in
        appsync.create_data_source(
            apiId=api_id,
            name="orders",
            type="AWS_LAMBDA",
            serviceRoleArn="arn:aws:iam::123456789012:role/appsync",
            lambdaConfig={"lambdaFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:o"},
        )
        appsync.create_resolver(
            apiId=api_id,
            typeName="Query",
            fieldName="order",
            dataSourceName="orders",
            requestMappingTemplate=INVOKE,
            responseMappingTemplate="$util.toJson($ctx.result)",
        )
        m.register_data_source(api_id, "orders", lambda event: {"id": event["id"], "total": 9.5})

        key = appsync.create_api_key(apiId=api_id)["apiKey"]["id"]  # expires in 7 days

        def ask(query: str) -> Any:
            answer = requests.post(url, json={"query": query}, headers={"x-api-key": key})
            return answer.status_code, answer.json()

        print("pipeline:     ", ask("{ total(n: 1) }"))
        print("lambda:       ", ask('{ order(id: "7") { id total } }'))
        print("invalid query:", ask("{ nope }"))
        clock.tick(dt.timedelta(days=8))
        print("expired key:  ", ask("{ total(n: 1) }"))

        # An Event API: publish over HTTP, read back what was published
        modes = [{"authType": "API_KEY"}]
        events = appsync.create_api(
            name="chat",
            eventConfig={
                "authProviders": modes,
                "connectionAuthModes": modes,
                "defaultPublishAuthModes": modes,
                "defaultSubscribeAuthModes": modes,
            },
        )["api"]
        appsync.create_channel_namespace(apiId=events["apiId"], name="default")
        events_key = appsync.create_api_key(apiId=events["apiId"])["apiKey"]["id"]
        published = requests.post(
            f"https://{events['dns']['HTTP']}/event",
            json={"channel": "default/room-1", "events": [json.dumps({"text": "hello"})]},
            headers={"x-api-key": events_key},
        )
        print("publish:      ", published.status_code, published.json())
        for event in m.published_events(events["apiId"], "default/room-1"):
            print("published:    ", event["channel"], event["event"])


if __name__ == "__main__":
    main()
