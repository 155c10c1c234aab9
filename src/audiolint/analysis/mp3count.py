"""Counting MP3's quantised coefficients: zeros, and repeated levels, in loud bands.

What :mod:`audiolint.analysis.mp3grid` counts on :func:`audiolint.analysis.mp3bank.granules`'
output (granule, line, ..., subband): coefficients at the output's rounding noise in bands loud
enough that a genuine recording's would stand far above it (:func:`zero_counts`), and, for an
encoder with bits to spare, coefficients repeating the magnitude of a line under them in their
subband, as the quantiser's ladder of levels leaves them (:func:`repeats`); pooled over spans at
given offsets in one filterbank run (:func:`counts`). Numpy only.
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.frames import above, below
from audiolint.analysis.mp3bank import BANDS, GRANULE, LONG, TAPS, granules, subbands

ACTIVE = 100.0  # a band (one subband's 18 coefficients) this many times the noise's rms is loud
ZERO = 3.0  # a coefficient under this many times the noise's rms is (quantised to) zero
# The levels' search (module docstring): a line's magnitude within this many times the rounding
# noise of one of the NEIGHBOURS lines under it in its subband repeats a level
LEVEL_NOISE, NEIGHBOURS = 1.5, 5


def zero_counts(coefs: np.ndarray, noise: float, levels: bool = False, split=None, top=None):
    """Per granule (and phase): coefficients at the rounding noise in loud bands, and
    coefficients in loud bands (a band: one subband's 18), from :func:`granules`' output; with
    ``levels``, a third count: those zero or repeating a level (:func:`repeats`). ``split``:
    :func:`parts` of ``coefs``, when already taken."""
    small, loud = split or parts(coefs, noise, top)
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


def parts(coefs: np.ndarray, noise: float, top: int | None = None) -> tuple:
    """Of :func:`granules`' output: which coefficients are at the rounding noise, and which
    bands (granule, ..., band) are loud (of the first ``top`` subbands only, when given)."""
    p = np.square(coefs)
    loud = above(p.sum(axis=1), LONG // 2 * (ACTIVE * noise) ** 2)
    if top is not None:
        loud[..., top:] = False
    return below(p, (ZERO * noise) ** 2), loud


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


def counts(spans, offsets: list[int], noise: float, dtype, levels: bool = False, top=None):
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
    counts = zero_counts(granules(sub, np.concatenate(starts)), noise, levels, top=top)
    owner = np.concatenate(owner)
    tally = np.zeros((len(offsets), len(counts)), np.int64)
    for i, c in enumerate(counts):
        np.add.at(tally[:, i], owner, c)
    return tally
