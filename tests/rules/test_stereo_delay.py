"""S006 tells a channel that is the other delayed: the mono mix training tools make of such a
pair is a comb filter (review 43b: ALSA-like speech with one channel delayed 0.5-20 ms read
only "stereo; training tools mix it to mono", its mix notched 32 dB at 500, 1500, 2500 Hz for a
1 ms delay). A delay that turns the voice's fundamental by half a turn reads as anti-phase at no
delay: it is told as a delay, since inverting a channel would not mend it. Dual mono, two
unrelated prompts and a one-sample shift (first cancellation at 24 kHz) are not told."""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompt, prompts
from scipy.signal import resample_poly

from audiolint import api


def _pair(tmp_path, name: str, left: np.ndarray, right: np.ndarray, sr: int):
    path = tmp_path / name
    sf.write(path, 0.7 * np.stack([left, right], axis=1), sr, subtype="PCM_16")
    return path


def _delayed(x: np.ndarray, samples: int) -> np.ndarray:
    return np.concatenate([np.zeros(samples, x.dtype), x[: len(x) - samples]])


@needs_alsa
def test_a_delayed_channel_names_where_the_mono_mix_cancels(tmp_path, run_rule):
    x, sr = prompts(0.3)
    [f] = run_rule(_pair(tmp_path, "d1.wav", x, _delayed(x, sr // 1000), sr), "S006")
    assert f.severity == "warning" and f.data["channel_lag_ms"] == 1.0
    assert f.message.startswith("the right channel is the left delayed by 1.00 ms")
    assert "cancels at 500, 1,500, 2,500 Hz and every 1,000 Hz on, measured" in f.message
    assert f.data["channel_lag_correlation"] > 0.95 and f.data["channel_lag_notch_db"] >= 8
    assert f"measured {f.data['channel_lag_notch_db']:.0f} dB under the channels" in f.message


@needs_alsa
def test_only_cancellations_under_the_nyquist_frequency_are_named(tmp_path, run_rule):
    """Review 43c: a 22.05 kHz file delayed 0.12 ms read "cancels ... at 3,676, 11,029, 18,382
    Hz", two of them over its 11.025 kHz top."""
    x, sr = prompts(0.3)
    y = resample_poly(x, 147, 320)  # 48 -> 22.05 kHz
    [f] = run_rule(_pair(tmp_path, "d22.wav", y, _delayed(y, 5), 22050), "S006")
    named = f.message.split("cancels at ")[1].split(" Hz, measured")[0]
    freqs = [float(v.replace(",", "")) for v in named.split(", ")]
    assert freqs and max(freqs) < 11025 and "every" not in f.message, f.message


@needs_alsa
def test_a_delay_that_reads_as_anti_phase_is_told_as_a_delay(tmp_path, run_rule):
    x, sr = prompt("Front_Center")
    path = _pair(tmp_path, "d2.wav", _delayed(x, 2 * sr // 1000), x, sr)
    signal = api.inspect(path).signal
    assert signal["channel_correlation"] < -0.5  # the anti-phase error's line
    [f] = run_rule(path, "S006")
    assert (
        f.severity == "warning" and "the left channel is the right delayed by 2.00 ms" in f.message
    )
    assert "anti-phase" not in f.message


@needs_alsa
def test_no_delay_is_told_where_there_is_none(tmp_path, run_rule):
    x, sr = prompts(0.3)
    other = np.resize(prompt("Rear_Left")[0], len(x))
    for name, right in (("dual.wav", x), ("two.wav", other), ("one.wav", _delayed(x, 1))):
        [f] = run_rule(_pair(tmp_path, name, x, right, sr), "S006")
        assert "delayed" not in f.message and f.severity != "warning", name
