"""The terminal report: findings grouped by file, each with its glossary term, then a summary.

Each glossary term that appears is explained once at the end, so a hobbyist learns why a
finding matters without the same paragraph repeated on every file.
"""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from audiolint import glossary
from audiolint.report.console import make_console, safe
from audiolint.text import duration_text, khz

ICONS = {"error": "✖", "warning": "▲", "info": "●"}


def _props_line(p) -> str:
    if p is None or p.codec is None:
        return ""
    parts = [p.codec.upper(), "lossless" if p.lossless else "lossy" if p.lossless is False else ""]
    if p.sample_rate:
        parts.append(khz(p.sample_rate))
    if p.bit_depth:
        parts.append(f"{p.bit_depth}-bit")
    if p.channels:
        parts.append({1: "mono", 2: "stereo"}.get(p.channels, f"{p.channels} ch"))
    if p.duration_s is not None:
        parts.append(f"{p.duration_s:.2f} s")
    return ", ".join(x for x in parts if x)


def _finding_row(table: Table, f) -> None:
    table.add_row(
        f"[{f.severity}]{ICONS[f.severity]} {f.severity}[/]",
        f"[rule]{f.rule}[/]",
        safe(f.message) + (" [dim](baselined)[/]" if f.baselined else ""),
        f"[term]{escape(f.term)}[/]",
    )


def _table() -> Table:
    t = Table(show_header=False, box=None, padding=(0, 1), pad_edge=False, expand=False)
    t.add_column(no_wrap=True)
    t.add_column(no_wrap=True)
    t.add_column(ratio=1, overflow="fold")
    t.add_column(no_wrap=True)
    return t


def render(report, stream, color: bool | None = None, verbose: bool = False, **_opts) -> None:
    """Write the human-readable report."""
    con = make_console(stream, color)
    terms: list[str] = []
    for fr in report.files:
        if not fr.findings and not verbose:
            continue
        props = _props_line(fr.properties)
        con.print(f"[path]{safe(fr.path)}[/]" + (f"  [dim]{escape(props)}[/]" if props else ""))
        if fr.findings:
            t = _table()
            for f in fr.findings:
                _finding_row(t, f)
                terms.append(f.term)
            con.print(t)
        else:
            con.print("  [ok]✔ no findings[/]")
    if report.dataset_findings:
        con.print("[path]Dataset[/]")
        t = _table()
        for f in report.dataset_findings:
            _finding_row(t, f)
            terms.append(f.term)
        con.print(t)
    _summary(con, report)
    _explain_terms(con, dict.fromkeys(terms))


def _summary(con, report) -> None:
    c = report.counts()
    s = report.dataset_summary
    clean = sum(1 for fr in report.files if not fr.findings)
    audio = duration_text(s.get("total_duration_s", 0) or 0)
    line = (
        f"{c['files']} files checked ({clean} clean), {audio} of audio: "
        f"[error]{c['error']} errors[/], [warning]{c['warning']} warnings[/], "
        f"[info]{c['info']} info[/]"
    )
    if c.get("baselined"):
        line += f" ({c['baselined']} in the baseline)"
    if s.get("skipped"):
        why = ", ".join(f"{n} {r}" for r, n in s.get("skipped_by_reason", {}).items())
        line += f"; {s['skipped']} skipped" + (f" ({escape(why)})" if why else "")
    con.print()
    con.print(line)
    if s.get("usable_measured_files"):
        usable = duration_text(s.get("usable_duration_s", 0) or 0)
        copies = s.get("duplicate_copies") or 0
        if copies:
            unique = duration_text(s.get("usable_unique_duration_s", 0) or 0)
            usable += f" ({unique} without {copies} duplicate cop{'y' if copies == 1 else 'ies'})"
        con.print(f"Usable (non-silent) audio: {usable}")
    if s.get("verdict"):
        style = "ok" if s.get("ready") else "error" if c["error"] else "warning"
        con.print(f"Verdict: [{style}]{escape(s['verdict'])}[/]")


def _explain_terms(con, terms) -> None:
    if not terms:
        return
    g = glossary.load()
    con.print()
    con.print("[dim]What these mean (audiolint explain TERM for more):[/]")
    for name in terms:
        term = g.lookup(name)
        if term:
            con.print(f"  [term]{escape(term.name)}[/]: {escape(term.summary or term.definition)}")
