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
