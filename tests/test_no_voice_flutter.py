"""S007's flutter test: a level moving faster than any syllable is no voice.

Speech's level rises and falls with its syllables (2-8 Hz); a drum roll's strokes move it 8-25 times
a second, more than at the syllables' rate (``envelope_fast_db`` against ``envelope_syllable_db``).
Sonic Pi's recorded drum roll passed every earlier test (its shape moves 2 dB, its strokes too dense
to die away between hits); csound's recorded flute played through a 12 Hz tremolo (its level swung
12 dB) flutters too, while the flute as recorded does not (both are flagged by the held-notes tests,
which S007 reads first). ALSA's prompts and csound's two singers move the level most at the
syllables' and the notes' rate, and over the drum roll as loud as the words they are still a voice
(1.09 times as much faster: the line is 1.2).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from realaudio import csound_example, needs_alsa, needs_csound_doc, prompts

from audiolint import api
from audiolint.rules import no_voice
from audiolint.rules import no_voice_level as level

SAMPLES = "usr/share/sonic-pi/samples"
SONIC_PI = [
    Path("/", SAMPLES),
    Path("/tmp/audiolint-realcorpus/_cache/apt/sonic-pi-samples", SAMPLES),
]
ROLL = next((d / "drum_roll.flac" for d in SONIC_PI if (d / "drum_roll.flac").exists()), None)


def s007(path):
    """(S007's messages, the signal record) for one file."""
    rec = api.check(path, select="S007", read_config=False).to_dict()["files"][0]
    return [f["message"] for f in rec["findings"] if f["rule"] == "S007"], rec["signal"]


def fluttered(messages) -> bool:
    return any(m.startswith("the level flutters faster than syllables") for m in messages)


@pytest.mark.skipif(ROLL is None, reason="Sonic Pi's samples are missing (Debian sonic-pi-samples)")
def test_a_drum_roll_flutters():
    messages, s = s007(ROLL)
    assert s["envelope_fast_db"] >= 2.0
    assert s["envelope_fast_db"] >= s["envelope_syllable_db"]
    assert fluttered(messages)


@needs_csound_doc
def test_a_tremolo_flutters(tmp_path):
    x, sr = sf.read(str(csound_example("flute.aiff", tmp_path)), dtype="float32", always_2d=True)
    x = x.mean(axis=1)
    t = np.arange(len(x)) / sr
    gain = 10 ** (-6.0 / 20 * (1 - np.cos(2 * np.pi * 12.0 * t)))  # 0 to -12 dB, 12 times a second
    path = tmp_path / "tremolo.wav"
    sf.write(str(path), (0.7 * x * gain / np.abs(x).max()).astype(np.float32), sr, subtype="PCM_16")
    messages, s = s007(path)
    assert s["envelope_fast_db"] > s["envelope_syllable_db"]
    assert messages and level.flutters(s, no_voice.DEFAULT, {}) is not None
    # a fast laugh flutters so too (Hedgewars' HillBilly/Firepunch4, session 30's audit): named
    said = level.flutters(s, no_voice.DEFAULT, {})[0]
    assert "as a drum roll, a tremolo, fast repeated notes or a fast laugh do" in said
    messages, s = s007(csound_example("flute.aiff", tmp_path))  # flagged by its held notes
    assert s["envelope_fast_db"] < 0.5 * s["envelope_syllable_db"]  # its notes, not a flutter
    assert level.flutters(s, no_voice.DEFAULT, {}) is None


@needs_alsa
@needs_csound_doc
def test_voices_move_their_level_with_the_syllables(tmp_path):
    x, sr = prompts(0.3)
    path = tmp_path / "prompts.wav"
    sf.write(str(path), x, sr, subtype="PCM_16")
    cases = [path, csound_example("sing.wav", tmp_path), csound_example("singFemale.aif", tmp_path)]
    for case in cases:
        messages, s = s007(case)
        assert s["envelope_fast_db"] < 0.6 * s["envelope_syllable_db"], case.name
        assert messages == [], case.name


@needs_alsa
@pytest.mark.skipif(ROLL is None, reason="Sonic Pi's samples are missing (Debian sonic-pi-samples)")
def test_words_over_a_drum_roll_are_a_voice(tmp_path):
    from scipy.signal import resample_poly

    x, sr = prompts(0.5)
    drum, rate = sf.read(str(ROLL), dtype="float32", always_2d=True)
    drum = resample_poly(drum.mean(axis=1), sr, rate).astype(np.float32)
    drum = np.tile(drum, 1 + len(x) // len(drum))[: len(x)]
    loud = lambda v: float(np.sqrt(np.mean(v[np.abs(v) > 0.05 * np.abs(v).max()] ** 2)))  # noqa: E731
    mix = x + drum * (loud(x) / loud(drum))  # the roll as loud as the words
    path = tmp_path / "words_over_roll.wav"
    sf.write(str(path), (0.7 * mix / np.abs(mix).max()).astype(np.float32), sr, subtype="PCM_16")
    messages, s = s007(path)
    assert s["envelope_fast_db"] >= s["envelope_syllable_db"]  # the roll's strokes, as loud
    assert messages == []
