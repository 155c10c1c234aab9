"""frames.row_means is numpy's ``rows.mean(axis=1)`` of a float64 array bit for bit (the voice
and reverb analysers take it instead of the method, for its lower fixed cost), keepdims too."""

from __future__ import annotations

import numpy as np

from audiolint.analysis.frames import row_means


def test_row_means_equal_numpy_mean_bit_for_bit():
    rng = np.random.default_rng(21)
    for rows, width in ((1, 1), (3, 7), (34, 320), (5, 12), (0, 12), (200, 192), (2, 1001)):
        x = rng.standard_normal((rows, width)) * 10.0 ** rng.uniform(-8, 8, (rows, 1))
        for keepdims in (False, True):
            got, want = row_means(x, keepdims), x.mean(axis=1, keepdims=keepdims)
            assert got.dtype == want.dtype and got.shape == want.shape
            assert got.tobytes() == want.tobytes()


def test_row_means_of_a_strided_view():
    """The reverb's frames are a reshaped copy; the voice's shape steps a difference of views."""
    x = np.random.default_rng(22).standard_normal((40, 24))[::2, ::3]
    assert row_means(x).tobytes() == x.mean(axis=1).tobytes()
