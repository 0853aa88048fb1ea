"""``python -m mockgw.journal compact FILE``: fold a state file's sealed journal into its
snapshot (the child process a server runs; see :mod:`mockgw.journal.statefile`)."""

from __future__ import annotations

import sys
from pathlib import Path

from mockgw.journal.files import BUSY, CompactionBusy, StateFileError, compact


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "compact":
        print("usage: python -m mockgw.journal compact FILE", file=sys.stderr)
        return 2
    try:
        compact(Path(argv[1]))
    except CompactionBusy:
        return BUSY
    except (StateFileError, OSError) as error:
        print(f"mockgw: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
