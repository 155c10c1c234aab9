"""T004 lossy-reencoded: a 320 kbps MP3 made from 16 kHz audio (libsoxr down and up, as the
real-material corpus's from-16k files) is flagged; a 320 kbps MP3 of full-band audio and a 128
kbps MP3 (whose narrow band fits its bitrate) are not."""

import soxr
from fidelity_cases import SR, voice


def test_320k_mp3_from_16k_source(tmp_path, gen, run_rule):
    x = soxr.resample(soxr.resample(voice(SR, 3.0), SR, 16000), 16000, SR)
    p = gen.write_mp3(tmp_path / "re.mp3", x, SR, kbps=320)
    [f] = run_rule(p, "T004")
    assert f.severity == "warning" and f.term == "Transcoding"
    assert f.data["cutoff_hz"] < 10000 and f.data["expected_cutoff_hz"] >= 19000
    assert "re-encoded from a worse source" in f.message and "320 kbps MP3" in f.message
    assert f.data["origin"] == "16 kHz audio"


def test_matching_bandwidth_quiet(tmp_path, gen, run_rule):
    gen.write_mp3(tmp_path / "ok320.mp3", voice(), SR, kbps=320)
    gen.write_mp3(tmp_path / "ok128.mp3", voice(), SR, kbps=128)
    assert run_rule(tmp_path, "T004") == []


def test_a_file_with_no_reported_bitrate_is_worded_not_crashed():
    """An MP3 whose headers report no bitrate, with a narrow band measured: a finding, no
    TypeError (an internal error before)."""
    from pathlib import Path

    from audiolint.context import FileContext
    from audiolint.models import Properties
    from audiolint.probe import ProbeResult
    from audiolint.rules import lossy_reencoded

    props = Properties(codec="mp3", lossless=False, channels=2, sample_rate=44100)
    probe = ProbeResult(Path("x.mp3"), props, "mp3", "mp3")
    fid = {"reencoded": True, "cutoff_hz": 11000, "expected_cutoff_hz": 19500, "origin": None}
    ctx = FileContext(Path("x.mp3"), "x.mp3", probe, fidelity=fid)
    [p] = lossy_reencoded.check(ctx, {})
    assert "0 kbps MP3 keeps about 19.5 kHz" in p.message
