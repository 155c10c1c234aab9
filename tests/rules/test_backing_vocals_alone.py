"""S009's second route (issue 17): a second voice heard on its own in the main voice's pauses
(audiolint.analysis.alone). A flute under the ALSA prompts plays on through their pauses and is
found under them too; the prompts themselves, every other one spoken 15 dB softer, are one voice
however quiet its softer half is."""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import PROMPTS, csound_example, needs_alsa, needs_csound_doc, prompt, prompts

from rules.test_backing_vocals import _feed, _under


@needs_alsa
@needs_csound_doc
def test_a_flute_playing_on_in_the_pauses_is_a_music_bed(tmp_path, run_rule):
    """csound's flutec3.wav looped 15 dB under the prompts: under the speech the comb and the
    spectrum find it in 0.07 of the voiced time (under min_ratio), but in the prompts' pauses
    it sounds alone at pitches also found under the speech (alone_voice_ratio 0.17 on the
    installed prompts), and the two together pass min_with_alone."""
    speech, sr = prompts(0.25)
    x = speech + _under(speech, sr, csound_example("flutec3.wav", tmp_path), -15)
    r = _feed(x, sr).result()
    assert r["second_voice_ratio"] < 0.15 and r["alone_voice_ratio"] >= 0.1
    sf.write(tmp_path / "bed.wav", (0.5 * x / np.abs(x).max()).astype(np.float32), sr, "FLOAT")
    (f,) = run_rule(tmp_path / "bed.wav", "S009")
    assert "pauses" in f.message and f.data["alone_voice_ratio"] >= 0.1


@needs_alsa
def test_a_speakers_softer_prompts_are_not_a_second_voice(tmp_path, run_rule):
    """The prompts, every other one 15 dB softer: the soft ones are quiet stretches in the loud
    ones' pauses, at the same speaker's pitches. Without the check that the quiet pitch is also
    found under the loud voice they read 0.22 of the voiced time (S009 would fire); with it, 0."""
    parts = []
    for i, name in enumerate(PROMPTS):
        x, sr = prompt(name)
        parts += [x * np.float32(10 ** (-15 / 20) if i % 2 else 1.0), np.zeros(int(0.25 * sr))]
    x = np.concatenate(parts).astype(np.float32)
    assert _feed(x, sr).result()["alone_voice_ratio"] < 0.02
    sf.write(tmp_path / "soft.wav", x, sr, "FLOAT")
    assert run_rule(tmp_path / "soft.wav", "S009") == []


@needs_alsa
def test_a_steady_tone_in_the_pauses_is_not_a_music_bed(tmp_path, run_rule):
    """A 440 Hz sine 20 dB under the prompts, and white noise 40 dB under: in the pauses the
    tone sounds alone, and where a prompt fades out the comb leaves the speech around it, so the
    residue test alone does not stop it (alone 0.136 without MAX_TROUGH, and S009 would fire,
    0.083 + 0.136). A pure tone's autocorrelation falls to -1 half a period on (median -0.95
    here): no voice's or instrument's does."""
    x, sr = prompts(0.25)
    rms = np.sqrt(np.mean(x[np.abs(x) > 0.01] ** 2))
    t = np.arange(len(x)) / sr
    noise = np.random.default_rng(1).standard_normal(len(x)) * rms * 10 ** (-40 / 20)
    x = x + rms * 10 ** (-20 / 20) * np.sqrt(2) * np.sin(2 * np.pi * 440 * t) + noise
    assert _feed(x, sr).result()["alone_voice_ratio"] == 0.0
    sf.write(tmp_path / "tone.wav", x.astype(np.float32), sr, "FLOAT")
    assert run_rule(tmp_path / "tone.wav", "S009") == []
