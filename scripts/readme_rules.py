"""Rewrite the rule table in README.md from the rule modules (``audiolint.rules.markdown_table``).

    python scripts/readme_rules.py          # rewrite the table between the markers
    python scripts/readme_rules.py --check  # exit 1 when the README is out of step

The table sits between ``<!-- rules:start -->`` and ``<!-- rules:end -->``;
``tests/test_readme_rules.py`` fails when it differs from what the rules say.
"""

from __future__ import annotations

import sys
from pathlib import Path

from audiolint import rules

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- rules:start -->\n", "<!-- rules:end -->\n"


def rewritten(text: str) -> str:
    """``text`` with the block between the markers replaced by the generated table."""
    if START not in text or END not in text:
        raise SystemExit(f"README.md: the markers {START.strip()} / {END.strip()} are missing")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return head + START + "\n" + rules.markdown_table() + "\n" + END + tail


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    new = rewritten(text)
    if "--check" in argv:
        return 0 if new == text else 1
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
