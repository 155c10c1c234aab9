"""What sets one copy apart from the rest of its D003 group, read against the others.

:mod:`audiolint.rules.duplicate_rank` ranks each copy by what it holds; some of that can only be
told against the group: a clipped copy turned up from a quieter one beside it
(:func:`turned_up`), a copy with a room's reverberation the others lack (:func:`wet`), one
holding no band an upsampled copy lacks (:func:`within_upsampled`), one that only fills past
another's band (:func:`filled_over`) and one whose content stops short of another's
(:func:`cut_short`), and a hi-res copy holding nothing past a lower-rate copy's band
(:mod:`~audiolint.rules.duplicate_hires`); and,
of the copy alone, how many of its bits its floor needs (:func:`resolved_bits`). (A copy's
noise floor read in its pauses says nothing of the noise under its voice: a fade, a gate or a
trim lowers it as much as a cleaner take would; review 48c.)
"""

from __future__ import annotations

import math

from audiolint.rules import clipping, reverb

# A clipped copy this much louder (RMS) than an unclipped one was turned up into its clipping
# (a clip's own loss takes well under 1 dB of RMS off at S001's error ratio)
TURNED_UP_DB = 3.0
CREST_DB = 3.0  # ...and whose quieter witness holds peaks it lost (see turned_up)
# content reaching within this of another's (or of an old Nyquist frequency) holds the same band
# (duplicate_rank's _SAME_BAND_HZ and _SAME_BAND_SHARE say why)
SAME_BAND_HZ, SAME_BAND_SHARE = 250.0, 0.03
# where a resampler's wall is half-way down, at the least (analysis.resampler.POSITION, not
# imported: it loads numpy, which the rules' import does not)
WALL_FROM = 0.94
# A copy S008 calls reverberant is wet beside one it does not, whose clarity reads this much
# higher or cannot be read (its dry-voice guards; review 48b's rooms read C50 1.4-3.2 dB beside
# dry takes with none)
WET_MARGIN_DB = 3.0
# a quantiser whose floor lies this far under a copy's floor holds all of it
BITS_FLOOR_DB = 6.0
# S005's floor of digital silence (exact zeros): no noise whose bits count (review 48c: a 16-bit
# take padded with zeros and its peak-normalised 24-bit copy, "ideally" the copy)
SILENT_FLOOR_DBFS = -119.5
_WITNESS = ("upsampled", "lossy-origin")
# A copy's edge this far under another's reach or edge: a codec's low-pass sits a little under
# the band it was given (review 51b's Opus decodes: 0.82-0.99 of their take's reach), where a
# take sharing a gentler copy's content below an edge of its own reads 0.99-1.00 of it (session
# 51: 48 real takes beside their copies low-passed at 8 kHz by SoX; one upsampled take, 0.9925)
FILL_EDGE = (0.85, 0.985)
# ...while its content reads this much further: a codec's fill, not a band of its own...
FILL_PAST = 1.25
# ...and its edge holds in this share of the loud frames or more: a codec's low-pass holds in
# every one (61 decodes of reviews 51b and 51e read so: 0.72-1.0), where hiss over a take's
# roll-off hides it in most (session 51: a take under hiss at -60 and -70 dBFS, 0.07 and 0.10)
FILL_HELD = 0.5
# A copy's edge this far under the Nyquist frequency of a copy whose content reaches it with no
# edge stops short of that copy's band (see cut_short): Opus's 20 kHz wall under 44.1 kHz's
# 22.05 (0.907), where a 44.1 -> 48 kHz converter's filter stands higher (0.95 and up)
CUT_SHARE = 0.93
# ...unless that copy's noise floor, against its level, lies this much over the other's: hiss
# fills the band over a take's own edge (review 52d: white noise at -60 dBFS over a clean take,
# 60 dB), where a low-bitrate codec's decode of a noisy take reads a quieter floor than the
# take (review 51e's R000: 7.9 dB)
NOISIER_DB = 15.0
# Opus codes one of five bands, ending at 4, 6, 8, 12 or 20 kHz (narrow to full band); a decode's
# edge reads at 1.0-1.055 of it (review 51b's opusdec decodes at 12.1 and 8.4 kHz, FFmpeg's at
# 12.35, PyAV's libopus at 20.1). Only such an edge stops short: a take's own low-pass beside
# copies that dither, hiss or distortion fill past it reads the same (review 52e: 22 groups of
# a 24-bit take rolling off at 18-19.4 kHz beside its 16-bit, hissed or saturated copies, the
# copy advised and the take said to "stop short")
OPUS_BANDS_HZ = (4000.0, 6000.0, 8000.0, 12000.0, 20000.0)
OPUS_EDGE = (0.99, 1.06)
# A copy whose content, where read, ends this near its edge's stop holds nothing past it (an
# FFmpeg decode's reach is read 3 % past its edge: review 52d's d9, "nothing measured ranks
# them apart" beside a take reaching 22.1 kHz, the decode kept for its rate)
REACH_SLACK = 1.1


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
    loud, crest = _level(f)
    for o in files:
        level, peaks = _level(o)
        if (
            o is not f
            and o.props.lossless
            and (o.fidelity or {}).get("verdict") in _WITNESS
            and o.props.sample_rate == f.props.sample_rate
            and None not in (loud, level, crest, peaks)
            and loud >= level + TURNED_UP_DB
            and peaks >= crest + CREST_DB
            and not clipping.heavy(o.signal, o.props)
        ):
            return True
    return False


def within_upsampled(f, files) -> bool:
    """Whether a copy not called upsampled stops where an upsampled copy beside it has its wall:
    its measured content reaches no further than that copy's old Nyquist frequency (and 3 % or
    250 Hz), and as far as ``WALL_FROM`` of it, where a resampler's wall stands (a recording's
    own roll-off stopping lower says nothing of either). It is then no more genuine than that
    copy (review 48c's run of review 48b's files:
    a take T002 calls upsampled from 32 kHz under a shaped dither, and its loudnorm'd copy 12 dB
    down, whose dither no longer stood over the samples' floor, content to 15.5 kHz, read
    genuine and was kept "ideally")."""
    reach = (f.fidelity or {}).get("reach_hz")
    if not reach or (f.fidelity or {}).get("upsampled_from"):
        return False
    # only a copy whose own rate could hold more (a 32 kHz original beside its own upsampled
    # copy stops at its Nyquist frequency, as it must)
    olds = [
        (o.fidelity or {})["upsampled_from"] / 2
        for o in files
        if o is not f
        and o.props.lossless
        and (o.fidelity or {}).get("upsampled_from")
        and (f.props.sample_rate or 0) > (o.fidelity or {})["upsampled_from"]
    ]
    return any(
        WALL_FROM * old <= reach <= old + max(SAME_BAND_HZ, SAME_BAND_SHARE * old) for old in olds
    )


def decoded(f) -> bool:
    """Whether copy ``f`` is lossy, or decoded from lossy audio (T001)."""
    return f.props.lossless is False or (f.fidelity or {}).get("verdict") == "lossy-origin"


def filled_over(f, files):
    """The lossless copy whose band copy ``f`` merely fills past (None when none): ``f``
    has an edge (``cutoff_hz``) where that copy's content stops, ``FILL_EDGE`` of its reach or
    of its own edge, yet reads content ``FILL_PAST`` times as far or more (to its Nyquist
    frequency where no reach was read). A low-bitrate Opus decode of a band-limited take reads
    so: CELT folds the coded band up to Nyquist over the edge the take's own band left (review
    51b: of 144 groups of a band-limited or upsampled take, its Opus 12-96k decode and its MP3
    decode, D003 kept the Opus decode in 82, its verdict inconclusive and its "band" twice the
    take's). The witness is lossless and not called decoded (T001). Hiss over a take's own
    edge reads so too (review 51e), so D003 only ever advises the witness instead of ``f``,
    never a third copy (:func:`~audiolint.rules.duplicate_rank.best`)."""
    fid = f.fidelity or {}
    edge = fid.get("cutoff_hz")
    # not a copy T002 reads genuine, nor past the old Nyquist frequency of one it reads as
    # upsampled: review 51e's takes with hiss over a natural edge (genuine; upsampled from 24
    # kHz) were read as filling past their own low-passed copies, and an MP3 decode was kept
    if not edge or not f.props.lossless or fid.get("verdict") in ("lossy-origin", "genuine"):
        return None
    if (fid.get("held") or 0) < FILL_HELD:
        return None
    reach = fid.get("reach_hz") or (f.props.sample_rate or 0) / 2
    if fid.get("upsampled_from"):
        reach = min(reach, fid["upsampled_from"] / 2)
    for o in files:
        ofid = o.fidelity or {}
        band = ofid.get("reach_hz")
        if o is f or not o.props.lossless or ofid.get("verdict") == "lossy-origin" or not band:
            continue
        # its edge at that copy's reach, or at that copy's own edge (a telephone band's
        # 3.4 kHz under the dither or noise that reaches 4.6 kHz)
        edges = [e for e in (band, ofid.get("cutoff_hz")) if e and e <= band]
        near = any(FILL_EDGE[0] * e <= edge <= FILL_EDGE[1] * e for e in edges)
        if near and reach >= FILL_PAST * band:
            return o
    return None


def cut_short(f, files) -> float | None:
    """Where a lossless copy's content ends (its reach, or its edge's ``stop_hz`` where no reach
    was read: a decoder's dither hides it) when it stops short of a copy beside it, else None:
    ``f``, a 16-bit copy, has an edge (``cutoff_hz``) where an Opus decode's band ends
    (``OPUS_BANDS_HZ``) with no content read past it (``REACH_SLACK``), under
    ``CUT_SHARE`` of the band of a lossless copy with no edge (to its Nyquist frequency, or to
    where its content fades into its floor) whose noise floor, against its level, lies no more
    than ``NOISIER_DB`` over ``f``'s (hiss added to a copy fills the band over a take's own
    roll-off: review 52d, white noise at -60 dBFS over a take rolling off at 19.6 kHz). The
    band over the edge was lost in this copy (review 51b: an Opus 12 kbps decode by opusdec at
    48 kHz, cut at 12.1 kHz over a floor 33 dB down, read inconclusive and was kept for its
    rate over its full-band 44.1 kHz original)."""
    fid = f.fidelity or {}
    edge, reach = fid.get("cutoff_hz"), fid.get("reach_hz")
    if not (edge and fid.get("bandwidth_limited")) or not f.props.lossless:
        return None
    if fid.get("verdict") == "lossy-origin" or fid.get("upsampled_from"):
        return None  # ranked by its cliff or its old rate already
    if not any(OPUS_EDGE[0] * b <= edge <= OPUS_EDGE[1] * b for b in OPUS_BANDS_HZ):
        return None  # not where an Opus decode's band ends (see OPUS_BANDS_HZ)
    if f.props.sample_format == "float" or (f.props.bit_depth or 16) > 16:
        return None  # a decode is written at 16 bits; a 24-bit or float copy is a master's
    stop = fid.get("stop_hz") or edge
    if reach is not None and reach > REACH_SLACK * stop:
        return None  # content past its edge: the audio's own, or a codec's fill
    for o in files:
        ofid = o.fidelity or {}
        whole = ofid.get("verdict") in ("genuine", "inconclusive") and ofid.get("analysed")
        whole = whole and ofid.get("bandwidth_limited") is False and o.props.lossless
        # its band: to Nyquist, or to where it fades into its floor
        band = ofid.get("reach_hz") or (o.props.source_rate or 0) / 2
        if o is not f and whole and edge <= CUT_SHARE * band and not _noisier(o, f):
            return reach or stop
    return None


def _noisier(o, f) -> bool:
    """Whether copy ``o``'s noise floor (S005's ``noise_floor_dbfs``) against its RMS level
    lies ``NOISIER_DB`` or more over ``f``'s (False where either is not measured)."""
    floors = [(c.signal or {}).get("noise_floor_dbfs") for c in (o, f)]
    levels = [_level(c)[0] for c in (o, f)]
    if None in floors or None in levels:
        return False
    return floors[0] - levels[0] >= floors[1] - levels[1] + NOISIER_DB


def _level(f) -> tuple[float | None, float | None]:
    """A copy's RMS level and its crest (peak over RMS), dB."""
    s = f.signal or {}
    rms, peak = s.get("rms_dbfs"), s.get("peak_dbfs")
    return rms, (None if rms is None or peak is None else peak - rms)


def wet(f, files) -> bool:
    """Whether copy ``f`` reads a room as S008 does (:func:`~audiolint.rules.reverb.
    reverberant`) and some other copy of the group not, its clarity ``WET_MARGIN_DB`` or more
    higher, or not read where its decays were (:func:`_decays_read`; review 48b: a dry take's
    copy through a simulated room, RT60 0.8 s, was kept over it, "2 copies rank alike"). A
    copy with no clarity read is no witness where another copy S008 does not call reverberant
    reads a clarity within ``WET_MARGIN_DB`` of ``f``'s: that copy heard the same room, on the
    line's other side (review 52a: a take at 7.6 dB, against S008's 8, beside its Opus
    decodes at 8.0-8.2 and an 8 kHz copy whose dry-voice guards read none, was "wet", and
    D003 advised a decode; review 52d: a dry take with no clarity read beside its copy through
    a plate at 6.3-7.3 dB is still the one to keep)."""
    if not reverb.reverberant(f.signal):
        return False
    c50 = (f.signal or {})["c50_db"]
    dry = [o for o in files if o is not f and not reverb.reverberant(o.signal)]
    read = [(o.signal or {}).get("c50_db") for o in dry]
    alike = any(other is not None and other < c50 + WET_MARGIN_DB for other in read)
    for o, other in zip(dry, read, strict=True):
        if other is None and _decays_read(o) and not alike:  # read, and vetoed by its guards
            return True
        if other is not None and other >= c50 + WET_MARGIN_DB:
            return True
    return False


def _decays_read(f) -> bool:
    """Whether S008 had decays to read in a copy (two endings or more): where it reads no
    clarity there, its dry-voice guards vetoed one; where it had none, nothing is known (review
    48c: a compressed copy of a reverberant take, its echo tails lifted 15.6 dB against the
    voice, read no decay at all, and counted as the dry one)."""
    endings = (f.signal or {}).get("reverb_endings")
    return endings is not None and endings >= reverb.DEFAULT["min_endings"]


def resolved_bits(f) -> int:
    """The bit depth a copy ranks by: its bits, but over 16 only as many as a quantiser needs
    to put its own floor ``BITS_FLOOR_DB`` under the copy's measured floor (S005's; -6.02 dB a
    bit): bits under the recording's noise hold only that noise finer, or a process's
    arithmetic (review 48b: a peak-normalised 24-bit FLAC, a loudness-normalised one and a
    compressed float WAV were each advised "ideally" over the untouched 16-bit original, its
    floor at -84 dBFS); a 24-bit master whose pauses hold a hush at -120 dBFS still ranks over
    its 16-bit export. No more than 16 where no floor was read or the pauses are digital
    silence."""
    bits = (f.fidelity or {}).get("effective_bit_depth") or f.props.bit_depth or 0
    floor = (f.signal or {}).get("noise_floor_dbfs")
    if floor is not None and floor <= SILENT_FLOOR_DBFS:
        floor = None  # digital silence in its pauses: nothing the bits must hold
    need = 16 if floor is None else math.ceil((BITS_FLOOR_DB - floor) / 6.02)
    return min(bits, max(16, need))
