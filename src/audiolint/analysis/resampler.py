"""Find a resampler's marks: the Nyquist frequency of a lower standard rate, held in every frame.

Upsampling cannot add what the lower rate never held: the old anti-alias filter emptied the
band above the old Nyquist frequency ``N``, and the new filter leaves a fall at 0.90-1.0 ``N``
whatever its steepness. The measurements here are what :mod:`audiolint.analysis.verdict`
reads as ``upsampled``; :func:`audiolint.analysis.edge.spread_above` at ``N`` tells such a
wall, steady in every loud frame, from a codec's top band that comes and goes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from audiolint.analysis import verdict, walls
from audiolint.analysis.hires import HIRES_RATE, HIRES_SOURCES
from audiolint.analysis.quantile import median, percentile

MIN_RESAMPLER_DROP_DB = 30.0  # pass band to stop band across a resampler's filter...
IMAGE_DB = 10.0  # mirror images above N stay at least this far under the pass band
# ...and stand this far above the floor (median, 1.03-1.2 N, over the top 3 % of the band and
# over the notch at N) only when they are the band under N mirrored (imaging.mirrored). Tune
# half: steep resamplers 0-4 dB over the top (a disputed source's 17), gentle ones 12-45 dB
# (images); LAME and AAC decodes with a notch at N, their content 10-32 dB. A floor that goes
# on smoothly across N (noise added after the resampler) stands no higher than the notch.
CONTENT_DB = 10.0
SHALLOW_DROP_DB = 20.0  # ...or this much with a flat pass band to 0.93 N and a flat floor...
FLOOR_STEP_DB = 10.0  # ...or this much, from the source's own floor onto the samples' floor
FLAT_DB = 3.0  # a stop band this close to the level at N is flat from N on
# where a shallow wall's stop band must come down to the file's floor somewhere, in old Nyquist
# frequencies (from where a gentle filter's images are gone: see the stop band, 1.25 N)
SPAN_PAST = (1.25, 1.5)
POSITION = (0.94, 1.0)  # where, in old Nyquist frequencies, the level is half-way down
# a fall half-way down this late (SoX -v -s, SciPy's FFT: 0.985-0.991 N, tune sweep) counts at
# full depth only, on the floor by REACHED N (a roll-off half-way at 0.99 of 16 kHz falls on)
LATE, REACHED = 0.985, 1.03
DEEP_DB = 60.0  # ...or this far under the pass band by then (under 19.5 kHz; see _candidate)
# ...or within this share of the drop of it: a deep brick wall's own leakage through the Hann
# window still stands a few dB over the floor at 1.03 N (SciPy's FFT from 11.025 to 48 kHz over
# a loud source: 3.6-4.7 dB at an 80 dB drop, 0.05 of it); a roll-off that far down by then is
# a wall, not a roll-off (tune halves of the real corpus and the sweep: any share up to 0.2
# fixes that one copy and moves no other verdict; 0.1 is twice the leakage measured)
REACH_SHARE = 0.1
LEAK_BINS = 2.5  # a brick wall at N (SciPy's FFT) reads half-way this many bins past N, at most
DIP = 0.25  # past 1.25 N nothing stands higher above the notch than this share of the drop
# 22.05 or 24 kHz: a wide filter's wall at 12 kHz falls half-way at 0.92 of 11.025 kHz, where
# the level is still UNFINISHED of the way down...
NEXT_RATE = 1.1
UNFINISHED = 0.3
SAG = 0.125  # ...or is at 0.93 N already this share of the way down (see resampled_from)
# ...but a wall DEEP_DB or more deep (over a 24-bit or float file's floor) that holds the pass
# band at 0.93 N (under SAG of the way down), where the next rate's pass band at its own 0.93 N
# lies over this share of its drop down, is this rate's steep wall, its transition across N
# (review 52c, 24-bit and float copies from 22.05 to 44.1 kHz by SoX -s and librosa's FFT: 82-98
# dB deep, 0.4-2 % down at 0.93 of 11.025 kHz, 79-95 % at 0.93 of 12 kHz; all 50 read "from 24
# kHz"). A wide filter from 24 kHz in a 16-bit file, its fall cut short by the floor (27-50 dB),
# holds 11.025 kHz's pass band as well (review 53b: SoX -l, libsoxr LQ, resampy's kaiser_fast on
# speech, 16 read "from 22.05 kHz" without the depth test)
EMPTIED = 0.5
HIRES_TOP_HZ = 0.99 * max(HIRES_SOURCES) / 2  # where a 48 kHz source's band ends (see above)
JUST_PAST = 1.01  # past a brick wall's leak through the analysis window (see _candidate)
# Past N a resampler leaves its stop band flat, or sloping by a small part of its wall's drop
# (its floor, or a gentle filter's images, which mirror the band under N): a low-pass filter's
# slope, or a recording's own roll-off, that runs on through N keeps falling. Review 42: SoX's
# and FFmpeg's 2-pole low-pass at 17-20 kHz of 48 kHz studio voices fell 10-46 dB more from 1.03
# to 1.085 N (44.1 kHz's N), 0.4-2.2 of their drop, and read "upsampled from 44.1 kHz"; 44.1 ->
# 48 kHz copies by ten resamplers fell at most 1.6 dB there, and the real corpus's from 22.05 kHz
# to 44.1 kHz at most 7.8 dB, 0.17 of their drop (a floor that slopes under a deep wall). Read
# at 22.05 kHz and up (verdict.AMBIGUOUS_LOW), where a file's own filters stand: under it a gentle
# resampler's skirt falls on past N over a flat floor (SciPy's resample_poly bringing 16 kHz
# telephone speech to 192 kHz: tests/rules/test_narrow_band.py)
FALL_PAST = (1.03, 1.085)
FALL_PAST_DB, FALL_PAST_SHARE = 2 * FLAT_DB, 0.3


def resampled_from(
    freqs: np.ndarray,
    level: np.ndarray,
    sample_rate: int,
    rates,
    quant_db: float | None = None,
    mirrored: Callable[[int], bool] | None = None,
    imaged: int | None = None,
) -> dict | None:
    """The lower standard rate whose Nyquist frequency ``N`` a resampler's filter marks, if any.

    Every resampler, steep or gentle, leaves the same marks, whatever its steepness: a notch at
    ``N`` at least ``MIN_RESAMPLER_DROP_DB`` under the pass band (``0.80-0.92 N``; only
    ``SHALLOW_DROP_DB`` when the pass band holds flat to 0.93 N and the floor is flat, and only
    ``FLOOR_STEP_DB`` when that floor is the samples' own quantisation floor ``quant_db``, as
    :func:`audiolint.analysis.edge.quant_floor_db` gives it: a source whose content ended under
    ``N`` still leaves its noise or dither, and the filter cuts that off at ``N``), reached by a
    fall half-way down at ``POSITION`` (0.94-1.0, plus ``LEAK_BINS``: the window's main lobe
    spreads a brick wall at N; 44.1 -> 48 kHz by SciPy's FFT, tune: 1.001-1.0023 N) N (past
    ``LATE``, only on the floor, or within ``REACH_SHARE`` of the drop of it, by ``REACHED`` N,
    and at full depth but at 22.05 kHz); from 1.25 N nothing above
    the notch's floor (within ``DIP`` of the drop), and from 1.03 to 1.2 N nothing within
    ``IMAGE_DB`` of the pass band: what a gentle filter lets through just above ``N`` is the
    mirror image of the emptied top of the old band. A recording that rolls off by itself
    passes ``N`` with content well above the floor, which rules the candidate out; so does
    content from 1.03 to 1.2 N standing ``CONTENT_DB`` over the floor (the top 3 % of the band)
    and over the notch unless ``mirrored(rate)`` says it is the band under ``N`` mirrored (a
    gentle filter's images). ``imaged``, the old rate
    :func:`audiolint.analysis.imaging.measure` finds, names the rate when it is lower than the
    wall's (an interpolator's images fall off by themselves and read as a wall higher up), and
    keeps a wall at it from being moved to the next rate. A level that goes on falling past
    ``N`` (:func:`_falls_past`) is a filter's slope, not a resampler's stop band. Returns
    ``{"rate", "position", "drop_db", "sag_db"}`` (``sag_db``: how far the level at 0.93 N lies
    under the pass band; with ``"images": True`` when the band just past ``N`` is the band under
    it mirrored, faint or not) or None.
    """
    if len(freqs) < 8:
        return None
    nyq = sample_rate / 2
    ceiling = float(median(level[-max(3, len(level) // 33) :]))  # the floor at the top
    rates = [r for r in rates if r < sample_rate and 2000 <= r / 2 <= 0.97 * nyq]
    for i, rate in enumerate(rates):
        found = _candidate(freqs, level, nyq, rate, ceiling, quant_db, mirrored)
        if not found:
            continue
        # a wide filter's wall at 24 kHz falls half-way at 0.92 of 11.025 kHz: the next
        # standard rate up is the old one when the fall goes on past this N and ends at its own
        up = rates[i + 1] if i + 1 < len(rates) and rates[i + 1] <= NEXT_RATE * rate else None
        # ...unless the band over this N is the band under it mirrored: the images name the rate
        unfinished = found["at_n_db"] > UNFINISHED * found["drop_db"] or found["late"]
        # ...or still over the file's floor at N (the notch there is itself a few dB over it)
        # and already falling at 0.93 N, where a steep filter at this N still holds the pass
        # band: SoX -l, libsoxr LQ, sinc_fastest from 24 kHz, tune sweep, 0.35-0.67 of the
        # drop over the floor and falling 0.2-0.3 of it; SoX -v -s from 22.05 kHz 0.32, 0.03
        unfinished |= (
            found["at_floor_db"] > UNFINISHED * found["drop_db"]
            and found["sag_db"] >= SAG * found["drop_db"]
        )
        # ...but not where the fall reached its notch under N and rises only at N itself, to
        # fall on past it: a steep filter's transition centred on N lets the source's content
        # there through at half level (SoX -v -s from 22.05 kHz, tune sweep --old 22050: 6 of 19
        # read 24 kHz), where a wide wall at the next rate falls on through N without a notch
        unfinished &= not found["bump"]
        if up and imaged != rate and unfinished:
            higher = _candidate(freqs, level, nyq, up, ceiling, quant_db, mirrored)
            steep = found["sag_db"] < SAG * found["drop_db"] and found["drop_db"] >= DEEP_DB
            if higher and not (steep and higher["sag_db"] > EMPTIED * higher["drop_db"]):
                found = higher
        # An interpolator's images about a lower rate's N (FFmpeg's filter_size=16, scipy's
        # resample_poly with a Kaiser window: 8 or 24 kHz up to 44.1 or 48 kHz) fall off by
        # themselves, and that fall reads as a wall at a higher rate (11.025 or 32 kHz): the
        # mirror names the old rate, so the edge is left to imaging.measure
        if imaged is not None and imaged < found["rate"]:
            return None
        kept = {k: found[k] for k in ("rate", "position", "drop_db")}
        kept["sag_db"] = round(found["sag_db"], 1)
        if found["wide"]:
            kept["wide"] = True
        images = found["images"] or bool(mirrored and mirrored(found["rate"]))
        # Images about this rate itself (imaging.measure names twice it, the rate whose N they
        # stand about) are the copies a resampler from it leaves past its wall: over a float
        # file's floor its stop band holds them 90-110 dB down, where they come and go with the
        # band they copy (review 52c, resampler_sweep.py --old 22050 --float: 22.05 -> 48 kHz
        # by SoX -m/-l, libsoxr LQ/MQ read "upsampled from 44.1 kHz", 18 of 1,080)
        if imaged == 2 * found["rate"]:
            return {**kept, "images": True, "images_at_rate": True}
        return {**kept, "images": True} if images else kept
    return None


def _candidate(freqs, level, nyq, rate, ceiling, quant_db, mirrored) -> dict | None:
    """:func:`resampled_from`'s test of one ``rate``: the record, with ``at_n_db`` (how far
    the level at N itself stands over the notch), ``at_floor_db`` (over the notch or the floor
    at the top, the lower) and ``sag_db`` (how far the level at 0.925-0.935 N lies under the
    pass band), or None."""
    old = rate / 2

    def band(lo: float, hi: float) -> np.ndarray:
        return level[(freqs >= lo) & (freqs < hi)]

    passband, dip = band(0.80 * old, 0.92 * old), band(0.97 * old, 1.03 * old)
    if not len(passband) or not len(dip):
        return None
    p, bottom = float(median(passband)), float(dip.min())
    # at 22.05 kHz, among codecs' cut-offs (LAME 320 kbps falls half-way at 0.93 N there, but
    # narrower than walls.MIN_SPAN) and recordings' own roll-offs: from walls.POSITION_22K only
    earliest = walls.POSITION_22K if old >= verdict.AMBIGUOUS_LOW else walls.POSITION[0]
    wide = walls.wide(freqs, level, old, bottom, earliest)
    p = wide["pass_db"] if wide else p
    drop = p - bottom
    if drop < FLOOR_STEP_DB:
        return None
    # well past N even a gentle filter's mirror images are gone: only the floor is left
    stopband = band(1.25 * old, 0.99 * nyq)
    # A hi-res file's band past a 48 kHz file's Nyquist frequency holds nothing in one brought
    # up from 48 kHz or under, and its median and top tenth would read that emptiness: the
    # stop band is judged up to where a 48 kHz file's ends (FFmpeg's loudnorm copy at 192 kHz
    # of a singer whose spectrum dips 25 dB at 5.8 kHz and is back 18 dB higher by 7 kHz read
    # "upsampled from 11.025 kHz": review 54b)
    if 2 * nyq >= HIRES_RATE and len(near := band(1.25 * old, HIRES_TOP_HZ)) >= 3:
        stopband = near
    stop = float(median(stopband)) if len(stopband) >= 3 else None
    if stop is not None and stop > bottom + DIP * drop:
        return None
    # ...nor, over part of it, content within IMAGE_DB of the pass band, standing out of that
    # floor: a Tibetan chant's partials at 1.4-2.8 N over an 8 kHz candidate (review 40, 5
    # slices), where the median of the stop band was its empty top octave; an interpolator's
    # images there mirror the band under N
    if stop is not None and not (mirrored and mirrored(rate)):
        high = float(percentile(stopband, 90))
        if high > p - IMAGE_DB and high > stop + FLAT_DB:
            return None
    # just past N only a gentle filter's mirror images may stand, well under the pass band;
    # content there as loud as under N (a bell's partials) rules the candidate out
    above = band(1.03 * old, min(1.2 * old, 0.99 * nyq))
    if len(above) and float(above.max()) > p - IMAGE_DB:
        return None
    content = len(above) and float(median(above)) > max(ceiling, bottom) + CONTENT_DB
    if content and not (mirrored and mirrored(rate)):
        return None
    # At 0.88-0.94 of the file's own Nyquist frequency (44.1 kHz's in a 48 kHz file, 22.05's in
    # a 24 kHz one) a low-quality converter's own filter stands too, half-way down at 0.96-0.98
    # N: SoX -l, libsoxr LQ, sinc_fastest and resampy bringing 44.1-96 kHz speech down to 24 or
    # 48 kHz (review 40: 30 files) read "upsampled". Its skirt falls on past N, 5-39 dB over the
    # floor at JUST_PAST N; a resampler's wall from that rate leaves the floor there (0-2 dB on
    # the sweep's 44.1 -> 48 kHz copies; SciPy's FFT brick wall, half-way at N itself, 0.1),
    # unless its images mirror the band under N.
    # A shallow fall (under MIN_RESAMPLER_DROP_DB: quiet treble) is asked for a flat floor from
    # N on below instead: SoX's quick (-q) 44.1 -> 48 kHz over quiet treble falls 10-14 dB, and
    # its gentle skirt stands 3-4 dB over the floor just past N (helper-227); the converters
    # above fell 33-54 dB.
    own_zone = verdict.AMBIGUOUS_SHARE <= old / nyq < verdict.OWN_FILTER
    own_zone &= drop >= MIN_RESAMPLER_DROP_DB
    just_past = float(np.interp(JUST_PAST * old, freqs, level))
    if own_zone and not content and just_past > ceiling + max(FLAT_DB, REACH_SHARE * drop):
        return None
    past = old >= verdict.AMBIGUOUS_LOW and not (mirrored and mirrored(rate))
    if past and _falls_past(freqs, level, old, nyq, drop):
        return None
    held = band(0.925 * old, 0.935 * old)  # where a steep filter still holds the pass band
    if drop < MIN_RESAMPLER_DROP_DB:
        # Quiet treble: a shallower fall counts only in its sharpest form: the pass band
        # flat to 0.93 N, then a flat floor from N on, as SoX, libsoxr, libsamplerate leave.
        # the floor from N on (44.1 -> 48 kHz: only 1.03-1.09 N lies above N)
        top = band(1.03 * old, 0.99 * nyq) if stop is None else stopband
        stop = float(median(top)) if len(top) >= 3 else None
        if stop is None or stop > bottom + FLAT_DB or not len(held) or held.min() < p - drop / 4:
            return None
        # a step of a few dB counts only onto the samples' floor, reached at N already
        floor = quant_db is not None and stop <= quant_db + 2 * FLAT_DB
        if drop < SHALLOW_DROP_DB and not (floor and bottom <= stop + FLAT_DB):
            return None
        # ...and that floor is the file's own: past N only the stop band and what was added at
        # the file's rate (noise, dither) are left, no higher there than at the top of the band.
        # Content that stays CONTENT_DB over that floor all across SPAN_PAST (past a gentle
        # filter's images) is the recording's own, not a stop band: sung vowels with a formant
        # valley or a gap between harmonics at N (review 55d: GTSinger takes at 48 kHz read
        # "upsampled from 8, 11.025 and 22.05 kHz", 20-23 dB falls, the band past N 12-38 dB
        # over the floor up to 1.5 N; the stop band's median, under the notch, had passed)
        span = band(SPAN_PAST[0] * old, min(SPAN_PAST[1] * old, 0.99 * nyq))
        over = len(span) >= 3 and float(span.min()) > ceiling + CONTENT_DB
        if over and not (mirrored and mirrored(rate)):
            return None
    if wide:
        position = wide["position"]
    else:
        sel = np.flatnonzero((freqs >= 0.80 * old) & (level <= p - drop / 2))
        if not len(sel):
            return None
        position = float(freqs[sel[0]]) / old
        leak = LEAK_BINS * float(freqs[1] - freqs[0]) / old
        if not POSITION[0] <= position <= POSITION[1] + leak:
            return None
    late = position > LATE
    reached = float(np.interp(REACHED * old, freqs, level)) <= ceiling + max(
        FLAT_DB, REACH_SHARE * drop
    )
    # ...except at 22.05 kHz, where a brick wall over quiet treble (SoX -v -s, SciPy's FFT:
    # 20-30 dB over the floor, tune sweep --old 44100) counts on the floor by REACHED N as well:
    # no 48 kHz converter's filter is that far down by 22.7 kHz, and upsampled.judge asks the
    # wall to hold, or the band past N to stay at its floor, in the frames loud under it there
    shallow = drop < MIN_RESAMPLER_DROP_DB and old < verdict.AMBIGUOUS_LOW
    # ...and under it, a fall DEEP_DB under the pass band by REACHED N is a wall wherever the
    # floor lies: a float file's lies far under the stop band's leak (RVC's soxr to 40 kHz of
    # 22.05 kHz lines: 95 dB down at N, the floor 15-30 dB further)
    deep = old < verdict.AMBIGUOUS_LOW and float(np.interp(REACHED * old, freqs, level)) <= (
        p - DEEP_DB
    )
    if late and (shallow or not (reached or deep)):
        return None
    at_n = float(np.interp(old, freqs, level))
    under = band(0.96 * old, 0.995 * old)  # a notch the fall reached under N
    notch = float(under.min()) if len(under) else at_n
    past = float(np.interp(REACHED * old, freqs, level))
    return {
        "rate": rate,
        "position": round(position, 3),
        "drop_db": round(drop, 1),
        "at_n_db": at_n - bottom,
        "at_floor_db": at_n - min(bottom, ceiling),
        "sag_db": p - float(median(held)) if len(held) else 0.0,
        "late": late,
        "images": bool(content),  # content just past N, let through as the band under it mirrored
        "wide": wide is not None,  # a wide filter's wall (walls.wide), read from its own pass band
        # a notch under N, the level at N over it, and past N at or under it again
        "bump": at_n > notch + FLAT_DB and past <= notch,
    }


def _falls_past(freqs: np.ndarray, level: np.ndarray, old: float, nyq: float, drop: float) -> bool:
    """Whether the level goes on falling past ``old`` (N), from ``FALL_PAST[0]`` N to
    ``FALL_PAST[1]`` N (or to the top of the band, where that comes first), by ``FALL_PAST_DB``
    and ``FALL_PAST_SHARE`` of the wall's ``drop`` or more, as a filter's slope does and a
    resampler's stop band does not."""
    lo, hi = FALL_PAST[0] * old, min(FALL_PAST[1] * old, 0.99 * nyq)
    if hi <= lo + 0.02 * old:
        return False  # too little band past N to tell
    fall = float(np.interp(lo, freqs, level) - np.interp(hi, freqs, level))
    return fall >= max(FALL_PAST_DB, FALL_PAST_SHARE * drop)
