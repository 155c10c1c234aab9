"""T001 finds a Vorbis decode at 8-24 kHz by its codec grid (session 30's audit: 0 of 149
Flatforward's fillets-ng voice lines, 64 kbps Vorbis at 22.05 kHz decoded to WAV, were found;
"inconclusive"). libvorbis codes shorter blocks under 26 kHz (lib/modes/setup_*.h: long blocks of
1024 samples at 15-26 kHz, 512 under 15 kHz), so a 22.05 kHz decode's MDCT grid is 512 samples,
not the 2048-sample blocks' 1024 searched from 32 kHz up. ALSA's recorded prompts, brought down
by scipy's polyphase filter, through libvorbis (libsndfile's encoder) and decoded; the same
prompts not encoded read no grid."""

from __future__ import annotations

from math import gcd

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompts
from scipy.signal import resample_poly

import audiolint


def _grid(path) -> dict:
    report = audiolint.check(path, select=["T001"], cache_dir=None, read_config=False)
    [f] = report.files
    return {**(f.fidelity or {}).get("codec_grid", {}), "t001": [p.rule for p in f.findings]}


@needs_alsa
@pytest.mark.parametrize("rate,hop", [(22050, 512), (16000, 512), (11025, 256), (8000, 256)])
def test_a_vorbis_decode_at_a_low_rate_is_found(tmp_path, rate, hop):
    x, sr = prompts(0.3)
    g = gcd(rate, sr)
    low = np.clip(resample_poly(x, rate // g, sr // g), -1, 1) * 0.5
    sf.write(tmp_path / "genuine.wav", low, rate, subtype="PCM_16")
    sf.write(tmp_path / "v.ogg", low, rate, format="OGG", subtype="VORBIS", compression_level=0.6)
    decoded, _ = sf.read(tmp_path / "v.ogg", dtype="float32")
    sf.write(tmp_path / "decoded.wav", decoded, rate, subtype="PCM_16")
    found = _grid(tmp_path / "decoded.wav")
    assert found["found"] and found["codec"] == "Vorbis" and found["hop"] == hop
    assert found["t001"] == ["T001"]
    genuine = _grid(tmp_path / "genuine.wav")
    assert not genuine.get("found") and genuine["t001"] == []
