"""frames.windows: sliding_window_view's rows as a plain strided view (the grid searches' and
the imaging search's frames), value for value, and its error where the array is too short."""

import numpy as np
import pytest

from audiolint.analysis.frames import windows


@pytest.mark.parametrize("length", [1, 7, 480, 2048, 4096])
def test_windows_are_sliding_window_views_rows(length):
    x = np.random.default_rng(3).standard_normal(4096).astype(np.float32)
    got = windows(x, length)
    want = np.lib.stride_tricks.sliding_window_view(x, length)
    assert got.shape == want.shape and np.array_equal(got, want)
    assert np.shares_memory(got, x)  # a view, no copy


def test_windows_of_a_strided_array_and_of_a_too_short_one():
    x = np.arange(100.0)[::3]
    assert np.array_equal(windows(x, 5), np.lib.stride_tricks.sliding_window_view(x, 5))
    with pytest.raises(ValueError):
        windows(np.zeros(10, np.float32), 11)
