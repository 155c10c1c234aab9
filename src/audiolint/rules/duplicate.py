"""Duplicate: the same audio twice in the dataset, even in another format, rate or level.

Files are compared by what they sound like (a fingerprint of the decoded audio), not by their
bytes, so a WAV and its FLAC or MP3 copy, a 44.1 kHz and a 48 kHz export, or a copy 6 dB quieter
all count as the same audio: each repeats the same material and gives it extra weight. The
warning goes on every later copy and names the first file it repeats; a clip whose audio also
sits inside a longer file (a slice kept next to its source) is flagged too. Silent files are
never matched (the silence rules cover them). Needs the signal analysis (not in header-only
runs).
"""

from __future__ import annotations

from audiolint.analysis import dedupe
from audiolint.report.console import printable
from audiolint.rules.base import DatasetContext, Problem

ID = "D003"
NAME = "duplicate"
TERM = "Duplicate"
SEVERITY = "warning"
SCOPE = "dataset"
REQUIRES = "signal"
DEFAULT = {"max_bit_error": 0.25, "min_cover": 0.8}
VERDICT = "{n} duplicate {files}"


def _clock(seconds: float) -> str:
    m, s = divmod(max(0.0, seconds), 60)
    return f"{int(m)}:{s:04.1f}"


def check(ctx: DatasetContext, options: dict):
    """Yield a warning on each later copy (or contained clip), attached to that file."""
    prints = [f.extras.get("analysis", {}).get("fingerprint") for f in ctx.files]
    matches = dedupe.find(prints, options["max_bit_error"], options["min_cover"])
    first_copy: dict[int, dedupe.Match] = {}
    for m in matches:
        if not m.inside and (m.b not in first_copy or m.a < first_copy[m.b].a):
            first_copy[m.b] = m
    for later, m in sorted(first_copy.items()):
        yield Problem(
            f"same audio as {printable(ctx.files[m.a].display)}: keep one copy, ideally the "
            "best-quality one",
            data=_data(ctx, later, m.a, m),
        )
    flagged = set(first_copy)
    for m in sorted((m for m in matches if m.inside), key=lambda m: (m.a, m.b)):
        if m.a in flagged:
            continue
        flagged.add(m.a)
        yield Problem(
            f"its audio also appears inside {printable(ctx.files[m.b].display)} (from "
            f"{_clock(m.offset_s)}): the same material counts twice",
            data=_data(ctx, m.a, m.b, m),
        )


def _data(ctx: DatasetContext, here: int, other: int, m: dedupe.Match) -> dict:
    return {
        "path": ctx.files[here].display,
        "duplicate_of": ctx.files[other].display,
        "inside": m.inside,
        "offset_s": m.offset_s,
        "bit_error": m.bit_error,
    }
