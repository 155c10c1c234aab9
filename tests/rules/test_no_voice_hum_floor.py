"""S007: words over a 50 Hz hum are a voice even when the hum leaves the pauses unpitched.

Session 29's audit of material no benchmark uses: a slice of auditok 0.1.8's
``1to6arabic_16000_mono_bc_noise.wav`` (a man counting, pyin 110-114 Hz, over a strong 50 Hz
mains hum; GPL-3, not committed) read "pitched below a voice's range": the words read at the
bottom of the pitch range (low_pitch_ratio 0.67), and ``no_voice_signs.hummed`` spared words
over a hum only in a mostly pitched file, where the hum itself is pitched in the pauses. A
50 Hz hum lies under the tracker's 60 Hz floor: the pauses read unpitched (voiced 0.39). Where
the harmony analyser finds a mains hum's lines in the floor (``hum_hz``), the voiced share is no
longer asked for. The signal below is that slice's, as audiolint measured it (the rule judged
on it alone); the analyser's hum reading (hum_hz) on a recording with a generated hum is tested in
tests/test_harmony_hum.py.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from audiolint.context import FileContext
from audiolint.rules import no_voice

# the slice's measures (audiolint at session 29), the ones S007 reads
ARABIC = {
    "sounding_s": 4.76, "voiced_ratio": 0.387, "voiced_run_ratio": 0.176, "pitch_hz": 59.9,
    "pitch_spread_st": 10.16, "pitch_steady": None, "level_move_db": None,
    "one_pitch_share": None, "sustained_ratio": 0.5, "sustained_steps": 7,
    "voiced_isolated": 0.543, "blip_rise_db": -0.8, "shape_move_db": 0.82, "shape_peak_db": 3.66,
    "shape_slow_db": 2.82, "shape_loud_db": 4.57, "slow_loud_db": 6.83, "onsets": 2,
    "hit_decay": None, "pitch_tuned": 0.665, "tuned_notes": 3, "tuned_s": 1.84,
    "low_pitch_ratio": 0.674, "onset_repeat_db": None, "repeat_onsets": 0,
    "pause_pitched_ratio": None, "envelope_fast_db": 1.37, "envelope_syllable_db": 2.14,
    "reverb_offsets": 3, "reverb_endings": 1, "rt60_s": None, "c50_db": None,
    "second_voice_ratio": None, "second_pitch_hz": None, "second_voice_db": None,
    "alone_voice_ratio": None, "hum_hz": 49.9,
}  # fmt: skip


def findings(**signal) -> list:
    ctx = FileContext(Path("x.wav"), "x.wav", SimpleNamespace(), signal={**ARABIC, **signal})
    return list(no_voice.check(ctx, dict(no_voice.DEFAULT)))


def test_words_over_a_hum_under_the_pitch_floor_are_a_voice():
    assert findings() == []


def test_without_a_hum_in_the_floor_the_low_pitch_still_says_no_voice():
    """The same measures with no mains hum found: a bass line's or a kick drum's low pitch, as
    before (the voiced share under half, so the mostly-pitched hum excuse does not hold)."""
    [p] = findings(hum_hz=None)
    assert p.message.startswith("pitched below a voice's range: 67% of the loud pitched")
    # review 40: "a voice, even a deep one, is pitched above it" was untrue of a Tibetan chant
    # (sms-tools), its f0 at 60-62 Hz in every frame with the whole harmonic series over it
    assert "even a deep one" not in p.message and "a chant's or a creaky voice's" in p.message


def test_a_hum_with_a_still_shape_is_still_no_voice():
    """A hum found, but the loud frames' shape barely moves (no words over it): still judged."""
    [p] = findings(shape_loud_db=1.0, slow_loud_db=1.2, shape_peak_db=1.1, shape_slow_db=1.0)
    assert "pitched below a voice's range" in p.message


def test_a_60_hz_hum_or_a_sound_seldom_pitched_is_no_excuse():
    """The review of 852fc98: an amen loop and an elephant's call over a 60 Hz hum (voiced
    0.28-0.48, hum read at 59.6-59.9 Hz, which the tracker pitches in the pauses itself) and a
    tabla loop over a 50 Hz hum pitched 6.5 % of the time lost their right finding; both stay
    no voice."""
    for signal in ({"hum_hz": 59.8}, {"voiced_ratio": 0.065}):
        [p] = findings(**signal)
        assert p.message.startswith("pitched below a voice's range")
