"""EvaluateMappingTemplate (VTL) and EvaluateCode (APPSYNC_JS), on the engines of
:mod:`mockgw.templates` (which also serve the GraphQL endpoint).

The answer carries ``evaluationResult`` (the rendered template; for code, the JSON of the
value the function returned), ``logs``, ``stash`` (the stash as the template left it, JSON)
and ``outErrors`` (the errors ``appendError`` added, a JSON list); when the template raises
(``$util.error``, ``util.error``, an exception of the code) or cannot be rendered, ``error``
with its ``message`` instead of ``evaluationResult``. Code that does not parse is refused as
AWS refuses it when a resolver is created: 400 BadRequestException ``The code contains one or
more errors.`` (AWS's text, as CDK and Amplify users report it) with ``reason`` CODE_ERROR and
a ``PARSER_ERROR`` in ``detail.codeErrors`` (line known, column 0, span -1: the model's
"unknown"). A ``context`` that is not a JSON object is 400 ``Invalid context: the context must
be a JSON object.``; ``function`` other than request/response is 400 ``Invalid function:
<name>. Valid values are request and response.`` (mockgw's texts).
"""

from __future__ import annotations

import json
from typing import Any

from mockgw import errors, templates
from mockgw.errors import ServiceError
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.appsync.records.rules import check_code_and_runtime
from mockgw.services.appsync.state import AppSyncState

_FUNCTIONS = ("request", "response")


def _context(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise errors.bad_request("Invalid context: the context must be a JSON object.")
    return value


def _answer(outcome: templates.Evaluation) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "logs": list(outcome.logs),
        "stash": json.dumps(outcome.stash, separators=(",", ":")),
        "outErrors": json.dumps(outcome.out_errors, separators=(",", ":")),
    }
    if outcome.error is not None:
        answer["error"] = {"message": outcome.error.message}
    else:
        answer["evaluationResult"] = outcome.result
    return answer


@operation("EvaluateMappingTemplate")
def evaluate_mapping_template(state: AppSyncState, params: Params) -> Result:
    context = _context(params["context"])
    return _answer(templates.evaluate_vtl(params["template"], context))


@operation("EvaluateCode")
def evaluate_code(state: AppSyncState, params: Params) -> Result:
    check_code_and_runtime(params["code"], params["runtime"])
    function = params.get("function") or "request"
    if function not in _FUNCTIONS:
        raise errors.bad_request(
            f"Invalid function: {function}. Valid values are request and response."
        )
    context = _context(params["context"])
    outcome = templates.evaluate_js(params["code"], context, function)
    if outcome.error is not None and outcome.error.syntax:
        location = {"line": outcome.error.line or 0, "column": outcome.error.column or 0}
        raise ServiceError(
            "BadRequestException",
            "The code contains one or more errors.",
            reason="CODE_ERROR",
            detail={
                "codeErrors": [
                    {
                        "errorType": "PARSER_ERROR",
                        "value": f"Parsing error: {outcome.error.message}",
                        "location": {**location, "span": -1},
                    }
                ]
            },
        )
    return _answer(outcome)
