"""Spans of a file brought onto another rate's sample lattice, to find a codec's grid there.

A decode written at another rate (an Opus decode at 44.1 kHz, a 44.1 kHz MP3 decode resampled
to 48 kHz, a decode brought down to 40 kHz for RVC) has lost its codec's grid on its own samples;
brought back onto the decode's lattice (lattice point m at file position m * down / up from the
file's first sample), its samples return up to the resamplers' errors, and the grid with them.
Each span is one matrix product: a ``TAPS``-tap Kaiser-windowed sinc in as many phases as the
lattice holds points a period (:func:`onto`). Read by :mod:`~audiolint.analysis.opusgrid`,
:mod:`~audiolint.analysis.regrid` and :mod:`~audiolint.analysis.upgrid`. Numpy only.
"""

from __future__ import annotations

import functools
import math

import numpy as np

UP, DOWN = 160, 147  # 48 kHz / 44.1 kHz in lowest terms
# the default cut, of the file's Nyquist frequency: CELT codes nothing above 20 kHz, and 0.93 of
# 22.05 kHz keeps it
TAPS, CUT, BETA = 64, 0.93, 8.0


def ratio(sample_rate: int, lattice: int = 48000) -> tuple[int, int]:
    """``lattice`` (48 kHz by default) over ``sample_rate`` in lowest terms: (lattice points,
    input samples) a period."""
    g = math.gcd(lattice, sample_rate)
    return lattice // g, sample_rate // g


@functools.lru_cache(maxsize=16)  # up to 5 a file (40 kHz, upsampled), more in a mixed set
def _matrix(up: int = UP, down: int = DOWN, cut: float = CUT) -> np.ndarray:
    """(down + TAPS - 1, up): column j turns the inputs of one ``down``-sample block (and
    TAPS - 1 after it) into the block's lattice sample j, at input position j * down / up +
    TAPS / 2 - 1 in it: a Kaiser-windowed sinc cut at ``cut`` of the input's Nyquist frequency,
    shifted to that sample's phase. Where the lattice's Nyquist frequency is the lower, the
    caller's ``cut`` keeps under it (regrid's 0.9 of 24 kHz: 21.6 kHz under 22.05)."""
    j = np.arange(up)
    base, frac = np.divmod(j * down, up)
    t = np.arange(TAPS)[None] - (TAPS // 2 - 1) - frac[:, None] / up
    taper = np.i0(BETA * np.sqrt(np.clip(1 - (t / (TAPS / 2)) ** 2, 0, None))) / np.i0(BETA)
    m = np.zeros((down + TAPS - 1, up))
    for col in j:
        m[base[col] : base[col] + TAPS, col] = cut * np.sinc(cut * t[col]) * taper[col]
    return m.astype(np.float32)


def to48(pos: int, x: np.ndarray, sample_rate: int = 44100) -> tuple[int, np.ndarray]:
    """A span at ``sample_rate`` starting at file sample ``pos``, at the 48 kHz lattice points
    it covers in whole periods (:func:`ratio`) with TAPS / 2 inputs either side: (first lattice
    index, samples)."""
    return onto(pos, x, *ratio(sample_rate))


def onto(pos: int, x: np.ndarray, up: int, down: int, cut: float = CUT) -> tuple[int, np.ndarray]:
    """A span starting at file sample ``pos`` on the lattice of ``up`` points every ``down``
    samples (point m at file position m * down / up), at the points it covers in whole periods
    with TAPS / 2 inputs either side: (first lattice index, samples). One matrix product: every
    period's block of inputs times :func:`_matrix`."""
    width = down + TAPS - 1
    first = -(-(pos + TAPS // 2 - 1) // down)  # the first block whose taps start in the span
    start = first * down - (TAPS // 2 - 1) - pos
    blocks = (len(x) - start - width) // down + 1
    if blocks <= 0:
        return first * up, np.zeros(0, np.float32)
    x = np.ascontiguousarray(x, np.float32)
    view = np.lib.stride_tricks.as_strided(
        x[start:], (blocks, width), (down * x.strides[0], x.strides[0]), writeable=False
    )
    return first * up, (view @ _matrix(up, down, cut)).ravel()


def lifted(spans, up: int, down: int, cut: float, points: int) -> list[tuple[int, np.ndarray]]:
    """``spans`` ((file position, samples)) on the lattice of ``up`` points every ``down``
    samples (:func:`onto`), those that give ``points`` lattice samples or more: (first lattice
    index, samples). What :mod:`~audiolint.analysis.regrid` and :mod:`~audiolint.analysis.upgrid`
    search a decode's grid on."""
    out = [onto(pos, x, up, down, cut) for pos, x in spans]
    return [(first, y) for first, y in out if len(y) >= points]
