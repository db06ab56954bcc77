"""The package's shape: no import cycles, small modules, a standard-library-only vocabulary.

Imports are read from the source with `ast`, so imports inside functions and under
``TYPE_CHECKING`` count too: a cycle that only a late import keeps from failing is still a cycle
a reader has to untangle.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "tonecheck"

#: Cycles still being removed. Empty since `Report` became plain data (issue 10, item 2): any
#: cycle now fails the test.
KNOWN_CYCLES: list[frozenset[str]] = []

#: The folders (and top-level modules) laid out by the flow; each module in them stays small.
FLOW = (
    "text",
    "detectors",
    "scoring",
    "rewrite",
    "engine",
    "email",
    "hook",
    "integrations",
    "rulebook",
    "accounts",
    "daemon",
    "evidence",
    "audit",
    "cli",
)
FLOW_MODULES = ("vocab.py", "_version.py", "models.py", "config.py")
MAX_LINES = 500


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Ids of the import nodes under ``if TYPE_CHECKING:``. They are never executed, so they
    cannot form an import cycle; a rewrite module may name ``Report`` in an annotation while
    ``Report.rewrite()`` calls into it (mypy reads such annotations without importing)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    return skipped


def _imports(name: str, path: Path, is_package: bool, modules: set[str]) -> set[str]:
    """The tonecheck modules `name` imports when it runs: at module level or in a function."""
    package = name if is_package else name.rsplit(".", 1)[0]
    targets: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    annotation_only = _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in annotation_only:
            continue
        if isinstance(node, ast.Import):
            targets.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                targets.add(submodule if submodule in modules else module)
    return {t for t in targets if t in modules and t != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    names = set(modules)
    return {name: _imports(name, path, pkg, names) for name, (path, pkg) in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [frozenset({"a", "b", "c"})]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_function_level_and_relative_imports_are_seen() -> None:
    graph = _graph()
    # engine.checker imports engine.batch only inside check_many
    assert "tonecheck.engine.batch" in graph["tonecheck.engine.checker"]
    assert "tonecheck.detectors" in graph["tonecheck.engine.checker"]


def test_no_import_cycles() -> None:
    unexpected = [sorted(c) for c in _cycles(_graph()) if c not in KNOWN_CYCLES]
    assert unexpected == [], f"import cycles in src/tonecheck: {unexpected}"


def test_modules_laid_out_by_the_flow_stay_small() -> None:
    paths = [p for folder in FLOW for p in (PACKAGE / folder).rglob("*.py")]
    paths += [PACKAGE / name for name in FLOW_MODULES]
    too_long = {
        str(p.relative_to(SRC)): n
        for p in paths
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}, f"modules over {MAX_LINES} lines: {too_long}"


def test_vocab_needs_only_the_standard_library() -> None:
    tree = ast.parse((PACKAGE / "vocab.py").read_text(encoding="utf-8"))
    imported = {
        (a.name if isinstance(node, ast.Import) else node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for a in node.names
    }
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported


def test_annotation_only_imports_are_not_edges(tmp_path: Path) -> None:
    module = tmp_path / "a.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .b import B\n"
        "def f():\n    from .c import C\n",
        encoding="utf-8",
    )
    assert _imports("pkg.a", module, False, {"pkg.a", "pkg.b", "pkg.c"}) == {"pkg.c"}


#: Test folders with no package of their own in src/tonecheck (see CONTRIBUTING.md).
TEST_FOLDERS_OUTSIDE_SRC = {"project", "evaluation", "bench", "support", "corpus", "snapshots"}


def test_tests_mirror_the_package() -> None:
    """A test file sits in the folder of the package it tests, so a reader finds the tests of
    `src/tonecheck/X/` in `tests/X/`; only conftest.py stays at the top."""
    tests = Path(__file__).resolve().parents[1]
    assert sorted(p.name for p in tests.glob("*.py")) == ["__init__.py", "conftest.py"]
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    packages |= {p.stem for p in PACKAGE.glob("*.py")}  # config.py's tests are in tests/config/
    folders = {p.name for p in tests.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders - TEST_FOLDERS_OUTSIDE_SRC <= packages, "a test folder names no module"
    for folder in folders - {"corpus", "snapshots"}:
        assert (tests / folder / "__init__.py").exists(), f"tests/{folder}/ needs an __init__.py"
