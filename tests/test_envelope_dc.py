"""The voice analyser's level modulation (analysis/flutter.py) on a recording off centre.

A recording with a DC offset (review 56c: two GCompris words 21 % off centre) adds a constant
under the level, so that it hardly moves: "the level hardly moves at a syllable's pace" (0.62
and 0.73 dB at 2-8 Hz), and S007 said "no voice" on them and their copies. The envelope now
reads the samples high-passed (at 20 Hz then, at 60 Hz since session 57). Committed real
speech (tests/data/*.txt)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audiolint.analysis.voice import Voice

DATA = Path(__file__).parent / "data"


def _envelope(x: np.ndarray, sr: int) -> dict:
    v = Voice(sr, 1)
    for i in range(0, len(x), 32768):
        v.update(x[i : i + 32768, None].astype(np.float32))
    out = v.result()
    return {k: out[k] for k in ("envelope_syllable_db", "envelope_fast_db")}


@pytest.mark.parametrize("name", ["arctic_aew_a0002", "sr_english", "myprosody_suun3"])
def test_a_dc_offset_does_not_still_the_level(name):
    """Each speaker at 0.7 of full scale, and then 20 % off centre: the syllables move the
    level as much either way (at a3d067c, 20 % off centre stilled them to 0.6-1.3 dB)."""
    x, sr = sf.read(DATA / f"{name}.flac", dtype="float64")
    x = 0.7 * x / np.abs(x).max()
    centred, off = _envelope(x, sr), _envelope(x - 0.2, sr)
    assert centred["envelope_syllable_db"] >= 3.0, centred
    for key, level in centred.items():
        assert abs(off[key] - level) < 0.5, (key, centred, off)
