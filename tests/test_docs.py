"""The README stays true: every code block runs as written, its operations table is generated
from the code, and it links nowhere outside the repository. (tests/test_packaging.py runs the
same blocks against a wheel installed in a fresh virtualenv.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import readme_blocks
from tests.readme_blocks import README, ROOT, Block

BLOCKS = readme_blocks.blocks()
RUNNABLE = [b for b in BLOCKS if b.kind in ("pytest", "script", "bash", "make")]


def test_readme_operations_table_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/update_readme.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_block_has_a_language_that_says_how_it_runs() -> None:
    assert BLOCKS, "no code blocks found"
    assert [b.line for b in BLOCKS if b.language not in readme_blocks.LANGUAGES] == []
    fences = sum(1 for line in README.read_text().splitlines() if line.startswith("```"))
    assert fences == 2 * len(BLOCKS), "an unclosed or nested fence"
    kinds = {b.kind for b in BLOCKS}
    assert {"pytest", "script", "bash", "install", "make"} <= kinds


def test_no_indented_code_blocks() -> None:
    """Indented blocks cannot carry a language, so they could not be run: fence them."""
    inside = False
    previous = ""
    wrong = []
    for number, line in enumerate(README.read_text().splitlines(), start=1):
        if line.startswith("```"):
            inside = not inside
        elif not inside and line.startswith("    ") and not previous.strip():
            wrong.append(number)
        previous = line
    assert wrong == []


def test_no_links_outside_the_repository() -> None:
    text = README.read_text()
    prose = re.sub(r"^```.*?^```$", "", text, flags=re.M | re.S)
    prose = re.sub(r"`[^`\n]*`", "", prose)  # inline code: endpoints, not links
    targets = re.findall(r"\]\(([^)\s]+)\)", prose) + re.findall(r"<(\w+://[^>]+)>", prose)
    assert targets, "expected the in-repository links (docs/, the operations table)"
    for target in targets:
        assert "://" not in target, f"a link outside the repository: {target}"
        path = target.split("#", 1)[0]
        if path:
            assert (ROOT / path).exists(), f"a link to a missing file: {target}"
        else:
            anchor = target[1:]
            headings = re.findall(r"^#+ (.+)$", text, re.M)
            slugs = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings}
            assert anchor in slugs, f"a link to a missing heading: {target}"
    assert re.findall(r"https?://\S+", prose) == []


def test_the_install_line_is_honest() -> None:
    text = README.read_text()
    install = text.split("## Add it to your project", 1)[1].split("\n## ", 1)[0]
    assert "not published on PyPI" in install
    assert "The distribution is named `mockgw`" in install
    assert "python -m pip install ./mockgw" in install
    from mockgw import __version__

    assert f"dist/mockgw-{__version__}-py3-none-any.whl" in install


def test_contributing_has_exactly_the_two_commands() -> None:
    [block] = [b for b in BLOCKS if b.kind == "make"]
    commands = [line.split("#")[0].strip() for line in block.code.splitlines()]
    assert commands == ["make demo", "make test"]
    assert block.heading == "Contributing"
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_quick_start_is_first_and_short() -> None:
    quick = next(b for b in BLOCKS if b.language == "python")
    assert quick.heading == "Quick start" and quick.kind == "pytest"
    assert len(quick.code.strip().splitlines()) < 15


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.id for b in RUNNABLE])
def test_readme_block_runs(block: Block, tmp_path: Path) -> None:
    env = readme_blocks.clean_env(
        tmp_path,
        [Path(sys.executable).parent],
        PYTHONPATH=str(ROOT),
        MOCKGW_PORT="0",  # the server block: a free port, never a fixed one in tests
    )
    cwd = ROOT if block.kind == "make" else tmp_path
    done = readme_blocks.run(block, Path(sys.executable), cwd, env)
    readme_blocks.check(block, done)
    if block.kind == "bash":  # the CI script: the key it created, then the operations count
        lines = done.stdout.splitlines()
        assert lines[0] == "ci" and re.fullmatch(r"appsync: \d+ operations", lines[1]), lines


def test_the_ci_block_prints_what_it_says() -> None:
    [block] = [b for b in BLOCKS if b.kind == "bash" and "mockgw server" in b.code]
    assert "kill %1 && wait" in block.code


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
