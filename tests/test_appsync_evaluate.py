# ruff: noqa: F811 - the shared fixtures are imported by name, and pytest injects them
"""EvaluateMappingTemplate (VTL) and EvaluateCode (APPSYNC_JS) on realistic templates, and an
end-to-end provisioning run as Terraform/CDK would do it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from freezegun import freeze_time

from mockgw.templates import appsync_js
from tests.appsync_fixtures import SCHEMA, api_id, appsync  # noqa: F401
from tests.helpers import assert_error, body

CONTEXT = json.dumps({"arguments": {"id": "42", "tags": ["a", "b"]}, "stash": {}})
RUNTIME = {"name": "APPSYNC_JS", "runtimeVersion": "1.0.0"}


@freeze_time("2030-05-17 12:00:00")
def test_vtl_request_template_with_util_and_stash(appsync: Any) -> None:
    template = (
        '#set($item = {"id": $ctx.args.id, "createdAt": $util.time.nowISO8601()})\n'
        '$util.qr($ctx.stash.put("count", $ctx.args.tags.size()))\n'
        "#if($ctx.args.missing)never#end\n"
        '$util.log.info("key {}", $ctx.args.id)\n'
        '{"operation": "PutItem", "key": $util.dynamodb.toDynamoDBJson($ctx.args.id), '
        '"item": $util.toJson($item)}'
    )
    answer = body(appsync.evaluate_mapping_template(template=template, context=CONTEXT))
    assert answer == {
        "evaluationResult": '\n\n{"operation": "PutItem", "key": {"S":"42"}, '
        '"item": {"id":"42","createdAt":"2030-05-17T12:00:00.000Z"}}',
        "logs": ["key 42"],
        "stash": '{"count":2}',
        "outErrors": "[]",
    }


def test_a_foreach_stops_after_a_thousand_iterations(appsync: Any) -> None:
    """AppSync's quota, 1,000 iterations of a ``#foreach``: a template that asks for two
    billion is answered at once, the loop cut there and the template carried on."""
    template = "#foreach($i in [1..2000000000])$i #end|after"
    answer = body(appsync.evaluate_mapping_template(template=template, context=CONTEXT))
    assert answer["evaluationResult"].endswith("999 1000 |after")
    assert answer["evaluationResult"].count(" ") == 1000


def test_vtl_return_error_and_append_error(appsync: Any) -> None:
    returned = appsync.evaluate_mapping_template(
        template='#if(!$ctx.args.x)#return({"skipped": true})#end not reached', context=CONTEXT
    )
    assert returned["evaluationResult"] == '{"skipped":true}'
    failed = appsync.evaluate_mapping_template(
        template='$util.appendError("soft", "Warn")$util.error("Order not found", "NotFound")',
        context=CONTEXT,
    )
    assert failed["error"] == {"message": "Order not found"}
    assert "evaluationResult" not in failed
    assert json.loads(failed["outErrors"]) == [
        {"message": "soft", "errorType": "Warn", "data": None, "errorInfo": None}
    ]
    assert_error(
        lambda: appsync.evaluate_mapping_template(template="$ctx", context="[1]"),
        "BadRequestException",
        400,
        "Invalid context: the context must be a JSON object.",
    )


def test_js_request_and_response(appsync: Any) -> None:
    code = (
        "import { util, runtime } from '@aws-appsync/utils';\n"
        "export function request(ctx) {\n"
        "  const { id, tags } = ctx.args;\n"
        "  ctx.stash.n = tags.length;\n"
        "  console.log('get', id);\n"
        "  return { operation: 'GetItem', key: util.dynamodb.toMapValues({ id }) };\n"
        "}\n"
        "export function response(ctx) {\n"
        "  if (ctx.error) { util.error(ctx.error.message, ctx.error.type); }\n"
        "  return ctx.result;\n"
        "}\n"
    )
    answer = body(appsync.evaluate_code(runtime=RUNTIME, code=code, context=CONTEXT))
    assert answer == {
        "evaluationResult": '{"operation":"GetItem","key":{"id":{"S":"42"}}}',
        "logs": ["get 42"],
        "stash": '{"n":2}',
        "outErrors": "[]",
    }
    failing = json.dumps({"error": {"message": "boom", "type": "X"}})
    failed = appsync.evaluate_code(runtime=RUNTIME, code=code, context=failing, function="response")
    assert failed["error"] == {"message": "boom"}


def test_js_code_that_runs_away_is_stopped(appsync: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """An endless loop cannot hold the mock: V8 stops it after ``TIMEOUT_SECONDS`` and the
    evaluation fails; the engine answers the next evaluation as before."""
    monkeypatch.setattr(appsync_js, "TIMEOUT_SECONDS", 0.3)
    code = "export function request(ctx) { while (true) {} }"
    answer = body(appsync.evaluate_code(runtime=RUNTIME, code=code, context=CONTEXT))
    assert answer["error"] == {"message": "Execution timed out."}
    fine = "export function request(ctx) { return ctx.args.id; }"
    assert body(appsync.evaluate_code(runtime=RUNTIME, code=fine, context=CONTEXT)) == {
        "evaluationResult": '"42"',
        "logs": [],
        "stash": "{}",
        "outErrors": "[]",
    }


def test_js_code_that_does_not_parse(appsync: Any) -> None:
    error = assert_error(
        lambda: appsync.evaluate_code(
            runtime=RUNTIME, code="export function request(ctx) {\n  return {a: };\n}", context="{}"
        ),
        "BadRequestException",
        400,
        "The code contains one or more errors.",
    )
    response: dict[str, Any] = error.response  # type: ignore[assignment]
    assert response["reason"] == "CODE_ERROR"
    assert response["detail"]["codeErrors"] == [
        {
            "errorType": "PARSER_ERROR",
            "value": "Parsing error: Unexpected token '}'",
            "location": {"line": 2, "column": 0, "span": -1},
        }
    ]


def test_provisioning_like_terraform(appsync: Any) -> None:
    """API, schema (waiting on its status), data source, resolver, API key — in the order
    Terraform's aws_appsync_* resources run, reading each back as its Read does."""
    api = appsync.create_graphql_api(name="shop", authenticationType="API_KEY")["graphqlApi"]
    api_id = api["apiId"]
    appsync.start_schema_creation(apiId=api_id, definition=SCHEMA.encode())
    statuses = []
    while not statuses or statuses[-1] == "PROCESSING":
        statuses.append(appsync.get_schema_creation_status(apiId=api_id)["status"])
    assert statuses == ["SUCCESS"]  # StartSchemaCreation said PROCESSING
    source = appsync.create_data_source(apiId=api_id, name="local", type="NONE")["dataSource"]
    assert appsync.get_data_source(apiId=api_id, name="local")["dataSource"] == source
    resolver = appsync.create_resolver(
        apiId=api_id,
        typeName="Query",
        fieldName="getOrder",
        dataSourceName="local",
        requestMappingTemplate='{"version": "2018-05-29", "payload": $util.toJson($ctx.args)}',
        responseMappingTemplate="$util.toJson($ctx.result)",
    )["resolver"]
    assert (
        appsync.get_resolver(apiId=api_id, typeName="Query", fieldName="getOrder")["resolver"]
        == resolver
    )
    key = appsync.create_api_key(apiId=api_id)["apiKey"]
    assert appsync.list_api_keys(apiId=api_id)["apiKeys"] == [key]
    sdl = appsync.get_introspection_schema(apiId=api_id, format="SDL")["schema"].read()
    assert b"getOrder(id: ID!): Order" in sdl
    appsync.delete_graphql_api(apiId=api_id)
    assert appsync.list_graphql_apis()["graphqlApis"] == []
