"""Upsampled: the file was converted up from a lower sample rate, so its top band is empty.

Nothing sits above the Nyquist frequency of a standard lower rate (16, 22.05, 32, 44.1 kHz...),
with a resampler's edge just below it. The higher rate adds size, not detail; a model trained
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
    yield Problem(
        f"content fades out at {corner / 1000:.1f} kHz and is {fid.get('depth_db', 0):.0f} dB "
        f"down by {fid.get('stop_hz', 0) / 1000:.1f} kHz, at the Nyquist frequency of "
        f"{low / 1000:g} kHz audio: upsampled from {low / 1000:g} kHz to "
        f"{(rate or 0) / 1000:g} kHz; the extra samples add no detail",
        data={"upsampled_from": low, "cutoff_hz": fid.get("cutoff_hz")},
    )
