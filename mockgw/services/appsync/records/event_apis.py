"""Event APIs and their channel namespaces: the records, and the ``Api`` and
``ChannelNamespace`` shapes (views hand out copies)."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from mockgw.services._shared.store import Store
from mockgw.services.appsync.records.api_keys import ApiKey


@dataclass
class ChannelNamespace:
    api_id: str
    name: str
    arn: str
    created: float
    last_modified: float
    subscribe_auth_modes: list[dict[str, Any]] | None = None
    publish_auth_modes: list[dict[str, Any]] | None = None
    code_handlers: str | None = None
    handler_configs: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class PublishedEvent:
    """An event published to a channel through the Event API's HTTP endpoint, as kept for the
    test to read (``Mock.published_events``)."""

    identifier: str
    channel: str  # the channel's path, "/namespace/segment/..."
    namespace: str
    payload: str  # the event as published: a JSON text
    published: float  # epoch seconds


def published_event_view(event: PublishedEvent) -> dict[str, Any]:
    return {
        "identifier": event.identifier,
        "channel": event.channel,
        "namespace": event.namespace,
        "payload": event.payload,
        "event": json.loads(event.payload),
        "published": event.published,
    }


@dataclass
class EventApi:
    api_id: str
    name: str
    arn: str
    dns: dict[str, str]
    created: float
    event_config: dict[str, Any]
    owner_contact: str | None = None
    xray_enabled: bool = False
    tags: dict[str, str] = field(default_factory=dict)
    namespaces: Store[ChannelNamespace] = field(default_factory=Store)
    api_keys: Store[ApiKey] = field(default_factory=Store)
    #: the events published through the HTTP endpoint, oldest first
    events: list[PublishedEvent] = field(default_factory=list)


def event_api_view(api: EventApi) -> dict[str, Any]:
    """An ``Api`` shape; ``None`` members are left out on the wire."""
    return {
        "apiId": api.api_id,
        "name": api.name,
        "ownerContact": api.owner_contact,
        "tags": dict(api.tags),
        "dns": dict(api.dns),
        "apiArn": api.arn,
        "created": api.created,
        "xrayEnabled": api.xray_enabled,
        "eventConfig": copy.deepcopy(api.event_config),
    }


def channel_namespace_view(namespace: ChannelNamespace, *, listed: bool = False) -> dict[str, Any]:
    """A ``ChannelNamespace`` shape. A listed one leaves out its code handlers (the model: "To
    retrieve code handlers, use GetChannelNamespace")."""
    return {
        "apiId": namespace.api_id,
        "name": namespace.name,
        "subscribeAuthModes": copy.deepcopy(namespace.subscribe_auth_modes),
        "publishAuthModes": copy.deepcopy(namespace.publish_auth_modes),
        "codeHandlers": None if listed else namespace.code_handlers,
        "tags": dict(namespace.tags),
        "channelNamespaceArn": namespace.arn,
        "created": namespace.created,
        "lastModified": namespace.last_modified,
        "handlerConfigs": copy.deepcopy(namespace.handler_configs),
    }


# ----------------------------------------------------------------------------- auth rules
# Shared by the Event API and channel namespace operations. "Lambda Authorizer Config missing"
# is AWS's text for a GraphQL API's AWS_LAMBDA provider without its config (hashicorp/
# terraform-cdk#2971); the texts for the other two providers and for an auth mode without a
# provider follow it and are mockgw's.

_PROVIDER_CONFIG = {
    "AMAZON_COGNITO_USER_POOLS": ("cognitoConfig", "Cognito Config missing"),
    "OPENID_CONNECT": ("openIDConnectConfig", "OpenID Connect Config missing"),
    "AWS_LAMBDA": ("lambdaAuthorizerConfig", "Lambda Authorizer Config missing"),
}
MODE_LISTS = ("connectionAuthModes", "defaultPublishAuthModes", "defaultSubscribeAuthModes")


def event_config_problem(config: dict[str, Any]) -> str | None:
    """What is wrong with an ``EventConfig`` (the text of a BadRequestException), or None."""
    for provider in config["authProviders"]:
        needed = _PROVIDER_CONFIG.get(provider["authType"])
        if needed is not None and provider.get(needed[0]) is None:
            return needed[1]
    return auth_modes_problem(config, *(config[name] for name in MODE_LISTS))


def auth_modes_problem(
    config: dict[str, Any], *mode_lists: list[dict[str, Any]] | None
) -> str | None:
    """An auth mode must name an auth provider of the API."""
    provided = {p["authType"] for p in config["authProviders"]}
    for modes in mode_lists:
        for mode in modes or ():
            if mode["authType"] not in provided:
                return f"The auth mode {mode['authType']} has no matching auth provider."
    return None


def with_defaults(config: dict[str, Any]) -> dict[str, Any]:
    """An ``EventConfig`` with the nested defaults AWS reports back: an OIDC provider's
    ``iatTTL`` and ``authTTL`` (0) and a Lambda authorizer's ``authorizerResultTtlInSeconds``
    (0, the model's documented default; terraform-provider-aws reads all three back as
    computed)."""
    out = copy.deepcopy(config)
    for provider in out["authProviders"]:
        oidc = provider.get("openIDConnectConfig")
        if oidc is not None:
            oidc.setdefault("iatTTL", 0)
            oidc.setdefault("authTTL", 0)
        lam = provider.get("lambdaAuthorizerConfig")
        if lam is not None:
            lam.setdefault("authorizerResultTtlInSeconds", 0)
    return out
