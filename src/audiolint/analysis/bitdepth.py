"""Effective bit depth: how many bits per sample actually carry sound, measured exactly.

Every decoded float32 sample of a ``b``-bit integer file is ``k / 2**(b-1)`` for an integer
``k``. ORing all the ``k`` together and counting the trailing zero bits tells, in one pass, how
many low bits are always zero: 16-bit audio padded to 24 bits has eight. Float files are tried
at 24-bit scale: when every sample is integral there, the file holds integer audio.
"""

from __future__ import annotations

import numpy as np


class BitDepthMeter:
    """Streaming OR of all integer sample values; ``result()`` gives the effective depth."""

    def __init__(self, props):
        stated = props.bit_depth
        self.is_float = props.sample_format == "float" or (stated or 0) > 32
        self.scale_bits = 24 if self.is_float or not stated else min(int(stated), 32)
        self.stated = stated
        self.acc = 0
        self.integral = True

    def update(self, block: np.ndarray) -> None:
        """Fold one block into the running OR (stops caring once a sample is not integral)."""
        if not self.integral or not block.size:
            return
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

    def result(self) -> int | None:
        """Bits in use (stated depth minus always-zero low bits), or None when unknown."""
        if not self.integral or self.acc == 0 or self.stated is None:
            return None
        zeros = (self.acc & -self.acc).bit_length() - 1
        return max(1, self.scale_bits - zeros)
