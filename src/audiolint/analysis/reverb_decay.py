"""The falls :mod:`audiolint.analysis.reverb` reads a room from: free decays, the fastest fall.

A word's ending traces the room's decay (Schroeder): :func:`free_decays` follows the level after
each offset no louder frame follows for ``DECAY_S``, keeps the falls that can show a room
(:func:`room_like`), and :func:`read_decay` turns the fastest of them into a clarity (C50) and a
decay time (RT60) by the lines fitted on benchmarks/reverb.py. :func:`fastest_fall` and
:func:`dry_fall_db` bound how fast a level can fall in a room of a given clarity. Levels in, dB
per 4 ms frame; no samples, no I/O.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolint.analysis.frames import overlapping, sliding
from audiolint.analysis.quantile import percentile
from audiolint.analysis.reverb_floor import STEADY_DB

SMOOTH_FRAMES = 3  # 12 ms of level smoothing: flattens the ripple of a low voice's pitch
DECAY_S = 0.4  # a free decay: no frame in this long after the offset is louder than it
OFFSET_ABOVE_FLOOR_DB = 25.0
OFFSET_BELOW_LOUD_DB = 20.0
FLOOR_MARGIN_DB = 6.0  # levels this close to the noise floor count as the floor
CLIFF_DB, CLIFF_S = 10.0, 0.04  # a fall this deep this fast after 100 ms is a dry ending
# 12 ms over a full-scale sine's mean square: clipped or hard-limited (speech's crest factor keeps
# it under). Its fall starts lower than the word was, shallower by what clipping took off: a room
CLIPPED_DB = -3.0
READ_AT_S = 0.2  # a voice's own fade is over by then; a room's echo is not
SLOPE_FROM_S = 0.1  # the decay time is read from the slope between here and READ_AT_S
# c50_db = C50_AT_0 + C50_SLOPE * (the clarity read off the fastest falls at READ_AT_S): a
# straight line fitted on the tune half of benchmarks/reverb.py (real speech, simulated rooms)
C50_AT_0, C50_SLOPE = -10.6, 0.87
C50_MAX_DB = 30.0  # above, the fall only measures the noise floor (digital silence: 120 dB)
# rt60_s = RT60_SCALE * raw ** RT60_POWER, raw the decay time of that slope: fitted likewise
RT60_SCALE, RT60_POWER = 0.78, 0.50
RT60_MAX_S = 20.0  # past it the level barely falls: no decay (rooms read <= 4 s, a hall 8-12 s)
# A room's echo fills in every fall of the level, not only the free decays read above: where the
# level falls DRY_FALL_DB or more within DRY_FALL_S (12 or 13 frames of 4 ms: 48-52 ms, as the
# rate rounds the frame) after a held sound (fastest_fall), no room
# under DRY_C50_DB lets it. benchmarks/reverb.py's speech, tune | held-out: the fastest such fall
# in rooms of true C50 under 10 dB 20.2 | 20.3 dB (126 | 75 rooms), the rooms reaching 24 dB
# C50 10.2 dB and up | 15.7 and up, dry speech 19.6-33.5 | 21.1-27.6 dB. A clarity read under
# DRY_C50_DB beside such a fall came from decays a softer sound held up (a word's own fading
# vowel, its next syllable; Asterisk's French prompts): "cannot tell"
DRY_FALL_DB, DRY_FALL_S, DRY_C50_DB = 24.0, 0.05, 10.0
# ...and the more of a room's energy comes late, the less its level can fall so fast: in those
# rooms, the fastest fall stood under 16 + 1.5 x the clarity read (dB), 3.7 dB under at the
# least on either half (benchmarks/reverb_falls.py). A karaoke singer read C50
# -3.9 dB from her notes' fades with vibrato (free decays of a voice still sounding) beside
# 22-24 dB falls at her phrases' ends (review 39)
DRY_FALL_AT_0, DRY_FALL_SLOPE = 16.0, 1.5
# ...but never under this: no benchmark room read a clarity under -2 dB, and the line falls to 0
# at -10.7 dB; in rooms of RT60 6-8 s (the tests' room(), ALSA's prompts) the fastest fall still
# stood 13.5 dB, so a very wet file keeps a bound it can meet (review 39)
DRY_FALL_MIN_DB = 10.0
# ...and over a longer time: within LONG_FALL_S (READ_AT_S, where the clarity is read) after a
# held sound, no room read under 8 dB let the level fall more than 29.2 | 29.1 dB (tune |
# held-out, 145 | 69 rooms; benchmarks/reverb_falls.py); dry speech under noise fell 19-53 dB
# (median 32 | 30). A word ending 46 dB down 200 ms on read C50 5.4 dB, from the word's held
# fricative after its peak (KTuberling's "vase", review 41): "cannot tell"
LONG_FALL_S, LONG_FALL_DB = 0.2, 36.0
HELD_S, HELD_DB = 0.06, 6.0  # ... after a sound held this long within this much of its end
# a drop this deep from one 4 ms frame to the next (smoothed over 3: a cut shows in the frames
# after the fall too) is an edit's (voices: 6-10 dB)
EDIT_DB = 20.0
SILENT_DB = -100.0  # a fall reaching this reaches digital silence: a cut or a fade's end
END_S = 0.1  # ... and no fall is read this close to the file's end (a slice's fade-out)
CHUNK = 2048  # free decays worked out at once (memory: about 1.6 MB an array of their falls)


def free_decays(
    level: np.ndarray, frame_s: float, floor: float, hot: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The fall (dB, frame by frame, ``DECAY_S`` long) after each offset in ``level``, how far
    each can fall (to ``FLOOR_MARGIN_DB`` over the noise floor ``floor``) and its frame; offsets
    from a clipped top (``hot``, per frame; by default ``level`` at ``CLIPPED_DB`` or louder)
    are left out. Each fall
    is the lowest level reached so far: a later, softer sound does not lift it, and in a room it
    cannot sink it below the room's own decay either (energies add), so it bounds the free decay
    from above."""
    n = int(round(DECAY_S / frame_s))
    if len(level) <= n + 2:
        return np.zeros((0, n)), np.zeros(0), np.zeros(0, dtype=np.intp)
    loud = float(percentile(level, 95))
    windows = overlapping(level[1:], len(level) - n, n, 1)  # sliding_window_view's windows
    start = level[: len(windows)]
    strong = (start >= floor + OFFSET_ABOVE_FLOOR_DB) & (start >= loud - OFFSET_BELOW_LOUD_DB)
    free = strong & (sliding(np.maximum, level[1:], n) < start)
    tops = np.flatnonzero(free & ~np.concatenate(([False], free[:-1])))  # first of each run
    hot = level >= CLIPPED_DB if hot is None else hot
    tops = tops[~hot[tops]]  # a clipped word's fall is not the voice's
    if not len(tops):
        return np.zeros((0, n)), np.zeros(0), tops
    # the falls in chunks of offsets (each is read alone): a 2-hour file's 50,000 offsets would
    # hold a dozen 40 MB arrays of falls at once
    parts = []
    for i in range(0, len(tops), CHUNK):
        at = tops[i : i + CHUNK]
        bottoms = floor + FLOOR_MARGIN_DB - start[at]
        falls = windows[at] - start[at, None]
        curves = np.minimum.accumulate(np.maximum(falls, bottoms[:, None]), axis=1)
        curves, bottoms, keep = room_like(curves, falls, bottoms, frame_s)
        parts.append((curves, bottoms, at[keep]))
    return tuple(np.concatenate(p) for p in zip(*parts, strict=True))


def fastest_fall(
    level: np.ndarray,
    frame_s: float,
    floor: float,
    within_s: float = DRY_FALL_S,
    hot: np.ndarray | None = None,
) -> float:
    """The deepest fall of ``level`` (dB) within ``within_s`` after a held sound: from a start
    as strong as a free decay's (``OFFSET_ABOVE_FLOOR_DB`` over ``floor``, within
    ``OFFSET_BELOW_LOUD_DB`` of the loud level, not clipped: ``hot`` as :func:`free_decays`
    reads it) that the level held within
    ``HELD_DB`` for the ``HELD_S`` before (a room's echo has built up: after a click or a burst,
    the direct sound falls away fast in a room too), counted down to ``FLOOR_MARGIN_DB`` over
    ``floor``; 0 where there is none. An edit's fall is not counted: one with a drop of
    ``EDIT_DB`` or more from one frame to the next in it or in the ``SMOOTH_FRAMES`` after it
    (the smoothing spreads a cut over them), one that reaches digital silence (``SILENT_DB``)
    there or ends within ``END_S`` of the file's end (a slice's fade-out, a cut padded with
    zeros): no voice stops so."""
    k = max(1, int(round(within_s / frame_s)))
    h = max(1, int(round(HELD_S / frame_s)))
    reach = k + SMOOTH_FRAMES  # the fall's frames and those its smoothing spreads an edit over
    end = int(round(END_S / frame_s))  # where a slicer's fade-out ends a file
    if len(level) <= reach + end + h + 2:
        return 0.0
    t = np.arange(h - 1, len(level) - reach - end)  # h frames before each start, reach after
    start = level[t]
    low = sliding(np.minimum, level[1:], k)[t]  # over t + 1 .. t + k
    held = sliding(np.minimum, level, h)[t - h + 1]  # over t - h + 1 .. t
    edit = sliding(np.maximum, level[:-1] - level[1:], reach)[t]  # steps t -> t + 1 .. t + reach
    silent = sliding(np.minimum, level[1:], reach)[t] <= SILENT_DB
    loud = float(percentile(level, 95))
    strong = (start >= floor + OFFSET_ABOVE_FLOOR_DB) & (start >= loud - OFFSET_BELOW_LOUD_DB)
    hot = level >= CLIPPED_DB if hot is None else hot
    strong &= ~hot[t] & (held >= start - HELD_DB) & (edit < EDIT_DB) & ~silent
    if not strong.any():
        return 0.0
    return float(np.max(np.minimum(start - low, start - floor - FLOOR_MARGIN_DB)[strong]))


def dry_fall_db(c50_db: float) -> float:
    """The fall within ``DRY_FALL_S`` after a held sound (:func:`fastest_fall`) that no room of
    clarity ``c50_db`` lets a level make: ``DRY_FALL_AT_0 + DRY_FALL_SLOPE * c50_db``, at most
    ``DRY_FALL_DB``, at least ``DRY_FALL_MIN_DB``."""
    return min(DRY_FALL_DB, max(DRY_FALL_MIN_DB, DRY_FALL_AT_0 + DRY_FALL_SLOPE * c50_db))


def endings(tops: np.ndarray, frame_s: float) -> int:
    """How many separate endings the offsets at frames ``tops`` (ascending) come from: one more
    than the gaps of ``DECAY_S`` or longer between them."""
    return int(len(tops) > 0) + int(np.count_nonzero(np.diff(tops) * frame_s >= DECAY_S))


def room_like(
    curves: np.ndarray, falls: np.ndarray, bottoms: np.ndarray, frame_s: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The falls that can show a room, their bottoms and which of the given ones they are.
    Dropped: those whose level holds within ``STEADY_DB`` from ``READ_AT_S`` to ``DECAY_S`` while
    ``FLOOR_MARGIN_DB`` or more over the noise floor (the word fell onto a steady sound short of
    the floor: noise laid into a pause, a hum; a room's echo falls 6 dB or more in that time for
    RT60 up to 2 s). Those that
    drop ``CLIFF_DB`` within ``CLIFF_S`` after ``SLOPE_FROM_S`` held a syllable and then
    stopped: once a room's echo has built up, no level falls that fast, so the word ended
    there, and its fall is read from there on (a dry ending reads dry, not as the held
    syllable). ``curves`` are the falls as :func:`free_decays` makes them, ``falls`` the level
    itself after each offset."""
    read = int(round(READ_AT_S / frame_s)) - 1
    start = int(round(SLOPE_FROM_S / frame_s)) - 1
    k = max(1, int(round(CLIFF_S / frame_s)))
    tail = falls[:, read:]
    steady = tail.max(axis=1) - tail.min(axis=1) <= STEADY_DB
    keep = ~(steady & (curves[:, read] - bottoms >= FLOOR_MARGIN_DB))
    curves, falls, bottoms = curves[keep], falls[keep], bottoms[keep].copy()
    low = np.minimum.accumulate(falls, axis=1)  # unclamped: a fall into the floor is a cliff too
    drops = low[:, start:-k] - low[:, start + k :]
    rows = np.flatnonzero(drops.max(axis=1, initial=0.0) >= CLIFF_DB)
    if len(rows):  # each such fall from its cliff on, its last value held to the end
        j = start + np.argmax(drops[rows] >= CLIFF_DB, axis=1)
        at = curves[rows, j]
        cols = np.minimum(j[:, None] + np.arange(curves.shape[1]), curves.shape[1] - 1)
        curves[rows] = curves[rows[:, None], cols] - at[:, None]
        bottoms[rows] -= at
    return curves, bottoms, keep


def schroeder_c(fall_db: float) -> float:
    """Clarity (dB) when the energy still to come is ``fall_db`` under the whole: early over
    late, as read off a Schroeder decay curve."""
    late = 10.0 ** (min(fall_db, -0.01) / 10.0)
    return float(10.0 * np.log10((1.0 - late) / late))


def read_decay(curve: np.ndarray, floor: float, frame_s: float, floored: bool) -> dict[str, Any]:
    """Clarity and decay time from the fastest falls after an offset (both calibrated): clarity
    from the fall at ``READ_AT_S``, decay time from the slope between ``SLOPE_FROM_S`` and
    there (``None`` when the fall has reached the noise floor by then, or does not fall, or so
    little that the decay would take over ``RT60_MAX_S``).
    ``floored``: the fastest falls are near the noise floor by ``READ_AT_S``, so the clarity
    read is only a lower bound: ``None`` ("cannot tell") unless that bound is ``C50_MAX_DB``."""
    t = (np.arange(len(curve)) + 1) * frame_s
    early, late = (float(curve[int(np.argmax(t >= at))]) for at in (SLOPE_FROM_S, READ_AT_S))
    c50 = min(C50_AT_0 + C50_SLOPE * schroeder_c(late), C50_MAX_DB)
    if floored and c50 < C50_MAX_DB:
        return {"rt60_s": None, "c50_db": None, "reverb_fall_db": None}
    rt60 = None
    if late > floor + 2 * FLOOR_MARGIN_DB and late < early:
        raw = 60.0 * (READ_AT_S - SLOPE_FROM_S) / (early - late)
        rt60 = round(float(RT60_SCALE * raw**RT60_POWER), 3)
        rt60 = rt60 if rt60 <= RT60_MAX_S else None  # a sawmill's steady noise read 32 million s
    fall = round(float(-late), 1)
    return {"rt60_s": rt60, "c50_db": round(float(c50), 1), "reverb_fall_db": fall}
