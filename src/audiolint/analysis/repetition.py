"""How exactly the loud spans' waveform repeats: within each span (a period) and across spans.

A waveform that repeats exactly, a synthetic buzz, a chip tune's pulse, a metronome's click,
holds partials (or clicks) whose phases stay locked to each other. Where its period is a whole
number of an old rate's samples, those partials stand mirrored and folded about that rate's
Nyquist frequency just as an interpolator's copies do, and :mod:`audiolint.analysis.imagefit`
would read them as copies. This module says whether that can be so: the period that repeats
best inside the spans, and whether whole spans repeat each other.
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.quantile import median

SHORTEST = 16  # samples: the shortest period read (3 kHz at 48 kHz)


def _mono(x) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    x = x.mean(axis=1) if x.ndim > 1 else x
    return x - x.mean() if len(x) else x


def _white(x) -> np.ndarray:
    """``x``'s first difference: a low band's smoothness correlates at any short lag, a
    repeating waveform's every partial at its period alone."""
    return np.diff(_mono(x))


def period(spans) -> tuple[int, float]:
    """The lag (samples, ``SHORTEST`` to half a span) at which the spans' waveform repeats
    best, and how well: the median over the spans of its normalised correlation with itself
    that many samples on (1.0: exactly, whatever its level does meanwhile); ``(0, 0.0)`` when
    no span is long enough."""
    rows = [x for x in map(_white, (x for _, x in spans)) if len(x) >= 4 * SHORTEST]
    if not rows:
        return 0, 0.0
    size = min(len(x) for x in rows)
    lags = np.arange(SHORTEST, size // 2)
    reads = []
    for x in rows:
        x = x[:size]
        spec = np.fft.rfft(x, 2 * size)
        ac = np.fft.irfft(spec.real**2 + spec.imag**2)[:size]
        c = np.concatenate([[0.0], np.cumsum(x * x)])
        energy = (c[size - lags] - c[0]) * (c[size] - c[lags])
        reads.append(ac[lags] / np.sqrt(np.maximum(energy, 1e-30)))
    med = median(np.array(reads), axis=0)
    best = int(np.argmax(med))
    return int(lags[best]), float(med[best])


def across(spans) -> float:
    """How well whole spans repeat each other: for each span, the best normalised
    correlation with any other span at any lag; the median of those (1.0: the same stretch of
    waveform again, as a click track's or a repeated sample's spans are)."""
    rows = [x for x in map(_mono, (x for _, x in spans)) if len(x) and np.any(x)]
    if len(rows) < 2:
        return 0.0
    size = max(len(x) for x in rows)
    specs = [np.fft.rfft(x, 2 * size) for x in rows]
    norms = [float(np.sqrt(np.sum(x * x))) for x in rows]
    best = []
    for i, a in enumerate(specs):
        reads = (
            float(np.abs(np.fft.irfft(a * b.conj())).max()) / (norms[i] * norms[j])
            for j, b in enumerate(specs)
            if j != i
        )
        best.append(max(reads))
    return float(median(np.array(best)))


BLOCK = 256  # samples over which a repeating waveform's level is taken as steady


def without(spans, lag: int):
    """The spans less themselves ``lag`` samples earlier, scaled block by block (``BLOCK``) to
    fit best: a comb that takes out what repeats at that period, its level moving or not (a
    tremolo, a note dying away), and leaves what changes from one period to the next. Each is
    placed where its first sample stands."""
    out = []
    for position, x in spans:
        x = _mono(x) if np.ndim(x) > 1 else np.asarray(x, dtype=np.float64)
        if len(x) <= lag + BLOCK:
            continue
        now, before = x[lag:], x[:-lag]
        cut = (len(now) - 1) // BLOCK * BLOCK
        a, b = now[:cut].reshape(-1, BLOCK), before[:cut].reshape(-1, BLOCK)
        # each block's gain read on the first difference: the top of the band, where copies
        # would stand, sets it, not a louder low band that does not repeat (speech over a buzz)
        da = np.diff(now[: cut + 1]).reshape(-1, BLOCK)
        db = np.diff(before[: cut + 1]).reshape(-1, BLOCK)
        gain = (da * db).sum(axis=1) / np.maximum((db * db).sum(axis=1), 1e-30)
        out.append((position + lag, (a - gain[:, None] * b).ravel()))
    return out
