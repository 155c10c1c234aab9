"""T001 stays silent on float copies of 8 kHz speech brought up by soxr; AAC decodes of them are
still found.

Regression (issue 11, review 38): 8 kHz telephone prompts brought to 40 or 48 kHz as float32 by
SoX or soxr read "decoded from lossy audio, most likely AAC" on 22 of 330 files: over the 4 kHz
wall lies the resampler's stop band, whose residue hovers about the grid search's loud-band
threshold, and a few of its bands are loud, half their coefficients at the rounding noise, at
some offsets only. Zeros are now counted under a wall 45 dB deep or more
(:func:`audiolint.analysis.zerocount.counted_under`); an encoder spends no bits over it.
Real recordings: ALSA's prompt and Asterisk's French prompt (a GSM 6.10 voice) that read so.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import asterisk_fr, needs_alsa, needs_asterisk_fr, prompt
from rules.test_fidelity_median_real import encode
from rules.test_upsampled_lossy import needs, rules_of

import audiolint
from audiolint.analysis.zerocount import WALL_DB


def _write(tmp_path, name: str, y: np.ndarray, rate: int):
    path = tmp_path / f"{name}.wav"
    sf.write(path, y.astype(np.float32), rate, subtype="FLOAT")
    return audiolint.inspect(path, read_config=False)


def _rear_right_8k() -> np.ndarray:
    x, sr = prompt("Rear_Right")
    lo = soxr.resample(x, sr, 8000, "VHQ")
    return np.round(lo * 32767) / 32767  # a 16-bit 8 kHz file, as telephone prompts are kept


def _sources():
    return {"alsa": _rear_right_8k, "asterisk": lambda: asterisk_fr("vm-passchanged")[0]}


@needs_alsa
@needs_asterisk_fr
@pytest.mark.parametrize("source", ["alsa", "asterisk"])
def test_a_float_upsample_of_8_khz_speech_is_not_called_aac(tmp_path, source):
    """soxr's very-high-quality filter, 8 -> 48 kHz, float32: no T001 (before: "most likely
    AAC", z 12.5 on AAC's grid, its zeros in bands at 4.1-7.5 kHz over a 97-104 dB wall);
    T002 names 8 kHz."""
    report = _write(
        tmp_path, source, soxr.resample(_sources()[source](), 8000, 48000, "VHQ"), 48000
    )
    fid = report.fidelity
    assert fid["depth_db"] >= WALL_DB and abs(fid["cutoff_hz"] - 3900) < 150  # the resampler's wall
    assert "T001" not in rules_of(report)
    grid = fid["codec_grid"]
    assert grid is not None and not grid["found"]
    assert "T002" in rules_of(report) and fid.get("upsampled_from") == 8000


@needs_alsa
@needs_asterisk_fr
@pytest.mark.parametrize("source", ["alsa", "asterisk"])
def test_an_aac_decode_of_that_upsample_is_still_found(tmp_path, source):
    """The same upsample through FFmpeg's AAC at 96 kbps (PyAV), decoded to float32: AAC's grid
    is found. Over ALSA's voice the wall stays WALL_DB deep or more, so the grid is found in the
    coefficients under it alone (the coder's noise fills the French voice's stop band to 35 dB)."""
    needs("aac")
    up = soxr.resample(_sources()[source](), 8000, 48000, "VHQ")
    report = _write(tmp_path, f"{source}-aac", encode(up, 48000, 96, "aac", "adts"), 48000)
    fid = report.fidelity
    assert fid["depth_db"] >= WALL_DB if source == "alsa" else fid["depth_db"] < WALL_DB
    assert fid["codec_grid"]["found"] and fid["codec_grid"]["codec"] == "AAC"
    assert "T001" in rules_of(report)
