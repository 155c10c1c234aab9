"""S007 on real words over a rumble under a voice's pitch (KDE Artikulate's course recordings).

Session 57 ran S007 over all 2,076 words of Artikulate's pronunciation courses (every file
speech): it said "no voice" on 26. Most carry a rumble under 20 Hz (wind or handling) as strong
as the speech or stronger. It filled every 40 ms frame with a slope, whose autocorrelation never
fell under zero, so no frame read as pitched; and its swell moved the level faster than syllables.
The voice analyser now reads pitch and shape through a 48 Hz high-pass (RVC's own
preprocessing filter) and the level's modulation through a 60 Hz one. Committed real speech
(tests/data/artikulate_*.txt, CC BY-SA 3.0)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audiolint.analysis.voice import Voice

DATA = Path(__file__).parent.parent / "data"


def _read(name: str) -> tuple[np.ndarray, int]:
    return sf.read(DATA / f"artikulate_{name}.ogg", dtype="float32", always_2d=True)


def _band_db(x: np.ndarray, sr: int, lo: float, hi: float) -> float:
    """The share of the file's power between ``lo`` and ``hi`` Hz, dB."""
    power = np.abs(np.fft.rfft(x[:, 0] * np.hanning(len(x)))) ** 2
    hz = np.fft.rfftfreq(len(x), 1.0 / sr)
    return float(10 * np.log10(power[(hz >= lo) & (hz < hi)].sum() / power.sum()))


@pytest.mark.parametrize("name", ["pl_aktor", "pl_zima", "en_be_shop"])
def test_a_word_over_a_rumble_is_a_voice(name, run_rule):
    """Each word's rumble under 20 Hz holds a quarter of its power or more (-6.3 to -0.6 dB; its
    speech band, 100-4000 Hz, -8.8 to -3.7 dB), and S007 finds nothing. Before: "no voiced sound
    found" (aktor, 0 % pitched), "the level flutters faster than syllables" (zima) and "the same
    hits again and again" (shop)."""
    x, sr = _read(name)
    assert _band_db(x, sr, 0, 20) > -6.5
    assert run_rule(DATA / f"artikulate_{name}.ogg", "S007") == []


def test_the_pitch_search_reads_the_vowels_under_the_rumble():
    """ "aktor": its vowels read as pitched in a fifth of the sounding time (0 % before), its
    level moves more at a syllable's pace than faster."""
    x, sr = _read("pl_aktor")
    v = Voice(sr, 1)
    v.update(x)
    r = v.result()
    assert r["voiced_ratio"] >= 0.15 and r["voiced_run_ratio"] >= 0.05
    assert r["envelope_syllable_db"] > 2 * r["envelope_fast_db"]
