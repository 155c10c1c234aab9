"""T001 stays silent on a steep upsampler's wall at 16 kHz; LAME's own wall there is still found.

Regression (issue 11, session 14 H1): 32 kHz audio whose level goes on up to 16 kHz (a gentle
downsampler made it) brought to 44.1 or 48 kHz by a steep upsampler (SciPy's FFT ``resample``,
SoX ``rate -v -s``, swresample ``filter_size=64``) falls half-way at 0.985-1.012 of 16 kHz within
25-95 Hz, held in every loud frame. That is where LAME's low-pass stands at 112-128 kbps, and
narrower than the 250 Hz that told a resampler's wall from a codec's, so never-encoded copies
read "MP3 around 112-128 kbps". With no codec's mark (no empty cells, a steady band above, no
grid) such a wall is inconclusive; an MP3 decode's grid still decides. Real audio: the committed
humming glass (tests/data/ambi_haunted_hum.flac, CC0) and ALSA's prompts, encoded with PyAV.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import needs_alsa
from rules.test_fidelity_median_real import encode
from rules.test_upsampled_images import speech
from rules.test_upsampled_lossy import inspect, needs, rules_of
from scipy import signal

HUM = Path(__file__).parent / "data" / "ambi_haunted_hum.flac"


@pytest.mark.parametrize("new", [44100, 48000])
def test_a_steep_upsamplers_wall_at_16_khz_is_not_called_mp3(tmp_path, new):
    """The humming glass brought to 32 kHz by soxr's quick filter (its level goes on to 16 kHz),
    then to ``new`` by SciPy's FFT resample: no T001 (before: "MP3 around 112-128 kbps")."""
    x, sr = sf.read(HUM, dtype="float64")
    low = soxr.resample(x, sr, 32000, quality="QQ")
    low = np.round(np.clip(low, -1, 1) * 32767) / 32768  # a 16-bit 32 kHz file
    report = inspect(tmp_path, "fft", signal.resample(low, len(low) * new // 32000), new)
    fid = report.fidelity
    assert 0.98 <= fid["cutoff_hz"] / 16000 <= 1.015 and fid["width_hz"] < 250  # the steep wall
    assert "T001" not in rules_of(report)
    assert fid["verdict"] in ("inconclusive", "upsampled")
    if fid["verdict"] == "inconclusive":
        assert "as a steep resampler's filter does there" in fid["evidence"][-1]


@needs_alsa
def test_lames_narrow_wall_at_16_khz_is_still_lossy_origin(tmp_path):
    """LAME at 112 kbps in stereo on 48 kHz speech stops half-way at 15.9 kHz within about
    200 Hz, held, with few empty cells and a steady band above: the same wall as a steep
    resampler's. MP3's grid is in the samples and decides: T001 stays."""
    needs("libmp3lame")
    x, sr = speech()
    report = inspect(tmp_path, "lame112", encode(x, sr, 112, "libmp3lame", "mp3", 2), sr)
    fid = report.fidelity
    assert 0.98 <= fid["cutoff_hz"] / 16000 <= 1.015 and fid["width_hz"] < 250
    assert fid["verdict"] == "lossy-origin" and fid["mp3_grid"]["found"]
    assert "T001" in rules_of(report)
