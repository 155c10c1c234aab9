"""A streaming Butterworth high-pass for the analysers that read a voice's band.

The voice analyser's pitch search and its level envelope (analysis/voice.py, analysis/flutter.py)
read the decimated mono mix. A recording's DC offset or a rumble under a voice's pitch (wind,
handling, a desk's thump: review 56c and session 57's Artikulate words, whose band under 20 Hz holds
a quarter to nine tenths of their power) fills a 40 ms frame with a slope: its autocorrelation stays
positive past every lag the pitch search reads, so no frame reads as pitched, and the rumble's swell
moves the level faster than syllables do. Both read the samples through this filter first.
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.loudness import sosfilt_kernel, tiny_signal
from audiolint.analysis.mixdown import butterworth_highpass

SETTLE = 4096  # samples of the first level fed through the filter before the file's own
SETTLE_S = 0.05  # the first level: the mean of the file's first 50 ms


class HighPass:
    """A Butterworth high-pass of ``order`` at ``cutoff`` Hz over samples fed block by block at
    ``rate`` (float64 out; NaN read as 0, samples clipped to +-1e3)."""

    def __init__(self, cutoff: float, rate: float, order: int = 2):
        self.sos = butterworth_highpass(cutoff, rate, order)
        self.zi = np.zeros((1, len(self.sos), 2))  # the sosfilt kernel's layout
        self.first = max(1, int(round(SETTLE_S * rate)))
        self.odd = -1  # parity of the samples seen, for loudness's tiny signal (-1: none yet)

    def __call__(self, samples: np.ndarray) -> np.ndarray:
        """The next ``samples`` (mono, any length), filtered."""
        k = len(samples)
        samples = np.nan_to_num(np.asarray(samples, dtype=np.float64))  # one NaN: no state
        if not k:
            return samples
        if self.odd < 0:  # settled on the first 50 ms' mean, so that a file that starts off
            # centre opens with no step (an edge the level and the pitch search would read)
            start = float(samples[: self.first].mean())
            sosfilt_kernel()(self.sos, np.full((1, SETTLE), start), self.zi)
            self.odd = 0
        high = np.clip(samples, -1e3, 1e3)[None, :]
        high += tiny_signal(k)[self.odd : self.odd + k]  # against subnormal floats
        self.odd = (self.odd + k) % 2
        sosfilt_kernel()(self.sos, high, self.zi)
        return high[0]
