"""The shape DESIGN.md promises, checked on the code itself.

- **Layers**: imports go only downward: base (clock, ids, errors, wire, services/_shared,
  templates) <- services <- core (state, dispatcher, faults, snapshot, journal, dataplane,
  calls) <-
  doors (the public API, the seams, the server, the CLI). A service imports neither the core nor
  another service, and within a service a family of operations imports no other family.
- **No cycles**, counting every import: module level, inside functions and under
  ``TYPE_CHECKING`` alike.
- **Registration**: every handler is for an operation botocore's model names, and each
  service's ``OPERATION_MODULES`` lists every module that defines one (a forgotten module would
  silently drop its operations).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import mockgw
from mockgw.services import SERVICES, definition
from mockgw.services._shared.operations import MARK, handlers_of
from mockgw.wire import model

ROOT = Path(mockgw.__file__).parent

BASE = ("mockgw.clock", "mockgw.ids", "mockgw.tape", "mockgw.errors", "mockgw.wire")
BASE += ("mockgw.services._shared",)
BASE += ("mockgw.templates",)
CORE = ("mockgw.state", "mockgw._dispatch", "mockgw.faults", "mockgw.snapshot")
CORE += ("mockgw.journal", "mockgw.dataplane", "mockgw.calls")
LAYERS = {"base": 0, "services": 1, "core": 2, "doors": 3}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def layer(name: str) -> str:
    if within(name, BASE):
        return "base"
    if within(name, ("mockgw.services",)):
        return "services"
    if within(name, CORE):
        return "core"
    return "doors"


def service_of(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) >= 3 and parts[1] == "services" and parts[2] in SERVICES:
        return parts[2]
    return None


def imports_of(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """Every mockgw module ``name`` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("mockgw"):
                    yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if not target.startswith("mockgw"):
                continue
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                yield candidate if candidate in known else target


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: set(imports_of(name, path, known)) - {name} for name, path in known.items()}


def family_modules(service: str) -> set[str]:
    package = f"mockgw.services.{service}"
    return {f"{package}.{m}" for m in definition(service).modules}


def test_imports_only_go_down_the_layers() -> None:
    wrong = []
    for name, targets in graph().items():
        for target in targets:
            if LAYERS[layer(target)] > LAYERS[layer(name)]:
                wrong.append(f"{name} ({layer(name)}) imports {target} ({layer(target)})")
    assert wrong == []


def test_a_service_imports_no_other_service_and_no_family_imports_another() -> None:
    wrong = []
    families = {s: family_modules(s) for s in SERVICES}
    for name, targets in graph().items():
        mine = service_of(name)
        if mine is None:
            continue
        for target in targets:
            theirs = service_of(target)
            if target == "mockgw.services" or (theirs is not None and theirs != mine):
                wrong.append(f"{name} imports {target}")
            elif name in families[mine] and target in families[mine]:
                wrong.append(f"family {name} imports family {target}")
    assert wrong == []


def test_there_is_no_import_cycle() -> None:
    edges = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert cycles == []


@pytest.mark.parametrize("service", SERVICES)
def test_every_handler_is_an_operation_of_the_model(service: str) -> None:
    names = set(model.spec(service).model.operation_names)
    assert set(definition(service).handlers) <= names
    assert definition(service).handlers  # and there are some


@pytest.mark.parametrize("service", SERVICES)
def test_operation_modules_lists_every_module_that_defines_handlers(service: str) -> None:
    package = importlib.import_module(f"mockgw.services.{service}")
    defining = set()
    for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(info.name)
        if handlers_of(module):
            defining.add(info.name)
    assert defining == family_modules(service)


@pytest.mark.parametrize("service", SERVICES)
def test_each_handler_is_registered_under_the_name_it_is_marked_with(service: str) -> None:
    for name, handler in definition(service).handlers.items():
        assert getattr(handler, MARK) == name
