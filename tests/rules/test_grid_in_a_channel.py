"""A codec's grid that the channel mix hides is read in a channel (excerpt.searched).

Regression (review 2 NOTE): an MP3 decode with noise 30 dB down added to one channel read
"genuine": the mix holds the noise 36 dB under the decode, which fills the zeros LAME left, and
the grid searches read only the mix. They now read each channel where the mix holds no grid.
"""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint import api
from rules.test_fidelity_median_real import encode


@needs_alsa
def test_noise_in_one_channel_does_not_hide_an_mp3_grid(tmp_path):
    """PyAV's LAME at 192 kbps, ALSA's Front_Center: L = the decode, R = the decode + noise
    30 dB under its level, 16-bit: lossy-origin by MP3's grid, as L = R is."""
    x, sr = prompt("Front_Center")
    y = encode(x, sr, 192, "libmp3lame", "mp3")
    noise = np.random.default_rng(1).normal(0, np.std(y) * 10 ** (-30 / 20), len(y))
    path = tmp_path / "noisy.wav"
    sf.write(path, np.stack([y, y + noise], axis=1), sr, subtype="PCM_16")
    noisy = api.inspect(path, read_config=False)
    fid = noisy.fidelity
    [t001] = [f.message for f in noisy.findings if f.rule == "T001"]
    assert "MP3's 576-sample grid" in t001 and "in channel 1 alone" in t001  # says where
    assert fid["verdict"] == "lossy-origin"
    assert (fid.get("mp3_grid") or {}).get("found") is True
    assert fid["mp3_grid"]["channel"] == 0  # found in L alone, and the evidence says so
    assert any("measured in channel 1 alone" in line for line in fid["evidence"])
    clean = tmp_path / "clean.wav"  # found in the mix: no channel named
    sf.write(clean, np.stack([y, y], axis=1), sr, subtype="PCM_16")
    both = api.inspect(clean, read_config=False)
    fid = both.fidelity
    assert not any("alone" in f.message for f in both.findings)
    assert fid["mp3_grid"]["found"] and "channel" not in fid["mp3_grid"]
    assert not any("alone" in line for line in fid["evidence"])
