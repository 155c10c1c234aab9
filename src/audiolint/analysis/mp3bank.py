"""MP3's analysis filterbank, as an encoder takes it: the hybrid of a polyphase bank and an MDCT.

MP3 (MPEG audio layer III) splits the signal with a 32-band polyphase filter (hop 32), takes an
18-coefficient MDCT of each band's samples (36 in, sine window) every 576 samples and rotates
neighbouring bands' coefficients by the standard's alias-reduction butterflies (ISO/IEC 11172-3).
:mod:`audiolint.analysis.mp3grid` takes it again on decoded samples to find the encoder's
quantised coefficients; :mod:`audiolint.analysis.mp2grid` reads the polyphase bank alone.
"""

from __future__ import annotations

import functools

import numpy as np

from audiolint.analysis.frames import overlapping

GRANULE, BANDS, TAPS = 576, 32, 512
LONG = 36  # subband samples in a long block's MDCT (18 from each of two granules)
# The ISO/IEC 11172-3 synthesis window D[i] (Annex B, table 3-B.3) times 65536, i = 0..256;
# the rest follows by symmetry. The analysis window C[i] is D[i] / 32 (a scale: unused here).
HALF_WINDOW = np.array([
    0, -1, -1, -1, -1, -1, -1, -2, -2, -2, -2, -3, -3, -4, -4, -5, -5, -6, -7, -7, -8, -9, -10,
    -11, -13, -14, -16, -17, -19, -21, -24, -26, -29, -31, -35, -38, -41, -45, -49, -53, -58,
    -63, -68, -73, -79, -85, -91, -97, -104, -111, -117, -125, -132, -139, -147, -154, -161,
    -169, -176, -183, -190, -196, -202, -208, 213, 218, 222, 225, 227, 228, 228, 227, 224, 221,
    215, 208, 200, 189, 177, 163, 146, 127, 106, 83, 57, 29, -2, -36, -72, -111, -153, -197,
    -244, -294, -347, -401, -459, -519, -581, -645, -711, -779, -848, -919, -991, -1064,
    -1137, -1210, -1283, -1356, -1428, -1498, -1567, -1634, -1698, -1759, -1817, -1870, -1919,
    -1962, -2001, -2032, -2057, -2075, -2085, -2087, -2080, -2063, 2037, 2000, 1952, 1893,
    1822, 1739, 1644, 1535, 1414, 1280, 1131, 970, 794, 605, 402, 185, -45, -288, -545, -814,
    -1095, -1388, -1692, -2006, -2330, -2663, -3004, -3351, -3705, -4063, -4425, -4788, -5153,
    -5517, -5879, -6237, -6589, -6935, -7271, -7597, -7910, -8209, -8491, -8755, -8998, -9219,
    -9416, -9585, -9727, -9838, -9916, -9959, -9966, -9935, -9863, -9750, -9592, -9389, -9139,
    -8840, -8492, -8092, -7640, -7134, 6574, 5959, 5288, 4561, 3776, 2935, 2037, 1082, 70,
    -998, -2122, -3300, -4533, -5818, -7154, -8540, -9975, -11455, -12980, -14548, -16155,
    -17799, -19478, -21189, -22929, -24694, -26482, -28289, -30112, -31947, -33791, -35640,
    -37489, -39336, -41176, -43006, -44821, -46617, -48390, -50137, -51853, -53534, -55178,
    -56778, -58333, -59838, -61289, -62684, -64019, -65290, -66494, -67629, -68692, -69679,
    -70590, -71420, -72169, -72835, -73415, -73908, -74313, -74630, -74856, -74992, 75038,
], dtype=np.float64)  # fmt: skip
# the alias-reduction butterflies' coefficients (ISO/IEC 11172-3, table 3-B.9)
ALIAS = np.array([-0.6, -0.535, -0.33, -0.185, -0.095, -0.041, -0.0142, -0.0037])


@functools.lru_cache(maxsize=2)
def _tables(dtype) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The analysis window reversed (applied to x[p : p + 512] in time order); the 64 x 32
    cosine matrix of the folded window's rows (reversed to match), scaled so that every band's
    filter has unit norm; the long block's orthonormal MDCT (sine window) as a 36 x 18 matrix."""
    d = np.zeros(TAPS)
    d[:257] = HALF_WINDOW
    i = np.arange(1, 257)
    d[TAPS - i] = np.where(i % 64, -HALF_WINDOW[i], HALF_WINDOW[i])
    j, k = np.arange(64), np.arange(BANDS)[None]
    cos = np.cos((2 * k + 1) * (j[:, None] - 16) * np.pi / 64)  # (64, 32)
    filters = d[:, None] * cos[np.arange(TAPS) % 64]  # (512, 32): each band's impulse response
    cos = cos / np.sqrt(np.square(filters).sum(axis=0).mean())
    t, k = np.arange(LONG)[:, None] + 0.5, np.arange(LONG // 2)[None] + 0.5
    basis = np.sin(np.pi * t / LONG) * np.cos(np.pi / (LONG // 2) * (t + LONG / 4) * k)
    basis *= np.sqrt(2 / (LONG // 2))
    return d[::-1].astype(dtype), cos[::-1].astype(dtype), basis.astype(dtype)


def subbands(x: np.ndarray, first: int, count: int, hop: int = BANDS) -> np.ndarray:
    """(count, 32) polyphase subband samples of ``x`` at positions first, first + hop, ...:
    each from the 512 samples starting there (the standard's windowing, folding by 64 and
    cosine matrix)."""
    rev, cos, _ = _tables(x.dtype.type)
    count = min(count, (len(x) - first - TAPS) // hop + 1)  # as [:count] of every window
    frames = overlapping(x[first:], count, TAPS, hop)  # (sliding_window_view's checks: 15 %)
    # windowed and folded by 64 in one einsum (the products, summed in the same order, as the
    # product array einsum'd would give, without writing it: a quarter of the time)
    folded = np.einsum("ijk,jk->ik", frames.reshape(count, TAPS // 64, 64), rev.reshape(-1, 64))
    return folded @ cos


def granules(sub: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """(len(starts), 18, ..., 32) long-block coefficients of the granules whose 36 subband
    samples begin at ``starts`` in ``sub`` ((n, ..., 32), hop 32; overwritten): odd bands' odd
    samples negated (the frequency inversion), a sine-window MDCT per band, the alias-reduction
    butterflies. Coefficient before band: the reductions and butterflies run on contiguous
    rows of bands."""
    _, _, basis = _tables(sub.dtype.type)
    sub[1::2, ..., 1::2] *= -1  # odd samples counted from the start of ``sub``...
    rows = sub.reshape(len(sub), -1)
    coefs = np.empty((len(starts), LONG // 2, rows.shape[1]), sub.dtype)
    np.matmul(basis.T, _blocks(rows, np.asarray(starts)), out=coefs)
    coefs = coefs.reshape((len(starts), LONG // 2) + sub.shape[1:])
    coefs[starts % 2 == 1, ..., 1::2] *= -1  # ...and so from each granule's start
    return _butterflies(coefs)


def _blocks(rows: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """(len(starts), LONG, columns): the ``LONG`` rows of ``rows`` from each of ``starts``, a
    view where the starts are evenly spaced, else a copy. One matmul over them makes the same
    BLAS call per granule as a loop of them did (the same values), at half the time on a
    search's 130 short granules (a Python loop's own cost per call)."""
    if not len(starts):
        return np.empty((0, LONG, rows.shape[1]), rows.dtype)
    step = int(starts[1] - starts[0]) if len(starts) > 1 else 0
    inside = starts.min() >= 0 and starts.max() + LONG <= len(rows)
    if inside and step >= 0 and (np.diff(starts) == step).all():
        at = rows[int(starts[0]) :]
        shape, (row, col) = (len(starts), LONG, rows.shape[1]), at.strides
        return np.lib.stride_tricks.as_strided(at, shape, (step * row, row, col), writeable=False)
    if not inside:  # as the loop did: a granule past the end has too few rows
        raise ValueError("granules past the subband samples' end")
    return rows[starts[:, None] + np.arange(LONG)]


def _butterflies(coefs: np.ndarray) -> np.ndarray:
    """The encoder's alias reduction between neighbouring bands, in place (on coefficients
    laid out as :func:`granules` returns them)."""
    cs, ca = _rotation(coefs.dtype.type)
    if coefs.ndim == 4 and coefs.flags.c_contiguous:
        # bands of all phases as one row: numpy then loops over rows of 1023, not of 31. The
        # pairs (last band, next phase's first) that this adds are put back as they were
        flat = coefs.reshape(coefs.shape[:2] + (-1,))
        kept = coefs[:, 17:9:-1, :, -1].copy(), coefs[:, :8, :, 0].copy()
        up, down = flat[:, 17:9:-1, :-1], flat[:, :8, 1:]
    else:
        up, down = coefs[:, 17:9:-1, ..., :-1], coefs[:, :8, ..., 1:]  # views; no overlap
    for i in range(8):  # one pair of coefficients at a time: times a scalar, numpy's fast loop
        u, d = up[:, i], down[:, i]
        u[...], d[...] = u * cs[i] + d * ca[i], d * cs[i] - u * ca[i]
    if coefs.ndim == 4 and coefs.flags.c_contiguous:
        coefs[:, 17:9:-1, :, -1], coefs[:, :8, :, 0] = kept
    return coefs


@functools.lru_cache(maxsize=2)
def _rotation(dtype) -> tuple[np.ndarray, np.ndarray]:
    """The butterflies' cosines and sines."""
    norm = np.sqrt(1 + ALIAS**2)
    return (1 / norm).astype(dtype), (ALIAS / norm).astype(dtype)
