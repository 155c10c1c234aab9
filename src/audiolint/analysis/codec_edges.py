"""Where encoders put their low-pass, and where a converter's filter stands as well.

The tables give each encoder setting's cut-off range (LAME, FFmpeg's AAC, libvorbis, libopus;
a mono encode's apart); the zone constants mark the 0.88-0.94 of Nyquist where a converter's
anti-alias filter and a high-bitrate encoder's low-pass both stand, and the fixed walls
(LAME's polyphase low-pass, Opus's 20 kHz) that still tell an encoder's apart there. Used by
:mod:`audiolint.analysis.verdict`. :func:`expected_bandwidth` gives the bandwidth an encoder
keeps at a given bitrate, for the lossy-file check of :mod:`audiolint.analysis.fidelity`.
"""

from __future__ import annotations

import math

# (family, label, lowest, highest) cut-off in Hz where that encoder setting puts its edge,
# measured at 44.1/48 kHz with LAME 3.100, FFmpeg's AAC, libvorbis 1.3 and libopus 1.4.
CODEC_EDGES = (
    ("MP3", "MP3 around 96 kbps", 14700, 15600),
    ("MP3", "MP3 around 112-128 kbps (or VBR V5)", 15600, 17050),
    # libvorbis q0-q2 (oggenc 1.4.2): ALSA's noise at 44.1 kHz 15.2, 15.9, 16.6 kHz, at 48 kHz
    # 15.8-17.0; a guitar, a voice and KLettres' syllable 14.9-16.7 (review 49a: a q1 decode at
    # 16.6 kHz was "typical of MP3" alone)
    ("Vorbis", "Vorbis around q0-q2 (64-96 kbps)", 14900, 16700),
    ("AAC", "AAC around 128 kbps", 17050, 17500),
    ("MP3", "MP3 around 160 kbps (or VBR V4)", 17300, 18000),
    ("Vorbis", "Vorbis around q3 (112 kbps)", 17500, 18400),
    ("MP3", "MP3 around 192 kbps (or VBR V2)", 18400, 19100),
    ("Vorbis", "Vorbis around q4 (128 kbps)", 18600, 19200),
    ("AAC", "AAC around 160-192 kbps", 19100, 19600),
    ("MP3", "MP3 around 224-256 kbps", 19200, 19900),
    ("Opus", "Opus (any bitrate; it never codes above 20 kHz)", 19700, 20300),
    ("MP3", "MP3 around 320 kbps", 19900, 20700),
    # FFmpeg's AC-3 and E-AC-3 encoders from 256 kbps: 20.39-20.51 kHz at 48 kHz, 20.80-20.89
    # at 44.1 kHz (10 real recordings of the real corpus, stereo); under 256 kbps their
    # grid names them. Dolby's own encoders were not measured.
    ("AC-3", "AC-3/E-AC-3 (film and TV sound) from 256 kbps", 20350, 20900),
    ("Vorbis", "Vorbis around q5 (160 kbps)", 20000, 21400),  # 21.1-21.4 kHz at 48 kHz
)
# The same for mono encodes, which cut higher at a given bitrate: LAME's CBR low-pass for mono
# from 80 kbps is its 320 kbps stereo one (`lame --verbose`: 20094-20627 Hz), at 64 kbps its
# 128 kbps one, at 56 its 96 kbps one; FFmpeg's AAC sets its band per channel (mono 64, 80 and
# 96 kbps measured at 17.2, 17.9 and 19.3 kHz; 128 keeps the full band); VBR, Vorbis's quality
# levels (mono q3 17.2, q4 19.3 kHz) and Opus do not depend on the channels. Measured on the
# real corpus's mono tune sources, decoded to WAV.
MONO_EDGES = (
    ("MP3", "mono MP3 around 56 kbps", 14700, 15600),
    ("MP3", "mono MP3 around 64 kbps (or VBR V5)", 15600, 17050),
    ("Vorbis", "Vorbis around q0-q2", 14900, 16700),
    ("AAC", "mono AAC around 64 kbps", 17050, 17500),
    ("MP3", "MP3 VBR V4", 17300, 18000),
    ("AAC", "mono AAC around 80 kbps", 17700, 18100),
    ("Vorbis", "Vorbis around q3", 17100, 18400),
    ("MP3", "MP3 VBR V2", 18400, 19100),
    ("Vorbis", "Vorbis around q4", 18600, 19400),
    ("AAC", "mono AAC around 96 kbps", 19100, 19600),
    ("Opus", "Opus (any bitrate; it never codes above 20 kHz)", 19700, 20300),
    ("MP3", "mono MP3 at 80 kbps or more", 19900, 20700),
    ("Vorbis", "Vorbis around q5", 20000, 21400),
)
# Where a steep edge is the file's own anti-alias filter (an ADC's, or the resampler that made
# this rate): its half-way point sits at 0.94-1.0 of the file's Nyquist frequency. Codec
# low-passes sit lower (LAME 320 kbps at 44.1 kHz: 0.93; Opus at 48 kHz: 0.84).
OWN_FILTER = 0.94
# From 0.88 of Nyquist up to OWN_FILTER, a steep edge fits a converter's filter as well as an
# encoder's low-pass: soxr LQ, libsamplerate's fastest and SoX `rate -b 90` leave theirs at
# 0.86-0.94 when they make a 44.1 kHz file, LAME at 256-320 kbps (and mono from 96) at 0.88-0.92
# (real corpus, tune sources). Width, depth and the edge holding in loud frames overlap; only a
# codec's own marks (empty cells, a flickering top band, joint stereo, its grid) tell them apart.
AMBIGUOUS_SHARE = 0.88
# ...except where an encoder always puts its wall: LAME's polyphase low-pass begins its
# transition at (k + 1/4)/31 of Nyquist (`lame --verbose` at 44.1 kHz: 19383 Hz for 256 kbps,
# 20094 Hz for 320 kbps and for mono from 80 kbps; half-way down measured 100 Hz under to 250 Hz
# over that; at 48 kHz 20323 Hz, 26.25/31, under the zone: it never begins above 20.5 kHz),
# and Opus codes nothing above 20 kHz. A wall at most FIT_WIDTH_HZ wide there,
# held in the loud frames, fits that encoder; converters in the tune sources' study sat
# elsewhere or fell over 450 Hz or more.
LAME_STARTS, LAME_TOP_HZ = (27.25 / 31, 28.25 / 31), 20500.0
OPUS_TOP_HZ = (19900.0, 20150.0)
FIT_WIDTH_HZ = 250.0
# Opus's wall, and LAME's from 320 kbps, is 6 dB down at 19.85-20.05 kHz (CELT's last band ends
# at 20 kHz), whatever its width (86-452 Hz at half-way 19.98-20.41 kHz: libopus 56-192 kbps,
# audio, voip and lowdelay, decoded by FFmpeg at 44.1 kHz, tune sources); no converter's there.
OPUS_CORNER_HZ, OPUS_CUT_HZ = (19850.0, 20050.0), 20450.0
# RNNoise, the noise suppression of OBS and many call apps, works on Opus's bands and passes
# nothing above 20 kHz: a recording through it holds Opus's cut with no codec at all (T001 on 15
# of 83 genuine recordings through it, benchmarks/processed.py). Only a codec's grid tells them
# apart, and the grids miss many real decodes there, so a finding resting on the cut says both.
LIKE_OPUS = "or noise suppression by RNNoise (OBS, call apps), which cuts there too with no codec"


# How many of the settings whose range holds an edge its origin names (in the tables' order): at
# 20.4 kHz Opus's, LAME's 320 kbps, AC-3's and Vorbis q5's do, and the first three are named (an
# AC-3 decode was named "Opus or MP3" with two)
NAMED = 3


def codec_candidates(cutoff_hz: float, channels: int = 2, codec: str = "") -> list[str]:
    """Labels of the encoder settings whose low-pass range holds ``cutoff_hz`` (a mono file's
    from :data:`MONO_EDGES`), of ``codec``'s alone when it is given."""
    table = MONO_EDGES if channels == 1 else CODEC_EDGES
    rows = [r for r in table if r[0] == codec or not codec]
    return [label for _, label, lo, hi in rows if lo - 150 <= cutoff_hz <= hi + 150]


def origin(cutoff_hz: float, channels: int = 2, codec: str = "") -> str:
    """The encoder settings a lossless file's edge at ``cutoff_hz`` is typical of, in words.

    A mono file's source need not have been mono (voice sets are often downmixed from stereo
    decodes, ``ffmpeg -ac 1``), and the channels it was encoded with are not measured: its
    stereo-table settings come first, then the mono encodes' own (:data:`MONO_EDGES` rows that
    name mono, or of a codec none of the stereo rows holding the edge is of) as the
    alternative. ``codec`` (its grid found) keeps that codec's settings alone.
    """
    stereo = codec_candidates(cutoff_hz, 2, codec)
    text = " or ".join(stereo[:NAMED])
    if channels != 1:
        return text
    # ...and a codec the stereo settings leave unnamed, whose mono edge lies elsewhere (review
    # 46a: a mono Vorbis q3 decode at 17.3 kHz, under stereo q3's 17.5-18.4, read "typical of
    # AAC around 128 kbps or MP3 around 160 kbps ..., or mono AAC around 64 kbps")
    named = {family for family, label, *_ in CODEC_EDGES if label in stereo}
    mono = [
        label
        for family, label, lo, hi in MONO_EDGES
        if label in codec_candidates(cutoff_hz, 1, codec)
        and (label.startswith("mono ") or family not in named)
    ][:2]
    return ", or ".join(x for x in (text, " or ".join(mono)) if x)


def fixed_wall(edge: dict, nyq: float) -> str | None:
    """Where a wall at most ``FIT_WIDTH_HZ`` wide sits on LAME's or Opus's fixed low-pass, the
    sentence that says so, or None."""
    cut, width = edge["cutoff_hz"], edge["width_hz"]
    if width > FIT_WIDTH_HZ:
        return None
    for start in LAME_STARTS:
        if start * nyq <= LAME_TOP_HZ and -100 <= cut - start * nyq <= FIT_WIDTH_HZ:
            return (
                f"it falls within {width} Hz where LAME's low-pass begins "
                f"({start * nyq / 1000:.2f} kHz at this rate)"
            )
    if OPUS_TOP_HZ[0] <= cut <= OPUS_TOP_HZ[1]:
        return f"it falls within {width} Hz at 20 kHz, above which Opus codes nothing"
    return None


def corner_at_20k(edge: dict) -> str | None:
    """Where a wall's level is 6 dB down at 20 kHz (``OPUS_CORNER_HZ``) and half-way down by
    ``OPUS_CUT_HZ``, the sentence that says so, or None."""
    corner = edge["corner_hz"]
    if OPUS_CORNER_HZ[0] <= corner <= OPUS_CORNER_HZ[1] and edge["cutoff_hz"] <= OPUS_CUT_HZ:
        return (
            f"it is 6 dB down at {corner / 1000:.2f} kHz: Opus codes nothing above 20 kHz, "
            "and LAME's wall from 320 kbps (mono from 80) starts there too"
        )
    return None


# Bandwidth an encoder keeps at a given stereo bitrate (kbps): a file far narrower than this
# was made from a worse source (fidelity.NARROW_MARGIN_HZ). Conservative: the lowest of LAME,
# FFmpeg AAC and Vorbis. Read only for the codecs it was measured on (``CHARTED``): FFmpeg's
# MP2 and AC-3 encoders and twolame keep a band of their own, far narrower per bitrate (review
# 42: MP2 at 128 kbps 13.8 kHz of a 48 kHz mono voice, 11.2 kHz of 44.1 kHz stereo; AC-3 at 96
# kbps stereo 7.5 kHz), which read as "re-encoded from a worse source" on 28 direct encodes of
# genuine recordings; WMA's was never measured either.
CHARTED = frozenset({"mp3", "aac", "vorbis", "opus"})
_KBPS = (32, 64, 96, 128, 160, 192, 256, 320)
_KEEPS_HZ = (7000, 11000, 14500, 16000, 17000, 18000, 19000, 19500)

# LAME's own low-pass for mono (its verbose output, 44.1 kHz input): at 32-48 kbps it keeps far
# less than stereo at twice the bitrate (48 kbps mono: 11.0-11.4 kHz, not 14.5), at 80 and over
# about 20.1 kHz
_MONO_KBPS = (32, 40, 48, 56, 64, 80)
_MONO_KEEPS_HZ = (8300, 10500, 11000, 15100, 16500, 20100)


OLD_LAME_RATIO = 13  # LAME 3.9x resampled by default over this compression ratio


def old_lame_band(props) -> int | None:
    """The low-pass LAME up to 3.93 would have given this MP3 (:func:`old_lame_bandwidth`),
    where it may have written it: no tag names its encoder (LAME writes one from 3.94 on), and
    that LAME would not have resampled it (it did by default where ``rate x 16 x channels /
    bitrate`` passes 13: 44.1 kHz stereo under about 108 kbps, mono under 54); else None."""
    if props.codec != "mp3" or props.encoder or not props.bitrate_bps or not props.sample_rate:
        return None
    if props.sample_rate * 16 * (props.channels or 2) / props.bitrate_bps > OLD_LAME_RATIO:
        return None
    return old_lame_bandwidth(props.bitrate_bps, props.channels, props.sample_rate) or None


def old_lame_bandwidth(bitrate_bps: int, channels: int | None, sample_rate: int) -> int:
    """The low-pass LAME up to 3.93 chose (lame.c's ``optimum_bandwidth``, a formula where later
    versions read a table), in Hz: 64 kbps mono at 44.1 kHz 13.7 kHz, where LAME 3.100 keeps
    16.5 kHz; 128 kbps joint stereo 15.4 kHz, not 17 (higher than today's table from 96 kbps mono
    and 160 kbps stereo up, where the lower of the two is read)."""
    mono = channels == 1
    if sample_rate >= 32000:
        side = (17 + 4) * 8 if mono else (32 + 4) * 8
        br = bitrate_bps - side * sample_rate / 1152
    else:
        side = (9 + 4) * 8 if mono else (17 + 4) * 8
        br = bitrate_bps - side * sample_rate / 576
    br = (br if mono else br / 1.75) * 0.5
    return int(br / math.log10(br * 4.425e-3)) if br * 4.425e-3 > 1.5 else 0


def expected_bandwidth(
    bitrate_bps: int | None, channels: int | None, sample_rate: int, codec: str | None
) -> int:
    """The bandwidth (Hz) an encoder normally keeps at this bitrate, or 0 when unknown (mono:
    stereo's at twice the bitrate, but no more than LAME's mono low-pass; a codec the table was
    not measured on, ``CHARTED``)."""
    import numpy as np  # here, not at the top: the rules read this module's tables without numpy

    if not bitrate_bps or codec not in CHARTED:
        return 0
    kbps = bitrate_bps / 1000 * (2 if channels == 1 else 1)
    keeps = np.interp(kbps, _KBPS, _KEEPS_HZ)
    if channels == 1:
        keeps = min(keeps, np.interp(kbps / 2, _MONO_KBPS, _MONO_KEEPS_HZ))
    return int(min(keeps, 0.9 * sample_rate / 2))
