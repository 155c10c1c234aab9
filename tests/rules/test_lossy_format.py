"""Q001 lossy-format: every lossy codec is flagged, no lossless one is."""


def test_lossy_codecs_flagged(tmp_path, gen, run_rule):
    gen.write_mp3(tmp_path / "a.mp3", gen.tone(44100, 1.5), 44100, kbps=320)
    gen.write_vorbis(tmp_path / "b.ogg", gen.tone(44100, 1.5), 44100)
    gen.write_opus(tmp_path / "c.opus", gen.tone(48000, 1.5), 48000)
    found = run_rule(tmp_path, "Q001")
    assert sorted(f.data["codec"] for f in found) == ["mp3", "opus", "vorbis"]
    assert all(f.severity == "warning" and f.term == "Lossy formats" for f in found)
    # names written as their makers write them: MP3 an acronym, Opus and Vorbis words
    named = sorted(f.message.split(":")[0] for f in found)
    assert named == ["lossy MP3", "lossy Opus", "lossy Vorbis"]


def test_lossless_quiet(tmp_path, gen, run_rule):
    gen.write_wav(tmp_path / "a.wav", gen.tone(44100, 1.5), 44100, subtype="PCM_24")
    gen.write_flac(tmp_path / "b.flac", gen.tone(44100, 1.5), 44100)
    gen.write_aiff(tmp_path / "c.aiff", gen.tone(44100, 1.5), 44100)
    assert run_rule(tmp_path, "Q001") == []
