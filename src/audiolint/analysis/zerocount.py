"""Zero coefficients in loud bands: the count every MDCT-grid search makes
(:mod:`audiolint.analysis.codecgrid`, :mod:`audiolint.analysis.opusgrid`).

On a codec's grid, a quantiser leaves many coefficients at the output's rounding noise although
their neighbours are tens of dB above it. :func:`zero_counts` counts, per frame, those among
the coefficients of loud bands, and the coefficients in loud bands.
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.frames import above, below

BAND = 16  # coefficients whose rms says they are among loud ones (two 8-byte words of booleans)
ACTIVE = 100.0  # a neighbourhood this many times the rounding noise's rms is loud
ZERO = 3.0  # a coefficient under this many times the noise's rms is (quantised to) zero


def _band_sums(a: np.ndarray) -> np.ndarray:
    """Sums over consecutive runs of ``BAND`` along the last axis (in ``a``'s dtype: einsum
    is about twice as fast as numpy's reductions over such short axes)."""
    return np.einsum("...ij->...i", a.reshape(a.shape[:-1] + (-1, BAND)))


def zero_counts(coefs: np.ndarray, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Per frame: how many coefficients sit at the rounding noise among those in a loud band
    (``BAND`` coefficients whose rms is ``ACTIVE`` times the noise's), and how many are in a
    loud band. Overwrites ``coefs`` (with their squares)."""
    return _counted(np.square(coefs, out=coefs), noise)


def zero_counts_each(coefs: np.ndarray, noises) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`zero_counts` at each of ``noises``, the coefficients squared once: the same
    counts as a call per noise on a copy of ``coefs`` (a 24-bit file's grid search and its
    16-bit retry read the same coefficients). Overwrites ``coefs`` (with their squares)."""
    p = np.square(coefs, out=coefs)
    return [_counted(p, noise) for noise in noises]


def _counted(p: np.ndarray, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """:func:`zero_counts` of the squared coefficients ``p`` (left as they are)."""
    loud = above(_band_sums(p), BAND * (ACTIVE * noise) ** 2)
    small = _bool_band_counts(below(p, (ZERO * noise) ** 2))
    return (small * loud).sum(axis=-1, dtype=np.int64), loud.sum(axis=-1) * BAND


BYTES = np.uint64(0x0101010101010101)


def _bool_band_counts(b: np.ndarray) -> np.ndarray:
    """How many of each ``BAND`` booleans along the last axis are true: the two 8-byte words
    of a band added (each byte 0-2, no carry), then their bytes summed by one multiplication
    (into the top byte). About half the time of the same sums by einsum."""
    words = b.view(np.uint64).reshape(b.shape[:-1] + (-1, 2))
    return (words[..., 0] + words[..., 1]) * BYTES >> np.uint64(56)
