"""T001 on LAME 320 kbps decodes of an upsampled source: MP3's whole levels decide.

A recorded singer (csound-doc's singFemale.aif) brought down to 22.05 (24) kHz and up again
to 44.1 (48) kHz by soxr has nothing above 11 (12) kHz; LAME at 320 kbps then has bits to spare,
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

from audiolint.analysis import codecgrid, mp3lattice


def _upsampled(tmp_path, old: int, new: int) -> np.ndarray:
    x, sr = sf.read(csound_example("singFemale.aif", tmp_path), dtype="float64", always_2d=True)
    low = soxr.resample(x.mean(axis=1), sr, old, quality="VHQ")
    low = np.round(np.clip(low, -1, 1) * 32767) / 32768  # a 16-bit file at the old rate
    return soxr.resample(low, old, new, quality="HQ")


@needs_csound_doc
@pytest.mark.parametrize(("old", "new"), [(22050, 44100), (24000, 48000)])
def test_lame_320k_of_an_upsampled_singer_is_found_on_whole_levels(tmp_path, old, new):
    needs("libmp3lame")
    y = encode(_upsampled(tmp_path, old, new), new, 320, "libmp3lame", "mp3")
    fid = inspect(tmp_path, "lame", y, new).fidelity
    assert fid["verdict"] == "lossy-origin" and fid["mp3_grid"]["decided"]
    grid = fid["mp3_grid"]  # found on whole levels, counted or weighed...
    assert max(grid["lattice_z"], grid["closeness_z"]) >= 10
    # ...not on zeros nor on repeated levels (counted under the wall the upsample left since
    # c3a7587, the 22.05 kHz copy's repeated levels reach z 10.2, short of the other tests)
    assert grid["z"] < 10 and grid.get("level_z", 0) < (11 if old == 22050 else 10)
    assert grid.get("lattice_share") is not None  # the lattice was read: no earlier search did


@needs_csound_doc
@pytest.mark.parametrize(("old", "new"), [(22050, 44100), (24000, 48000)])
def test_the_upsample_never_encoded_sits_on_no_ladder(tmp_path, old, new):
    report = inspect(tmp_path, "up", _upsampled(tmp_path, old, new), new)
    grid = report.fidelity.get("mp3_grid") or {}
    assert not grid.get("found") and max(grid["lattice_z"], grid["closeness_z"]) < 5
    assert report.fidelity["verdict"] == "upsampled" and "T001" not in rules_of(report)


@pytest.mark.parametrize("period", [441, 576])
def test_a_steady_tone_or_buzz_sits_on_any_offset_alike(period):
    """A signal that repeats itself (a 100 Hz tone; a sawtooth of one granule's period) reads
    as close to the ladder on the grid as off it: no grid."""
    n = np.arange(3 * 44100)
    x = 0.5 * np.sin(2 * np.pi * n / period) if period == 441 else 0.5 * (n % period / period - 0.5)
    excerpt = codecgrid.Excerpt()
    excerpt.update((np.round(x * 32767) / 32768).astype(np.float32)[:, None])
    grid = mp3lattice.measure(excerpt.spans(), 44100, 2.0**-15 / np.sqrt(12))
    assert not grid["found"] and max(abs(grid["lattice_z"]), abs(grid["closeness_z"])) < 3
