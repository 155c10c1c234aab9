"""Markdown for pull-request comments and ``$GITHUB_STEP_SUMMARY``: counts, then a findings table.

Text from files (paths, messages) is escaped so a name like ``take_1|*final*.wav`` stays one
table cell of plain text: ASCII punctuation that means something to GitHub-flavoured Markdown
is backslash-escaped, and newlines are folded. The glossary terms used are explained once, in
a collapsed ``<details>`` block.
"""

from __future__ import annotations

import re

from audiolint import glossary
from audiolint.report.common import located
from audiolint.text import printable

ICONS = {"error": "✖", "warning": "▲", "info": "●"}
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


def render(report, stream, root: str | None = None, **_opts) -> None:
    """Write the Markdown report."""
    lines = summary_lines(report)
    found = list(located(report, root))
    if found:
        lines += ["### Findings", "", _row(["File", "Rule", "Severity", "Message", "Term"])]
        lines.append(_row(["---"] * 5))
        dataset = {id(f) for f in report.dataset_findings}
        for path, f, _ in found:
            where = f"dataset {path}" if id(f) in dataset else path
            sev = f"{ICONS[f.severity]} {f.severity}" + (" (baselined)" if f.baselined else "")
            lines.append(
                _row([escape(where), f"{f.rule} {f.name}", sev, escape(f.message), escape(f.term)])
            )
        lines += ["", "<details><summary>What these terms mean</summary>", ""]
        g = glossary.load()
        for name in dict.fromkeys(f.term for _, f, _ in found):
            term = g.lookup(name)
            if term:
                lines.append(f"- **{escape(term.name)}**: {escape(term.definition)}")
        lines += ["", "</details>", ""]
    else:
        lines += ["No findings.", ""]
    stream.write("\n".join(lines))
