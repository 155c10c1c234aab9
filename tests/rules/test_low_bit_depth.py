"""Q004 low-bit-depth: 8-bit lossless audio is flagged; 16-bit and up, and lossy, are not."""


def test_8_bit_wav(tmp_path, gen, run_rule):
    p = gen.write_wav(tmp_path / "a.wav", gen.tone(44100, 1.5), 44100, subtype="PCM_U8")
    [f] = run_rule(p, "Q004")
    assert f.severity == "warning" and f.term == "Bit depth" and f.data == {"bit_depth": 8}


def test_8_bit_flac(tmp_path, gen, run_rule):
    p = gen.write_flac(tmp_path / "a.flac", gen.tone(44100, 1.5), 44100, subtype="PCM_S8")
    [f] = run_rule(p, "Q004")
    assert f.data == {"bit_depth": 8}


def test_16_bit_and_up_quiet(tmp_path, gen, run_rule):
    for sub in ("PCM_16", "PCM_24", "PCM_32", "FLOAT"):
        gen.write_wav(tmp_path / f"{sub}.wav", gen.tone(44100, 1.5), 44100, subtype=sub)
    gen.write_mp3(tmp_path / "a.mp3", gen.tone(44100, 1.5), 44100, kbps=128)
    assert run_rule(tmp_path, "Q004") == []
