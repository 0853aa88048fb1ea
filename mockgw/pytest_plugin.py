"""pytest plugin (registered through the ``pytest11`` entry point).

Importing mockgw never imports pytest; pytest imports this module when it loads plugins.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mockgw import Mock, mock


@pytest.fixture
def mockgw() -> Iterator[Mock]:
    """An active mock of every mockgw service, with empty state for each test."""
    with mock() as active:
        yield active
