"""The recording's own noise floor, for audiolint.analysis.reverb: where a word's fall ends.

The floor is read off the level (per 4 ms frame, dB) smoothed over ``FLOOR_SMOOTH_S``, at its
``FLOOR_PERCENTILE`` percentile, with pauses cut into the recording left out (digital silence,
or a quieter noise laid in, entered by a drop no voice or room makes): otherwise every word
would seem to decay slowly into its own noise. :func:`rests_at` tells a floor the recording rests
on from the bottom of a fade, which passes through its lowest levels in a few frames;
:func:`ends_on_ring`, a clip whose floor a trimmer cut away, from one cut mid-sound.
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.frames import overlapping, sliding
from audiolint.analysis.quantile import median, percentile

FLOOR_SMOOTH_S = 0.02  # the noise floor is read off the level over 20 ms: noise flickers
FLOOR_PERCENTILE = 10.0  # ... at this percentile
PAUSE_S, STEADY_DB = 0.3, 6.0  # a pause: this long at a level this steady
# a pause entered by a drop this large between the 20 ms before and the 20 ms after was cut in:
# a voice fades at most about 60 dB in 100 ms (12 dB in 20 ms), a room more slowly (but a dry
# studio voice's last consonant fell 19 dB in 20 ms: Asterisk's French prompts, session 30)
CUT_DB = 15.0
CHUNK = 65536  # frames whose running medians are taken at once (bounded memory on long files)
# reverb's second read, from a floor lower in the level's spread, holds only where the level rests
# within REST_DB of it for REST_S somewhere (a sound faded in or out passes through its lowest
# levels in a few frames: no floor)
REST_DB, REST_S = 3.0, 0.1
# ... or where the file ends on a room's tail cut by a trimmer: a fall from RING_DB over that
# floor to within REST_DB of it or under, straight in dB (RING_SPREAD_DB rms about its line) and
# RING_DB_S or faster (a 2 s room's pace; a dry singer's release falls slower, or bends) but no
# faster than RING_MAX_DB_S (a 0.4 s room's: a click's or a fade's bottom falls faster), over
# RING_S or more
RING_DB, RING_DB_S, RING_SPREAD_DB = 20.0, 30.0, 2.5
RING_MAX_DB_S, RING_S = 150.0, 0.1


def noise_floor(level: np.ndarray, frame_s: float, raw: np.ndarray | None = None) -> float:
    """The level a word's fall ends at: the ``FLOOR_PERCENTILE`` percentile of
    :func:`floor_levels`."""
    return float(percentile(floor_levels(level, frame_s, raw), FLOOR_PERCENTILE))


def floor_levels(level: np.ndarray, frame_s: float, raw: np.ndarray | None = None) -> np.ndarray:
    """The level over ``FLOOR_SMOOTH_S``, cut-in pauses left out. A pause (``PAUSE_S`` or longer at
    a level steady within ``STEADY_DB``) entered by a drop of ``CUT_DB`` or more from the
    ``FLOOR_SMOOTH_S`` before to the ``FLOOR_SMOOTH_S`` after (medians of ``raw``, the unsmoothed
    level) was cut into the recording: digital silence, or a quieter noise laid in it. No voice or
    room falls that fast, and the words fall to the recording's own noise, not to the pause's."""
    k = max(1, min(len(level), int(round(FLOOR_SMOOTH_S / frame_s))))
    smooth = 10.0 * np.log10(
        np.maximum(np.convolve(10.0 ** (level / 10.0), np.ones(k) / k, mode="same"), 1e-13)
    )
    raw = level if raw is None else raw
    w = int(round(PAUSE_S / frame_s))
    if len(smooth) <= w + 2 * k:
        return smooth
    steady = sliding(np.maximum, smooth, w) - sliding(np.minimum, smooth, w) <= STEADY_DB
    starts = np.flatnonzero(steady & ~np.concatenate(([False], steady[:-1])))
    ends = np.flatnonzero(steady & ~np.concatenate((steady[1:], [False])))
    windows = overlapping(raw, len(raw) - k + 1, k, 1)  # sliding_window_view's, for less
    # in chunks: np.median copies its input, k values per frame (68 MB an hour at once)
    med = np.concatenate(
        [median(windows[i : i + CHUNK], axis=1) for i in range(0, len(windows), CHUNK)]
    )
    drops = np.zeros(len(raw))  # at each frame: the median of the k before less that of k on
    drops[k : len(med)] = med[:-k] - med[k:]
    cut = np.zeros(len(smooth), dtype=bool)
    for a, b in zip(starts, ends, strict=True):
        if drops[max(0, a - 2 * k) : a + k].max() >= CUT_DB:
            cut[a : b + w] = True
    return smooth[~cut] if (~cut).sum() >= k else smooth


def rests_at(rest: np.ndarray, low: float, frame_s: float) -> bool:
    """Whether the level ``rest`` (:func:`floor_levels`) stays within ``REST_DB`` of ``low`` for
    ``REST_S`` on end somewhere: a recording's floor (the silence or room tone before the first
    word), not the bottom of a fade-in or fade-out, which passes through it in a few frames."""
    near = np.concatenate(([0], (np.abs(rest - low) <= REST_DB).astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(near))
    longest = int((edges[1::2] - edges[::2]).max()) if len(edges) else 0
    return longest * frame_s >= REST_S


def ends_on_ring(level: np.ndarray, low: float, frame_s: float) -> bool:
    """Whether ``level`` ends on a room's tail cut where it reached ``low``: a trimmer took the
    silence after the last word (and the floor :func:`rests_at` looks for) but left the echo
    falling into it. The fall runs from the last frame ``RING_DB`` over ``low`` to the file's
    end, which lies under ``low + REST_DB``, straight in dB (as a room's decay, not a
    fading note's wavering decline), at least ``RING_DB_S`` fast and no faster than
    ``RING_MAX_DB_S`` over ``RING_S`` or more (a click's fall at the end, or the bottom of a
    fade-out, is faster than any room's that rings as loud as S008 asks)."""
    above = np.flatnonzero(level >= low + RING_DB)
    if not len(above) or float(level[-1]) > low + REST_DB:
        return False
    tail = level[above[-1] :]
    if len(tail) * frame_s < RING_S:
        return False
    t = np.arange(len(tail)) * frame_s
    slope, start = np.polyfit(t, tail, 1)
    fits = np.std(tail - (start + slope * t)) <= RING_SPREAD_DB
    return bool(-RING_MAX_DB_S <= slope <= -RING_DB_S and fits)
