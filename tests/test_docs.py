"""The README stays true: its operations table is generated from the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_operations_table_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/update_readme.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_has_exactly_the_two_setup_commands() -> None:
    text = (ROOT / "README.md").read_text()
    setup = text.split("## Set up", 1)[1].split("##", 1)[0]
    commands = [
        line.split("#")[0].strip() for line in setup.splitlines() if line.startswith("    ")
    ]
    assert commands == ["make demo", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def _python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return [block.split("```", 1)[0] for block in text.split("```python\n")[1:]]


def test_quick_start_runs_and_is_short() -> None:
    quick_start = _python_blocks()[0]
    assert len(quick_start.strip().splitlines()) < 15
    namespace: dict[str, object] = {}
    exec(compile(quick_start, "README quick start", "exec"), namespace)
    test = namespace["test_rotating_a_key"]
    assert callable(test)
    test()


def test_the_demo_runs_every_example() -> None:
    result = subprocess.run(
        [sys.executable, "examples/demo.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    scripts = sorted(p.name for p in (ROOT / "examples").glob("*.py") if p.name not in ("demo.py",))
    ran = [
        line.removeprefix("#### examples/")
        for line in result.stdout.splitlines()
        if line.startswith("#### examples/")
    ]
    assert ran == scripts
    assert result.stdout.rstrip().endswith("nothing reached AWS.")
