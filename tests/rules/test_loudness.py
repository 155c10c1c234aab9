"""S004 loudness: integrated loudness below -35 LUFS warns; a normal level does not."""

from fractions import Fraction

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompt

SR = 22050


def test_too_quiet(tmp_path, gen, run_rule):
    p = gen.write_wav(tmp_path / "a.wav", gen.speechlike(SR, 3.0, amp=0.05), SR)
    [f] = run_rule(p, "S004")
    assert f.severity == "warning" and f.term == "Loudness"
    assert -45 < f.data["loudness_lufs"] < -38 and "LUFS" in f.message


def test_normal_level_and_too_short_are_quiet(tmp_path, gen, run_rule):
    gen.write_wav(tmp_path / "a.wav", gen.speechlike(SR, 3.0, amp=0.2), SR)
    gen.write_wav(tmp_path / "short.wav", gen.tone(SR, 0.3, amp=0.001), SR)  # < one block
    assert run_rule(tmp_path, "S004") == []


def _loudness(x, rate):
    from audiolint.analysis.loudness import Loudness

    meter = Loudness(rate, 1)
    meter.update(x[:, None].astype(np.float32))
    return meter.result()["loudness_lufs"]


def _resampled(x, old, new):
    from scipy.signal import resample_poly

    step = Fraction(new, old)
    return resample_poly(x, step.numerator, step.denominator, window=("kaiser", 10.0))


@needs_alsa
@pytest.mark.parametrize("rate", [2000, 3000, 4000, 6000])
def test_low_rate_speech_reads_as_it_does_at_48k(tmp_path, run_rule, rate):
    # The shelf's 1.68 kHz corner is above a 3 kHz file's Nyquist frequency: the prewarped
    # K-weighting blew up there ("nan LUFS") and read 4-6 kHz speech 0.3-0.4 dB loud. The same
    # band-limited speech brought to 48 kHz is the standard's reading (FFmpeg's ebur128 after
    # aresample=48000 gives it too).
    speech, sr = prompt("Front_Center")
    x = (0.01 * _resampled(speech, sr, rate)).astype(np.float32)
    reference = _loudness(_resampled(x, rate, 48000), 48000)
    assert _loudness(x, rate) == pytest.approx(reference, abs=0.1)
    # S004 says it with a number, under -35 LUFS, and says nothing at a normal level
    path = tmp_path / "quiet.wav"
    sf.write(path, x, rate, subtype="PCM_16")
    [f] = run_rule(path, "S004")
    assert f.data["loudness_lufs"] == pytest.approx(reference, abs=0.1) and "nan" not in f.message
    sf.write(path, 30 * x, rate, subtype="PCM_16")
    assert run_rule(path, "S004") == []


@needs_alsa
def test_a_level_just_under_the_line_is_not_printed_on_it(tmp_path, run_rule):
    """Review 39: a clip at -35.01 LUFS read "-35.0 LUFS is below -35 LUFS". ALSA's prompt set
    to -35.01 LUFS (loudness scales with the gain; float keeps it exact) prints two places."""
    x, sr = prompt("Front_Left")
    x = x * 10 ** ((-35.01 - _loudness(x, sr)) / 20)
    path = tmp_path / "quiet.wav"
    sf.write(path, x.astype(np.float32), sr, subtype="FLOAT")
    [f] = run_rule(path, "S004")
    assert "-35.01 LUFS is below -35 LUFS" in f.message
