"""The checks of a codec grid's offset on the spans its search did not read.

:func:`audiolint.analysis.codecgrid.search` finds an offset on the two loudest spans; the
others (``(position, frames)`` pairs, every 2n-sample frame of a span as a row) then say how
many coefficients of loud bands are zero there and half a step away (:func:`check`), rank a
grid's candidate offsets again (:func:`ranked`: a faint grid, or the offsets a whole decode
starts at) and measure how far an offset stands over its neighbours (:func:`alone`,
:func:`standing`); :func:`named` picks the codec named where two grids' windows fit alike.
Moved out of codecgrid.py (which had grown past 300 lines).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.mdct import mdct
from audiolint.analysis.zerocount import zero_counts

CANDIDATES = 8  # the search's best offsets ranked again, with a grid's starts, on the other spans
RANK_REPS = 2  # frames per span and offset in that ranking and its check (a 4096-sample span)
RIVALS = (2, 3, 5, 8, 16, 32, -2, -3, -5, -8, -16, -32)  # offsets a Vorbis grid must stand over


def ranked(spans, n: int, curve: np.ndarray, starts, win: np.ndarray, noise: float, top=None):
    """The offset, of the ``CANDIDATES`` best of ``curve`` (the searched spans' shares) and
    ``starts``, with the highest share of zeros on ``spans`` (the others; ``RANK_REPS`` frames
    each), and its contrast: how many times that share exceeds the best share among the
    candidates two or more samples from it. A periodic signal's best offsets repeat, so its
    candidates share its best share (contrast near 1); a decode's other candidates are its
    search's noise, typical offsets on the other spans."""
    best = np.argsort(curve)[::-1][:CANDIDATES]
    phases = np.array(sorted({int(p) for p in best} | {s % n for s in starts}))
    frames = [f[(ph - pos) % n :: n][:RANK_REPS] for ph in phases for pos, f in spans]
    small, loud = zero_counts(mdct(np.concatenate(frames), win), noise, top)
    small = small.reshape(len(phases), -1).sum(axis=1)
    share = small / np.maximum(loud.reshape(len(phases), -1).sum(axis=1), 1)
    return int(phases[np.argmax(share)]), standing(share, phases, n)


def alone(spans, n: int, grid, phase: int, win: np.ndarray, noise: float, on, more, top=None):
    """How many times the share ``on`` counts at ``phase`` exceeds the best at RIVALS (2-32
    samples away, modulo the step), as :func:`check` counts (a periodic signal's zeros come
    back a period later; at most 999)."""
    best = 0.0
    for d in RIVALS:
        k, m = pooled(spans, n, grid, (phase + d) % grid.step, win, noise, more, top)
        best = max(best, k / max(m, 1))
    return min(on[0] / max(on[1], 1) / best, 999.0) if best > 0 else 999.0


def reps(n: int) -> int:
    """Frames per offset, one hop apart: as many as 1024 samples of hops hold (a short frame's
    few coefficients alone give a noisy share)."""
    return max(1, 1024 // n)


def standing(share: np.ndarray, offsets: np.ndarray, n: int) -> float:
    """How many times the highest ``share`` exceeds the highest at ``offsets`` two or more
    samples (modulo ``n``) from its own; capped at 999 (an empty rest would make it infinite)."""
    i = int(np.argmax(share))
    away = np.abs((offsets - offsets[i] + n // 2) % n - n // 2) >= 2
    rest = float(share[away].max()) if away.any() else 0.0
    return min(float(share[i]) / rest, 999.0) if rest > 0 else 999.0


def check(spans, n: int, grid, phase: int, win: np.ndarray, noise: float, more=1, top=None):
    """Share of zero coefficients on ``grid`` at ``phase`` and half a step away, pooled over
    ``spans`` ((position, frames) pairs; in each span, the frame with the highest share among
    the step's positions, ``more`` times :func:`reps` of them one hop apart pooled)."""
    on = pooled(spans, n, grid, phase, win, noise, more, top)
    half = (phase + grid.step // 2) % grid.step
    return on + pooled(spans, n, grid, half, win, noise, more, top)


def pooled(spans, n: int, grid, ph: int, win: np.ndarray, noise: float, more: int, top=None):
    """Zeros and loud coefficients at ``ph``, pooled over ``spans`` as :func:`check` pools."""
    per, count = n // grid.step, reps(n) * more
    frames = [f[(ph - pos) % grid.step :: grid.step][: per * count] for pos, f in spans]
    small, loud = zero_counts(mdct(np.concatenate(frames), win), noise, top)
    small = small.reshape(len(spans), count, per).sum(axis=1)
    loud = loud.reshape(len(spans), count, per).sum(axis=1)
    best = np.argmax(small / np.maximum(loud, 1), axis=1)
    rows = np.arange(len(spans))
    return int(small[rows, best].sum()), int(loud[rows, best].sum())


def named(found: list[dict], best: dict) -> dict:
    """Of the judged grid records ``found`` (:func:`codecgrid.search_at`), ``best``, or
    Vorbis's record where AAC's is best by z alone: found on the same offset (modulo Vorbis's
    128 samples), as many zeros on Vorbis's window as on AAC's. The windows are close, so a
    decode's grid is found on both; in real AAC decodes AAC's windows hold 1.6 to 9 times
    Vorbis's share (benchmarks/crosscheck.py, the real corpus: 7 decodes found on both), while
    ktuberling's Walloon words, shipped as Ogg Vorbis, were named AAC on a tie (zero shares
    0.117 and 0.119; Vorbis's z the lower, its off-grid offset 64 samples away where AAC's is
    512; review 39)."""
    if not (best["found"] and best["codec"] == "AAC"):
        return best
    for r in found:
        alike = r["found"] and r["codec"] == "Vorbis" and r["hop"] == best["hop"]
        same = alike and r["offset"] % r["step"] == best["offset"] % r["step"]
        if same and r["zero_share"] >= best["zero_share"]:
            return r
    return best
