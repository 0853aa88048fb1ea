"""The AWS CLI's own driver, run in-process inside a mock: no subprocess, no server.

python examples/cli_inprocess.py
"""

from __future__ import annotations

import botocore  # noqa: F401  (imported before awscli, so the CLI shares this botocore)
from awscli.clidriver import create_clidriver

import mockgw


def aws(*args: str) -> int:
    return int(create_clidriver().main(list(args)))


def main() -> None:
    with mockgw.mock_apigateway():
        aws(
            "apigateway",
            "create-api-key",
            "--name",
            "Dev API Key",
            "--description",
            "Used for development",
            "--enabled",
        )
        rc = aws("apigateway", "get-api-keys", "--output", "table")
        print("exit code", rc)


if __name__ == "__main__":
    main()
