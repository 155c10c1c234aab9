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
of it (review 52a: LAME -V 2 of quiet laptop speech averaged 115-133 kbps).
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
ANALYSERS = ()
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
    if judged < options["error_below_kbps"] * scale * share * MEASURED:
        level, limit = "error", options["error_below_kbps"] * scale
    elif judged < options["warn_below_kbps"] * scale * share * MEASURED:
        level, limit = "warning", options["warn_below_kbps"] * scale
    else:
        return
    codec = codec_name(name)
    if quality is not None:
        text = f"LAME -V {quality} (VBR, about {LAME_V_KBPS[quality]} kbps on stereo music; "
        text += f"{kbps:.0f} kbps on average here) is under {limit:g} kbps"
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
