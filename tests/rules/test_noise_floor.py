"""S005 noise-floor: hiss between phrases above -50 dBFS warns; clean speech and steady tones
(no pauses to measure in) do not."""

import numpy as np

SR = 22050


def test_hiss_between_phrases(tmp_path, gen, run_rule):
    hiss = gen.noise(SR, 8.0, amp=10 ** (-40 / 20) * np.sqrt(3), seed=5)  # RMS -40 dBFS
    p = gen.write_wav(tmp_path / "a.wav", gen.speechlike(SR, 8.0) + hiss, SR)
    [f] = run_rule(p, "S005")
    assert f.severity == "warning" and f.term == "Noise floor"
    assert abs(f.data["noise_floor_dbfs"] + 40) < 1.5
    assert f"{f.data['noise_floor_dbfs']:.1f} dBFS" in f.message


def test_clean_speech_tone_and_steady_noise_are_quiet(tmp_path, gen, run_rule):
    gen.write_wav(tmp_path / "speech.wav", gen.speechlike(SR, 3.0), SR)
    gen.write_wav(tmp_path / "tone.wav", gen.tone(SR, 3.0, amp=0.1), SR)
    gen.write_wav(tmp_path / "noise.wav", gen.noise(SR, 3.0, amp=0.1), SR)
    assert run_rule(tmp_path, "S005") == []


def test_gated_pauses_are_a_clean_background(tmp_path, gen, run_rule):
    """Speech whose only pauses are exact digital silence (a noise gate, an edit, a synthesiser
    such as espeak-ng) has no background noise: its soft syllables must not be read as one."""
    import numpy as np

    sr = 22050
    t = np.arange(sr) / sr
    syllables = 0.4 * np.sin(2 * np.pi * 180 * t) * (0.55 + 0.45 * np.sin(2 * np.pi * 4 * t))
    gap = np.zeros(int(0.25 * sr))
    clip = np.concatenate([syllables, gap] * 5).astype(np.float32)[:, None]
    assert run_rule(gen.write_wav(tmp_path / "gated.wav", clip, sr), "S005") == []
    hiss = clip + gen.noise(sr, len(clip) / sr, amp=0.01)
    [f] = run_rule(gen.write_wav(tmp_path / "hiss.wav", hiss, sr), "S005")
    assert f.data["noise_floor_dbfs"] > -50
