"""Q003 low-sample-rate: below the target is a warning, below 32 kHz an error."""

import pytest


@pytest.mark.parametrize(
    ("rate", "severity"), [(16000, "error"), (22050, "error"), (32000, "warning")]
)
def test_low_rates(tmp_path, gen, run_rule, rate, severity):
    p = gen.write_wav(tmp_path / "a.wav", gen.tone(rate, 1.5), rate)
    [f] = run_rule(p, "Q003")
    assert f.severity == severity and f.term == "Sample rate"
    assert f.data == {"sample_rate": rate, "target_rate": 40000}


def test_target_rate_setting(tmp_path, gen, run_rule):
    p = gen.write_wav(tmp_path / "a.wav", gen.tone(44100, 1.5), 44100)
    assert run_rule(p, "Q003") == []
    [f] = run_rule(p, "Q003", target_rate=48000)
    assert f.severity == "warning" and "48 kHz" in f.message


def test_rates_at_or_above_target_quiet(tmp_path, gen, run_rule):
    for rate in (40000, 44100, 48000, 96000):
        gen.write_flac(tmp_path / f"{rate}.flac", gen.tone(rate, 1.5), rate)
    assert run_rule(tmp_path, "Q003") == []


def test_opus_counts_the_rate_it_was_encoded_from(tmp_path, gen, run_rule):
    """Opus always decodes at 48 kHz; a file encoded from 24 kHz audio holds nothing above
    12 kHz, and its OpusHead says so."""
    p = gen.write_opus(tmp_path / "low.opus", gen.tone(24000, 1.5), 24000)
    [f] = run_rule(p, "Q003")
    assert f.severity == "error" and f.data["sample_rate"] == 24000
    assert f.message.startswith("encoded from 24 kHz audio (decoded at 48 kHz), it is far below")
