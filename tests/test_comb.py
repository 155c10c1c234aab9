"""The comb's autocorrelations: scipy's pocketfft extension and numpy's FFT (the fallback when
the extension cannot be loaded) find the same periods on real speech."""

import numpy as np
from realaudio import needs_alsa, prompt

from audiolint.analysis import comb


@needs_alsa
def test_period_is_the_same_through_either_fft(monkeypatch):
    x, sr = prompt("Front_Left")
    low = x[:: sr // 8000]  # about 8 kHz, as harmony frames it (its low-pass aside)
    n, hop = 320, 160
    frames = np.lib.stride_tricks.sliding_window_view(low, n)[::hop].astype(np.float64)
    frames = frames - frames.mean(axis=1, keepdims=True)
    assert comb.pocketfft() is not None  # the fast path is the one harmony runs here
    peak, lag = comb.period(frames, 13, 114)
    monkeypatch.setattr(comb, "pocketfft", lambda: None)
    peak_np, lag_np = comb.period(frames, 13, 114)
    voiced = peak >= 0.6
    assert voiced.sum() > 20  # a spoken prompt: many voiced frames
    assert np.array_equal(voiced, peak_np >= 0.6)
    np.testing.assert_allclose(peak, peak_np, atol=1e-5)
    np.testing.assert_allclose(lag[voiced], lag_np[voiced], atol=1e-3)
