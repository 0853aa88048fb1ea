"""pytest plugin (registered through the ``pytest11`` entry point).

Importing mockgw never imports pytest; pytest imports this module when it loads plugins, and
this module imports the server only when a test asks for ``mockgw_server``.

Fixtures:

``mockgw``
    An active in-process mock of every mockgw service, with empty state for each test.
``mockgw_server``
    A live ``mockgw server`` on a free loopback port, started once per session and reset before
    each test. Point clients at ``mockgw_server.endpoint_url``;
    ``mockgw_server.client("apigateway")`` makes a boto3 client for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from mockgw import Mock, mock

if TYPE_CHECKING:
    from mockgw.server import MockgwServer


@pytest.fixture
def mockgw() -> Iterator[Mock]:
    """An active mock of every mockgw service, with empty state for each test."""
    with mock() as active:
        yield active


@pytest.fixture(scope="session")
def mockgw_server_session() -> Iterator[MockgwServer]:
    """The session's ``mockgw server`` (state shared across tests; prefer ``mockgw_server``)."""
    from mockgw.server import MockgwServer

    server = MockgwServer(host="127.0.0.1", port=0).start()
    try:
        yield server
    finally:
        server.shutdown()


@pytest.fixture
def mockgw_server(mockgw_server_session: MockgwServer) -> MockgwServer:
    """A live ``mockgw server`` on a free loopback port, with empty state for each test."""
    mockgw_server_session.reset()
    return mockgw_server_session
