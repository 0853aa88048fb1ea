"""``python -m mockgw server ...``: the same as the ``mockgw`` command."""

from __future__ import annotations

import sys

from mockgw.cli import main

sys.exit(main())
