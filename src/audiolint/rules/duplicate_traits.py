"""What sets one copy apart from the rest of its D003 group, read against the others.

:mod:`audiolint.rules.duplicate_rank` ranks each copy by what it holds; some of that can only be
told against the group: a clipped copy turned up from a quieter one beside it
(:func:`turned_up`), a copy with a room's reverberation the others lack (:func:`wet`), one with
more noise under the same voice (:func:`noisier`); and, of the copy alone, how many of its bits
its floor needs (:func:`resolved_bits`).
"""

from __future__ import annotations

import math

from audiolint.rules import clipping, reverb

# A clipped copy this much louder (RMS) than an unclipped one was turned up into its clipping
# (a clip's own loss takes well under 1 dB of RMS off at S001's error ratio)
TURNED_UP_DB = 3.0
# A copy S008 calls reverberant is wet beside one it does not, whose clarity reads this much
# higher or cannot be read (its dry-voice guards; review 48b's rooms read C50 1.4-3.2 dB beside
# dry takes with none)
WET_MARGIN_DB = 3.0
# A copy whose noise floor stands this much nearer its level than the cleanest copy's holds more
# noise (review 48b: white noise at 15 dB SNR under a voice read 13.8 dB against 20.8)
NOISIER_DB = 6.0
MIN_PAUSE_S, PAUSE_RATIO = 0.25, 3.0  # floors compared only over pauses alike (_pauses_alike)
# floors under this are digital silence, a dither's or a quantiser's, far under any voice: they
# compare alike (a decode's silent pauses beside its copy turned down with TPDF dither, -96 dBFS)
FLOOR_LIMIT_DBFS = -80.0
# a quantiser whose floor lies this far under a copy's floor holds all of it
BITS_FLOOR_DB = 6.0
_WITNESS = ("upsampled", "lossy-origin")


def turned_up(f, files) -> bool:
    """Whether clipped copy ``f`` was turned up into its clipping from an unclipped copy beside
    it that T002 calls upsampled or T001 decoded (lossless, at its rate): it is
    ``TURNED_UP_DB`` or more louder (RMS), and not called upsampled itself, as a clip's splatter
    fills the band a resampler emptied (review 47b: a +12 dB clipped copy of an original T002
    calls upsampled read genuine; review 48b: a +6 dB clipped copy of an MP3 decode, and D003
    kept it, "no copy is clean"). A copy at another rate is no witness (a clipped take's
    upsampled copy rounds its tops off)."""
    if not clipping.heavy(f.signal, f.props) or (f.fidelity or {}).get("upsampled_from"):
        return False
    loud = (f.signal or {}).get("rms_dbfs")
    for o in files:
        level = (o.signal or {}).get("rms_dbfs")
        if (
            o is not f
            and o.props.lossless
            and (o.fidelity or {}).get("verdict") in _WITNESS
            and o.props.sample_rate == f.props.sample_rate
            and loud is not None
            and level is not None
            and loud >= level + TURNED_UP_DB
            and not clipping.heavy(o.signal, o.props)
        ):
            return True
    return False


def wet(f, files) -> bool:
    """Whether copy ``f`` reads a room as S008 does (:func:`~audiolint.rules.reverb.
    reverberant`) and some other copy of the group not, its clarity ``WET_MARGIN_DB`` or more
    higher or not read at all (review 48b: a dry take's copy through a simulated room, RT60
    0.8 s, was kept over it, "2 copies rank alike")."""
    if not reverb.reverberant(f.signal):
        return False
    c50 = (f.signal or {})["c50_db"]
    for o in files:
        if o is f or reverb.reverberant(o.signal):
            continue
        other = (o.signal or {}).get("c50_db")
        if other is None or other >= c50 + WET_MARGIN_DB:
            return True
    return False


def snr_db(f) -> float | None:
    """How far a copy's level (RMS) stands over its noise floor (S005's), the floor held at
    ``FLOOR_LIMIT_DBFS``; None where either is not measured (no pauses to read a floor in)."""
    s = f.signal or {}
    rms, floor = s.get("rms_dbfs"), s.get("noise_floor_dbfs")
    if rms is None or floor is None:
        return None
    return rms - max(floor, FLOOR_LIMIT_DBFS)


def noisier(f, files) -> bool:
    """Whether copy ``f`` has a floor over ``FLOOR_LIMIT_DBFS`` (noise, not silence) standing
    ``NOISIER_DB`` or more nearer its level than another copy's, both read over pauses alike
    (:func:`_pauses_alike`): a copy turned up over silent pauses reads a wider gap, not a
    cleaner voice, and a fade or a trim adds quiet frames that are no cleaner."""
    mine = snr_db(f)
    if mine is None or (f.signal or {})["noise_floor_dbfs"] <= FLOOR_LIMIT_DBFS:
        return False
    return any(
        (other := snr_db(o)) is not None and other > mine + NOISIER_DB and _pauses_alike(f, o)
        for o in files
        if o is not f
    )


def _pauses_alike(a, b) -> bool:
    """Whether two copies' floors were read over pauses of like length (S005's
    ``noise_pause_s``: each ``MIN_PAUSE_S`` or more, within ``PAUSE_RATIO`` of each other;
    review 43c's copy of tight speech faded out over 2 s read a floor the original has none
    of)."""
    pa, pb = ((c.signal or {}).get("noise_pause_s") or 0.0 for c in (a, b))
    return min(pa, pb) >= MIN_PAUSE_S and max(pa, pb) <= PAUSE_RATIO * min(pa, pb)


def resolved_bits(f) -> int:
    """The bit depth a copy ranks by: its bits, but over 16 only as many as a quantiser needs
    to put its own floor ``BITS_FLOOR_DB`` under the copy's measured floor (S005's; -6.02 dB a
    bit): bits under the recording's noise hold only that noise finer, or a process's
    arithmetic (review 48b: a peak-normalised 24-bit FLAC, a loudness-normalised one and a
    compressed float WAV were each advised "ideally" over the untouched 16-bit original, its
    floor at -84 dBFS); a 24-bit master whose pauses hold a hush at -120 dBFS still ranks over
    its 16-bit export. No more than 16 where no floor was read."""
    bits = (f.fidelity or {}).get("effective_bit_depth") or f.props.bit_depth or 0
    floor = (f.signal or {}).get("noise_floor_dbfs")
    need = 16 if floor is None else math.ceil((BITS_FLOOR_DB - floor) / 6.02)
    return min(bits, max(16, need))
