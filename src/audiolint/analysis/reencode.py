"""The ``reencode`` measurement: an earlier lossy encode's zeros, kept through an MP3 one.

An MP3 encoder quantises many of its frequency coefficients to exactly zero; the lower the
bitrate, the more. Decode such a file to 16-bit samples and encode it again with LAME at a high
bitrate, and the second encoder sees those coefficients at the 16-bit rounding noise: it
quantises them to zero again, so they survive. When both encodes put their granules at the
same place (LAME with a gapless decoder in between: the usual case), the final file's own
576-sample grid holds the first encode's zeros too; when the decoder kept the encoder's delay,
they sit on a grid of their own, which then stands out at 16-bit noise. Either way, the share
of zero coefficients (at 16-bit rounding, in loud bands; :func:`audiolint.analysis.mp3grid.
measure`) is far above what a constant-bitrate encode at the file's bitrate leaves alone.

Judged only on MP3 files at a constant bitrate of ``KBPS[0]`` kbps or more per channel: a VBR
encode spends its bits where its masking model asks and zeroes as much as a low-bitrate one
(LAME V0 mono, about 120 kbps: 15-29 % on the tune sources of ``benchmarks/reencode.py``, the
same as its re-encodes), and a low constant bitrate leaves many zeros of its own. What an
encode leaves alone goes with its bits per channel (a stereo 320 kbps file has 160 a channel).

An earlier AAC, Vorbis or Opus encode leaves its zeros on its own MDCT grid, which an MP3
encoder cannot make: :func:`audiolint.analysis.codecgrid.measure` finds that grid in an MP3
file's samples at 16-bit rounding too, where the MP3 encode spent enough bits to leave the
earlier zeros alone (:func:`searched`: a constant or average bitrate of ``OTHER_KBPS`` kbps a
channel or more), and with stricter figures than a decode's grid needs (``OTHER_SHARE``,
``OTHER_RATIO``: one tune source, ny_happy, shows 3-4 % on AAC's grid at 3.4-4.1x in direct
LAME encodes, against 5.4-39 % at 4.3x and more in the re-encodes found).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis import codecgrid, mp3grid
from audiolint.analysis.codec_edges import CODEC_EDGES, MONO_EDGES

# The zero share on the grid above the share half a granule off it (points) that a direct
# constant-bitrate LAME encode leaves, by kbps per channel: at least NEEDED. Tune half of
# benchmarks/reencode.py, the most a direct encode left: 20.3 points at 128 kbps a channel
# (mono 128, stereo 256), 7.4 at 192 (mono), 2.5 at 256, 0.7 at 320; NEEDED is 1.5 times
# that, plus 2 points. Re-encodes from MP3 64-128 kbps on the tune half: mono 320 kbps at least
# 6.6 (the first decode keeping LAME's delay), mono 192 at least 42; stereo 320 12-37 (the
# lower missed).
KBPS = (128, 192, 256, 320)
NEEDED = (0.33, 0.13, 0.06, 0.03)
# A mono encode at 192 kbps and more leaves more zeros than those sources showed: LAME's direct
# mono encodes of teeworlds-data's whooshes and voice clips (review 44a), 14-17 points at 192,
# 11 at 224, 7 at 256, 4 at 320, read "re-encoded from a worse source" in 8 of 20. Mono files
# take the same rule on those maxima (1.5 times, plus 2 points); stereo files (256-320 kbps,
# 128-160 a channel: the common "fake 320") keep the table above, their direct encodes 0 of 7
# there. benchmarks/reencode.py: mono 256k re-encodes of MP3 128k found tune 5 of 10 (was 6),
# held-out 7 of 10 (was 10); T004 TP tune 64 (65), held-out 72 (75); false alarms unchanged.
# At 128 kbps mono, LAME's direct encodes of a saxophone and a power vocal (review 50a) left
# up to 46 points: T004 called 3 of its 16 files re-encoded, and 20 of karoryfer's 40 single
# alto-sax notes (CC0) read over 33. The same rule (1.5 times 46, plus 2) asks 71 there, which
# re-encodes from MP3 64/96k at 128k mono rarely reach (0.48 and 0.32 median; the band still
# finds most 64k ones): mono 128 kbps is all but unjudged on the grid.
NEEDED_MONO = (0.71, 0.275, 0.125, 0.08)
BITS = 16  # the rounding the first decode left: the usual 16-bit WAV
# The allowance was read on 44.1 kHz encodes; at 48 kHz the same bits cover a wider band and
# a direct encode leaves more zeros, as at 44.1/48 of its bitrate (review 41: LAME 192k mono
# --resample 48 left 14 points over the 13 allowed at 192, in 5 of 29 sources; re-encodes at
# 192 kbps mono from 64k, at 44.1 and 48 kHz alike, 30-52 points)
BAND_RATE = 44100
# Another codec's grid, searched only at OTHER_KBPS a channel or more, not VBR. Tune half, AAC
# 96k and Vorbis q2 decodes through LAME (4 sources): found with the figures below only at 192
# kbps mono and 320 stereo (160 a channel), never at 128-160 mono nor at V0 or V2, whose
# masking model fills or widens the earlier zeros. Found only at OTHER_SHARE and OTHER_RATIO
# times the share half a step off: codecgrid's own 1 % and 2x let a direct LAME 256-320k
# encode of a tune source through (3.1 % at 3.4x, 4.4 % at 4.1x; re-encodes at 320k found:
# 5.4-38.7 %, 4.3-13.8x; the ratio is codecgrid's before 804f4aa).
# The gate is for cost too: the excerpt and search took ~58 ms CPU an MP3 on every one.
OTHER_KBPS, OTHER_SHARE, OTHER_RATIO = 160, 0.05, 4.0


def per_channel_kbps(props) -> float:
    """The file's bitrate per channel, kbps (0 when unknown)."""
    return (props.bitrate_bps or 0) / 1000 / max(props.channels or 1, 1)


def applies(props) -> bool:
    """Whether a file is searched: an MP3 that :func:`zeros` or :func:`searched` judges."""
    return (props.codec or "").lower() == "mp3" and (zeros(props) or searched(props))


def searched(props) -> bool:
    """Whether another codec's grid is searched: ``OTHER_KBPS`` kbps a channel or more, not
    VBR (a VBR file's average tells little of its loud frames' bits)."""
    return props.bitrate_mode != "VBR" and per_channel_kbps(props) >= OTHER_KBPS


def zeros(props) -> bool:
    """Whether an MP3's own grid is judged: a constant bitrate of ``KBPS[0]`` kbps a channel."""
    return props.bitrate_mode == "CBR" and per_channel_kbps(props) >= KBPS[0]


def uncharted(cutoff_hz: float, channels: int) -> bool:
    """Whether a cut-off lies under every row of the codec low-pass tables
    (:data:`audiolint.analysis.codec_edges.CODEC_EDGES`, from 14.7 kHz; ``MONO_EDGES`` for
    mono): there no table hit can be asked of it, as LAME's low-pass at 48-80 kbps (stereo)
    sits at about 7.7-13.5 kHz."""
    table = MONO_EDGES if channels == 1 else CODEC_EDGES
    return cutoff_hz < min(row[2] for row in table) - 150


def needed(kbps: float, channels: int = 2) -> float:
    """The excess zero share (on the grid, over half a granule off it) a re-encode must show
    at ``kbps`` a channel, in a file of ``channels``."""
    return float(np.interp(kbps, KBPS, NEEDED_MONO if channels == 1 else NEEDED))


def measure(spans, sample_rate: int, props) -> dict | None:
    """An earlier encode searched in an MP3's ``spans`` (:meth:`audiolint.analysis.codecgrid.
    Excerpt.spans`) at 16-bit rounding: ``found``; with :func:`zeros`, MP3's grid judged
    against the file's kbps a channel (``offset``, ``zero_share``, ``off_grid_share``, ``z`` as
    :func:`audiolint.analysis.mp3grid.measure` reports them, ``excess_share``, the two shares'
    difference, and ``needed_share``); when that finds nothing, another codec's grid
    (``other_codec``, ``other_zero_share``, ``other_off_grid_share``, ``other_z``, as
    :func:`audiolint.analysis.codecgrid.measure` reports them). None when the excerpt is too
    short."""
    if len(spans) <= mp3grid.SEARCH:
        return None
    rec: dict = {"found": False}
    if zeros(props):
        grid = mp3grid.measure(spans, sample_rate, BITS, levels=False)  # calibrated on zeros
        excess = grid["zero_share"] - grid["off_grid_share"]
        kbps = per_channel_kbps(props) * min(1.0, BAND_RATE / sample_rate)
        need = needed(kbps, props.channels or 2)
        rec.update(
            found=bool(grid["found"] and excess >= need),
            offset=grid["offset"],
            zero_share=grid["zero_share"],
            off_grid_share=grid["off_grid_share"],
            z=grid["z"],
            excess_share=round(excess, 4),
            needed_share=round(need, 4),
        )
    if not rec["found"] and searched(props):  # an MP3 encoder makes no other codec's grid
        other = codecgrid.measure(spans, sample_rate, BITS)
        if other and other["found"] and _clear(other):
            rec.update(
                found=True,
                other_codec=other["codec"],
                other_zero_share=other["zero_share"],
                other_off_grid_share=other["off_grid_share"],
                other_z=other["z"],
            )
    return rec


def _clear(other: dict) -> bool:
    """Whether a grid codecgrid found stands out enough in an MP3 (``OTHER_SHARE``/``RATIO``)."""
    share, off = other["zero_share"], other["off_grid_share"]
    return share >= OTHER_SHARE and share >= OTHER_RATIO * off


def phrase(rec: dict, kbps: float) -> str:
    """A found record (:func:`measure`) in words, for T004's message (``kbps`` a channel)."""
    if rec.get("other_codec"):
        return (
            f"{100 * rec['other_zero_share']:.0f}% of the loud frequency coefficients on "
            f"{rec['other_codec']}'s MDCT grid are zero at 16-bit rounding "
            f"({100 * rec['other_off_grid_share']:.1f}% half a grid step off), a grid no MP3 "
            f"encoder makes: the zeros of an earlier {rec['other_codec']} encode"
        )
    return (
        f"{100 * rec['zero_share']:.0f}% of the loud frequency coefficients on MP3's "
        f"576-sample grid are zero at 16-bit rounding ({100 * rec['off_grid_share']:.1f}% half "
        f"a grid step off: {100 * rec['excess_share']:.0f} points more, over the "
        f"{100 * rec['needed_share']:.0f} allowed a direct encode at {kbps:.0f} kbps a "
        "channel): the zeros of an earlier, lower-bitrate MP3 encode"
    )
