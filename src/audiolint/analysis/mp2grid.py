"""The ``mp2grid`` measurement: MPEG audio layer II's quantised subband samples, on their grid.

Layer II (MP2) splits the signal with the same 32-band polyphase filter as MP3 (hop 32) and
quantises each band's samples directly, twelve at a time against one scale factor, on an odd
number of levels (3, 5, 7, 9, 15, 31...): zero is always one of them, and the top bands are
given no bits at all. Analysed again at the encoder's phase (one in 32), a decode gives back
those samples up to its rounding noise (the bank's error sits under it, as
:mod:`audiolint.analysis.mp3grid` measures), many of them zero in bands that are loud; half a
hop off, the neighbouring samples fill them in. A resampler's output, a recording or another
codec's decode has no such phase.

FFmpeg's MP2 encoder at 96-192 kbps stops coding at a subband edge that can fall at 0.94-1.0
of 12 or 11.025 kHz, where a resampler from 24 or 22.05 kHz leaves its wall: the grid tells
them apart (:func:`audiolint.analysis.resampler_codec.edge_or_grid`).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.codecgrid import significance
from audiolint.analysis.frames import above, below
from audiolint.analysis.mp3bank import BANDS, TAPS, subbands
from audiolint.analysis.mp3grid import FINEST
from audiolint.text import nyquist_khz

BLOCK = 12  # subband samples sharing one scale factor
ACTIVE = 30.0  # a block this many times the noise's rms (per sample) is loud
ZERO = 3.0  # a sample under this many times the noise's rms is (quantised to) zero
SEARCH = 2  # spans searched at every phase (the loudest); the others check the phase found
# On the phase found, at least MIN_SHARE of the samples in loud blocks are zero, RATIO times
# the share half a hop off, MIN_Z standard errors above it, over MIN_SAMPLES samples, and the
# phase stands alone (MIN_PEAK times the share of every other phase). Tune half
# (benchmarks/codec_walls.py's sources): FFmpeg's MP2 decodes 2.6-21 % at 7-64x, z 26-385,
# contrast 3.6-64; resamplers' copies, LAME and AAC decodes, genuine files at most 1.9 %,
# z 2.5, contrast 1.5
MIN_SHARE, RATIO, MIN_Z, MIN_SAMPLES, MIN_PEAK = 0.01, 3.0, 10.0, 2000, 2.0


def _counts(x: np.ndarray, phase: int, noise: float) -> tuple[int, int]:
    """Zero samples in loud blocks, and samples in loud blocks, at one ``phase`` of ``x``."""
    rows = (len(x) - TAPS - phase) // BANDS + 1
    rows -= rows % BLOCK
    if rows < BLOCK:
        return 0, 0
    sub = subbands(x, phase, rows).reshape(rows // BLOCK, BLOCK, BANDS)
    p = np.square(sub)
    loud = above(p.sum(axis=1), BLOCK * (ACTIVE * noise) ** 2)  # (blocks, bands)
    small = below(p, (ZERO * noise) ** 2).sum(axis=1, dtype=np.int32)
    return int((small * loud).sum()), int(loud.sum()) * BLOCK


def measure(spans, bits: int) -> dict | None:
    """MP2's subband grid in ``spans`` (:meth:`audiolint.analysis.excerpt.Excerpt.spans`):
    ``found``, ``offset`` (the phase in the file, modulo 32), ``zero_share`` (on the grid, in
    the spans not searched), ``off_grid_share`` (half a hop away), ``coefficients`` (samples in
    loud blocks, on the grid), ``z`` (as :func:`audiolint.analysis.codecgrid.significance`
    gives it) and ``peak_contrast`` (the share on the grid over the highest other phase's, where
    searched).
    None when the excerpt is too short."""
    if len(spans) <= SEARCH:
        return None
    noise = 2.0 ** -(min(bits, FINEST) - 1) / np.sqrt(12)
    curve = np.zeros((BANDS, 2))
    for pos, x in spans[:SEARCH]:
        x = x.astype(np.float32, copy=False)
        for phase in range(BANDS):
            curve[(pos + phase) % BANDS] += _counts(x, phase, noise)
    shares = curve[:, 0] / np.maximum(curve[:, 1], 1)
    best = int(np.argmax(shares))
    rest = np.delete(shares, best)
    contrast = min(float(shares[best] / rest.max()), 999.0) if rest.max() > 0 else 999.0
    tally = np.zeros((2, 2), np.int64)
    for pos, x in spans[SEARCH:]:
        x = x.astype(np.float32, copy=False)
        for i, phase in enumerate((best, best + BANDS // 2)):
            tally[i] += _counts(x, (phase - pos) % BANDS, noise)
    (k, m), (k_off, m_off) = tally.tolist()
    share, off, z = significance(k, m, k_off, m_off)
    found = m >= MIN_SAMPLES and share >= MIN_SHARE and share >= RATIO * off and z >= MIN_Z
    return {
        "found": bool(found and contrast >= MIN_PEAK),
        "codec": "MP2",
        "hop": BANDS,
        "offset": best,
        "zero_share": round(share, 4),
        "off_grid_share": round(off, 4),
        "coefficients": m,
        "z": round(float(z), 1),
        "peak_contrast": round(contrast, 2),
    }


def summary(grid: dict) -> str:
    """A found grid's measured shares (:func:`measure`) in short, plain words, for a finding's
    message; :func:`phrase` gives the filterbank's detail for the verdict's evidence."""
    return (
        f"{100 * grid['zero_share']:.0f}% of the samples in loud blocks of MP2's 32 subbands, "
        "read at one phase in 32, are zero, as an MP2 encoder leaves them (half a hop off: "
        f"{100 * grid['off_grid_share']:.1f}%)"
    )


def phrase(grid: dict) -> str:
    """A found grid's measurement (:func:`measure`) in words."""
    return (
        f"{100 * grid['zero_share']:.0f}% of the samples in loud blocks of MP2's filterbank "
        f"(32 polyphase bands, hop 32) at phase {grid['offset']} are zero up to the samples' "
        f"rounding noise, against {100 * grid['off_grid_share']:.1f}% half a hop off it "
        f"({grid['coefficients']} samples): the signature of an MP2 encoder's quantiser"
    )


def at_subband_edge(found: dict, sample_rate: int) -> bool:
    """Whether ``found`` is upsampled on images about an old Nyquist frequency where two of
    MP2's 32 subbands meet (a multiple of ``sample_rate / 64``: 5.51 and 11.025 kHz at 44.1 kHz,
    6 and 12 kHz at 48 kHz). A coarse MP2 encode leaves the bands over its last coded one empty
    and aliases the one under across that edge, a mirror as an upsampler's images are (review
    44a: FFmpeg's MP2 at 80-96 kbps on music read 'upsampled from 11.025 kHz')."""
    old = found.get("upsampled_from")
    if found.get("verdict") != "upsampled" or found.get("image_corr") is None or not old:
        return False
    return (32 * old) % sample_rate == 0


def unmirrored(found: dict, sample_rate: int) -> dict:
    """``found`` with its upsampling taken back where MP2's grid was found and its images
    stand at a subband edge (:func:`at_subband_edge`): the verdict is left for the grid."""
    edge = nyquist_khz(found["upsampled_from"] / 2)
    note = (
        f"{found['evidence'][0]}; at {edge} two of MP2's 32 subbands meet, and an MP2 "
        "encode that codes none above it mirrors the band there too"
    )
    dropped = ("upsampled_from", "origin", "confidence")
    kept = {k: v for k, v in found.items() if k not in dropped}
    return {**kept, "verdict": "inconclusive", "confidence": 0.5, "evidence": [note]}
