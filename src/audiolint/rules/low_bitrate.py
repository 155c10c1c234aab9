"""Low bitrate: a lossy file encoded with too few kilobits per second.

The lower the bitrate, the more the encoder throws away: under 192 kbps MP3/AAC artefacts are
audible on voices, under 128 kbps they are obvious and a model will learn them.
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
    """Yield a problem when a lossy file's bitrate is under the thresholds."""
    p = ctx.props
    if p.lossless is not False or not p.bitrate_bps:
        return
    kbps = p.bitrate_bps / 1000
    if kbps < options["error_below_kbps"]:
        level, limit = "error", options["error_below_kbps"]
    elif kbps < options["warn_below_kbps"]:
        level, limit = "warning", options["warn_below_kbps"]
    else:
        return
    yield Problem(
        f"{kbps:.0f} kbps {p.codec.upper() if p.codec else ''} is under {limit} kbps: "
        "expect audible compression artefacts",
        severity=level,
        data={"kbps": round(kbps), "limit_kbps": limit},
    )
