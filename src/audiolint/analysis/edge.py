"""Find where a spectrum's content stops, and describe the edge: how deep, how steep, held or not.

A lossy encoder's low-pass is a cliff: tens of dB within a few hundred Hz, with nothing but
the quantisation floor above it. A resampler leaves the same kind of cliff just below the old
Nyquist frequency. Genuine band-limited audio rolls off over kilohertz and keeps a floor. The
measurements here are the evidence the verdict (:mod:`audiolint.analysis.verdict`) rests on.
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.frames import LastBlock
from audiolint.analysis.quantile import median, median_filter, percentile
from audiolint.analysis.spectrum import to_db

MIN_DEPTH_DB = 20.0  # an edge must stand this far above the floor to count at all
GHOST_HZ = 300.0  # a median filter this wide ignores isolated tones ("ghost" peaks)
HOLE_DB = 40  # a time-frequency cell this far under its frequency's median is empty
REACH_DB = 10.0  # content stands this far above the quantisation floor
UNDITHERED_DB = 10 * np.log10(3)  # TPDF dither's noise over plain rounding's (step^2/4 : /12)
UPPER_GAP_HZ = 300.0  # a second edge is looked for this far above the first one's stop
SPREAD_ROOM_DB = 20.0  # frames judged for a flickering top band stand this far over the floor
# a band above that stays this far under the band below in every such frame holds nothing that
# comes and goes: a float file's floor lies so deep that a resampler's stop band leak (following
# the level, 80-110 dB under it) reads a spread of 10 dB over it (ALSA's prompts, soxr HQ from
# 22.05 kHz to 40 kHz, float32)
EMPTY_GAP_DB = 60.0


def smooth_db(freqs: np.ndarray, power: np.ndarray) -> np.ndarray:
    """Power spectrum to dB, median-filtered over ``GHOST_HZ`` so lone peaks do not count."""
    step = freqs[1] - freqs[0] if len(freqs) > 1 else 1.0
    # spectrum's numpy median gives scipy.ndimage's values bit for bit (tests/test_startup.py)
    # without its 0.3-0.6 s import
    return median_filter(to_db(power), max(3, int(GHOST_HZ / step) | 1))


def _last_at_or_above(level: np.ndarray, threshold: float, lo: int, hi: int) -> int | None:
    idx = np.nonzero(level[lo:hi] >= threshold)[0]
    return lo + int(idx[-1]) if len(idx) else None


def measure(
    freqs: np.ndarray, power: np.ndarray, level: np.ndarray | None = None, lo_hz: float = 0.0
) -> dict:
    """Measure the top edge of a mean power spectrum.

    The edge is where the level just below (median of the 1.5 kHz under it) stands highest
    above *everything* above it (the loudest smoothed level from there to Nyquist), so an
    edge only counts when nothing comes back above it; ``lo_hz`` looks only at the spectrum
    above that frequency (see :func:`upper`). Returns ``found`` (False when content
    reaches the Nyquist frequency, or only rolls off gently), ``cutoff_hz`` (half-way, in dB,
    down the fall), ``depth_db``, ``width_hz`` (25 % to 75 % of the fall),
    ``steepness_db_per_khz`` (depth over twice the width), ``floor_db`` (the loudest level
    above the edge, dB re the band below: negative) and ``stop_hz``.
    """
    nyq = float(freqs[-1])
    full = {"found": False, "cutoff_hz": round(nyq), "stop_hz": round(nyq)}
    step = float(freqs[1] - freqs[0])
    if level is None:
        level = smooth_db(freqs, power)
    gap, win = max(2, int(250.0 / step)), max(4, int(1500.0 / step))
    start = max(win + gap, int(1000.0 / step), int(lo_hz / step) + win)
    stop_at = len(level) - max(2, int(max(150.0, 0.005 * nyq) / step))
    if stop_at - start < 4:
        return full
    above = np.maximum.accumulate(level[::-1])[::-1]  # loudest level from each bin upwards
    windows = np.lib.stride_tricks.sliding_window_view(level, win - gap)
    cand = np.arange(start, stop_at)
    below = median(windows[start - win : stop_at - win], axis=1)  # windows[cand - win]
    drop = below - above[np.minimum(cand + gap, len(level) - 1)]
    best = int(np.argmax(drop))
    depth = float(drop[best])
    if depth < MIN_DEPTH_DB:
        return full
    c = int(cand[best])
    ref = float(below[best])
    floor = ref - depth
    lo = max(0, c - win)
    ic = _last_at_or_above(level, ref - depth / 2, lo, c + gap + 1) or c
    knee = _last_at_or_above(level, ref - depth / 4, lo, ic + 1) or ic
    low = np.nonzero(level[ic:] <= floor + depth / 4)[0]
    stop = ic + int(low[0]) if len(low) else len(level) - 1
    width = max(step, float(freqs[stop] - freqs[knee]))
    # the pass band well under the edge, and where the level first falls 6 dB under it
    far = level[max(2, c - int(4500.0 / step)) : max(3, c - int(1500.0 / step))]
    passband = float(median(far)) if len(far) else ref
    corner = _last_at_or_above(level, max(ref, passband) - 6.0, c - int(4500.0 / step), stop + 1)
    corner = ic if corner is None else corner
    return {
        "found": True,
        "cutoff_hz": round(float(freqs[ic])),
        "stop_hz": round(float(freqs[stop])),
        "depth_db": round(depth, 1),
        "width_hz": round(width),
        "steepness_db_per_khz": round(depth / 2 / (width / 1000.0), 1),
        "floor_db": round(-depth, 1),
        "level_db": round(ref, 1),
        "corner_hz": round(float(freqs[corner])),
    }


def held_and_flicker(bands: np.ndarray, band_lo: np.ndarray, cutoff: float, nyq: float) -> dict:
    """Time behaviour at an edge, from the per-frame band matrix.

    ``held``: share of the frames loud just under ``cutoff`` (at or above the median level of
    the 1.25 kHz under it, over the frames with any) whose level just above is at least 20 dB
    lower (a codec or resampler edge holds in every such frame). Frames chosen by their total
    level would be speech's vowels, with next to nothing at 16-20 kHz to hold against.
    ``flicker_db``: spread (robust std, dB) over loud frames of the top 2 kHz under the edge
    relative to the band 3-6 kHz under it: MP3's sfb21 band and other codecs' top bands
    switch on and off from frame to frame; a recording's spectrum does not.
    """
    if not len(bands):
        return {"held": None, "flicker_db": None}

    under = _band(bands, band_lo, cutoff - 1500.0, cutoff - 250.0)
    live = under > 0
    rows = live & (under >= median(under[live])) if live.any() else live
    above = _band(bands[rows], band_lo, cutoff + 250.0, min(cutoff + 1500.0, nyq))
    held = float(np.mean(to_db(under[rows]) - to_db(above) >= 20.0)) if rows.any() else 0.0
    loud = bands[loud_rows(bands)]
    top = to_db(_band(loud, band_lo, max(cutoff - 2000.0, 0.0), cutoff - 250.0))
    ref = to_db(_band(loud, band_lo, max(cutoff - 6000.0, 0.0), max(cutoff - 3000.0, 500.0)))
    return {"held": round(held, 3), "flicker_db": round(_spread(top - ref), 2)}


def upper(
    freqs: np.ndarray,
    power: np.ndarray,
    level: np.ndarray,
    edge: dict,
    bands: np.ndarray,
    band_lo: np.ndarray,
    short: tuple[np.ndarray, np.ndarray],
) -> dict | None:
    """A second edge above ``edge`` (a :func:`measure` result), with its time behaviour, or None.

    A source that rolls off early (a piano's treble, a sample its maker cut at 13 kHz) hides a
    codec's low-pass higher up: the strongest fall in the spectrum is the source's own, and the
    codec's cliff, from what is left of the source (its noise floor) down to the quantisation
    floor, stands above it. Measured on the spectrum above the first edge's stop frequency
    only; ``held``, ``flicker_db``, ``holes`` and ``spread_db`` as :func:`held_and_flicker`,
    :func:`holes` and :func:`spread_above` give them at its cut-off.
    """
    if not edge["found"]:
        return None
    found = measure(freqs, power, level, lo_hz=edge["stop_hz"] + UPPER_GAP_HZ)
    if not found["found"]:
        return None
    cutoff = float(found["cutoff_hz"])
    found.update(held_and_flicker(bands, band_lo, cutoff, float(freqs[-1])))
    found["holes"] = holes(short[0], short[1], loud_rows(bands), cutoff)
    found["spread_db"] = spread_above(bands, band_lo, cutoff, float(freqs[-1]))
    return found


def robust(
    bands: np.ndarray, band_lo: np.ndarray, short: tuple[np.ndarray, np.ndarray], nyq: float
) -> dict | None:
    """The edge of the per-band median over the loud frames, with its time behaviour, or None.

    A transient (a bell's attack, a drum hit) can dominate the mean spectrum and fill a codec's
    low-pass, which holds in every other frame; in the median frame it cannot. Measured as
    :func:`measure` does on the band matrix, with ``held``, ``flicker_db``, ``holes`` and
    ``spread_db`` at its cut-off as :func:`upper` gives them.
    """
    loud = loud_rows(bands) if len(bands) >= 8 else None
    if loud is None or loud.sum() < 8:
        return None
    typical = median(bands[loud], axis=0)
    freqs = band_lo + (band_lo[1] - band_lo[0]) / 2
    found = measure(freqs, typical, smooth_db(freqs, typical))
    if not found["found"]:
        return None
    cutoff = float(found["cutoff_hz"])
    found.update(held_and_flicker(bands, band_lo, cutoff, nyq))
    found["holes"] = holes(short[0], short[1], loud, cutoff)
    found["spread_db"] = spread_above(bands, band_lo, cutoff, nyq)
    return found


def loud_rows(bands: np.ndarray) -> np.ndarray:
    """Mask of the loud frames of a band matrix: at or above the median frame energy (read-only:
    the fake-lossless analysis asks up to five times for the same matrix, and the mask of the
    last matrix asked about is kept, as :func:`audiolint.analysis.frames.finite` keeps its
    answer)."""
    known = _LOUD.get(bands)
    if known is not None:
        return known
    energy = bands.sum(axis=1)
    loud = energy >= max(float(median(energy)), float(energy.max()) * 1e-6)
    loud.flags.writeable = False
    _LOUD.put(bands, loud)
    return loud


_LOUD = LastBlock()


def holes(short_db: np.ndarray, freqs: np.ndarray, loud: np.ndarray, top: float) -> float | None:
    """Share of empty time-frequency cells in the 4 kHz under ``top`` (loud frames only).

    A cell is empty when it lies ``HOLE_DB`` under its own frequency's median over the loud
    frames. A recording's noise floor keeps every cell near its median (for noise-like content
    a cell 40 dB under the median has a chance of about 1 in 10,000); a codec's quantiser
    zeroes whole bands of a frame, and the decoder leaves them empty. Measured on the
    short-window rows of :class:`~audiolint.analysis.spectrum.SpectrumAccumulator`, where
    those holes survive. None when there is too little to judge.
    """
    sel = (freqs >= max(freqs[0], top - 4000.0)) & (freqs < top - 300.0)
    rows = short_db[loud][:, sel].astype(np.int16) if len(short_db) == len(loud) else None
    if rows is None or len(rows) < 8 or not sel.any():
        return None
    typical = median(rows, axis=0)
    return round(float(np.mean(rows < typical - HOLE_DB)), 4)


def quant_floor_db(window_power: float, bits: int, channels: int = 1) -> float:
    """The level (dB, as :func:`smooth_db` gives it) of ``bits``-bit samples' quantisation
    noise with TPDF dither in one FFT bin; ``window_power`` is the FFT window's sum of squares,
    which scales white noise in every bin, and the channels' powers add up."""
    step = 2.0 ** (1 - bits)
    return float(10.0 * np.log10(step * step / 4.0 * window_power * max(1, channels)))


def reach(
    freqs: np.ndarray, level: np.ndarray, window_power: float, bits: int, channels: int = 1
) -> float | None:
    """Where content fades into the quantisation floor, in Hz, or None if it reaches the top.

    The floor is the top of the band's level, never under what ``bits``-bit samples rounded
    without dither leave (TPDF dither's floor less ``UNDITHERED_DB``; ``window_power``: the FFT
    window's sum of squares, which scales white noise in every bin). A top standing more than
    ``REACH_DB`` over plain rounding's floor is sound up to Nyquist (None); otherwise the
    content stops at the highest frequency standing ``REACH_DB`` above the floor. Analog hiss
    up to Nyquist counts as content: no codec or resampler lets it through.
    """
    if len(freqs) < 8 or not bits:
        return None
    quant = quant_floor_db(window_power, bits, channels)
    top = float(median(level[-max(3, len(level) // 50) :]))
    # rounding without dither leaves a third of TPDF's noise power (4.8 dB less), and a top
    # that low is that floor: an 8-bit voice's fricatives stand 10-15 dB over it (and over its
    # top), under REACH_DB over TPDF's floor, and its band seemed to stop at 3-4 kHz
    floor = max(top, quant - UNDITHERED_DB)
    if top > quant - UNDITHERED_DB + REACH_DB:  # sound over that floor up to Nyquist
        return None
    above = np.flatnonzero(level >= floor + REACH_DB)
    return float(freqs[above[-1]]) if len(above) else 0.0


def spread_above(bands: np.ndarray, band_lo: np.ndarray, freq: float, nyq: float) -> float | None:
    """How much the band just above ``freq`` comes and goes from frame to frame, in dB.

    Over the frames whose band just under ``freq`` (1.5 to 0.25 kHz under) stands at least
    ``SPREAD_ROOM_DB`` above the floor (the median level of the top 3 % of the band), the
    robust spread of the band just above (0.25 to 1.5 kHz over) two ways: its level over the
    floor, and its gap under the band below; the smaller of the two. A resampler's filter or a
    recording's own roll-off leaves the floor there in every frame (a steady level) or passes
    a fixed share of what is under it (a steady gap: a gentle filter's mirror images); a
    codec's top bands (MP3's sfb21 above 16 kHz) switch on and off from frame to frame, so
    neither holds. 0 where the band above stays ``EMPTY_GAP_DB`` under the band below in every
    such frame; None with fewer than 8 such frames.
    """
    if not len(bands):
        return None
    floor = to_db(median(_band(bands, band_lo, 0.97 * nyq, nyq)))
    under = to_db(_band(bands, band_lo, freq - 1500.0, freq - 250.0)) - floor
    rows = under >= SPREAD_ROOM_DB
    if rows.sum() < 8 or freq + 250.0 >= 0.99 * nyq:
        return None
    over = to_db(_band(bands[rows], band_lo, freq + 250.0, min(freq + 1500.0, 0.99 * nyq))) - floor
    gap = under[rows] - over
    if gap.min() >= EMPTY_GAP_DB:  # empty in every frame: nothing comes and goes
        return 0.0
    return round(min(_spread(over), _spread(gap)), 2)


def _band(rows: np.ndarray, band_lo: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Mean power of the bands whose lower edge lies in [lo, hi) (the nearest one if none)."""
    sel = (band_lo >= lo) & (band_lo < hi)
    if not sel.any():
        sel = np.zeros_like(sel)
        sel[min(np.searchsorted(band_lo, lo), len(sel) - 1)] = True
    return rows[:, sel].mean(axis=1)


def _spread(values: np.ndarray) -> float:
    """Robust standard deviation: the interquartile range over 1.35."""
    q75, q25 = percentile(values, [75, 25])
    return float(q75 - q25) / 1.35
