"""An earlier 16-bit stage's floor under a later converter's wall, in a 24-bit or float file.

A voice upsampled in two stages, its first written at 16 bits (8 kHz -> 44.1 kHz, dithered, then
-> 48 kHz in 24 bits or float: a phone memo saved as a CD-rate WAV, then exported from an
editor), holds two walls: the first stage's at the old Nyquist frequency, and the second's at
22.05 kHz, from the first stage's dither down to the finer samples' floor. That upper wall is a
cliff with a band under it, and :func:`audiolint.analysis.upsampled.content_past` took the band
for content past the old rate: each of 9 such copies of three real voices read inconclusive,
where the same chains written at 16 bits read "upsampled from 8-22.05 kHz" (session 56). What
lies between the walls is no content: a flat floor at a 16-bit quantiser's level.

:func:`stage_floor` says so of a resampler's candidate (:mod:`audiolint.analysis.resampler`);
where the whole verdict, codec grids included, ends inconclusive, the candidate is then judged
with that band not counted as content (:func:`audiolint.analysis.gridverdict.staged`). Numpy on
the mean spectrum only.
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.edge import UNDITHERED_DB, quant_floor_db
from audiolint.analysis.quantile import median, percentile

# from where past the old Nyquist frequency the floor is read (upsampled.PAST_OLD: where content
# rules a rate out), and how far under the wall above (its own skirt)
PAST, UNDER_WALL = 1.25, 0.97
# a floor this flat (10th to 90th percentile of the smoothed level) and this near a 16-bit
# quantiser's, TPDF-dithered or plainly rounded (UNDITHERED_DB under it)
FLAT_DB, NEAR_DB = 3.0, 3.0
MIN_BINS = 16


def stage_floor(
    freqs: np.ndarray, level: np.ndarray, window_power: float, channels: int, old_hz: float,
    walls: list[float],
) -> bool:  # fmt: skip
    """Whether the mean spectrum ``level`` (dB at ``freqs``, as edge.smooth_db gives it)
    holds, from ``PAST`` times ``old_hz`` (a candidate's Nyquist frequency) to ``UNDER_WALL``
    of the lowest of ``walls`` (cliffs' cut-offs, Hz) above it, only a flat floor at a 16-bit
    quantiser's level (``window_power``: the FFT window's sum of squares)."""
    above = [w for w in walls if w > PAST * old_hz / UNDER_WALL]
    if not above:
        return False
    band = level[(freqs >= PAST * old_hz) & (freqs <= UNDER_WALL * min(above))]
    if len(band) < MIN_BINS:
        return False
    q16 = quant_floor_db(window_power, 16, channels)
    mid = median(band)
    flat = percentile(band, 90) - percentile(band, 10) <= FLAT_DB
    return flat and q16 - UNDITHERED_DB - NEAR_DB <= mid <= q16 + NEAR_DB
