"""The small-array path of :func:`audiolint.analysis.quantile.percentile` (one plain Python q,
a float array under ``QUICK_FROM`` values, over the whole array or along its first axis, the
index arithmetic on Python numbers) equals ``np.percentile`` bit for bit: value, type, shape,
the sign of a zero, NaN and infinities."""

from __future__ import annotations

import numpy as np
import pytest

from audiolint.analysis import quantile
from audiolint.analysis.quantile import percentile

QS = [0, 100, 95, 10, 25, 20, 50, 99.9, 0.1, 37.5, 75, 1e-9, 100 - 1e-9]


def _same(got, want) -> None:
    assert type(got) is type(want), (type(got), type(want))
    assert np.asarray(got).tobytes() == np.asarray(want).tobytes(), (got, want)


def _cases(rng, dtype):
    for n in (1, 2, 3, 5, 8, 70, 333, 1001, quantile.QUICK_FROM - 1):
        x = (rng.standard_normal(n) * 10.0 ** rng.uniform(-6, 6)).astype(dtype)
        yield x
        yield np.round(x)  # ties
        yield np.zeros(n, dtype) * -1.0  # -0.0 throughout
        for bad in (np.nan, np.inf, -np.inf):
            y = x.copy()
            y[rng.integers(0, n)] = bad
            yield y
        yield np.full(n, np.inf, dtype)
        yield x.reshape(-1, 1)  # flattened over the whole array, as numpy does


def _rows(rng, dtype):
    for shape in ((1, 3), (5, 100), (7, 1), (40, 99), (6, 4, 3)):
        x = (rng.standard_normal(shape) * 30 - 20).astype(dtype)
        yield x
        y = np.round(x)
        y[0, 0], y[-1, -1] = np.nan, np.inf
        yield y


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_short_path_equals_numpy(dtype):
    rng = np.random.default_rng(11)
    with np.errstate(all="ignore"):
        for x in _cases(rng, dtype):
            for q in QS + [float(rng.uniform(0, 100)), int(rng.integers(0, 101))]:
                _same(percentile(x, q), np.percentile(x, q))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_along_the_first_axis_it_equals_numpy(dtype):
    rng = np.random.default_rng(12)
    with np.errstate(all="ignore"):
        for x in _rows(rng, dtype):
            for q in QS:
                got, want = percentile(x, q, axis=0), np.percentile(x, q, axis=0)
                assert got.shape == want.shape
                _same(got, want)


def test_the_short_path_is_taken():
    """Arrays under QUICK_FROM values with a plain q go through ``_one`` (else this test
    checks nothing new), longer ones and numpy q do not."""
    calls = []
    original = quantile._one

    def spy(arr, q):
        calls.append(len(arr))
        return original(arr, q)

    quantile._one = spy
    try:
        percentile(np.arange(10.0), 95)
        percentile(np.arange(float(quantile.QUICK_FROM)), 95)
        percentile(np.arange(10.0), np.float64(95))
        percentile(np.arange(10, dtype=np.int64), 95)
        percentile(np.ones((3, 4)), 95, axis=0)
        percentile(np.ones((3, 4)), 95, axis=1)
    finally:
        quantile._one = original
    assert calls == [10, 3]


def test_a_list_gives_numpy_s_value_along_an_axis_too():
    """A plain list (no ndim) with axis 0 or None: numpy's value, not an AttributeError from the
    short path's checks (review 1 S1: e2255e6 read ``a.ndim`` before asking for an array)."""
    rows = [[1.0, 5.0], [2.0, 7.0], [4.0, 6.0]]
    for axis in (None, 0):
        assert np.array_equal(percentile(rows, 50, axis=axis), np.percentile(rows, 50, axis=axis))
    assert percentile([1.0, 2.0, 3.0], 50, axis=0) == 2.0
