"""D002 mixed-sample-rates: one warning with the counts per rate; one rate is quiet."""


def test_mixed_rates(tmp_path, gen, run_rule):
    for i, rate in enumerate((44100, 44100, 48000, 16000)):
        gen.write_wav(tmp_path / f"{i}.wav", gen.tone(rate, 1.0), rate)
    [f] = run_rule(tmp_path, "D002")
    assert f.severity == "warning" and f.term == "Sample rate"
    assert f.data == {"by_sample_rate": {"44100": 2, "48000": 1, "16000": 1}}
    assert "3 sample rates: 44.1 kHz (2 files), 48 kHz (1 file), 16 kHz (1 file)" in f.message
    assert "16 kHz files limit" in f.message


def test_one_rate_across_formats_is_quiet(tmp_path, gen, run_rule):
    gen.write_wav(tmp_path / "a.wav", gen.tone(48000, 1.0), 48000)
    gen.write_flac(tmp_path / "b.flac", gen.tone(48000, 1.0), 48000, subtype="PCM_24")
    gen.write_mp3(tmp_path / "c.mp3", gen.tone(48000, 1.0), 48000, kbps=192)
    gen.write_text_as(tmp_path / "d.wav")  # unreadable: has no rate to count
    assert run_rule(tmp_path, "D002") == []
