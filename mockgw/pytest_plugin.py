"""pytest plugin (registered through the ``pytest11`` entry point).

Importing mockgw never imports pytest; pytest imports this module when it loads plugins, and
this module imports the server only when a test asks for ``mockgw_server``.

Fixtures:

``mockgw_mock``
    An active in-process mock of every mockgw service, with empty state for each test. Every
    fixture and the test that ask for it share the one mock (and so one world), so a fixture
    for each service's client is the pattern for tests that need both.
``mockgw``
    The same mock under its first name. Inside a test that takes it, the name hides the
    ``mockgw`` package (``mockgw.UnmockedServiceError`` would be an AttributeError), which is
    why ``mockgw_mock`` exists.
``mockgw_server``
    A live ``mockgw server`` on a free loopback port, started once per session and reset before
    each test. Point clients at ``mockgw_server.endpoint_url``;
    ``mockgw_server.client("apigateway")`` makes a boto3 client for it.

Options, per test with the marker (on a test, a class or a module through ``pytestmark``) or
for the whole run in the ini file; the marker wins:

``@pytest.mark.mockgw(seed=1234, allow=["sts"])``
    ``seed``: reproducible ids and key values (``mockgw.seed``), for ``mockgw_mock`` and
    ``mockgw_server`` alike; ``allow``: AWS services whose requests may leave the process.
``mockgw_seed = 1234`` and ``mockgw_allow = sts`` (one per line) in ``[pytest]`` /
``[tool.pytest.ini_options]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from mockgw import Mock, mock

if TYPE_CHECKING:
    from mockgw.server import MockgwServer

MARKER = "mockgw"
_OPTIONS = ("seed", "allow")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "mockgw_seed",
        "seed mockgw's ids and key values in every test (an integer or a string)",
        default=None,
    )
    parser.addini(
        "mockgw_allow",
        "AWS services whose requests may leave the process during mockgw's fixtures",
        type="linelist",
        default=[],
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(seed=None, allow=()): options of the mockgw_mock (mockgw) and mockgw_server "
        "fixtures for this test: seed the ids, allow services to reach AWS",
    )


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """``seed`` and ``allow`` for this test: its marker's, else the ini file's."""
    seed_text = request.config.getini("mockgw_seed")
    options: dict[str, Any] = {
        "seed": _seed(seed_text) if seed_text else None,
        "allow": list(request.config.getini("mockgw_allow")),
    }
    marker = request.node.get_closest_marker(MARKER)
    if marker is not None:
        if marker.args:
            pytest.fail(
                f"@pytest.mark.{MARKER} takes keyword arguments only ({', '.join(_OPTIONS)}), "
                f"not {marker.args!r}",
                pytrace=False,
            )
        unknown = sorted(set(marker.kwargs) - set(_OPTIONS))
        if unknown:
            pytest.fail(
                f"@pytest.mark.{MARKER} got unknown option(s) {', '.join(unknown)}; "
                f"it takes {', '.join(_OPTIONS)}",
                pytrace=False,
            )
        options.update(marker.kwargs)
    if isinstance(options["allow"], str):
        options["allow"] = [options["allow"]]
    return options


def _seed(text: str) -> int | str:
    text = str(text).strip()
    return int(text) if text.lstrip("-").isdigit() else text


@pytest.fixture
def mockgw_mock(request: pytest.FixtureRequest) -> Iterator[Mock]:
    """An active mock of every mockgw service, with empty state for each test."""
    options = _options(request)
    with mock(allow=options["allow"], seed=options["seed"]) as active:
        yield active


@pytest.fixture
def mockgw(mockgw_mock: Mock) -> Mock:
    """``mockgw_mock`` under its first name (which hides the ``mockgw`` package in the test)."""
    return mockgw_mock


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
def mockgw_server(
    mockgw_server_session: MockgwServer, request: pytest.FixtureRequest
) -> MockgwServer:
    """A live ``mockgw server`` on a free loopback port, with empty state (and no recorded
    calls) for each test; seeded when the test's marker or the ini file says so."""
    mockgw_server_session.reset()
    seed = _options(request)["seed"]
    if seed is not None:
        from mockgw import ids

        ids.seed(seed)
    return mockgw_server_session
