"""T002 on a voice upsampled in two stages, the first written at 16 bits (session 56).

A memo at a low rate saved as a CD-rate WAV (16 bits, dithered), then brought to 48 kHz by an
editor that writes 24 bits or float, holds two walls: the first stage's at the old Nyquist
frequency and the second's at 22.05 kHz, from the first stage's dither down to the finer
samples' floor. The band between them was read as content past the old rate, and T002 said
nothing (analysis/stagefloor.py). A committed real recording (tests/data/sr_english.txt)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import soxr

from audiolint import api
from audiolint.config import Config

DATA = Path(__file__).parent / "data"


def _two_stage(tmp_path, old: int, subtype: str) -> Path:
    x, sr = sf.read(DATA / "sr_english.flac", dtype="float64")
    up = soxr.resample(soxr.resample(x, sr, old, quality="VHQ"), old, 44100, quality="VHQ")
    tpdf = np.random.default_rng(0).triangular(-1, 0, 1, len(up))
    cd = np.round(np.clip(up, -1, 1) * 32767 + tpdf) / 32767  # the CD-rate WAV
    path = tmp_path / f"memo_{old}_{subtype}.wav"
    sf.write(path, soxr.resample(cd, 44100, 48000, quality="VHQ"), 48000, subtype=subtype)
    return path


@pytest.mark.parametrize(("old", "subtype"), [(8000, "PCM_24"), (16000, "FLOAT")])
def test_an_upsample_through_a_16_bit_stage_is_found(tmp_path, old, subtype):
    path = _two_stage(tmp_path, old, subtype)
    [f] = api.check([path], Config(select=("T002",))).files
    assert f.fidelity["verdict"] == "upsampled", f.fidelity.get("evidence")
    assert f.fidelity["upsampled_from"] == old
    [t002] = [x for x in f.findings if x.rule == "T002"]
    assert f"upsampled from {old / 1000:g} kHz to 48 kHz" in t002.message
    # ...and says what it read the band between the walls as
    assert t002.message.startswith("over an earlier 16-bit stage's flat floor"), t002.message


def test_the_same_chain_at_16_bits_was_found_before(tmp_path):
    """The control: written at 16 bits, the second stage's wall stands on the samples' own
    floor, and T002 found the old rate without the stage floor."""
    path = _two_stage(tmp_path, 8000, "PCM_16")
    [f] = api.check([path], Config(select=("T002",))).files
    assert f.fidelity["upsampled_from"] == 8000
