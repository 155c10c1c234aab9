"""Flat tops at the file's own peak: a wave clipped, then turned down.

A recording clipped at full scale and then made quieter (a gain of -3 dB, or normalised to
-1 dBFS) keeps its flat tops, only lower: runs of samples that sit together at the file's own
peak, below the format's full scale, where :mod:`audiolint.analysis.clipping` looks for none.
Repeated values at a peak are no proof by themselves: a quiet recording's slow crest, or a loud
one requantised to 8 bits, holds the same value for a few samples at a rounded peak. So only
runs inside a *flat* top count, read as :mod:`audiolint.analysis.cliptops` reads them (the top's
width times its slopes against a rounded peak's), with the top taken at ``TOP_SHARE`` of the
peak instead of 1 dB under full scale.

A run is ``MIN_RUN`` (3) or more samples of one channel within ``TOLERANCE`` (2.5 steps of
16-bit audio: what a gain with TPDF dither spreads one clipped value over) of the highest
magnitude of that sign in the file. Because the peak is only known at the end, each flat top
is kept with its height while the file streams, and those under the final peak less the
tolerance are dropped.

A synthesiser's square wave through a smooth low-pass also levels off flat at its peak, but
creeps up to it: torus-trooper's ``extend.wav`` (Debian's game data) climbs the last samples to
its -3.6 dBFS peak by 44, 31, 21, 14, 10, 7, 4, 4, 2, 2, 1... steps. A wave cut off arrives at
the flat top and leaves it at speed. So the flat tops count only when the median top's largest
step into its runs, and its largest step out of them, are each ``MIN_EDGE`` (0.05) of the top's
mean slope where it crosses ``TOP_SHARE`` or more. Clipped and lowered speech and music (the
real corpus's tune half, ``benchmarks/clip_tops.py --lossless``) read 0.15-0.6 either way,
``extend.wav`` 0.005 in, a low-passed square 0.0 in.

Results (``"signal"``): ``peak_flat_runs`` (such runs, all channels and both signs) and
``peak_flat_samples`` (the samples in them).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.cliptops import CONTEXT, TOP_LEVEL, Levels, shapes
from audiolint.analysis.quantile import median

TOLERANCE = 2.5 / 32768  # a gain's TPDF dither spreads a flat top over 2 steps of 16 bits
TOP_SHARE = 0.89  # a top: the wave at or above this share of the peak (about 1 dB under it)
MIN_RUN = 3
MIN_EDGE = 0.05  # cut off, the median flat top steps into and out of its runs this share of its
# slopes or more (each step is the slope times the part of a sample left: half of it, typically)
MIN_PEAK = 0.01  # under -40 dBFS, no peak is looked at


class PeakTops:
    """Flat tops at the running peak of each sign, kept with their heights, block by block."""

    def __init__(self, channels: int):
        self.carry = np.zeros((0, channels), np.float32)
        self.peak = [0.0, 0.0]  # highest magnitude so far, positive and negative side
        # per sign: flat tops seen at the running peak: height, runs, samples, steps in and out
        # (over the top's slopes), first frame
        self.tops: list[list[tuple[float, int, int, float, float, int]]] = [[], []]
        self.pos = 0  # absolute frame of the carry's first sample
        # the values near the top (a grid too coarse to read: cliptops), shared with Tops
        self.levels = Levels()

    def _scan(self, data: np.ndarray, lo: int, closed: bool) -> None:
        highs = (float(data.max(initial=0.0)), -float(data.min(initial=0.0)))
        for side, sign in enumerate((1.0, -1.0)):
            m = max(self.peak[side], highs[side])
            if m > self.peak[side]:
                self.peak[side] = m
                self.tops[side] = [t for t in self.tops[side] if t[0] >= m - TOLERANCE]
            if m < MIN_PEAK or highs[side] < m - TOLERANCE:
                continue  # nothing in this stretch reaches the peak so far
            wave = sign * data.astype(np.float64)
            for ch in range(data.shape[1]):
                peak, counts, lengths, firsts, flat, into, out = shapes(
                    wave[:, ch], m - TOLERANCE, MIN_RUN, lo, closed, TOP_SHARE * m
                )
                for i in np.flatnonzero(flat):
                    row = (float(peak[i]), int(counts[i]), int(lengths[i]))
                    edges = (float(into[i]), float(out[i]))
                    self.tops[side].append((*row, *edges, int(firsts[i]) + self.pos))

    def update(self, block: np.ndarray) -> None:
        """Consume the next block."""
        data = np.concatenate([self.carry, block]) if len(self.carry) else block
        if not len(data):
            return
        self._scan(data, len(self.carry), False)
        # half the tops' edge at the running peak (a superset of what the final peak's asks)
        # or at full scale's, the lower: one count for both readers (cliptops.Tops too)
        edge = min(TOP_SHARE * max(max(self.peak), MIN_PEAK), TOP_LEVEL)
        self.levels.add(block, edge / 2)
        last = data[-1]
        edges = (TOP_SHARE * max(self.peak[0], MIN_PEAK), TOP_SHARE * max(self.peak[1], MIN_PEAK))
        open_top = bool((last >= edges[0]).any() or (-last >= edges[1]).any())
        keep = min(CONTEXT, len(data)) if open_top else 0  # a top may go on
        self.pos += len(data) - keep
        self.carry = data[len(data) - keep :]

    def result(self) -> dict[str, int]:
        """``peak_flat_runs`` and ``peak_flat_samples``, with the tops still open at the end."""
        if len(self.carry):
            self._scan(self.carry, len(self.carry), True)
            self.carry = self.carry[:0]
        kept = [
            top
            for side in (0, 1)
            for top in self.tops[side]
            if top[0] >= self.peak[side] - TOLERANCE
        ]
        edges = np.array([top[3:5] for top in kept]).reshape(-1, 2)
        coarse = self.levels.coarse(TOP_SHARE * max(self.peak))
        if not kept or coarse or float(median(edges, axis=0).min()) < MIN_EDGE:
            return {"peak_flat_runs": 0, "peak_flat_samples": 0}  # none, or levelling off
        runs = sum(top[1] for top in kept)
        samples = sum(top[2] for top in kept)
        return {"peak_flat_runs": runs, "peak_flat_samples": samples}
