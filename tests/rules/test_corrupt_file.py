"""F001 corrupt-file: empty, text, truncated and garbage files are errors; good files are not."""

import numpy as np
import pytest
from realaudio import needs_alsa, prompts


def test_empty_file(tmp_path, run_rule):
    p = tmp_path / "empty.wav"
    p.write_bytes(b"")
    [f] = run_rule(p, "F001")
    assert f.severity == "error" and f.term == "Corrupt file"
    assert "empty" in f.message


def test_text_with_audio_extension(tmp_path, run_rule):
    p = tmp_path / "notes.flac"
    p.write_text("these are my recording notes, not audio at all\n" * 5)
    [f] = run_rule(p, "F001")
    assert "not an audio file" in f.message and "text" in f.message


def test_header_then_garbage(tmp_path, gen, run_rule):
    good = gen.write_wav(tmp_path / "good.wav", gen.tone(44100, 1.0), 44100)
    bad = tmp_path / "bad.wav"
    bad.write_bytes(good.read_bytes()[:12] + bytes(range(256)) * 4)
    [f] = run_rule(bad, "F001")
    assert "unreadable" in f.message or "truncated" in f.message


def test_truncated_wav_reports_claimed_and_actual(tmp_path, gen, run_rule):
    good = gen.write_wav(tmp_path / "good.wav", gen.tone(44100, 2.0), 44100)
    cut = tmp_path / "cut.wav"
    data = good.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    [f] = run_rule(cut, "F001")
    assert "truncated" in f.message
    assert f.data["claimed_s"] == 2.0 and 0.9 < f.data["actual_s"] < 1.1


def test_random_bytes(tmp_path, run_rule):
    p = tmp_path / "noise.mp3"
    p.write_bytes(np.random.default_rng(1).integers(0, 256, 5000, dtype=np.uint8).tobytes())
    [f] = run_rule(p, "F001")
    assert f.severity == "error"


def test_good_files_are_quiet(tmp_path, gen, run_rule):
    gen.write_wav(tmp_path / "a.wav", gen.tone(44100, 1.5), 44100)
    gen.write_flac(tmp_path / "b.flac", gen.tone(48000, 1.5), 48000)
    gen.write_mp3(tmp_path / "c.mp3", gen.tone(44100, 1.5), 44100, kbps=192)
    assert run_rule(tmp_path, "F001") == []


def test_truncated_flac_found_by_decoding(tmp_path, gen, run_rule):
    good = gen.write_flac(tmp_path / "good.flac", gen.tone(48000, 3.0), 48000)
    cut = tmp_path / "cut.flac"
    data = good.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    [f] = run_rule(cut, "F001")
    assert f.message.startswith("truncated or damaged: decoding stopped between ")
    assert "of the 3.00 s the header promises" in f.message


@needs_alsa
@pytest.mark.parametrize("kept", [0.5, 0.9])
def test_an_mp3_cut_under_its_lame_header_is_truncated(tmp_path, gen, run_rule, kept):
    """ALSA's prompts as a 128 kbps MP3 (LAME's Info header counts its frames), cut in half:
    the header still promised the whole length and the file read as whole (review 50e: 10.86 s
    promised, 5.4 s of frames; S002 spoke "of 5.4 s"), as a cut WAV does not; and cut at 90 %
    of its bytes, which read as whole under a 15 % tolerance (review 51c)."""
    x = prompts(0.3)[0]
    whole = gen.write_mp3(tmp_path / "whole.mp3", x, 48000, kbps=128)
    cut = tmp_path / "cut.mp3"
    data = whole.read_bytes()
    cut.write_bytes(data[: int(len(data) * kept)])
    assert run_rule(whole, "F001") == []
    [f] = run_rule(cut, "F001")
    length = len(x) / 48000
    assert f.message.startswith("truncated: decoding ended at ") and f"{length:.2f} s" in f.message


def test_an_adts_length_guessed_from_its_first_frames_is_no_promise():
    """Review 50f: a VBR ADTS AAC opening on silence, its length guessed from its first frames'
    bitrate as 22.09 s, decoded 15.84 s and read "truncated"; an MP3's header length is the
    audio's own (its frames, or LAME's count), and the same shortfall there is a cut file."""
    from types import SimpleNamespace

    from audiolint.models import Properties
    from audiolint.probe.lengths import short_decode

    rate = 22050
    for container, said in (("adts", None), ("mp3", "truncated: decoding ended at 15.84 s")):
        props = Properties(container=container, sample_rate=rate, duration_s=22.09)
        message = short_decode(SimpleNamespace(properties=props), round(15.84 * rate))
        assert (message or "").startswith(said or "") and bool(message) == bool(said), message


def test_an_ogg_file_ending_inside_a_page_is_truncated(tmp_path, run_rule):
    """Review 51c: Ogg Vorbis and Opus files cut at 10, 50 or 90 % of their bytes read as whole
    (mutagen's length is the last whole page's granule). A committed real recording
    (tests/data/klettres_ml_kah.txt) as KLettres ships it, and cut at 60 % of its bytes."""
    from pathlib import Path

    whole = Path(__file__).parents[1] / "data" / "klettres_ml_kah.ogg"
    cut = tmp_path / "cut.ogg"
    data = whole.read_bytes()
    cut.write_bytes(data[: int(len(data) * 0.6)])
    assert run_rule(whole, "F001") == []
    [f] = run_rule(cut, "F001")
    assert f.message.startswith("truncated: the file ends inside an Ogg page")


def test_an_adts_stream_or_an_mp3_without_xing_cut_mid_frame_is_truncated(tmp_path, run_rule):
    """Review 51c: ADTS and MP3s with no length header, cut at 10-90 % of their bytes, read
    whole (their length is what is present) or as FFmpeg's raw "Invalid data found". Their last
    frame is begun and not ended. A committed real recording (tests/data/sr_english.txt)."""
    from pathlib import Path

    import audiogen
    import soundfile as sf

    from audiolint.probe import mpeg

    pytest.importorskip("av", reason="FFmpeg (PyAV) writes the ADTS stream")
    x, rate = sf.read(str(Path(__file__).parents[1] / "data" / "sr_english.flac"), dtype="float32")
    adts = audiogen._pyav_encode(tmp_path / "a.aac", "adts", "aac", x.reshape(-1, 1), rate,
                                 bit_rate=96000)  # fmt: skip
    mp3 = audiogen.write_mp3(tmp_path / "m.mp3", x, rate, kbps=128).read_bytes()
    info = mpeg._parse(mp3[:4])[0]  # LAME's Info frame: dropped, so nothing states a length
    (tmp_path / "n.mp3").write_bytes(mp3[info:])
    # FFmpeg stops an ADTS stream cut there before its last packet (elsewhere it hands that
    # packet on, and F001 says "the file ends inside an ADTS frame": review 51c's cuts)
    adts_said = "truncated or damaged: decoding stopped at "
    mp3_said = "truncated: the file ends inside an MP3 frame, "
    for whole, said in ((adts, adts_said), (tmp_path / "n.mp3", mp3_said)):
        cut = tmp_path / f"cut{whole.suffix}"
        data = whole.read_bytes()
        cut.write_bytes(data[: int(len(data) * 0.6) + 7])
        assert run_rule(whole, "F001") == []
        [f] = run_rule(cut, "F001")
        assert f.message.startswith(said) and "/" not in f.message, f.message
        at = float(f.message[len(said) :].split(" s")[0])
        assert at == pytest.approx(0.6 * len(x) / rate, abs=0.2), f.message
