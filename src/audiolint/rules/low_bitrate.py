"""Low bitrate: a lossy file encoded with too few kilobits per second.

The lower the bitrate, the more the encoder throws away: under 192 kbps MP3/AAC artefacts are
audible on voices, under 128 kbps they are obvious and a model will learn them. Those limits
are for two channels; a mono file spends all its bits on one, so its limits are half (LAME
itself gives 96 kbps mono the low-pass of about 192 kbps stereo: 20 kHz).
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "Q002"
NAME = "low-bitrate"
TERM = "Bitrate"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "readable"
ANALYSERS = ()
DEFAULT = {"warn_below_kbps": 192, "error_below_kbps": 128}


def check(ctx: FileContext, options: dict):
    """Yield a problem when a lossy file's bitrate is under the thresholds (halved for mono)."""
    p = ctx.props
    if p.lossless is not False or not p.bitrate_bps:
        return
    kbps = p.bitrate_bps / 1000
    share = 0.5 if p.channels == 1 else 1.0  # the limits are for two channels
    if kbps < options["error_below_kbps"] * share:
        level, limit = "error", options["error_below_kbps"]
    elif kbps < options["warn_below_kbps"] * share:
        level, limit = "warning", options["warn_below_kbps"]
    else:
        return
    codec = p.codec.upper() if p.codec else ""
    if share < 1:
        text = f"{kbps:.0f} kbps mono {codec} is under {limit * share:g} kbps for one channel "
        text += f"({limit} kbps for two)"
    else:
        text = f"{kbps:.0f} kbps {codec} is under {limit} kbps"
    yield Problem(
        text + ": expect audible compression artefacts",
        severity=level,
        data={"kbps": round(kbps), "limit_kbps": round(limit * share), "channels": p.channels},
    )
