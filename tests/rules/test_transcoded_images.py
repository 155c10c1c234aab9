"""T001 beside an upsampler's images: the message says the codec and the wall, T002 the images.

Review 49a: a 16 kHz voice brought to 44.1 kHz by FFmpeg's default resampler, then through
FFmpeg's AAC at 192 kbps and decoded (a voice note upsampled before its upload). The AAC grid
decides T001; the upsampler's images are read beside it (resampler_codec.from_images), their
two sentences appended to the record's evidence, and T001 quoted the last sentence of that
evidence as the resampler's wall: "read about control points 1.5-3% off 16 kHz, none a
standard rate, the correlation is 0.01 at most...", a sentence about images, alone.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import needs_alsa, prompt, swresample

from rules.test_fidelity_median_real import encode

pytest.importorskip("av", reason="PyAV (a default dependency) runs FFmpeg's swresample")


@needs_alsa
@pytest.mark.parametrize("name", ["Front_Left", "Rear_Center"])
def test_t001_beside_images_quotes_the_wall_not_the_images(tmp_path, run_rule, name):
    x, sr = prompt(name)
    up = swresample(soxr.resample(x, sr, 16000), 16000, 44100)
    path = tmp_path / "note.wav"
    sf.write(path, np.clip(encode(up, 44100, 192, "aac", "adts"), -1, 1), 44100, "PCM_16")
    [images] = run_rule(path, "T002")
    assert images.data["upsampled_from"] == 16000 and "mirrors the band under it" in images.message
    [t001] = run_rule(path, "T001")
    assert t001.message.startswith("decoded from lossy audio, most likely AAC: ")
    assert "control points" not in t001.message and "mirrors" not in t001.message
    assert "8 kHz, the Nyquist frequency of 16 kHz audio, as a resampler's filter" in t001.message
