"""T002 on real speech through wide resampler filters and faint 44.1 -> 48 kHz walls (issue 11).

Regressions found by benchmarks/resampler_sweep.py (tune half): libsoxr LQ, SoX ``rate -l``
and libsamplerate's sinc_fastest keep only 80-90 % of the old band, so their wall falls
half-way at 0.86-0.94 N, under the 0.94 N a steep filter's does: such copies were missed, and
from 24 kHz read as 22.05 kHz. A 44.1 -> 48 kHz wall whose content under it is faint held in
fewer than 80 % of the loud frames and was left inconclusive although the band past 22.05 kHz
stays empty in every frame (FFmpeg's AAC, whose wall stands there too, lets content through in
some: tests/rules/test_transcoded.py).
"""

from __future__ import annotations

import numpy as np
import pytest
import samplerate
import soundfile as sf
import soxr
from realaudio import PROMPTS, csound_example, needs_alsa, needs_csound_doc, prompt

from audiolint import api
from audiolint.analysis import walls
from rules.test_upsampled_precision import _candidate


def _speech(old: int) -> np.ndarray:
    """Four ALSA prompts brought down to ``old`` Hz by libsoxr HQ, as 16-bit samples."""
    x = np.concatenate([prompt(n)[0] for n in PROMPTS[:4]])
    low = soxr.resample(x, 48000, old, quality="HQ")
    return np.round(np.clip(low, -1, 1) * 32767) / 32768


@needs_alsa
@pytest.mark.parametrize(
    ("old", "new", "how"),
    [(16000, 44100, "soxr-LQ"), (24000, 44100, "soxr-LQ"), (24000, 44100, "sinc_fastest"),
     (8000, 48000, "sinc_fastest")],
)  # fmt: skip
def test_a_wide_filters_wall_is_found_at_its_old_rate(old, new, how):
    x = _speech(old)
    if how == "soxr-LQ":
        up = soxr.resample(x, old, new, quality="LQ")
    else:
        up = samplerate.resample(x, new / old, how)
    found = _candidate(np.round(up * 32767) / 32768, new, None)
    assert found is not None and found["rate"] == old, found
    assert found["position"] < 0.94  # the half-way point a steep filter's test refuses


@needs_alsa
def test_a_steep_filters_wall_is_read_as_before():
    """libsoxr VHQ from 22.05 kHz: a steep wall, read by the steep test (half-way at 0.94 N
    or over), and not moved to 24 kHz."""
    found = _candidate(soxr.resample(_speech(22050), 22050, 44100, quality="VHQ"), 44100, None)
    assert found["rate"] == 22050 and found["position"] >= 0.94


@needs_csound_doc
def test_a_faint_44k_wall_that_stays_empty_past_n_is_upsampled(tmp_path, run_rule):
    """csound's drum loop (44.1 kHz), 10 dB down, up to 48 kHz by libsoxr HQ: the cymbals
    under 22.05 kHz are faint, so the 20 dB edge holds in 79 % of the loud frames (under the
    80 % asked), but nothing rises past 22.05 kHz in any of them. Was inconclusive."""
    x, sr = sf.read(csound_example("drumsMlp.wav", tmp_path), always_2d=True)
    x = x.mean(axis=1)[: 6 * sr]
    up = soxr.resample(x * 0.3 / np.abs(x).max(), sr, 48000, quality="HQ")
    sf.write(tmp_path / "up.wav", up, 48000, subtype="PCM_16")
    fid = api.inspect(tmp_path / "up.wav", read_config=False).fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == 44100, fid["evidence"]
    assert fid["held"] < 0.8 and "rises at most" in fid["evidence"][-1]
    [finding] = run_rule(tmp_path / "up.wav", "T002")
    assert finding.data["upsampled_from"] == 44100


def test_rise_past_tells_a_frame_that_lets_content_through():
    """rise_past: the band past N at its floor in every loud frame reads near 0 dB; one loud
    frame with content there reads its rise."""
    band_lo = np.arange(256) * 93.75
    rng = np.random.default_rng(1)
    bands = np.full((40, 256), 1e-9) * (1 + 0.1 * rng.random((40, 256)))
    under = (band_lo >= 0.86 * 22050) & (band_lo < 0.93 * 22050)
    bands[::2, under] = 1e-5  # loud frames under N
    assert walls.rise_past(bands, band_lo, 22050, 24000) < 1.0
    bands[4, band_lo >= 1.01 * 22050] = 1e-6
    assert walls.rise_past(bands, band_lo, 22050, 24000) == pytest.approx(30.0, abs=1.0)
    assert walls.rise_past(bands[:10], band_lo, 22050, 24000) is None  # too few loud frames
