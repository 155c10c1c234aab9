"""T002 on a wavelet denoiser's output: the images a 2x upsampler leaves, with another cause.

A discrete wavelet transform splits the band in halves again and again (at a half, a quarter,
an eighth of the rate), each half critically sampled; its synthesis cancels each split's
aliasing only while both halves are intact. A denoiser that shrinks the upper half's
coefficients to zero where they are small (FFmpeg's ``afwtdn``) leaves there the lower half's
aliasing: the band under the split mirrored above it, as a 2x interpolator's images. On
benchmarks/processed.py's real recordings, ``afwtdn=sigma=-45dB`` drew T002 on 16 of 40 files
(the old rate read at half or an eighth of the file's). The measurement is right, the band above
holds copies of the band under it, but "upsampled" is not the only cause, so at a rate doubled
once or more the message names both. Real audio: ALSA's recorded prompts through a Haar wavelet
denoiser written here (one level, its detail coefficients soft-thresholded at -35 dB).
"""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import PROMPTS, needs_alsa, prompt

import audiolint


def haar_denoised(x: np.ndarray, levels: int, threshold: float) -> np.ndarray:
    """``x`` through a ``levels``-level Haar wavelet transform whose detail coefficients are
    soft-thresholded at ``threshold``, and back."""
    n = len(x) - len(x) % 2**levels
    a, details = x[:n].copy(), []
    for _ in range(levels):
        d = (a[0::2] - a[1::2]) / np.sqrt(2)
        a = (a[0::2] + a[1::2]) / np.sqrt(2)
        details.append(np.sign(d) * np.maximum(np.abs(d) - threshold, 0.0))
    for d in reversed(details):
        y = np.empty(2 * len(a))
        y[0::2], y[1::2] = (a + d) / np.sqrt(2), (a - d) / np.sqrt(2)
        a = y
    return a


@needs_alsa
def test_a_wavelet_denoisers_aliasing_is_reported_with_both_causes(tmp_path):
    parts = [prompt(name) for name in PROMPTS[:3]]
    x, sr = np.concatenate([p for p, _ in parts]), parts[0][1]
    x = 0.5 * x / np.abs(x).max()
    path = tmp_path / "denoised.wav"
    sf.write(path, haar_denoised(x, 1, 10 ** (-35 / 20)), sr, subtype="PCM_16")
    [f] = [f for f in audiolint.inspect(path, read_config=False).findings if f.rule == "T002"]
    assert f.data["upsampled_from"] == 24000 and f.data["image_near"] is False
    assert "the band above 12 kHz, the Nyquist frequency of 24 kHz audio, mirrors" in f.message
    said = "upsampled from 24 kHz to 48 kHz, or aliasing left by a process that splits the band"
    assert said in f.message
    assert "FFmpeg's afwtdn" in f.message and "holds copies of the band under it" in f.message
    # the prompts as they are: no finding
    plain = tmp_path / "plain.wav"
    sf.write(plain, x, sr, subtype="PCM_16")
    assert not [f for f in audiolint.inspect(plain, read_config=False).findings if f.rule == "T002"]
