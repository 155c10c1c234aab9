"""S004 loudness: integrated loudness below -35 LUFS warns; a normal level does not."""

SR = 22050


def test_too_quiet(tmp_path, gen, run_rule):
    p = gen.write_wav(tmp_path / "a.wav", gen.speechlike(SR, 3.0, amp=0.05), SR)
    [f] = run_rule(p, "S004")
    assert f.severity == "warning" and f.term == "Loudness"
    assert -45 < f.data["loudness_lufs"] < -38 and "LUFS" in f.message


def test_normal_level_and_too_short_are_quiet(tmp_path, gen, run_rule):
    gen.write_wav(tmp_path / "a.wav", gen.speechlike(SR, 3.0, amp=0.2), SR)
    gen.write_wav(tmp_path / "short.wav", gen.tone(SR, 0.3, amp=0.001), SR)  # < one block
    assert run_rule(tmp_path, "S004") == []
