"""T003 padded-bits: 16-bit audio stored as 24-bit WAV or as float is flagged (info) with the
exact effective depth; real 24-bit audio, 16-bit files and real float audio are not."""

import numpy as np
from fidelity_cases import SR, voice


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


def test_real_depths_quiet(tmp_path, gen, run_rule):
    x = voice()
    gen.write_wav(tmp_path / "real24.wav", x, SR, subtype="PCM_24")
    gen.write_flac(tmp_path / "real16.flac", x, SR)
    gen.write_wav(tmp_path / "float.wav", x * 0.9, SR, subtype="FLOAT")
    assert run_rule(tmp_path, "T003") == []
