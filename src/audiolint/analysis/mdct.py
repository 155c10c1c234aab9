"""The MDCT the codec-grid search takes on a codec's own frame grid: the codecs' windows (sine,
AAC's KBD, Vorbis's power sine, CELT's short-overlap window) and an orthonormal MDCT by folding
and a DCT-IV from scipy's compiled pocketfft, loaded without ``scipy.fft``'s import cost; and,
for CELT's window, the fold of consecutive frames read as copies (:func:`copied`, moved here
from codecgrid.py).
"""

from __future__ import annotations

import functools

import numpy as np

from audiolint.analysis.frames import windows
from audiolint.analysis.loudness import scipy_extension


@functools.lru_cache(maxsize=16)
def window(kind: str, n: int) -> np.ndarray:
    """The 2n-sample MDCT window of ``kind``: sine, kbd (alpha 4, AAC), ac3 (KBD, alpha 5: AC-3
    and E-AC-3), vorbis (power sine) or celt (power-sine slopes over 120 samples, flat between,
    zero outside)."""
    if kind == "celt":
        slope = window("vorbis", 120)[:120]
        pad = np.zeros((n - 120) // 2)
        return np.concatenate([pad, slope, np.ones(n - 120), slope[::-1], pad])
    t = (np.arange(2 * n) + 0.5) / (2 * n)
    if kind == "sine":
        return np.sin(np.pi * t)
    if kind == "vorbis":
        return np.sin(np.pi / 2 * np.sin(np.pi * t) ** 2)
    alpha = 5 if kind == "ac3" else 4
    k = np.cumsum(np.kaiser(n + 1, alpha * np.pi))  # (numpy's: scipy.signal costs ~1 s to import)
    half = np.sqrt(k[:n] / k[n])
    return np.concatenate([half, half[::-1]])


def mdct(frames: np.ndarray, win: np.ndarray, buf: np.ndarray | None = None) -> np.ndarray:
    """Orthonormal MDCT of ``frames`` (..., 2n) -> (..., n), by windowing and folding the four
    quarters (a, b, c, d) into (-c_r - d, a - b_r), then a DCT-IV. ``frames`` may be a strided
    view; it is read once. ``buf``: see :func:`fold` (the result is then a view into it)."""
    return dct4_kernel()(fold(frames, win, buf))


def fold(frames: np.ndarray, win: np.ndarray, buf: np.ndarray | None = None) -> np.ndarray:
    """The windowed fold (-c_r - d, a - b_r) of ``frames`` (..., 2n), as ``[c_r * -w | b_r *
    -w] - [d * w | a * -w]``: the same values as ``a * w - b_r * w`` (negation is exact and
    ``-q - -p`` is ``p - q``), in three products and one subtraction over whole contiguous
    rows, which numpy runs as one loop, not one per row. Reversed reads are numpy's slow path:
    frames one sample apart (a sliding window) read ``c_r | b_r`` forward from a reversed copy
    of their few samples instead (about a quarter quicker on the codec-grid search's frames).
    ``buf``, a C-contiguous (2, rows, n) array of the result's dtype with at least as many rows
    as ``frames`` (2-d), is written instead of two new arrays, and the result is a view into
    it: a search folding chunk after chunk would otherwise have the system map and clear fresh
    pages for every chunk (about as long as the fold's own arithmetic)."""
    n = frames.shape[-1] // 2
    h = n // 2
    dtype = np.result_type(frames, win)
    lead = frames.shape[:-1]
    if buf is None:
        u, rest = np.empty(lead + (n,), dtype), np.empty(lead + (n,), dtype)
    else:
        u, rest = buf[0, : len(frames)], buf[1, : len(frames)]
    neg = -win
    neg_r = neg[n + h - 1 : h - 1 : -1].copy()  # read forward: a reversed operand is slower
    step = frames.itemsize
    # frames[i, j] = x[i + j] (no rows: the general path, which reads none)
    if frames.ndim == 2 and len(frames) and frames.strides == (step, step):
        rows = len(frames)
        back = np.concatenate((frames[:, 0], frames[-1, 1:]))[::-1].copy()
        back = np.ndarray((rows, 2 * n), frames.dtype, back, strides=(step, step))[::-1]
        np.multiply(back[:, n - h : 2 * n - h], neg_r, out=u)
    else:
        np.multiply(frames[..., n + h - 1 : h - 1 : -1], neg_r, out=u)
    np.multiply(frames[..., n + h :], win[n + h :], out=rest[..., :h])
    np.multiply(frames[..., :h], neg[:h], out=rest[..., h:])
    return np.subtract(u, rest, out=u)


POCKETFFT = "scipy.fft._pocketfft.pypocketfft"


@functools.lru_cache(maxsize=1)
def dct4_kernel():
    """``dct4(u)``: orthonormal DCT-IV along the last axis, overwriting ``u``. Importing
    ``scipy.fft`` costs about as much as ``scipy.signal`` (it loads scipy's array-API layer),
    so its compiled pocketfft is loaded alone (:func:`~audiolint.analysis.loudness.
    scipy_extension`); the public ``scipy.fft.dct`` if scipy's layout ever changes."""
    try:
        dct = scipy_extension(POCKETFFT).dct
        dct(np.zeros((1, 4)), 4, (-1,), 1, None, 1, None)  # the signature this relies on
    except Exception:  # noqa: BLE001 - any failure: the public function instead
        import scipy.fft

        return lambda u: scipy.fft.dct(u, type=4, axis=-1, norm="ortho", overwrite_x=True)
    return lambda u: dct(u, 4, (u.ndim - 1,), 1, u, 1, None)  # 1: orthonormal


def copied(x: np.ndarray, count: int, n: int, win: np.ndarray):
    """For a window at 1 over the middle and 0 at the ends (CELT's), the fold of the frames at
    0 .. count - 1 (:func:`mdct.fold`) is, but for ``e`` columns at each end, the samples read
    backwards and negated: ``(rows, left, right)``, a view of those rows and the end columns of
    every frame, by the fold's own products and subtraction. Elsewhere the fold multiplies by 1
    and 0, exactly: the same values (a zero's sign aside, which no count reads), without the
    fold's passes. None for other windows (AAC's, Vorbis's) and samples not all finite."""
    h = n // 2
    a = win[n + h - 1 : h - 1 : -1].copy()  # the weight of the sample read backwards
    b = np.concatenate([win[n + h :], win[:h]])  # ... and of the other, in column order
    flat = (a == 1) & (b == 0)
    e = int(np.argmax(flat))
    if not (count and flat.any() and 0 < e < h and flat[e : n - e].all() and np.isfinite(x).all()):
        return None
    back = (-x)[::-1].copy()
    step = back.itemsize
    # row i, column j: -x[i + n + h - 1 - j], i.e. back[len(x) - n - h - i + j]
    first = (len(x) - n - h) * step
    rows = np.ndarray((count, n), back.dtype, back, first, (-step, step))
    frames = windows(x, 2 * n)[:count]
    left = rows[:, :e] * a[:e] - frames[:, n + h : n + h + e] * win[n + h : n + h + e]
    right = rows[:, n - e :] * a[n - e :] - frames[:, n - h - e : n - h] * -win[n - h - e : n - h]
    return rows, left, right


def fold_copied(copied, i: int, buf: np.ndarray) -> np.ndarray:
    """The MDCT of the ``len(buf[0])`` frames from i on (the search's chunk) from
    :func:`copied`'s parts, in ``buf``."""
    rows, left, right = (part[i : i + buf.shape[1]] for part in copied)
    e = left.shape[1]
    u = buf[0, : len(rows)]
    np.copyto(u, rows)
    u[:, :e], u[:, -e:] = left, right
    return dct4_kernel()(u)
