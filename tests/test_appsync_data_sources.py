# ruff: noqa: F811 - the shared fixtures are imported by name, and pytest injects them
"""AppSync data sources and RDS introspections."""

from __future__ import annotations

from typing import Any

import pytest

from tests.appsync_fixtures import ACCOUNT, REGION, api_id, appsync  # noqa: F401
from tests.helpers import assert_error, body

ROLE = f"arn:aws:iam::{ACCOUNT}:role/appsync"
LAMBDA = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:resolve"


def test_create_none_data_source_has_exactly_aws_fields(appsync: Any, api_id: str) -> None:
    created = appsync.create_data_source(apiId=api_id, name="local", type="NONE")
    assert body(created) == {
        "dataSource": {
            "dataSourceArn": f"arn:aws:appsync:{REGION}:{ACCOUNT}:apis/{api_id}/datasources/local",
            "name": "local",
            "type": "NONE",
        }
    }


@pytest.mark.parametrize(
    ("kind", "member", "config", "answered"),
    [
        ("AWS_LAMBDA", "lambdaConfig", {"lambdaFunctionArn": LAMBDA}, None),
        (
            "AMAZON_DYNAMODB",
            "dynamodbConfig",
            {"tableName": "orders", "awsRegion": REGION},
            {
                "tableName": "orders",
                "awsRegion": REGION,
                "useCallerCredentials": False,
                "versioned": False,
            },
        ),
        ("HTTP", "httpConfig", {"endpoint": "https://example.com"}, None),
        (
            "AMAZON_OPENSEARCH_SERVICE",
            "openSearchServiceConfig",
            {"endpoint": "https://search.example.com", "awsRegion": REGION},
            None,
        ),
        (
            "AMAZON_EVENTBRIDGE",
            "eventBridgeConfig",
            {"eventBusArn": f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/default"},
            None,
        ),
    ],
)
def test_each_type_takes_its_config(
    appsync: Any, api_id: str, kind: str, member: str, config: dict[str, Any], answered: Any
) -> None:
    source = appsync.create_data_source(
        apiId=api_id, name="ds", type=kind, serviceRoleArn=ROLE, **{member: config}
    )["dataSource"]
    assert source[member] == (answered or config)
    assert source["serviceRoleArn"] == ROLE
    assert appsync.get_data_source(apiId=api_id, name="ds")["dataSource"] == source


def test_config_rules(appsync: Any, api_id: str) -> None:
    assert_error(
        lambda: appsync.create_data_source(apiId=api_id, name="ds", type="AWS_LAMBDA"),
        "BadRequestException",
        400,
        "lambdaConfig must be provided for data source type AWS_LAMBDA.",
    )
    assert_error(
        lambda: appsync.create_data_source(
            apiId=api_id, name="ds", type="NONE", lambdaConfig={"lambdaFunctionArn": LAMBDA}
        ),
        "BadRequestException",
        400,
        "lambdaConfig is not supported for data source type NONE.",
    )
    assert_error(
        lambda: appsync.create_data_source(
            apiId=api_id, name="ds", type="HTTP", httpConfig={"endpoint": "ftp://x"}
        ),
        "BadRequestException",
        400,
        "Invalid HTTP endpoint: ftp://x",
    )
    assert appsync.list_data_sources(apiId=api_id)["dataSources"] == []


def test_names_are_unique_and_unknown_names_not_found(appsync: Any, api_id: str) -> None:
    appsync.create_data_source(apiId=api_id, name="ds", type="NONE")
    assert_error(
        lambda: appsync.create_data_source(apiId=api_id, name="ds", type="NONE"),
        "BadRequestException",
        400,
        "Data source with name ds already exists",
    )
    for call in (
        lambda: appsync.get_data_source(apiId=api_id, name="nope"),
        lambda: appsync.update_data_source(apiId=api_id, name="nope", type="NONE"),
        lambda: appsync.delete_data_source(apiId=api_id, name="nope"),
    ):
        assert_error(call, "NotFoundException", 404, "No data source found named nope")


def test_update_replaces_and_delete_removes(appsync: Any, api_id: str) -> None:
    appsync.create_data_source(
        apiId=api_id, name="ds", type="AWS_LAMBDA", lambdaConfig={"lambdaFunctionArn": LAMBDA}
    )
    updated = appsync.update_data_source(
        apiId=api_id, name="ds", type="NONE", description="now local"
    )["dataSource"]
    assert "lambdaConfig" not in updated and updated["description"] == "now local"
    appsync.delete_data_source(apiId=api_id, name="ds")
    assert appsync.list_data_sources(apiId=api_id)["dataSources"] == []


def test_list_pages(appsync: Any, api_id: str) -> None:
    for i in range(3):
        appsync.create_data_source(apiId=api_id, name=f"ds{i}", type="NONE")
    first = appsync.list_data_sources(apiId=api_id, maxResults=2)
    assert [s["name"] for s in first["dataSources"]] == ["ds0", "ds1"]
    second = appsync.list_data_sources(apiId=api_id, nextToken=first["nextToken"])
    assert [s["name"] for s in second["dataSources"]] == ["ds2"]
    assert "nextToken" not in second


def test_introspection_answers_in_aws_shapes(appsync: Any) -> None:
    config = {
        "resourceArn": f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:db",
        "secretArn": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:db-1",
        "databaseName": "shop",
    }
    started = body(appsync.start_data_source_introspection(rdsDataApiConfig=config))
    assert started["introspectionStatus"] == "PROCESSING"
    got = body(appsync.get_data_source_introspection(introspectionId=started["introspectionId"]))
    assert got == {
        "introspectionId": started["introspectionId"],
        "introspectionStatus": "FAILED",
        "introspectionStatusDetail": (
            f"mockgw cannot reach the database {config['resourceArn']}; an introspection has "
            "no models in a test."
        ),
    }
    assert_error(
        lambda: appsync.get_data_source_introspection(introspectionId="nope"),
        "NotFoundException",
        404,
        "Introspection nope not found.",
    )
