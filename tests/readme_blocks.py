"""The README's code blocks and how each is run (tests/test_docs.py, tests/test_packaging.py).

Every fenced block has a language: ``python`` blocks that define tests run with pytest, the
other ``python`` blocks as scripts; ``sh`` blocks run with bash (``python -m pip ...`` blocks
are the install instructions: test_packaging runs them in a fresh virtualenv; ``make ...``
blocks are checked with ``make -n``, since running them is what CI does); ``text`` blocks are
sample output, not code.
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
LANGUAGES = ("python", "sh", "text")
_FENCE = re.compile(r"^```(\S*)\n(.*?)^```$", re.M | re.S)


@dataclass(frozen=True)
class Block:
    number: int
    language: str
    code: str
    line: int
    heading: str

    @property
    def id(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.heading.lower()).strip("-")
        return f"{self.number:02d}-{self.language}-{slug}"

    @property
    def kind(self) -> str:
        """How the block is run: pytest, script, bash, install, make, or text."""
        if self.language == "python":
            return "pytest" if defines_tests(self.code) else "script"
        if self.language == "sh":
            first = self.code.lstrip().split(None, 3)
            if first[:3] == ["python", "-m", "pip"]:
                return "install"
            if first[:1] == ["make"]:
                return "make"
            return "bash"
        return "text"


def blocks(text: str | None = None) -> list[Block]:
    text = README.read_text() if text is None else text
    found = []
    for number, match in enumerate(_FENCE.finditer(text), start=1):
        before = text[: match.start()]
        headings = re.findall(r"^#+ (.+)$", _FENCE.sub("", before), re.M)
        found.append(
            Block(
                number=number,
                language=match.group(1),
                code=match.group(2),
                line=before.count("\n") + 1,
                heading=headings[-1] if headings else "top",
            )
        )
    return found


def defines_tests(code: str) -> bool:
    tree = ast.parse(code)
    return any(
        (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"))
        or (isinstance(node, ast.ClassDef) and node.name.startswith("Test"))
        for node in tree.body
    )


def clean_env(tmp: Path, path_first: list[Path], **extra: str) -> dict[str, str]:
    """A shell without AWS credentials or config: what a new user's machine has."""
    dropped = ("AWS_", "MOCKGW_", "PYTEST_", "HTTP_PROXY", "HTTPS_PROXY")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update(
        AWS_CONFIG_FILE=str(tmp / "no-aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp / "no-aws-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
        AWS_PAGER="",
        NO_PROXY="*",
        PATH=os.pathsep.join([*(str(p) for p in path_first), env.get("PATH", "")]),
    )
    env.update(extra)
    return env


def run(
    block: Block, python: Path, cwd: Path, env: dict[str, str], timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    """Run one block as the README says; the caller checks the outcome."""
    kind = block.kind
    if kind == "pytest":
        (cwd / "test_readme_block.py").write_text(block.code)
        args = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
        args += ["-p", "no:hypothesispytest", "test_readme_block.py"]
    elif kind == "script":
        (cwd / "readme_block.py").write_text(block.code)
        args = [str(python), "readme_block.py"]
    elif kind in ("bash", "install"):
        args = ["bash", "-euo", "pipefail", "-c", block.code]
    elif kind == "make":
        lines = [line.split("#")[0].strip() for line in block.code.splitlines()]
        commands = " && ".join(f"{line} -n" for line in lines if line)
        args = ["bash", "-euo", "pipefail", "-c", commands]
    else:
        raise ValueError(f"a {block.language} block is not run")
    # A session of its own, so that a block that hangs is killed whole (a server it started
    # in the background included), and output to files, not pipes: a server a failed block
    # left running must not keep the test waiting for the end of its output.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=out, stderr=err, text=True, start_new_session=True
        )
        try:
            process.wait(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
        _kill_leftovers(process.pid)
        process.wait()
        out.seek(0)
        err.seek(0)
        printed, complained = out.read(), err.read()
    if timed_out:
        files = {
            f.name: f.read_text(errors="replace")[-2000:] for f in cwd.iterdir() if f.is_file()
        }
        raise AssertionError(
            f"README.md line {block.line} ({block.heading}) ran over {timeout:g} s; "
            f"it printed:\n{printed}\n{complained}\nits files: {files}"
        )
    return subprocess.CompletedProcess(args, process.returncode, printed, complained)


def _kill_leftovers(session: int) -> None:
    """Kill what a block left running in its session (a background server it did not stop)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(session, signal.SIGKILL)


def check(block: Block, done: subprocess.CompletedProcess[str]) -> None:
    where = f"README.md line {block.line} ({block.heading}), a {block.kind} block"
    output = (done.stdout[-3000:] + done.stderr[-3000:]).strip()
    assert done.returncode == 0, f"{where} failed (exit {done.returncode}):\n{output}"
    if block.kind == "pytest":
        assert re.search(r"\b\d+ passed\b", done.stdout), f"{where} ran no test:\n{output}"
        assert not re.search(r"\b\d+ (failed|errors?)\b", done.stdout), output


def python_for_blocks() -> Path:
    return Path(sys.executable)
