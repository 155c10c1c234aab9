"""F002 extension-mismatch: content that contradicts its extension."""


def test_mp3_named_wav(tmp_path, gen, run_rule):
    src = gen.write_mp3(tmp_path / "x.mp3", gen.tone(44100, 1.5), 44100, kbps=192)
    fake = tmp_path / "song.wav"
    fake.write_bytes(src.read_bytes())
    [f] = run_rule(fake, "F002")
    assert f.severity == "warning" and f.term == "File extension"
    assert "MP3" in f.message and f.data == {"extension": ".wav", "content": "mp3"}


def test_flac_named_mp3(tmp_path, gen, run_rule):
    src = gen.write_flac(tmp_path / "x.flac", gen.tone(48000, 1.5), 48000)
    fake = tmp_path / "song.mp3"
    fake.write_bytes(src.read_bytes())
    [f] = run_rule(fake, "F002")
    assert "FLAC" in f.message


def test_matching_extensions_are_quiet(tmp_path, gen, run_rule):
    gen.write_wav(tmp_path / "a.WAV", gen.tone(44100, 1.5), 44100)
    gen.write_vorbis(tmp_path / "b.ogg", gen.tone(44100, 1.5), 44100)
    gen.write_opus(tmp_path / "c.opus", gen.tone(48000, 1.5), 48000)
    gen.write_aiff(tmp_path / "d.aif", gen.tone(44100, 1.5), 44100)
    assert run_rule(tmp_path, "F002") == []
