"""Lossy re-encoded: a lossy file far narrower than its bitrate allows, made from a worse source.

Encoders keep more bandwidth at higher bitrates (LAME keeps about 19.5 kHz at 320 kbps). A
320 kbps file whose content stops at 16 kHz or 11 kHz was encoded from a low-bitrate or
low-sample-rate file: the high bitrate is wasted and the quality is that of the source.
"""

from __future__ import annotations

from audiolint.analysis.phrases import edge_phrase
from audiolint.rules.base import FileContext, Problem

ID = "T004"
NAME = "lossy-reencoded"
TERM = "Transcoding"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "fidelity"
ANALYSERS = ("fidelity",)
DEFAULT: dict = {}


def check(ctx: FileContext, options: dict):
    """Yield a problem when a lossy file's bandwidth is far under what its bitrate keeps."""
    fid = ctx.fidelity or {}
    if ctx.props.lossless is not False or not fid.get("reencoded"):
        return
    p = ctx.props
    codec = (p.codec or "lossy").upper()
    origin = f" (probably from {fid['origin']})" if fid.get("origin") else ""
    yield Problem(
        f"{edge_phrase(fid)}, although {p.bitrate_bps / 1000:.0f} kbps {codec} keeps about "
        f"{fid['expected_cutoff_hz'] / 1000:.1f} kHz: re-encoded from a worse source{origin}",
        data={
            "cutoff_hz": fid.get("cutoff_hz"),
            "expected_cutoff_hz": fid.get("expected_cutoff_hz"),
            "origin": fid.get("origin"),
        },
    )
