"""Imports point down the house, never up: rules never import a reporter or the summary,
analysis never imports the probe, and the text helpers import nothing of audiolint."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "audiolint"

FORBIDDEN = {
    "rules": (
        "audiolint.report",
        "audiolint.summary",
        "audiolint.engine",
        "audiolint.pipeline",
        "audiolint.cli",
        "audiolint.api",
    ),
    "analysis": ("audiolint.probe", "audiolint.rules", "audiolint.report", "audiolint.summary"),
}
# Known exceptions, each with the reason it is still there (remove the line when it is fixed).
ALLOWED: set[tuple[str, str]] = set()


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports (``from a import b`` counts as ``a`` and ``a.b``)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)
    return out


def _under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_upward(layer):
    wrong = []
    for path in sorted((SRC / layer).glob("*.py")):
        where = f"{layer}/{path.name}"
        for name in sorted(imported(path)):
            bad = [p for p in FORBIDDEN[layer] if _under(name, p)]
            if bad and not any(where == w and _under(name, m) for w, m in ALLOWED):
                wrong.append(f"{where} imports {name}")
    assert wrong == []


def test_text_helpers_are_the_ground_floor():
    assert [n for n in imported(SRC / "text.py") if _under(n, "audiolint")] == []


def test_the_checker_sees_an_upward_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from audiolint.report.console import printable\nimport audiolint.summary\n")
    assert {"audiolint.report.console", "audiolint.summary"} <= imported(bad)
