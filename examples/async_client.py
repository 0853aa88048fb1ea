"""aiobotocore inside a mock: the decorator works on `async def` as on plain functions.

python examples/async_client.py
"""

from __future__ import annotations

import asyncio

from aiobotocore.session import get_session

import mockgw


@mockgw.mock_apigateway
async def main() -> None:
    async with get_session().create_client("apigateway", region_name="us-east-1") as apigw:
        key = await apigw.create_api_key(
            name="Dev API Key", description="Used for development", enabled=True
        )
        print("created", key["id"], key["name"])
        read = await apigw.get_api_key(apiKey=key["id"], includeValue=True)
        print("read back", read["name"], "enabled:", read["enabled"])
        try:
            await apigw.get_api_key(apiKey="nope")
        except apigw.exceptions.NotFoundException as error:
            print("error", error.response["Error"]["Message"])


if __name__ == "__main__":
    asyncio.run(main())
