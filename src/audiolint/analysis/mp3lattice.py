"""The ``mp3lattice`` measurement: MP3's requantised coefficients, read on LAME's whole-decode grid.

An MP3 decoder rebuilds every coefficient of a scale-factor band as ``sign * i ** (4/3) * g``
(``i`` whole; ``g`` the band's step, ``2 ** (q / 4)`` for a whole ``q``, times the filterbank's
scale). The same filterbank taken on the decoded samples at the encoder's granule offset gives
those coefficients back up to the output's rounding noise, so in each band some step of that
ladder puts every coefficient on a whole ``i``; off the grid the neighbouring granules' aliasing
moves them off it. This holds however fine the encoder quantised, as long as the step stays well
over the rounding noise: LAME at 256-320 kbps on a source with nothing above 8-16 kHz (an
upsampled one) leaves almost no zeros nor repeated levels (:mod:`audiolint.analysis.mp3grid`'s
searches), but its coefficients still sit on the ladder.

Searching every offset costs too much (each band tries every step), so only the offset a whole
gapless decode of LAME (or FFmpeg's libmp3lame) sits at is read (``START``: the decoder drops
the encoder's 1105-sample delay), with the offsets half and a quarter of a granule away. A file
cut after decoding, or another encoder's delay, is not found here. MPEG-1 rates only (32, 44.1
and 48 kHz: the scale-factor bands below).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.codecgrid import significance
from audiolint.analysis.mp3bank import BANDS, GRANULE, LONG, TAPS, granules, subbands

# Where a whole gapless LAME decode's granules start, modulo 576 (upsampled_encodes.py, tune:
# every LAME decode whose grid mp3grid found, by lame --decode and by FFmpeg, 44.1 and 48 kHz)
START = 48
# The long blocks' scale-factor bands of MPEG-1 (ISO/IEC 11172-3, table B.8), coefficient edges
BANDS_AT = {
    32000: (0, 4, 8, 12, 16, 20, 24, 30, 36, 44, 54, 66, 82, 102, 126, 156, 194, 240, 296, 364,
            448, 550, 576),
    44100: (0, 4, 8, 12, 16, 20, 24, 30, 36, 44, 52, 62, 74, 90, 110, 134, 162, 196, 238, 288,
            342, 418, 576),
    48000: (0, 4, 8, 12, 16, 20, 24, 30, 36, 42, 50, 60, 72, 88, 106, 128, 156, 190, 230, 276,
            330, 384, 576),
}  # fmt: skip
# The steps' phase on this filterbank's scale: log2(g) = (q + PHASE) / 4 (measured on LAME
# 128k decodes, tune: shares on the grid peak at 0.339, 0.95 against 0.27 half a granule off)
PHASE = 0.339
LIVE = 20.0  # a coefficient this many times the rounding noise's rms is read
MOST = 128  # the largest whole level tried in a band (its loudest coefficient's)
TOLERANCE = 3.0  # a level is whole within this many times the rounding noise
CAP = 0.15  # ...and a coefficient counts only where that tolerance is under this much of a level
MIN_LIVE = 4  # a band is read with this many coefficients read, and at one step with as many
STEPS = int(np.ceil(np.log2(MOST) / 0.1875))  # steps tried a band: levels 1 to MOST at the top
# Judged as mp3grid's zeros (MIN_COEFS, MIN_Z), but not on their ratio: a fine quantiser leaves
# 20-33 % of coefficients on the ladder against 10-21 % off it (LAME 320k, tune), where files no
# MP3 encoder touched read at most z 2.3 (478 tune upsamples) and other codecs' decodes 1.6
# (tune). A signal that repeats itself (a tone, a buzz) sits as well on any offset: the grid
# must stand RIVAL times MIN_Z above the offset a quarter granule away too (its share there
# starts at chance, ~20 %, so a ratio to it would say little)
MIN_COEFS, MIN_Z, RIVAL = 400, 10.0, 0.5


def whole(coefs: np.ndarray, sample_rate: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Per granule of ``coefs`` ((granules, 576): line index band * 18 + line): coefficients on
    a whole level at their band's best step, and coefficients read."""
    mag = np.abs(coefs) ** 0.75  # i * g ** (3/4): whole multiples of one unit a band
    read = mag > (LIVE * noise) ** 0.75
    fit, tried = np.zeros(len(coefs)), np.zeros(len(coefs))
    edges = BANDS_AT[sample_rate]
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        v, live = mag[:, a:b], read[:, a:b]
        n_live = live.sum(axis=1)
        if not (n_live >= MIN_LIVE).any():
            continue
        top = np.log2(np.maximum(v.max(axis=1), 1e-30)) / 0.1875 - PHASE
        unit = 2.0 ** (0.1875 * (np.floor(top)[:, None] - np.arange(STEPS) + PHASE))
        unit = unit.astype(v.dtype)
        level = v[:, None, :] / unit[:, :, None]  # (granule, step, line)
        # the rounding noise as a share of one level, where the level is whole
        scale = (TOLERANCE * noise * 0.75 / unit ** (4 / 3)).astype(v.dtype)
        tol = scale[:, :, None] / np.cbrt(np.maximum(level, 1))
        used = live[:, None, :] & (tol < CAP)
        on = (np.abs(level - np.round(level)) < tol) & used
        best = np.where(used.sum(axis=2) >= MIN_LIVE, on.sum(axis=2), 0).max(axis=1)
        ok = n_live >= MIN_LIVE
        fit += np.where(ok, best, 0)
        tried += np.where(ok, n_live, 0)
    return fit, tried


def _coefs(spans, offset: int, dtype) -> np.ndarray:
    """Every whole granule of ``spans`` on the grid at ``offset`` (in the file, modulo 576)."""
    out = []
    per = GRANULE // BANDS
    for pos, x in spans:
        x = x.astype(dtype, copy=False)
        first = (offset - pos) % GRANULE
        n = (len(x) - first - TAPS - (LONG - 1) * BANDS) // GRANULE + 1
        if n <= 0:
            continue
        sub = subbands(x, first, per * (n - 1) + LONG)
        c = granules(sub, np.arange(n) * per)  # (n, 18, 32)
        out.append(np.swapaxes(c, 1, 2).reshape(n, GRANULE))
    return np.concatenate(out) if out else np.zeros((0, GRANULE), dtype)


def measure(spans, sample_rate: int, noise: float, dtype=np.float32) -> dict | None:
    """LAME's whole-decode grid (``START``) read on the ladder of levels in ``spans``:
    ``lattice_share`` (coefficients read that sit on a whole level of their band's best step),
    ``off_grid_lattice_share`` (half a granule away), ``lattice_z`` and ``found`` (judged as
    the module says). None where the rate has no table here or nothing is read."""
    if sample_rate not in BANDS_AT:
        return None
    counts = {}
    # the grid, half a granule off, and a rival a quarter granule away (one sample away is no
    # rival: low lines barely move), read only where the grid stands out over the second
    for offset in (START, START + GRANULE // 2, START + GRANULE // 4):
        fit, tried = whole(_coefs(spans, offset % GRANULE, dtype), sample_rate, noise)
        counts[offset] = (int(fit.sum()), int(tried.sum()))
        if len(counts) == 2 and significance(*counts[START], *counts[offset])[2] < MIN_Z:
            break
    (k, m), (k_off, m_off) = counts[START], counts[START + GRANULE // 2]
    if m == 0:
        return None
    share, off, z = significance(k, m, k_off, m_off)
    rival = significance(k, m, *counts[START + GRANULE // 4])[2] if len(counts) == 3 else 0.0
    found = m >= MIN_COEFS and z >= MIN_Z and rival >= MIN_Z * RIVAL
    return {
        "found": bool(found),
        "lattice_share": round(share, 4),
        "off_grid_lattice_share": round(off, 4),
        "lattice_z": round(float(z), 1),
    }


def summary(grid: dict) -> str:
    """A grid found here (:func:`measure`, through :func:`audiolint.analysis.mp3grid.measure`)
    in short, plain words, for a finding's message."""
    return (
        f"{100 * grid['lattice_share']:.0f}% of the frequency coefficients on LAME's 576-sample "
        "grid sit on whole levels of an MP3 quantiser's ladder (half a grid step off: "
        f"{100 * grid['off_grid_lattice_share']:.0f}%)"
    )


def phrase(grid: dict, bank: str) -> str:
    """A grid found here in words, filterbank (``bank``) and all, for the verdict's evidence."""
    return (
        f"{100 * grid['lattice_share']:.0f}% of the coefficients read in {bank} on the 576-sample "
        f"granule grid at offset {START} (a whole LAME decode's) sit on whole levels i ** (4/3) "
        "of one step a scale-factor band, up to the samples' rounding noise, against "
        f"{100 * grid['off_grid_lattice_share']:.0f}% half a granule off it: the ladder an MP3 "
        "decoder rebuilds its coefficients on"
    )
