"""Per-rule documentation pages: generated from the rule modules (``scripts/rule_docs.py``),
committed under docs/rules/, kept in step, and linked from SARIF (``helpUri``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from audiolint import glossary, rules
from audiolint.models import Report
from audiolint.report import rule_docs, sarif

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / rule_docs.DOCS_DIR


def test_committed_pages_are_in_step_with_the_rules():
    pages = rule_docs.pages()
    present = {p.name for p in DOCS.glob("*.md")}
    assert present == set(pages), "docs/rules/ is out of step: run python scripts/rule_docs.py"
    for name, text in pages.items():
        assert (DOCS / name).read_text(encoding="utf-8") == text, (
            f"docs/rules/{name} is out of step: run python scripts/rule_docs.py"
        )


def test_a_page_says_what_the_module_declares():
    rule = rules.get("Q003")
    text = rule_docs.page(rule)
    summary, rest = rules.describe(rule)
    assert text.startswith("# Q003 `low-sample-rate`\n") and summary in text
    assert " ".join(rest.split()[:8]) in text  # the docstring's body
    assert "| default severity | warning |" in text
    for option, value in rule.DEFAULT.items():
        assert f"{option.replace('_', '-')} = {value}" in text
    term = glossary.load().lookup(rule.TERM)
    assert " ".join(term.definition.split()) in text and " ".join(term.why.split()) in text


def test_the_script_reports_and_mends_a_stale_page(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import rule_docs as script
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    monkeypatch.setattr(script, "DOCS", tmp_path)
    assert script.main(["--check"]) == 1  # nothing written yet
    assert script.main([]) == 0 and script.main(["--check"]) == 0
    (tmp_path / "Q003-low-sample-rate.md").write_text("old text")
    (tmp_path / "X999-gone.md").write_text("a rule that no longer exists")
    assert script.stale(rule_docs.pages()) == ["Q003-low-sample-rate.md", "X999-gone.md"]
    assert script.main([]) == 0 and script.main(["--check"]) == 0
    assert not (tmp_path / "X999-gone.md").exists()


def test_sarif_links_every_rule_to_its_page():
    run = sarif.document(Report(files=()))["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["informationUri"] == rule_docs.PROJECT_URL
    prefix = f"{rule_docs.PROJECT_URL}/blob/{rule_docs.BRANCH}/"
    for descriptor in driver["rules"]:
        link = descriptor["helpUri"]
        assert link.startswith(prefix), link
        page = ROOT / link[len(prefix) :]
        assert page.is_file(), link
        assert page.read_text(encoding="utf-8").startswith(f"# {descriptor['id']} ")


def test_the_project_address_is_the_one_in_pyproject():
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    urls = project.get("urls")
    if not urls:
        pytest.skip("pyproject.toml has no [project.urls] yet")
    assert rule_docs.PROJECT_URL in {u.rstrip("/") for u in urls.values()}
