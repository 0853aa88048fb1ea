# ruff: noqa: F811 - the shared fixtures are imported by name, and pytest injects them
"""The AppSync GraphQL endpoint: API keys guard real queries, auth directives decide what a
caller may read, queries are validated; requests are routed to the right API.

Pinned AWS texts (sources in mockgw/services/appsync/endpoint/ and graphql/ docstrings): an
unknown or expired key is 401 ``You are not authorized to make this call.``; no credential
header is 401 ``Missing authorization header``; both printed by AppSync's Jackson printer. A
field a caller may not read is null with ``Not Authorized to access <f> on type <T>``
(errorType Unauthorized). Validation errors are HTTP 200 with graphql-java's ``Validation error
of type ...`` texts; an empty body is 400 ``Request body is empty.``, an unparsable one 400
``Unable to parse GraphQL query.``. Where AWS's answer is not recorded the tests pin mockgw's
choice. Resolvers: test_appsync_endpoint_resolvers.py.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import boto3
import pytest
import requests
from freezegun import freeze_time

import mockgw
from mockgw import MockgwError, UnmockedServiceError, mock_appsync
from tests.appsync_endpoint_fixtures import (  # noqa: F401 - fixtures
    HELLO_REQUEST,
    HELLO_RESPONSE,
    MISSING_HEADER,
    NONE_PAYLOAD,
    NOT_AUTHORIZED,
    GraphqlApi,
    answer,
    api,
    mocked,
    post,
)

DAY = 86_400


def refused(response: requests.Response, body: bytes) -> None:
    assert response.status_code == 401
    assert response.content == body
    assert response.headers["x-amzn-ErrorType"] == "UnauthorizedException"
    assert response.headers["Content-Type"] == "application/json; charset=UTF-8"


# ------------------------------------------------------------------------------- API keys


def test_a_key_answers_until_it_expires_then_a_new_one_answers_until_it_is_deleted() -> None:
    with freeze_time("2024-05-06 12:00:00") as clock, mock_appsync():
        api = GraphqlApi(boto3.client("appsync", region_name="us-east-1"))
        api.vtl("Query", "hello", HELLO_REQUEST, HELLO_RESPONSE)
        now = int(dt.datetime(2024, 5, 6, 12, tzinfo=dt.timezone.utc).timestamp())
        key = api.key(expires=now + 2 * DAY)
        query = '{ hello(name: "ada") }'
        assert answer(api.url, query, key) == {"data": {"hello": "hello ada"}}

        clock.tick(dt.timedelta(days=3))
        refused(post(api.url, query, key), NOT_AUTHORIZED)

        rotated = api.key()
        assert answer(api.url, query, rotated) == {"data": {"hello": "hello ada"}}
        refused(post(api.url, query, key), NOT_AUTHORIZED)  # the old key stays expired

        api.appsync.delete_api_key(apiId=api.id, id=rotated)
        refused(post(api.url, query, rotated), NOT_AUTHORIZED)


def test_a_key_works_until_the_hour_it_expires_at() -> None:
    with freeze_time("2024-05-06 12:30:00") as clock, mock_appsync():
        api = GraphqlApi(boto3.client("appsync", region_name="us-east-1"))
        key = api.key()  # 7 days, rounded down to the hour: 2024-05-13 12:00:00
        clock.move_to("2024-05-13 11:59:59")
        assert post(api.url, "{ hello }", key).status_code == 200
        clock.move_to("2024-05-13 12:00:00")
        refused(post(api.url, "{ hello }", key), NOT_AUTHORIZED)


def test_no_credential_header_is_missing_authorization_header(api: GraphqlApi) -> None:
    response = post(api.url, "{ hello }")
    refused(response, MISSING_HEADER)
    assert response.headers["x-mockgw-reason"] == (
        "the request has no x-api-key and no Authorization header"
    )


def test_unknown_keys_and_other_apis_keys_are_refused(api: GraphqlApi) -> None:
    other = GraphqlApi(api.appsync)
    refused(post(api.url, "{ hello }", "da2-notakeyatall00000000000000"), NOT_AUTHORIZED)
    refused(post(api.url, "{ hello }", other.key()), NOT_AUTHORIZED)
    refused(post(api.url, "{ hello }", ""), NOT_AUTHORIZED)


def test_a_key_is_refused_by_an_api_without_the_api_key_provider(mocked: mockgw.Mock) -> None:
    appsync = boto3.client("appsync", region_name="us-east-1")
    iam_only = GraphqlApi(appsync, default="AWS_IAM", extra="AMAZON_COGNITO_USER_POOLS")
    response = post(iam_only.url, "{ hello }", iam_only.key())
    refused(response, NOT_AUTHORIZED)
    assert "does not let this call use API_KEY" in response.headers["x-mockgw-reason"]


def test_a_refusal_runs_nothing(api: GraphqlApi, mocked: mockgw.Mock) -> None:
    called: list[Any] = []
    mocked.register_data_source(api.id, "orders", called.append)
    api.vtl("Query", "fromLambda", '{"operation": "Invoke", "payload": {}}', "{}", "orders")
    refused(post(api.url, '{ fromLambda(id: "1") { id } }', "da2-wrong"), NOT_AUTHORIZED)
    assert called == []


# ------------------------------------------------------------------------- auth directives


def signed(api: GraphqlApi, query: str) -> requests.Response:
    """The query, signed with SigV4 as an IAM caller's client signs it."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest("POST", api.url, data=json.dumps({"query": query}))
    SigV4Auth(Credentials("AKIDEXAMPLE", "secret"), "appsync", "us-east-1").add_auth(request)
    return requests.post(api.url, data=request.body, headers=dict(request.headers), timeout=5)


def test_a_key_may_not_read_what_only_iam_may(api: GraphqlApi) -> None:
    api.vtl("Query", "adminNote", NONE_PAYLOAD, '"top secret"')
    api.vtl("Query", "shared", NONE_PAYLOAD, '"for all"')
    got = answer(api.url, "{ adminNote shared hello }", api.key())
    assert got == {
        "data": {"adminNote": None, "shared": "for all", "hello": "hello "},
        "errors": [
            {
                "path": ["adminNote"],
                "data": None,
                "errorType": "Unauthorized",
                "errorInfo": None,
                "locations": [{"line": 1, "column": 3, "sourceName": None}],
                "message": "Not Authorized to access adminNote on type Query",
            }
        ],
    }


def test_an_iam_caller_reads_its_fields_but_not_the_default_modes(api: GraphqlApi) -> None:
    api.vtl("Query", "adminNote", NONE_PAYLOAD, '"top secret"')
    api.vtl("Query", "shared", NONE_PAYLOAD, '"for all"')
    response = signed(api, "{ adminNote shared hello }")
    assert response.status_code == 200
    got = response.json()
    assert got["data"] == {"adminNote": "top secret", "shared": "for all", "hello": None}
    assert [e["message"] for e in got["errors"]] == ["Not Authorized to access hello on type Query"]


def test_a_type_level_rule_guards_the_fields_of_nested_objects(api: GraphqlApi) -> None:
    api.vtl(
        "Query",
        "order",
        NONE_PAYLOAD,
        '{"id": "$ctx.result.id", "total": 9.5, "internal": "margin"}',
    )
    got = answer(api.url, '{ order(id: "7") { id total internal } }', api.key())
    assert got["data"] == {"order": {"id": "7", "total": 9.5, "internal": None}}
    assert got["errors"][0]["path"] == ["order", "internal"]
    assert got["errors"][0]["message"] == "Not Authorized to access internal on type Order"


def test_with_iam_as_default_only_directives_let_a_key_in(mocked: mockgw.Mock) -> None:
    appsync = boto3.client("appsync", region_name="us-east-1")
    api = GraphqlApi(appsync, default="AWS_IAM", extra="API_KEY")
    api.vtl("Query", "hello", HELLO_REQUEST, HELLO_RESPONSE)
    api.vtl("Query", "shared", NONE_PAYLOAD, '"for all"')
    got = answer(api.url, "{ hello shared }", api.key())
    assert got["data"] == {"hello": None, "shared": "for all"}
    assert got["errors"][0]["message"] == "Not Authorized to access hello on type Query"


COGNITO_SCHEMA = """
type Query {
  mine: String
  staff: String @aws_cognito_user_pools(cognito_groups: ["staff"])
  anyone: String @aws_api_key @aws_cognito_user_pools
}
"""


def jwt(claims: dict[str, Any]) -> str:
    import base64

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none'})}.{part(claims)}.signature"


def test_cognito_groups_decide_with_unverified_token_claims(mocked: mockgw.Mock) -> None:
    appsync = boto3.client("appsync", region_name="us-east-1")
    api = appsync.create_graphql_api(
        name="pool",
        authenticationType="AMAZON_COGNITO_USER_POOLS",
        userPoolConfig={
            "userPoolId": "us-east-1_abc",
            "awsRegion": "us-east-1",
            "defaultAction": "ALLOW",
        },
        additionalAuthenticationProviders=[{"authenticationType": "API_KEY"}],
    )["graphqlApi"]
    appsync.start_schema_creation(apiId=api["apiId"], definition=COGNITO_SCHEMA.encode())
    appsync.create_data_source(apiId=api["apiId"], name="local", type="NONE")
    for field in ("mine", "staff", "anyone"):
        appsync.create_resolver(
            apiId=api["apiId"],
            typeName="Query",
            fieldName=field,
            dataSourceName="local",
            requestMappingTemplate=NONE_PAYLOAD,
            responseMappingTemplate='"$ctx.identity.username"',
        )
    url = api["uris"]["GRAPHQL"]
    query = "{ mine staff anyone }"
    staff = jwt({"sub": "1", "cognito:username": "ada", "cognito:groups": ["staff"]})
    assert answer(url, query, headers={"Authorization": staff}) == {
        "data": {"mine": "ada", "staff": "ada", "anyone": "ada"}
    }
    guest = jwt({"sub": "2", "cognito:username": "bob"})
    got = answer(url, query, headers={"Authorization": guest})
    assert got["data"] == {"mine": "bob", "staff": None, "anyone": "bob"}
    key = appsync.create_api_key(apiId=api["apiId"])["apiKey"]["id"]
    got = answer(url, query, key)
    assert got["data"] == {"mine": None, "staff": None, "anyone": "$ctx.identity.username"}


# ----------------------------------------------------------------------------- validation


def test_an_unknown_field_is_a_validation_error_with_http_200(api: GraphqlApi) -> None:
    assert answer(api.url, "{ hello nope }", api.key()) == {
        "data": None,
        "errors": [
            {
                "path": None,
                "locations": [{"line": 1, "column": 9, "sourceName": None}],
                "message": (
                    "Validation error of type FieldUndefined: Field 'nope' in type 'Query' is "
                    "undefined @ 'nope'"
                ),
            }
        ],
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            '{ order(id: "1") { id nope } }',
            "Validation error of type FieldUndefined: Field 'nope' in type 'Order' is undefined "
            "@ 'order/nope'",
        ),
        (
            '{ total(n: "4") }',
            "Validation error of type WrongType: argument 'n' with value "
            "'StringValue{value='4'}' is not a valid 'Int' @ 'total'",
        ),
        (
            "mutation { addOrder(total: true) { id } }",
            "Validation error of type WrongType: argument 'total' with value "
            "'BooleanValue{value=true}' is not a valid 'Float' @ 'addOrder'",
        ),
        (
            "{ total }",
            "Validation error of type MissingFieldArgument: Missing field argument n @ 'total'",
        ),
        (
            '{ hello(nom: "x") }',
            "Validation error of type UnknownArgument: Unknown field argument nom @ 'hello'",
        ),
        (
            '{ order(id: "1") }',
            "Validation error of type SubSelectionRequired: Sub selection required for type "
            "Order of field order @ 'order'",
        ),
        (
            "{ hello { x } }",
            "Validation error of type SubSelectionNotAllowed: Sub selection not allowed on leaf "
            "type String of field hello @ 'hello'",
        ),
        (
            "query ($t: AWSTimestamp) { hello(name: $t) }",
            "Validation error of type UnknownType: Unknown type AWSTimestamp",
        ),
        (
            '{ echo(when: "yesterday") }',
            "Validation error of type WrongType: argument 'when' with value "
            "'StringValue{value='yesterday'}' is not a valid 'AWSDateTime' @ 'echo'",
        ),
    ],
)
def test_validation_errors_are_worded_as_appsync_words_them(
    api: GraphqlApi, query: str, message: str
) -> None:
    got = answer(api.url, query, api.key())
    assert got["data"] is None
    assert got["errors"][0]["message"] == message
    assert got["errors"][0]["path"] is None


def test_malformed_requests_are_400s(api: GraphqlApi) -> None:
    key = api.key()

    def sent(body: bytes) -> requests.Response:
        return requests.post(api.url, data=body, headers={"x-api-key": key}, timeout=5)

    empty = sent(b"")
    assert (empty.status_code, empty.headers["x-amzn-ErrorType"]) == (
        400,
        "MalformedHttpRequestException",
    )
    assert empty.json() == {
        "errors": [
            {"errorType": "MalformedHttpRequestException", "message": "Request body is empty."}
        ]
    }
    for body in (b"meow", b"{}", b"{}}", b"[]", b'{"query": "{ hello "}', b'{"query": 1}'):
        response = sent(body)
        assert response.status_code == 400, body
        assert response.json()["errors"][0]["message"] == "Unable to parse GraphQL query."


def test_the_credential_is_checked_before_the_body(api: GraphqlApi) -> None:
    response = requests.post(api.url, data=b"", timeout=5)
    refused(response, MISSING_HEADER)


def test_variables_are_coerced_and_their_errors_worded(api: GraphqlApi) -> None:
    api.vtl("Query", "total", NONE_PAYLOAD, '"n=$ctx.args.n"')
    query = "query Q($n: Int!) { total(n: $n) }"
    assert answer(api.url, query, api.key(), variables={"n": 3}) == {"data": {"total": "n=3"}}
    got = answer(api.url, query, api.key(), variables={"n": "three"})
    assert got == {
        "data": None,
        "errors": [
            {
                "path": None,
                "locations": None,
                "message": (
                    "Variable 'n' has an invalid value: Int cannot represent non-integer value: "
                    "'three'"
                ),
            }
        ],
    }


# ---------------------------------------------------------------------------- routing, doors


def test_unknown_apis_and_paths_are_404s(api: GraphqlApi) -> None:
    key = api.key()
    unknown = api.url.replace(api.id, "a" * 26)
    response = post(unknown, "{ hello }", key)
    assert response.status_code == 404
    assert response.json() == {
        "errors": [{"errorType": "NotFoundException", "message": f"API {'a' * 26} not found."}]
    }
    elsewhere = api.url.replace("us-east-1", "eu-west-1")
    assert post(elsewhere, "{ hello }", key).status_code == 404
    assert post(api.url.replace("/graphql", "/event"), "{ hello }", key).status_code == 404


def test_an_api_without_a_schema_says_so(mocked: mockgw.Mock) -> None:
    appsync = boto3.client("appsync", region_name="us-east-1")
    api = appsync.create_graphql_api(name="empty", authenticationType="API_KEY")["graphqlApi"]
    key = appsync.create_api_key(apiId=api["apiId"])["apiKey"]["id"]
    got = answer(api["uris"]["GRAPHQL"], "{ hello }", key)
    assert got == {
        "data": None,
        "errors": [
            {
                "path": None,
                "locations": None,
                "message": f"GraphQL API {api['apiId']} has no schema yet.",
            }
        ],
    }


def test_only_post_is_answered(api: GraphqlApi) -> None:
    response = requests.get(api.url, headers={"x-api-key": api.key()}, timeout=5)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        "mockgw answers GraphQL requests sent with POST, not GET."
    )


def test_the_endpoint_is_refused_while_appsync_is_not_mocked() -> None:
    with mockgw.mock_apigateway(), pytest.raises(UnmockedServiceError, match="mock_appsync"):
        requests.post(
            "https://abcdefghijklmnopqrstuvwxyz.appsync-api.us-east-1.amazonaws.com/graphql",
            json={"query": "{ hello }"},
            timeout=5,
        )


def test_answers_do_not_depend_on_header_case(api: GraphqlApi) -> None:
    key = api.key()
    got = answer(api.url, '{ hello(name: "x") }', headers={"X-Api-Key": key})
    assert got == {"data": {"hello": "hello x"}}


def test_the_readme_example_runs() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = text.split("## AppSync keys that guard real queries", 1)[1].split("\n## ", 1)[0]
    block = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {}
    exec(compile(block, "README: AppSync keys that guard real queries", "exec"), namespace)
    namespace["test_an_appsync_key_guards_a_real_query"]()


def test_the_helpers_need_appsync_mocked() -> None:
    with mockgw.mock_apigateway() as m:
        with pytest.raises(MockgwError, match="does not cover 'appsync'"):
            m.register_data_source("x", "y", print)
        with pytest.raises(MockgwError, match="does not cover 'appsync'"):
            m.published_events("x")


def test_subscriptions_are_not_served(mocked: mockgw.Mock) -> None:
    appsync = boto3.client("appsync", region_name="us-east-1")
    api = appsync.create_graphql_api(name="live", authenticationType="API_KEY")["graphqlApi"]
    sdl = (
        "type Query { hello: String } type Mutation { say(m: String): String } "
        'type Subscription { said: String @aws_subscribe(mutations: ["say"]) }'
    )
    appsync.start_schema_creation(apiId=api["apiId"], definition=sdl.encode())
    key = appsync.create_api_key(apiId=api["apiId"])["apiKey"]["id"]
    assert answer(api["uris"]["GRAPHQL"], "subscription { said }", key) == {
        "data": None,
        "errors": [
            {
                "path": None,
                "locations": None,
                "message": (
                    "Subscriptions are served over the API's REALTIME WebSocket endpoint, which "
                    "mockgw does not serve."
                ),
            }
        ],
    }
