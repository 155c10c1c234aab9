"""T002: an interpolator's images about a lower rate's Nyquist frequency name the old rate.

Regression (85ac753): FFmpeg's swresample with ``filter_size=16`` leaves images above the old
Nyquist frequency N, and their own fall, further up, was read as a resampler's wall at a higher
standard rate: 8 kHz ALSA speech brought to 48 kHz read as upsampled from 11.025 kHz (the
level half-way down at 5.2 kHz and 35 dB down at 5.5125 kHz), while the band above 4 kHz
mirrors the band under it. On the real corpus's tune sources the same happened to FFmpeg's
24 -> 44.1 and 48 kHz copies (read 32 kHz) and SciPy's resample_poly (Kaiser, beta 10)
8 -> 48 kHz (read 11.025 kHz).
"""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import needs_alsa, prompt

from audiolint import api

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")


@needs_alsa
@needs_ffmpeg
@pytest.mark.parametrize("name", ["Front_Center", "Front_Left"])
def test_images_about_8k_are_not_read_as_an_11k_wall(tmp_path, name):
    x, sr = prompt(name)
    low = np.round(np.clip(soxr.resample(x, sr, 8000, quality="HQ"), -1, 1) * 32767) / 32768
    sf.write(tmp_path / "low.wav", low, 8000, subtype="PCM_16")
    up = tmp_path / "up.wav"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", tmp_path / "low.wav", "-af",
         "aresample=48000:filter_size=16", "-ar", "48000", "-c:a", "pcm_s16le", up],
        check=True,
    )  # fmt: skip
    fid = api.inspect(up, read_config=False).fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == 8000, fid["evidence"]
    assert "mirrors the band under it" in fid["evidence"][0]
