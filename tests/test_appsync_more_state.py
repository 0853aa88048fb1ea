"""AppSync's caches, domains, merged APIs, environment variables and Event APIs as state: what
mockgw says it supports, and a snapshot round trip that brings every one of them back."""

from __future__ import annotations

import json
from typing import Any

import boto3

import mockgw

ROLE = "arn:aws:iam::123456789012:role/merge"
EVENT_CONFIG = {
    "authProviders": [{"authType": "API_KEY"}],
    "connectionAuthModes": [{"authType": "API_KEY"}],
    "defaultPublishAuthModes": [{"authType": "API_KEY"}],
    "defaultSubscribeAuthModes": [{"authType": "API_KEY"}],
}
OPERATIONS = {
    "CreateApiCache", "GetApiCache", "UpdateApiCache", "DeleteApiCache", "FlushApiCache",
    "CreateDomainName", "GetDomainName", "ListDomainNames", "UpdateDomainName",
    "DeleteDomainName", "AssociateApi", "DisassociateApi", "GetApiAssociation",
    "AssociateMergedGraphqlApi", "AssociateSourceGraphqlApi", "DisassociateMergedGraphqlApi",
    "DisassociateSourceGraphqlApi", "GetSourceApiAssociation", "ListSourceApiAssociations",
    "UpdateSourceApiAssociation", "StartSchemaMerge",
    "PutGraphqlApiEnvironmentVariables", "GetGraphqlApiEnvironmentVariables",
    "CreateApi", "GetApi", "ListApis", "UpdateApi", "DeleteApi",
    "CreateChannelNamespace", "GetChannelNamespace", "ListChannelNamespaces",
    "UpdateChannelNamespace", "DeleteChannelNamespace",
    "TagResource", "UntagResource", "ListTagsForResource",
    "CreateApiKey", "ListApiKeys", "UpdateApiKey", "DeleteApiKey",
}  # fmt: skip


def test_every_operation_of_this_part_is_supported() -> None:
    assert set(mockgw.supported_operations()["appsync"]) >= OPERATIONS


def build(m: mockgw.Mock) -> dict[str, Any]:
    appsync = boto3.client("appsync", region_name="us-east-1")
    source = appsync.create_graphql_api(name="s", authenticationType="API_KEY")["graphqlApi"]
    m.backend("appsync").apis.get(source["apiId"]).schema_sdl = "type Query { a: Int }"
    merged = appsync.create_graphql_api(
        name="m", authenticationType="API_KEY", apiType="MERGED", mergedApiExecutionRoleArn=ROLE
    )["graphqlApi"]
    association = appsync.associate_source_graphql_api(
        mergedApiIdentifier=merged["apiId"], sourceApiIdentifier=source["apiId"]
    )["sourceApiAssociation"]
    appsync.create_api_cache(
        apiId=source["apiId"], ttl=60, apiCachingBehavior="FULL_REQUEST_CACHING", type="SMALL"
    )
    appsync.put_graphql_api_environment_variables(
        apiId=source["apiId"], environmentVariables={"TABLE": "t"}
    )
    event = appsync.create_api(name="e", eventConfig=EVENT_CONFIG, tags={"a": "b"})["api"]
    appsync.create_channel_namespace(apiId=event["apiId"], name="rooms", codeHandlers="x")
    appsync.create_api_key(apiId=event["apiId"], description="event key")
    appsync.create_domain_name(
        domainName="api.example.com",
        certificateArn="arn:aws:acm:us-east-1:123456789012:certificate/c",
        description="d",
    )
    appsync.associate_api(domainName="api.example.com", apiId=event["apiId"])
    return {"source": source, "merged": merged, "association": association, "event": event}


def reads(built: dict[str, Any]) -> list[Any]:
    appsync = boto3.client("appsync", region_name="us-east-1")
    source, event = built["source"]["apiId"], built["event"]["apiId"]

    def strip(response: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in response.items() if k != "ResponseMetadata"}

    return [
        strip(appsync.get_source_api_association(
            mergedApiIdentifier=built["merged"]["apiId"],
            associationId=built["association"]["associationId"],
        )),
        strip(appsync.list_source_api_associations(apiId=source)),
        strip(appsync.get_api_cache(apiId=source)),
        strip(appsync.get_graphql_api_environment_variables(apiId=source)),
        strip(appsync.list_apis()),
        strip(appsync.list_channel_namespaces(apiId=event)),
        strip(appsync.get_channel_namespace(apiId=event, name="rooms")),
        strip(appsync.list_api_keys(apiId=event)),
        strip(appsync.list_domain_names()),
        strip(appsync.get_api_association(domainName="api.example.com")),
    ]  # fmt: skip


def test_a_snapshot_brings_everything_back() -> None:
    with mockgw.mock() as m:
        built = build(m)
        before = reads(built)
        merged_sdl = m.backend("appsync").apis.get(built["merged"]["apiId"]).schema_sdl
        saved = json.loads(json.dumps(m.snapshot()))
    with mockgw.mock() as fresh:
        fresh.restore(saved)
        assert reads(built) == before
        assert fresh.snapshot() == saved
        assert fresh.backend("appsync").apis.get(built["merged"]["apiId"]).schema_sdl == (
            merged_sdl
        )
        # the restored world finds the Event API's host again
        assert fresh.world.directory.locate("api", built["event"]["apiId"]) == (
            "123456789012",
            "us-east-1",
        )
