"""The AppSync GraphQL endpoint: API keys guard real queries, auth directives decide what a
caller may read, queries are validated and executed by the API's resolvers.

Pinned AWS texts (sources in mockgw/services/appsync/endpoint/ and graphql/ docstrings): an
unknown or expired key is 401 ``You are not authorized to make this call.``; no credential
header is 401 ``Missing authorization header``; both printed by AppSync's Jackson printer. A
field a caller may not read is null with ``Not Authorized to access <f> on type <T>``
(errorType Unauthorized). Validation errors are HTTP 200 with graphql-java's ``Validation error
of type ...`` texts; an empty body is 400 ``Request body is empty.``, an unparsable one 400
``Unable to parse GraphQL query.``; a null in a non-null position is ``Cannot return null for
non-nullable type: ...``. Where AWS's answer is not recorded the tests pin mockgw's choice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
from freezegun import freeze_time

import mockgw
from mockgw import MockgwError, UnmockedServiceError, mock_appsync
from tests.appsync_endpoint_fixtures import (
    MISSING_HEADER,
    NONE_PAYLOAD,
    NOT_AUTHORIZED,
    GraphqlApi,
    answer,
    post,
)

HELLO_REQUEST = '{"version": "2018-05-29", "payload": {"greeting": "hello $!{ctx.args.name}"}}'
HELLO_RESPONSE = "$util.toJson($ctx.result.greeting)"
DAY = 86_400


@pytest.fixture
def mocked() -> Iterator[mockgw.Mock]:
    with mock_appsync() as m:
        yield m


@pytest.fixture
def api(mocked: mockgw.Mock) -> GraphqlApi:
    made = GraphqlApi(boto3.client("appsync", region_name="us-east-1"))
    made.vtl("Query", "hello", HELLO_REQUEST, HELLO_RESPONSE)
    return made


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


# ------------------------------------------------------------------------------- resolvers


def test_a_unit_resolver_sees_the_context(api: GraphqlApi) -> None:
    api.vtl(
        "Query",
        "echo",
        NONE_PAYLOAD,
        "$util.toJson({'args': $ctx.args, 'field': $ctx.info.fieldName, "
        "'parent': $ctx.info.parentTypeName, 'identity': $ctx.identity, "
        "'key': $ctx.request.headers.get('x-api-key'), 'env': $ctx.env.STAGE})",
    )
    api.appsync.put_graphql_api_environment_variables(
        apiId=api.id, environmentVariables={"STAGE": "test"}
    )
    key = api.key()
    got = answer(api.url, '{ echo(json: "{\\"a\\": [1, 2]}") }', key)
    assert json.loads(got["data"]["echo"]) == {
        "args": {"json": {"a": [1, 2]}},
        "field": "echo",
        "parent": "Query",
        "identity": None,
        "key": key,
        "env": "test",
    }


def test_util_error_in_a_request_template_is_the_fields_error_entry(api: GraphqlApi) -> None:
    api.vtl(
        "Query",
        "total",
        '$util.error("too big", "Validation", {"n": $ctx.args.n}, {"max": 3})',
        "{}",
    )
    assert answer(api.url, "{ total(n: 9) hello }", api.key()) == {
        "data": {"total": None, "hello": "hello "},
        "errors": [
            {
                "path": ["total"],
                "data": {"n": 9},
                "errorType": "Validation",
                "errorInfo": {"max": 3},
                "locations": [{"line": 1, "column": 3, "sourceName": None}],
                "message": "too big",
            }
        ],
    }


def test_append_error_keeps_the_value_and_unauthorized_names_the_field(api: GraphqlApi) -> None:
    api.vtl("Query", "total", NONE_PAYLOAD, '$util.appendError("careful")"n=$ctx.args.n"')
    api.vtl("Query", "shared", "$util.unauthorized()", "{}")
    got = answer(api.url, "{ total(n: 2) shared }", api.key())
    assert got["data"] == {"total": "n=2", "shared": None}
    assert sorted((e["message"], e["errorType"]) for e in got["errors"]) == [
        ("Not Authorized to access shared on type Query", "Unauthorized"),
        ("careful", "CustomTemplateException"),
    ]


def test_return_in_a_request_template_skips_the_data_source(
    api: GraphqlApi, mocked: mockgw.Mock
) -> None:
    called: list[Any] = []
    mocked.register_data_source(api.id, "orders", called.append)
    api.vtl("Query", "stamp", '#return("early")', "$util.toJson($ctx.result)", "orders")
    assert answer(api.url, "{ stamp }", api.key()) == {"data": {"stamp": "early"}}
    assert called == []


def test_a_template_that_renders_no_json_is_a_mapping_template_error(api: GraphqlApi) -> None:
    api.vtl("Query", "total", NONE_PAYLOAD, "not json")
    got = answer(api.url, "{ total(n: 1) }", api.key())
    assert got["data"] == {"total": None}
    assert got["errors"][0]["errorType"] == "MappingTemplate"
    assert got["errors"][0]["message"].startswith("Unable to parse the JSON document: ")


def test_a_null_in_a_non_null_position_is_worded_as_appsync_words_it(api: GraphqlApi) -> None:
    api.vtl("Query", "mustHave", NONE_PAYLOAD, "null")
    assert answer(api.url, "{ hello mustHave }", api.key()) == {
        "data": None,
        "errors": [
            {
                "path": ["mustHave"],
                "locations": None,
                "message": (
                    "Cannot return null for non-nullable type: 'String' within parent 'Query' "
                    "(/mustHave)"
                ),
            }
        ],
    }


def test_a_null_in_a_list_item_names_its_index(api: GraphqlApi) -> None:
    api.vtl("Query", "order", NONE_PAYLOAD, '{"id": "1", "items": [{"sku": "a"}, {"sku": null}]}')
    got = answer(api.url, '{ order(id: "1") { id items { sku } } }', api.key())
    assert got["data"] == {"order": {"id": "1", "items": None}}
    assert got["errors"] == [
        {
            "path": ["order", "items", 1, "sku"],
            "locations": None,
            "message": (
                "Cannot return null for non-nullable type: 'String' within parent 'Item' "
                "(/order/items[1]/sku)"
            ),
        }
    ]


def test_a_field_without_a_resolver_reads_its_parent(api: GraphqlApi) -> None:
    api.vtl("Query", "orders", NONE_PAYLOAD, '[{"id": "1", "total": 2}, {"id": "2"}]')
    got = answer(api.url, "{ orders { id total } adminNote: hello }", api.key())
    assert got == {
        "data": {
            "orders": [{"id": "1", "total": 2.0}, {"id": "2", "total": None}],
            "adminNote": "hello ",
        }
    }
    assert answer(api.url, "{ stamp }", api.key()) == {"data": {"stamp": None}}


def test_util_time_and_auto_id_read_the_mock_clock_and_seed(api: GraphqlApi) -> None:
    api.vtl("Query", "stamp", NONE_PAYLOAD, '"$util.time.nowISO8601()"')
    with freeze_time("2024-05-06 12:00:00"):
        assert answer(api.url, "{ stamp }", api.key()) == {
            "data": {"stamp": "2024-05-06T12:00:00.000Z"}
        }


def test_a_mutation_runs_its_resolver(api: GraphqlApi) -> None:
    api.vtl(
        "Mutation",
        "addOrder",
        '{"version": "2018-05-29", "payload": {"id": "$util.autoId()", "total": $ctx.args.total}}',
        "$util.toJson($ctx.result)",
    )
    got = answer(api.url, "mutation { addOrder(total: 12.5) { id total } }", api.key())
    assert got["data"]["addOrder"]["total"] == 12.5
    assert len(got["data"]["addOrder"]["id"]) == 36


# ------------------------------------------------------------------------------- pipelines


def test_a_vtl_pipeline_of_two_functions_on_a_none_data_source(api: GraphqlApi) -> None:
    double = api.function(
        "double",
        requestMappingTemplate=(
            '{"version": "2018-05-29", "payload": {"n": $util.toJson($ctx.prev.result.n)}}'
        ),
        responseMappingTemplate=(
            "#set($steps = $ctx.stash.steps + 1)$util.qr($ctx.stash.put('steps', $steps))"
            '#set($n = $ctx.result.n * 2){"n": $n}'
        ),
    )
    add_one = api.function(
        "addOne",
        requestMappingTemplate=(
            '{"version": "2018-05-29", "payload": {"n": $util.toJson($ctx.prev.result.n)}}'
        ),
        responseMappingTemplate=(
            "#set($steps = $ctx.stash.steps + 1)$util.qr($ctx.stash.put('steps', $steps))"
            '#set($n = $ctx.result.n + 1){"n": $n}'
        ),
    )
    api.pipeline(
        "Query",
        "total",
        [double, add_one],
        requestMappingTemplate="$util.qr($ctx.stash.put('steps', 0)){\"n\": $ctx.args.n}",
        responseMappingTemplate='"$ctx.prev.result.n after $ctx.stash.steps steps"',
    )
    assert answer(api.url, "{ total(n: 5) }", api.key()) == {"data": {"total": "11 after 2 steps"}}


def test_a_js_pipeline_of_two_functions_on_a_none_data_source(api: GraphqlApi) -> None:
    pytest.importorskip("py_mini_racer")
    double = api.function(
        "double",
        code=(
            "export function request(ctx) { return { payload: ctx.prev.result * 2 } }\n"
            "export function response(ctx) { ctx.stash.seen.push('double'); return ctx.result }"
        ),
    )
    fail_big = api.function(
        "failBig",
        code=(
            "import { util } from '@aws-appsync/utils';\n"
            "export function request(ctx) {\n"
            "  if (ctx.prev.result > 100) { util.error('too big: ' + ctx.prev.result, 'Limit') }\n"
            "  return { payload: ctx.prev.result + 1 }\n"
            "}\n"
            "export function response(ctx) { ctx.stash.seen.push('addOne'); return ctx.result }"
        ),
    )
    api.pipeline(
        "Query",
        "total",
        [double, fail_big],
        code=(
            "export function request(ctx) { ctx.stash.seen = []; return ctx.args.n }\n"
            "export function response(ctx) { return `${ctx.prev.result} via ${ctx.stash.seen}` }"
        ),
    )
    key = api.key()
    assert answer(api.url, "{ total(n: 5) }", key) == {"data": {"total": "11 via double,addOne"}}
    got = answer(api.url, "{ total(n: 60) }", key)
    assert got["data"] == {"total": None}
    assert (got["errors"][0]["message"], got["errors"][0]["errorType"]) == ("too big: 120", "Limit")


def test_a_js_unit_resolver_and_its_early_return(api: GraphqlApi) -> None:
    pytest.importorskip("py_mini_racer")
    api.appsync.delete_resolver(apiId=api.id, typeName="Query", fieldName="hello")
    api.js(
        "Query",
        "hello",
        "import { runtime } from '@aws-appsync/utils';\n"
        "export function request(ctx) {\n"
        "  if (!ctx.args.name) { runtime.earlyReturn('nobody') }\n"
        "  return { payload: { name: ctx.args.name } }\n"
        "}\n"
        "export function response(ctx) { return 'hi ' + ctx.result.name }",
    )
    api.js(
        "Query",
        "order",
        "export function request(ctx) { return { payload: ctx.info.selectionSetList } }\n"
        "export function response(ctx) { return { id: ctx.args.id, items: "
        "ctx.result.map(s => ({ sku: s })) } }",
    )
    key = api.key()
    assert answer(api.url, '{ a: hello(name: "ada") b: hello }', key) == {
        "data": {"a": "hi ada", "b": "nobody"}
    }
    got = answer(api.url, '{ order(id: "3") { id items { sku } } }', key)
    assert got == {
        "data": {
            "order": {"id": "3", "items": [{"sku": "id"}, {"sku": "items"}, {"sku": "items/sku"}]}
        }
    }


# ----------------------------------------------------------------------- data source stand-ins

INVOKE = '{"version": "2018-05-29", "operation": "Invoke", "payload": {"id": "$ctx.args.id"}}'
RAISE_OR_RETURN = (
    "#if($ctx.error)$util.error($ctx.error.message, $ctx.error.type)#end$util.toJson($ctx.result)"
)


def test_a_lambda_data_source_calls_its_registered_stand_in(
    api: GraphqlApi, mocked: mockgw.Mock
) -> None:
    events: list[Any] = []

    def lambda_handler(event: Any) -> Any:
        events.append(event)
        return {"id": event["id"], "total": 3, "items": [{"sku": "x"}]}

    mocked.register_data_source(api.id, "orders", lambda_handler)
    api.vtl("Query", "fromLambda", INVOKE, RAISE_OR_RETURN, "orders")
    got = answer(api.url, '{ fromLambda(id: "42") { id total items { sku } } }', api.key())
    assert got == {"data": {"fromLambda": {"id": "42", "total": 3.0, "items": [{"sku": "x"}]}}}
    assert events == [{"id": "42"}]


def test_a_stand_ins_exception_is_ctx_error(api: GraphqlApi, mocked: mockgw.Mock) -> None:
    def failing(event: Any) -> Any:
        raise RuntimeError("order 42 is gone")

    mocked.register_data_source(api.id, "orders", failing)
    api.vtl("Query", "fromLambda", INVOKE, RAISE_OR_RETURN, "orders")
    got = answer(api.url, '{ fromLambda(id: "42") { id } }', api.key())
    assert got["data"] == {"fromLambda": None}
    assert (got["errors"][0]["message"], got["errors"][0]["errorType"]) == (
        "order 42 is gone",
        "Lambda:Unhandled",
    )
    api.appsync.update_resolver(
        apiId=api.id,
        typeName="Query",
        fieldName="fromLambda",
        dataSourceName="orders",
        requestMappingTemplate=INVOKE,
        responseMappingTemplate="$util.toJson($ctx.result)",
    )
    # AppSync does not raise a data source's error on its own: the template decides
    assert answer(api.url, '{ fromLambda(id: "42") { id } }', api.key()) == {
        "data": {"fromLambda": None}
    }


def test_a_direct_lambda_resolver_gets_the_whole_context(
    api: GraphqlApi, mocked: mockgw.Mock
) -> None:
    events: list[Any] = []

    def handler(event: Any) -> Any:
        events.append(event)
        if event["arguments"]["id"] == "0":
            raise ValueError("no order 0")
        return {"id": event["arguments"]["id"]}

    mocked.register_data_source(api.id, "orders", handler)
    api.appsync.create_resolver(
        apiId=api.id, typeName="Query", fieldName="direct", dataSourceName="orders"
    )
    key = api.key()
    assert answer(api.url, '{ direct(id: "5") { id } }', key) == {"data": {"direct": {"id": "5"}}}
    event = events[0]
    assert sorted(event) == ["arguments", "identity", "info", "prev", "request", "source", "stash"]
    assert event["info"]["selectionSetList"] == ["id"]
    assert event["request"]["headers"]["x-api-key"] == key
    got = answer(api.url, '{ direct(id: "0") { id } }', key)
    assert (got["errors"][0]["message"], got["errors"][0]["errorType"]) == (
        "no order 0",
        "Lambda:Unhandled",
    )


def test_an_unregistered_data_source_is_an_error_entry_naming_it(api: GraphqlApi) -> None:
    api.vtl("Query", "fromLambda", INVOKE, RAISE_OR_RETURN, "orders")
    got = answer(api.url, '{ fromLambda(id: "1") { id } }', api.key())
    assert got["data"] == {"fromLambda": None}
    assert got["errors"] == [
        {
            "path": ["fromLambda"],
            "data": None,
            "errorType": "MockgwDataSourceNotRegistered",
            "errorInfo": None,
            "locations": [{"line": 1, "column": 3, "sourceName": None}],
            "message": (
                f"mockgw cannot call data source orders (AWS_LAMBDA) of API {api.id}: register "
                f"a stand-in with Mock.register_data_source('{api.id}', 'orders', handler)."
            ),
        }
    ]


def test_a_stand_in_in_a_pipeline_gets_what_the_function_produced(
    api: GraphqlApi, mocked: mockgw.Mock
) -> None:
    seen: list[Any] = []
    mocked.register_data_source(api.id, "orders", lambda event: seen.append(event) or {"n": 7})
    fetch = api.function(
        "fetch",
        source="orders",
        requestMappingTemplate=(
            '{"version": "2018-05-29", "operation": "Invoke", '
            '"payload": $util.toJson($ctx.prev.result)}'
        ),
        responseMappingTemplate="$util.toJson($ctx.result)",
    )
    api.pipeline(
        "Query",
        "total",
        [fetch],
        requestMappingTemplate='{"asked": $ctx.args.n}',
        responseMappingTemplate='"$ctx.prev.result.n"',
    )
    assert answer(api.url, "{ total(n: 2) }", api.key()) == {"data": {"total": "7"}}
    assert seen == [{"asked": 2}]


def test_register_data_source_refuses_misuse(api: GraphqlApi, mocked: mockgw.Mock) -> None:
    with pytest.raises(MockgwError, match="no AppSync API 'nope'"):
        mocked.register_data_source("nope", "orders", print)
    with pytest.raises(MockgwError, match="has no data source 'ordres'"):
        mocked.register_data_source(api.id, "ordres", print)
    with pytest.raises(MockgwError, match="local is a NONE data source"):
        mocked.register_data_source(api.id, "local", print)
    with pytest.raises(MockgwError, match="handler must be callable"):
        mocked.register_data_source(api.id, "orders", "not callable")  # type: ignore[arg-type]


def test_a_stand_in_must_return_json_data(api: GraphqlApi, mocked: mockgw.Mock) -> None:
    mocked.register_data_source(api.id, "orders", lambda event: object())
    api.vtl("Query", "fromLambda", INVOKE, RAISE_OR_RETURN, "orders")
    with pytest.raises(MockgwError, match="not JSON data"):
        post(api.url, '{ fromLambda(id: "1") { id } }', api.key())


# ------------------------------------------------------------------------ scalars, introspection


def test_awsjson_arrives_parsed_and_leaves_as_json_text(api: GraphqlApi) -> None:
    api.vtl("Query", "echo", NONE_PAYLOAD, "$util.toJson($ctx.result.json)")
    got = answer(
        api.url,
        "query ($j: AWSJSON) { echo(json: $j) }",
        api.key(),
        variables={"j": '{"b": true}'},
    )
    assert got == {"data": {"echo": '{"b":true}'}}


def test_introspection_can_be_disabled(api: GraphqlApi) -> None:
    key = api.key()
    got = answer(api.url, "{ __schema { queryType { name } } }", key)
    assert got == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    api.appsync.update_graphql_api(
        apiId=api.id,
        name="shop",
        authenticationType="API_KEY",
        additionalAuthenticationProviders=[{"authenticationType": "AWS_IAM"}],
        introspectionConfig="DISABLED",
    )
    got = answer(api.url, "{ __schema { queryType { name } } }", key)
    assert got["data"] is None
    assert "introspection" in got["errors"][0]["message"]


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


def test_util_error_without_a_type_and_broken_templates(api: GraphqlApi) -> None:
    api.vtl("Query", "total", '$util.error("no luck")', "{}")
    api.vtl("Query", "shared", "#if(", "{}")
    got = answer(api.url, "{ total(n: 1) shared }", api.key())
    assert got["data"] == {"total": None, "shared": None}
    by_path = {e["path"][0]: e for e in got["errors"]}
    assert (by_path["total"]["message"], by_path["total"]["errorType"]) == (
        "no luck",
        "CustomTemplateException",
    )
    assert by_path["shared"]["errorType"] == "MappingTemplate"


def test_a_js_runtime_error_is_a_code_error(api: GraphqlApi) -> None:
    pytest.importorskip("py_mini_racer")
    api.js(
        "Query",
        "shared",
        "export function request(ctx) { return ctx.nothing.here }\n"
        "export function response(ctx) { return ctx.result }",
    )
    got = answer(api.url, "{ shared }", api.key())
    assert got["data"] == {"shared": None}
    assert got["errors"][0]["errorType"] == "Code"
    assert "undefined" in got["errors"][0]["message"]


def test_a_missing_engine_reaches_the_test(
    api: GraphqlApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mockgw import templates

    def missing(*_: Any) -> Any:
        raise templates.EngineMissingError("APPSYNC_JS code needs the mini-racer package")

    monkeypatch.setattr(templates, "evaluate_js", missing)
    api.js("Query", "shared", "export function request(ctx) { return {} }")
    with pytest.raises(templates.EngineMissingError, match="mini-racer"):
        post(api.url, "{ shared }", api.key())


def test_other_data_sources_get_the_whole_request_and_name_their_errors(
    api: GraphqlApi, mocked: mockgw.Mock
) -> None:
    api.appsync.create_data_source(
        apiId=api.id,
        name="table",
        type="AMAZON_DYNAMODB",
        serviceRoleArn="arn:aws:iam::123456789012:role/appsync",
        dynamodbConfig={"tableName": "orders", "awsRegion": "us-east-1"},
    )

    class ConditionalCheckFailedException(Exception):
        pass

    requests_seen: list[Any] = []

    def table(request: Any) -> Any:
        requests_seen.append(request)
        if request["key"]["id"]["S"] == "taken":
            raise ConditionalCheckFailedException("The conditional request failed")
        return {"id": request["key"]["id"]["S"], "total": 1}

    mocked.register_data_source(api.id, "table", table)
    api.vtl(
        "Query",
        "order",
        '{"version": "2018-05-29", "operation": "GetItem", '
        '"key": {"id": $util.dynamodb.toDynamoDBJson($ctx.args.id)}}',
        RAISE_OR_RETURN,
        "table",
    )
    key = api.key()
    assert answer(api.url, '{ order(id: "1") { id } }', key) == {"data": {"order": {"id": "1"}}}
    assert requests_seen[0] == {
        "version": "2018-05-29",
        "operation": "GetItem",
        "key": {"id": {"S": "1"}},
    }
    got = answer(api.url, '{ order(id: "taken") { id } }', key)
    assert (got["errors"][0]["message"], got["errors"][0]["errorType"]) == (
        "The conditional request failed",
        "DynamoDB:ConditionalCheckFailedException",
    )


def test_a_stand_in_can_be_forgotten(api: GraphqlApi, mocked: mockgw.Mock) -> None:
    mocked.register_data_source(api.id, "orders", lambda event: {"id": event["id"]})
    api.vtl("Query", "fromLambda", INVOKE, RAISE_OR_RETURN, "orders")
    key = api.key()
    assert answer(api.url, '{ fromLambda(id: "1") { id } }', key)["data"] == {
        "fromLambda": {"id": "1"}
    }
    mocked.register_data_source(api.id, "orders", None)
    got = answer(api.url, '{ fromLambda(id: "1") { id } }', key)
    assert got["errors"][0]["errorType"] == "MockgwDataSourceNotRegistered"


def test_the_helpers_need_appsync_mocked() -> None:
    with mockgw.mock_apigateway() as m:
        with pytest.raises(MockgwError, match="does not cover 'appsync'"):
            m.register_data_source("x", "y", print)
        with pytest.raises(MockgwError, match="does not cover 'appsync'"):
            m.published_events("x")


def test_a_nested_resolver_reads_its_parent_as_ctx_source(api: GraphqlApi) -> None:
    api.vtl("Query", "orders", NONE_PAYLOAD, '[{"id": "1", "net": 10}, {"id": "2", "net": 20}]')
    api.vtl(
        "Order",
        "total",
        NONE_PAYLOAD,
        "#set($gross = $ctx.source.net * 2)$gross",
    )
    got = answer(api.url, "{ orders { id total } }", api.key())
    assert got == {"data": {"orders": [{"id": "1", "total": 20.0}, {"id": "2", "total": 40.0}]}}


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
