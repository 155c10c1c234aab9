"""The mono mix the harmony analyser reads (audiolint.analysis.harmony): its blocks' channels
(each channel the one that carries the signal where a stereo pair is in antiphase, whose mean
cancels), the mean of each few samples in float64, and the Butterworth low-pass after it
(:func:`lowpassed_mean`, which also reads a stereo file's left channel for
audiolint.analysis.panned), and the Butterworth sections other analysers filter with."""

from __future__ import annotations

import numpy as np

from audiolint.analysis.frames import finite, heard_with_mix
from audiolint.analysis.loudness import sosfilt_kernel


def heard_channels(block: np.ndarray) -> np.ndarray:
    """``block`` (frames, channels) as it is, or, where its channels are in antiphase (L = x,
    R = -x: their mean cancels to silence), the channel :func:`audiolint.analysis.excerpt.content`
    keeps, in every channel (so the carry of samples keeps its shape)."""
    if block.ndim != 2 or block.shape[1] < 2 or not len(block):
        return block
    mix, kept = heard_with_mix(finite(block))  # once per block for every analyser that asks
    if kept is mix:  # (the mix it compared, not mono's slot, which another thread may refill)
        return block
    return np.repeat(kept[:, None], block.shape[1], axis=1)


def column_mean(rows: np.ndarray) -> np.ndarray:
    """Each row's mean in float64, the same as ``rows.mean(axis=1, dtype=np.float64)`` (which
    also adds the columns one after the other) at a third of its cost on rows of a few samples."""
    out = rows[:, 0].astype(np.float64)
    for j in range(1, rows.shape[1]):
        out += rows[:, j]  # widened to float64 column by column (exactly), not as a whole copy
    out /= rows.shape[1]
    return out


def lowpassed_mean(
    rows: np.ndarray, sos: np.ndarray, zi: np.ndarray, tiny: np.ndarray
) -> np.ndarray:
    """Each row's mean (:func:`column_mean`; finite values only in a damaged float file, and
    clipped to +-1000 so the filter stays finite) plus ``tiny`` (loudness's tiny signal: after a
    sound, digital silence leaves the filter state decaying into subnormal floats, which the CPU
    handles many times slower), low-passed by ``sos`` from its state ``zi`` (updated in place);
    shape (1, rows), the sosfilt kernel's layout."""
    low = column_mean(rows)
    if not np.isfinite(low).all():  # NaN or inf in a damaged float file
        low = finite(rows).mean(axis=1, dtype=np.float64)
    low = np.clip(low, -1e3, 1e3)[None, :]
    low += tiny
    sosfilt_kernel()(sos, low, zi)
    return low


def butterworth_lowpass(cutoff: float, rate: float, order: int = 6) -> np.ndarray:
    """Second-order sections (rows b0 b1 b2 1 a1 a2) of a Butterworth low-pass: one biquad per
    pole pair, each with its Butterworth Q (the audio-EQ-cookbook form), without importing
    scipy.signal (about a second at start-up)."""
    return _butterworth(cutoff, rate, order, -1.0)


def butterworth_highpass(cutoff: float, rate: float, order: int = 4) -> np.ndarray:
    """Second-order sections of a Butterworth high-pass, as :func:`butterworth_lowpass` makes
    its low-pass."""
    return _butterworth(cutoff, rate, order, 1.0)


def _butterworth(cutoff: float, rate: float, order: int, high: float) -> np.ndarray:
    """The cookbook's biquads of a Butterworth filter: ``high`` 1.0 a high-pass, -1.0 a
    low-pass (their numerators differ only in the sign of cos(w0) and of b1)."""
    w0 = 2.0 * np.pi * cutoff / rate
    rows = []
    for k in range(1, order // 2 + 1):
        alpha = np.sin(w0) * np.sin((2 * k - 1) * np.pi / (2 * order))  # sin(w0) / (2 Q)
        b = (1.0 + high * np.cos(w0)) / 2.0
        a0 = 1.0 + alpha
        rows.append(
            [b / a0, -2 * high * b / a0, b / a0, 1.0, -2.0 * np.cos(w0) / a0, (1 - alpha) / a0]
        )
    return np.array(rows)
