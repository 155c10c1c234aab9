"""Opus's skirt above its 20 kHz wall, on CELT's 20 ms frame grid.

CELT codes nothing above 20 kHz, but its window overlaps the next frame's for only 2.5 ms:
where two frames cross, the short slope of the window spreads the coded band a few hundred Hz
above the wall, and nowhere else. So in an Opus decode the band just above 20 kHz, measured
against the band just under it, rises once every frame, at the same place on the 20 ms grid
(10 and 5 ms frames put their crossings on that grid too), and stays at the floor between. A
converter's or an encoder's steady low-pass (a 44.1 to 48 kHz resampler's stands at 20 kHz
as well) leaks the same share at every moment, and a recording's own band above 20 kHz moves
with the music, not with a clock. The grid keeps its period in samples through a resampler
to 44.1 kHz (20 ms is 882 samples there), where CELT's MDCT grid itself is lost.

Measured on the loud spans of :class:`~audiolint.analysis.excerpt.Excerpt`: short Kaiser-windowed
spectra every 1.25 ms (about), each placed by its file position on the grid, their band ratio's
median at each place, and the contrast between the highest place and the median one.
"""

from __future__ import annotations

import numpy as np

PERIOD_S = 0.02  # CELT's longest frame; its 10, 5 and 2.5 ms frames divide it
STEPS = 16  # places on the grid (about; a divisor of the period in samples)
WINDOW_STEPS = 8  # each spectrum spans this many steps (10 ms)
WALL_HZ = 20000.0
UNDER_HZ = (18000.0, 19800.0)  # the coded band under the wall...
SKIRT_HZ = (20400.0, 21800.0)  # ...and the band its crossings spread into
# the highest place's median band ratio over the median place's, in dB. Tune half: Opus decodes
# at 48 kHz (opusenc 144k decoded by opusdec to float; libopus decoded by FFmpeg) 4-58; 44.1 to
# 48 kHz converters (libsamplerate, SoX -b 90/93, soxr LQ/MQ, a FIR) at most 2.3
MIN_CONTRAST_DB = 6.0
MIN_FRAMES = 64  # spectra loud under the wall, at least
MIN_AGREE = 0.7  # share of the spans whose own highest place is the grid's (see _agreeing): tune
# Opus decodes 0.75-1.0 where the contrast holds; converter copies and sources 0.12-0.5


def _agreeing(ratio, place, span, peak: int, nph: int) -> float:
    """The share of spans whose own highest place (their spectra's mean ratio per place) lies
    within one step of ``peak``: a frame grid's crossings are in every span, a sound's
    chance alignments in a few."""
    cell = span * nph + place
    size = (int(span.max()) + 1) * nph
    count = np.bincount(cell, minlength=size).reshape(-1, nph)
    total = np.bincount(cell, weights=ratio, minlength=size).reshape(-1, nph)
    means = np.where(count > 0, total / np.maximum(count, 1), -np.inf)
    seen = count.sum(axis=1) > 0
    best = np.argmax(means[seen], axis=1)
    off = np.minimum((best - peak) % nph, (peak - best) % nph)
    return float(np.mean(off <= 1)) if len(off) else 0.0


def _steps(period: int) -> int:
    """The divisor of ``period`` nearest :data:`STEPS` (so that a step is whole samples)."""
    divisors = [d for d in range(8, 33) if period % d == 0]
    return min(divisors, key=lambda d: abs(d - STEPS)) if divisors else 0


def measure(spans, sample_rate: int) -> dict | None:
    """The skirt's contrast on the 20 ms grid over ``spans`` ((file position, mono samples),
    as :meth:`Excerpt.spans` gives them), or None when the rate leaves no room above the wall
    or too few spectra are loud under it.

    Returns ``contrast_db`` (the highest place's median ratio of the band above the wall to
    the band under it, over the median place's), ``place`` (its step on the grid), ``steps``,
    ``spectra`` (loud spectra counted) and ``found`` (contrast of :data:`MIN_CONTRAST_DB` or
    more).
    """
    period = PERIOD_S * sample_rate
    if sample_rate / 2 < SKIRT_HZ[1] + 200 or period != int(period):
        return None
    nph = _steps(int(period))
    if not nph:
        return None
    hop = int(period) // nph
    n = WINDOW_STEPS * hop
    win = np.kaiser(n, 12.0).astype(np.float32)
    freqs = np.fft.rfftfreq(n, 1.0 / sample_rate)
    under = (freqs >= UNDER_HZ[0]) & (freqs < UNDER_HZ[1])
    skirt = (freqs >= SKIRT_HZ[0]) & (freqs < SKIRT_HZ[1])
    lows, highs, places, spans_of = [], [], [], []
    for pos, x in spans:
        first = -pos % hop  # the first spectrum starts on a whole step of the file
        count = (len(x) - first - n) // hop + 1
        if count <= 0:
            continue
        idx = first + hop * np.arange(count)[:, None] + np.arange(n)[None]
        spec = np.fft.rfft(x[idx] * win, axis=1)
        power = spec.real**2 + spec.imag**2
        lows.append(power[:, under].mean(axis=1))
        highs.append(power[:, skirt].mean(axis=1))
        places.append(((pos + first) // hop + np.arange(count)) % nph)
        spans_of.append(np.full(count, len(spans_of)))
    if not lows:
        return None
    low, high, place = np.concatenate(lows), np.concatenate(highs), np.concatenate(places)
    span = np.concatenate(spans_of)
    loud = low >= np.median(low)
    if loud.sum() < MIN_FRAMES or not np.any(low[loud] > 0):
        return None
    ratio = 10 * np.log10((high[loud] + 1e-30) / (low[loud] + 1e-30))
    place, span = place[loud], span[loud]
    profile = np.array(
        [np.median(ratio[place == k]) if np.any(place == k) else np.nan for k in range(nph)]
    )
    if np.isnan(profile).any():
        return None
    peak = int(np.argmax(profile))
    contrast = float(profile[peak] - np.median(profile))
    agree = _agreeing(ratio, place, span, peak, nph)
    return {
        "found": contrast >= MIN_CONTRAST_DB and agree >= MIN_AGREE,
        "agree": round(agree, 2),
        "contrast_db": round(contrast, 1),
        "place": peak,
        "steps": nph,
        "spectra": int(loud.sum()),
    }


def at_wall(found: dict, edge: dict) -> bool:
    """Whether the edge a verdict rests on (``found``'s, when a second or median-frame edge
    replaced the first) or else the file's first edge (:func:`audiolint.analysis.edge.measure`)
    is 6 dB down within 300 Hz of :data:`WALL_HZ`: where Opus's wall and a converter's filter
    can both stand."""
    corner = found.get("corner_hz") or (edge.get("corner_hz") if edge.get("found") else None)
    return corner is not None and abs(corner - WALL_HZ) <= 300.0


def decide(found: dict, skirt: dict | None) -> dict:
    """``found`` (a genuine or inconclusive verdict on an edge at the wall), or lossy-origin
    when the skirt above the wall rises on the 20 ms grid (``skirt``: :func:`measure`). The
    edge's first sentence is kept; the sentences that weighed it against a converter's
    filter give way to the skirt's."""
    if not skirt or not skirt["found"] or found.get("verdict") not in ("genuine", "inconclusive"):
        return found
    origin = (
        f"Opus: the band just above its 20 kHz wall rises once every 20 ms, "
        f"{skirt['contrast_db']:.0f} dB over the rest of CELT's frame grid"
    )
    evidence = [
        *found.get("evidence", [])[:1],
        f"measured against the band under it, the band 0.4-1.8 kHz above 20 kHz rises at one "
        f"place on a 20 ms grid, {skirt['contrast_db']:.1f} dB over the median place "
        f"({skirt['spectra']} spectra of the loud spans, {skirt['steps']} places): where "
        "two of Opus's CELT frames cross, their short window overlap spreads the coded band "
        "over the wall; a converter's filter leaks the same share at every moment",
        f"that is typical of {origin}",
    ]
    out = {k: v for k, v in found.items() if k not in ("evidence", "origin")}
    return {**out, "verdict": "lossy-origin", "confidence": 0.85, "origin": origin,
            "evidence": evidence}  # fmt: skip
