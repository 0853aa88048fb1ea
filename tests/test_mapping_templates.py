"""API Gateway's mapping templates are VTL: MOCK integrations render their request and response
templates with ``$input``, ``$util``, ``$context`` and ``$stageVariables``.

Pinned AWS facts (developer guide, "Variables for data transformations" and "Examples using
variables for mapping template transformations"): ``$input.params()`` is a map of ``path``,
``querystring`` and ``header`` maps; ``$input.params(x)`` looks in that order; ``$input.json``
gives JSON text and ``$input.path`` the value; ``$util.escapeJavaScript`` turns ``'`` into
``\\'``; ``$context.responseOverride.status`` / ``.header.<name>`` override the method
response. A reference to nothing renders as nothing (toqoz/api-gateway-mapping-template#5,
dherault/serverless-offline#1362: ``$util.escapeJavaScript`` of a missing parameter is empty).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from mockgw import Mock, mock
from mockgw.templates import mapping

NO_PARAMS: dict[str, dict[str, str]] = {"path": {}, "querystring": {}, "header": {}}


def render(
    template: str,
    body: str = "",
    params: dict[str, dict[str, str]] | None = None,
    context: dict[str, Any] | None = None,
    stage_variables: dict[str, str] | None = None,
) -> str:
    evaluation, _ = mapping.render(
        template,
        body=body,
        params=params or NO_PARAMS,
        context=context or {},
        stage_variables=stage_variables or {},
    )
    assert evaluation.error is None, evaluation.error
    assert evaluation.result is not None
    return evaluation.result


# ------------------------------------------------------------------------------ the engine


ORDER = '{"id": 7, "items": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 1}], "note": null}'


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("$input.json('$')", json.dumps(json.loads(ORDER), separators=(",", ":"))),
        ("$input.json('$.items[0]')", '{"sku":"a","qty":2}'),
        ("$input.json('$.items[*].sku')", '["a","b"]'),
        ("$input.json('$.items[-1].sku')", '"b"'),
        ("""$input.json("$['id']")""", "7"),
        ("$input.path('$.items').size()", "2"),
        ("$input.path('$.id')", "7"),
        ("#foreach($item in $input.path('$.items'))$item.sku=$item.qty;#end", "a=2;b=1;"),
        ("[$input.path('$.missing')]", "[]"),
        ("[$input.json('$.missing')]", "[]"),
        ("#if($input.path('$.note'))set#{else}unset#end", "unset"),
        ("$input.body", ORDER),
    ],
)
def test_input_reads_the_payload_by_jsonpath(template: str, expected: str) -> None:
    assert render(template, body=ORDER) == expected


def test_an_empty_payload_reads_as_an_empty_object_and_text_stays_text() -> None:
    assert render("$input.json('$')") == "{}"
    assert render("$input.path('$')", body="plain words") == "plain words"
    assert render("[$input.path('$.a')]", body="plain words") == "[]"


def test_input_params_look_in_path_then_query_string_then_headers() -> None:
    params = {
        "path": {"id": "from-path"},
        "querystring": {"id": "from-query", "q": "x"},
        "header": {"q": "from-header", "X-Trace": "t-1"},
    }
    assert render(
        "$input.params('id')|$input.params('q')|$input.params('X-Trace')", params=params
    ) == ("from-path|x|t-1")
    assert render("[$input.params('absent')]", params=params) == "[]"
    every = (
        "#set($all = $input.params())"
        "#foreach($kind in $all.keySet())$kind:"
        "#foreach($name in $all.get($kind).keySet())$name=$all.get($kind).get($name)"
        "#if($foreach.hasNext),#end#end;#end"
    )
    assert render(every, params=params) == (
        "path:id=from-path;querystring:id=from-query,q=x;header:q=from-header,X-Trace=t-1;"
    )


def test_util_has_api_gateways_six_functions() -> None:
    assert render("""$util.escapeJavaScript("it's \\"quoted\\"")""") == """it\\'s \\"quoted\\\""""
    assert render("$util.urlEncode('a b&c=d/é')") == "a+b%26c%3Dd%2F%C3%A9"
    assert render("$util.urlDecode('a+b%26c')") == "a b&c"
    assert render("$util.base64Encode('mockgw')") == "bW9ja2d3"
    assert render("$util.base64Decode('bW9ja2d3')") == "mockgw"
    assert render("""#set($v = $util.parseJson('{"a": [1, 2]}'))$v.a.size()""") == "2"
    # a missing parameter is nothing, not a failure
    assert render("[$util.escapeJavaScript($input.params('absent'))]") == "[]"
    assert render("[$util.escapeJavaScript($nothing)][$util.urlEncode($nothing)]") == "[][]"


def test_util_is_not_appsyncs() -> None:
    evaluation, _ = mapping.render(
        "$util.autoId()", body="", params=NO_PARAMS, context={}, stage_variables={}
    )
    assert evaluation.result == ""  # no such function: the reference renders as nothing


def test_context_is_nested_and_stage_variables_are_read() -> None:
    context = {"requestId": "r-1", "identity.apiKey": "k", "authorizer.principalId": "me"}
    template = "$context.requestId $context.identity.apiKey $context.authorizer.principalId"
    assert render(template, context=context) == "r-1 k me"
    assert render("$stageVariables.backend", stage_variables={"backend": "blue"}) == "blue"


def test_a_response_template_overrides_status_and_headers() -> None:
    evaluation, context = mapping.render(
        "#set($context.responseOverride.status = 418)"
        '#set($context.responseOverride.header.Why = "teapot"){"ok": false}',
        body="",
        params=NO_PARAMS,
        context={},
        stage_variables={},
    )
    assert evaluation.result == '{"ok": false}'
    assert context["responseOverride"] == {"status": 418, "header": {"Why": "teapot"}}
    # a header name with a hyphen, which airspeed's references cannot spell
    _, context = mapping.render(
        '#set($ignored = $context.responseOverride.header.put("X-Why", "tea"))',
        body="",
        params=NO_PARAMS,
        context={},
        stage_variables={},
    )
    assert context["responseOverride"]["header"] == {"X-Why": "tea"}


def test_a_broken_template_is_reported_not_raised() -> None:
    evaluation, _ = mapping.render(
        "#if($x", body="", params=NO_PARAMS, context={}, stage_variables={}
    )
    assert evaluation.result is None
    assert evaluation.error is not None and evaluation.error.syntax


# ---------------------------------------------------------------------- through a real call


@pytest.fixture
def stage() -> Iterator[tuple[Any, str, str]]:
    """A REST API with ``POST /orders`` on a MOCK integration, deployed to ``dev`` with the
    stage variable ``backend=blue``; gives the client, the API id and the resource id."""
    with mock():
        apigw = boto3.client("apigateway", region_name="us-east-1")
        api = apigw.create_rest_api(name="orders")
        orders = apigw.create_resource(
            restApiId=api["id"], parentId=api["rootResourceId"], pathPart="orders"
        )["id"]
        common = {"restApiId": api["id"], "resourceId": orders, "httpMethod": "POST"}
        apigw.put_method(**common, authorizationType="NONE")
        for code in ("200", "404"):
            apigw.put_method_response(**common, statusCode=code)
        apigw.put_integration(
            **common,
            type="MOCK",
            # the status code comes from the body: {"found": false} answers 404
            requestTemplates={
                "application/json": (
                    "#if($input.path('$.found') == false)"
                    '{"statusCode": 404}#else{"statusCode": 200}#end'
                )
            },
        )
        apigw.put_integration_response(
            **common,
            statusCode="200",
            selectionPattern="",
            responseTemplates={
                "application/json": (
                    '{"stage": "$context.stage", "backend": "$stageVariables.backend", '
                    '"who": "$util.escapeJavaScript($input.params(\'who\'))", '
                    '"trace": "$input.params(\'X-Trace\')"}'
                )
            },
            responseParameters={"method.response.header.X-Static": "'yes'"},
        )
        apigw.put_integration_response(
            **common,
            statusCode="404",
            selectionPattern="404",
            responseTemplates={
                "application/json": (
                    "#set($context.responseOverride.header.Reason = 'not found')"
                    '{"message": "no such order"}'
                )
            },
        )
        apigw.create_deployment(restApiId=api["id"], stageName="dev", variables={"backend": "blue"})
        yield apigw, api["id"], orders


def url(api_id: str, path: str = "/orders") -> str:
    return f"https://{api_id}.execute-api.us-east-1.amazonaws.com/dev{path}"


def test_templates_render_on_a_call(stage: tuple[Any, str, str]) -> None:
    _, api_id, _ = stage
    answer = requests.post(
        url(api_id, "/orders?who=o'brien"), json={"found": True}, headers={"X-Trace": "t-9"}
    )
    assert answer.status_code == 200
    assert answer.headers["X-Static"] == "yes"
    # escapeJavaScript's \' is not valid JSON: AWS's guide warns of it, and so it is here
    assert answer.text == (
        '{"stage": "dev", "backend": "blue", "who": "o\\\'brien", "trace": "t-9"}'
    )


def test_the_request_template_chooses_the_integration_response(
    stage: tuple[Any, str, str],
) -> None:
    _, api_id, _ = stage
    answer = requests.post(url(api_id), json={"found": False})
    assert answer.status_code == 404
    assert answer.headers["Reason"] == "not found"
    assert answer.json() == {"message": "no such order"}


def test_test_invoke_method_renders_the_same_templates(stage: tuple[Any, str, str]) -> None:
    apigw, api_id, orders = stage

    def invoke(body: str) -> Any:
        return apigw.test_invoke_method(
            restApiId=api_id,
            resourceId=orders,
            httpMethod="POST",
            pathWithQueryString="/orders?who=ada",
            body=body,
            stageVariables={"backend": "green"},
        )

    result = invoke('{"found": false}')
    assert result["status"] == 404
    assert json.loads(result["body"]) == {"message": "no such order"}
    ok = json.loads(invoke("{}")["body"])
    assert (ok["backend"], ok["who"]) == ("green", "ada")


def redeploy_with_response_template(apigw: Any, api_id: str, orders: str, template: str) -> None:
    """The 200 integration response of ``POST /orders`` now renders ``template``."""
    apigw.update_integration_response(
        restApiId=api_id,
        resourceId=orders,
        httpMethod="POST",
        statusCode="200",
        patchOperations=[
            {"op": "replace", "path": "/responseTemplates/application~1json", "value": template}
        ],
    )
    apigw.create_deployment(restApiId=api_id, stageName="dev")


def test_a_broken_template_is_a_configuration_error(stage: tuple[Any, str, str]) -> None:
    apigw, api_id, orders = stage
    redeploy_with_response_template(apigw, api_id, orders, "#if($x")
    answer = requests.post(url(api_id), json={})
    assert answer.status_code == 500
    assert answer.json() == {"message": "Internal server error"}
    assert "mapping template" in answer.headers["x-mockgw-reason"]


def test_a_call_records_nothing_of_the_template_in_the_mock(stage: tuple[Any, str, str]) -> None:
    """Rendering is a read: two identical calls give identical bodies, and the template's
    ``#set`` of ``$context`` does not leak from one call into the next."""
    _, api_id, _ = stage
    first = requests.post(url(api_id), json={"found": False})
    second = requests.post(url(api_id), json={"found": True})
    assert first.headers["Reason"] == "not found"
    assert "Reason" not in second.headers


def test_mock_fixture_still_answers_templates(mockgw_mock: Mock) -> None:
    apigw = boto3.client("apigateway", region_name="us-east-1")
    api = apigw.create_rest_api(name="one")
    common = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    apigw.put_method(**common, authorizationType="NONE")
    apigw.put_method_response(**common, statusCode="200")
    apigw.put_integration(**common, type="MOCK", requestTemplates={"application/json": "{}"})
    apigw.put_integration_response(
        **common,
        statusCode="200",
        responseTemplates={"application/json": '#set($n = 2 + 3){"n": $n}'},
    )
    apigw.create_deployment(restApiId=api["id"], stageName="dev")
    answer = requests.get(f"https://{api['id']}.execute-api.us-east-1.amazonaws.com/dev/")
    assert answer.json() == {"n": 5}


PASSTHROUGH = """##  The console's "Method Request passthrough" template
#set($allParams = $input.params())
{
"body-json" : $input.json('$'),
"params" : {
#foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
"$type" : {
    #foreach($paramName in $params.keySet())
    "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
        #if($foreach.hasNext),#end
    #end
}
    #if($foreach.hasNext),#end
#end
},
"stage-variables" : {
#foreach($key in $stageVariables.keySet())
"$key" : "$util.escapeJavaScript($stageVariables.get($key))"
    #if($foreach.hasNext),#end
#end
},
"context" : {
    "api-key" : "$context.identity.apiKey",
    "http-method" : "$context.httpMethod",
    "stage" : "$context.stage",
    "source-ip" : "$context.identity.sourceIp",
    "request-id" : "$context.requestId",
    "resource-path" : "$context.resourcePath"
    }
}
"""


def test_the_consoles_passthrough_template_gives_json() -> None:
    rendered = render(
        PASSTHROUGH,
        body='{"name": "ada"}',
        params={
            "path": {"id": "7"},
            "querystring": {"q": 'say "hi"'},
            "header": {"Accept": "application/json"},
        },
        context={
            "identity.apiKey": "k-1",
            "httpMethod": "POST",
            "stage": "dev",
            "requestId": "r-1",
            "resourcePath": "/pets/{id}",
        },
        stage_variables={"backend": "blue"},
    )
    assert json.loads(rendered) == {
        "body-json": {"name": "ada"},
        "params": {
            "path": {"id": "7"},
            "querystring": {"q": 'say "hi"'},
            "header": {"Accept": "application/json"},
        },
        "stage-variables": {"backend": "blue"},
        "context": {
            "api-key": "k-1",
            "http-method": "POST",
            "stage": "dev",
            "source-ip": "",
            "request-id": "r-1",
            "resource-path": "/pets/{id}",
        },
    }


TOKENS = [
    "$input.json('$')", "$input.path('$.a')", "$input.params()", "$input.params('q')",
    "$input.body", "$util.escapeJavaScript(", "$util.parseJson(", "$util.base64Decode(",
    "$context.", "$stageVariables.", "#set(", "#if(", "#foreach(", "#else", "#end", "#stop",
    "$", "#", "(", ")", "[", "]", "{", "}", "'", '"', ".", ",", "=", " in ", "$x", "$!y",
    "1", "-1", "1e400", "true", "null", " ", "\n", "==", "&&", "a", "\\",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.sampled_from(TOKENS), max_size=25),
    body=st.one_of(st.just(ORDER), st.text(max_size=40)),
)
def test_any_template_renders_or_fails_cleanly(parts: list[str], body: str) -> None:
    """Whatever the template and payload, rendering gives text or a reported failure: never an
    exception into the engine (which would become a 500 with a traceback)."""
    evaluation, _ = mapping.render(
        "".join(parts),
        body=body,
        params={"path": {}, "querystring": {"q": "1"}, "header": {}},
        context={"stage": "dev"},
        stage_variables={},
    )
    assert (evaluation.result is None) != (evaluation.error is None)


def test_a_foreach_stops_after_a_thousand_iterations() -> None:
    """Both services' quota for a ``#foreach`` in a mapping template: 1,000 iterations (the
    loop ends and the template goes on, as Velocity's ``maxloops`` does)."""
    rendered = render("#foreach($i in [1..2000000000])$i,#end|done")
    assert rendered.endswith("999,1000,|done")
    assert rendered.count(",") == 1000
    last = render("#foreach($i in [1..1001])#if(!$foreach.hasNext)last#end#end")
    assert last == ""  # the 1,000th item still has a next one


def test_context_carries_the_calls_time_host_and_user_agent(
    stage: tuple[Any, str, str],
) -> None:
    """``$context.requestTime`` (CLF) and ``requestTimeEpoch`` (milliseconds) on mockgw's clock,
    ``domainName`` / ``domainPrefix`` of the host called, ``identity.userAgent``."""
    apigw, api_id, orders = stage
    template = (
        '{"time": "$context.requestTime", "epoch": $context.requestTimeEpoch, '
        '"domain": "$context.domainName", "prefix": "$context.domainPrefix", '
        '"agent": "$context.identity.userAgent", "protocol": "$context.protocol"}'
    )
    redeploy_with_response_template(apigw, api_id, orders, template)
    with freeze_time("2026-03-04 05:06:07.891"):
        answer = requests.post(url(api_id), json={}, headers={"User-Agent": "tests/1.0"})
    assert answer.json() == {
        "time": "04/Mar/2026:05:06:07 +0000",
        "epoch": 1772600767891,
        "domain": f"{api_id}.execute-api.us-east-1.amazonaws.com",
        "prefix": api_id,
        "agent": "tests/1.0",
        "protocol": "HTTP/1.1",
    }
