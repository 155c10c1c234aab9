"""Upsampled: the file was converted up from a lower sample rate, so its top band is empty.

Nothing sits above the Nyquist frequency of a standard lower rate (16, 22.05, 32, 44.1 kHz...),
with a resampler's edge just below it, or (gentle polyphase filters) a flat pass band that
falls across that frequency. The higher rate adds size, not detail; a model trained
on it learns that the voice has no high frequencies.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "T002"
NAME = "upsampled"
TERM = "Upsampling"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "fidelity"
DEFAULT: dict = {}


def check(ctx: FileContext, options: dict):
    """Yield a problem when the fidelity verdict is upsampled."""
    fid = ctx.fidelity or {}
    if fid.get("verdict") != "upsampled":
        return
    low, rate = fid["upsampled_from"], ctx.props.sample_rate
    corner = fid.get("corner_hz") or fid.get("cutoff_hz") or 0
    if fid.get("depth_db") is None:  # a gentle resampler: a slope, no cliff
        seen = f"the level falls from a flat pass band across {low / 2000:g} kHz"
    else:
        seen = (
            f"content fades out at {corner / 1000:.1f} kHz and is {fid['depth_db']:.0f} dB "
            f"down by {fid.get('stop_hz', 0) / 1000:.1f} kHz"
        )
    yield Problem(
        f"{seen}, at the Nyquist frequency of {low / 1000:g} kHz audio: upsampled from "
        f"{low / 1000:g} kHz to {(rate or 0) / 1000:g} kHz; the extra samples add no detail",
        data={"upsampled_from": low, "cutoff_hz": fid.get("cutoff_hz")},
    )
