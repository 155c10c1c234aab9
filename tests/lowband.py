"""A voice's low band taken away, as a spectral-gating denoiser or a low cut takes it, for
tests/test_s009_gutted.py and benchmarks/gutted_voices.py."""

from __future__ import annotations

import numpy as np


def gate(x: np.ndarray, sr: int, cut_hz: float, db: float = -60.0) -> np.ndarray:
    """``x`` with every short-time Fourier bin under ``cut_hz`` brought ``db`` down (1024-point
    Hann frames a quarter apart, overlap-added back), as a gate whose noise estimate covered the
    voice's low band would leave it."""
    n, hop = 1024, 256
    window = np.hanning(n)
    pad = np.concatenate([np.zeros(n), x, np.zeros(n)])
    spec = np.fft.rfft(np.lib.stride_tricks.sliding_window_view(pad, n)[::hop] * window, axis=1)
    spec[:, np.fft.rfftfreq(n, 1 / sr) < cut_hz] *= 10 ** (db / 20)
    back = np.fft.irfft(spec, n, axis=1) * window
    out, norm = np.zeros(len(pad)), np.zeros(len(pad))
    for i, frame in enumerate(back):
        out[i * hop : i * hop + n] += frame
        norm[i * hop : i * hop + n] += window * window
    return (out / np.maximum(norm, 1e-9))[n : n + len(x)]


def high_pass(x: np.ndarray, sr: int, hz: float = 500.0) -> np.ndarray:
    """``x`` through an 8th-order Butterworth high-pass at ``hz``, forwards and back (scipy)."""
    from scipy.signal import butter, sosfiltfilt

    return sosfiltfilt(butter(8, hz, "highpass", fs=sr, output="sos"), x)
