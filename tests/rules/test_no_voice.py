"""S007 no-voice: noise, percussion-like hiss and steady tones are flagged; real speech,
quiet or under heavy noise, is not."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import PROMPTS, espeak, needs_alsa, needs_espeak, prompt


def test_noise_has_no_voice(tmp_path, gen, run_rule):
    p = gen.write_wav(tmp_path / "hiss.wav", gen.noise(22050, 3.0, amp=0.2), 22050)
    [f] = run_rule(p, "S007")
    assert f.severity == "warning" and f.term == "Voice activity"
    assert f.data["voiced_ratio"] < 0.05 and "no voice found" in f.message


def test_a_steady_tone_is_not_a_voice(tmp_path, gen, run_rule):
    p = gen.write_wav(tmp_path / "tone.wav", gen.tone(44100, 3.0, freq=440.0, amp=0.3), 44100)
    [f] = run_rule(p, "S007")
    assert "one steady pitch (about 44" in f.message and f.data["pitch_spread_st"] < 0.25


@needs_alsa
@pytest.mark.parametrize("noise_db", [None, -30.0])
def test_real_speech_has_a_voice(tmp_path, run_rule, noise_db):
    rng = np.random.default_rng(3)
    for name in PROMPTS:
        x, sr = prompt(name)
        gap = np.zeros(int(0.5 * sr), np.float32)
        clip = np.concatenate([gap, x, gap, x, gap])
        if noise_db is not None:
            clip = clip + rng.standard_normal(len(clip)).astype(np.float32) * 10 ** (noise_db / 20)
        sf.write(tmp_path / f"{name}.wav", clip, sr, subtype="PCM_16")
    assert run_rule(tmp_path, "S007") == []


@needs_espeak
def test_synthesised_speech_has_a_voice(tmp_path, run_rule):
    x, sr = espeak(tmp_path / "s.wav", "Every file in a voice dataset should hold the voice itself")
    assert run_rule(tmp_path / "s.wav", "S007") == []
