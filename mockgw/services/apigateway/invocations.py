"""TestInvokeMethod: a method of a REST API called as it stands, by the execute-api engine
(``invoke/test_invoke.py``): request validation and the integration, without authorization, API
key or usage; the answer carries AWS's execution ``log``.

Recorded AWS behaviour (LocalStack's validated ``test_invoke_test_method``): an unknown method
answers 404 ``Invalid Method identifier specified``, an unknown resource or REST API ``Invalid
Resource identifier specified``. ``multiValueHeaders`` join the ``headers`` (values joined with
commas, as a request carries them). mockgw's choice: a ``clientCertificateId`` must name one of
the account's client certificates (404 ``Invalid Client Certificate identifier specified``).
"""

from __future__ import annotations

from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.invoke.test_invoke import TestRequest, test_invoke
from mockgw.services.apigateway.state import ApiGatewayState


@operation("TestInvokeMethod")
def test_invoke_method(state: ApiGatewayState, params: Params) -> Result:
    api, resource, method = lookups.method(state, params)
    if params.get("clientCertificateId"):
        lookups.client_certificate(state, params["clientCertificateId"])
    headers = dict(params.get("headers") or {})
    for name, values in (params.get("multiValueHeaders") or {}).items():
        joined = ",".join(values)
        headers[name] = f"{headers[name]},{joined}" if name in headers and joined else joined
    sent = TestRequest(
        path_with_query_string=params.get("pathWithQueryString"),
        headers=headers,
        body=params.get("body") or "",
        stage_variables=dict(params.get("stageVariables") or {}),
    )
    return test_invoke(state, api, resource, method, sent)
