"""Markdown for pull-request comments and ``$GITHUB_STEP_SUMMARY``: counts, then a findings table.

Text from files (paths, messages) is escaped so a name like ``take_1|*final*.wav`` stays one
table cell of plain text: ASCII punctuation that means something to GitHub-flavoured Markdown
is backslash-escaped, and newlines are folded. The glossary terms used are explained once, in
a collapsed ``<details>`` block.

A GitHub comment holds at most 65,536 characters. When every finding does not fit in
``max_chars`` (:data:`MAX_CHARS` by default), the report lists the findings per rule, then as
many findings as fit, errors first, and says how many were left out.
"""

from __future__ import annotations

import re
from collections import Counter

from audiolint import glossary
from audiolint.report.common import left_out, located, worst_first
from audiolint.text import printable

ICONS = {"error": "✖", "warning": "▲", "info": "●"}
# GitHub's comment limit is 65,536 characters; the rest is left for text around the report.
MAX_CHARS = 60_000
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$#])")


def escape(text: str) -> str:
    """Plain text safe inside a Markdown table cell."""
    return _SPECIAL.sub(r"\\\1", " ".join(printable(str(text)).split()))


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def summary_lines(report) -> list[str]:
    """The heading and the one-row counts table."""
    c = report.counts()
    s = report.dataset_summary
    clean = sum(1 for fr in report.files if not fr.findings)
    minutes = (s.get("total_duration_s") or 0) / 60
    worst = report.worst()  # baselined findings are shown but decide nothing
    verdict = "✖ failed" if worst == "error" else "▲ warnings" if worst == "warning" else "✔ passed"
    head = ["Files", "Clean", "Errors", "Warnings", "Info", "Audio"]
    row = [c["files"], clean, c["error"], c["warning"], c["info"], f"{minutes:.1f} min"]
    if c["baselined"]:
        head.append("Baselined")
        row.append(c["baselined"])
    return [
        f"## audiolint: {verdict}",
        "",
        _row(head),
        _row(["---:"] * len(head)),
        _row(str(v) for v in row),
        "",
    ]


def _finding_rows(found, dataset) -> list[str]:
    rows = []
    for path, f, _ in found:
        where = f"dataset {path}" if id(f) in dataset else path
        sev = f"{ICONS[f.severity]} {f.severity}" + (" (baselined)" if f.baselined else "")
        rows.append(
            _row([escape(where), f"{f.rule} {f.name}", sev, escape(f.message), escape(f.term)])
        )
    return rows


def _terms(found) -> list[str]:
    lines = ["", "<details><summary>What these terms mean</summary>", ""]
    g = glossary.load()
    for name in dict.fromkeys(f.term for _, f, _ in found):
        term = g.lookup(name)
        if term:
            lines.append(f"- **{escape(term.name)}**: {escape(term.definition)}")
    return [*lines, "", "</details>", ""]


def _by_rule(found) -> list[str]:
    """The counts table of a capped report: findings per rule and severity."""
    counts = Counter((f.rule, f.name, f.severity) for _, f, _ in found)
    rules = dict.fromkeys((rule, name) for rule, name, _ in sorted(counts))
    lines = ["### Findings by rule", "", _row(["Rule", "Errors", "Warnings", "Info"])]
    lines.append(_row(["---", "---:", "---:", "---:"]))
    for rule, name in rules:
        n = [counts[(rule, name, s)] for s in ("error", "warning", "info")]
        lines.append(_row([f"{rule} {name}", *(f"{v:,}" for v in n)]))
    return [*lines, ""]


def _size(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def render(report, stream, root: str | None = None, max_chars: int = MAX_CHARS, **_opts) -> None:
    """Write the Markdown report (at most ``max_chars`` characters, the summary and counts
    always included)."""
    lines = summary_lines(report)
    found = list(located(report, root))
    if not found:
        stream.write("\n".join([*lines, "No findings.", ""]))
        return
    dataset = {id(f) for f in report.dataset_findings}
    head = ["### Findings", "", _row(["File", "Rule", "Severity", "Message", "Term"])]
    head.append(_row(["---"] * 5))
    rows, terms = _finding_rows(found, dataset), _terms(found)
    if _size(lines + head + rows + terms) <= max_chars:
        stream.write("\n".join(lines + head + rows + terms))
        return
    ranked = worst_first(found)
    rows = _finding_rows(ranked, dataset)

    def note(shown: int) -> list[str]:
        rest = [f for _, f, _ in ranked[shown:]]
        return [
            "",
            f"{len(rest):,} of {len(found):,} findings are not listed here ({left_out(rest)}): "
            "a GitHub comment holds at most 65,536 characters. `audiolint check --format json` "
            "(or `concise`) lists them all.",
        ]

    head[0] = f"### Findings: the first {len(found):,} of {len(found):,}, errors first"
    fixed = lines + _by_rule(found) + head + note(0) + terms  # the longest they can be
    budget, shown = max_chars - _size(fixed), 0
    while shown < len(rows) and len(rows[shown]) + 1 <= budget:
        budget -= len(rows[shown]) + 1
        shown += 1
    head[0] = f"### Findings: the first {shown:,} of {len(found):,}, errors first"
    out = lines + _by_rule(found) + head + rows[:shown] + note(shown) + terms
    stream.write("\n".join(out))
