"""Effective bit depth: how many bits per sample actually carry sound, measured exactly.

Every decoded float32 sample of a ``b``-bit integer file is ``k / 2**(b-1)`` for an integer
``k``. ORing all the ``k`` together and counting the trailing zero bits tells, in one pass, how
many low bits are always zero: 16-bit audio padded to 24 bits has eight. Float files are tried
at 24-bit scale: when every sample is integral there, the file holds integer audio.

A float file whose samples are not integral there may still be integer audio turned up or down
in float (a 16-bit recording normalised and saved as 32-bit float: every sample ``k * step``
with ``step`` = the gain / 2**15). Its step is read off the smallest sample magnitude (a
recording's quiet stretches and dither hold the first few steps; ``STEP_DIVISORS`` of it are
tried, in case the smallest is 2, 3 or 4 steps) and every sample checked on it, within float32's
rounding (``TOLERANCE``); the depth is then the smallest integer depth (``DEPTHS``) whose
levels hold the largest ``k`` (``grid_bits``: a 16-bit prompt peaking at -6.5 dBFS, turned up
1.2 times, is 16-bit audio, as its original reads). A genuine float recording, or integer audio
resampled, filtered or dithered in float, lies on no such grid.
"""

from __future__ import annotations

import numpy as np

STEP_DIVISORS = (1, 2, 3, 4)
MAX_GRID_K = 2**20  # a grid finer than 21 bits is no integer source's (float32 keeps 24)
# float32 rounds k * step to 2**-24 of its value: in steps, 2**-24 k, and a margin
TOLERANCE = (2.0**-22, 1e-3)
MIN_ON_GRID = 1000  # non-zero samples before a grid is believed (a few clicks fit anything)
DEPTHS = (8, 16, 24)


class BitDepthMeter:
    """Streaming OR of all integer sample values; ``result()`` gives the effective depth."""

    def __init__(self, props):
        stated = props.bit_depth
        self.is_float = props.sample_format == "float" or (stated or 0) > 32
        self.scale_bits = 24 if self.is_float or not stated else min(int(stated), 32)
        self.stated = stated
        self.acc = 0
        self.integral = True
        # a float file off the power-of-two grid: its own step, while every sample lies on it
        self.step: float | None = None
        self.on_grid = self.is_float
        self.kmax = 0
        self.nonzero = 0

    def update(self, block: np.ndarray) -> None:
        """Fold one block into the running OR (stops caring once a sample is not integral)."""
        if not block.size:
            return
        if self.integral:
            self._integral(block)
        if not self.integral and self.on_grid:
            self._grid(block)

    def _integral(self, block: np.ndarray) -> None:
        # An integer file's samples lie in [-1, 1]: scaled by a power of two in float32 they are
        # exact (as in double, at half the memory) and fit 32-bit integers up to 24 bits
        small = block.dtype == np.float32 and not self.is_float and self.scale_bits <= 24
        scale = 2 ** (self.scale_bits - 1)
        v = block * np.float32(scale) if small else block.astype(np.float64) * float(scale)
        iv = np.rint(v)
        if not np.array_equal(iv, v):
            self.integral = False
            return
        ints = np.abs(iv).astype(np.int32 if small else np.int64)
        self.acc |= int(np.bitwise_or.reduce(ints.ravel()))

    def _grid(self, block: np.ndarray) -> None:
        x = np.abs(block.astype(np.float64).ravel())
        x = x[x > 0]
        if not len(x):
            return
        if self.step is None:
            self.step = _step(x)
            if self.step is None:
                self.on_grid = False
                return
        k = x / self.step
        rk = np.rint(k)
        if np.any(np.abs(k - rk) > TOLERANCE[0] * rk + TOLERANCE[1]) or rk.max() > MAX_GRID_K:
            self.on_grid = False
            return
        self.kmax = max(self.kmax, int(rk.max()))
        self.nonzero += len(x)

    def result(self) -> int | None:
        """Bits in use (stated depth minus always-zero low bits), or None when unknown."""
        if self.integral and self.acc and self.stated is not None:
            zeros = (self.acc & -self.acc).bit_length() - 1
            return max(1, self.scale_bits - zeros)
        return self.grid_bits()

    def grid_bits(self) -> int | None:
        """A float file's depth on its own step (the module's docstring): the smallest of
        ``DEPTHS`` whose levels hold its largest multiple; None off any grid, or with under
        ``MIN_ON_GRID`` non-zero samples to tell."""
        if self.integral or not self.on_grid or self.stated is None:
            return None
        if self.nonzero < MIN_ON_GRID or not self.kmax:
            return None
        return next((b for b in DEPTHS if self.kmax <= 2 ** (b - 1)), None)


def _step(x: np.ndarray) -> float | None:
    """The step the non-zero magnitudes ``x`` are whole multiples of: the smallest, or a
    ``STEP_DIVISORS`` part of it; None when none fits."""
    least = float(x.min())
    for m in STEP_DIVISORS:
        step = least / m
        k = x / step
        rk = np.rint(k)
        if rk.max() <= MAX_GRID_K and np.all(np.abs(k - rk) <= TOLERANCE[0] * rk + TOLERANCE[1]):
            return step
    return None
