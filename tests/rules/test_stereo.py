"""S006 stereo: anti-phase channels are an error, any stereo an info note, mono nothing."""

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompt

SR = 22050


def test_anti_phase_is_an_error(tmp_path, gen, run_rule):
    voice = gen.speechlike(SR, 3.0)[:, 0]
    p = gen.write_wav(tmp_path / "a.wav", np.stack([voice, -voice], axis=1), SR)
    [f] = run_rule(p, "S006")
    assert f.severity == "error" and f.term == "Channels"
    assert f.data["channel_correlation"] < -0.99 and "anti-phase" in f.message


def test_stereo_is_info_and_dual_mono_is_named(tmp_path, gen, run_rule):
    voice = gen.speechlike(SR, 3.0)[:, 0]
    wide = np.stack([voice, 0.6 * voice + gen.noise(SR, 3.0, amp=0.2)[:, 0]], axis=1)
    p = gen.write_wav(tmp_path / "wide.wav", wide, SR)
    [f] = run_rule(p, "S006")
    assert f.severity == "info" and f.message == "stereo; training tools mix it to mono"
    p = gen.write_wav(tmp_path / "dual.wav", gen.speechlike(SR, 3.0, channels=2), SR)
    [f] = run_rule(p, "S006")
    assert f.severity == "info" and "same signal in both channels" in f.message


def test_mono_is_quiet(tmp_path, gen, run_rule):
    gen.write_wav(tmp_path / "a.wav", gen.speechlike(SR, 3.0), SR)
    assert run_rule(tmp_path, "S006") == []


@needs_alsa
def test_an_empty_channel_is_named(tmp_path, run_rule):
    """KTuberling's English words hold the voice in the left channel and digital silence in the
    right (review 41): "stereo; training tools mix it to mono" left out that the mix halves the
    voice. A right channel 30 dB under the left is a quiet channel, not an empty one."""
    x, sr = prompt("Front_Center")
    p = tmp_path / "left_only.wav"
    sf.write(p, np.stack([x, np.zeros_like(x)], axis=1), sr, subtype="PCM_16")
    [f] = run_rule(p, "S006")
    assert f.severity == "info" and f.data["channel_balance_db"] >= 60
    assert f.message.startswith("stereo with the right channel empty (")
    assert "halves the left channel's level (6 dB down)" in f.message
    p = tmp_path / "right_quiet.wav"
    sf.write(p, np.stack([x, 0.03 * x[::-1]], axis=1), sr, subtype="PCM_16")
    [f] = run_rule(p, "S006")
    assert "empty" not in f.message and 25 < f.data["channel_balance_db"] < 35
