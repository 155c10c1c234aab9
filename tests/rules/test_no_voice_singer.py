"""S007 on a real singer's held note: its pitch stays within a quarter of a semitone, as a
tone's does, but it wavers from one 40 ms step to the next, as no tone or instrument's note does
(tests/data/singing_female_note.flac, CC BY 4.0; see the .txt beside it)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

from audiolint.analysis.harmony import Harmony
from audiolint.analysis.voice import Voice
from audiolint.rules import no_voice

CLIP = Path(__file__).resolve().parents[1] / "data" / "singing_female_note.flac"


def test_a_sung_held_note_is_a_voice(run_rule):
    """The note reads as one steady pitch (interquartile spread under max_steady_st) through a
    mostly pitched file, which S007 took for a tone; but it holds still in under half of its
    steps. Flagged before min_tone_held."""
    x, sr = sf.read(CLIP, dtype="float32")
    a = Voice(sr, 1)
    a.update(x[:, None])
    r = a.result()
    assert r["voiced_ratio"] > 0.9
    assert r["pitch_spread_st"] < no_voice.DEFAULT["max_steady_st"]
    assert r["pitch_steady"] < no_voice.DEFAULT["min_tone_held"]
    assert run_rule(CLIP, "S007") == []


def test_a_tone_with_the_same_spread_is_still_flagged(tmp_path, run_rule):
    """The same note's level and pitch, held to a cent from step to step: a tone, flagged."""
    x, sr = sf.read(CLIP, dtype="float32")
    t = np.arange(len(x)) / sr
    tone = 0.3 * sum(np.sin(2 * np.pi * 416.0 * k * t) / k for k in range(1, 8))
    path = tmp_path / "tone.wav"
    sf.write(path, tone.astype(np.float32), sr)
    [f] = run_rule(path, "S007")
    assert "one steady pitch" in f.message and f.data["pitch_steady"] >= 0.5


CORRECTED = CLIP.with_name("singing_female_corrected.flac")


def test_a_pitch_corrected_singer_is_a_voice(run_rule):
    """The same singer with each note's pitch held still (WORLD, as pitch correction does): her
    pitch holds still in most steps, as an instrument's held notes, which S007 flagged; but one
    pitch sounds at a time (second_voice_ratio under min_held_second), while an instrument's
    held notes ring under the next or sound in chords."""
    assert run_rule(CORRECTED, "S007") == []
    x, sr = sf.read(CORRECTED, dtype="float32")
    voice, harmony = Voice(sr, 1), Harmony(sr, 1)
    for a in (voice, harmony):
        a.update(x[:, None])
    s = {**voice.result(), **harmony.result()}
    assert s["pitch_steady"] >= no_voice.DEFAULT["min_held_share"]
    assert s["sustained_steps"] >= no_voice.DEFAULT["min_held_steps"]
    assert s["second_voice_ratio"] < no_voice.DEFAULT["min_held_second"]
