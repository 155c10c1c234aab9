"""The ``inspect`` view: one table per file, each property beside its glossary term and meaning."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from audiolint import glossary
from audiolint.analysis.codec_edges import OWN_FILTER
from audiolint.report.console import make_console, safe
from audiolint.report.terminal import ICONS
from audiolint.text import codec_name


def _fmt_rate(v):
    return f"{v:,} Hz ({v / 1000:g} kHz)"


def _fmt_size(v):
    return (
        f"{v:,} bytes ({v / 1048576:.2f} MiB)"
        if v >= 1048576
        else f"{v:,} bytes ({v / 1024:.1f} KiB)"
    )


def _fmt_duration(v):
    m, s = divmod(v, 60)
    return f"{v:.3f} s ({int(m)}:{s:06.3f})"


def rows(fr) -> list[tuple[str, str, str]]:
    """(label, value, term) for each property known for this file."""
    p = fr.properties
    if p is None:
        return []
    lossless = {True: "lossless", False: "lossy", None: "unknown"}[p.lossless]
    candidates = [
        ("Container", p.container and p.container.upper(), "Container"),
        ("Codec", p.codec and codec_name(p.codec), "Codec"),
        ("Compression", lossless, "Lossy formats" if p.lossless is False else "Lossless formats"),
        ("Sample rate", p.sample_rate and _fmt_rate(p.sample_rate), "Sample rate"),
        (
            "Bit depth",
            p.bit_depth
            and f"{p.bit_depth}-bit" + (f" {p.sample_format}" if p.sample_format else ""),
            "Bit depth",
        ),
        ("Effective bit depth", _effective_bits(fr), "Effective bit depth"),
        ("Bandwidth", _bandwidth(fr), "Cutoff frequency"),
        ("Fidelity", _verdict(fr), "Transcoding"),
        (
            "Channels",
            p.channels and {1: "1 (mono)", 2: "2 (stereo)"}.get(p.channels, str(p.channels)),
            "Channels",
        ),
        ("Duration", p.duration_s is not None and _fmt_duration(p.duration_s), "Duration"),
        (
            "Bitrate",
            p.bitrate_bps
            and f"{p.bitrate_bps / 1000:,.0f} kbps"
            + (" (nominal)" if p.lossless is False else " (average)"),
            "Bitrate",
        ),
        ("Bitrate mode", p.bitrate_mode, "Bitrate mode"),
        ("Encoder", p.encoder, "Encoder"),
        ("File size", p.size_bytes is not None and _fmt_size(p.size_bytes), "File size"),
    ]
    return [(label, str(value), term) for label, value, term in candidates if value]


def _effective_bits(fr) -> str | None:
    fid = fr.fidelity or {}
    bits = fid.get("effective_bit_depth")
    return f"{bits}-bit" if bits else None


def _bandwidth(fr) -> str | None:
    fid = fr.fidelity or {}
    if not fid.get("analysed"):
        return None
    cut = fid["cutoff_hz"] / 1000
    reach = (fid.get("reach_hz") or 0) / 1000
    if not fid.get("bandwidth_limited") and 0 < reach < 0.97 * cut:
        # no edge, but the top of the band fades into the samples' own floor before Nyquist
        return f"content fades into the noise floor by {reach:.1f} kHz"
    if not fid.get("bandwidth_limited"):
        return f"full: content reaches {cut:.1f} kHz (Nyquist)"
    rate = fr.properties.sample_rate if fr.properties else None
    if fid.get("verdict") == "genuine" and rate and fid["cutoff_hz"] < OWN_FILTER * rate / 2:
        # the verdict read this edge as a gentle roll-off with content over it, not a cut-off
        # (review 54a: "Bandwidth 1.4 kHz" on a singer's full-band scale, whose level falls
        # 21 dB there and goes on above it)
        fall = ""
        if fid.get("depth_db") is not None:
            fall = f" ({fid['depth_db']:.0f} dB over {fid['width_hz']} Hz)"
        return f"no cut-off: the level rolls off from {cut:.1f} kHz{fall}, content goes on above it"
    text = f"{cut:.1f} kHz"
    if fid.get("depth_db") is not None:
        text += f", edge {fid['depth_db']:.0f} dB deep over {fid['width_hz']} Hz"
    return text


def _verdict(fr) -> str | None:
    fid = fr.fidelity or {}
    if not fid.get("verdict"):
        return None
    text = f"{fid['verdict']} (confidence {fid.get('confidence', 0):.2f})"
    return text + (f": {fid['origin']}" if fid.get("origin") else "")


def evidence(fr) -> list[str]:
    """What an inconclusive fidelity verdict rests on: the JSON report's ``evidence`` strings
    (empty for the other verdicts, whose findings say what they found)."""
    fid = fr.fidelity or {}
    return (
        [str(e) for e in fid.get("evidence") or []] if fid.get("verdict") == "inconclusive" else []
    )


def render(report, stream, color: bool | None = None, explain: bool = False, **_opts) -> None:
    """Write one property table per file, then its findings."""
    con = make_console(stream, color)
    g = glossary.load()
    for i, fr in enumerate(report.files):
        if i:
            con.print()
        table = Table(
            title=safe(fr.path),
            title_justify="left",
            title_style="path",
            show_lines=False,
            expand=False,
        )
        table.add_column("Property", no_wrap=True)
        table.add_column("Value", overflow="fold")
        table.add_column("Term", style="term", no_wrap=True)
        table.add_column("Meaning", style="dim", overflow="fold", ratio=1)
        used = []
        for label, value, term_name in rows(fr):
            term = g.lookup(term_name)
            table.add_row(label, safe(value), term_name, escape(term.summary if term else ""))
            used.append(term_name)
        con.print(table)
        why = evidence(fr)
        if why:
            con.print("  [term]Fidelity evidence[/] (inconclusive):")
            for line in why:
                con.print(f"    - {escape(safe(line))}")
        for f in fr.findings:
            con.print(
                f"  [{f.severity}]{ICONS[f.severity]} {f.severity}[/] [rule]{f.rule}[/] "
                f"{safe(f.message)} [term]\\[{escape(f.term)}][/]"
            )
            used.append(f.term)
        if not fr.findings:
            con.print("  [ok]✔ no findings[/]")
        if explain:
            con.print()
            for name in dict.fromkeys(used):
                term = g.lookup(name)
                if term:
                    con.print(f"[term]{escape(term.name)}[/]: {escape(term.definition)}")
                    if term.why:
                        con.print(f"  [dim]Why it matters:[/] {escape(term.why)}")
