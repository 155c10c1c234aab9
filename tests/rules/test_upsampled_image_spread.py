"""T002: a gentle filter's images flicker with what they mirror; a codec's top band mirrors nothing.

Regression: a wall at a lower rate's Nyquist frequency N whose band just past N comes and goes
from frame to frame (spread 10 dB or more over the loud frames) was made inconclusive as a
codec's top band. FFmpeg's swresample with ``kaiser_beta=4`` from 11.025 to 48 kHz (tune half of
benchmarks/resampler_sweep.py, an instrument sample of Debian's sound-icons) lets the band
under N through above it as images that follow the notes: a 54 dB wall at 0.978 N, spread
13 dB, and the band past N that band mirrored (imaging.mirrored). ``resampled_from`` now marks
such a wall ``images`` when the band past N is the band under it mirrored, and the spread no
longer makes it inconclusive then.
"""

from __future__ import annotations

import numpy as np
import soxr
from realaudio import needs_alsa, prompt

from audiolint.analysis import upsampled
from rules.test_upsampled_precision import _candidate


def _copy() -> np.ndarray:
    """ALSA's Front_Left through python-soxr 48 -> 11.025 -> 48 kHz, 16-bit."""
    x, sr = prompt("Front_Left")
    low = np.round(np.clip(soxr.resample(x, sr, 11025), -1, 1) * 32767) / 32768
    return soxr.resample(low, 11025, 48000)


@needs_alsa
def test_a_wall_whose_band_past_n_is_mirrored_is_marked_images():
    up = _copy()
    plain = _candidate(up, 48000, None)
    assert plain["rate"] == 11025 and "images" not in plain
    assert "images" not in _candidate(up, 48000, lambda rate: False)
    assert _candidate(up, 48000, lambda rate: rate == 11025)["images"] is True


@needs_alsa
def test_a_flickering_band_past_n_is_a_codecs_unless_it_is_images():
    found = {**_candidate(_copy(), 48000, lambda rate: rate == 11025), "spread_db": 13.0}
    edge = {"found": True, "cutoff_hz": 5390}
    judged = upsampled.judge(found, edge, {}, 48000)
    assert judged["verdict"] == "upsampled" and judged["upsampled_from"] == 11025
    assert "which it mirrors" in judged["evidence"][-1]
    codec = upsampled.judge({k: v for k, v in found.items() if k != "images"}, edge, {}, 48000)
    assert codec["verdict"] == "inconclusive"
    assert "as a codec's top band does" in codec["evidence"][-1]
