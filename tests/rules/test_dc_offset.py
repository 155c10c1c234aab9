"""S003 dc-offset: a mean above 1 % of full scale warns; a small one does not."""

SR = 22050


def test_offset_above_one_percent(tmp_path, gen, run_rule):
    x = gen.speechlike(SR, 3.0, channels=2).copy()
    x[:, 1] -= 0.025
    p = gen.write_wav(tmp_path / "a.wav", x, SR)
    [f] = run_rule(p, "S003")
    assert f.severity == "warning" and f.term == "DC offset"
    assert "-2.5%" in f.message and abs(f.data["dc_offset"] + 0.025) < 1e-3


def test_small_offset_is_quiet(tmp_path, gen, run_rule):
    gen.write_wav(tmp_path / "a.wav", gen.speechlike(SR, 3.0) + 0.005, SR)
    gen.write_wav(tmp_path / "b.wav", gen.tone(SR, 2.0, amp=0.9), SR)
    assert run_rule(tmp_path, "S003") == []
