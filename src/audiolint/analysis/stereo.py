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

* ``channel_lag_ms``, ``channel_lag_correlation``: where the two channels' normalised
  cross-correlation peaks within ``MAX_LAG_S`` (25 ms) either way, and its value there:
  positive when the right channel lags the left. A channel that is the other delayed (a Haas
  widener, a spaced pair of microphones hearing one close voice) reads near 1 at that lag,
  while its correlation at no lag can be anything: the mono mix of such a pair is a comb
  filter, cancelling at odd multiples of 1/(2 x lag). Read from the cross-spectrum summed over
  frames of ``2 x lag_frames`` zero-padded to twice that, each lag's sum scaled back by the
  share of a frame it overlaps. ``null`` where a channel is silent.
* ``channel_lag_notch_db``: the comb as measured: how far the mono mix lies under the channels'
  mean power, summed over the frequencies where that delay would cancel it (within a 32nd of
  the comb's spacing, or the nearest bin), from the same frames' power spectra (unwindowed, so
  leakage fills the notches in part: ALSA's Front_Center delayed 0.5-20 ms reads 11-19 dB, the
  same 6 dB down 9, two unrelated prompts 3.8). ``null`` at no delay.

All are ``null`` for mono files. Further channels of a multichannel file are ignored.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolint.analysis.comb import pocketfft
from audiolint.analysis.frames import channel_rows, finite

BALANCE_LIMIT_DB = 120.0
FRAME_S = 0.05
LOUD_DB = 30.0  # frames this close to the file's 95th-percentile frame level are loud...
FLOOR_DBFS = -60.0  # ...and over this (mean square of both channels against full scale)
AHEAD_DB = 10.0  # a channel this much louder than the other in a frame holds it alone
MIN_FRAMES = 4
MAX_LAG_S = 0.025  # the longest delay between the channels looked for
LAG_STRIDE = 2  # of the cross-spectrum's frames, one in this many is read
NOTCH_WIDTH = 1 / 32  # of the comb's spacing, either side of each cancellation, read as it


class Stereo:
    """Running sums of L*L, R*R and L*R (float64), and each channel's energy a 50 ms frame."""

    def __init__(self, sample_rate: int, channels: int, props: Any = None):
        self.stereo = channels >= 2
        self.ll = self.rr = self.lr = 0.0
        self.n = max(1, int(FRAME_S * sample_rate))
        self.rest = np.empty((2, 0))  # the samples of a frame the next block completes
        self.frames: list[np.ndarray] = []  # (2, m) energies a block
        # the cross-spectrum of frames of ``span`` samples (at least 4 x MAX_LAG_S), each
        # zero-padded to twice that, so every lag up to MAX_LAG_S is a true (linear) one
        self.max_lag = max(1, int(MAX_LAG_S * sample_rate))
        self.span = 1 << max(12, int(np.ceil(np.log2(4 * self.max_lag))))
        self.cross = np.zeros(self.span + 1, np.complex128)
        self.energy = np.zeros(2)  # of the frames in the cross-spectrum, each channel's
        self.auto = np.zeros((2, self.span + 1))  # and each channel's power spectrum
        self.held = np.empty((2, 0))  # samples of a cross-spectrum frame the next block completes
        self.rate = sample_rate
        self.seen = 0  # cross-spectrum frames met so far

    def update(self, block: np.ndarray) -> None:
        """Consume the next block."""
        if not self.stereo or not len(block):
            return
        # the first two of the float64 channel rows the levels and the loudness meter read
        # (made once per block): their product with themselves is the same BLAS call (syrk)
        # as the (frames, 2) copy's transposed product was, at under half its cost
        pair = rows = channel_rows(finite(block))[:2]
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
        self._cross(rows)

    def _cross(self, pair: np.ndarray) -> None:
        """Add the block's whole frames to the cross-spectrum (the rest waits for the next)."""
        if self.held.shape[1]:
            pair = np.concatenate([self.held, pair], axis=1)
        m = pair.shape[1] // self.span
        if m:
            # every other frame (a delay holds through the file; half the work), in float32
            # through scipy's pocketfft where it loads (a third of numpy's float64 time)
            first = -self.seen % LAG_STRIDE  # the frames read by their place in the file
            self.seen += m
            framed = pair[:, : m * self.span].reshape(2, m, self.span)[:, first::LAG_STRIDE]
            padded = np.zeros((2, framed.shape[1], 2 * self.span), np.float32)
            padded[:, :, : self.span] = framed
            fft = pocketfft()
            spec = (
                np.fft.rfft(padded, axis=2)
                if fft is None
                else fft.r2c(padded, (2,), True, 0, None, 1)
            )
            self.cross += np.einsum("mk,mk->k", spec[0], spec[1].conj())
            self.energy += np.einsum("cmn,cmn->c", framed, framed)
            self.auto += (spec.real**2 + spec.imag**2).sum(axis=1)
        self.held = pair[:, m * self.span :]

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

    def _lag(self) -> dict[str, Any]:
        """``channel_lag_ms`` and ``channel_lag_correlation`` (see the module)."""
        out = {
            "channel_lag_ms": None,
            "channel_lag_correlation": None,
            "channel_lag_notch_db": None,
        }
        if not (self.energy > 0.0).all():
            return out
        # the padded frames' correlation: index k sums L(t + k) R(t), so R lagging L by d
        # samples peaks at k = -d
        xc = np.fft.irfft(self.cross, n=2 * self.span)
        lags = np.arange(-self.max_lag, self.max_lag + 1)  # R's delay behind L
        values = xc[-lags % (2 * self.span)] / (1.0 - np.abs(lags) / self.span)
        k = int(np.argmax(np.abs(values)))
        norm = float(np.sqrt(self.energy[0] * self.energy[1]))
        if norm <= 0.0:
            return out
        out["channel_lag_ms"] = round(1000.0 * int(lags[k]) / self.rate, 3)
        out["channel_lag_correlation"] = round(float(np.clip(values[k] / norm, -1.0, 1.0)), 4)
        out["channel_lag_notch_db"] = self._notch(int(lags[k]), values[k] < 0.0)
        return out

    def _notch(self, lag: int, inverted: bool) -> float | None:
        """How far the mono mix (L + R) / 2 lies under the channels' mean power, in dB, summed
        over the frequencies where a delay of ``lag`` samples would cancel it (odd multiples of
        half the inverse delay; whole multiples where one channel is inverted), each within
        ``NOTCH_WIDTH`` of their spacing, under the Nyquist frequency: the comb as measured."""
        if not lag:
            return None
        step = self.rate / abs(lag)
        freqs = np.fft.rfftfreq(2 * self.span, 1.0 / self.rate)
        # each bin's distance (Hz) from the nearest cancellation; within NOTCH_WIDTH of the
        # spacing, or the nearest bin where the spacing is finer than the bins
        offset = 0.0 if inverted else 0.5
        away = np.abs((freqs / step - offset + 0.5) % 1.0 - 0.5) * step
        near = away <= max(NOTCH_WIDTH * step, (freqs[1] - freqs[0]) / 2.0)
        near &= freqs > 0.0
        mean = (self.auto[0] + self.auto[1]) / 2.0
        mono = (self.auto[0] + self.auto[1] + 2.0 * self.cross.real) / 4.0
        heard, left = float(mean[near].sum()), float(max(mono[near].sum(), 0.0))
        if heard <= 0.0:
            return None
        return round(float(min(10.0 * np.log10(heard / max(left, heard * 1e-6)), 60.0)), 1)

    def result(self) -> dict[str, Any]:
        """Correlation, balance and mono loss (all ``None`` for mono)."""
        out: dict[str, Any] = {
            "channel_correlation": None,
            "channel_balance_db": None,
            "mono_loss_db": None,
            "left_louder_ratio": None,
            "right_louder_ratio": None,
            "channel_lag_ms": None,
            "channel_lag_correlation": None,
            "channel_lag_notch_db": None,
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
        out.update(self._lag())
        mono = (self.ll + self.rr + 2.0 * self.lr) / 4.0
        mean = (self.ll + self.rr) / 2.0
        loss = BALANCE_LIMIT_DB if mono <= 0.0 else 10.0 * np.log10(mean / mono)
        out["mono_loss_db"] = round(float(min(loss, BALANCE_LIMIT_DB)), 2)
        return out
