"""Fixed-duration frames over a stream of blocks, with results that ignore block boundaries.

Several measurements summarise the signal per short frame (20 ms for silence, 100 ms steps for
loudness gating). :class:`FrameSums` places frame boundaries at absolute sample positions, so a
frame that straddles two decoder blocks is summed across them, and feeding the same audio in
blocks of any size gives the same frames.
"""

from __future__ import annotations

import functools
import weakref

import numpy as np


def power_db(power, floor_db: float | None = None):
    """Mean-square power to dB (10*log10); zero power gives ``floor_db`` (default ``None``)."""
    power = float(power)
    if power <= 0.0:
        return floor_db
    return 10.0 * np.log10(power)


def finite(block: np.ndarray) -> np.ndarray:
    """The block with NaN as 0 and +-inf as +-1 (full scale); the same array when all finite.

    Only float files can hold such values; left in, one NaN would poison every running sum and
    the loudness filter's state for the rest of the file. Every analyser is handed the same
    decoded block in turn (:func:`audiolint.analysis.feed`), so the answer for the last block
    seen is kept (:class:`LastBlock`) and the check runs once per block, not once per analyser.
    """
    known = _FINITE.get(block)
    if known is not None:
        return known
    out = block
    if not np.isfinite(block).all():
        out = np.nan_to_num(block, nan=0.0, posinf=1.0, neginf=-1.0)
        out.flags.writeable = False  # shared by the analysers that ask next
    _FINITE.put(block, out)
    return out


def mono(block: np.ndarray) -> np.ndarray:
    """The mean of a (frames, channels) block's channels, as float32 (read-only when computed:
    the mix of the last block is kept for the next analyser that asks, as :func:`finite` does).

    A matrix product: numpy's ``mean(axis=1)`` over a short axis is several times slower, and
    a one-column product hits a slow BLAS path, so a mono block's column is returned as is.
    """
    if block.shape[1] == 1:
        return block[:, 0]
    if block.shape[1] == 0:  # no channel at all: silence, not a division by zero
        return np.zeros(len(block), np.float32)
    known = _MONO.get(block)
    if known is not None:
        return known
    weights = np.full(block.shape[1], 1.0 / block.shape[1], np.float32)
    out = (block @ weights).astype(np.float32, copy=False)
    out.flags.writeable = False
    _MONO.put(block, out)
    return out


class LastBlock:
    """What a function gave for the last block it was asked about, found again by identity.

    The block is held by a weak reference (an array that is gone can never match a new one
    that reuses its address), and (block, answer) is replaced as one tuple, so threads that
    analyse different files only miss, never read another file's answer. An answer that is the
    block itself is stored as ``None`` (no strong reference to the block)."""

    def __init__(self):
        self.last: tuple = (None, None)

    def get(self, block: np.ndarray) -> np.ndarray | None:
        ref, out = self.last
        if ref is None or ref() is not block:
            return None
        return block if out is None else out

    def put(self, block: np.ndarray, out: np.ndarray) -> None:
        try:
            ref = weakref.ref(block)
        except TypeError:  # not weak-referenceable: nothing kept
            return
        self.last = (ref, None if out is block else out)


_FINITE, _MONO, _ROWS, _HEARD = LastBlock(), LastBlock(), LastBlock(), LastBlock()


def heard(block: np.ndarray) -> np.ndarray:
    """:func:`audiolint.analysis.excerpt.content` of a (frames, channels) block and its
    :func:`mono` mix: the mix, or where the channels are in antiphase the channel that carries
    the signal. Kept for the last block, as the mix is: voice, harmony, the fingerprint and the
    grid excerpt each ask it of every block (about 30 us a 65,536-frame stereo block)."""
    return heard_with_mix(block)[1]


def heard_with_mix(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the mix :func:`heard` compared, its answer): the answer is the mix itself exactly when
    the channels are not in antiphase. Kept as one pair, so ``answer is mix`` holds whatever
    other threads do to :func:`mono`'s own slot between two calls."""
    known = _HEARD.get(block)
    if known is not None:
        return known
    from audiolint.analysis.excerpt import content  # here: excerpt imports this module

    mix = mono(block)
    pair = (mix, content(block, mix))
    _HEARD.put(block, pair)
    return pair


def channel_rows(block: np.ndarray) -> np.ndarray:
    """The (frames, channels) block as read-only, contiguous float64 rows, one per channel:
    the levels and the loudness meter both read this copy, which is made once per block and
    kept for the next analyser that asks (as :func:`mono` keeps its mix)."""
    known = _ROWS.get(block)
    if known is not None:
        return known
    out = np.ascontiguousarray(block.T, dtype=np.float64)  # (a new view of a float64 block)
    out.flags.writeable = False
    _ROWS.put(block, out)
    return out


def channel_mean(block: np.ndarray, dtype=np.float32) -> np.ndarray:
    """``block.mean(axis=1, dtype=dtype)`` for a (frames, channels) block, value for value up
    to 7 channels (numpy too adds them in order there; from 8 it adds pairwise, and that is
    what is run then), in a fraction of its time: numpy reduces a short last axis slowly
    (a stereo 65,536-frame block: 1.8 ms against 0.1 ms). A mono block's column comes back
    as is when it already has ``dtype``."""
    channels = block.shape[1]
    if channels == 1:
        return block[:, 0].astype(dtype, copy=False)
    if not 1 < channels < 8:
        return block.mean(axis=1, dtype=dtype)
    out = block[:, 0].astype(dtype)
    for c in range(1, channels):
        out += block[:, c]
    out /= dtype(channels)
    return out


def channel_sum(a: np.ndarray) -> np.ndarray:
    """``a.sum(axis=2)`` of an array whose last axis holds the channels (the spectrum's
    frames), in a fraction of its time (numpy reduces a last axis of 2 elements slowly): value
    for value up to 7 channels, where numpy too adds them in order; from 8 up numpy adds
    pairwise and the two can differ in the last bit."""
    out = a[:, :, 0].copy() if a.shape[2] > 1 else a[:, :, 0]
    for c in range(1, a.shape[2]):
        out += a[:, :, c]
    return out


def below(values: np.ndarray, limit: float) -> np.ndarray:
    """``values < limit`` for a float ``limit``, compared in ``values``' own dtype: a float64
    limit would make numpy convert a float32 array to float64 first (several times the time).
    The limit is rounded up to the dtype, which gives every value the same answer: the values
    under a real number are those under the first representable number at or above it."""
    edge = values.dtype.type(limit)
    if float(edge) < limit:
        edge = np.nextafter(edge, values.dtype.type(np.inf))
    return np.less(values, edge)


def above(values: np.ndarray, limit: float) -> np.ndarray:
    """``values > limit``, as :func:`below` (the limit rounded down to ``values``' dtype)."""
    edge = values.dtype.type(limit)
    if float(edge) > limit:
        edge = np.nextafter(edge, values.dtype.type(-np.inf))
    return np.greater(values, edge)


def row_means(rows: np.ndarray, keepdims: bool = False) -> np.ndarray:
    """``rows.mean(axis=1, keepdims=keepdims)`` of a float64 array, the same values (numpy's
    mean is this sum divided by the count, in float64) without its Python layers (about 8 us a
    call: the voice analyser takes four a block)."""
    return np.add.reduce(rows, axis=1, keepdims=keepdims) / rows.shape[1]


@functools.lru_cache(maxsize=64)
def fft_size(n: int) -> int:
    """The smallest 5-smooth number (2^a 3^b 5^c) >= ``n``: an FFT size pocketfft does quickly
    (a size with a large prime factor, such as 706 = 2 x 353, costs several times as much)."""
    best = 1 << max(0, int(n - 1).bit_length())
    p3 = 1
    while p3 < best:
        p35 = p3
        while p35 < best:
            m = p35
            while m < n:
                m *= 2
            best = min(best, m)
            p35 *= 5
        p3 *= 3
    return best


def overlapping(x: np.ndarray, count: int, length: int, hop: int) -> np.ndarray:
    """``count`` rows of ``length`` samples of the 1-D array ``x``, ``hop`` apart, as a view
    (``sliding_window_view(x, length)[::hop][:count]``, whose checks and ``as_strided``'s
    interface round trip cost more than the frames' own work on a block of a few dozen)."""
    step = x.strides[0]
    if not x.flags.c_contiguous:
        return np.lib.stride_tricks.as_strided(x, (count, length), (hop * step, step))
    return np.ndarray((count, length), x.dtype, buffer=x, strides=(hop * step, step))


def windows(x: np.ndarray, length: int) -> np.ndarray:
    """Every ``length``-sample window of the 1-D array ``x`` as a view, row i from sample i:
    ``sliding_window_view(x, length)``'s rows without its checks (~20 us a call, a tenth of
    the grid searches' overhead on a short file); its error where ``x`` is too short."""
    if x.ndim != 1 or len(x) < length:
        return np.lib.stride_tricks.sliding_window_view(x, length)
    return overlapping(x, len(x) - length + 1, length, 1)


def sliding(reduce: np.ufunc, x: np.ndarray, width: int) -> np.ndarray:
    """``reduce`` (``np.maximum`` or ``np.minimum``) over every ``width``-long window of the
    1-D ``x``: ``sliding_window_view(x, width).max(axis=1)`` (or ``.min``), value for value (a
    maximum is one of the values), in log2(width) passes instead of ``width``: windows of
    doubling length, then two of them overlapping."""
    out, span = x, 1
    while 2 * span <= width:
        out = reduce(out[:-span], out[span:])  # out[i]: over x[i : i + 2 * span]
        span *= 2
    count = len(x) - width + 1
    if span < width:
        out = reduce(out[:count], out[width - span : width - span + count])
    return out[:count]


def runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and (exclusive) ends of the runs of True in a 1-D boolean array."""
    padded = np.zeros(len(mask) + 2, np.int8)  # np.diff's prepend/append: twice the time
    padded[1:-1] = mask
    edges = padded[1:] - padded[:-1]
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


class FrameSums:
    """Sum per-sample values (shape (n, width)) over consecutive frames of ``frame_ms``.

    Frame ``k`` covers samples ``[k*sr*ms // 1000, (k+1)*sr*ms // 1000)``, so rates where a
    frame is not a whole number of samples (11025 Hz, 100 ms) still tile the stream exactly.
    """

    def __init__(self, sample_rate: int, frame_ms: int, width: int):
        self.step = int(sample_rate) * int(frame_ms)  # frame k starts at k * step // 1000
        self.pos = 0  # samples consumed so far
        self.k = 0  # index of the frame being filled
        self.partial = np.zeros(width)
        self.partial_n = 0

    def _bound(self, k):
        return (k * self.step) // 1000

    def push(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Add the next ``values``; return (sums, counts) of the frames this completes."""
        n = len(values)
        start, end = self.pos, self.pos + n
        self.pos = end
        # the last frame boundary inside (start, end]: largest k with k*step // 1000 <= end
        k_last = ((end + 1) * 1000 - 1) // self.step
        bounds = self._bound(np.arange(self.k + 1, k_last + 1, dtype=np.int64)) - start
        if not len(bounds):
            self.partial += values.sum(axis=0)
            self.partial_n += n
            return np.zeros((0, len(self.partial))), np.zeros(0, dtype=np.int64)
        self.k = k_last
        closes_exactly = bounds[-1] == n
        starts = np.concatenate(([0], bounds[:-1] if closes_exactly else bounds))
        sums = np.add.reduceat(values, starts, axis=0)
        counts = np.diff(np.concatenate((starts, [n])))
        sums[0] += self.partial
        counts[0] += self.partial_n
        if closes_exactly:
            self.partial, self.partial_n = np.zeros_like(self.partial), 0
            return sums, counts
        self.partial, self.partial_n = sums[-1].copy(), int(counts[-1])
        return sums[:-1], counts[:-1]

    def remainder(self) -> tuple[np.ndarray, int]:
        """The sum and sample count of the last, incomplete frame (count 0 when none)."""
        return self.partial.copy(), self.partial_n
