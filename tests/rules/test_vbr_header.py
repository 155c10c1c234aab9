"""F003 vbr-without-header: a VBR MP3 stripped of its Xing header gets its true length."""

import numpy as np


def _varying(gen, sr, seconds):
    quiet = gen.tone(sr, seconds / 2, amp=0.05)
    loud = gen.noise(sr, seconds / 2, amp=0.5)
    return np.concatenate([quiet, loud])


def test_stripped_vbr_is_reported_with_true_length(tmp_path, gen, run_rule):
    src = gen.write_mp3(tmp_path / "v.mp3", _varying(gen, 44100, 6.0), 44100, mode="VBR")
    stripped = gen.strip_xing(src, tmp_path / "stripped.mp3")
    [f] = run_rule(stripped, "F003")
    assert f.severity == "info" and f.term == "Bitrate mode"
    assert abs(f.data["actual_s"] - 6.0) < 0.1
    assert abs(f.data["claimed_s"] - f.data["actual_s"]) > 0.2


def test_duration_property_is_the_true_one(tmp_path, gen):
    from audiolint import inspect

    src = gen.write_mp3(tmp_path / "v.mp3", _varying(gen, 44100, 6.0), 44100, mode="VBR")
    stripped = gen.strip_xing(src, tmp_path / "stripped.mp3")
    fr = inspect(stripped)
    assert abs(fr.properties.duration_s - 6.0) < 0.1
    assert fr.properties.bitrate_mode == "VBR"


def test_vbr_with_header_and_cbr_are_quiet(tmp_path, gen, run_rule):
    gen.write_mp3(tmp_path / "v.mp3", _varying(gen, 44100, 3.0), 44100, mode="VBR")
    gen.write_mp3(tmp_path / "c.mp3", _varying(gen, 44100, 3.0), 44100, kbps=128)
    assert run_rule(tmp_path, "F003") == []
