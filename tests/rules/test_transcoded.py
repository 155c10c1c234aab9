"""T001 transcoded: lossless files decoded from MP3 are flagged with the evidence; genuine
full-band audio, native low-rate audio and real MP3 files are not."""

from fidelity_cases import SR, via_mp3, voice


def test_mp3_128_saved_as_flac(tmp_path, gen, run_rule):
    p = via_mp3(tmp_path / "fake.flac", voice(), kbps=128)
    [f] = run_rule(p, "T001")
    assert f.severity == "warning" and f.term == "Transcoding"
    assert 16000 <= f.data["cutoff_hz"] <= 17300 and f.data["depth_db"] >= 40
    assert "MP3 around 112-128 kbps" in f.message and "does not restore quality" in f.message


def test_mp3_192_saved_as_wav(tmp_path, gen, run_rule):
    p = via_mp3(tmp_path / "fake.wav", voice(), kbps=192, store="wav")
    [f] = run_rule(p, "T001")
    assert 18300 <= f.data["cutoff_hz"] <= 19200 and "192 kbps" in f.message


def test_genuine_quiet(tmp_path, gen, run_rule):
    gen.write_flac(tmp_path / "full.flac", voice(), SR)
    gen.write_flac(tmp_path / "native22k.flac", voice(22050), 22050)
    gen.write_mp3(tmp_path / "real.mp3", voice(), SR, kbps=128)  # lossy, but not a fake
    assert run_rule(tmp_path, "T001") == []
