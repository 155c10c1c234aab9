"""Percentiles and medians without ``numpy.ma``: ``np.percentile`` and ``np.median``, bit for bit.

numpy's default ('linear') percentile sorts its neighbouring indexes with ``np.unique``, and
its median checks for a masked array with ``np.ma.isMaskedArray``: either first call imports
``numpy.ma`` (~18 ms of a one-file check's start-up, in the worker that analyses the file).
This module computes the same things the same way (percentile: the same virtual indexes,
``np.partition``, the same gamma and numpy's own two-sided lerp; median: the same partition and
``np.mean`` of the middle one or two; NaN slices read as NaN), with the partition's indexes
deduplicated in Python and no masked-array check (the analysers pass plain arrays). Only the
linear method, without ``out``, ``keepdims`` or ``weights``: what the analysers use. Checked
against numpy in tests/test_quantile.py. Also a running median, scipy.ndimage's
``median_filter`` value for value (:func:`median_filter`; checked in tests/test_startup.py).
"""

from __future__ import annotations

import math

import numpy as np


def percentile(a, q, axis: int | None = None):
    """``np.percentile(a, q, axis=axis)``: same value, dtype and shape (a numpy scalar for a
    scalar ``q`` over the whole array), same errors for ``q`` out of [0, 100] or no values."""
    if (
        type(a) is np.ndarray  # first: a list has no ndim
        and (axis is None or (axis == 0 and a.ndim))
        and type(q) in (int, float)
        and a.dtype in _FLOATS
        and 0 < a.size < QUICK_FROM
        and 0 <= q <= 100
    ):
        return _one(a.ravel() if axis is None else a, q)
    a = np.asanyarray(a)
    if a.dtype.kind == "c":
        raise TypeError("a must be an array of real numbers")
    weak_q = type(q) in (int, float)  # numpy's weak promotion of a plain Python q
    quantiles = np.true_divide(q, 100, out=...)
    if quantiles.ndim > 1:
        raise ValueError("q must be a scalar or 1d")
    if not (quantiles.min() >= 0 and quantiles.max() <= 1):
        raise ValueError("Percentiles must be in the range [0, 100]")
    arr = a.ravel() if axis is None else np.moveaxis(a, axis, 0)
    n = arr.shape[0]
    if n == 0:
        raise IndexError("no values to take a percentile of")  # as np.percentile: IndexError
    virtual = np.asanyarray((n - 1) * quantiles)
    previous, following = _indexes(virtual, n)
    gamma = np.asanyarray(virtual - previous, dtype=virtual.dtype)
    gamma = float(gamma) if weak_q else gamma.reshape(virtual.shape + (1,) * (arr.ndim - 1))
    quick = _order_stats(arr, previous, following)
    if quick is not None:
        return _lerp(*quick, gamma)
    kth = sorted({0, n - 1, *(int(i) % n for i in (*previous.ravel(), *following.ravel()))})
    arr = np.partition(arr, kth, axis=0)
    result = _lerp(arr[previous], arr[following], gamma)
    if np.issubdtype(arr.dtype, np.inexact):
        nans = np.isnan(arr[-1, ...])
        if np.any(nans):
            if result.ndim == 0:
                result = arr[-1]
            else:
                np.copyto(result, arr[-1, ...], where=nans)
    return result


def _one(arr: np.ndarray, q: float):
    """:func:`percentile` along the first axis of a small float array at one plain Python ``q``
    in [0, 100]: numpy's steps, with the index arithmetic on Python floats and ints instead of
    0-d arrays (whose overhead costs more than the partition itself: 65 us against 2 us for 70
    values, 130 against 20 us for 5 rows of 100). The virtual index, its floor and gamma are
    float64 operations either way; the lerp runs in the array's dtype, a Python float's
    promotion being weak, as it is in :func:`_lerp`, with one branch for the whole array
    (gamma is one number)."""
    n = arr.shape[0]
    virtual = (n - 1) * (q / 100)
    if virtual >= n - 1:  # numpy's _get_indexes: both indexes -1, gamma from -1
        previous = following = -1
        gamma = virtual + 1.0
    else:
        previous = math.floor(virtual)
        following = previous + 1
        gamma = virtual - previous
    part = np.partition(arr, sorted({0, n - 1, previous % n, following % n}), axis=0)
    a, b, last = part[previous], part[following], part[-1]
    diff = b - a
    out = b - diff * (1 - gamma) if gamma >= 0.5 else a + diff * gamma
    if arr.ndim == 1:
        return last if last != last else out  # a NaN (sorted last): numpy's answer
    nans = np.isnan(last)
    if nans.any():
        np.copyto(out, last, where=nans)
    return out


def _order_stats(arr: np.ndarray, previous: np.ndarray, following: np.ndarray):
    """``(sorted[previous], sorted[following])`` along axis 0 of ``arr`` from partitions about
    the ``previous`` positions alone, one at a time (numpy partitions about the first, the last
    and every ``following`` too, at once: several times the cost on long or many slices), each
    ``following`` read as the smallest value after its ``previous``; None (numpy's way instead)
    for other dtypes, a NaN, a -0.0, the last position (-1), or few values."""
    if arr.dtype not in _QUICK or previous.min() < 0 or following.min() < 0:
        return None
    if arr.size < QUICK_FROM:  # numpy's way costs less there
        return None
    if arr.dtype.kind == "f" and (np.isnan(arr).any() or ((arr == 0) & np.signbit(arr)).any()):
        return None  # a NaN, or -0.0 beside 0.0: which of the two a partition leaves is open
    n = arr.shape[0]
    kth = sorted(set(previous.ravel().tolist()))
    # positions along the last axis of contiguous rows (partitioning strided slices is slower)
    work = np.ascontiguousarray(np.moveaxis(arr, 0, -1)) if arr.ndim > 1 else arr
    # about the last position first, then each earlier one within the part before the last:
    # a partition about several positions at once costs more than these smaller ones
    part = np.partition(work, kth[-1], axis=-1)
    for k, upto in zip(kth[-2::-1], kth[:0:-1], strict=True):
        part[..., :upto] = np.partition(part[..., :upto], k, axis=-1)

    def at(index: int) -> np.ndarray:
        if index in kth:
            return part[..., index]
        upto = next((k for k in kth if k > index), n)  # the next partition point, or the end
        return part[..., index:upto].min(axis=-1)

    def values(indexes: np.ndarray) -> np.ndarray:
        if indexes.ndim == 0:
            return at(int(indexes))
        return np.stack([at(int(i)) for i in indexes])

    return values(previous), values(following)


def _indexes(virtual, n: int):
    """The sorted positions either side of each virtual index (the last value past the end), as
    numpy's ``_get_indexes`` gives them: -1 for the last, so gamma is computed from -1 too."""
    previous = np.floor(virtual, out=...)
    following = np.add(previous, 1, out=...)
    above = virtual >= n - 1
    if above.any():
        previous[above] = -1
        following[above] = -1
    below = virtual < 0
    if below.any():
        previous[below] = 0
        following[below] = 0
    return previous.astype(np.intp), following.astype(np.intp)


def _lerp(a, b, t):
    """numpy's quantile lerp: from ``a`` below t = 0.5, from ``b`` above (the ends are exact)."""
    diff = b - a
    out = np.add(a, diff * t, out=...)
    np.subtract(b, diff * (1 - t), out=out, where=t >= 0.5, casting="unsafe", dtype=type(out.dtype))
    return out[()] if out.ndim == 0 else out


def median(a, axis: int | None = None):
    """``np.median(a, axis=axis)``: same value, dtype and shape (a numpy scalar over the whole
    array, NaN where a slice holds one).

    numpy partitions about the middle one or two positions and the last (for NaN); along an
    axis of short slices that costs 3x one partition about the upper middle, whose lower half's
    largest value is the lower middle. That is done here for float32/float64 and integers when
    no slice holds a NaN (then the values are the same order statistics, and ``np.mean`` of two
    is their sum from +0.0, over 2: done the same way here); anything else as numpy does it."""
    a = np.asanyarray(a)
    if a.ndim and a.size and a.dtype in _QUICK:
        quick = _middle(a.ravel() if axis is None else a, 0 if axis is None else axis)
        if quick is not None:
            return quick
    return _median(a, axis)


def median_filter(values: np.ndarray, width: int) -> np.ndarray:
    """A running median over an odd ``width``, edges extended with the end values: what
    ``scipy.ndimage.median_filter(values, size=width, mode="nearest")`` gives for a 1-D array,
    value for value (a median of an odd count is one of the values), without importing
    scipy.ndimage (0.3-0.6 s) for a few thousand bins."""
    half = width // 2
    padded = np.pad(values, half, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, width)
    return np.partition(windows, half, axis=1)[:, half]


QUICK_FROM = 4000  # values from which percentile's own partitions are quicker than numpy's
_QUICK = tuple(map(np.dtype, (np.float64, np.float32, np.int8, np.int16, np.int32, np.int64)))
_FLOATS = _QUICK[:2]


def _middle(a: np.ndarray, axis: int):
    """The median along ``axis`` from one partition, or None when a slice holds a NaN."""
    axis = range(a.ndim)[axis]
    size = a.shape[axis]
    floats = a.dtype.kind == "f"
    if floats and np.isnan(a).any():
        return None
    k = size // 2
    if axis != a.ndim - 1 and a.ndim > 1:
        # slices as contiguous rows: partitioning strided slices costs twice the copy
        a, axis = np.ascontiguousarray(np.moveaxis(a, axis, -1)), a.ndim - 1
    part = np.partition(a, k, axis=axis)
    upper = part.take(k, axis=axis)
    if not floats:
        upper = upper.astype(np.float64)  # np.mean of integers adds them as float64
    if size % 2:
        result = upper + 0.0  # np.mean's sum starts from +0.0: a -0.0 median reads 0.0
    else:
        lower = part[(slice(None),) * axis + (slice(0, k),)].max(axis=axis)
        if not floats:
            lower = lower.astype(np.float64)
        result = np.true_divide((lower + 0.0) + upper, 2)
    return result[()] if result.ndim == 0 else result


def _median(a: np.ndarray, axis: int | None):
    """np.median's own way: a partition about the middle one or two positions and the last."""
    if axis is not None:
        axis = range(a.ndim)[axis]
    size = a.size if axis is None else a.shape[axis]
    kth = [size // 2 - 1, size // 2] if size % 2 == 0 else [(size - 1) // 2]
    nans = np.issubdtype(a.dtype, np.inexact) or a.dtype.kind in "Mm"
    if nans:
        kth.append(-1)
    part = np.partition(a, kth, axis=axis)
    if part.shape == ():
        return part.item()
    axis = 0 if axis is None else axis
    index = part.shape[axis] // 2
    middle = [slice(None)] * part.ndim
    odd = part.shape[axis] % 2 == 1
    middle[axis] = slice(index, index + 1) if odd else slice(index - 1, index + 1)
    result = np.mean(part[tuple(middle)], axis=axis)
    if not (nans and size > 0):
        return result
    last = part.take(-1, axis=axis)
    found = np.isnan(last)
    if not found.any():
        return result
    if isinstance(result, np.generic):
        return last
    np.copyto(result, last, where=found)
    return result
