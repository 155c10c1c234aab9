"""T001 on LAME 320 kbps decodes of an upsampled source: MP3's whole levels decide.

A recorded singer (csound-doc's singFemale.aif) brought down to 22.05 kHz and up again to
44.1 kHz by soxr has nothing above 11 kHz; LAME at 320 kbps then has bits to spare,
quantises finely and leaves too few zeros or repeated levels for MP3's grid searches: such
decodes were called upsampled, not lossy (upsampled_encodes.py, LAME 256-320k). Their
coefficients, taken on a whole LAME decode's granule grid, still sit on whole levels of one step
a scale-factor band (:mod:`audiolint.analysis.mp3lattice`); the upsample itself, never encoded,
does not. Encoded with PyAV's LAME.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import csound_example, needs_csound_doc
from rules.test_fidelity_median_real import encode
from rules.test_upsampled_lossy import inspect, needs, rules_of


def _upsampled(tmp_path) -> np.ndarray:
    x, sr = sf.read(csound_example("singFemale.aif", tmp_path), dtype="float64", always_2d=True)
    low = soxr.resample(x.mean(axis=1), sr, 22050, quality="VHQ")
    low = np.round(np.clip(low, -1, 1) * 32767) / 32768  # a 16-bit 22.05 kHz file
    return soxr.resample(low, 22050, 44100, quality="HQ")


@needs_csound_doc
@pytest.mark.parametrize("kbps", [320])
def test_lame_of_an_upsampled_singer_is_found_on_whole_levels(tmp_path, kbps):
    needs("libmp3lame")
    y = encode(_upsampled(tmp_path), 44100, kbps, "libmp3lame", "mp3")
    fid = inspect(tmp_path, "lame", y, 44100).fidelity
    assert fid["verdict"] == "lossy-origin" and fid["mp3_grid"]["decided"]
    assert fid["mp3_grid"]["lattice_z"] >= 10  # not found on zeros nor on repeated levels
    assert fid["mp3_grid"].get("level_z", 0) < 10 and fid["mp3_grid"]["z"] < 10


@needs_csound_doc
def test_the_upsample_never_encoded_sits_on_no_ladder(tmp_path):
    report = inspect(tmp_path, "up", _upsampled(tmp_path), 44100)
    grid = report.fidelity.get("mp3_grid") or {}
    assert not grid.get("found") and grid.get("lattice_z", 0) < 5
    assert report.fidelity["verdict"] == "upsampled" and "T001" not in rules_of(report)
