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
# Over a wall this deep (the file's edge, dB) lies a resampler's stop band: its residue hovers
# about the loud bands' threshold and leaves a few bands' zeros at some offsets (float32
# upsamples of 8 kHz speech: AAC's grid at z 12-15, review 38, 22 of 330 files, walls 94-104 dB
# deep; FFmpeg loudnorm's output of 11 kHz speech: AC-3's and AAC's grids named, none applied,
# their zeros in the one band over walls 53-55 dB deep, review 39). A codec that coded that
# residue leaves zeros there too, on its grid: counting under the wall alone gives up that
# evidence (review 39's own chains: 3 of 212 true T001 lost, a Vorbis q4 decode over a 59 dB
# wall and an AAC 128k one over 45.4 dB), while benchmarks/float_upsamples.py's 16-bit AAC
# decodes of 8 kHz speech gain more (4-10 -> 14-17 of 20-30 at 160 kbps; float ones lose 2-7). A
# shallower fall may be the source's own, with coded content over it (a soprano's, 24 dB)
WALL_DB = 45.0


def _band_sums(a: np.ndarray) -> np.ndarray:
    """Sums over consecutive runs of ``BAND`` along the last axis (in ``a``'s dtype: einsum
    is about twice as fast as numpy's reductions over such short axes)."""
    return np.einsum("...ij->...i", a.reshape(a.shape[:-1] + (-1, BAND)))


def zero_counts(coefs: np.ndarray, noise: float, top: int | None = None) -> tuple:
    """Per frame: how many coefficients sit at the rounding noise among those in a loud band
    (``BAND`` coefficients whose rms is ``ACTIVE`` times the noise's), and how many are in a
    loud band; of the first ``top`` coefficients only when given (see :func:`top_band`).
    Overwrites ``coefs`` (with their squares)."""
    coefs = coefs[..., :top]
    return _counted(np.square(coefs, out=coefs), noise)


def zero_counts_each(coefs: np.ndarray, noises, top: int | None = None) -> list[tuple]:
    """:func:`zero_counts` at each of ``noises``, the coefficients squared once: the same
    counts as a call per noise on a copy of ``coefs`` (a 24-bit file's grid search and its
    16-bit retry read the same coefficients). Overwrites ``coefs`` (with their squares)."""
    coefs = coefs[..., :top]
    p = np.square(coefs, out=coefs)
    return [_counted(p, noise) for noise in noises]


def _counted(p: np.ndarray, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """:func:`zero_counts` of the squared coefficients ``p`` (left as they are)."""
    loud = above(_band_sums(p), BAND * (ACTIVE * noise) ** 2)
    small = _bool_band_counts(below(p, (ZERO * noise) ** 2))
    return (small * loud).sum(axis=-1, dtype=np.int64), loud.sum(axis=-1) * BAND


def top_band(top_hz: float | None, sample_rate: int, n: int, band: int = BAND) -> int | None:
    """How many of an ``n``-coefficient frame's coefficients lie under ``top_hz`` (whole bands
    of ``band``, at least one; MP3's grid counts its 32 subbands with ``band`` 1), or None (all)
    without a ``top_hz``."""
    if not top_hz:
        return None
    bands = int(top_hz / (sample_rate / 2) * n) // band
    return min(max(bands, 1) * band, n)


def counted_under(edge: dict) -> float | None:
    """The frequency under which the grids count zeros in a file whose edge
    (:func:`audiolint.analysis.edge.measure`) is ``edge``: its stop where it falls ``WALL_DB``
    or more, else None (everywhere)."""
    deep = (edge.get("depth_db") or 0) >= WALL_DB
    return edge["stop_hz"] if edge.get("found") and deep else None


BYTES = np.uint64(0x0101010101010101)


def _bool_band_counts(b: np.ndarray) -> np.ndarray:
    """How many of each ``BAND`` booleans along the last axis are true: the two 8-byte words
    of a band added (each byte 0-2, no carry), then their bytes summed by one multiplication
    (into the top byte). About half the time of the same sums by einsum."""
    words = b.view(np.uint64).reshape(b.shape[:-1] + (-1, 2))
    return (words[..., 0] + words[..., 1]) * BYTES >> np.uint64(56)
