"""The voice analyser's transforms: each frame's power spectrum and autocorrelation, the spectrum's
band matrix, how far the band levels move between frames some lags apart, and the median of
those moves over chosen frames.

Kept apart from analysis/voice.py (which reads them) so that module stays a readable size.
"""

from __future__ import annotations

import functools

import numpy as np

from audiolint.analysis.comb import pocketfft
from audiolint.analysis.frames import row_means
from audiolint.analysis.quantile import median, percentile

# shape_peak_db: the stretches' 90th percentile, so that words fill a tenth of them
PEAK_PERCENTILE = 90.0


def autocorrelation(frames: np.ndarray, nfft: int) -> tuple[np.ndarray, np.ndarray]:
    """(power spectrum, circular autocorrelation) of each row, zero-padded to ``nfft``: numpy's
    ``rfft``/``irfft`` values, from scipy's compiled pocketfft where it loads (numpy 2 runs the
    same pocketfft code, bit for bit, with more fixed cost per call: a third of the time)."""
    fft = pocketfft()
    if fft is None:
        spec = np.fft.rfft(frames, nfft, axis=1)
        psd = spec.real**2 + spec.imag**2
        return psd, np.fft.irfft(psd, nfft, axis=1)
    padded = np.zeros((len(frames), nfft))
    padded[:, : frames.shape[1]] = frames
    spec = fft.r2c(padded, (1,), True, 0, None, 1)  # forward, unscaled, one thread
    # re*re + im*im into the real parts, the imaginary parts zeroed: the same float64 sums as
    # spec.real**2 + spec.imag**2, and the complex input the inverse transform takes
    parts = spec.view(np.float64)
    np.square(parts, out=parts)
    parts[:, 0::2] += parts[:, 1::2]
    psd = parts[:, 0::2].copy()
    parts[:, 1::2] = 0.0
    return psd, fft.c2r(spec, (1,), nfft, False, 2, None, 1)  # inverse, divided by nfft


@functools.lru_cache(maxsize=16)
def band_matrix(nfft: int, rate: float, bands: int, lo_hz: float, hi_hz: float) -> np.ndarray:
    """(bins, bands) weights: each of ``bands`` log-spaced bands' mean power over its rfft bins,
    between ``lo_hz`` and ``hi_hz`` (at most 0.48 of the rate); made once per FFT size and rate,
    read-only, shared by every file's analyser."""
    freqs = np.fft.rfftfreq(nfft, 1.0 / rate)
    edges = np.geomspace(lo_hz, min(hi_hz, 0.48 * rate), bands + 1)
    m = np.zeros((len(freqs), bands))
    for b in range(bands):
        inside = (freqs >= edges[b]) & (freqs < edges[b + 1])
        m[inside, b] = 1.0 / max(int(inside.sum()), 1)
    m.flags.writeable = False
    return m


def moves(before: np.ndarray, rows: np.ndarray, lag: int) -> tuple[np.ndarray, np.ndarray]:
    """Each of ``rows``' mean absolute change from the row ``lag`` before it, ``before`` holding
    the previous block's last rows (float32, NaN where no row stands ``lag`` before: the file's
    first rows), and the last ``lag`` rows to carry into the next block."""
    both = np.concatenate([before, rows])
    diff = row_means(np.abs(both[lag:] - both[:-lag]))
    move = np.full(len(rows), np.nan, np.float32)
    if len(diff):
        move[len(rows) - len(diff) :] = diff
    return move, both[-lag:]


def moved(move: np.ndarray, frames: np.ndarray, lag: int, least: int) -> float | None:
    """The median of ``move`` (each frame's move from the frame ``lag`` before, NaN where none
    stands there) over the frames in ``frames`` whose frame ``lag`` before is in it too, rounded
    to 0.01 dB; ``None`` under ``least`` such frames."""
    told = frames & np.isfinite(move)
    told[lag:] &= frames[:-lag]
    if told.sum() < least:
        return None
    return round(float(median(move[told])), 2)


def peak_moved(
    move: np.ndarray, frames: np.ndarray, lag: int, least: int, span: int
) -> float | None:
    """The 90th percentile of the :func:`moved` medians over stretches of ``span`` frames, one
    every half ``span`` (the last ending with the file), each with ``least`` frames or more to
    tell; ``None`` where none has. A stretch of words moves the shape as speech does even where
    the rest of the file (a tune after them) holds it still. Not the largest: the more stretches
    a long tune has, the likelier one moves as words do (an 82 s game tune: 2 of 68 over 4.5 dB),
    so words must fill a tenth of the stretches."""
    starts = list(range(0, max(1, len(move) - span + 1), max(1, span // 2)))
    if len(move) > span and starts[-1] != len(move) - span:
        starts.append(len(move) - span)
    told = [moved(move[i : i + span], frames[i : i + span], lag, least) for i in starts]
    told = [m for m in told if m is not None]
    return round(float(percentile(np.array(told), PEAK_PERCENTILE)), 2) if told else None
