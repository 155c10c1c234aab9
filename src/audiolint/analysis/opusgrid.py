"""The ``opusgrid`` measurement: CELT's 20 ms grid in Opus decoded at 44.1 kHz.

Opus always codes at 48 kHz; a decode written at 44.1 kHz (opusdec --rate 44100, FFmpeg's
-ar 44100, yt-dlp's audio converted to WAV or FLAC) has lost CELT's MDCT grid, since 20 ms is
882 samples and a fraction there, so :mod:`~audiolint.analysis.codecgrid` finds nothing. Brought
back to 48 kHz on the 48 kHz lattice (output sample m at input position m * 147 / 160 from the
file's first sample: a 64-tap Kaiser-windowed sinc in 160 phases, cut at 0.93 of 22.05 kHz,
since CELT codes nothing above 20 kHz), the decode's own grid returns when the decoder's
resampler kept time with the 48 kHz stream (opusdec's and FFmpeg's do) and the file was not cut
after the decode at a sample off that lattice.

No offset is searched: an uncut decode of libopus (opusenc, FFmpeg's libopus) has its frames at
:data:`PRESKIP_OFFSET` on the lattice (its 312-sample pre-skip), or half a frame from it when
cut at an odd multiple of 10 ms. Both offsets are counted on every span of the excerpt, against
offsets 2 and more samples away, with the codec grid's thresholds (benchmarks/opus_regrid.py).
"""

from __future__ import annotations

import functools

import numpy as np

from audiolint.analysis import codecgrid as cg
from audiolint.analysis.mdct import mdct, window

RATE = 44100
UP, DOWN = 160, 147  # 48 kHz / 44.1 kHz in lowest terms
TAPS, CUT, BETA = 64, 0.93, 8.0  # CELT codes nothing above 20 kHz: 0.93 of 22.05 kHz keeps it
HOP = 960  # CELT's 20 ms frame at 48 kHz (opusenc's and FFmpeg's default; 40 and 60 ms too)
PREEMPHASIS = 0.8500061035  # libopus's, which its decoder undoes
# Where an uncut libopus decode puts CELT's frames on the 48 kHz lattice: its 312-sample
# pre-skip (the encoder's lookahead, which decoders drop) leaves them at offset 228. Every grid
# a full search found on benchmarks/encoder_sweep.py's tune half sat there.
PRESKIP_OFFSET = 228
CANDIDATES = (PRESKIP_OFFSET, PRESKIP_OFFSET + HOP // 2)  # uncut, or cut at an odd 10 ms
# offsets the share there is compared with (a steady periodic signal's zeros come back one
# period later): 2-8 samples either side of each candidate, and every 37th sample round the frame
OTHERS = sorted(
    {(c + d) % HOP for c in CANDIDATES for d in (*range(2, 9), -2, -3, -5, -8)}
    | {(PRESKIP_OFFSET + d) % HOP for d in range(30, HOP, 37)}
)


@functools.lru_cache(maxsize=1)
def _matrix() -> np.ndarray:
    """(DOWN + TAPS - 1, UP): column j turns the inputs of one 147-sample block (and TAPS - 1
    after it) into the block's 48 kHz sample j, at input position j * 147 / 160 + TAPS / 2 - 1
    in it: a Kaiser-windowed sinc, shifted to that sample's phase."""
    j = np.arange(UP)
    base, frac = np.divmod(j * DOWN, UP)
    t = np.arange(TAPS)[None] - (TAPS // 2 - 1) - frac[:, None] / UP
    taper = np.i0(BETA * np.sqrt(np.clip(1 - (t / (TAPS / 2)) ** 2, 0, None))) / np.i0(BETA)
    m = np.zeros((DOWN + TAPS - 1, UP))
    for col in j:
        m[base[col] : base[col] + TAPS, col] = CUT * np.sinc(CUT * t[col]) * taper[col]
    return m.astype(np.float32)


def to48(pos: int, x: np.ndarray) -> tuple[int, np.ndarray]:
    """A 44.1 kHz span starting at file sample ``pos``, at the 48 kHz lattice points it covers
    in whole blocks of 160 with TAPS / 2 inputs either side: (first lattice index, samples).
    One matrix product: every 147-sample block of inputs times :func:`_matrix`."""
    width = DOWN + TAPS - 1
    first = -(-(pos + TAPS // 2 - 1) // DOWN)  # the first block whose taps start in the span
    start = first * DOWN - (TAPS // 2 - 1) - pos
    blocks = (len(x) - start - width) // DOWN + 1
    if blocks <= 0:
        return first * UP, np.zeros(0, np.float32)
    x = np.ascontiguousarray(x, np.float32)
    view = np.lib.stride_tricks.as_strided(
        x[start:], (blocks, width), (DOWN * x.strides[0], x.strides[0]), writeable=False
    )
    return first * UP, (view @ _matrix()).ravel()


def _counts(spans, noise: float, offsets) -> np.ndarray:
    """(zeros, loud coefficients) per offset (modulo :data:`HOP` on the lattice), pooled over
    ``spans`` brought to 48 kHz: every frame a span holds at the first ``len(CANDIDATES)``
    offsets, one at the others (their shares are compared, not summed), transformed at once."""
    rows, owner = [], []
    for pos, x in spans:
        if len(x) <= TAPS:
            continue
        first, y = to48(pos, x)
        if len(y) < 3 * HOP:
            continue
        y = np.concatenate([y[:1], y[1:] - np.float32(PREEMPHASIS) * y[:-1]])
        frames = np.lib.stride_tricks.sliding_window_view(y, 2 * HOP)
        for i, o in enumerate(offsets):
            # every frame on a candidate's grid the span holds (2-3), one at the others
            every = range((o - first) % HOP, len(frames), HOP)
            for r in every if i < len(CANDIDATES) else every[:1]:
                rows.append(frames[r])
                owner.append(i)
    if not rows:
        return np.zeros((len(offsets), 2))
    small, loud = cg.zero_counts(
        mdct(np.stack(rows), window("celt", HOP).astype(np.float32)), noise
    )
    owner = np.array(owner)
    return np.stack(
        [np.bincount(owner, small, len(offsets)), np.bincount(owner, loud, len(offsets))], 1
    )


def measure(spans, sample_rate: int, bits: int) -> dict | None:
    """CELT's 20 ms grid at :data:`CANDIDATES` on ``spans`` (:meth:`Excerpt.spans`) brought to
    the 48 kHz lattice, at the rounding noise of ``bits`` (at most 16: a decoder's arithmetic
    leaves its zeros above 24-bit rounding), judged by the codec grid's thresholds (zero share,
    twice the share half a frame off, z, count) and standing ``codecgrid.MIN_PEAK`` times over
    every offset in :data:`OTHERS`. The record has :func:`codecgrid.judge`'s keys but the window and
    step (``offset`` and ``hop`` in 48 kHz samples); None unless the file is at 44.1 kHz
    and enough of the excerpt is loud."""
    if sample_rate != RATE or len(spans) <= cg.SEARCH:
        return None
    noise = 2.0 ** -(min(bits, cg.COARSE_BITS) - 1) / np.sqrt(12)
    offs = [*CANDIDATES, *OTHERS]
    counts = _counts(spans, noise, offs)
    shares = counts[:, 0] / np.maximum(counts[:, 1], 1)
    best = int(np.argmax(shares[:2]))
    (k, m), (k_off, m_off) = counts[best], counts[1 - best]
    share, off, z = cg.significance(int(k), int(m), int(k_off), int(m_off))
    rest = float(shares[2:].max())
    peak = min(share / rest, 999.0) if rest > 0 else 999.0
    found = bool(
        m >= cg.MIN_COEFS
        and share >= cg.MIN_SHARE
        and share >= cg.RATIO * off
        and z >= cg.MIN_Z
        and peak >= cg.MIN_PEAK
    )
    return {
        "found": found,
        "codec": "Opus",
        "hop": HOP,
        "offset": offs[best],
        "zero_share": round(share, 4),
        "off_grid_share": round(off, 4),
        "coefficients": int(m),
        "z": round(float(z), 1),
        "peak_contrast": round(peak, 2),
    }


def summary(grid: dict) -> str:
    """A found grid's measured shares (:func:`measure`) in short, plain words."""
    return (
        f"brought back to Opus's 48 kHz rate, {100 * grid['zero_share']:.0f}% of the loud "
        "frequency coefficients on CELT's 20 ms grid are zero, as Opus's encoder leaves them "
        f"(half a frame off: {100 * grid['off_grid_share']:.1f}%)"
    )


def phrase(grid: dict) -> str:
    """A found grid's measurement (:func:`measure`) in words, for the verdict's evidence."""
    return (
        f"brought back to Opus's 48 kHz rate, {100 * grid['zero_share']:.0f}% of the "
        f"coefficients in loud bands on CELT's {grid['hop']}-sample (20 ms) MDCT grid at offset "
        f"{grid['offset']} are zero up to the samples' rounding noise, against "
        f"{100 * grid['off_grid_share']:.1f}% half a frame off it ({grid['coefficients']} "
        "coefficients): the signature of an Opus decode written at 44.1 kHz"
    )
