"""Low bitrate: a lossy file encoded with too few kilobits per second.

The lower the bitrate, the more the encoder throws away: under 192 kbps MP3/AAC artefacts are
audible on voices, under 128 kbps they are obvious and a model will learn them. Those limits
are for two channels; a mono file spends all its bits on one, so its limits are half (LAME
itself gives 96 kbps mono the low-pass of about 192 kbps stereo: 20 kHz). Newer codecs keep
as much with fewer bits (``SCALE``): Opus at half the bitrate (Xiph's recommended settings put
full-band speech at 28-40 kbps mono and near-transparent stereo music at 96-128 kbps), Vorbis
at three quarters. The bitrate is the file's average, which ABR and VBR encoders leave under
their target on quiet material, so a file is flagged only under ``MEASURED`` of a limit. The
options are the limits for MP3 and AAC in stereo at 44.1 kHz or more: Opus's and Vorbis's are
scaled from them, mono's halved, a lower rate's in proportion (``FULL_RATE``: 22.05 kHz audio
codes half the band; an Opus file's rate is the one its header says it was encoded from), and
each applied at ``MEASURED`` of its value, whatever values a config sets. A LAME VBR file whose
header names its quality (``-V 0`` to ``-V 9``, or a preset) is judged by the bitrate that
setting gives on music (``LAME_V_KBPS``, two channels at 44.1 kHz or more): on quiet or simple
sound, speech above all, the same quality spends far fewer bits, and its average says nothing
of it (review 52a: LAME -V 2 of quiet laptop speech averaged 115-133 kbps). FFmpeg's libmp3lame
(yt-dlp's and pydub's MP3s; yt-dlp's default is its -q:a 5) writes the same encodes with no setting
in the header; there the band the fidelity analysis measures speaks for it: LAME's VBR low-pass
stands at a frequency each -V level sets (``LAME_V_EDGES``), and a band that ends on a cliff at or
above a level's edge was encoded at that level or better (a cliff under the encoder's low-pass is
the source's own), unless the low-pass was set by hand (FFmpeg's ``-cutoff``). Such a file is
judged by the level whose edge its band reaches where that is kinder than its average, by one
step at most (an error becomes a warning, a warning no finding), never harder.
"""

from __future__ import annotations

import re

from audiolint.rules.base import FileContext, Problem
from audiolint.text import codec_name, khz

ID = "Q002"
NAME = "low-bitrate"
TERM = "Bitrate"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "readable"
# the fidelity analysis's band, for an FFmpeg VBR MP3 (see above); with none (--quick), its average
ANALYSERS = ("fidelity",)
DEFAULT = {"warn_below_kbps": 192, "error_below_kbps": 128}
# the limits' share for codecs that keep more per bit than MP3 and AAC (lower-case codec names)
SCALE = {"opus": 0.5, "vorbis": 0.75}
# a file encoded at a limit's bitrate measures up to this much under it on average: FFmpeg's AAC
# at 128 kbps stereo read 118 kbps over 15 s of csound's reader, at 64 kbps mono 61 (a
# user-trial, session 34: both were errors "under 128" and "under 64")
MEASURED = 0.9
# the rate the limits are for; a file at a lower rate (or an Opus file encoded from one) has them
# in proportion, as MPEG-2's half-rate MP3 keeps at 64 kbps what MPEG-1 keeps at 128
FULL_RATE = 44100
# LAME's VBR qualities -V 0 to -V 9: the average bitrate each gives on music (LAME's own table of
# its presets, stereo at 44.1 kHz), and the presets by name (--preset medium, standard, extreme)
LAME_V_KBPS = (245, 225, 190, 175, 165, 130, 115, 100, 85, 65)
LAME_PRESETS = {"medium": 4, "standard": 2, "extreme": 0}
# Where LAME 3.100's VBR low-pass leaves a decode's band (the fidelity analysis's cliff,
# ``cutoff_hz``), by rate: (lowest edge, -V level, the levels that share it). FFmpeg's -q:a 0-8 of
# nine real 44.1 kHz sources (speech, singing, drums, piano, sax, sitar, tabla) and six at 48 kHz:
# -V 1 19.38-19.53 kHz at 44.1 (19.57-19.76 at 48), -V 2 18.67-18.86 (18.07-18.26, as -V 3),
# -V 3 17.81-18.13, -V 4 17.03-17.46 (17.27-17.48), -V 5 and -V 6 16.04-16.77 (16.03-16.73),
# -V 7 and -V 8 15.01-15.42 (-V 7 15.35-16.10, -V 8 14.84-15.26); review 53a (32 other sources,
# four FFmpeg and LAME 3.99.5-3.100 builds, all within 25 Hz): -V 5 down to 15.84 kHz at 44.1,
# -V 7 at most 15.44, so -V 5's edge there stands at 15.7 kHz. A cliff above a level's
# lowest edge is that level's or a better one's; a level two share is judged as the better
# (yt-dlp's default -V 5, not -V 6). -V 0 leaves the band to the Nyquist frequency, where a cliff
# says nothing (a bell's -V 5 decode read a 20 dB "cliff" at 22.0 kHz over the decoder's floor):
# a cliff at or over the first edge (``LAME_V_TOP``) is not read.
LAME_V_EDGES = {
    44100: ((19200, 1, "1"), (18500, 2, "2"), (17750, 3, "3"), (17000, 4, "4"),
            (15700, 5, "5 or -V 6"), (15000, 7, "7 or -V 8")),
    48000: ((19400, 1, "1"), (17900, 2, "2 or -V 3"), (17100, 4, "4"), (16000, 5, "5 to -V 7"),
            (14700, 8, "8")),
}  # fmt: skip
LAME_V_TOP = {44100: 19800, 48000: 20000}
_LAME_V = re.compile(r"^LAME\b.*?(?:\s-V\s?([0-9])\b|--preset (medium|standard|extreme)\b)")


def lame_quality(p) -> int | None:
    """The ``-V`` level a LAME VBR file's header names (mutagen's reading of its LAME tag, as
    the probe keeps it in ``encoder``), at 44.1 kHz or more (under it the tag's guess is
    unreliable: -V 2 of 16 kHz speech read "-V 1"); None for any other file."""
    if p.codec != "mp3" or p.bitrate_mode != "VBR" or (p.sample_rate or 0) < FULL_RATE:
        return None
    found = _LAME_V.match(p.encoder or "")
    if not found:
        return None
    return int(found.group(1)) if found.group(1) else LAME_PRESETS[found.group(2)]


def lame_band_quality(p, fid: dict | None) -> tuple[int, str, float] | None:
    """For a VBR MP3 from FFmpeg's libmp3lame (no setting in its header) at 44.1 or 48 kHz whose
    decode's band ends on a cliff at one of LAME's VBR low-pass edges or above (``LAME_V_EDGES``):
    (the -V level whose edge it reaches, the better where two share it; the levels named; the
    cliff in Hz); else None. The file was encoded at that level or a better one."""
    if p.codec != "mp3" or p.bitrate_mode != "VBR" or not (p.encoder or "").startswith("Lav"):
        return None
    if not fid or not fid.get("bandwidth_limited") or not fid.get("cutoff_hz"):
        return None
    cliff = float(fid["cutoff_hz"])
    if cliff >= LAME_V_TOP.get(p.sample_rate or 0, 0):
        return None
    for lowest, level, named in LAME_V_EDGES.get(p.sample_rate or 0, ()):
        if cliff >= lowest:
            return level, named, cliff
    return None


def _severity(kbps: float, options: dict) -> tuple[str, float] | None:
    """("error" or "warning", the limit crossed) for a bitrate as two channels of MP3 or AAC at
    44.1 kHz would spend it, each limit taken at ``MEASURED``; None above both."""
    if kbps < options["error_below_kbps"] * MEASURED:
        return "error", options["error_below_kbps"]
    if kbps < options["warn_below_kbps"] * MEASURED:
        return "warning", options["warn_below_kbps"]
    return None


def check(ctx: FileContext, options: dict):
    """Yield a problem when a lossy file's bitrate is under the thresholds (halved for mono)."""
    p = ctx.props
    if p.lossless is not False or not p.bitrate_bps:
        return
    kbps = p.bitrate_bps / 1000
    name = (p.codec or "").lower()
    scale = SCALE.get(name, 1.0)
    share = 0.5 if p.channels == 1 else 1.0  # the limits are for two channels
    # ...and for 44.1 kHz audio or more: a lower rate leaves fewer frequencies to code (an Opus
    # file from the rate its header names; review 50e: LAME V0 of 16 kHz mono speech, 55 kbps,
    # read "expect audible compression artefacts" beside Q003's own error)
    rate = p.source_rate or FULL_RATE
    share *= min(1.0, rate / FULL_RATE)
    quality = lame_quality(p)
    judged = kbps
    if quality is not None:  # the setting's bitrate on music, for two channels (see above)
        judged, share = max(kbps, LAME_V_KBPS[quality]), 1.0
    found = _severity(judged / share / scale, options)
    band = None if quality is not None else lame_band_quality(p, ctx.fidelity)
    capped = False
    if band is not None and found is not None:
        # judged by its band's level where that is kinder than by its average (see above), by
        # one step at most: a low-pass set by hand (FFmpeg's -cutoff) leaves a low setting's
        # file a high setting's band (review 53a: -q:a 9 with -cutoff 19500, 104 kbps)
        by_band = _severity(LAME_V_KBPS[band[0]], options)
        if found[0] == "warning" and by_band is None:
            return
        if found[0] == "error" and by_band is None:
            found, capped = ("warning", found[1]), True  # the average's line, as a warning
        elif found[0] == "error":
            found, share = by_band, 1.0
        else:
            band = None  # no kinder: its average's message
    if found is None:
        return
    level, limit = found
    limit *= scale
    codec = codec_name(name)
    if quality is not None:
        text = f"LAME -V {quality} (VBR, about {LAME_V_KBPS[quality]} kbps on stereo music; "
        text += f"{kbps:.0f} kbps on average here) is under {limit:g} kbps"
    elif band is not None:
        cliff, named, about = band[2] / 1000, band[1], LAME_V_KBPS[band[0]]
        where = f"{cliff:.1f} kHz where LAME -V {named} puts its low-pass by default"
        text = (
            f"{kbps:.0f} kbps VBR MP3 with no quality setting in its header: its band ends at "
            f"{where} (about {about} kbps on stereo music), but its average is under "
            f"{limit * share:g} kbps"
            if capped
            else f"VBR MP3 with no quality setting in its header, whose band ends at {where} "
            f"(about {about} kbps on stereo music; {kbps:.0f} kbps on average here), is under "
            f"{limit:g} kbps"
        )
    elif rate < FULL_RATE:
        mono = "mono " if p.channels == 1 else ""
        text = f"{kbps:.0f} kbps {mono}{codec} at {khz(rate)} is under {limit * share:.0f} kbps"
        text += f" ({limit:g} kbps for two channels of 44.1 kHz audio)"
    elif share < 1:
        text = f"{kbps:.0f} kbps mono {codec} is under {limit * share:g} kbps for one channel "
        text += f"({limit:g} kbps for two)"
    else:
        text = f"{kbps:.0f} kbps {codec} is under {limit:g} kbps"
    # under the warning line artefacts may be heard; under the error line they are expected
    # (review 41: "expect audible artefacts" on 112-128 kbps Vorbis said more than the bitrate)
    heard = (
        "expect audible compression artefacts"
        if level == "error"
        else "compression artefacts may be audible"
    )
    yield Problem(
        f"{text}: {heard}",
        severity=level,
        data={"kbps": round(kbps), "limit_kbps": round(limit * share), "channels": p.channels},
    )
