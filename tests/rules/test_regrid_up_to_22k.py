"""A 22.05 kHz decode brought down to 16 kHz: its grid found on the 22.05 kHz lattice (issue 11).

Review 49a: Picovoice's 16 kHz voice samples, and a control made the same way (a recording
brought to 22.05 kHz, through LAME at 64 kbps, decoded, brought down to 16 kHz), read
inconclusive with no finding: 16 kHz files were searched on the 48 and 44.1 kHz lattices only,
and the resampler's filter hides the encoder's low-pass. Brought up to the 22.05 kHz lattice,
the decode's samples return up to the band the resampler removed, and with them MP3's zeros
(21 % against 0.6 % half a step off, on Picovoice's); so for FFmpeg's AAC, whose 22.05 kHz
encodes audiobooks and podcasts use. The same prompts brought down without the encode show
none.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint import api
from rules.test_fidelity_median_real import encode

soxr = pytest.importorskip("soxr")


def _at(x: np.ndarray, rate: int, new: int) -> np.ndarray:
    """``x`` resampled by python-soxr and rounded to 16 bits."""
    return np.round(np.clip(soxr.resample(x, rate, new), -1, 1) * 32767) / 32768


@needs_alsa
@pytest.mark.parametrize(
    ("name", "encoder", "fmt", "kbps", "named"),
    [
        ("Front_Left", "libmp3lame", "mp3", 64, "MP3"),
        ("Rear_Right", "libmp3lame", "mp3", 48, "MP3"),
        ("Side_Left", "aac", "adts", 48, "AAC"),
    ],
)
def test_a_22khz_decode_brought_to_16khz_is_found(
    tmp_path, run_rule, name, encoder, fmt, kbps, named
):
    x, sr = prompt(name)
    low = _at(x, sr, 22050)
    path = tmp_path / "voice16k.wav"
    sf.write(path, _at(encode(low, 22050, kbps, encoder, fmt), 22050, 16000), 16000)
    fid = api.inspect(path, read_config=False).fidelity
    grid = fid["resampled_grid"]
    assert fid["verdict"] == "lossy-origin" and grid["decided"] and grid["lattice_rate"] == 22050
    assert grid["codec"] == named
    [finding] = run_rule(path, "T001")
    assert f"decoded from lossy audio, most likely {named}: brought back to 22.05 kHz" in (
        finding.message
    )
    assert "decoded at 22.05 kHz, then resampled to 16 kHz" in finding.message

    genuine = tmp_path / "genuine16k.wav"
    sf.write(genuine, _at(low, 22050, 16000), 16000)
    assert run_rule(genuine, "T001") == []
