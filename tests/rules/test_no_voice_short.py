"""S007 on files with 1-2 s of sound (min_sounding_s 1 s) and on sound pitched only in lone
frames: ALSA's Noise.wav, a sampled instrument's one note, and real speech just over a second."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import ALSA, PROMPTS, needs_alsa, prompt, tight

from audiolint.analysis.voice import Voice

needs_noise = pytest.mark.skipif(
    not (ALSA / "Noise.wav").exists(),
    reason="ALSA's Noise.wav is missing (Debian package alsa-utils; .ci/run installs it)",
)


def voice_of(x: np.ndarray, sr: int) -> dict:
    a = Voice(sr, 1)
    a.update(x.astype(np.float32)[:, None])
    return a.result()


@needs_noise
def test_alsa_noise_is_not_a_voice(run_rule):
    """ALSA's speaker-test noise (1.4 s, its power piled up near 180 Hz) reads pitched in a few
    lone 40 ms frames, 11 % of its sound: too many for the 5 % of the unpitched test, but never
    two neighbours, as a voice holding a vowel has."""
    x, sr = sf.read(ALSA / "Noise.wav", dtype="float32")
    r = voice_of(x, sr)
    assert 1.0 <= r["sounding_s"] < 2.0 and r["voiced_ratio"] > 0.05
    assert r["voiced_run_ratio"] == 0.0
    [f] = run_rule(ALSA / "Noise.wav", "S007")
    assert "no voiced sound found" in f.message and "lone 40 ms frames" in f.message
    assert f.data["voiced_run_ratio"] == 0.0


@needs_alsa
def test_speech_holds_its_pitch_for_80_ms_and_more():
    """Each ALSA prompt is pitched in stretches: most of its pitched frames have a pitched
    neighbour (its vowels)."""
    for name in PROMPTS:
        x, sr = prompt(name)
        clip = np.concatenate([x, x])
        r = voice_of(clip, sr)
        assert r["voiced_run_ratio"] > 0.5 * r["voiced_ratio"] > 0.05, (name, r)


def test_a_bowed_note_of_a_second_and_a_half_is_not_a_voice(tmp_path, gen, run_rule):
    """A sampled instrument's one note is often under 2 s: a bowed string's harmonics (a
    sawtooth's 1/k series through a fixed body resonance near 500 Hz), bowed in over 80 ms and
    released over 150 ms, holding its pitch to a cent. S007 judged nothing under 2 s of sound."""
    sr = 44100
    t = np.arange(int(1.5 * sr)) / sr
    f0 = 196.0 * (1 + 0.0005 * np.sin(2 * np.pi * 5.0 * t))  # the bow's tiny wobble
    phase = 2 * np.pi * np.cumsum(f0) / sr
    body = [1.0 / k / (1 + ((k * 196.0 - 500.0) / 400.0) ** 2) for k in range(1, 30)]
    x = sum(a * np.sin(k * phase) for k, a in enumerate(body, start=1))
    x *= np.minimum(1.0, np.minimum(t / 0.08, (t[-1] - t) / 0.15))
    path = gen.write_wav(tmp_path / "note.wav", (0.4 * x / np.abs(x).max())[:, None], sr)
    [f] = run_rule(path, "S007")
    assert 1.0 <= f.data["sounding_s"] < 2.0 and "one steady pitch" in f.message


@needs_alsa
def test_two_prompts_in_under_2_s_of_sound_are_a_voice(tmp_path, run_rule):
    """ALSA's prompts two by two, 0.2 s apart: 1-2 s of real speech each, judged since S007's
    min_sounding_s went from 2 s to 1 s, and not flagged."""
    for first, second in zip(PROMPTS, PROMPTS[1:] + PROMPTS[:1], strict=True):
        gap = np.zeros(int(0.2 * 48000), np.float32)
        clip = np.concatenate([tight(prompt(first)[0]), gap, tight(prompt(second)[0])])
        sf.write(tmp_path / f"{first}-{second}.wav", clip, 48000, subtype="PCM_16")
        sounding = voice_of(clip, 48000)["sounding_s"]
        assert 1.0 <= sounding < 2.0, (first, second, sounding)
    assert run_rule(tmp_path, "S007") == []
