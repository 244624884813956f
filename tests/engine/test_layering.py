"""Dependencies point one way (DESIGN.md): webapp → engine, forms; forms → engine's domain
checks; engine imports neither forms nor webapp nor flask."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: package → the top-level packages it must not import
FORBIDDEN = {"engine": {"forms", "webapp", "flask"}, "forms": {"webapp", "flask"}}


def imported(path: Path) -> set[str]:
    """The top-level packages a module imports absolutely (relative imports stay inside)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", FORBIDDEN)
def test_a_package_imports_nothing_it_must_not(package):
    offending = {
        str(path.relative_to(ROOT)): sorted(imported(path) & FORBIDDEN[package])
        for path in sorted((ROOT / package).rglob("*.py"))
        if imported(path) & FORBIDDEN[package]
    }
    assert offending == {}


def test_the_import_finder_sees_a_forbidden_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("from forms import formats\nimport flask.json\nfrom . import rules\n")
    assert imported(module) == {"forms", "flask"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: str) -> dict[str, set[str]]:
    """Module → the modules of ``package`` it imports, anywhere in the file (lazy and
    type-checking imports included: a circle through them is still a circle)."""
    paths = {module_name(p): p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        is_package = path.name == "__init__.py"
        graph[name] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(name, is_package, node)
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in paths else base for a in node.names]
            else:
                continue
            graph[name] |= {t for t in targets if t in paths and t != name}
    return graph


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    parts = module.split(".")
    parts = parts if is_package else parts[:-1]
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join([*parts, *([node.module] if node.module else [])])


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """The modules ``start`` imports directly or through others (itself only through a circle)."""
    seen: set[str] = set()
    waiting = list(graph[start])
    while waiting:
        module = waiting.pop()
        if module not in seen:
            seen.add(module)
            waiting.extend(graph.get(module, ()))
    return seen


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others."""
    reach = {module: reachable(graph, module) for module in graph}
    groups = {
        frozenset({module} | {other for other in reach[module] if module in reach[other]})
        for module in graph
        if module in reach[module]
    }
    return sorted(sorted(group) for group in groups)


@pytest.mark.parametrize("package", ["engine", "forms", "webapp"])
def test_no_module_imports_itself_through_others(package):
    assert circles(import_graph(package)) == []


def test_the_circle_finder_sees_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_runtime_imports_none_of_the_listeners():
    """The workflow package emits step events; the registry, progress and procedures listen.
    (Case visibility, engine.directory.access, reads the milestone units for municipal offices.)"""
    graph = import_graph("engine")
    listeners = ("engine.registry", "engine.progress", "engine.procedures", "engine.listeners")
    imported = {
        (module, target)
        for module, targets in graph.items()
        if module.startswith("engine.workflow")
        for target in targets
        if target.startswith(listeners)
    }
    assert imported == set()
