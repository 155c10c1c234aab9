"""How fast the level moves: the envelope's modulation at a speaker's syllable rate and faster.

Speech's level rises and falls with its syllables, two to eight times a second (the "4 Hz"
modulation speech/music discriminators read: Houtgast and Steeneken's modulation transfer,
Scheirer and Slaney 1997), and a singer's vibrato swings at five to seven. A drum roll, a
tremolo, a trill or fast repeated notes move it faster than any syllable, eight to 25 times a
second, and more than they move it at the syllables' rate. The voice analyser feeds its decimated
samples here (``Envelope.add``); the level is kept as 5 ms mean squares (800 bytes a second, no
samples), read every 10 ms through a 30 ms Hann window (nearly two periods of the lowest pitch the
voice analyser searches, so a low voice's glottal pulses do not beat with the frames), in dB
floored ``FLOOR_DB`` under the loud level (the 95th percentile), over the span from the first to
the last 10 ms within ``SOUNDING_DB`` of it.

Results (in ``"signal"``): ``envelope_fast_db`` (the RMS, in dB, of that level's modulation
between 8 and 25 Hz, band-passed by FFT) and ``envelope_syllable_db`` (the same between 2 and 8
Hz); ``None`` under ``MIN_S`` of span. Every voice of benchmarks/no_voice.py (speech, in rooms,
under noise, whispered; singers, sung songs) moves the first at most 0.69 times as much as the
second where the first reaches 2 dB (0.92 under it); Sonic Pi's drum roll 1.24 times, a chip
tune 1.76, rain-like clicks 1.3.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolint.analysis.highpass import HighPass
from audiolint.analysis.quantile import percentile

SUB_S, STEP_S, WINDOW_S = 0.005, 0.01, 0.03  # 5 ms squares, read every 10 ms over 30 ms
# The samples are high-passed first (analysis/highpass.py: a 2nd-order Butterworth at 60 Hz, the
# lowest pitch the voice analyser searches). A recording's DC offset adds a constant under the
# level, so that it hardly moves (review 56c: two Swedish GCompris words 21 % off centre read "the
# level hardly moves at a syllable's pace", and S007 said "no voice" on them and their copies, 15
# files); a rumble under a voice's pitch swells faster than syllables (session 57: Artikulate's
# Polish words read "the level flutters faster than syllables" at 20 Hz, 6 of them; at 48 Hz, 2)
LOW_HZ = 60.0
FLOOR_DB, SOUNDING_DB, MIN_S = 40.0, 30.0, 1.0
FAST_HZ, SYLLABLE_HZ = (8.0, 25.0), (2.0, 8.0)


F32_MAX = float(np.finfo(np.float32).max)


class Envelope:
    """The level in 5 ms mean squares of the samples it is fed (at ``rate``)."""

    def __init__(self, rate: float):
        self.sub = max(1, int(round(SUB_S * rate)))
        self.highpass = HighPass(LOW_HZ, rate)
        self.rest = np.zeros(0, dtype=np.float32)
        self.squares: list[np.ndarray] = []

    def add(self, samples: np.ndarray) -> None:
        """Consume the next samples (mono, any length)."""
        if not len(samples):
            return
        samples = self.highpass(samples)
        data = np.concatenate([self.rest, samples]) if len(self.rest) else samples
        m = len(data) // self.sub
        self.rest = np.asarray(data[m * self.sub :], dtype=np.float32).copy()
        if m:
            block = np.asarray(data[: m * self.sub], dtype=np.float64).reshape(m, self.sub)
            # capped at float32's largest: samples near 1e38 (a float file's garbage) overflowed
            self.squares.append(
                np.minimum(np.mean(block * block, axis=1), F32_MAX).astype(np.float32)
            )

    def result(self) -> dict[str, Any]:
        """``envelope_fast_db`` and ``envelope_syllable_db`` (see the module's docstring)."""
        out: dict[str, Any] = {"envelope_fast_db": None, "envelope_syllable_db": None}
        if not self.squares:
            return out
        power = np.concatenate(self.squares).astype(np.float64)
        width = int(round(WINDOW_S / SUB_S))
        window = np.hanning(width + 2)[1:-1]
        power = np.convolve(power, window / window.sum(), mode="same")
        level = 10.0 * np.log10(np.maximum(power[:: int(round(STEP_S / SUB_S))], 1e-12))
        loud = float(percentile(level, 95))
        sounding = np.flatnonzero(level > loud - SOUNDING_DB)
        if len(sounding) < MIN_S / STEP_S:
            return out
        level = np.maximum(level[sounding[0] : sounding[-1] + 1], loud - FLOOR_DB)
        if len(level) < MIN_S / STEP_S:
            return out
        spectrum = np.fft.rfft(level - level.mean())
        hz = np.fft.rfftfreq(len(level), STEP_S)
        for key, (lo, hi) in (("envelope_fast_db", FAST_HZ), ("envelope_syllable_db", SYLLABLE_HZ)):
            band = np.where((hz >= lo) & (hz < hi), spectrum, 0.0)
            out[key] = round(float(np.sqrt(np.mean(np.fft.irfft(band, n=len(level)) ** 2))), 2)
        return out
