"""The ``mp3grid`` measurement: MP3's quantised coefficients, found on its granule grid.

MP3 (MPEG audio layer III) splits the signal with a 32-band polyphase filter (hop 32), takes an
18-coefficient MDCT of each band's samples (36 in, sine window) every 576 samples, rotates
neighbouring bands' coefficients by the standard's alias-reduction butterflies and quantises the
result, many coefficients to exactly zero. The same analysis taken on the decoded samples at
the encoder's granule offset gives those coefficients back up to the output's rounding noise
(the polyphase bank is near-perfect: its error sits under 16-bit rounding); off the grid, the
neighbouring granules' aliasing fills them in. A genuine recording has no such offset; an MP3
decode has one in 576.

The search reads the spans :class:`audiolint.analysis.codecgrid.Excerpt` keeps (no second pass
over the file): every offset on the two loudest, one granule each; then the best offset, the
offset half a granule away and the search's next best offsets on the others. The best must
stand alone there, as in :mod:`~audiolint.analysis.codecgrid` (a steady tone or buzz repeats
its zero-rich offsets every period), and the signal must not repeat itself every granule.

Zeros are the quantiser's lowest level only. An encoder with bits to spare (LAME at 192 kbps and
more on a source with nothing above 11-12 kHz, as an upsampled one) quantises few coefficients
of loud bands to zero, but still every coefficient of a scalefactor band to one ladder of
levels (``|i| ** (4/3)`` times the band's step, ``i`` whole): neighbouring lines then often
share a magnitude exactly (both ``|i| = 1``, or 2), which a continuous spectrum taken off the
grid seldom does (LAME 192-256 kbps decodes of 22.05 kHz sources: about 9 % against 2-4 % half
a granule off, where the zeros alone read 1 % on and off the grid). Where the zeros find no
grid on such content (no loud band past ``LIMITED`` of the Nyquist frequency), the same search
runs again on the quantiser's levels: a coefficient counts when it is zero or has the magnitude
of one of the ``NEIGHBOURS`` lines under it in its subband (each equal pair counted once),
within ``LEVEL_NOISE`` times the rounding noise.
"""

from __future__ import annotations

import functools

import numpy as np

from audiolint.analysis.codecgrid import significance
from audiolint.analysis.frames import above, below, overlapping

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

# On the grid, at least MIN_SHARE of the coefficients in loud bands are zero, RATIO times the
# share half a granule off it, MIN_Z standard errors above it, over MIN_COEFS coefficients in
# loud bands, and the best offset stands alone (MIN_PEAK times the share of every rival, as
# codecgrid asks of its search). Corpus (benchmarks/codecgrid.py): LAME decodes found, tune
# half, at 2.1-28x, z 12.6-270, contrast 1.9 and up; files no MP3 encoder touched at most
# z 4.3 (tune) and 4.8 (held out), but for one source shipped as an MP3 decode.
MIN_SHARE, RATIO, MIN_Z, MIN_COEFS, MIN_PEAK = 0.01, 2.0, 10.0, 400, 1.3
ACTIVE = 100.0  # a band (one subband's 18 coefficients) this many times the noise's rms is loud
ZERO = 3.0  # a coefficient under this many times the noise's rms is (quantised to) zero
# The finest rounding noise trusted, in bits: the polyphase bank is only near-perfect, and its
# error shows under it (a LAME 128k decode kept at 24 bits: 13% of coefficients at 24-bit
# noise, 27% at 20-bit, with the same 0.4-0.8% off the grid)
FINEST = 20
SEARCH, SEARCHED = 2, 1  # spans searched at every offset (the loudest), granules counted there
# The best offset must stand alone on the spans not searched (free of the search's pick of the
# highest of 576 noisy shares): its share there against that of the offset half a granule away
# and of the RIVALS next best offsets of the search, two or more samples from it.
RIVALS = 3
# A signal that repeats itself every granule (a generated buzz of period 576) has one zero-rich
# offset per granule too: the difference between a searched span and itself one granule later
# must be at least this loud against the span (dB). Real recordings, tune half: -4 dB and up; a
# generated sawtooth of period 576 whose jumps round either way: -19 dB.
MIN_CHANGE_DB = -10.0
# The levels' search (module docstring): a line's magnitude within this many times the rounding
# noise of one of the NEIGHBOURS lines under it in its subband repeats a level
LEVEL_NOISE, NEIGHBOURS = 1.5, 5
# ...read only where no loud band reaches past this share of the Nyquist frequency: content that
# stops there (32 kHz audio's at 0.73 of 44.1 kHz's, lower rates' lower) leaves an encoder bits
# to spare; loud content above it is quantised coarsely and leaves the zeros the first search reads
LIMITED = 0.75


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
    for i, s in enumerate(starts):
        np.matmul(basis.T, rows[s : s + LONG], out=coefs[i])
    coefs = coefs.reshape((len(starts), LONG // 2) + sub.shape[1:])
    coefs[starts % 2 == 1, ..., 1::2] *= -1  # ...and so from each granule's start
    return _butterflies(coefs)


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


def zero_counts(coefs: np.ndarray, noise: float, levels: bool = False, split=None) -> tuple:
    """Per granule (and phase): coefficients at the rounding noise in loud bands, and
    coefficients in loud bands (a band: one subband's 18), from :func:`granules`' output; with
    ``levels``, a third count: those zero or repeating a level (:func:`repeats`). ``split``:
    :func:`parts` of ``coefs``, when already taken."""
    small, loud = split or parts(coefs, noise)
    zeros = (small.sum(axis=1, dtype=np.int32) * loud).sum(axis=-1)
    counted = loud.sum(axis=-1) * (LONG // 2)
    if not levels:
        return zeros, counted
    # only the bands loud somewhere count: the levels are read there alone (a third of the time
    # on a source with nothing above 11 kHz)
    bands = np.flatnonzero(loud.reshape(-1, loud.shape[-1]).any(axis=0))
    level = repeats(coefs[..., bands], small[..., bands], noise)
    level |= small[..., bands]
    return zeros, counted, (level.sum(axis=1, dtype=np.int32) * loud[..., bands]).sum(axis=-1)


def parts(coefs: np.ndarray, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Of :func:`granules`' output: which coefficients are at the rounding noise, and which
    bands (granule, ..., band) are loud."""
    p = np.square(coefs)
    return below(p, (ZERO * noise) ** 2), above(p.sum(axis=1), LONG // 2 * (ACTIVE * noise) ** 2)


def repeats(coefs: np.ndarray, small: np.ndarray, noise: float) -> np.ndarray:
    """Per coefficient of :func:`granules`' output (``small``: those at the rounding noise):
    within ``LEVEL_NOISE`` times the noise of the magnitude of a line 1 to ``NEIGHBOURS`` under
    it in the same subband that is not at the noise (a zero flagged so is one all the same: the
    levels count zeros anyway). Only the upper line of an equal pair counts: a pair is one
    repeat."""
    mag, live = np.abs(coefs), ~small
    out = np.zeros(coefs.shape, bool)
    gaps = np.empty((len(mag), mag.shape[1] - 1) + mag.shape[2:], mag.dtype)
    tol = mag.dtype.type(LEVEL_NOISE * noise)
    for d in range(1, NEIGHBOURS + 1):  # lines are the second axis
        gap = gaps[:, : mag.shape[1] - d]
        np.abs(np.subtract(mag[:, d:], mag[:, :-d], out=gap), out=gap)
        out[:, d:] |= (gap < tol) & live[:, :-d]
    return out


def _curve(x: np.ndarray, noise: float) -> tuple[np.ndarray, tuple, list[np.ndarray]]:
    """The long-block coefficients of ``SEARCHED`` granules at each of the 576 offsets at the
    start of span ``x`` (:func:`granules`' layout), their :func:`parts`, and their zeros and
    loud-band coefficients (:func:`per_offset`)."""
    per = GRANULE // BANDS
    count = GRANULE * SEARCHED + LONG * BANDS - BANDS  # every position the granules read
    sub = subbands(x, 0, count, 1).reshape(-1, BANDS, BANDS)  # (time, phase, band)
    coefs = granules(sub, np.arange(per * SEARCHED))
    split = parts(coefs, noise)
    return coefs, split, per_offset(zero_counts(coefs, noise, split=split))


def per_offset(counts) -> list[np.ndarray]:
    """Counts of :func:`zero_counts` on :func:`_curve`'s granules, summed per offset (offset
    32 * start + phase, modulo 576)."""
    return [c.reshape(SEARCHED, -1).sum(axis=0) for c in counts]


def _counts(spans, offsets: list[int], noise: float, dtype, levels: bool = False) -> np.ndarray:
    """Zeros and loud-band coefficients pooled over ``spans`` at each of ``offsets`` (in the
    file), as rows [zeros, loud] (and levels, with ``levels``). Offsets of one polyphase phase
    share a filterbank pass (an offset and the one half a granule away always do: 288 = 9 x
    32); every span's and phase's pass is one block of rows of a single filterbank run and a
    single :func:`granules` call (each block starting on an even row, so that the sign flips
    fall as in a run alone)."""
    per, blocks, starts, owner = GRANULE // BANDS, [], [], []
    at = 0  # the next block's first row
    for pos, x in spans:
        x = x.astype(dtype, copy=False)
        start = (np.asarray(offsets) - pos) % GRANULE
        for phase in np.flatnonzero(np.bincount(start % BANDS)):  # np.unique loads numpy.ma
            rows = (len(x) - TAPS - phase) // BANDS + 1
            blocks.append((x, phase, rows, at))
            for i in np.flatnonzero(start % BANDS == phase):
                s = np.arange(start[i] // BANDS, rows - LONG + 1, per)
                starts.append(at + s)
                owner.append(np.full(len(s), i))
            at += rows + rows % 2
    sub = np.zeros((at, BANDS), dtype)
    for x, phase, rows, first in blocks:
        sub[first : first + rows] = subbands(x, phase, rows)
    counts = zero_counts(granules(sub, np.concatenate(starts)), noise, levels)
    owner = np.concatenate(owner)
    tally = np.zeros((len(offsets), len(counts)), np.int64)
    for i, c in enumerate(counts):
        np.add.at(tally[:, i], owner, c)
    return tally


def _rivals(curve: np.ndarray, best: int) -> list[int]:
    """The ``RIVALS`` offsets of highest ``curve`` two or more samples from ``best``."""
    away = np.abs((np.arange(GRANULE) - best + GRANULE // 2) % GRANULE - GRANULE // 2) >= 2
    order = np.argsort(-curve, kind="stable")
    return [int(o) for o in order[away[order]][:RIVALS]]


def measure(spans, sample_rate: int, bits: int, levels: bool = True) -> dict | None:
    """MP3's granule grid searched in ``spans`` (:meth:`audiolint.analysis.codecgrid.Excerpt.
    spans`), judged: ``found``, ``offset`` (in the file, modulo 576), ``zero_share`` (on the
    grid, in the spans not searched), ``off_grid_share`` (half a granule away),
    ``coefficients`` (in loud bands, on the grid), ``z`` (as
    :func:`audiolint.analysis.codecgrid.measure` reports it), ``peak_contrast`` (the zero share
    on the grid over the highest of its rivals', in the same spans) and ``granule_change_db`` (the
    searched spans minus themselves one granule later, the lower of the two). Where the zeros
    find no grid, ``levels`` and no loud band reaches past ``LIMITED`` of the Nyquist
    frequency, the quantiser's levels are searched (module docstring) and
    reported as ``level_offset``, ``level_share``, ``off_grid_level_share``, ``level_z`` and
    ``level_contrast``, judged as the zeros are: ``found`` when either is. None when the
    excerpt is too short. ``sample_rate`` is unused: MPEG-1, 2 and 2.5 share the filterbank
    and the granule."""
    if len(spans) <= SEARCH:
        return None
    noise = 2.0 ** -(min(bits, FINEST) - 1) / np.sqrt(12)
    dtype = np.float32  # (its rounding, like the filterbank's error, sits under FINEST bits')
    change = min(_change_db(x) for _, x in spans[:SEARCH])
    curves, kept = np.zeros((2, GRANULE)), []  # indexed by the offset in the file
    for pos, x in spans[:SEARCH]:
        coefs, split, counts = _curve(x.astype(dtype, copy=False), noise)
        curves += np.roll(np.array(counts), pos % GRANULE, axis=1)
        kept.append((pos, coefs, split))
    zeros, loud = curves
    curve = np.where(loud > 0, zeros / np.maximum(loud, 1), 0.0)
    offset = int(np.argmax(curve))
    tried = [offset, (offset + GRANULE // 2) % GRANULE, *_rivals(curve, offset)]
    found, rec = _judged(_counts(spans[SEARCH:], tried, noise, dtype)[:, :2], change)
    out = {"found": found, "codec": "MP3", "hop": GRANULE, "offset": offset, **rec}
    if found or not levels or _top(kept) > LIMITED * BANDS:
        return out
    level = np.zeros(GRANULE)
    for pos, coefs, split in kept:  # the same granules, read again for the levels
        level += np.roll(per_offset(zero_counts(coefs, noise, True, split))[2], pos % GRANULE)
    curve = np.where(loud > 0, level / np.maximum(loud, 1), 0.0)
    at = int(np.argmax(curve))
    tried = [at, (at + GRANULE // 2) % GRANULE, *_rivals(curve, at)]
    found, rec = _judged(_counts(spans[SEARCH:], tried, noise, dtype, True)[:, [2, 1]], change)
    return {**out, "found": found, "level_offset": at, "level_share": rec["zero_share"],
            "off_grid_level_share": rec["off_grid_share"], "level_z": rec["z"],
            "level_contrast": rec["peak_contrast"]}  # fmt: skip


def _top(kept) -> int:
    """How many subbands from the bottom reach up to the highest one loud in the searched
    granules ``kept`` ((position, coefficients, :func:`parts`) triples)."""
    loud = [np.flatnonzero(split[1].any(axis=(0, 1))) for _, _, split in kept]
    return max((int(b[-1]) + 1 for b in loud if len(b)), default=0)


def _judged(tally: np.ndarray, change: float) -> tuple[bool, dict]:
    """Whether the counts ``tally`` (rows: the best offset, half a granule off, its rivals;
    columns: counted, loud-band coefficients) make a grid, and the record's shares."""
    (k, m), (k_off, m_off) = tally[:2].tolist()
    shares = tally[:, 0] / np.maximum(tally[:, 1], 1)
    contrast = min(float(shares[0] / shares[1:].max()), 999.0) if shares[1:].max() > 0 else 999.0
    share, off, z = significance(k, m, k_off, m_off)
    found = m >= MIN_COEFS and share >= MIN_SHARE and share >= RATIO * off and z >= MIN_Z
    return bool(found and contrast >= MIN_PEAK and change >= MIN_CHANGE_DB), {
        "zero_share": round(share, 4),
        "off_grid_share": round(off, 4),
        "coefficients": m,
        "z": round(float(z), 1),
        "peak_contrast": round(contrast, 2),
        "granule_change_db": round(change, 1),
    }


def _change_db(x: np.ndarray) -> float:
    """The level of ``x`` minus itself one granule later, against ``x``'s (dB, floor -200)."""
    x = x.astype(np.float64)
    diff, level = np.sum(np.square(x[GRANULE:] - x[:-GRANULE])), np.sum(np.square(x[GRANULE:]))
    return float(10 * np.log10(max(diff, 1e-20 * level, 1e-30) / max(level, 1e-30)))


def by_levels(grid: dict) -> bool:
    """Whether a found grid (:func:`measure`) was found on the quantiser's levels, not its
    zeros alone."""
    return bool(grid.get("found")) and grid.get("level_share") is not None


def grid_offset(grid: dict) -> int:
    """The offset a found grid stands at: the levels' where they found it."""
    return grid["level_offset"] if by_levels(grid) else grid["offset"]


def summary(grid: dict) -> str:
    """A found grid's measured shares (:func:`measure`) in short, plain words, for a finding's
    message; :func:`phrase` gives the filterbank's detail for the verdict's evidence."""
    if by_levels(grid):
        return (
            f"{100 * grid['level_share']:.0f}% of the loud frequency coefficients on MP3's "
            "576-sample grid are zero or have the magnitude of a neighbouring one, as an MP3 "
            "encoder's quantiser leaves them (half a grid step off: "
            f"{100 * grid['off_grid_level_share']:.1f}%)"
        )
    return (
        f"{100 * grid['zero_share']:.0f}% of the loud frequency coefficients on MP3's "
        "576-sample grid are zero, as an MP3 encoder leaves them (half a grid step off: "
        f"{100 * grid['off_grid_share']:.1f}%)"
    )


def phrase(grid: dict) -> str:
    """A found grid's measurement (:func:`measure`) in words, filterbank and all."""
    bank = "MP3's filterbank (32 polyphase bands, an 18-coefficient MDCT each)"
    if by_levels(grid):
        return (
            f"{100 * grid['level_share']:.0f}% of the coefficients in loud bands of {bank} on its "
            f"576-sample granule grid at offset {grid['level_offset']} are zero or have the "
            "magnitude of one of the three lines under them up to the samples' rounding noise, "
            f"against {100 * grid['off_grid_level_share']:.1f}% half a granule off it (zeros "
            f"alone: {100 * grid['zero_share']:.1f}%, too few to tell): the levels an MP3 "
            "encoder's quantiser leaves (every coefficient of a scale-factor band on one ladder "
            "of levels)"
        )
    return (
        f"{100 * grid['zero_share']:.0f}% of the coefficients in loud bands of {bank} "
        f"on its 576-sample granule grid at offset {grid['offset']} are zero up to the samples' "
        f"rounding noise, against {100 * grid['off_grid_share']:.1f}% half a granule off it "
        f"({grid['coefficients']} coefficients): the signature of an MP3 encoder's quantiser"
    )
