"""Write the per-rule documentation pages, docs/rules/<ID>-<name>.md, from the rule modules.

    python scripts/rule_docs.py          # (re)write docs/rules/, removing pages of gone rules
    python scripts/rule_docs.py --check  # exit 1 when the committed pages are out of step

The pages come from ``audiolint.report.rule_docs`` (docstring, constants, options, glossary
term); ``tests/test_rule_docs.py`` fails when docs/rules/ differs from what the rules say.
"""

from __future__ import annotations

import sys
from pathlib import Path

from audiolint.report import rule_docs

DOCS = Path(__file__).resolve().parents[1] / rule_docs.DOCS_DIR


def stale(pages: dict[str, str]) -> list[str]:
    """Names of the files in docs/rules/ that differ from ``pages``, are missing or are extra."""
    present = {p.name for p in DOCS.glob("*.md")} if DOCS.is_dir() else set()
    wrong = [
        name
        for name, text in pages.items()
        if name not in present or (DOCS / name).read_text(encoding="utf-8") != text
    ]
    return sorted(wrong + sorted(present - set(pages)))


def main(argv: list[str]) -> int:
    """Write the pages that are out of step (and delete extra ones); with ``--check``, only
    name them and return 1 when there are any."""
    pages = rule_docs.pages()
    wrong = stale(pages)
    if "--check" in argv:
        for name in wrong:
            print(f"{rule_docs.DOCS_DIR}/{name} is out of step", file=sys.stderr)
        return 1 if wrong else 0
    DOCS.mkdir(parents=True, exist_ok=True)
    for name in wrong:
        if name in pages:
            (DOCS / name).write_text(pages[name], encoding="utf-8")
        else:
            (DOCS / name).unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
