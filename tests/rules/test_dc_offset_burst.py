"""S003 asks that an offset be held: most 50 ms stretches lean the way their median does.

Review 43b: Red Eclipse's 0.23 s ``headshot`` announcement read "DC offset of -4.5% of full
scale held through the file"; its four stretches' means swing -5.5, +11.6, -20.7 and +6.5 %, a
lopsided burst, not an offset. Here the loudest 0.23 s of ALSA's Front_Center prompt under a
slow 7 Hz swell (12 % of full scale): its whole mean is 2.1 % and its median stretch leans one
way, but its stretches do not; the same excerpt with a true 2 % bias added is still flagged.
"""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompt


def _burst(bias: float, swell: float) -> tuple[np.ndarray, int]:
    x, sr = prompt("Front_Center")
    start = int(np.argmax(np.abs(x))) - sr // 10
    seg = x[start : start + int(0.23 * sr)].astype(np.float64)
    t = np.arange(len(seg)) / sr
    return seg + bias + swell * np.sin(2 * np.pi * 7.0 * t), sr


@needs_alsa
def test_a_lopsided_burst_is_no_held_offset(tmp_path, run_rule):
    y, sr = _burst(0.0, 0.12)
    assert abs(y.mean()) > 0.01  # the whole mean is over S003's limit
    sf.write(tmp_path / "burst.wav", y, sr, subtype="PCM_16")
    assert run_rule(tmp_path / "burst.wav", "S003") == []


@needs_alsa
def test_a_bias_on_the_same_burst_is_held(tmp_path, run_rule):
    y, sr = _burst(0.02, 0.0)
    sf.write(tmp_path / "bias.wav", y, sr, subtype="PCM_16")
    [f] = run_rule(tmp_path / "bias.wav", "S003")
    assert f.data["dc_steady"] > 0.015 and "held through the file" in f.message
