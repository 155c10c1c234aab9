"""Noise floor: the level of the quiet stretches between phrases.

From the per-frame RMS levels that :mod:`audiolint.analysis.silence` keeps (20 ms frames), the
noise floor is the 10th percentile (``PERCENTILE``) of the frame levels in dBFS, leaving out
digital silence (frames below -120 dBFS: padding or a noise gate, not background noise). Speech
pauses, breaths between words and syllable gaps fill the bottom tenth of the frames, so that
percentile lands on the background.

A continuous tone, steady noise or dense music has no pauses, and its 10th percentile is the
programme itself, not a background. The floor is therefore reported only when the quiet frames
sit at least ``MIN_CONTRAST_DB`` (12 dB) below the loud ones (the 95th percentile), and when at
least half a second of non-silent frames exists; otherwise it is ``null`` (unmeasurable).
"""

from __future__ import annotations

import numpy as np

PERCENTILE = 10.0
LOUD_PERCENTILE = 95.0
MIN_CONTRAST_DB = 12.0
DIGITAL_SILENCE_DB = -120.0
MIN_FRAMES = 25  # half a second of 20 ms frames


def noise_floor(power: np.ndarray) -> float | None:
    """The noise floor in dBFS from per-frame mean-square ``power``, or ``None``."""
    live = power[power > 10.0 ** (DIGITAL_SILENCE_DB / 10.0)]
    if len(live) < MIN_FRAMES:
        return None
    db = 10.0 * np.log10(live.astype(np.float64))
    floor, loud = np.percentile(db, [PERCENTILE, LOUD_PERCENTILE])
    if loud - floor < MIN_CONTRAST_DB:
        return None
    return round(float(floor), 1)
