"""The HTML report: one self-contained page (inline CSS and script, images as data URIs).

It opens from disk with no network (a Content-Security-Policy forbids fetching anything):
a summary, a table of every file and its properties that sorts when a column heading is
clicked, then each file's findings, and a spectrogram thumbnail where the analysis kept one
and ``audiolint.plot`` can draw it. Each finding links its term to the glossary at the end of
the page, where every term used is defined once, not under every finding (85 generated files
print as 12-13 A4 pages, 18 with a definition under each finding: benchmarks/html_pages.py).
"""

from __future__ import annotations

import base64
import html
import re

from audiolint import glossary
from audiolint.report.common import dataset_location
from audiolint.text import codec_name, file_length, printable


def escape(text: str) -> str:
    """HTML-escaped text, with control characters shown (``printable``) rather than raw."""
    return html.escape(printable(str(text), one_line=False))


CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
ICONS = {"error": "✖", "warning": "▲", "info": "●"}
THUMB = (400, 160)  # spectrogram thumbnail in pixels, axes and key included; shown 1:1

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:75em;
padding:0 1em;color:#1d232a;background:#fff}
h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.2em;margin:1.6em 0 .5em}
.cards{display:flex;gap:.8em;flex-wrap:wrap;margin:.8em 0}
.card{border:1px solid #d6dbe1;border-radius:8px;padding:.5em 1em;min-width:6em}
.card b{display:block;font-size:1.5em}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{border-bottom:1px solid #e3e7eb;padding:.35em .6em;text-align:left;vertical-align:top}
th{background:#f3f5f7;position:sticky;top:0}
th button{all:unset;cursor:pointer;font-weight:600}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.error{color:#b3261e}.warning{color:#8a6100}.info{color:#1b5fa8}.ok{color:#1e7b34}
.file{border:1px solid #e3e7eb;border-radius:8px;padding:.6em 1em;margin:.8em 0}
.file h3{font-size:1em;margin:0 0 .4em;word-break:break-all}
.finding{margin:.4em 0}
.term{color:#3b4fb8}.rule{font-family:ui-monospace,monospace}
dl.glossary dt{font-weight:600;margin-top:.7em}dl.glossary dd{margin:.2em 0 0 1.4em}
.why{color:#56606b;font-size:.92em;margin:.2em 0 0}
.baselined{opacity:.65}.muted{color:#56606b;font-size:.9em;margin:0}
img.spectrogram{width:400px;max-width:50%;height:auto;border:1px solid #d6dbe1;
float:right;margin-left:1em}
.clear{clear:both}
"""

# Sorts by each cell's data-sort (numbers) or text; a second click reverses. No libraries.
SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.querySelectorAll("th");
  heads.forEach(function (th, col) {
    th.querySelector("button").addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) {
        var cell = row.cells[col], v = cell.getAttribute("data-sort");
        return v === null ? cell.textContent.trim().toLowerCase() : parseFloat(v);
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = (typeof x === "number" && typeof y === "number") ? x - y
          : String(x).localeCompare(String(y));
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
"""


# (heading, function of FileReport -> (text, sort value or None)); None sorts as text.
COLUMNS = [
    ("File", lambda fr, p: (fr.path, None)),
    ("Codec", lambda fr, p: (codec_name(p.codec), None)),
    ("Sample rate", lambda fr, p: _num(p.sample_rate, lambda v: f"{v:,} Hz")),
    ("Bit depth", lambda fr, p: _num(p.bit_depth, lambda v: f"{v}-bit")),
    ("Channels", lambda fr, p: _num(p.channels, str)),
    ("Duration", lambda fr, p: _num(p.duration_s, lambda v: file_length(p))),
    ("Bitrate", lambda fr, p: _num(p.bitrate_bps, lambda v: f"{v / 1000:,.0f} kbps")),
    ("Errors", lambda fr, p: _count(fr, "error")),
    ("Warnings", lambda fr, p: _count(fr, "warning")),
    ("Info", lambda fr, p: _count(fr, "info")),
]


def _num(value, fmt):
    return ("", -1) if value is None else (fmt(value), value)


def _count(fr, severity: str):
    n = sum(1 for f in fr.findings if f.severity == severity)
    return str(n), n


def files_table(report) -> str:
    """The sortable table of files and their properties."""
    from audiolint.models import Properties

    head = "".join(
        f'<th scope="col"><button type="button">{escape(name)}</button></th>' for name, _ in COLUMNS
    )
    rows = []
    for i, fr in enumerate(report.files):
        p = fr.properties or Properties()
        cells = []
        for name, get in COLUMNS:
            text, key = get(fr, p)
            sort = f' data-sort="{key}"' if key is not None else ""
            cls = ' class="n"' if key is not None else ""
            body = f'<a href="#file-{i}">{escape(text)}</a>' if name == "File" else escape(text)
            cells.append(f"<td{cls}{sort}>{body}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="sortable" id="files"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def term_id(name: str) -> str:
    """The in-page anchor of a glossary term, e.g. ``term-sample-rate``."""
    return "term-" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "x")


def _finding(f) -> str:
    cls = "finding baselined" if f.baselined else "finding"
    mark = " <em>(baselined)</em>" if f.baselined else ""
    return (
        f'<div class="{cls}"><span class="{f.severity}">{ICONS[f.severity]} {f.severity}</span> '
        f'<span class="rule">{escape(f.rule)} {escape(f.name)}</span> {escape(f.message)} '
        f'<a class="term" href="#{term_id(f.term)}">[{escape(f.term)}]</a>{mark}</div>'
    )


def glossary_section(report) -> str:
    """Every term the findings use, defined once (with why it matters), in order of use."""
    g = glossary.load()
    used: dict[str, str] = {}
    for f in report.all_findings():
        if f.term not in used:
            term = g.lookup(f.term)
            text = f"<dd>{escape(term.definition if term else f.definition)}"
            if term and term.why:
                text += f'<p class="why"><b>Why it matters:</b> {escape(term.why)}</p>'
            used[f.term] = text + "</dd>"
    if not used:
        return ""
    items = "".join(
        f'<dt id="{term_id(name)}">{escape(name)}</dt>{text}' for name, text in used.items()
    )
    return f'<h2 id="glossary">What these terms mean</h2><dl class="glossary">{items}</dl>'


def thumbnail(fr) -> str:
    """An ``<img>`` of the file's spectrogram, or "" when there is none to draw."""
    artifact = fr.artifacts.get("spectrogram") if fr.artifacts else None
    if artifact is None:
        return ""
    try:
        from audiolint.plot import spectrogram_png
    except ImportError:
        return ""
    try:
        try:
            png = spectrogram_png(artifact, width=THUMB[0], height=THUMB[1])
        except TypeError:  # a drawer without a size option
            png = spectrogram_png(artifact)
    except Exception:  # a picture is a bonus: never lose the report over it
        return ""
    data = base64.b64encode(png).decode("ascii")
    alt = escape(f"Spectrogram of {fr.path}")
    return f'<img class="spectrogram" alt="{alt}" src="data:image/png;base64,{data}">'


def _khz(value: str) -> str:
    return f"{int(value) / 1000:g} kHz" if value.isdigit() else value


def _summary(report) -> str:
    c = report.counts()
    s = report.dataset_summary
    clean = sum(1 for fr in report.files if not fr.findings)
    minutes = (s.get("total_duration_s") or 0) / 60
    cards = [
        ("Files", c["files"], ""),
        ("Clean", clean, "ok"),
        ("Errors", c["error"], "error"),
        ("Warnings", c["warning"], "warning"),
        ("Info", c["info"], "info"),
        ("Audio", f"{minutes:.1f} min", ""),
    ]
    if c["baselined"]:
        cards.append(("Baselined", c["baselined"], ""))
    if s.get("skipped"):
        cards.append(("Skipped", s["skipped"], ""))
    html = '<div class="cards">' + "".join(
        f'<div class="card {cls}"><b>{escape(str(v))}</b>{escape(k)}</div>' for k, v, cls in cards
    )
    html += "</div>"
    mix = []
    for key, label, fmt in (
        ("by_codec", "Codecs", str.upper),
        ("by_sample_rate", "Sample rates", _khz),
    ):
        if s.get(key):
            mix.append(f"{label}: " + ", ".join(f"{fmt(k)} × {v}" for k, v in s[key].items()))
    if mix:
        html += f"<p>{escape('; '.join(mix))}</p>"
    if s.get("verdict"):
        html += f"<p><b>Verdict:</b> {escape(str(s['verdict']))}</p>"
    return html


def inline(report) -> str:
    """A notebook's view of a report (``Report._repr_html_``): the summary and the files table,
    in the notebook's own style (the page's style sheet would restyle the whole notebook), with
    no script, thumbnails or per-file sections."""
    return '<div class="audiolint">' + _summary(report) + files_table(report) + "</div>"


def document(report, root: str | None = None, verbose: bool = True) -> str:
    """The whole page as a string."""
    where = dataset_location(report, root)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>audiolint report: {escape(where)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>audiolint report: {escape(where)}</h1>",
        f'<p class="muted">audiolint {escape(report.tool_version)}</p>',
        _summary(report),
        "<h2>Files</h2>",
        files_table(report),
    ]
    if report.dataset_findings:
        parts.append('<h2>Dataset</h2><div class="file" id="dataset">')
        parts += [_finding(f) for f in report.dataset_findings]
        parts.append("</div>")
    parts.append("<h2>Findings by file</h2>")
    for i, fr in enumerate(report.files):
        if not fr.findings and not verbose:
            continue
        parts.append(f'<section class="file" id="file-{i}"><h3>{escape(fr.path)}</h3>')
        parts.append(thumbnail(fr))
        parts += [_finding(f) for f in fr.findings] or ['<div class="ok">✔ no findings</div>']
        parts.append('<div class="clear"></div></section>')
    parts.append(glossary_section(report))
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(p for p in parts if p) + "\n"


def render(report, stream, root: str | None = None, **_opts) -> None:
    """Write the HTML page."""
    stream.write(document(report, root))
