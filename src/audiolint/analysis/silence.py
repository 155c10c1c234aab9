"""Silence and usable time, from the RMS level of short frames.

The signal is cut into consecutive 20 ms frames (``FRAME_MS``) at fixed positions. A frame's
level is its RMS in dBFS (full-scale square wave = 0 dB, full-scale sine = -3 dB) after removing
the frame's own mean, averaged in power over the channels: RVC high-passes audio at 48 Hz
before its slicer compares frames with -42 dB, so a DC offset must not count as sound (or as
noise). Frames below ``THRESHOLD_DB`` are silent.

Results: ``silence_ratio`` (silent share of the duration), ``leading_silence_s`` and
``trailing_silence_s`` (both equal the whole duration for an all-silent file),
``usable_duration_s`` (non-silent time), ``silence_threshold_dbfs`` (the threshold used), and
``noise_floor_dbfs`` and ``noise_pause_s`` (see :mod:`audiolint.analysis.noise`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolint.analysis import noise
from audiolint.analysis.frames import FrameSums, channel_rows, finite

FRAME_MS = 20
THRESHOLD_DB = -42.0


class Silence:
    """Keeps one power value per 20 ms frame (2 hours = 360,000 floats), no samples."""

    def __init__(self, sample_rate: int, channels: int, props: Any = None):
        self.sr = sample_rate
        self.channels = channels
        self.energy = FrameSums(sample_rate, FRAME_MS, channels)  # sum of x*x, per channel
        self.sums = FrameSums(sample_rate, FRAME_MS, channels)  # sum of x, per channel
        self.powers: list[np.ndarray] = []
        self.counts: list[np.ndarray] = []

    def _keep(self, energy: np.ndarray, sums: np.ndarray, counts: np.ndarray) -> None:
        if len(counts):
            mean = sums / counts[:, None]
            mean_square = energy.sum(axis=1) / (counts * self.channels)
            # the frame's power about its mean, averaged over the channels
            self.powers.append(np.maximum(mean_square - (mean * mean).mean(axis=1), 0.0))
            self.counts.append(np.asarray(counts, dtype=np.int32))

    def update(self, block: np.ndarray) -> None:
        """Consume the next block."""
        # the levels' and loudness's float64 copy of the block (made once per block), as
        # (frames, channels) again
        wide = channel_rows(finite(block)).T
        sums, counts = self.sums.push(wide)
        # per channel, summed once per frame: a product with ones, per sample, hit a slow BLAS
        # path (1.1 ms a mono block of 65,536 against 0.06 ms)
        energy, _ = self.energy.push(np.square(wide))
        self._keep(energy, sums, counts)

    def result(self) -> dict[str, Any]:
        """Silence measurements, including the last partial frame."""
        (energy, rest_n), (sums, _) = self.energy.remainder(), self.sums.remainder()
        if rest_n:
            self._keep(energy[None, :], sums[None, :], np.array([rest_n]))
            self.energy = FrameSums(self.sr, FRAME_MS, self.channels)
            self.sums = FrameSums(self.sr, FRAME_MS, self.channels)
        power = np.concatenate(self.powers) if self.powers else np.zeros(0)
        counts = np.concatenate(self.counts) if self.counts else np.zeros(0, np.int32)
        self.powers, self.counts = [power], [counts]
        return {**measure(power, counts, self.sr), **noise.measure(power)}


def measure(power: np.ndarray, counts: np.ndarray, sample_rate: int) -> dict[str, Any]:
    """Silence figures from per-frame ``power`` (mean square) and frame lengths ``counts``."""
    total = int(counts.sum())
    silent = power < 10.0 ** (THRESHOLD_DB / 10.0)
    loud = np.flatnonzero(~silent)
    silent_n = int(counts[silent].sum())
    lead = int(counts[: loud[0]].sum()) if len(loud) else total
    trail = int(counts[loud[-1] + 1 :].sum()) if len(loud) else total
    return {
        "silence_ratio": round(silent_n / total, 4) if total else 1.0,
        "leading_silence_s": round(lead / sample_rate, 3),
        "trailing_silence_s": round(trail / sample_rate, 3),
        "usable_duration_s": round((total - silent_n) / sample_rate, 3),
        "silence_threshold_dbfs": THRESHOLD_DB,
    }
