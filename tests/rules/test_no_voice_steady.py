"""S007 on steady sound with one pitch at a time and no voice in it: a singer's held note wavers
and a pitch-corrected singer's notes come one at a time, but only a voice's level swells and
shimmers from step to step as well (level_move_db); a synthetic organ's or a buzz's does not,
noise or not, so their held notes and steady pitch are still flagged."""

from __future__ import annotations

from pathlib import Path

import audiogen
import pytest

from audiolint.analysis.harmony import Harmony
from audiolint.analysis.voice import Voice
from audiolint.rules import no_voice

SR = 44100
DATA = Path(__file__).parents[1] / "data"


def measured(x):
    """The voice and harmony analysers' record for ``x`` (frames x 1)."""
    voice, harmony = Voice(SR, 1), Harmony(SR, 1)
    for a in (voice, harmony):
        a.update(x)
    return {**voice.result(), **harmony.result()}


@pytest.mark.parametrize("noise", [0.0, 0.01])
def test_an_organ_scale_is_flagged(tmp_path, run_rule, noise):
    """Eight held organ notes, one at a time (no second pitch: min_held_second's exemption),
    whose level holds still: flagged as held notes (not at e8614a8, whose exemption needed only
    one pitch at a time)."""
    x = audiogen.organ_scale(SR, noise)
    r = measured(x)
    assert r["second_voice_ratio"] < no_voice.DEFAULT["min_held_second"]
    assert r["level_move_db"] < no_voice.DEFAULT["min_level_move_db"]
    [f] = run_rule(audiogen.write_wav(tmp_path / "organ.wav", x, SR), "S007")
    assert "steady held notes" in f.message


@pytest.mark.parametrize("f0, snr_db", [(220.0, 3.0), (220.0, 4.0)])
def test_a_buzz_in_noise_is_flagged(tmp_path, run_rule, f0, snr_db):
    """A steady buzz in white noise a few dB under it, its pitch held still from step to step
    in min_tone_held or more of them: flagged as one steady pitch, whatever its level does.
    (At 120 Hz, 2-3 dB over the noise, the noise makes its pitch waver, and its level moves
    0.15-0.16 dB, as a steady singer's does: since session 54 that reads as a voice.)"""
    x = audiogen.buzz_in_noise(SR, f0, snr_db)
    r = measured(x)
    assert r["pitch_steady"] >= no_voice.DEFAULT["min_tone_held"]
    [f] = run_rule(audiogen.write_wav(tmp_path / "buzz.wav", x, SR), "S007")
    assert "one steady pitch" in f.message
    # the pitch read is the lowest held one: under a tune it may be a held low note (review
    # 43b: a piano's melody over a held 66 Hz note read "a tone, a hum or one held note")
    assert "one held note or a low note held under a tune" in f.message


def test_a_real_singers_held_note_is_a_voice(tmp_path, run_rule):
    """An amateur singer's held solfege note (tests/data/solfege_jennifer_jur.txt): one pitch
    at a time, held still in over half its steps, no vibrato, its level moving 0.24 dB from
    step to step. Review 54a: at 24c25aa S007 called it "steady held notes, as an instrument
    plays them", as it did her whole sung scale and 198 of review 54b's UTAU singers' files
    (level moves 0.13-0.29 dB): min_level_move_db was 0.3, drawn over synthetic organs and
    buzzes, under no real singer as steady as these. Since the pitch search's 48 Hz high-pass
    (session 57) her pitch holds still in half her steps (0.50; 0.556 before), under
    min_held_share: her record held still in more of them is still a voice."""
    import soundfile as sf

    x, sr = sf.read(DATA / "solfege_jennifer_jur.flac", dtype="float32", always_2d=True)
    voice, harmony = Voice(sr, 1), Harmony(sr, 1)
    for a in (voice, harmony):
        a.update(x)
    r = {**voice.result(), **harmony.result()}
    assert r["pitch_steady"] >= 0.5
    assert r["second_voice_ratio"] < no_voice.DEFAULT["min_held_second"]
    assert no_voice.DEFAULT["min_level_move_db"] <= r["level_move_db"] < 0.3
    held = {**r, "pitch_steady": max(r["pitch_steady"], no_voice.DEFAULT["min_held_share"])}
    assert no_voice.no_voice(held, no_voice.DEFAULT) is None
    path = tmp_path / "jur.wav"
    sf.write(path, x, sr, subtype="PCM_16")
    assert run_rule(path, "S007") == []


# Signal records as measured (the voice and harmony analysers' fields S007 reads): a slice of an
# UTAU singer's held syllables (review 54b, oxygen-dioxide/t-meey-ja, CC-BY-NC, so not committed)
# and Sonic Pi's ambi_drone (benchmarks/no_voice.py --records, session 54)
UTAU_SLICE = {
    "sounding_s": 2.96, "voiced_ratio": 1.0, "voiced_run_ratio": 1.0, "pitch_hz": 176.6,
    "pitch_spread_st": 0.14, "pitch_steady": 0.429, "level_move_db": 0.27, "one_pitch_share": 1.0,
    "sustained_ratio": 0.959, "sustained_steps": 70, "voiced_isolated": 0.0, "blip_rise_db": None,
    "shape_move_db": 1.35, "shape_peak_db": 1.54, "shape_slow_db": 2.09, "shape_loud_db": 1.34,
    "slow_loud_db": 2.0, "onsets": 0, "hit_decay": None, "pitch_tuned": 0.718, "tuned_notes": 1,
    "tuned_s": 2.96, "low_pitch_ratio": 0.0, "onset_repeat_db": None, "repeat_onsets": 0,
    "pause_pitched_ratio": None, "steady_notes_ratio": 1.0, "envelope_fast_db": 0.39,
    "envelope_syllable_db": 0.76, "reverb_offsets": 0, "reverb_endings": 0, "rt60_s": None,
    "c50_db": None, "reverb_fall_db": None, "second_voice_ratio": 0.23, "second_pitch_hz": 235.3,
    "second_voice_db": -19.3, "alone_voice_ratio": 0.0, "hum_hz": None,
}  # fmt: skip
DRONE = {
    **UTAU_SLICE, "sounding_s": 4.4, "pitch_hz": 132.6, "pitch_spread_st": 0.16,
    "pitch_steady": 0.243, "level_move_db": 1.32, "sustained_ratio": 0.642, "shape_move_db": 2.77,
    "shape_peak_db": 2.9, "shape_slow_db": 2.74, "shape_loud_db": 2.77, "slow_loud_db": 2.74,
    "pitch_tuned": 0.717, "tuned_s": 4.4, "steady_notes_ratio": None, "envelope_fast_db": 1.53,
    "envelope_syllable_db": 1.33, "second_voice_ratio": 0.408, "second_pitch_hz": 396.0,
    "second_voice_db": -11.3,
}  # fmt: skip


def test_a_faint_second_pitch_is_no_chord_under_a_singers_one_pitch():
    """Review 54b: slices of an UTAU singer's syllables, sung on one pitch by design, wavering
    (held still in 43 % of the steps) and swelling (0.27 dB) as a singer's note does, read "one
    steady pitch ... no speech or singing measured" (12 files): a second pitch in 23 % of the
    time counted as a chord's beating, though read 19.3 dB under the whole sound. A chord's or
    a drone's second pitch reads -11.3 to -11.9 dB (the benchmark's records); one read further
    under than min_chord_db (-15 dB) is none. Sonic Pi's drone stays flagged."""
    assert no_voice.no_voice(UTAU_SLICE, no_voice.DEFAULT) is None
    found = no_voice.no_voice(DRONE, no_voice.DEFAULT)
    assert found is not None and found[0].startswith("one steady pitch")
    # at the drone's level the slice's second pitch is a chord's again
    chord = no_voice.no_voice({**UTAU_SLICE, "second_voice_db": -11.3}, no_voice.DEFAULT)
    assert chord is not None and chord[0].startswith("one steady pitch")
