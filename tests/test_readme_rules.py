"""The README's rule table is generated from the rule modules and kept in step with them
(``python scripts/readme_rules.py`` rewrites it)."""

from __future__ import annotations

from pathlib import Path

from audiolint import rules

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_rule_table_is_in_step_with_the_rules():
    text = README.read_text(encoding="utf-8")
    _, _, rest = text.partition("<!-- rules:start -->\n")
    table, found, _ = rest.partition("<!-- rules:end -->\n")
    assert found, "README.md lost its <!-- rules:start/end --> markers"
    assert table.strip() == rules.markdown_table().strip(), (
        "README.md's rule table is out of step: run python scripts/readme_rules.py"
    )


def test_every_rule_has_a_row():
    table = rules.markdown_table()
    assert all(f"| {r.ID} | `{r.NAME}` |" in table for r in rules.ALL)
