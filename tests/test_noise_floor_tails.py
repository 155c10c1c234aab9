"""S005 on reverb tails: a decaying echo after the last word is not background noise.

Game voice lines with a long echo effect (openarena's announcer and taunts, review 37) end in a
tail that falls steadily, 5-30 dB/s, until the file is cut; its quiet end was read as a "pause"
and S005 said "background noise at -36.8 dBFS". A pause's core that keeps falling for 0.4 s or
more is no longer read as a floor (analysis/noise.py, ``falling``), while noise under the same
tail still is.
"""

from __future__ import annotations

import numpy as np
import pytest
from realaudio import needs_alsa, prompt, tight
from scipy.signal import fftconvolve

from audiolint.analysis import noise


def floor(x: np.ndarray, sr: int) -> dict:
    """noise.measure on ``x``'s 20 ms frames."""
    n = int(noise.FRAME_S * sr)
    return noise.measure(np.mean(x[: len(x) // n * n].reshape(-1, n) ** 2, axis=1))


def tail(rt60: float, after_s: float, sr: int = 48000) -> np.ndarray:
    """ALSA's "Front left", cut tight, through a diffuse tail of ``rt60`` seconds (Gaussian noise
    under an exponential decay of 60 dB per rt60, after a direct sound), peaking at -3 dBFS and
    cut ``after_s`` seconds after the dry speech ends."""
    x, rate = prompt("Front_Left")
    assert rate == sr
    x = tight(x.astype(np.float64))
    t = np.arange(int(rt60 * sr)) / sr
    h = np.random.default_rng(1).standard_normal(len(t)) * 10 ** (-3 * t / rt60) * 0.05
    h[0] = 1.0
    y = fftconvolve(x, h)[: len(x) + int(after_s * sr)]
    return y / np.abs(y).max() * 10 ** (-3 / 20)


@needs_alsa
@pytest.mark.parametrize("rt60", [3.0, 4.0, 5.0])
def test_a_decaying_tail_is_no_floor(rt60):
    """Speech and its echo, cut 1.5 s after the last word: the tail falls 12-20 dB/s and is
    still above -50 dBFS when the file ends; no floor is read in it (before: -47.3, -39.1 and
    -31.8 dBFS, S005's "background noise")."""
    got = floor(tail(rt60, 1.5), 48000)
    assert got["noise_floor_dbfs"] is None or got["noise_floor_dbfs"] <= -50.0, got


@needs_alsa
@pytest.mark.parametrize("rt60", [1.0, 2.0])
@pytest.mark.parametrize("level", [-40.0, -45.0])
def test_noise_under_a_tail_is_still_read(rt60, level):
    """A tail of 1 or 2 s over white noise at -40 or -45 dBFS (RMS): the tail falls into the
    noise, which holds, and the floor reads the noise's level within 3 dB. (A longer tail that
    is still above the noise when the file ends leaves nothing to read the noise in.)"""
    y = tail(rt60, 1.5)
    w = np.random.default_rng(2).standard_normal(len(y)) * 10 ** (level / 20)
    got = floor(y + w, 48000)
    assert got["noise_floor_dbfs"] is not None, got
    assert abs(got["noise_floor_dbfs"] - level) < 3.0, got
