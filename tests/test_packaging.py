"""Packaging: the sdist carries everything its tests need and builds a wheel with complete
metadata and no setuptools warnings; and, from a fresh virtualenv, the README's install blocks
work as written and every other README block then runs against the installed package.

The fresh virtualenv is offline by default: pip is told (through its environment) not to use an
index nor to resolve dependencies, and the dependencies are lent by this environment through a
``.pth`` file that hides any installed mockgw. Set ``MOCKGW_TEST_INSTALL_FROM_INDEX=1`` to
install for real from the package index instead (slower; needs the network).
"""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import mockgw
from tests import readme_blocks
from tests.readme_blocks import ROOT, Block

pytest.importorskip("setuptools", minversion="77")

FROM_INDEX = os.environ.get("MOCKGW_TEST_INSTALL_FROM_INDEX") == "1"
NAME = f"mockgw-{mockgw.__version__}"
_SKIPPED = {".venv", ".git", "__pycache__", ".mypy_cache", ".ruff_cache", ".hypothesis"}
_SKIPPED |= {".pytest_cache", "build", "dist"}


def _ignore(directory: str, names: list[str]) -> set[str]:
    return {n for n in names if n in _SKIPPED or n.endswith((".egg-info", ".pyc"))}


def _build(kind: str, source: Path, out: Path) -> tuple[Path, str]:
    """Build an sdist or a wheel of ``source`` with setuptools (no isolation, no network);
    warnings are errors."""
    script = (
        "import sys\nfrom setuptools import build_meta\n"
        f"print(build_meta.build_{kind}(sys.argv[1]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", script, str(out)],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    return out / done.stdout.strip().splitlines()[-1], log


@dataclass
class Built:
    tree: Path  # a copy of the repository, as a clone would be
    sdist: Path
    sdist_tree: Path
    wheel: Path
    logs: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    work = tmp_path_factory.mktemp("packaging")
    tree = work / "mockgw"
    shutil.copytree(ROOT, tree, ignore=_ignore)
    sdist, sdist_log = _build("sdist", tree, work / "dist")
    with tarfile.open(sdist) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.10.12 and later
            archive.extractall(work / "unpacked", filter="data")
        else:
            archive.extractall(work / "unpacked")
    sdist_tree = work / "unpacked" / NAME
    wheel, wheel_log = _build("wheel", sdist_tree, work / "wheels")
    return Built(tree, sdist, sdist_tree, wheel, sdist_log + wheel_log)


def test_the_sdist_holds_every_tracked_file(built: Built) -> None:
    with tarfile.open(built.sdist) as archive:
        members = {m.name.removeprefix(f"{NAME}/") for m in archive.getmembers() if m.isfile()}
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if listed.returncode == 0 and listed.stdout:  # a clone: compare with what git tracks
        tracked = set(listed.stdout.splitlines()) - {".gitignore"}
        assert sorted(tracked - members) == []
    for needed in ("LICENSE", "README.md", "Makefile", ".ci/run", "scripts/update_readme.py"):
        assert needed in members
    assert "tests/test_docs.py" in members and "examples/demo.py" in members


def test_the_build_warns_about_nothing(built: Built) -> None:
    assert not re.search(r"(?i)\bwarning\b", built.logs), built.logs


def test_the_wheel_metadata(built: Built) -> None:
    with zipfile.ZipFile(built.wheel) as wheel:
        names = set(wheel.namelist())
        info = f"mockgw-{mockgw.__version__}.dist-info"
        metadata = email.parser.Parser().parsestr(wheel.read(f"{info}/METADATA").decode())
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
    assert built.wheel.name == f"mockgw-{mockgw.__version__}-py3-none-any.whl"
    assert {"mockgw/py.typed", "mockgw/calls.py", f"{info}/licenses/LICENSE"} <= names
    assert not any(n.startswith(("tests/", "examples/")) for n in names)
    assert metadata["Name"] == "mockgw" and metadata["Version"] == mockgw.__version__
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata["Requires-Python"] == ">=3.10"
    classifiers = metadata.get_all("Classifier")
    assert {"Framework :: Pytest", "Typing :: Typed"} <= set(classifiers)
    assert "Programming Language :: Python :: 3.10" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # the expression says it
    assert set(metadata.get_all("Provides-Extra")) == {"appsync-js", "demo", "test"}
    requires = metadata.get_all("Requires-Dist")
    assert [r for r in requires if "extra" not in r] == [
        "botocore>=1.34",
        "graphql-core>=3.2",
        "airspeed>=0.7.1",
        "cryptography>=35.0",
        "jsonschema>=4.0",
        "pyyaml>=6.0",
    ]
    assert "mockgw = mockgw.cli:main" in entry_points
    assert "mockgw = mockgw.pytest_plugin" in entry_points
    assert metadata.get_payload().startswith("# mockgw")  # the README is the description


def test_the_sdists_own_tests_run(built: Built) -> None:
    quick = ["tests/test_layers.py", "tests/test_docs.py", "-k", "not readme_block_runs"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", *quick],
        cwd=built.sdist_tree,
        env={**os.environ, "PYTHONPATH": str(built.sdist_tree)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert re.search(r"\b\d+ passed\b", done.stdout), done.stdout


# --------------------------------------------------------------------------- a fresh virtualenv


@dataclass
class Installed:
    python: Path
    bin: Path
    sandbox: Path
    env: dict[str, str]


def _dependencies_without_mockgw(into: Path) -> Path:
    """This environment's site-packages, minus any mockgw, as a directory of links."""
    into.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    for entry in site.iterdir():
        if re.match(r"(?i)(mockgw|__editable__[._]*mockgw)", entry.name) or entry.suffix == ".pth":
            continue
        (into / entry.name).symlink_to(entry)
    return into


@pytest.fixture(scope="module")
def installed(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    work = tmp_path_factory.mktemp("fresh")
    venv = work / "venv"
    pip = [] if FROM_INDEX else ["--without-pip"]
    subprocess.run([sys.executable, "-m", "venv", *pip, str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    extra: dict[str, str] = {"PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    if not FROM_INDEX:
        purelib = subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        deps = _dependencies_without_mockgw(work / "deps")
        (Path(purelib) / "_lent_dependencies.pth").write_text(f"{deps}\n")
        extra.update(PIP_NO_INDEX="1", PIP_NO_DEPS="1", PIP_NO_BUILD_ISOLATION="0")
    sandbox = work / "project"
    sandbox.mkdir()
    (sandbox / "mockgw").symlink_to(built.tree)  # "the directory that holds the clone"
    paths = [venv / "bin", Path(sys.executable).parent]  # the AWS CLI: this environment's
    env = readme_blocks.clean_env(work, paths, MOCKGW_PORT="0", **extra)
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    for block in readme_blocks.blocks():
        if block.kind == "install":
            done = readme_blocks.run(block, python, sandbox, env, timeout=600)
            readme_blocks.check(block, done)
    if FROM_INDEX:  # what the other blocks import: the extras
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", f"{built.tree}[test]"],
            env=env,
            check=True,
            timeout=900,
        )
    yield Installed(python, venv / "bin", sandbox, env)


def test_the_package_comes_from_the_fresh_virtualenv(installed: Installed) -> None:
    done = subprocess.run(
        [str(installed.python), "-c", "import mockgw; print(mockgw.__file__, mockgw.__version__)"],
        cwd=installed.sandbox,
        env=installed.env,
        capture_output=True,
        text=True,
        check=True,
    )
    where, version = done.stdout.split()
    assert where.startswith(str(installed.python.parent.parent)), where
    assert version == mockgw.__version__
    assert (installed.bin / "mockgw").exists()


RUNNABLE = [b for b in readme_blocks.blocks() if b.kind in ("pytest", "script", "bash")]


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.id for b in RUNNABLE])
def test_readme_block_runs_installed(block: Block, installed: Installed, tmp_path: Path) -> None:
    done = readme_blocks.run(block, installed.python, tmp_path, installed.env)
    readme_blocks.check(block, done)
