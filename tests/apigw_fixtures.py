"""Shared helpers that build real REST API stages through boto3, for any test that needs one.

Usage (inside an active ``mockgw.mock_apigateway()`` / ``mockgw`` fixture)::

    from tests.apigw_fixtures import deployed_stage

    api_id, stage = deployed_stage(client)            # stage "dev"
    api_id, stage = deployed_stage(client, "prod")    # another REST API, stage "prod"
"""

from __future__ import annotations

from typing import Any


def rest_api_with_get(client: Any, name: str = "mockgw-fixture") -> tuple[str, str]:
    """A REST API whose root resource ``/`` has ``GET`` (apiKeyRequired, MOCK integration
    answering 200). Returns ``(rest_api_id, root_resource_id)``."""
    api = client.create_rest_api(name=name)
    api_id, root_id = api["id"], api["rootResourceId"]
    client.put_method(
        restApiId=api_id,
        resourceId=root_id,
        httpMethod="GET",
        authorizationType="NONE",
        apiKeyRequired=True,
    )
    client.put_method_response(
        restApiId=api_id, resourceId=root_id, httpMethod="GET", statusCode="200"
    )
    client.put_integration(
        restApiId=api_id,
        resourceId=root_id,
        httpMethod="GET",
        type="MOCK",
        requestTemplates={"application/json": '{"statusCode": 200}'},
    )
    client.put_integration_response(
        restApiId=api_id,
        resourceId=root_id,
        httpMethod="GET",
        statusCode="200",
        selectionPattern="",
        responseTemplates={"application/json": '{"message": "hello from mockgw"}'},
    )
    return api_id, root_id


def deployed_stage(client: Any, name: str = "dev") -> tuple[str, str]:
    """A new REST API with ``GET /`` (MOCK integration, apiKeyRequired=True) deployed to stage
    ``name``. Returns ``(rest_api_id, stage_name)``."""
    api_id, _ = rest_api_with_get(client)
    client.create_deployment(restApiId=api_id, stageName=name)
    return api_id, name
