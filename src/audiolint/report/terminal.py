"""The terminal report: findings grouped by file, each with its glossary term, then a summary.

Each glossary term that appears is explained once at the end, so a hobbyist learns why a
finding matters without the same paragraph repeated on every file.
"""

from __future__ import annotations

from audiolint.report.console import Plain, make_console, markup, plain_width, printable
from audiolint.text import codec_name, duration_text, file_length, khz, left_out

ICONS = {"error": "✖", "warning": "▲", "info": "●"}
MESSAGE_COLUMN = 2


class _Rich:
    """The writer's interface over a rich console (colour, a terminal, a notebook)."""

    def __init__(self, con):
        self.con = con

    def line(self, pieces=()) -> None:
        self.con.print(markup(pieces))

    def table(self, rows, _wrap_column: int, make_table) -> None:
        self.con.print(make_table(rows))


def _writer(stream, color):
    width = plain_width(stream, color)
    return _Rich(make_console(stream, color)) if width is None else Plain(stream, width, color)


def _props_line(p) -> str:
    if p is None or p.codec is None:
        return ""
    lossless = "lossless" if p.lossless else "lossy" if p.lossless is False else ""
    parts = [codec_name(p.codec), lossless]
    if p.sample_rate:
        parts.append(khz(p.sample_rate))
    if p.bit_depth:
        parts.append(f"{p.bit_depth}-bit")
    if p.channels:
        parts.append({1: "mono", 2: "stereo"}.get(p.channels, f"{p.channels} ch"))
    if p.duration_s is not None:
        parts.append(file_length(p))
    return ", ".join(x for x in parts if x)


def _finding_row(f) -> list[list[tuple[str, str]]]:
    message = [("", printable(f.message))]
    if f.baselined:
        message += [("", " "), ("dim", "(baselined)")]
    return [
        [(f.severity, f"{ICONS[f.severity]} {f.severity}")],
        [("rule", f.rule)],
        message,
        [("term", f.term)],
    ]


def _table(rows):
    from rich.table import Table

    t = Table(show_header=False, box=None, padding=(0, 1), pad_edge=False, expand=False)
    t.add_column(no_wrap=True)
    t.add_column(no_wrap=True)
    t.add_column(ratio=1, overflow="fold")
    t.add_column(no_wrap=True)
    for row in rows:
        t.add_row(*(markup(cell) for cell in row))
    return t


def render(report, stream, color: bool | None = None, verbose: bool = False, **_opts) -> None:
    """Write the human-readable report."""
    out = _writer(stream, color)
    terms: list[str] = []
    for fr in report.files:
        if not fr.findings and not verbose:
            continue
        props = _props_line(fr.properties)
        out.line([("path", printable(fr.path))] + ([("", "  "), ("dim", props)] if props else []))
        if fr.findings:
            out.table([_finding_row(f) for f in fr.findings], MESSAGE_COLUMN, _table)
            terms.extend(f.term for f in fr.findings)
        else:
            headers = "" if _heard(fr) else " in its header (sound not analysed)"
            out.line([("", "  "), ("ok", f"✔ no findings{headers}")])
    if report.dataset_findings:
        out.line([("path", "Dataset")])
        out.table([_finding_row(f) for f in report.dataset_findings], MESSAGE_COLUMN, _table)
        terms.extend(f.term for f in report.dataset_findings)
    _summary(out, report)
    _explain_terms(out, dict.fromkeys(terms))
    stream.flush()


def _heard(fr) -> bool:
    """Whether any of its sound was analysed (the level, or the band alone: --select Q002)."""
    return fr.signal is not None or fr.fidelity is not None


def _summary(out, report) -> None:
    c = report.counts()
    s = report.dataset_summary
    clean = sum(1 for fr in report.files if not fr.findings and _heard(fr))
    # --quick (or a file not decoded): no finding in a header says nothing of the sound
    unheard = sum(1 for fr in report.files if not fr.findings and not _heard(fr))
    audio = duration_text(s.get("total_duration_s", 0) or 0)
    tally = f"{clean} clean" + (f", {unheard} read from the header only" if unheard else "")
    line = [
        ("", f"{c['files']} file{'' if c['files'] == 1 else 's'} checked ({tally}), "),
        ("", f"{audio} of audio: "),
        ("error", f"{c['error']} error{'' if c['error'] == 1 else 's'}"),
        ("", ", "),
        ("warning", f"{c['warning']} warning{'' if c['warning'] == 1 else 's'}"),
        ("", ", "),
        ("info", f"{c['info']} info"),
    ]
    if c.get("baselined"):
        line.append(("", f" ({c['baselined']} in the baseline)"))
    if s.get("skipped"):
        why = ", ".join(f"{n} {r}" for r, n in s.get("skipped_by_reason", {}).items())
        line.append(("", f"; {s['skipped']} skipped" + (f" ({why})" if why else "")))
    out.line()
    out.line(line)
    if s.get("usable_measured_files"):
        usable = duration_text(s.get("usable_duration_s", 0) or 0)
        left = left_out(
            s.get("duplicate_copies") or 0,
            s.get("contained_copies") or 0,
            s.get("voiceless_files") or 0,
        )
        if left:
            unique = duration_text(s.get("usable_unique_duration_s", 0) or 0)
            usable += f" ({unique} without {left})"
        out.line([("", f"Usable (non-silent) audio: {usable}")])
    if s.get("verdict"):
        style = "ok" if s.get("ready") else "error" if c["error"] else "warning"
        out.line([("", "Verdict: "), (style, s["verdict"])])


def _explain_terms(out, terms) -> None:
    if not terms:
        return
    from audiolint import glossary  # here: a clean run never reads the glossary

    g = glossary.load()
    out.line()
    out.line([("dim", "What these mean (audiolint explain TERM for more):")])
    for name in terms:
        term = g.lookup(name)
        if term:
            summary = term.summary or term.definition
            out.line([("", "  "), ("term", term.name), ("", f": {summary}")])
