"""T001 on LAME 256-320 kbps decodes of a steep upsampler's copy: MP3's levels decide.

A 32 kHz source whose level goes on up to 16 kHz, brought to 44.1 kHz by SciPy's FFT resample,
falls half-way at 16 kHz within 43-65 Hz; a steep upsampler's wall with no codec's mark is
inconclusive (c21982b), and through LAME at 256-320 kbps the decode keeps that wall and too few
zeros for MP3's grid (an encoder with bits to spare). MP3's quantiser's levels still show: they
are read where the verdict is inconclusive on an edge under 3/4 of the Nyquist frequency too,
not only where it is upsampled (before: inconclusive, no T001). Real audio: csound's recorded
singer (csound-doc's singFemale.aif), encoded with PyAV's LAME.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import csound_example, needs_csound_doc
from rules.test_fidelity_median_real import encode
from rules.test_upsampled_lossy import inspect, needs, rules_of
from scipy import signal


@needs_csound_doc
@pytest.mark.parametrize("kbps", [256, 320])
def test_lame_over_a_steep_upsamplers_wall_is_found_on_its_levels(tmp_path, kbps):
    needs("libmp3lame")
    x, sr = sf.read(csound_example("singFemale.aif", tmp_path), dtype="float64", always_2d=True)
    low = soxr.resample(x.mean(axis=1), sr, 32000, quality="QQ")
    low = np.round(np.clip(low, -1, 1) * 32767) / 32768  # a 16-bit 32 kHz file
    up = signal.resample(low, len(low) * 44100 // 32000)
    report = inspect(tmp_path, "lame", encode(up, 44100, kbps, "libmp3lame", "mp3"), 44100)
    fid = report.fidelity
    assert 0.985 <= fid["cutoff_hz"] / 16000 <= 1.015  # the steep wall, kept by the decode
    assert fid["verdict"] == "lossy-origin" and fid["mp3_grid"]["decided"]
    assert fid["mp3_grid"]["level_z"] >= 10  # found on the levels, not the zeros
    assert "T001" in rules_of(report)
