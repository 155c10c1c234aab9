"""Reverberation, blind: how a room's echo stretches the ends of words.

When a voice stops, a dry recording falls to its noise floor within 100-150 ms (the voice's own
fade); in a room the echoes keep sounding and the level falls along the room's decay. Schroeder
showed that the decay after an interrupted steady sound is the backward integral of the room's
impulse response, so each *free decay* (a word ending that no louder frame follows for
``DECAY_S``) traces that curve, with the voice's fade added at its start. This analyser keeps the
level of every ``HOP_S`` frame of the mono mix (4 bytes per frame) and, at the end, follows the
fall after each such offset (at least ``OFFSET_ABOVE_FLOOR_DB`` over the noise floor, a later
onset never lifting it). From the median fall it reads the clarity at ``READ_AT_S``, when the
voice's fade is over and a room's echo is not, and the slope from ``SLOPE_FROM_S`` to there;
both are mapped to C50 and RT60 by straight lines fitted on the tune half of
benchmarks/reverb.py (real speech convolved with simulated rooms).

Results (in ``"signal"``): ``reverb_offsets`` (free decays found), ``c50_db`` (clarity, early
energy over late at 50 ms; saturates above about 20 dB, where the noise floor and the voice's
fade hide any room, and is capped at ``C50_MAX_DB``) and ``rt60_s`` (decay time; ``None``
when the fall reaches the floor too soon to have a slope). Both are ``None`` under
``MIN_OFFSETS`` decays: "cannot tell".
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolint.analysis.frames import finite

HOP_S = 0.004
SMOOTH_FRAMES = 3  # 12 ms of level smoothing: flattens the ripple of a low voice's pitch
DECAY_S = 0.4  # a free decay: no frame in this long after the offset is louder than it
OFFSET_ABOVE_FLOOR_DB = 25.0
OFFSET_BELOW_LOUD_DB = 20.0
FLOOR_MARGIN_DB = 6.0  # levels this close to the noise floor count as the floor
MIN_OFFSETS = 5
READ_AT_S = 0.2  # a voice's own fade is over by then; a room's echo is not
SLOPE_FROM_S = 0.1  # the decay time is read from the slope between here and READ_AT_S
# c50_db = C50_AT_0 + C50_SLOPE * (the clarity read off the median decay at READ_AT_S): a
# straight line fitted on the tune half of benchmarks/reverb.py (real speech, simulated rooms)
C50_AT_0, C50_SLOPE = -14.2, 1.22
C50_MAX_DB = 30.0  # above, the fall only measures the noise floor (digital silence: 120 dB)
# rt60_s = RT60_SCALE * raw ** RT60_POWER, raw the decay time of that slope: fitted likewise
RT60_SCALE, RT60_POWER = 0.70, 0.85


class Reverb:
    """Mean-square level per 4 ms frame of the mono mix (4 bytes per frame), no samples."""

    def __init__(self, sample_rate: int, channels: int, props: Any = None):
        self.hop = max(1, int(round(HOP_S * sample_rate)))
        self.frame_s = self.hop / sample_rate
        self.rest = np.zeros(0, dtype=np.float32)
        self.power: list[np.ndarray] = []

    def update(self, block: np.ndarray) -> None:
        """Consume the next block."""
        mono = finite(block).mean(axis=1, dtype=np.float32)
        data = np.concatenate([self.rest, mono]) if len(self.rest) else mono
        m = len(data) // self.hop
        self.rest = data[m * self.hop :].copy()
        if m:
            frames = data[: m * self.hop].reshape(m, self.hop)
            frames = frames - frames.mean(axis=1, keepdims=True, dtype=np.float64)
            self.power.append(np.einsum("ij,ij->i", frames, frames) / self.hop)

    def result(self) -> dict[str, Any]:
        """Free decays found, decay time and clarity (``None`` when it cannot tell)."""
        out: dict[str, Any] = {"reverb_offsets": 0, "rt60_s": None, "c50_db": None}
        if not self.power:
            return out
        # damaged float files (values near 3e38) overflow the squares: count them as full scale
        power = np.minimum(np.concatenate(self.power).astype(np.float64), 1.0)
        power = np.nan_to_num(power, nan=1.0)
        kernel = np.ones(SMOOTH_FRAMES) / SMOOTH_FRAMES
        level = 10.0 * np.log10(np.maximum(np.convolve(power, kernel, mode="same"), 1e-13))
        curves, floor = free_decays(level, self.frame_s)
        out["reverb_offsets"] = len(curves)
        if len(curves) < MIN_OFFSETS:
            return out
        out.update(read_decay(np.median(curves, axis=0), floor, self.frame_s))
        return out


def free_decays(level: np.ndarray, frame_s: float) -> tuple[np.ndarray, float]:
    """The fall (dB, frame by frame, ``DECAY_S`` long, never rising: a later onset does not
    lift it) after each offset in ``level``, and the noise floor relative to the offsets
    (median)."""
    n = int(round(DECAY_S / frame_s))
    if len(level) <= n + 2:
        return np.zeros((0, n)), 0.0
    floor = float(np.percentile(level, 10))
    loud = float(np.percentile(level, 95))
    windows = np.lib.stride_tricks.sliding_window_view(level[1:], n)
    start = level[: len(windows)]
    strong = (start >= floor + OFFSET_ABOVE_FLOOR_DB) & (start >= loud - OFFSET_BELOW_LOUD_DB)
    free = strong & (windows.max(axis=1) < start)
    tops = np.flatnonzero(free & ~np.concatenate(([False], free[:-1])))  # first of each run
    if not len(tops):
        return np.zeros((0, n)), 0.0
    curves = np.maximum(windows[tops], floor + FLOOR_MARGIN_DB) - start[tops, None]
    return np.minimum.accumulate(curves, axis=1), float(np.median(floor - start[tops]))


def schroeder_c(fall_db: float) -> float:
    """Clarity (dB) when the energy still to come is ``fall_db`` under the whole: early over
    late, as read off a Schroeder decay curve."""
    late = 10.0 ** (min(fall_db, -0.01) / 10.0)
    return float(10.0 * np.log10((1.0 - late) / late))


def read_decay(curve: np.ndarray, floor: float, frame_s: float) -> dict[str, Any]:
    """Clarity and decay time from the median fall after an offset (both calibrated): clarity
    from the fall at ``READ_AT_S``, decay time from the slope between ``SLOPE_FROM_S`` and
    there (``None`` when the fall has reached the noise floor by then, or does not fall)."""
    t = (np.arange(len(curve)) + 1) * frame_s
    early, late = (float(curve[int(np.argmax(t >= at))]) for at in (SLOPE_FROM_S, READ_AT_S))
    c50 = min(C50_AT_0 + C50_SLOPE * schroeder_c(late), C50_MAX_DB)
    rt60 = None
    if late > floor + 2 * FLOOR_MARGIN_DB and late < early:
        raw = 60.0 * (READ_AT_S - SLOPE_FROM_S) / (early - late)
        rt60 = round(float(RT60_SCALE * raw**RT60_POWER), 3)
    return {"rt60_s": rt60, "c50_db": round(float(c50), 1)}
