"""GetSdkTypes, GetSdkType, GetSdk.

Pinned: the SDK types and their configuration properties as AWS's developer portal lists them;
GetSdk's headers as the AWS CLI documents them (``application/octet-stream``, ``attachment;
filename="android_2016-02-22_23-52Z.zip"``); the REST API and stage NotFound texts AWS answers
for every stage operation. The archive's content is mockgw's, documented in the README.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from mockgw import mock_apigateway
from tests.apigw_fixtures import deployed_stage
from tests.helpers import assert_error, status

IDS = ["android", "javascript", "objectivec", "swift", "java", "ruby"]
ANDROID = {
    "groupId": "com.mycompany",
    "invokerPackage": "com.mycompany.clientsdk",
    "artifactId": "Mycompany-client",
    "artifactVersion": "1.0.0",
}


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway():
        yield boto3.client("apigateway", region_name="us-east-1")


def test_sdk_types(apigw: Any) -> None:
    listed = apigw.get_sdk_types()
    assert status(listed) == 200
    assert [t["id"] for t in listed["items"]] == IDS
    assert "position" not in listed
    android = listed["items"][0]
    assert android == {
        "id": "android",
        "friendlyName": "Android",
        "description": "",
        "configurationProperties": [
            {"name": "groupId", "friendlyName": "Group ID", "description": "", "required": True},
            {
                "name": "invokerPackage",
                "friendlyName": "Invoker package",
                "description": "",
                "required": True,
            },
            {
                "name": "artifactId",
                "friendlyName": "Artifact ID",
                "description": "",
                "required": True,
            },
            {
                "name": "artifactVersion",
                "friendlyName": "Artifact version",
                "description": "",
                "required": True,
            },
        ],
    }
    java = apigw.get_sdk_type(id="java")
    assert java["friendlyName"] == "Java"
    assert java["description"] == "Java SDK generator for API Gateway APIs"
    assert [(p["name"], p["required"]) for p in java["configurationProperties"]] == [
        ("service.name", True),
        ("java.package-name", True),
        ("java.build-system", False),
        ("java.group-id", False),
        ("java.artifact-id", False),
        ("java.artifact-version", False),
        ("java.license-text", False),
    ]
    assert apigw.get_sdk_type(id="javascript")["configurationProperties"] == []


def test_sdk_types_page(apigw: Any) -> None:
    first = apigw.get_sdk_types(limit=4)
    assert [t["id"] for t in first["items"]] == IDS[:4]
    rest = apigw.get_sdk_types(limit=4, position=first["position"])
    assert [t["id"] for t in rest["items"]] == IDS[4:]


def test_an_unknown_sdk_type(apigw: Any) -> None:
    assert_error(
        lambda: apigw.get_sdk_type(id="cobol"),
        "NotFoundException",
        404,
        "Invalid SDK type identifier specified",
    )


def test_get_sdk_answers_a_zip_describing_the_stage(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    with freeze_time("2016-02-22 23:52:10"):
        response = apigw.get_sdk(
            restApiId=api_id, stageName=stage, sdkType="android", parameters=ANDROID
        )
    assert status(response) == 200
    assert response["contentType"] == "application/octet-stream"
    assert response["contentDisposition"] == 'attachment; filename="android_2016-02-22_23-52Z.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response["body"].read()))
    assert archive.testzip() is None
    assert archive.namelist() == ["generated-code/README.md", "generated-code/api.json"]
    assert archive.getinfo("generated-code/api.json").date_time == (2016, 2, 22, 23, 52, 10)
    described = json.loads(archive.read("generated-code/api.json"))
    assert described == {
        "generatedBy": "mockgw",
        "restApiId": api_id,
        "name": "mockgw-fixture",
        "stageName": "dev",
        "invokeUrl": f"https://{api_id}.execute-api.us-east-1.amazonaws.com/dev",
        "sdkType": "android",
        "parameters": dict(sorted(ANDROID.items())),
        "methods": [
            {"path": "/", "httpMethod": "GET", "authorizationType": "NONE", "apiKeyRequired": True}
        ],
    }
    readme = archive.read("generated-code/README.md").decode()
    assert "NOT a\ngenerated client SDK" in readme
    assert api_id in readme


def test_get_sdk_is_the_same_for_the_same_state_and_clock(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    with freeze_time("2024-01-01"):
        one = apigw.get_sdk(restApiId=api_id, stageName=stage, sdkType="javascript")
        two = apigw.get_sdk(restApiId=api_id, stageName=stage, sdkType="javascript")
    assert one["body"].read() == two["body"].read()


def test_java_takes_the_documented_parameter_names_too(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    for parameters in (
        {"service.name": "Calc", "java.package-name": "com.example"},
        {"serviceName": "Calc", "javaPackageName": "com.example"},
    ):
        response = apigw.get_sdk(
            restApiId=api_id, stageName=stage, sdkType="java", parameters=parameters
        )
        assert response["contentDisposition"].startswith('attachment; filename="java_')


@pytest.mark.parametrize(
    ("sdk_type", "parameters", "missing"),
    [
        ("android", {"groupId": "g"}, "invokerPackage, artifactId, artifactVersion"),
        ("objectivec", {}, "classPrefix"),
        ("swift", {"classPrefix": ""}, "classPrefix"),
        ("java", {"service.name": "S"}, "java.package-name"),
        ("ruby", {}, "service.name"),
    ],
)
def test_required_parameters(
    apigw: Any, sdk_type: str, parameters: dict[str, str], missing: str
) -> None:
    api_id, stage = deployed_stage(apigw)
    assert_error(
        lambda: apigw.get_sdk(
            restApiId=api_id, stageName=stage, sdkType=sdk_type, parameters=parameters
        ),
        "BadRequestException",
        400,
        f"Missing required parameters for SDK type {sdk_type}: {missing}",
    )


def test_get_sdk_of_an_unknown_api_stage_or_type(apigw: Any) -> None:
    api_id, stage = deployed_stage(apigw)
    assert_error(
        lambda: apigw.get_sdk(restApiId="nosuchapi0", stageName=stage, sdkType="javascript"),
        "NotFoundException",
        404,
        "Invalid API identifier specified 123456789012:nosuchapi0",
    )
    assert_error(
        lambda: apigw.get_sdk(restApiId=api_id, stageName="prod", sdkType="javascript"),
        "NotFoundException",
        404,
        "Invalid stage identifier specified",
    )
    assert_error(
        lambda: apigw.get_sdk(restApiId=api_id, stageName=stage, sdkType="cobol"),
        "NotFoundException",
        404,
        "Invalid SDK type identifier specified",
    )
