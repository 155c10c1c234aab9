"""The ``opusgrid`` measurement: CELT's frame grid where libopus's pre-skip puts it.

Opus always codes at 48 kHz. A decode written at another rate (opusdec writes the rate the
encoder was given, 22.05 or 16 kHz for a source at that rate; opusdec --rate 44100, FFmpeg's
-ar 44100, a video site's Opus audio converted to WAV or FLAC) has lost CELT's MDCT grid, since
20 ms is 882 and a fraction samples at 44.1 kHz (441 at 22.05 kHz, 320 at 16 kHz, but on a
lattice whose samples sit between the 48 kHz ones), so :mod:`~audiolint.analysis.codecgrid`
finds nothing. Brought back to 48 kHz on the 48 kHz lattice (output sample m at input position
m * rate / 48000 from the file's first sample: a 64-tap Kaiser-windowed sinc in as many phases
as 48 kHz holds lattice points a period, cut at 0.93 of the file's Nyquist frequency, since
CELT codes nothing above 20 kHz and a lower rate's decoder kept nothing above its own), the
decode's own grid returns when the decoder's resampler kept time with the 48 kHz stream
(opusdec's and FFmpeg's do) and the file was not cut after the decode at a sample off that
lattice.

No offset is searched: an uncut libopus decode (opusenc, FFmpeg's libopus) has its frames where
its 312-sample pre-skip puts them (:func:`candidates`: 228 for 20 ms frames, 468 for 10 ms), or
half a frame from there when cut at an odd multiple of the frame. Counting every frame the
excerpt's spans hold there also finds, at 48 kHz, decodes whose grid codecgrid's search (two
spans searched, one frame a span checked) leaves under its thresholds: 10 ms frames, decodes to
24-bit or float. The share there is judged by the codec grid's thresholds, but 1.5 times the
share half a frame off where the search asks for 2 (:data:`RATIO`), and against every frame at
offsets 2 and more samples away (benchmarks/opus_regrid.py; other rates:
benchmarks/low_rate_opus.py; brought down: benchmarks/opus_fixed_offset.py).
Since nothing is searched, one loud span is enough (the codec grid's search needs three).
"""

from __future__ import annotations

import math

import numpy as np

from audiolint.analysis import codecgrid as cg
from audiolint.analysis import lattice
from audiolint.analysis.frames import windows
from audiolint.analysis.mdct import mdct, window
from audiolint.analysis.zerocount import zero_counts

# the rates opusdec writes (the encoder's input rate; Opus's own 8-24 kHz and the common ones)
# and RVC's 40 kHz (a video site's Opus decoded, then brought down for a 40 kHz model), each but
# 48 kHz brought to the 48 kHz lattice first
RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 40000, 44100, 48000)
# CELT's 20 ms frame at 48 kHz (opusenc's and FFmpeg's default; 40 and 60 ms packets hold 20 ms
# frames), then its 10 ms one (opusenc --framesize 10), counted when the first is not found
HOPS = (960, 480)
PREEMPHASIS = 0.8500061035  # libopus's, which its decoder undoes
PRESKIP, OVERLAP = 312, 120  # libopus's pre-skip (the lookahead decoders drop); CELT's overlap
# the excerpt's spans counted: its SPANS loudest, then more of its wide excerpt while the spans
# brought to 48 kHz hold at most this many samples (24 spans at 44.1 and 48 kHz, 12 at 22.05,
# none more under 16 kHz, where the loudest 8 already hold as many): the loudest stretches hold
# the most transients, coded in short blocks that leave the 20 ms grid no zeros
BUDGET = 24 * 4458
# The share on the grid against half a frame off it: the codec grid's search asks for 2x, since
# the best of 1024 offsets is inflated by chance; here the offsets are two known ones (then the
# 10 ms frames' two), so 1.5x, with z, the contrast over every frame of the other offsets and
# the frame-to-frame change (below) as the guards. z is no chance measure on its own: a steady
# signal repeats its zeros in every frame, and its z grows with the file's length. Opus decodes
# brought down to 16-40 kHz read 1.5-2x at z 10-17 and contrast 1.3-1.9; no genuine recording of
# benchmarks/opus_fixed_offset.py's sets reached z 6.2 there (tune; 5.6 held out)
RATIO = 1.5
# A steady periodic signal whose period fits a whole number of times into 20, 40, 80 or 160 ms
# (a 1050 Hz tone in 20 ms, 425 Hz in 40, any multiple of 12.5 Hz in 80, of 6.25 Hz in 160) has
# its MDCT's zeros at the same offset in every 20 or 10 ms frame, and the count there grows with
# the file's length (z 16-1385 on tones at 16-48 kHz, contrast up to 7): it must change by at
# least MIN_CHANGE_DB (mp3grid's for its granule) over each of those lags (48 kHz samples; 160 ms
# only where a span is longer: files at 24 kHz and under, whose 4096 samples lift to 8192-12288)
LAGS, MIN_CHANGE_DB = (960, 1920, 3840, 7680), -10.0
# ...and its zeros come back half a period later: the candidates are compared with every offset
# 2 to NEAR samples either side (8; a tone over 375 Hz repeats within 64, TONE_NEAR), where the
# loud bands hold under TONE_WIDTH coefficients a frame (a steady tone fills a few bands: 48-112
# coefficients in generated tones, 16-48 kHz, 0.5-0.9 of full scale; Opus decodes found on the
# tune and held-out halves 99.5 and up, 10 % of them under 160): the 64-sample comparison counts
# 272 offsets on every frame, +80 ms a file, paid only there
NEAR, TONE_NEAR, TONE_WIDTH = 8, 64, 160
ROWS = 256  # frames transformed at once by _counts (2 MB at 20 ms frames)


def candidates(hop: int) -> tuple[int, int]:
    """Where an uncut libopus decode has CELT's ``hop``-sample frames on the 48 kHz lattice
    (a frame's MDCT starts half a frame and half the overlap before its centre, the pre-skip
    earlier: 228 for 20 ms frames, every grid a full search found on benchmarks/
    encoder_sweep.py's tune half; 468 for 10 ms ones), and half a frame from there (cut at an
    odd multiple of the frame: 10 ms, 441 samples at 44.1 kHz, stays on the lattice)."""
    first = (hop // 2 + OVERLAP // 2 - PRESKIP) % hop
    return first, (first + hop // 2) % hop


PRESKIP_OFFSET = candidates(HOPS[0])[0]


def others(hop: int, reach: int = NEAR) -> list[int]:
    """The offsets the candidates' shares are compared with (a steady periodic signal's zeros
    come back half a period later): 2 to ``reach`` samples either side of each, every 37th
    round the frame."""
    near = {
        (c + s * d) % hop for c in candidates(hop) for d in range(2, reach + 1) for s in (1, -1)
    }
    return sorted(near | {(candidates(hop)[0] + d) % hop for d in range(30, hop, 37)})


def _counts(lifted, noise: float, hop: int, offsets) -> np.ndarray:
    """(zeros, loud coefficients, frames) per offset (modulo ``hop`` on the lattice), pooled over
    the ``lifted`` spans ((lattice index, pre-emphasised 48 kHz samples)): every frame a span
    holds at each offset, transformed :data:`ROWS` frames or so at a time (the two candidates'
    frames at once; the others' a few MB at a time, not one array of all of them)."""
    win = window("celt", hop).astype(np.float32)
    size = len(offsets)
    out = np.zeros((size, 3))
    rows, owner, held = [], [], 0

    def count():
        small, loud = zero_counts(mdct(np.concatenate(rows), win), noise)
        who = np.concatenate(owner)
        out[:, 0] += np.bincount(who, small, size)
        out[:, 1] += np.bincount(who, loud, size)
        out[:, 2] += np.bincount(who, None, size)

    for first, y in lifted:
        frames = windows(y, 2 * hop)
        for i, o in enumerate(offsets):
            # each offset's frames gathered at once (one fancy index, not a row at a time)
            starts = np.arange((o - first) % hop, len(frames), hop)
            rows.append(frames[starts])
            owner.append(np.full(len(starts), i))
            held += len(starts)
        if held >= ROWS:
            count()
            rows, owner, held = [], [], 0
    if rows:
        count()
    return out


def _judge(lifted, noise: float, hop: int) -> dict:
    """The better candidate of ``hop``'s grid, judged as :func:`codecgrid.judge` judges a grid
    (zero share, count, z against the share half a frame off) but for the ratio to that share,
    :data:`RATIO` instead of the search's 2; then, only if those pass (most files stop there:
    the others' count is most of the cost), standing ``codecgrid.MIN_PEAK`` times over every
    offset of :func:`others` (up to :data:`TONE_NEAR` samples away where the loud bands are
    as few as a tone's), each counted on every frame the spans hold there, in a signal that
    does not repeat itself from frame to frame (:func:`change_db`)."""
    offs = candidates(hop)
    counts = _counts(lifted, noise, hop, offs)
    best = int(np.argmax(counts[:, 0] / np.maximum(counts[:, 1], 1)))
    (k, m, frames), (k_off, m_off, _) = counts[best], counts[1 - best]
    share, off, z = cg.significance(int(k), int(m), int(k_off), int(m_off))
    found = m >= cg.MIN_COEFS and share >= cg.MIN_SHARE and share >= RATIO * off
    peak = change = None
    if found and z >= cg.MIN_Z:
        reach = TONE_NEAR if m < TONE_WIDTH * frames else NEAR
        rest_counts = _counts(lifted, noise, hop, others(hop, reach))
        rest = float((rest_counts[:, 0] / np.maximum(rest_counts[:, 1], 1)).max())
        peak = round(min(share / rest, 999.0), 2) if rest > 0 else 999.0
        change = round(change_db(lifted), 1)
    return {
        "found": bool(found and z >= cg.MIN_Z and peak >= cg.MIN_PEAK and change >= MIN_CHANGE_DB),
        "codec": "Opus",
        "hop": hop,
        "offset": offs[best],
        "zero_share": round(share, 4),
        "off_grid_share": round(off, 4),
        "coefficients": int(m),
        "z": round(float(z), 1),
        "peak_contrast": peak,
        "frame_change_db": change,
    }


def change_db(lifted) -> float:
    """The ``lifted`` spans minus themselves each of :data:`LAGS` later, against the spans,
    pooled over the spans long enough (dB, the lowest over the lags; floor -200; 0 when no span
    is). Each span's first sample is left out: :func:`measure` pre-emphasises the others."""
    lowest = math.inf
    for lag in LAGS:
        pairs = [(y[1 + lag :], y[1:-lag]) for _, y in lifted if len(y) > lag + 1]
        if not pairs:
            continue
        diff = sum(float(np.sum(np.square(a.astype(np.float64) - b))) for a, b in pairs)
        level = sum(float(np.sum(np.square(a.astype(np.float64)))) for a, _ in pairs)
        ratio = max(diff, 1e-20 * level, 1e-30) / max(level, 1e-30)
        lowest = min(lowest, 10 * float(np.log10(ratio)))
    return 0.0 if lowest == math.inf else lowest


def measure(spans, sample_rate: int, bits: int) -> dict | None:
    """CELT's grid at the :func:`candidates` of each of :data:`HOPS` in turn (the next only
    when none was found) on ``spans`` (:meth:`Excerpt.spans`, wide: the first ``codecgrid.SPANS``,
    then more while they hold under :data:`BUDGET` samples at 48 kHz), brought to the 48 kHz
    lattice when at another of :data:`RATES`, at the rounding noise of ``bits`` (at most 16: a
    decoder's arithmetic leaves its zeros above 24-bit rounding). The record has
    :func:`codecgrid.judge`'s keys but the window and step (``offset`` and ``hop`` in 48 kHz
    samples), ``from_rate`` (the file's rate where its spans were brought to 48 kHz, else None)
    and ``from_44k`` (whether that rate is 44.1 kHz); the first found, else the 20 ms grid's.
    None at other rates and when too little of the excerpt is loud."""
    if sample_rate not in RATES or not spans:
        return None
    lift = sample_rate != 48000
    lifted, held = [], 0
    for i, (pos, x) in enumerate(spans):
        held += len(x) * 48000 // sample_rate
        if i >= cg.SPANS and held > BUDGET:
            break
        first, y = lattice.to48(pos, x, sample_rate) if lift else (pos, x.astype(np.float32))
        if len(y) >= 3 * HOPS[0]:
            y = np.concatenate([y[:1], y[1:] - np.float32(PREEMPHASIS) * y[:-1]])
            lifted.append((first, y))
    if not lifted:
        return None
    noise = 2.0 ** -(min(bits, cg.COARSE_BITS) - 1) / np.sqrt(12)
    came = {"from_44k": sample_rate == 44100, "from_rate": sample_rate if lift else None}
    records = []
    for hop in HOPS:
        records.append({**_judge(lifted, noise, hop), **came})
        if records[-1]["found"]:
            return records[-1]
    return records[0]


def _lifted(grid: dict) -> bool:
    """Whether ``grid`` was counted on spans brought to 48 kHz (records written before
    ``from_rate`` was: ``from_44k`` alone)."""
    return bool(grid.get("from_rate") or grid.get("from_44k"))


def _lead(grid: dict) -> str:
    """Where the grid was read, when the file is not at Opus's 48 kHz (review 40: "brought back
    to Opus's 48 kHz rate" read as if a 44.1 kHz file were at 48 kHz)."""
    if not _lifted(grid):
        return ""
    rate = grid.get("from_rate") or 44100
    return f"read at Opus's own 48 kHz rate (this file is at {rate / 1000:g} kHz), "


def summary(grid: dict) -> str:
    """A found grid's measured shares (:func:`measure`) in short, plain words."""
    lead = _lead(grid)
    where = "" if _lifted(grid) else " where libopus's pre-skip puts it"
    return (
        f"{lead}{100 * grid['zero_share']:.0f}% of the loud frequency coefficients on CELT's "
        f"{grid['hop'] // 48} ms grid{where} are zero, as Opus's encoder leaves them (half a "
        f"frame off: {100 * grid['off_grid_share']:.1f}%)"
    )


def phrase(grid: dict) -> str:
    """A found grid's measurement (:func:`measure`) in words, for the verdict's evidence (the
    file's rate said once, at the end)."""
    lead = "read at Opus's own 48 kHz rate, " if _lifted(grid) else ""
    rate = grid.get("from_rate") or (44100 if grid.get("from_44k") else None)
    return (
        f"{lead}{100 * grid['zero_share']:.0f}% of the coefficients in loud bands on CELT's "
        f"{grid['hop']}-sample ({grid['hop'] // 48} ms) MDCT grid at offset {grid['offset']} "
        "are zero up to the samples' rounding noise, against "
        f"{100 * grid['off_grid_share']:.1f}% half a frame off it ({grid['coefficients']} "
        f"coefficients): the signature of an Opus decode"
        + (f" written at {rate / 1000:g} kHz" if rate else "")
    )
