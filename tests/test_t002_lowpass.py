"""T002 where an encoder's low-pass and a resampler's wall stand at the same place (issue 11).

A lossy decode that was then resampled (``audiolint fix`` to 40 kHz, 44.1 -> 48 kHz) has lost
the codec's grid, so T001 cannot name the codec, but it keeps the encoder's low-pass, and MP3
at 96-128 kbps cuts at 15-16 kHz, where a 32 kHz file's Nyquist frequency is.
``benchmarks/lowpass_or_upsample.py`` found no measure that tells the two walls apart (their
half-way points, depths, top-band flicker and empty cells overlap), so the finding says both.
csound's finneganswake1 (csound-doc) is such a decode: its content stops at a 15.2 kHz MP3
low-pass. Brought from 44.1 to 40 kHz by SciPy, T002 said "upsampled from 32 kHz" alone; at 40
and 48 kHz its MP3 grid is now found on the 44.1 kHz lattice, and T001 names it.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import PROMPTS, csound_example, needs_alsa, needs_csound_doc, prompt
from scipy import signal

BOTH = "or the low-pass of a lossy encode (MP3 around 96-128 kbps"


def _write(path, x: np.ndarray, rate: int):
    sf.write(path, np.clip(x, -1, 32767 / 32768), rate, subtype="PCM_16")
    return path


@needs_csound_doc
@pytest.mark.parametrize(("rate", "up", "down"), [(40000, 400, 441), (48000, 160, 147)])
def test_a_resampled_mp3_decode_is_named_by_its_grid(tmp_path, run_rule, rate, up, down):
    """At 40 and 48 kHz the decode's MP3 grid is found again on the 44.1 kHz lattice
    (analysis.regrid; 40 kHz since session 35): T001 names MP3 and the resampling, and T002's
    "upsampled from 32 kHz" (what the band alone said, with the encoder's low-pass beside it)
    is gone."""
    x, sr = sf.read(csound_example("finneganswake1.flac", tmp_path), always_2d=True)
    assert sr == 44100
    path = _write(tmp_path / "fin.wav", signal.resample_poly(x, up, down, axis=0), rate)
    [f] = run_rule(path, "T001")
    assert f.message.startswith("decoded from lossy audio, most likely MP3: brought back to 44.1")
    assert f"decoded at 44.1 kHz, then resampled to {rate / 1000:g} kHz" in f.message
    assert f.data["lattice_rate"] == 44100
    assert run_rule(path, "T002") == []


def _prompts(down: int, up: int) -> np.ndarray:
    """ALSA's first three prompts (48 kHz) brought down by ``down`` and back by SciPy's FFT."""
    x = np.concatenate([prompt(name)[0] for name in PROMPTS[:3]])
    low = signal.resample_poly(x, up, down)
    return signal.resample(low, len(x))


@needs_alsa
def test_a_32_khz_upsample_is_named_both_ways_too(tmp_path, run_rule):
    """The same wall from a resampler: nothing measured tells it from the encoder's."""
    [f] = run_rule(_write(tmp_path / "p32.wav", _prompts(3, 2), 48000), "T002")
    assert f.data["upsampled_from"] == 32000
    assert BOTH in f.message


@needs_alsa
def test_a_wall_where_no_common_encoder_cuts_names_the_resampler_alone(tmp_path, run_rule):
    [f] = run_rule(_write(tmp_path / "p22.wav", _prompts(320, 147), 48000), "T002")
    assert f.data["upsampled_from"] == 22050
    assert "lossy" not in f.message
    assert f.message.endswith("upsampled from 22.05 kHz to 48 kHz; the extra samples add no detail")
