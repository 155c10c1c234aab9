"""T002: a steep filter's fall half-way down at 0.985-1.0 of the old Nyquist frequency N, or
a brick wall's at N itself, read a bin or two past it.

Regression: the fall had to be half-way down by 0.985 N. SciPy's FFT resampling and SoX
``rate -v -s`` cut so close to N that at an 8 kHz rate in a 44.1 kHz file (a bin is 0.005 N)
the half-way point reads 0.985-0.991 N: ALSA's prompts brought down to 8 or 16 kHz and up
with ``scipy.signal.resample`` read inconclusive ('content stops at 3.9 kHz, 56 dB down').
A fall that late now counts at full depth only, on the floor by 1.03 N.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import csound_example, needs_alsa, needs_csound_doc, prompt
from scipy import signal

from audiolint import api


@needs_alsa
@pytest.mark.parametrize(("name", "old"), [("Front_Left", 8000), ("Side_Left", 16000)])
def test_fft_resampling_is_upsampled(tmp_path, name, old):
    x, sr = prompt(name)
    low = np.round(np.clip(soxr.resample(x, sr, old, quality="HQ"), -1, 1) * 32767) / 32768
    up = signal.resample(low, int(len(low) * 44100 / old))
    path = tmp_path / "up.wav"
    sf.write(path, np.clip(up, -1, 1), 44100, subtype="PCM_16")
    fid = api.inspect(path, read_config=False).fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == old, fid["evidence"]
    assert fid["resampler_position"] > 0.98


@needs_csound_doc
def test_a_brick_wall_at_22_05_khz_is_upsampled(tmp_path):
    """44.1 -> 48 kHz through ``scipy.signal.resample``: the wall stands at 22.05 kHz itself, and
    the Hann window's main lobe spreads it so that it reads half-way down one to two bins past
    N (1.001-1.0023 N); at most 1.0 N counted, and csound's oboe read inconclusive."""
    x, sr = sf.read(csound_example("oboe.aiff", tmp_path), dtype="float64", always_2d=True)
    assert sr == 44100
    path = tmp_path / "up.wav"
    up = signal.resample(x[: 6 * sr], 6 * 48000, axis=0)
    sf.write(path, np.clip(up, -1, 1), 48000, subtype="PCM_16")
    fid = api.inspect(path, read_config=False).fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == 44100, fid["evidence"]
    assert fid["resampler_position"] > 1.0


@needs_alsa
def test_a_deep_brick_walls_leakage_past_n_still_counts_as_the_floor(tmp_path):
    """ALSA's Noise prompt at full level, down to 11.025 kHz and up to 48 kHz through
    ``scipy.signal.resample``: an 82 dB wall half-way down at 0.986 N, whose leakage through the
    analysis window still stands 4.7 dB over the floor at 1.03 N (3 dB allowed: inconclusive
    at 529cba0). Within a tenth of the drop of the floor now counts as reached."""
    x, sr = prompt("Noise")
    x = 0.99 * x / np.abs(x).max()
    low = np.round(np.clip(soxr.resample(x, sr, 11025, quality="HQ"), -1, 1) * 32767) / 32768
    up = signal.resample(low, int(len(low) * 48000 / 11025))
    path = tmp_path / "up.wav"
    sf.write(path, np.clip(up, -1, 1), 48000, subtype="PCM_16")
    fid = api.inspect(path, read_config=False).fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == 11025, fid["evidence"]
    assert fid["resampler_position"] > 0.985 and fid["resampler_drop_db"] > 75
