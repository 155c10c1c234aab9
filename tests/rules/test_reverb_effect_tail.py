"""S008 quotes what it measured: how far the fastest free decays have fallen 200 ms after a
word ends (signal.reverb_fall_db), and the clarity and decay time as simulated rooms with that
fall have them, saying that a reverb effect's long tail over a loud dry voice reads a lower C50
and a shorter decay than its own. Session 42's measure of pedalboard's Reverb (Freeverb: the dry
voice at full level, a tail of several seconds) read C50 4-7 dB under the truth; here the same
shape, a unit direct sound over a 2.5 s noise tail, on ALSA's prompts: a true C50 of 12.4 dB
reads about 6 dB, while the fall itself is within 3.5 dB of the response's own Schroeder curve
(on pedalboard's effect, benchmarks/reverb_effect.py, the median is 4.9 dB short)."""

from __future__ import annotations

import numpy as np
from realaudio import needs_alsa
from scipy.signal import fftconvolve

from rules.test_reverb import measure, room, speech, write


def effect(sr: int) -> np.ndarray:
    """A unit direct sound over a quiet 2.5 s tail (true C50 about 12 dB)."""
    h = 0.003 * room(sr, 2.5)
    h[0] = 1.0
    return h


def schroeder_db(h: np.ndarray, sr: int, at_s: float) -> float:
    """The impulse response's own Schroeder decay curve at ``at_s`` (dB under the whole)."""
    e = h**2
    return float(10 * np.log10(e[int(at_s * sr) :].sum() / e.sum()))


def clarity(h: np.ndarray, sr: int) -> float:
    e = h**2
    k = int(0.05 * sr)
    return float(10 * np.log10(e[:k].sum() / e[k:].sum()))


@needs_alsa
def test_the_fall_is_measured_as_the_response_has_it():
    x, sr = speech()
    h = effect(sr)
    got = measure(fftconvolve(x, h), sr)
    assert got["reverb_fall_db"] is not None
    # the measurement holds on this shape (within 3.5 dB of the response's own curve) ...
    assert abs(got["reverb_fall_db"] + schroeder_db(h, sr, 0.2)) < 3.5
    # ... while the clarity mapped from it sits well under the truth (what the message says)
    assert got["c50_db"] < clarity(h, sr) - 4.0


@needs_alsa
def test_the_message_leads_with_the_fall_and_names_the_effect(tmp_path, run_rule):
    x, sr = speech()
    [f] = run_rule(write(tmp_path / "effect.wav", fftconvolve(x, effect(sr)), sr), "S008")
    fall = f.data["reverb_fall_db"]
    said = f"200 ms after a sound stops (a word's end, in speech), its echo is only {fall:.1f} dB"
    assert said in f.message
    assert "a reverb effect's long tail under a loud dry voice reads a lower C50" in f.message
    assert f.message.count("than the effect really has)") == 1
    # the dry voice: no fall read, nothing said
    dry = write(tmp_path / "dry.wav", x, sr)
    assert run_rule(dry, "S008") == []
    assert measure(x, sr)["c50_db"] == 30.0
