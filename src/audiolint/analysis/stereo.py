"""Stereo: how alike the first two channels are, and how their levels compare.

* ``channel_correlation``: the normalised cross-correlation at lag 0 of the first two channels
  over the whole file, sum(L*R) / sqrt(sum(L^2) * sum(R^2)), as a phase-correlation meter
  reads it: +1 identical (dual mono), 0 unrelated, -1 one channel is the other inverted, so
  they cancel when mixed to mono. ``null`` when either channel is all zeros.
* ``channel_balance_db``: 10*log10 of the first channel's energy over the second's (positive:
  left louder), clamped to +-120 dB when one channel is digital silence; ``null`` when both are.
* ``mono_loss_db``: how much quieter the mono mix (L+R)/2 is than the two channels on average,
  in dB: about 0 for dual mono, 3 for unrelated channels, large for anti-phase.

* ``left_louder_ratio``, ``right_louder_ratio``: the share of loud 50 ms frames (within
  ``LOUD_DB`` of the file's 95th percentile and over ``FLOOR_DBFS``) in which that channel is
  ``AHEAD_DB`` or more louder than the other. Both high is a different sound in each channel,
  each louder by turns: two talkers miked apart (an interview, a call recorded one party a
  channel), or a microphone beside another sensor. A panned source, a spaced pair or a stereo
  mix leaves at most one of them above 0.01 (3,704 real stereo files: music, effects, drum
  kits, game voices: ``benchmarks/channel_turns.py``).
  ``null`` with fewer than ``MIN_FRAMES`` loud frames.

All are ``null`` for mono files. Further channels of a multichannel file are ignored.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolint.analysis.frames import channel_rows, finite

BALANCE_LIMIT_DB = 120.0
FRAME_S = 0.05
LOUD_DB = 30.0  # frames this close to the file's 95th-percentile frame level are loud...
FLOOR_DBFS = -60.0  # ...and over this (mean square of both channels against full scale)
AHEAD_DB = 10.0  # a channel this much louder than the other in a frame holds it alone
MIN_FRAMES = 4


class Stereo:
    """Running sums of L*L, R*R and L*R (float64), and each channel's energy a 50 ms frame."""

    def __init__(self, sample_rate: int, channels: int, props: Any = None):
        self.stereo = channels >= 2
        self.ll = self.rr = self.lr = 0.0
        self.n = max(1, int(FRAME_S * sample_rate))
        self.rest = np.empty((2, 0))  # the samples of a frame the next block completes
        self.frames: list[np.ndarray] = []  # (2, m) energies a block

    def update(self, block: np.ndarray) -> None:
        """Consume the next block."""
        if not self.stereo or not len(block):
            return
        # the first two of the float64 channel rows the levels and the loudness meter read
        # (made once per block): their product with themselves is the same BLAS call (syrk)
        # as the (frames, 2) copy's transposed product was, at under half its cost
        pair = channel_rows(finite(block))[:2]
        gram = pair @ pair.T
        self.ll += float(gram[0, 0])
        self.rr += float(gram[1, 1])
        self.lr += float(gram[0, 1])
        if self.rest.shape[1]:
            pair = np.concatenate([self.rest, pair], axis=1)
        m = pair.shape[1] // self.n
        framed = pair[:, : m * self.n].reshape(2, m, self.n)
        self.frames.append(np.einsum("cmn,cmn->cm", framed, framed))
        self.rest = pair[:, m * self.n :]

    def _turns(self) -> tuple[float | None, float | None]:
        """The shares of loud frames each channel leads by ``AHEAD_DB`` (see the module)."""
        e = np.concatenate(self.frames, axis=1) if self.frames else np.empty((2, 0))
        # digital silence at -300 dB, not -inf (which the percentile cannot interpolate)
        level = 10.0 * np.log10(np.maximum(e.sum(axis=0) / (2 * self.n), 1e-30))
        if not len(level):
            return None, None
        loud = (level > np.percentile(level, 95) - LOUD_DB) & (level > FLOOR_DBFS)
        if loud.sum() < MIN_FRAMES:
            return None, None
        left, right = e[0, loud], e[1, loud]
        ahead = 10.0 ** (AHEAD_DB / 10.0)
        return round(float(np.mean(left >= ahead * right)), 4), round(
            float(np.mean(right >= ahead * left)), 4
        )

    def result(self) -> dict[str, Any]:
        """Correlation, balance and mono loss (all ``None`` for mono)."""
        out: dict[str, Any] = {
            "channel_correlation": None,
            "channel_balance_db": None,
            "mono_loss_db": None,
            "left_louder_ratio": None,
            "right_louder_ratio": None,
        }
        if not self.stereo or (self.ll == 0.0 and self.rr == 0.0):
            return out
        out["left_louder_ratio"], out["right_louder_ratio"] = self._turns()
        if self.ll > 0.0 and self.rr > 0.0:
            out["channel_correlation"] = round(self.lr / np.sqrt(self.ll * self.rr), 4)
            balance = 10.0 * np.log10(self.ll / self.rr)
        else:
            balance = BALANCE_LIMIT_DB if self.ll > 0.0 else -BALANCE_LIMIT_DB
        out["channel_balance_db"] = round(float(np.clip(balance, -120.0, 120.0)), 2)
        mono = (self.ll + self.rr + 2.0 * self.lr) / 4.0
        mean = (self.ll + self.rr) / 2.0
        loss = BALANCE_LIMIT_DB if mono <= 0.0 else 10.0 * np.log10(mean / mono)
        out["mono_loss_db"] = round(float(min(loss, BALANCE_LIMIT_DB)), 2)
        return out
