"""A simple GraphQL query through the AppSync endpoint, as a ratio to ``list_api_keys`` in the
same run.

Inside one ``mock_appsync()``: a GraphQL API with a schema, a VTL unit resolver on a NONE data
source (``{ hello(name: "ada") }``) and an API key. The query is a ``requests.Session().post``
to the API's ``uris["GRAPHQL"]`` with ``x-api-key`` (what an application's client does: key
checked, query parsed from the cache, validated, executed, the resolver's two templates
rendered, the answer serialized); the reference is boto3's ``list_api_keys`` on the same API (a
control-plane call of the same service: signed, routed, parsed, serialized). Calls alternate one
by one, each timed alone; the figure is the median over rounds of the per-round ratio of
medians.
"""

from __future__ import annotations

import json
from typing import Any

from benchmarks._common import Figure, clean_session, ratio_of, us

SCHEMA = "type Query { hello(name: String): String }"
REQUEST = '{"version": "2018-05-29", "payload": {"greeting": "hello $ctx.args.name"}}'
RESPONSE = "$util.toJson($ctx.result.greeting)"
QUERY = json.dumps({"query": '{ hello(name: "ada") }'}).encode()


def run(rounds: int = 15, calls: int = 60) -> list[Figure]:
    import requests

    import mockgw

    with mockgw.mock_appsync():
        appsync = clean_session().client("appsync")
        api = appsync.create_graphql_api(name="bench", authenticationType="API_KEY")["graphqlApi"]
        api_id = api["apiId"]
        appsync.start_schema_creation(apiId=api_id, definition=SCHEMA.encode())
        appsync.get_schema_creation_status(apiId=api_id)
        appsync.create_data_source(apiId=api_id, name="local", type="NONE")
        appsync.create_resolver(
            apiId=api_id,
            typeName="Query",
            fieldName="hello",
            dataSourceName="local",
            requestMappingTemplate=REQUEST,
            responseMappingTemplate=RESPONSE,
        )
        key = appsync.create_api_key(apiId=api_id)["apiKey"]["id"]
        session = requests.Session()
        url = api["uris"]["GRAPHQL"]
        headers = {"x-api-key": key, "Content-Type": "application/json"}

        def query() -> Any:
            answer = session.post(url, data=QUERY, headers=headers, timeout=5)
            assert answer.content == b'{"data":{"hello":"hello ada"}}', answer.content
            return answer

        def list_keys() -> Any:
            return appsync.list_api_keys(apiId=api_id)

        ratio, subject, reference = ratio_of(query, list_keys, rounds, calls)
    return [
        Figure("appsync list_api_keys through boto3", us(reference), "", None),
        Figure(
            "appsync GraphQL query (VTL resolver) through the endpoint / list_api_keys",
            f"{ratio:.2f}x ({us(subject)})",
            "(reported)",
            None,
        ),
    ]
