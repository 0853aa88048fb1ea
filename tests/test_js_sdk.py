"""The AWS SDK for JavaScript v3 against ``mockgw server``: API keys, usage plans, a REST API
with a MOCK method called through the server's execute-api path form, models, an OpenAPI
export, AppSync keys and schema, and both services' errors, as a Node.js program sees them.

Skipped unless ``node`` and the SDK's ``@aws-sdk/client-api-gateway`` and
``@aws-sdk/client-appsync`` packages are on the machine: a ``node_modules`` folder named by
``$MOCKGW_JS_SDK`` (for example after ``npm install @aws-sdk/client-api-gateway
@aws-sdk/client-appsync`` in a scratch folder). Nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mockgw.server import MockgwServer

SCRIPT = Path(__file__).parent / "js" / "sdk_v3.mjs"
MODULES = Path(os.environ.get("MOCKGW_JS_SDK", "/nonexistent"))
NEEDED = ("client-api-gateway", "client-appsync")

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None
    or not all((MODULES / "@aws-sdk" / name).is_dir() for name in NEEDED),
    reason="needs node and a node_modules with @aws-sdk/client-api-gateway and "
    "@aws-sdk/client-appsync (MOCKGW_JS_SDK)",
)


def run_sdk(tmp_path: Path, endpoint: str) -> dict[str, Any]:
    # ESM resolves packages from the script's folder: put the script beside a link to them
    (tmp_path / "node_modules").symlink_to(MODULES.resolve(), target_is_directory=True)
    script = tmp_path / SCRIPT.name
    shutil.copyfile(SCRIPT, script)
    done = subprocess.run(
        ["node", str(script), endpoint],
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    seen: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return seen


def test_the_javascript_sdk_v3_sees_aws_shapes_and_errors(tmp_path: Path) -> None:
    with MockgwServer(port=0) as server:
        seen = run_sdk(tmp_path, server.endpoint_url)
    assert seen["key"] == {
        "idLength": 10,
        "valueLength": 40,
        "enabled": True,
        "createdIsDate": True,
        "tags": {"team": "js"},
    }
    assert seen["keys"] == {"count": 1, "sameValue": True}
    assert seen["plan"] == {"rateLimit": 2.5, "stage": "dev"}
    assert seen["planKeys"] == ["js"]
    assert seen["renamed"] == "renamed"
    assert seen["models"] == ["Empty", "Error", "Pet"]
    # AWS answers every export as application/octet-stream (see tests/test_openapi_export.py)
    assert seen["export"] == {"contentType": "application/octet-stream", "openapi": "3.0.1"}
    assert seen["call"] == {"status": 200, "body": {"stage": "dev"}, "host": True}
    assert seen["missingKey"] == {
        "name": "NotFoundException",
        "message": "Invalid API Key identifier specified",
        "status": 404,
    }
    assert seen["appsyncKey"] == {"prefix": "da2-", "expiresType": "number"}
    assert seen["schema"] == "SUCCESS"
    assert seen["sdlHasHello"] is True
    assert seen["missingApi"] == {
        "name": "NotFoundException",
        "message": "GraphQL API nope not found.",
        "status": 404,
    }
