"""Levels: sample peak, true peak, RMS and DC offset, streamed block by block.

* ``peak_dbfs``: the largest absolute sample, in dBFS (``null`` for digital silence).
* ``true_peak_dbfs``: ITU-R BS.1770-4 Annex 2 true peak: 4x oversampling with the standard's
  48-tap polyphase interpolation filter. None of its four phases passes the stored samples
  through unchanged, so the reading is ``max(sample peak, interpolated peak)``: the real wave
  can never be lower than a stored sample.
* ``rms_dbfs``: root mean square over every sample of every channel, in dBFS (a full-scale
  sine reads -3.01).
* ``dc_offset``: the mean of the channel whose mean is furthest from zero, as a signed fraction
  of full scale.
* ``dc_steady``: the offset as it holds through the file: each channel's median mean over
  ``STEADY_S`` stretches with sound (digital silence's left out), the channel furthest from zero
  (the whole mean under ``MIN_STRETCHES`` stretches; 0 where that median lies under ``HELD_Z``
  of its own standard error off zero: a short lopsided burst swinging both ways holds no
  offset). A
  constant bias reads the same in every stretch; one asymmetric thump (a drum's attack, a click
  before a prompt) moves the whole file's mean but not the median stretch's.
* ``nonfinite_samples``: NaN or infinite samples (float files only). Every analyser reads them
  as 0 and +-1 (full scale), so one bad sample cannot turn every measurement into NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolint.analysis.frames import channel_rows, finite, power_db, runs
from audiolint.analysis.quantile import median

# BS.1770-4 Annex 2, Table 1: 48 taps, four phases of 12 (phase p = taps[p::4] would be the
# interleaved order; the standard lists them phase by phase, which is how they are kept here).
_TP_TAPS = np.array(
    [
        [0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000, -0.0594482421875,
         0.1373291015625, 0.9721679687500, -0.1022949218750, 0.0476074218750, -0.0266113281250,
         0.0148925781250, -0.0083007812500],
        [-0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250, -0.1665039062500,
         0.4650878906250, 0.7797851562500, -0.2003173828125, 0.1015625000000, -0.0582275390625,
         0.0330810546875, -0.0189208984375],
        [-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625000000, -0.2003173828125,
         0.7797851562500, 0.4650878906250, -0.1665039062500, 0.0891113281250, -0.0517578125000,
         0.0292968750000, -0.0291748046875],
        [-0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750, -0.1022949218750,
         0.9721679687500, 0.1373291015625, -0.0594482421875, 0.0332031250000, -0.0196533203125,
         0.0109863281250, 0.0017089843750],
    ]
)  # fmt: skip
_TP_TAPS32 = _TP_TAPS.astype(np.float32)
_TP_HIST = _TP_TAPS.shape[1] - 1  # samples of history each output needs
# No interpolated value of a phase can exceed its taps' absolute sum times the largest input in
# its window, so a stretch whose peak times that gain stays below the running true peak cannot
# raise it. The inner phases (1, 2) gain 2.02, the outer ones (0, 3, near the stored samples)
# 1.43: only the inner pair is computed where the outer one cannot reach the peak.
_TP_INNER, _TP_OUTER = _TP_TAPS32[1:3], _TP_TAPS32[[0, 3]]
_TP_BOTH = np.ascontiguousarray(np.concatenate([_TP_INNER, _TP_OUTER]))
_TP_GAIN = float(np.abs(_TP_TAPS[1:3]).sum(axis=1).max())
_TP_GAIN_OUTER = float(np.abs(_TP_TAPS[[0, 3]]).sum(axis=1).max())
_TP_CHUNK = 1024  # frames per candidate stretch
_TP_PIECE = 8  # chunks interpolated at a time
STEADY_S = 0.05  # seconds a stretch for dc_steady (a voice's lowest partial turns 3-4 times)
MIN_STRETCHES = 3  # fewer stretches than this with sound: dc_steady is the whole mean
HELD_Z = 2.0  # standard errors (95 %) the median stretch mean stands off zero, or none is held


def amplitude_db(value: float) -> float | None:
    """An amplitude (fraction of full scale) in dBFS, rounded; ``None`` for zero (or overflow)."""
    db = power_db(float(value) ** 2)
    return round(float(db), 2) if db is not None and np.isfinite(db) else None


class TruePeak:
    """Streaming BS.1770 true-peak meter (4x polyphase oversampling) with per-channel history.

    Only stretches that could raise the running maximum are oversampled; the rest are skipped
    by the bound above, which keeps the meter cheap without changing its result. ``peak`` is
    the linear true peak so far and ``sample_peak`` the largest stored sample.
    """

    def __init__(self, channels: int):
        self.hist = np.zeros((_TP_HIST, channels), dtype=np.float32)
        self.peak = 0.0
        self.sample_peak = 0.0

    def update(self, block: np.ndarray) -> None:
        """Consume the next block."""
        n = len(block)
        if not n:
            return
        ext = np.concatenate((self.hist, block))
        self.hist = ext[-_TP_HIST:].copy()
        for ch in range(ext.shape[1]):
            self._channel(np.ascontiguousarray(ext[:, ch]), n)

    def _channel(self, x: np.ndarray, n: int) -> None:
        # output i (0..n-1) reads x[i : i + 12]; chunk j holds outputs j*C .. j*C + C - 1
        chunks = -(-n // _TP_CHUNK)
        mags = np.zeros((chunks + 1) * _TP_CHUNK, dtype=np.float32)
        np.abs(x, out=mags[: len(x)])
        per_chunk = mags.reshape(-1, _TP_CHUNK).max(axis=1).astype(np.float64)
        self.sample_peak = max(self.sample_peak, float(per_chunk.max()))
        self.peak = max(self.peak, self.sample_peak)
        reach = np.maximum(per_chunk[:-1], per_chunk[1:])  # covers each chunk's 11 extra inputs
        todo = reach * _TP_GAIN > self.peak
        if not todo.any():
            return
        outer = reach * _TP_GAIN_OUTER > self.peak  # within todo's runs (a lower gain)
        step = x.strides[0]
        # Correlating rather than convolving: the phases are mirror-image pairs (0/3, 1/2),
        # so the set of interpolated values, and its maximum, is the same.
        with np.errstate(over="ignore", invalid="ignore"):  # absurd float samples: inf
            for first, last in zip(*runs(todo), strict=True):
                for c in range(first, last, _TP_PIECE):
                    a, b = c * _TP_CHUNK, min(min(c + _TP_PIECE, last) * _TP_CHUNK, n)
                    # row k is x[a + k : b + k]: the sliding windows, copied to contiguous rows
                    # a few chunks at a time (3x quicker than a product with the strided view,
                    # the same values; larger pieces fall out of the cache)
                    buffer = x[a : b + _TP_HIST]
                    windows = np.ndarray(
                        (_TP_HIST + 1, b - a), x.dtype, buffer, strides=(step, step)
                    )
                    windows = windows.copy()
                    near = outer[c : c + _TP_PIECE]
                    if near.all():  # all four phases in one product: one read of the windows
                        self._max(_TP_BOTH @ windows)
                        continue
                    self._max(_TP_INNER @ windows)
                    for i, j in zip(*runs(near), strict=True):
                        self._max(_TP_OUTER @ windows[:, i * _TP_CHUNK : j * _TP_CHUNK])

    def _max(self, values: np.ndarray) -> None:
        if values.size:
            self.peak = max(self.peak, float(values.max()), float(-values.min()))


class Levels:
    """Peak, true peak, RMS and DC offset of a whole file."""

    def __init__(self, sample_rate: int, channels: int, props: Any = None):
        self.channels = channels
        self.frames = 0
        self.sum = np.zeros(channels)
        self.sumsq = 0.0
        self.nonfinite = 0
        self.true_peak = TruePeak(channels)
        self.flushed = False
        self.chunk = max(1, round(sample_rate * STEADY_S))
        # each whole stretch's sums (counted from the file's start, whatever the
        # blocks) and the samples of the stretch not yet whole
        self.stretches: list[np.ndarray] = []
        self.carry = np.zeros((channels, 0))

    def update(self, block: np.ndarray) -> None:
        """Consume the next block."""
        if not len(block):
            return
        self.frames += len(block)
        clean = finite(block)
        if clean is not block:
            self.nonfinite += int(block.size - np.isfinite(block).sum())
            block = clean
        # Channels-first and contiguous, reduced per channel: a strided sum(axis=0) is slow,
        # and BLAS products (ones @ x) hit a ~13 ms/block gemv path on mono (profiled). The
        # copy is the loudness meter's too (made once per block).
        wide = channel_rows(block)
        self.sum += wide.sum(axis=1)
        self.sumsq += float(sum(np.dot(ch, ch) for ch in wide))
        self.true_peak.update(block)
        joined = np.concatenate([self.carry, wide], axis=1) if self.carry.shape[1] else wide
        whole = joined.shape[1] // self.chunk * self.chunk
        if whole:
            parts = joined[:, :whole].reshape(len(joined), -1, self.chunk)
            self.stretches.append(parts.sum(axis=2, dtype=np.float64))
        self.carry = np.array(joined[:, whole:], dtype=np.float64)

    def result(self) -> dict[str, Any]:
        """The levels; every dB value is ``None`` when the file is empty or all zeros."""
        if self.frames and not self.flushed:
            # the interpolation filter rings on past the last sample (as after the first):
            # a file that ends abruptly at full level peaks in that tail
            self.true_peak.update(np.zeros((_TP_HIST, self.channels), dtype=np.float32))
            self.flushed = True
        samples = self.frames * self.channels
        means = self.sum / self.frames if self.frames else np.zeros(self.channels)
        worst = float(means[np.argmax(np.abs(means))]) if self.channels else 0.0
        return {
            "peak_dbfs": amplitude_db(self.true_peak.sample_peak),
            "true_peak_dbfs": amplitude_db(self.true_peak.peak),
            "rms_dbfs": amplitude_db(np.sqrt(self.sumsq / samples)) if samples else None,
            "dc_offset": round(worst, 6),
            "dc_steady": round(self._steady(worst), 6),
            "nonfinite_samples": self.nonfinite,
        }

    def _steady(self, worst: float) -> float:
        """The offset held through the file (``dc_steady``): each channel's median stretch mean,
        digital silence's stretches left out (a real offset in a file padded or gated with
        zeros still holds wherever there is sound); the channel furthest from zero. Under
        ``MIN_STRETCHES`` stretches, ``worst``: the mean of the channel furthest from zero."""
        sums = np.concatenate(self.stretches, axis=1) if self.stretches else None
        held = []
        for channel in range(self.channels):
            kept = sums[channel][sums[channel] != 0.0] if sums is not None else ()
            if len(kept) >= MIN_STRETCHES:
                means = kept / self.chunk
                mid = float(median(means))
                # held: the median stands HELD_Z of its own standard error (1.86 MADs over the
                # root of the count, for a normal spread) off zero (review 43b: a 0.23 s burst
                # whose four stretches swing -6.8, +20.8, -21.0 and -2.3 % is no offset; an
                # organ's 146, spread 1.4 % by its bass around 1.2 %, hold one)
                spread = 1.86 * float(median(np.abs(means - mid))) / np.sqrt(len(means))
                held.append(mid if abs(mid) >= HELD_Z * spread else 0.0)
        return max(held, key=abs) if held else worst
