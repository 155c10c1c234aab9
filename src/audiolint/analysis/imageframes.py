"""The frames an image read compares, and how their level falls into a Nyquist frequency.

:mod:`audiolint.analysis.imaging` reads an interpolator's images from the fine structure of
the loud spans' frames (:func:`frames_db`, once per file). :func:`fall_db` reads their mean
spectrum at one Nyquist frequency N: a source at that rate was band-limited under N by its own
filter, so its level falls into N, where a higher rate's images folded back about N (32 kHz
images in a 48 kHz file, 16 - f kHz) go on across it at the level of the band under it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from audiolint.analysis.edge import quant_floor_db, smooth_db
from audiolint.analysis.quantile import median, percentile
from audiolint.analysis.spectrum import frame_size, to_db

SMOOTH_HZ = 250.0  # the envelope removed from each frame's log spectrum, to leave its wobble


@dataclass(frozen=True)
class Frames:
    """Log power spectra (dB) of the loud spans' half-overlapping Hann-windowed frames, their
    fine structure (``wobble``: each row minus its running mean over ``SMOOTH_HZ``, then each
    bin's mean over the frames), the bins' frequencies, the samples' quantisation floor and
    each bin's floor (``floor``: the 10th percentile over the frames, its quiet frames)."""

    db: np.ndarray
    wobble: np.ndarray
    freqs: np.ndarray
    quant_db: float
    floor: np.ndarray


def frames_db(spans, sample_rate: int, bits: int = 16) -> Frames:
    """The :class:`Frames` of ``spans`` (``(position, samples)`` pairs), ``bits``-bit samples."""
    n = min(frame_size(sample_rate), 4096)
    window = np.hanning(n)
    rows = [
        np.lib.stride_tricks.sliding_window_view(x, n)[:: n // 2] * window.astype(np.float32)
        for _, x in spans
        if len(x) >= n
    ]
    freqs = np.fft.rfftfreq(n, 1.0 / sample_rate)
    quant = quant_floor_db(float((window**2).sum()), bits)
    if not rows:
        empty = np.zeros((0, len(freqs)))
        return Frames(empty, empty, freqs, quant, np.zeros(len(freqs)))
    spec = np.fft.rfft(np.concatenate(rows), axis=1)
    db = to_db(spec.real**2 + spec.imag**2)
    wob = _wobble(db, max(3, int(SMOOTH_HZ / float(freqs[1])) | 1))
    # once per file, not in each compare(): a column's percentile depends on that column alone
    floor = percentile(db, 10, axis=0)
    # only what changes from frame to frame: a steady tone's partials (a ring, a chord) stand
    # mirrored about any multiple of their spacing, an image's wobble moves with its source
    return Frames(db, wob - wob.mean(axis=0), freqs, quant, floor)


def _wobble(db: np.ndarray, width: int) -> np.ndarray:
    """Each row minus its running mean over ``width`` bins (edges: the shorter window)."""
    c = np.cumsum(np.pad(db, ((0, 0), (1, 0))), axis=1)
    idx = np.arange(db.shape[1])
    lo, hi = np.maximum(idx - width // 2, 0), np.minimum(idx + width // 2 + 1, db.shape[1])
    return db - (c[:, hi] - c[:, lo]) / (hi - lo)


def fall_db(frames: Frames, rate: int) -> dict | None:
    """How the level falls into ``rate``'s Nyquist frequency N in the frames' mean spectrum,
    smoothed as a resampler's fall is read (:func:`audiolint.analysis.edge.smooth_db`):
    ``fall_db``, from the band 0.86-0.94 N (its median) to the lowest level within 2 % of N,
    and ``room_db``, that band over the samples' quantisation floor (with little room nothing
    could fall). None without frames."""
    f, n = frames.freqs, rate / 2
    under = (f >= 0.86 * n) & (f < 0.94 * n)
    if not len(frames.db) or not under.any():
        return None
    level = smooth_db(f, (10.0 ** (frames.db / 10.0)).mean(axis=0))
    band = float(median(level[under]))
    bottom = float(level[(f >= 0.98 * n) & (f <= 1.02 * n)].min())
    return {"fall_db": band - bottom, "room_db": band - frames.quant_db}
