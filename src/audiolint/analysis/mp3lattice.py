"""The ``mp3lattice`` measurement: MP3's requantised coefficients, read on LAME's whole-decode grid.

An MP3 decoder rebuilds every coefficient of a scale-factor band as ``sign * i ** (4/3) * g``
(``i`` whole; ``g`` the band's step, ``2 ** (q / 4)`` for a whole ``q``, times the filterbank's
scale). The same filterbank taken on the decoded samples at the encoder's granule offset gives
those coefficients back up to the output's rounding noise, so in each band some step of that
ladder puts every coefficient on a whole ``i``; off the grid the neighbouring granules' aliasing
moves them off it. This holds however fine the encoder quantised, as long as the output's
rounding noise moves a level by well under one (``BLUR``): LAME at 256-320 kbps on a source
with nothing above 8-16 kHz (an upsampled one) leaves almost no zeros nor repeated levels
(:mod:`audiolint.analysis.mp3grid`'s searches), but its coefficients still sit near the ladder.

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
# Two readings. Counted: a line is on a level within TOLERANCE times the rounding noise's rms
# (in levels), read where that tolerance is under CAP of a level (coarse steps, exact lines)
TOLERANCE, CAP = 3.0, 0.15
# Weighed (closeness, below): read where the rounding noise moves a level by under BLUR of one
# (rms): finer steps blur the ladder (0.35: cos(2 pi d) still averages 0.09 there)
BLUR = 0.35
MIN_LIVE = 4  # a band is read with this many coefficients read, and at one step with as many
STEPS = int(np.ceil(np.log2(MOST) / 0.1875))  # steps tried a band: levels 1 to MOST at the top
# Weighed: how close the lines sit to whole levels, cos(2 pi d), d a line's distance to the
# nearest (1 on the ladder; 0 on average at random), each line weighted by what it can show (its
# cosine's expected value on the ladder under the rounding noise), at each band's best step (of
# highest sum): 0.3-0.7 off the grid, every band picking its best of many (real recordings
# 0.3-0.5, generated tones 0.6-0.7). It reads finer steps than the count; the count reads
# sparse tonal sources, whose closeness by chance is high, better (tune LAME 192k: instruments,
# piano). Each is judged by how many standard errors (counted: binomial; weighed: a cosine's
# variance at random, 1/2) the grid stands above half a granule off: MIN_Z over MIN_COEFS lines
# (weighed: their worth) or more. Tune, offset 48: LAME 192-320k decodes of upsampled sources
# counted z 4-128, weighed 0-75; 478 upsamples never encoded and other codecs' decodes at most
# 2.3 counted, 1.4 weighed, but copies of a source shipped as an MP3 decode (cs_finnegan:
# weighed 8-11; its lattice survives a resampler's passband). A signal that repeats itself sits
# as well on any offset: the grid must stand RIVAL times MIN_Z above a quarter granule off too.
MIN_COEFS, MIN_Z, RIVAL = 400, 10.0, 0.5


def closeness(coefs: np.ndarray, sample_rate: int, noise: float) -> np.ndarray:
    """Of ``coefs`` ((granules, 576): line index band * 18 + line): the lines on a whole level
    at each band's best step and the lines read (counted), then, at each band's best step
    weighed, the sum of w cos(2 pi d) (d: a line's distance to a whole level; w: the cosine's
    expected value on the ladder under the rounding noise, exp(-2 pi^2 s^2), s that noise's
    rms in levels), the sum of w and the sum of w^2."""
    mag = np.abs(coefs) ** 0.75  # i * g ** (3/4): whole multiples of one unit a band
    read = mag > (LIVE * noise) ** 0.75
    sums = np.zeros(5)
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
        # the rounding noise's rms in levels (d level = 3/4 level ** (-1/3) dc / g)
        scale = (0.75 * noise / unit ** (4 / 3)).astype(v.dtype)
        rms = scale[:, :, None] / np.cbrt(np.maximum(level, 1))
        away = np.abs(level - np.round(level))
        used = live[:, None, :] & (TOLERANCE * rms < CAP)
        on = (away < TOLERANCE * rms) & used
        best = np.where(used.sum(axis=2) >= MIN_LIVE, on.sum(axis=2), 0).max(axis=1)
        ok = n_live >= MIN_LIVE
        sums[:2] += (np.where(ok, best, 0).sum(), np.where(ok, n_live, 0).sum())
        used = live[:, None, :] & (rms < BLUR)
        # rms clipped at BLUR: the same weights where used, no float32 overflow where not
        w = np.where(used, np.exp(-2 * np.pi**2 * np.square(np.minimum(rms, BLUR))), 0)
        near = (w * np.cos(2 * np.pi * away)).sum(axis=2)
        near[used.sum(axis=2) < MIN_LIVE] = -np.inf
        pick = np.argmax(near, axis=1)
        rows = np.arange(len(pick))
        ok = np.isfinite(near[rows, pick])
        wb = w[rows, pick][ok]
        sums[2:] += (near[rows, pick][ok].sum(), wb.sum(), np.square(wb).sum())
    return sums


def _z(on: np.ndarray, off: np.ndarray) -> tuple[float, float]:
    """Standard errors by which the grid ``on`` stands above ``off`` (:func:`closeness`' sums):
    counted (a binomial z, as codecgrid's) and weighed (a cosine's variance at random: 1/2)."""
    counted = significance(*(int(x) for x in (*on[:2], *off[:2])))[2]
    (t, w, w2), (t_off, w_off, w2_off) = on[2:], off[2:]
    if not w or not w_off:
        return counted, 0.0
    return counted, (t / w - t_off / w_off) / np.sqrt(0.5 * w2 / w**2 + 0.5 * w2_off / w_off**2)


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
    """LAME's whole-decode grid (``START``) read on the ladder of levels in ``spans``, counted:
    ``lattice_share`` (lines read on a whole level), ``off_grid_lattice_share`` (half a granule
    away), ``lattice_z``; weighed: ``lattice_closeness`` (the weighted mean cos(2 pi d) of
    :func:`closeness`), ``off_grid_lattice_closeness``, ``closeness_z``; ``found`` when either
    reading is (as the module says). None where the rate has no table here or no line is
    read."""
    if sample_rate not in BANDS_AT:
        return None
    sums = {}
    # the grid, half a granule off, and a rival a quarter granule away (one sample away is no
    # rival: low lines barely move), read only where the grid stands out over the second
    for offset in (START, START + GRANULE // 2, START + GRANULE // 4):
        sums[offset] = closeness(_coefs(spans, offset % GRANULE, dtype), sample_rate, noise)
        if len(sums) == 2 and max(_z(sums[START], sums[offset])) < MIN_Z:
            break
    on, off = sums[START], sums[START + GRANULE // 2]
    if not on[1] or not off[1] or not on[3] or not off[3]:
        return None
    z = _z(on, off)
    rival = _z(on, sums[START + GRANULE // 4]) if len(sums) == 3 else (0.0, 0.0)
    lines = (on[1], on[3] ** 2 / on[4])  # read; weighed (as many as read if all weigh alike)
    found = [
        n >= MIN_COEFS and a >= MIN_Z and r >= MIN_Z * RIVAL
        for n, a, r in zip(lines, z, rival, strict=True)
    ]
    return {
        "found": any(found),
        "lattice_share": round(on[0] / on[1], 4),
        "off_grid_lattice_share": round(off[0] / off[1], 4),
        "lattice_z": round(float(z[0]), 1),
        "lattice_closeness": round(on[2] / on[3], 3),
        "off_grid_lattice_closeness": round(off[2] / off[3], 3),
        "closeness_z": round(float(z[1]), 1),
    }


def counted(grid: dict) -> bool:
    """Whether a found grid's count stands (its words then give the shares; else closeness)."""
    return grid["lattice_z"] >= MIN_Z


def summary(grid: dict) -> str:
    """A grid found here (:func:`measure`, through :func:`audiolint.analysis.mp3grid.measure`)
    in short, plain words, for a finding's message."""
    if counted(grid):
        return (
            f"{100 * grid['lattice_share']:.0f}% of the frequency coefficients on LAME's "
            "576-sample grid sit on whole levels of an MP3 quantiser's ladder (half a grid step "
            f"off: {100 * grid['off_grid_lattice_share']:.0f}%)"
        )
    return (
        "the frequency coefficients on LAME's 576-sample grid sit closer to whole levels of an "
        "MP3 quantiser's ladder than half a grid step off (closeness "
        f"{grid['lattice_closeness']:.2f} against {grid['off_grid_lattice_closeness']:.2f}, "
        "where 1 is on it)"
    )


def phrase(grid: dict, bank: str) -> str:
    """A found grid in words, filterbank (``bank``) and all, for the verdict's evidence."""
    where = f"{bank} on the 576-sample granule grid at offset {START} (a whole LAME decode's)"
    if counted(grid):
        return (
            f"{100 * grid['lattice_share']:.0f}% of the coefficients read in {where} sit on "
            "whole levels i ** (4/3) of one step a scale-factor band, up to the samples' "
            f"rounding noise, against {100 * grid['off_grid_lattice_share']:.0f}% half a granule "
            "off it: the ladder an MP3 decoder rebuilds its coefficients on"
        )
    return (
        f"the coefficients of {where} sit close to whole levels i ** (4/3) of one step a "
        f"scale-factor band (mean cos(2 pi d), d the distance to the nearest, weighted by the "
        f"rounding noise: {grid['lattice_closeness']:.2f}, against "
        f"{grid['off_grid_lattice_closeness']:.2f} half a granule off it, "
        f"{grid['closeness_z']:.0f} standard errors apart): the ladder an MP3 decoder rebuilds "
        "its coefficients on"
    )
