"""T002 on a 48 kHz recording low-passed at 17-20 kHz: no resampler's wall at 44.1 kHz's N.

Review 42: SoX's and FFmpeg's 2-pole low-pass, SciPy's Butterworth and audiomentations'
LowPassFilter at 17-20 kHz of 48 kHz studio voices (VCTK), and the same voices pitched down,
read "upsampled from 44.1 kHz to 48 kHz" (28 of 80 low-passed copies). A slope that goes on
falling past N is no resampler's stop band (resampler.FALL_PAST), and a fall already under way
at 0.93 N, where a resampler's filter still holds its pass band, is named both ways
(upsampled.early_fall). The recording here is ALSA's 48 kHz prompt with a hiss 60 dB under
full scale, so that its band reaches 24 kHz, as a studio voice's does.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import needs_alsa, prompt
from scipy.signal import butter, sosfilt

from audiolint import api

EARLY = "or a low-pass filter, a pitch shift or a slow-down of a 48 kHz recording"


def _hissy(seed: int = 1) -> tuple[np.ndarray, int]:
    x, sr = prompt("Front_Center")
    return x + np.random.default_rng(seed).standard_normal(len(x)) * 1e-3, sr


def _t002(tmp_path, name: str, y: np.ndarray, sr: int):
    path = tmp_path / name
    sf.write(path, y, sr, subtype="PCM_16")
    [r] = api.check([path], select=("T002",)).files
    return r.fidelity.get("verdict"), [f for f in r.findings if f.rule == "T002"]


@needs_alsa
def test_a_gentle_low_pass_that_falls_on_through_n_is_no_resampler(tmp_path):
    """A 2-pole low-pass at 19 kHz still falls past 22.05 kHz: no wall, whatever the hiss (the
    parent read "upsampled from 44.1 kHz" on 3 of these 5)."""
    for seed in range(1, 6):
        x, sr = _hissy(seed)
        y = sosfilt(butter(2, 19000, fs=sr, output="sos"), x)
        verdict, found = _t002(tmp_path, f"lp2_{seed}.wav", y, sr)
        assert verdict != "upsampled" and found == [], seed


@needs_alsa
@pytest.mark.parametrize(("order", "cutoff"), [(4, 18000), (8, 19000)])
def test_a_fall_begun_under_093_n_names_a_filter_beside_the_upsampling(tmp_path, order, cutoff):
    """A 4- or 8-pole low-pass at 18-19 kHz reaches the floor by 22.05 kHz like a resampler's
    wall, but falls from well under 0.93 N: both causes are named, at a lower confidence."""
    x, sr = _hissy()
    y = sosfilt(butter(order, cutoff, fs=sr, output="sos"), x)
    path = tmp_path / "lp.wav"
    sf.write(path, y, sr, subtype="PCM_16")
    [r] = api.check([path], select=("T002",)).files
    [f] = [f for f in r.findings if f.rule == "T002"]
    assert EARLY in f.message and "either way nothing above 22.05 kHz is left" in f.message
    assert r.fidelity["confidence"] == 0.6
    assert r.fidelity["resampler_sag_db"] >= 0.125 * r.fidelity["resampler_drop_db"]


@needs_alsa
def test_a_true_upsampling_from_44k_is_named_alone(tmp_path):
    """libsoxr's 48 -> 44.1 -> 48 kHz round trip holds its pass band to 0.93 N: named alone."""
    x, sr = _hissy()
    y = soxr.resample(soxr.resample(x, sr, 44100), 44100, sr)
    verdict, [f] = _t002(tmp_path, "up.wav", y, sr)
    assert verdict == "upsampled" and EARLY not in f.message
    assert "upsampled from 44.1 kHz to 48 kHz; the extra samples add no detail" in f.message


STEEP = "or a steep low-pass filter of a 48 kHz recording"


@needs_alsa
def test_a_steep_low_pass_under_a_low_rates_n_names_the_filter_beside_the_upsampling(tmp_path):
    """Review 47b: SoX's `sinc -7000` on 44.1 kHz speech read "upsampled from 16 kHz" alone. A
    steep FIR low-pass whose stop band begins at 5 kHz (Kaiser window, 120 dB, 600 Hz wide)
    reaches the floor by 5.51 kHz, 11.025 kHz audio's N, as a resampler would, but has fallen
    nearly all its drop by 0.93 N, where a resampler's filter still holds its pass band: both
    causes are named. libsoxr's 48 -> 11.025 -> 48 kHz round trip of the same take is named
    alone."""
    from scipy.signal import fftconvolve, firwin, kaiserord

    x, sr = _hissy()
    taps, beta = kaiserord(120, 600 / (sr / 2))
    y = fftconvolve(x, firwin(taps | 1, 4700, window=("kaiser", beta), fs=sr), mode="same")
    verdict, [f] = _t002(tmp_path, "lp.wav", y, sr)
    assert verdict == "upsampled" and STEEP in f.message, f.message
    assert f.message.endswith("either way nothing above 5.51 kHz is left"), f.message
    y = soxr.resample(soxr.resample(x, sr, 11025), 11025, sr)
    verdict, [f] = _t002(tmp_path, "up.wav", y, sr)
    assert verdict == "upsampled" and STEEP not in f.message, f.message
    assert "upsampled from 11.025 kHz to 48 kHz; the extra samples add no detail" in f.message
