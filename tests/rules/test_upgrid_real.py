"""An MP3 decoded at 16 or 22.05 kHz, then upsampled (issue 11): found on the old rate's lattice.

ALSA's recorded prompts brought to 22.05 kHz by soxr, through LAME at 64 kbps (PyAV), decoded,
then upsampled by soxr to 44.1 or 48 kHz and rounded to 16 bits. LAME's 10 kHz low-pass stands
under 22.05 kHz audio's Nyquist frequency, so no resampler's wall shows and the verdict was
inconclusive: no finding at all. On the 22.05 kHz lattice the decode's samples return, and with
them MP3's zeros. The same prompts upsampled without the encode show none.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint import api
from rules.test_fidelity_median_real import encode


def _up(x: np.ndarray, rate: int, new: int) -> np.ndarray:
    soxr = pytest.importorskip("soxr")
    return np.round(np.clip(soxr.resample(x, rate, new), -1, 1) * 32767) / 32768


@needs_alsa
@pytest.mark.parametrize(
    ("name", "old", "kbps", "new"),
    [
        ("Rear_Center", 22050, 64, 44100),
        ("Side_Left", 22050, 64, 48000),
        ("Front_Left", 16000, 32, 48000),
    ],  # fmt: skip
)
def test_t001_names_an_mp3_decoded_at_a_low_rate_and_upsampled(
    tmp_path, run_rule, name, old, kbps, new
):
    x, sr = prompt(name)
    low = _up(x, sr, old)
    path = tmp_path / "up.wav"
    sf.write(path, _up(encode(low, old, kbps, "libmp3lame", "mp3"), old, new), new)
    fid = api.inspect(path, read_config=False).fidelity
    grid = fid["upsampled_grid"]
    assert fid["verdict"] == "lossy-origin" and grid["decided"] and grid["lattice_rate"] == old
    assert grid["zero_share"] >= 5 * grid["off_grid_share"]
    [finding] = run_rule(path, "T001")
    assert finding.message.startswith("decoded from lossy audio, most likely MP3: brought back to ")
    assert f"decoded at {old / 1000:g} kHz, then upsampled" in finding.message

    genuine = tmp_path / "genuine.wav"
    sf.write(genuine, _up(low, old, new), new)
    fid = api.inspect(genuine, read_config=False).fidelity
    assert not (fid.get("upsampled_grid") or {}).get("found")
    assert run_rule(genuine, "T001") == []
