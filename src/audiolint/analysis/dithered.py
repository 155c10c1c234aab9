"""A resampler's wall under a noise-shaped dither floor (Audacity's 16-bit export).

Audacity works in float and writes a 16-bit file with its "shaped" dither by default: TPDF
dither through an error-feedback filter that moves the rounding noise out of the ear's most
sensitive band into the top octave, 15-30 dB over plain dither near the Nyquist frequency
(SoX's ``dither -s`` more still). Over a band a resampler emptied that floor rises with the
frequency, so the mean spectrum's edge (:mod:`audiolint.analysis.edge`) finds content up to the
Nyquist frequency and no wall (``benchmarks/shaped_dither.py``: T002 found 1 of 18 tune and 7
of 16 held-out upsamplings exported so, none through SoX's shaping).

What still tells the emptied band apart is that it holds only the dither, which is stationary:
in every band its level scatters over the frames as much as steady noise's does, whatever its
height, while content moves with the signal. :func:`wall` reads, on the analyser's per-frame
band matrix (no second pass), the loud frames' level (90th percentile) under and over each band
edge, locally (never against the loudest level up to the Nyquist frequency, which the rising
floor sets), and keeps a steep fall with no moving band over it. It runs only where the file's
top bands are steady and stand well over 16-bit TPDF dither (:func:`shaped`), and fidelity asks
it only where the verdict found nothing (content to the Nyquist frequency).
"""

from __future__ import annotations

import math

import numpy as np

from audiolint.analysis.quantile import median, percentile

MOVE_DB = 5.0  # a band moves (holds content) when its spread exceeds steady noise's by this
QUIET_DB = 50.0  # frames this far under the loudest 5 % (total power) are left out
MIN_FRAMES = 16
TOP_SHARE, TOP_STEADY = 0.1, 0.9  # the top tenth of the bands, this share of them steady...
TOP_OVER_DB = 10.0  # ...and the top twentieth this far over 16-bit TPDF dither: a shaped floor
GAP_HZ, SPAN_HZ = 200.0, 1000.0  # the levels compared: this far either side, over this span
# a cliff as verdict.is_cliff has it: this deep at this steepness (dB, dB per kHz), or deeper
STEEP = ((20.0, 45.0), (30.0, 25.0))
POSITION = (0.94, 1.01)  # the half-way point, in old Nyquist frequencies
_STEADY: dict[tuple[int, int], float] = {}


def steady_spread(n: int, edges: np.ndarray, channels: int) -> float:
    """The 90th minus the 10th percentile (dB) over frames of a band's power for steady white
    noise, read as the analyser reads it (``n``-sample Hann frames, bins summed between
    ``edges``, channels' powers added); simulated once per layout (seeded: the same value
    every run)."""
    key = (n, len(edges), channels)
    if key not in _STEADY:
        rng = np.random.default_rng(0)
        x = rng.standard_normal((256, channels, n)) * np.hanning(n)
        power = (np.abs(np.fft.rfft(x, axis=2)) ** 2).sum(axis=1)
        bands = 10 * np.log10(np.add.reduceat(power, edges[:-1], axis=1)[:, 4:-4])
        _STEADY[key] = float(median(percentile(bands, 90, axis=0) - percentile(bands, 10, axis=0)))
    return _STEADY[key]


def _levels(bands: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The loud frames' bands in dB: (90th percentile, spread: 90th minus 10th), or None when
    too few frames are loud."""
    total = bands.sum(axis=1)
    keep = (total > 0) & (total >= percentile(total, 95) * 10 ** (-QUIET_DB / 10))
    if keep.sum() < MIN_FRAMES:
        return None
    db = 10 * np.log10(bands[keep].astype(np.float64) + 1e-20)
    p90 = percentile(db, 90, axis=0)
    return p90, p90 - percentile(db, 10, axis=0)


def shaped(spec, bands: np.ndarray) -> bool:
    """Whether the top twentieth of the file's bands stands ``TOP_OVER_DB`` over 16-bit TPDF
    dither and the top tenth is steady (``TOP_STEADY`` of its bands): a shaped dither's floor,
    over nothing that moves. (The level first: most files' top bands hold nothing over the
    samples' floor, and the steady noise's spread is then never simulated.)"""
    width = float(np.diff(spec.edges).mean())
    window = float((np.hanning(spec.n) ** 2).sum())
    tpdf = 10 * math.log10((2.0**-15) ** 2 / 4 * window * width * spec.channels)
    twentieth = float(bands[:, int(0.95 * bands.shape[1]) :].mean())
    if 10 * math.log10(twentieth + 1e-30) - tpdf < TOP_OVER_DB:
        return False
    read = _levels(bands[:, int((1 - TOP_SHARE) * bands.shape[1]) :])
    if read is None:
        return False
    moving = read[1] - steady_spread(spec.n, spec.edges, spec.channels) >= MOVE_DB
    return moving.mean() <= 1 - TOP_STEADY


def wall(spec, rates) -> dict | None:
    """A steep fall, half-way at ``POSITION`` of one of ``rates``' Nyquist frequency, with no
    moving band over it, under a shaped dither floor (:func:`shaped`): the record
    :func:`audiolint.analysis.resampler.resampled_from` gives (``rate``, ``position``,
    ``drop_db``, ``sag_db``) plus ``dithered``; else None."""
    bands = spec.band_matrix()
    if len(bands) < MIN_FRAMES or not shaped(spec, bands):
        return None
    read = _levels(bands)
    if read is None:
        return None
    level, spread = read
    moving = spread - steady_spread(spec.n, spec.edges, spec.channels) >= MOVE_DB
    lo = spec.band_freqs()
    step = float(lo[1] - lo[0])
    mid = lo + step / 2
    nyq = spec.sample_rate / 2
    # the top of the highest run of two moving bands: no wall may stand under it
    run = np.flatnonzero(moving & np.r_[False, moving[:-1]])
    top = float(mid[run[-1]] + step / 2) if len(run) else 0.0
    gap, span = max(1, round(GAP_HZ / step)), max(2, round(SPAN_HZ / step))
    best = None
    for i in range(gap + span, len(mid) - gap - 2):
        edge_hz = lo[i] + step
        if edge_hz < 1000 or edge_hz > 0.97 * nyq or top > edge_hz + 300:
            continue
        under = float(median(level[i - gap - span + 1 : i - gap + 1]))
        over = float(median(level[i + gap + 1 : i + gap + 1 + span]))
        if best is None or under - over > best[1]:
            best = (i, under - over, under, over)
    if best is None or best[1] <= 0:
        return None
    i, depth, under, over = best
    # where the loud level falls from a quarter to three quarters of the way down, and half
    near = slice(max(0, i - gap - span), min(len(mid), i + gap + span))
    f, lv = mid[near], level[near]
    half = _first_under(f, lv, over + depth / 2)
    knee, foot = _first_under(f, lv, under - depth / 4), _first_under(f, lv, over + depth / 4)
    if half is None or knee is None or foot is None:
        return None
    steep = depth / 2 / (max(step, foot - knee) / 1000)
    if not any(depth >= d and steep >= s for d, s in STEEP):
        return None
    for rate in rates:
        old = rate / 2
        if old < 0.97 * nyq and POSITION[0] <= half / old <= POSITION[1]:
            at = float(np.interp(0.93 * old, mid, level))
            return {
                "rate": rate,
                "position": round(min(half / old, 1.0), 3),
                "drop_db": round(depth, 1),
                "sag_db": round(under - at, 1),
                "dithered": True,
            }
    return None


def _first_under(freqs: np.ndarray, level: np.ndarray, threshold: float) -> float | None:
    """The first frequency from which ``level`` stays under ``threshold`` up to the last band
    where it did not (the fall's crossing), or None."""
    over = np.flatnonzero(level >= threshold)
    if not len(over) or over[-1] + 1 >= len(freqs):
        return None
    return float(freqs[over[-1] + 1])
