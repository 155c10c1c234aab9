"""Markdown and GitHub output stay within what GitHub takes for a huge dataset (issue 14): a
comment of at most 65,536 characters, 10 annotations of each level per step. Tested on a
synthetic report of thousands of findings, rendered without the pipeline."""

from __future__ import annotations

import io
import re

from test_reports import _Cells, parse_workflow_command

from audiolint import rules
from audiolint.models import FileReport, Finding, Report
from audiolint.report import github, markdown

SEVERITY_OF = {"Q003": "error", "Q001": "warning", "S002": "info", "D004": "warning"}


def _finding(rule_id: str, i: int, **kw) -> Finding:
    rule = rules.get(rule_id)
    message = f"clip {i}: {rule.NAME} found at {i % 97} s, see the rule page for what to do"
    return Finding(rule.ID, SEVERITY_OF[rule_id], rule.TERM, message, name=rule.NAME, **kw)


def huge(n_files: int = 3000) -> Report:
    """``n_files`` files: every third has an error, every file a warning, every fifth an info,
    and one dataset finding; some findings are baselined."""
    files = []
    for i in range(n_files):
        found = [_finding("Q001", i, baselined=i % 11 == 0)]
        if i % 3 == 0:
            found.insert(0, _finding("Q003", i))
        if i % 5 == 0:
            found.append(_finding("S002", i))
        files.append(FileReport(f"data/speaker_{i % 7}/clip_{i:05d}.wav", None, tuple(found)))
    dataset = (_finding("D004", 0),)
    return Report(files=tuple(files), dataset_findings=dataset, tool_version="0.1.0")


def _md(report: Report, **opts) -> str:
    out = io.StringIO()
    markdown.render(report, out, root="data", **opts)
    return out.getvalue()


def _tables(text: str) -> list[list[str]]:
    from markdown_it import MarkdownIt  # installed with rich

    parser = _Cells()
    parser.feed(MarkdownIt("commonmark", {"html": True}).enable("table").render(text))
    return parser.rows


def test_markdown_of_thousands_of_findings_fits_a_github_comment():
    report = huge()
    every = report.all_findings()
    assert len(every) > 4000
    text = _md(report)
    assert len(text) <= markdown.MAX_CHARS < 65_536
    rows = _tables(text)
    by_rule = {r[0].split()[0]: [int(v.replace(",", "")) for v in r[1:]] for r in rows[3:7]}
    assert rows[2] == ["Rule", "Errors", "Warnings", "Info"]
    assert by_rule == {
        "D004": [0, 1, 0],
        "Q001": [0, 3000, 0],
        "Q003": [1000, 0, 0],
        "S002": [0, 0, 600],
    }
    shown = [r for r in rows[7:] if len(r) == 5 and r[0] != "File"]
    m = re.search(r"### Findings: the first ([\d,]+) of ([\d,]+), errors first", text)
    assert m and int(m[1].replace(",", "")) == len(shown) > 50
    assert int(m[2].replace(",", "")) == len(every)
    # errors first: the 1,000 errors do not all fit, so every row shown is an error
    assert {r[2] for r in shown} == {"✖ error"}
    note = re.search(r"([\d,]+) of ([\d,]+) findings are not listed here \(([^)]*)\)", text)
    left = int(note[1].replace(",", ""))
    assert left == len(every) - len(shown)
    assert note[3] == f"{1000 - len(shown):,} errors, 3,001 warnings and 600 info"
    assert "<details>" in text and "Sample rate" in text  # terms still explained once


def test_markdown_cap_follows_max_chars_and_keeps_severity_order():
    report = huge(300)
    text = _md(report, max_chars=20_000)
    assert len(text) <= 20_000
    shown = [r for r in _tables(text)[7:] if len(r) == 5 and r[0] != "File"]
    order = [r[2].split()[1] for r in shown]
    ranks = [{"error": 0, "warning": 1, "info": 2}[s] for s in order]
    assert ranks == sorted(ranks) and "warning" in order  # all 100 errors fit, then warnings
    assert order.count("error") == 100


def test_small_reports_are_not_capped():
    report = huge(12)
    text = _md(report)
    assert "not listed here" not in text and "Findings by rule" not in text
    rows = [r for r in _tables(text)[2:] if r[0] != "File"]
    assert len(rows) == len(report.all_findings()) == 20
    assert [r[0] for r in rows[:3]] == ["data/speaker_0/clip_00000.wav"] * 3  # file order


def _github(report: Report) -> list[str]:
    out = io.StringIO()
    github.render(report, out, root="data")
    return out.getvalue().splitlines()


def test_github_annotates_at_most_ten_of_each_level_and_logs_the_rest():
    report = huge()
    lines = _github(report)
    commands = [parse_workflow_command(x) for x in lines if x.startswith("::")]
    levels = [c[0] for c in commands if c[0] in ("error", "warning", "notice")]
    assert levels.count("error") == levels.count("warning") == levels.count("notice") == 10
    count = next(c for c in commands if c[0] == "notice" and "more findings" in c[1]["title"])
    n = int(re.search(r"([\d,]+) more findings", count[1]["title"])[1].replace(",", ""))
    start, end = lines.index(f"::group::{count[1]['title']}"), lines.index("::endgroup::")
    logged = lines[start + 1 : end]
    assert len(logged) == n == len(report.all_findings()) - 29
    assert all(x.startswith("  ") and not x.lstrip().startswith("::") for x in logged)
    assert "Not annotated: 990 errors" in count[2]


def test_github_log_lines_cannot_become_commands():
    hostile = FileReport(
        "data/::error file=x::owned\n::warning::.wav", None, (_finding("Q003", 1),)
    )
    report = Report(files=(*huge(40).files, hostile))
    lines = _github(report)
    assert sum(1 for x in lines if x.startswith("::error ")) == 10
    assert not any(x.startswith("::error file=x") or x.startswith("::warning::") for x in lines)
    assert any("data/::error file=x::owned\\n::warning::.wav" in x for x in lines)
