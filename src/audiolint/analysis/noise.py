"""Noise floor: the level of the quiet stretches between phrases.

From the per-frame RMS levels that :mod:`audiolint.analysis.silence` keeps (20 ms frames), the
noise floor is the 10th percentile (``PERCENTILE``) of the frame levels in dBFS, digital
silence (a gate, an edit, synthesis) counting as -120 dBFS: clean pauses are a clean background.
Speech pauses, breaths between words and syllable gaps fill the bottom tenth of the frames, so
that percentile lands on the background.

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
    quiet = 10.0 ** (DIGITAL_SILENCE_DB / 10.0)
    if int((power > quiet).sum()) < MIN_FRAMES:
        return None
    # Digitally silent pauses (a gate, an edit, synthesis) are clean background: they count at
    # the floor of the scale. Leaving them out would put the percentile on quiet speech.
    db = 10.0 * np.log10(np.maximum(power.astype(np.float64), quiet))
    floor, loud = np.percentile(db, [PERCENTILE, LOUD_PERCENTILE])
    if loud - floor < MIN_CONTRAST_DB:
        return None
    return round(float(floor), 1)
