"""AppSync's data plane: calls to the GraphQL and Event APIs users build.

While a mock covering AppSync is active, a request to ``https://{apiId}.appsync-api.{region}
.amazonaws.com`` (the GraphQL API's ``uris["GRAPHQL"]``, the Event API's ``dns["HTTP"]``,
through ``requests``) is answered here: ``/graphql`` for a GraphQL API
(:mod:`.graphql_call`), ``/event`` for an Event API (:mod:`.publishing`). The server answers
the same on any path whose ``Host`` header is that host or ``{apiId}.appsync-api.localhost
[:port]``, and at ``/graphql/{apiId}`` (LocalStack's form) and ``/event/{apiId}`` (mockgw's)
on its own address. The core finds the backend holding the API through the world's directory
(:mod:`mockgw.dataplane`).

A Merged API answers with its merged schema; each field is resolved by the Merged API's own
resolver if it has one, else by the resolver of the first source API (in association order,
among those whose last merge succeeded) that has one, with that source's functions, data
sources and stand-ins (``Mock.register_data_source`` with the source API's id); the Merged
API's auth applies to every field.

A custom domain name (CreateDomainName, AssociateApi) is answered the same way: while AppSync is
mocked, ``https://{domain name}/graphql`` (or ``/event``) reaches the API the domain serves,
in-process through ``requests`` and on the server through the ``Host`` header.

mockgw's choices: an API id that no backend holds, or a path other than ``/graphql`` on a
GraphQL API or ``/event`` on an Event API, is 404 NotFoundException (AWS's answer is not
recorded); so is a custom domain that serves no API (``No API is associated with domain name
{name}.``). Subscriptions (the REALTIME WebSocket endpoints) are not served.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mockgw.services._shared.endpoints import Target
from mockgw.services.appsync import merging
from mockgw.services.appsync.endpoint import graphql_call, publishing, responses
from mockgw.services.appsync.endpoint.extras import StandIns
from mockgw.services.appsync.state import API, DOMAIN_NAME, AppSyncState
from mockgw.wire.restjson import WireResponse

PREFIX = "appsync-api"
#: the server's path forms: ``/graphql/{apiId}`` and ``/event/{apiId}``
PATH_FORMS = ("/graphql", "/event")

_REGION = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-\d+$")


def target_of_host(host: str) -> tuple[str, str | None] | None:
    """``(apiId, region or None)`` for ``{id}.appsync-api.{region}.amazonaws.com`` or
    ``{id}.appsync-api.localhost[:port]``; None for any other host."""
    labels = host.rpartition("@")[2].split(":", 1)[0].lower().split(".")
    if len(labels) < 3 or labels[1] != PREFIX or not labels[0]:
        return None
    return labels[0], labels[2] if _REGION.match(labels[2]) else None


def _not_found(message: str, reason: str) -> WireResponse:
    return responses.refusal(404, "NotFoundException", message, reason)


class AppSyncEndpoint:
    """AppSync's data plane (see :class:`~mockgw.services._shared.endpoints.DataPlane`)."""

    prefixes = (PREFIX,)
    custom_hosts = DOMAIN_NAME

    def route(self, host: str, path: str) -> Target | None:
        path = path.split("?", 1)[0]  # the endpoints read no query string
        found = target_of_host(host)
        if found is not None:
            return Target(API, found[0], found[1], path)
        for form in PATH_FORMS:
            if path.startswith(form + "/"):
                api_id = path[len(form) + 1 :].rstrip("/")
                if api_id and "/" not in api_id:
                    return Target(API, api_id, None, form)
        return None

    def refuse(self, target: Target) -> WireResponse:
        where = f"region {target.region}" if target.region else "any region"
        return _not_found(
            f"API {target.name} not found.", f"no AppSync API {target.name} exists in {where}"
        )

    def answer(
        self,
        state: AppSyncState,
        extras: StandIns,
        target: Target,
        method: str,
        headers: Mapping[str, str],
        body: bytes,
    ) -> WireResponse:
        path = target.path.split("?", 1)[0].rstrip("/") or "/"
        if target.kind == DOMAIN_NAME:
            domain = next(
                (d for d in state.domain_names.values() if d.domain_name.lower() == target.name),
                None,
            )
            if domain is None or domain.api_id is None:
                return _not_found(
                    f"No API is associated with domain name {target.name}.",
                    f"custom domain name {target.name} serves no API (AssociateApi)",
                )
            target = Target(API, domain.api_id, None, path)
        graphql_api = state.apis.get(target.name)
        if graphql_api is not None:
            if path == "/graphql":
                sources = (
                    merging.merged_sources(state, graphql_api.api_id)
                    if graphql_api.api_type == "MERGED"
                    else []
                )
                return graphql_call.answer(graphql_api, extras, method, headers, body, sources)
            return _not_found(
                f"No GraphQL endpoint at {path}.", f"a GraphQL API answers at /graphql, not {path}"
            )
        event_api = state.event_apis.get(target.name)
        if event_api is not None and path == "/event":
            return publishing.answer(event_api, method, headers, body)
        if event_api is not None:
            return _not_found(
                f"No Event API endpoint at {path}.", f"an Event API publishes at /event, not {path}"
            )
        return self.refuse(target)

    def new_extras(self) -> Any:
        return StandIns()

    def replay(self, state: AppSyncState, change: list[Any]) -> None:
        """Make again a change a call noted (``mockgw.tape.effect``): a published event."""
        publishing.replay(state, change)


DATA_PLANE = AppSyncEndpoint()
