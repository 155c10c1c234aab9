"""The comb's autocorrelations and the spectral second pitch: scipy's pocketfft extension and
numpy's FFT (the fallback when the extension cannot be loaded) find the same periods and pitches
on real speech."""

import numpy as np
from realaudio import needs_alsa, prompt, prompts

from audiolint.analysis import comb, multipitch


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


@needs_alsa
def test_the_second_pitch_is_the_same_through_either_fft(monkeypatch):
    x, sr = prompts(0.25)  # all eight: enough frames that one in a hundred is a frame or more
    search = multipitch.SecondPitch(8000.0)
    low = x[:: sr // 8000]
    frames = np.lib.stride_tricks.sliding_window_view(low, search.n)[::160]
    frames = frames[np.abs(frames).max(axis=1) > 0.05]  # the spoken part
    assert len(frames) > 300 and multipitch.pocketfft() is not None
    main, second, peaky, _ = search.frames(frames)
    monkeypatch.setattr(multipitch, "pocketfft", lambda: None)
    main_np, second_np, peaky_np, _ = search.frames(frames)
    # float32 and float64 spectra may pick another candidate where two score within rounding
    # (another CPU's FFT kernels): a frame in a hundred at most, and the rest the same
    same = (main == main_np) & (second == second_np)
    assert (~same).sum() <= 0.01 * len(frames), (~same).sum()
    np.testing.assert_allclose(peaky[same], peaky_np[same], rtol=1e-4)


class _Extension:
    """A pocketfft whose r2c/c2r changed: another signature, or the right one and wrong sums."""

    def __init__(self, wrong_signature: bool):
        self.wrong_signature = wrong_signature

    def r2c(self, a, axes, forward, inorm, out, nthreads, *, extra=None):
        if self.wrong_signature:
            raise TypeError("r2c() missing 1 required keyword-only argument: 'extra'")
        return np.fft.rfft(a, axis=axes[0]) * 2  # a changed scaling

    def c2r(self, a, axes, lastsize, forward, inorm, out, nthreads):
        return np.fft.irfft(a, lastsize, axis=axes[0])


def test_a_changed_extension_falls_back_to_numpy(monkeypatch):
    sr, n, hop = 8000, 320, 160
    t = np.arange(sr) / sr
    x = np.sin(2 * np.pi * 125 * t) + 0.5 * np.sin(2 * np.pi * 250 * t)  # a 64-sample period
    frames = np.lib.stride_tricks.sliding_window_view(x, n)[::hop]
    expected = comb.period(frames, 13, 114)  # through whichever FFT loads here
    for wrong_signature in (True, False):
        monkeypatch.setattr(comb, "scipy_extension", lambda name, w=wrong_signature: _Extension(w))
        comb.pocketfft.cache_clear()
        try:
            assert comb.pocketfft() is None  # the round trip found it changed
            peak, lag = comb.period(frames, 13, 114)
        finally:
            comb.pocketfft.cache_clear()
        assert (peak > 0.9).all()
        np.testing.assert_allclose(lag, 64.0, atol=1.0)
        np.testing.assert_allclose(peak, expected[0], atol=1e-5)
        np.testing.assert_allclose(lag, expected[1], atol=1e-3)
