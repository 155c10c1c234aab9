"""T001 on MP3 decodes of upsampled sources: the quantiser's levels where its zeros are too few.

Review 2 / issue 11: ALSA's "Front left" prompt brought to 22.05 kHz (SciPy's FFT resampler),
up to 44.1 kHz by ``resample_poly`` (Kaiser beta 5 or Hamming window), then through LAME at
192 kbps (PyAV) and decoded, read "upsampled" with no T001: with nothing above 11 kHz the
encoder has bits to spare, few coefficients of loud bands go to zero (0.7-0.8 % on MP3's grid
against the same half a granule off it), and the zeros' search finds no grid. Every coefficient
of a scale-factor band is still one of its quantiser's levels, so neighbouring lines share
magnitudes on the grid (about 10 %, against 2 % off it). The never-encoded upsample holds no
such levels: no grid, no T001.
"""

from __future__ import annotations

from math import gcd

import numpy as np
import pytest
import soundfile as sf
from realaudio import ALSA, needs_alsa, prompt
from scipy import signal

import audiolint
from audiolint.analysis import mp3grid
from audiolint.analysis.excerpt import Excerpt


def upsampled(window) -> np.ndarray:
    """ALSA's "Front left" at 22.05 kHz brought up to 44.1 kHz by ``resample_poly``."""
    x, sr = prompt("Front_Left")
    low = signal.resample(x.astype(np.float64), int(len(x) * 22050 / sr))
    g = gcd(22050, 44100)
    y = signal.resample_poly(low, 44100 // g, 22050 // g, window=window)
    return (0.5 * y / np.abs(y).max()).astype(np.float32)


@needs_alsa
@pytest.mark.parametrize("window", ["hamming", ("kaiser", 5.0)])
def test_a_lame_192k_decode_of_an_upsampled_prompt_is_lossy_origin(tmp_path, window):
    from rules.test_fidelity_median_real import encode

    whole = encode(upsampled(window), 44100, 192, "libmp3lame", "mp3")
    # the whole decode, searched (no decoders' offsets): the zeros find nothing, the levels do
    excerpt = Excerpt()
    excerpt.update((np.round(np.clip(whole, -1, 1) * 32767) / 32768).astype(np.float32)[:, None])
    searched = mp3grid.measure(excerpt.spans(), 44100, 16)
    assert searched["z"] < 10 and searched["level_z"] >= 10 and searched["found"]
    # cut 500 samples in (a clip sliced from the decode): its grid then sits at 124, off the
    # offsets whole decodes leave (mp3grid.STARTS), where the zeros at 48 find the whole decode
    # (z 10.3-10.9); the pipeline reads the levels there too
    dec = whole[500:]
    path = tmp_path / "dec.wav"
    sf.write(path, np.clip(dec, -1, 1), 44100, subtype="PCM_16")
    report = audiolint.inspect(path, read_config=False)
    grid = report.fidelity["mp3_grid"]
    assert grid["found"] is True and grid["z"] < 10  # the zeros alone find nothing...
    assert grid["level_z"] >= 10 and grid["level_share"] >= 2 * grid["off_grid_level_share"]
    assert report.fidelity["verdict"] == "lossy-origin"
    [t001] = [f for f in report.findings if f.rule == "T001"]
    assert "magnitude of a neighbouring one" in t001.message
    # the finding's data adds the levels' offset and shares; "offset" stays the zeros' (review 2 S3)
    assert t001.data["level_offset"] == grid["level_offset"]
    assert t001.data["level_share"] == grid["level_share"]
    assert t001.data["offset"] == grid["offset"] and t001.data["zero_share"] == grid["zero_share"]


@needs_alsa
@pytest.mark.parametrize("window", ["hamming", ("kaiser", 5.0)])
def test_the_upsample_itself_holds_no_levels(tmp_path, window):
    path = tmp_path / "up.wav"
    sf.write(path, upsampled(window), 44100, subtype="PCM_16")
    report = audiolint.inspect(path, read_config=False)
    grid = report.fidelity["mp3_grid"]
    # (Hamming's images reach past 3/4 of the Nyquist frequency: no levels' search there)
    assert grid["found"] is False and grid.get("level_z", 0) < 10
    assert not [f for f in report.findings if f.rule == "T001"]


@needs_alsa
def test_the_levels_are_searched_only_where_the_zeros_find_nothing():
    """An MP3 grid the zeros find keeps its record as it was (no level fields), and a search
    asked for zeros alone (reencode's, calibrated on them) never reads levels."""
    from rules.test_fidelity_median_real import encode

    x, sr = prompt("Front_Left")
    dec = encode(x, sr, 96, "libmp3lame", "mp3")
    excerpt = Excerpt()
    excerpt.update(np.round(np.clip(dec, -1, 1) * 32767)[:, None].astype(np.float32) / 32768)
    grid = mp3grid.measure(excerpt.spans(), sr, 16)
    assert grid["found"] is True and "level_share" not in grid
    quiet = upsampled("hamming")
    excerpt = Excerpt()
    excerpt.update(quiet[:, None])
    assert "level_share" not in mp3grid.measure(excerpt.spans(), 44100, 16, levels=False)


@needs_alsa
def test_a_genuine_file_pays_for_no_levels_search():
    """ALSA's prompt as recorded (48 kHz, nothing loud past 3/4 of its Nyquist frequency, no MP3
    grid) is not called upsampled, so the levels' search never runs on it (c312c3c: it costs a
    genuine short file about a fifth more fidelity CPU) and its record carries no level field."""
    report = audiolint.inspect(ALSA / "Front_Left.wav", read_config=False)
    assert report.fidelity["verdict"] != "upsampled"
    grid = report.fidelity["mp3_grid"]
    assert grid["found"] is False and "level_offset" not in grid, grid
