"""T002 on a wide (low-quality) resampler filter, which keeps only 80-90 % of the old band.

Regression (issue 11, benchmarks/resampler_sweep.py's tune misses): libsoxr LQ from 8 and
11.025 kHz falls a quarter to three quarters of the way down over 0.081-0.082 of the old
Nyquist frequency N, and from 32 kHz over sloping speech 0.092-0.094, past the 0.08 a wide
wall was allowed (analysis/walls.py), so the copy was inconclusive or lossy-origin; and a
wide wall from 24 kHz, still on its way down at 11.025 kHz a few dB over the floor and
already falling at 0.93 of it, read 'upsampled from 22.05 kHz' (analysis/resampler.py).
Real speech: ALSA's prompts brought down with libsoxr HQ to 16-bit and up again with
libsoxr LQ (python-soxr).
"""

from __future__ import annotations

import numpy as np
import pytest
import soxr
from realaudio import needs_alsa

from rules.test_upsampled_images import speech
from rules.test_upsampled_lossy import inspect


def copy(x: np.ndarray, sr: int, old: int, new: int) -> np.ndarray:
    """``x`` at ``old`` Hz as 16-bit samples, brought up to ``new`` by libsoxr LQ."""
    low = np.round(np.clip(soxr.resample(x, sr, old, quality="HQ"), -1, 1) * 32767) / 32768
    return soxr.resample(low, old, new, quality="LQ")


@needs_alsa
@pytest.mark.parametrize("old", [8000, 32000])
def test_soxr_lq_is_upsampled_from_the_old_rate(tmp_path, old):
    """From 8 kHz: inconclusive before; from 32 kHz, where speech slopes down across the
    wall (0.092 of N): 'lossy-origin', a T001 false alarm, before."""
    x, sr = speech()
    report = inspect(tmp_path, "lq", copy(x, sr, old, 44100), 44100)
    assert report.fidelity["upsampled_from"] == old
    assert "T001" not in {f.rule for f in report.findings}
    [t002] = [f for f in report.findings if f.rule == "T002"]
    assert f"upsampled from {old / 1000:g} kHz to 44.1 kHz" in t002.message


@needs_alsa
def test_soxr_lq_from_24k_at_minus_10_db_names_24k_not_22k(tmp_path):
    x, sr = speech()
    report = inspect(tmp_path, "lq24k", copy(0.3 * x, sr, 24000, 44100), 44100)
    assert report.fidelity["upsampled_from"] == 24000
    [t002] = [f for f in report.findings if f.rule == "T002"]
    assert "upsampled from 24 kHz to 44.1 kHz" in t002.message
