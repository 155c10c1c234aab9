"""T002 names the old rate whose images a 48 kHz file holds, not the rate they fold back about.

32 kHz audio brought to 48 kHz by a zero-order hold or linear interpolation holds its images
above 16 kHz and, folded back from above 24 kHz, at 16 - f kHz: mirrored about 8 kHz, as a
16 kHz source's images are. A 16 kHz source's images mirror a band its own anti-alias filter
emptied at 8 kHz, a notch there; the folded ones go on across 8 kHz. Regression: the 32 kHz
copies (libsamplerate's ZERO_ORDER_HOLD and LINEAR, benchmarks/resampler_sweep.py) were named
16 kHz.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import PROMPTS, needs_alsa, prompt
from rules.test_upsampled_images import hold, linear

from audiolint.analysis import codecgrid, imaging


def copy(interpolate, old: int) -> np.ndarray:
    """Three ALSA prompts (48 kHz) brought down to ``old`` by python-soxr, as 16-bit samples,
    and up again to 48 kHz by ``interpolate``."""
    parts = [prompt(name) for name in PROMPTS[:3]]
    x, sr = np.concatenate([p for p, _ in parts]), parts[0][1]
    low = np.round(soxr.resample(x, sr, old) * 32767) / 32768
    return interpolate(low, old, 48000)


def frames_of(x: np.ndarray) -> imaging.Frames:
    """The spectra of the spans the fidelity analyser keeps."""
    excerpt = codecgrid.Excerpt()
    excerpt.update(x.astype(np.float32)[:, None])
    return imaging.frames_db(excerpt.spans(), 48000, 16)


@needs_alsa
@pytest.mark.parametrize("interpolate", [hold, linear])
@pytest.mark.parametrize("old", [32000, 16000])
def test_the_old_rate_is_named_not_the_one_its_images_fold_about(
    tmp_path, run_rule, interpolate, old
):
    sf.write(tmp_path / "up.wav", copy(interpolate, old), 48000, subtype="PCM_16")
    [f] = run_rule(tmp_path / "up.wav", "T002")
    assert f.data["upsampled_from"] == old
    assert f"upsampled from {old / 1000:g} kHz to 48 kHz" in f.message


@needs_alsa
def test_a_16_khz_source_falls_into_8_khz_and_32_khz_images_go_on_across_it():
    # the measurement the choice rests on: a 16 kHz source was band-limited under 8 kHz
    falls = imaging.fall_db(frames_of(copy(hold, 16000)), 16000)
    across = imaging.fall_db(frames_of(copy(hold, 32000)), 16000)
    assert falls["fall_db"] >= 2 * imaging.FALL_DB
    # the band under 8 kHz stands well over the floor, so a fall would show: there is none
    assert across["fall_db"] < imaging.FALL_DB and across["room_db"] >= imaging.ROOM_DB
