"""Q002 low-bitrate: warning under 192 kbps, error under 128 kbps, lossless never."""

import pytest


@pytest.mark.parametrize(("kbps", "severity"), [(96, "error"), (160, "warning")])
def test_low_bitrates(tmp_path, gen, run_rule, kbps, severity):
    p = gen.write_mp3(tmp_path / "a.mp3", gen.speechlike(44100, 2.0), 44100, kbps=kbps)
    [f] = run_rule(p, "Q002")
    assert f.severity == severity and f.term == "Bitrate"
    assert f.data["kbps"] == kbps


def test_high_bitrate_and_lossless_quiet(tmp_path, gen, run_rule):
    gen.write_mp3(tmp_path / "a.mp3", gen.speechlike(44100, 2.0), 44100, kbps=256)
    gen.write_wav(tmp_path / "b.wav", gen.speechlike(8000, 2.0), 8000, subtype="PCM_U8")
    assert run_rule(tmp_path, "Q002") == []


def test_thresholds_are_options(tmp_path, gen, run_rule):
    p = gen.write_mp3(tmp_path / "a.mp3", gen.speechlike(44100, 2.0), 44100, kbps=256)
    opts = {"Q002": {"warn_below_kbps": 300, "error_below_kbps": 128}}
    [f] = run_rule(p, "Q002", rule_options=opts)
    assert f.severity == "warning"
