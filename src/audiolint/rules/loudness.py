"""Loudness: integrated loudness below -35 LUFS, too quiet to train well.

Uses loudness_lufs (ITU-R BS.1770-4 integrated loudness, K-weighted and gated; see
audiolint.analysis.loudness). Below min_lufs (-35 LUFS) is a warning: such a quiet
recording usually carries more noise relative to the voice, and raising it raises the noise.
Files too short to measure (under 400 ms) or silent are left to other rules.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "S004"
NAME = "loudness"
TERM = "Loudness"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "signal"
ANALYSERS = ("loudness",)
DEFAULT = {"min_lufs": -35.0}


def check(ctx: FileContext, options: dict):
    """Yield a warning when the integrated loudness is below min_lufs."""
    lufs = ctx.signal.get("loudness_lufs")
    if lufs is None or lufs >= options["min_lufs"]:
        return
    shown = f"{lufs:.1f}" if round(lufs, 1) < options["min_lufs"] else f"{lufs:.2f}"  # -35.01
    yield Problem(
        f"integrated loudness {shown} LUFS is below {options['min_lufs']:g} LUFS: too quiet "
        "to train well (typical voice clips sit around -23 to -16 LUFS)",
        data={"loudness_lufs": lufs},
    )
