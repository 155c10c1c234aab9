"""Stereo: how alike the first two channels are, and how their levels compare.

* ``channel_correlation``: the normalised cross-correlation at lag 0 of the first two channels
  over the whole file, sum(L*R) / sqrt(sum(L^2) * sum(R^2)), as a phase-correlation meter
  reads it: +1 identical (dual mono), 0 unrelated, -1 one channel is the other inverted, so
  they cancel when mixed to mono. ``null`` when either channel is all zeros.
* ``channel_balance_db``: 10*log10 of the first channel's energy over the second's (positive:
  left louder), clamped to +-120 dB when one channel is digital silence; ``null`` when both are.
* ``mono_loss_db``: how much quieter the mono mix (L+R)/2 is than the two channels on average,
  in dB: about 0 for dual mono, 3 for unrelated channels, large for anti-phase.

All three are ``null`` for mono files. Further channels of a multichannel file are ignored.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolint.analysis.frames import channel_rows, finite

BALANCE_LIMIT_DB = 120.0


class Stereo:
    """Running sums of L*L, R*R and L*R (float64); nothing else is kept."""

    def __init__(self, sample_rate: int, channels: int, props: Any = None):
        self.stereo = channels >= 2
        self.ll = self.rr = self.lr = 0.0

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

    def result(self) -> dict[str, Any]:
        """Correlation, balance and mono loss (all ``None`` for mono)."""
        out: dict[str, Any] = {
            "channel_correlation": None,
            "channel_balance_db": None,
            "mono_loss_db": None,
        }
        if not self.stereo or (self.ll == 0.0 and self.rr == 0.0):
            return out
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
