"""Lossy re-encoded: a lossy file made from a worse source (a narrower or lower-bitrate file).

Two kinds of evidence, either enough. Encoders keep more bandwidth at higher bitrates (LAME
keeps about 19.5 kHz at 320 kbps): a 320 kbps file whose content stops at 16 kHz or 11 kHz was
encoded from a low-bitrate or low-sample-rate file. And an earlier MP3 encode's zero
coefficients survive a re-encode: a high constant-bitrate MP3 whose 576-sample grid holds far
more zeros than such an encode leaves alone was made from a lower-bitrate MP3, and an MP3
holding AAC's, Vorbis's or Opus's MDCT grid was made from such a decode
(:mod:`audiolint.analysis.reencode`), even where the first encode kept 17-20 kHz. Either way
the high bitrate is wasted and the quality is that of the source. The bandwidth is judged for
MP3, AAC, Vorbis and Opus files only, the encoders its table was measured on: FFmpeg's MP2 and
AC-3 encoders keep a far narrower band per bitrate (MP2 at 128 kbps: 13.8 kHz of a 48 kHz mono
voice; AC-3 at 96 kbps stereo: 7.5 kHz), and read "re-encoded" on 28 direct encodes of genuine
recordings (review 42). An MP3 whose encoder no LAME tag names (FFmpeg writes its own tag for
libmp3lame and libshine alike) gets the other causes too: an encoder that cuts lower (libshine
kept 12.6-13.3 kHz at 128 kbps: "re-encoded" on 5 direct encodes, review 43a) or a source with
little above the cut. An Opus file whose content stops at the Nyquist frequency of the rate its
header says it was encoded from (INPUT of it or more: an 8-24 kHz recording) is a first encode
of lower-rate audio, which Q003 names, and gets no band finding.
"""

from __future__ import annotations

from audiolint.analysis.phrases import edge_phrase
from audiolint.rules.base import FileContext, Problem
from audiolint.text import codec_name

ID = "T004"
NAME = "lossy-reencoded"
TERM = "Transcoding"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "fidelity"
ANALYSERS = ("fidelity",)
DEFAULT: dict = {}
# content reaching this share of the Nyquist frequency of the rate an Opus header says it was
# encoded from stops where that rate does (a resampler's and the encoder's filters stand under
# it; review 50e's 22.05 kHz voices through libopus from 24 kHz: 1.02 times; an MP3 64k
# decode of them re-encoded: 0.83)
INPUT = 0.9


def check(ctx: FileContext, options: dict):
    """Yield a problem when a lossy file's bandwidth is far under what its bitrate keeps, or
    when an earlier MP3 encode's zeros show on its grid."""
    fid = ctx.fidelity or {}
    if ctx.props.lossless is not False or not fid.get("reencoded"):
        return
    from audiolint.analysis import reencode  # numpy: not for a run the cache serves
    from audiolint.analysis.codec_edges import old_lame_band

    p = ctx.props
    grid = fid.get("reencode_grid") or {}
    data = {k: fid.get(k) for k in ("cutoff_hz", "expected_cutoff_hz", "origin")}
    if grid.get("found"):
        keys = ("zero_share", "excess_share", "other_codec", "other_zero_share")
        data.update({k: grid[k] for k in keys if k in grid})
        worse = "a lossy" if grid.get("other_codec") else "a worse"
        text = reencode.phrase(grid, reencode.per_channel_kbps(p))
        yield Problem(f"{text}: re-encoded from {worse} source", data=data)
        return
    given = p.source_rate
    if given < (p.sample_rate or 0) and (fid.get("cutoff_hz") or 0) >= INPUT * given / 2:
        # an Opus file's header names the rate it was encoded from, and its band stops there:
        # a first encode of lower-rate audio, which Q003 names (review 50e: 22.05 kHz speech
        # through FFmpeg's libopus at 96-160k read "re-encoded ... from a low-bitrate encode")
        return
    codec = codec_name(p.codec, "LOSSY")
    origin = f" (probably from {fid['origin']})" if fid.get("origin") else ""
    kbps = (p.bitrate_bps or 0) / 1000  # a re-encoded band implies a bitrate; None never crashes
    # no encoder named: the band expected may be an old LAME's lower one (codec_edges)
    old = old_lame_band(p) == fid["expected_cutoff_hz"]
    who = " (even an old LAME; no tag names the encoder)" if old else ""
    yield Problem(
        f"{edge_phrase(fid)}, although {kbps:.0f} kbps {codec} keeps about "
        f"{fid['expected_cutoff_hz'] / 1000:.1f} kHz{who}: re-encoded from a worse "
        f"source{origin}{_other_encoder(p, fid)}",
        data=data,
    )


def _other_encoder(props, fid: dict) -> str:
    """For an MP3 no LAME tag names (FFmpeg tags its libmp3lame and its libshine alike), the
    other cause: an encoder that cuts lower than LAME's table (review 43a: libshine kept 12.6-
    13.3 kHz at 128 kbps and 6.0-6.2 kHz at 64; "re-encoded" on 5 direct encodes), or a source
    with little over the cut (a hum whose last partial is at 13 kHz over a -50 dB floor read
    13.3 kHz through LAME at 128 kbps)."""
    if props.codec != "mp3" or "LAME" in (props.encoder or "").upper():
        return ""
    cut = (fid.get("cutoff_hz") or 0) / 1000
    return (
        f", or made by an MP3 encoder that cuts lower than LAME (such as libshine) or from a "
        f"source with little above {cut:.1f} kHz: no tag names this file's encoder"
    )
