"""The package's shape: the layers contract, no import circles, small modules, no private names across packages.

See docs/architecture.md. Imports inside functions count like any other.
"""

from __future__ import annotations

import ast
import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bargain"
MAX_LINES = 500

grimp = pytest.importorskip("grimp")
importlinter = pytest.importorskip("importlinter")


@functools.cache
def graph():
    return grimp.build_graph("bargain", include_external_packages=False)


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_layers_contract_is_kept():
    root = PACKAGE.parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
        cwd=root, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_the_contract_catches_an_upward_import():
    """The layers are checked in the right direction: results importing the solver would break them."""
    g = graph()
    g.add_import(importer="bargain.results.solution", imported="bargain.equilibria", line_number=1,
                 line_contents="import bargain.equilibria")
    try:
        illegal = g.find_illegal_dependencies_for_layers(
            layers=("bargain.equilibria", "bargain.results"), containers=set()
        )
    finally:
        g.remove_import(importer="bargain.results.solution", imported="bargain.equilibria")
    assert illegal


def test_no_import_circles():
    g = graph()
    circles = []
    for importer in sorted(g.modules):
        for imported in sorted(g.find_modules_directly_imported_by(importer)):
            if imported != importer and g.chain_exists(importer=imported, imported=importer):
                circles.append(f"{importer} -> {imported} -> ... -> {importer}")
    assert not circles, "\n".join(circles)


def test_no_module_is_too_long():
    long = {module_name(p): n for p in modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def subpackage(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def test_no_private_name_is_imported_across_packages():
    found = []
    for path in modules():
        here = module_name(path)
        package = here if path.name == "__init__.py" else here.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.module == "__future__":
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if not source.startswith("bargain"):
                continue
            private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
            if private and subpackage(source) != subpackage(here):
                found.append(f"{here} imports {', '.join(private)} from {source}")
    assert not found, "\n".join(found)
