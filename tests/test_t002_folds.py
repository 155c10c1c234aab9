"""T002 on 16 kHz sources in 48 kHz files: named 16 kHz, whatever downsampler made them.

32 kHz audio brought to 48 kHz by a hold or linear interpolation holds images that fold back from
above 24 kHz to 16 - f kHz, mirrored about 8 kHz as a 16 kHz source's images are, so such copies
read 16 kHz (a known wrong rate: benchmarks/resampler_sweep.py's libsamplerate ZOH 32 -> 48 kHz).
ac3976a/cef68cd named the multiple (32 kHz) where the level did not fall into 8 kHz; review 1 M1
showed that a 16 kHz source made by a downsampler that cuts gently or aliases (SciPy's
resample_poly with a Hann window, sox rate -q, FFmpeg's swr) leaves its level going on across 8 kHz
just the same, and 30 of 168 such copies were named 32 kHz. Reverted; this keeps the case.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import PROMPTS, needs_alsa, prompt
from rules.test_upsampled_images import hold, linear
from scipy import signal


@needs_alsa
@pytest.mark.parametrize("interpolate", [hold, linear])
def test_a_gently_downsampled_16_khz_source_is_named_16_khz(tmp_path, run_rule, interpolate):
    parts = [prompt(name) for name in PROMPTS[:3]]
    x, sr = np.concatenate([p for p, _ in parts]), parts[0][1]
    assert sr == 48000
    low = signal.resample_poly(x, 1, 3, window="hann")  # 48 -> 16 kHz, a gentle cut at 8 kHz
    low = np.round(np.clip(low, -1, 1) * 32767) / 32768
    sf.write(tmp_path / "up.wav", interpolate(low, 16000, 48000), 48000, subtype="PCM_16")
    [f] = run_rule(tmp_path / "up.wav", "T002")
    assert f.data["upsampled_from"] == 16000
    assert "upsampled from 16 kHz to 48 kHz" in f.message
