"""T003 padded-bits: 16-bit audio stored as 24-bit WAV or as float is flagged (info) with the
exact effective depth; real 24-bit audio, 16-bit files and real float audio are not."""

import numpy as np
import soundfile as sf
from fidelity_cases import SR, voice
from realaudio import needs_alsa, prompt
from scipy.signal import resample_poly


def as_16_bit(x):
    return (np.round(x * 32767) / 32768).astype(np.float32)


def test_16_in_24_wav(tmp_path, gen, run_rule):
    p = gen.write_wav(tmp_path / "pad.wav", as_16_bit(voice()), SR, subtype="PCM_24")
    [f] = run_rule(p, "T003")
    assert f.severity == "info" and f.term == "Bit depth"
    assert f.data == {"effective_bit_depth": 16, "bit_depth": 24}
    assert "only 16 of 24 bits" in f.message


def test_16_bit_audio_in_float_wav(tmp_path, gen, run_rule):
    p = gen.write_wav(tmp_path / "pad.wav", as_16_bit(voice()), SR, subtype="FLOAT")
    [f] = run_rule(p, "T003")
    assert f.data["effective_bit_depth"] == 16 and "float" in f.message
    # a float's exponent bits are never zero: the message says what was measured (review 41)
    assert "always zero" not in f.message
    assert f.message.startswith("16-bit audio stored as 32-bit float: every sample is a whole")
    assert "at most 2^15 steps from zero" in f.message


def test_real_depths_quiet(tmp_path, gen, run_rule):
    x = voice()
    gen.write_wav(tmp_path / "real24.wav", x, SR, subtype="PCM_24")
    gen.write_flac(tmp_path / "real16.flac", x, SR)
    gen.write_wav(tmp_path / "float.wav", x * 0.9, SR, subtype="FLOAT")
    assert run_rule(tmp_path, "T003") == []


@needs_alsa
def test_16_bit_audio_turned_up_in_float(tmp_path, run_rule):
    """A 16-bit recording normalised in float and saved as 32-bit float (review 42: such copies
    of CMU ARCTIC's aew, turned up 1.2 times, ranked over their 16-bit originals as "32-bit")
    lies on a grid of its own step: 16-bit audio. Resampled in float it lies on none."""
    x, sr = prompt("Front_Center")  # ALSA's 16-bit prompt, read as float
    sf.write(tmp_path / "loud.wav", (1.2 * x).astype(np.float32), sr, subtype="FLOAT")
    [f] = run_rule(tmp_path / "loud.wav", "T003")
    assert f.data == {"effective_bit_depth": 16, "bit_depth": 32}
    assert "whole number of one step, at most 2^15 steps from zero" in f.message
    y = resample_poly(1.2 * x, 2, 1).astype(np.float32)
    sf.write(tmp_path / "resampled.wav", y, 2 * sr, subtype="FLOAT")
    assert run_rule(tmp_path / "resampled.wav", "T003") == []
