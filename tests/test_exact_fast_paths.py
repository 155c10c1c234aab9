"""The analysers' fast paths give numpy's own values: channel means summed channel by channel,
and float32 arrays compared with float64 limits in their own dtype (issue 15)."""

import numpy as np
import pytest

from audiolint.analysis.frames import above, below, channel_mean
from tests.realaudio import PROMPTS, needs_alsa, prompt


@needs_alsa
@pytest.mark.parametrize("channels", [1, 2, 3, 6, 7, 8, 10])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_channel_mean_is_numpys_mean(channels, dtype):
    # real speech, a different prompt per channel (a 5.1 file's channels differ)
    parts = [prompt(PROMPTS[c % len(PROMPTS)])[0][:40000] for c in range(channels)]
    block = np.stack(parts, axis=1).astype(np.float32) * np.float32(0.9)
    got, want = channel_mean(block, dtype), block.mean(axis=1, dtype=dtype)
    assert got.dtype == want.dtype and np.array_equal(got, want)


@needs_alsa
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_limits_compared_in_the_arrays_dtype_answer_as_in_float64(dtype):
    x = prompt("Front_Left")[0].astype(dtype)
    power = np.square(x)
    edges = [float(v) for v in power[::997] if v > 0]
    # the grids' limits, limits on sample powers, and just above them (between two float32
    # values: rounded to the nearest, the limit would fall on the sample and flip its answer)
    limits = [2.0**-15 / np.sqrt(12) * k for k in (1, 3, 100)] + edges
    limits += [v * (1 + 2.0**-30) for v in edges] + [v * (1 - 2.0**-30) for v in edges]
    for limit in limits:
        exact = power.astype(np.float64)
        assert np.array_equal(below(power, limit), exact < limit)
        assert np.array_equal(above(power, limit), exact > limit)
        nudged = np.nextafter(dtype(limit), dtype(np.inf))
        assert np.array_equal(below(power, float(nudged)), exact < float(nudged))
