# ruff: noqa: F811 - the shared fixtures are imported by name, and pytest injects them
"""The AppSync GraphQL endpoint's resolvers: UNIT and PIPELINE, VTL and APPSYNC_JS, on NONE data
sources and on the Python stand-ins tests register for the others; AppSync's error entries
(``util.error``, ``appendError``, ``unauthorized``, a null in a non-null position, a data
source's error), AppSync's scalars, introspection.

Pinned AWS texts: a null in a non-null position is ``Cannot return null for non-nullable type:
'T' within parent 'P' (/path)`` with ``locations`` null; a Lambda function's error type is
``Lambda:Unhandled``; a data source's error is not raised unless the response template raises
it. mockgw's choices are named where tested (``MockgwDataSourceNotRegistered``,
``CustomTemplateException`` for an untyped ``util.error``, ``MappingTemplate``/``Code`` for a
template's own fault).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from freezegun import freeze_time

import mockgw
from mockgw import MockgwError
from tests.appsync_endpoint_fixtures import (  # noqa: F401 - fixtures
    NONE_PAYLOAD,
    GraphqlApi,
    answer,
    api,
    mocked,
    post,
)

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
