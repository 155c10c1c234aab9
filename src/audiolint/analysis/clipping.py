"""Clipping: runs of consecutive samples stuck at full scale, and float samples beyond it.

A single sample at full scale is normal for a loud, well-mastered file; a wave that was sliced
off flat leaves *runs* of samples at the ceiling. A run counts when it is at least
``MIN_RUN`` (3) samples long in one channel. "At full scale" means ``|x|`` at or above the
largest value the file's integer format can store (32767/32768 for 16-bit; 16-bit is assumed
for lossy and other decoded formats), or 1.0 for float files, where any sample beyond 1.0
also counts as clipped on its own: it will clip as soon as the file is converted to integers.

Results: ``clipped_samples`` (samples in counted runs plus float overs, all channels),
``clipped_overs`` (float files: the samples strictly beyond full scale, kept; None otherwise),
``clipped_runs``, ``clipped_ratio`` (clipped samples over all samples of all channels),
``first_clip_s`` (start of the first clipped sample, ``null`` when none) and
``clipped_flat_runs`` (of the runs, those inside a flat top rather than at a rounded peak's
crest: a clipped original's, not a lossy decoder's overshoot; see analysis/cliptops.py);
``peak_flat_runs`` and ``peak_flat_samples``: runs inside flat tops at the file's own peak,
wherever that is (a wave clipped, then turned down; see analysis/peaktops.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolint.analysis.cliptops import Tops
from audiolint.analysis.frames import finite, runs
from audiolint.analysis.peaktops import PeakTops

MIN_RUN = 3


# 16-bit's ceiling, 32767/32768: a 16-bit file clipped there and written as 24-bit or float keeps
# its positive tops at it, under those formats' own ceilings (review 54a: a clipped 16-bit take
# read 18 clipped samples in 5 runs, its 24-bit and float copies 9 in 3, the negative tops alone)
CEILING_16 = 1.0 - 2.0**-15


def full_scale(props: Any) -> tuple[float, bool]:
    """(ceiling a clipped sample reaches, whether the samples are float) for these properties:
    the format's own, or 16-bit's where that is lower (a 16-bit clip carried into 24 bits)."""
    if getattr(props, "sample_format", None) == "float":
        return float(np.float32(CEILING_16)), True
    is_int = getattr(props, "sample_format", None) == "int"
    bits = (getattr(props, "bit_depth", None) if is_int else None) or 16
    return float(np.float32(min(1.0 - 2.0 ** -(bits - 1), CEILING_16))), False


class Clipping:
    """Counts clipped runs per channel; a run crossing a block boundary is carried over."""

    def __init__(self, sample_rate: int, channels: int, props: Any = None):
        self.sr = sample_rate
        self.level, self.is_float = full_scale(props) if props is not None else (1.0, False)
        self.pos = 0
        self.samples = 0  # clipped samples counted so far
        self.runs = 0
        self.first: int | None = None  # absolute frame of the first clipped sample
        self.overs = 0  # float samples strictly beyond full scale (kept, not cut)
        # the run still open at the end of the last block, per channel: start, length, overs
        self.open = [(0, 0, 0)] * channels
        self.peak_tops = PeakTops(channels)  # flat tops at the file's own peak
        # flat tops or rounded peaks, reading the values near the top PeakTops counts
        self.tops = Tops(channels, self.level, MIN_RUN, self.peak_tops.levels)

    def _close(self, start: int, length: int, overs: int) -> None:
        if length >= MIN_RUN:
            self.runs += 1
            self.samples += length
            self._saw(start)
        elif overs:
            self.samples += overs
            self._saw(start)  # within a short run; its first over is at most a few samples on

    def _saw(self, frame: int) -> None:
        self.first = frame if self.first is None else min(self.first, frame)

    def update(self, block: np.ndarray) -> None:
        """Consume the next block."""
        n = len(block)
        if not n:
            return
        block = finite(block)
        mags = np.abs(block)
        at_top = mags >= self.level
        if self.is_float:
            self.overs += int(np.count_nonzero(mags > 1.0))
        any_top = bool(at_top.any())
        self.tops.update(block, any_top)
        self.peak_tops.update(block)
        if not any_top:  # (a float over is at the top too) each channel as _channel does
            for ch, (start, length, overs) in enumerate(self.open):
                if length:
                    self._close(start, length, overs)
                    self.open[ch] = (0, 0, 0)
            self.pos += n
            return
        for ch in range(block.shape[1]):
            self._channel(at_top[:, ch], mags[:, ch], n, ch)
        self.pos += n

    def _channel(self, mask: np.ndarray, mags: np.ndarray, n: int, ch: int) -> None:
        open_start, open_len, open_overs = self.open[ch]
        if not mask.any():
            if open_len:
                self._close(open_start, open_len, open_overs)
                self.open[ch] = (0, 0, 0)
            return
        starts, ends = runs(mask)
        if self.is_float:
            over = np.concatenate(([0], np.cumsum(mags > 1.0)))
            overs = over[ends] - over[starts]
        else:
            overs = np.zeros(len(starts), dtype=np.int64)
        lengths = ends - starts
        abs_starts = starts + self.pos
        if open_len:
            if starts[0] == 0:  # the open run continues into this block
                lengths[0] += open_len
                overs[0] += open_overs
                abs_starts[0] = open_start
            else:
                self._close(open_start, open_len, open_overs)
        last_open = ends[-1] == n
        count = len(starts) - 1 if last_open else len(starts)
        long_runs = lengths[:count] >= MIN_RUN
        self.runs += int(long_runs.sum())
        self.samples += int(lengths[:count][long_runs].sum() + overs[:count][~long_runs].sum())
        hit = long_runs | (overs[:count] > 0)
        if hit.any():
            self._saw(int(abs_starts[:count][hit][0]))
        self.open[ch] = (
            (int(abs_starts[-1]), int(lengths[-1]), int(overs[-1])) if last_open else (0, 0, 0)
        )

    def result(self) -> dict[str, Any]:
        """The clipping counts, closing runs still open at the end of the file."""
        for start, length, overs in self.open:
            self._close(start, length, overs)
        self.open = [(0, 0, 0)] * len(self.open)
        total = self.pos * len(self.open)
        return {
            "clipped_samples": self.samples,
            "clipped_runs": self.runs,
            "clipped_flat_runs": min(self.tops.result(), self.runs),
            "clipped_ratio": round(self.samples / total, 8) if total else 0.0,
            "first_clip_s": None if self.first is None else round(self.first / self.sr, 3),
            "clipped_overs": self.overs if self.is_float else None,
            **self.peak_tops.result(),
        }
