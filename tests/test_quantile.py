"""The analysers' percentile and median equal ``np.percentile`` and ``np.median`` bit for bit
(value, dtype and shape), and load no ``numpy.ma`` (issue 14: start-up)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from audiolint.analysis.quantile import median, percentile


def _same(got, want) -> None:
    assert type(got) is type(want), (type(got), type(want))
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, want.dtype)
    # bit for bit, NaN included
    assert got.tobytes() == want.tobytes(), (got, want)


QS = [0, 100, 50, 95, 10, 20, 99.9, 37.5, [75, 25], [25, 50, 75], [0, 100]]
QS += [np.float64(95), np.array(95)]  # numpy q: no weak promotion


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int16, np.int64])
def test_equals_numpy_on_random_arrays(dtype):
    rng = np.random.default_rng(7)
    for n in (1, 2, 3, 7, 100, 1001):
        a = (rng.standard_normal(n) * 1000).astype(dtype)
        for q in QS:
            _same(percentile(a, q), np.percentile(a, q))


def test_equals_numpy_along_an_axis_and_over_the_whole_array():
    rng = np.random.default_rng(8)
    for shape in ((1, 5), (6, 1), (9, 13), (4, 5, 3)):
        a = rng.standard_normal(shape) * 60 - 40
        for axis in (None, *range(-a.ndim, a.ndim)):
            for q in (95, 0, 100, 33.3, [75, 25]):
                _same(percentile(a, q, axis=axis), np.percentile(a, q, axis=axis))


def test_ties_constants_and_infinities():
    for a in (
        np.zeros(10),
        np.full(5, -120.0),
        np.array([1.0, 1.0, 2.0, 2.0]),
        np.array([-np.inf, 0.0, np.inf]),
    ):
        for q in (0, 10, 50, 95, 100, [25, 75]):
            with np.errstate(invalid="ignore"):
                _same(percentile(a, q), np.percentile(a, q))


def test_nan_reads_as_nan_like_numpy():
    a = np.array([3.0, np.nan, 1.0, 2.0])
    _same(percentile(a, 50), np.percentile(a, 50))
    b = np.array([[1.0, 2.0], [np.nan, 4.0], [5.0, 6.0]])
    for axis in (None, 0, 1):
        for q in (10, [10, 90]):
            _same(percentile(b, q, axis=axis), np.percentile(b, q, axis=axis))
    assert np.isnan(percentile(a, 50)) and np.isnan(percentile(b, 90, axis=0)[0])
    assert percentile(b, 90, axis=0)[1] == pytest.approx(5.6)  # the column without NaN is read


def test_does_not_change_its_input_and_refuses_what_numpy_refuses():
    a = np.array([5.0, 1.0, 4.0, 2.0, 3.0])
    kept = a.copy()
    percentile(a, [10, 90])
    assert np.array_equal(a, kept)
    for q in (-1, 101, np.nan):
        with pytest.raises(ValueError):
            percentile(a, q)
    with pytest.raises(IndexError):
        np.percentile(np.array([]), 50)
    with pytest.raises(IndexError):
        percentile(np.array([]), 50)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int16, np.int64])
def test_median_equals_numpy(dtype):
    rng = np.random.default_rng(9)
    for n in (1, 2, 3, 4, 7, 100, 1001):
        a = (rng.standard_normal(n) * 1000).astype(dtype)
        _same(median(a), np.median(a))
    for shape in ((1, 5), (6, 1), (9, 13), (4, 5, 3)):
        a = (rng.standard_normal(shape) * 60).astype(dtype)
        for axis in (None, *range(-a.ndim, a.ndim)):
            _same(median(a, axis=axis), np.median(a, axis=axis))


def test_median_of_nan_ties_and_empty_like_numpy():
    b = np.array([[1.0, 2.0], [np.nan, 4.0], [5.0, 6.0]])
    for axis in (None, 0, 1, -1):
        _same(median(b, axis=axis), np.median(b, axis=axis))
    assert np.isnan(median(b, axis=0)[0]) and median(b, axis=0)[1] == 4.0
    for a in (np.zeros(6), np.array([1.0, 1.0, 2.0, 2.0]), np.array([-np.inf, 0.0, np.inf])):
        _same(median(a), np.median(a))
    with np.errstate(invalid="ignore"), pytest.warns(RuntimeWarning):
        _same(median(np.zeros((2, 0)), axis=1), np.median(np.zeros((2, 0)), axis=1))


def test_one_partition_paths_equal_numpy_on_signed_zeros_ties_and_long_slices():
    """median partitions once (about the upper middle) and percentile about the lower of each
    pair of positions, and each reads the neighbour as the largest or smallest value beside
    it: the same values as numpy's partition, -0.0 beside 0.0 and ties included."""
    rng = np.random.default_rng(10)
    qs = (10, 25, 50, 95, 99.9, [75, 25], [10, 10.5, 90])
    for dtype in (np.float64, np.float32, np.int16, np.uint8, np.float16):
        for shape in ((2,), (57,), (58,), (5000,), (5001,), (920, 58), (24, 200), (4, 5, 3)):
            for kind in ("values", "ties", "zeros"):
                a = rng.standard_normal(shape) * 100
                if kind == "ties":
                    a = np.round(a / 50)
                elif kind == "zeros":
                    a = np.where(rng.random(shape) < 0.5, -0.0, 0.0)
                a = a.astype(dtype)
                for axis in (None, *range(-a.ndim, a.ndim)):
                    with np.errstate(all="ignore"):
                        _same(median(a, axis=axis), np.median(a, axis=axis))
                        for q in qs:
                            _same(percentile(a, q, axis=axis), np.percentile(a, q, axis=axis))


def test_loads_no_numpy_ma():
    code = (
        "import sys, numpy as np\n"
        "from audiolint.analysis.quantile import median, percentile\n"
        "percentile(np.arange(10.0), [25, 50, 75]); percentile(np.ones((3, 4)), 95, axis=0)\n"
        "median(np.arange(10.0)); median(np.ones((3, 4)), axis=1)\n"
        "print('numpy.ma' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]
