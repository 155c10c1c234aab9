"""Audio fingerprint: a compact, level- and format-independent summary of what a file sounds like.

Used by the dataset's duplicate rule (D003) to find the same audio stored twice, even in another
container, codec, bit depth, sample rate or level. The method follows Haitsma and Kalker,
"A highly robust audio fingerprinting system" (ISMIR 2002): the mono mix is low-passed and
decimated to about 8-11 kHz; every 20 ms a 370 ms Hann-windowed frame is split into 33
log-spaced bands between 250 Hz and 3 kHz, and each of 32 bits records whether the energy
difference between two neighbouring bands rose or fell since the previous frame. Signs of
energy differences do not change with gain, survive lossy coding (the bands stop well below any
encoder's low-pass) and, because bands sit on a fixed Hz grid and frames start at fixed times,
do not depend on the sample rate. The long, heavily overlapped frame makes the bits change
slowly, so a copy shifted by part of a step (encoder delay) still matches.

A result holds, per 20 ms step, one ``uint32`` of bits and one ``int8`` frame level (dBFS within
the bands; 250 bytes per second of audio), so matching can skip silent frames. It is not in the JSON
report; rules read it from ``ctx.extras["analysis"]["fingerprint"]``.
"""

from __future__ import annotations

import numpy as np

VERSION = 1
FRAME_S = 0.370  # analysis window
HOP_S = 0.020  # one fingerprint word per hop
BAND_EDGES_HZ = np.geomspace(250.0, 3000.0, 34)  # 33 bands -> 32 difference bits
MIN_RATE = 6400
CUTOFF_HZ = 3400.0  # anti-alias low-pass before decimating to >= 8 kHz
SETTLE = 256  # per-block arrays joined into one chunk at a time (a block's array costs ~100 B)


def _lowpass(sample_rate: int, factor: int) -> np.ndarray:
    """Hamming-windowed sinc low-pass at CUTOFF_HZ, long enough for a ~800 Hz transition."""
    taps = 4 * factor * 8 + 1
    t = np.arange(taps) - (taps - 1) / 2
    fc = CUTOFF_HZ / sample_rate
    h = 2 * fc * np.sinc(2 * fc * t) * np.hamming(taps)
    return (h / h.sum()).astype(np.float32)


def _fast_len(n: int) -> int:
    """The 5-smooth number (2^a 3^b 5^c) nearest ``n``: an FFT size pocketfft does quickly."""
    smooth = [
        2**a * 3**b * 5**c
        for a in range(14)
        for b in range(9)
        for c in range(7)
        if 2**a * 3**b * 5**c <= 2 * n
    ]
    return min(smooth, key=lambda m: (abs(m - n), m))


def _band_starts(rate: float, n: int) -> tuple[int, np.ndarray]:
    """(first bin, start of each band relative to it, plus the end) for ``np.add.reduceat``:
    the bands are contiguous runs of rfft bins on the fixed Hz grid."""
    freqs = np.fft.rfftfreq(n, 1.0 / rate)
    edges = np.searchsorted(freqs, BAND_EDGES_HZ)
    return int(edges[0]), (edges - edges[0]).astype(np.intp)


class Fingerprinter:
    """Streaming fingerprint analyser: feed (frames, channels) blocks, then ``result()``."""

    def __init__(self, sample_rate: int, channels: int, props=None):
        # The top band needs a Nyquist frequency above 3 kHz; a lower rate gets no fingerprint.
        self.usable = (sample_rate or 0) >= MIN_RATE
        rate = int(sample_rate) if self.usable else 8000
        self.factor = max(1, rate // 8000)
        self.rate = rate / self.factor  # the decimated rate
        self.fir = _lowpass(rate, self.factor) if self.factor > 1 else None
        self.tail = np.zeros(0 if self.fir is None else len(self.fir) - 1, np.float32)
        self.skip = 0  # input samples to skip before the next decimated output
        self.n = _fast_len(int(round(FRAME_S * self.rate)))
        self.window = np.hanning(self.n)  # float64: pocketfft is much faster in double
        self.bands = _band_starts(self.rate, self.n)
        self.level_scale = 2.0 / (self.n * float(np.sum(self.window**2)))
        self.buf = np.zeros(0, dtype=np.float32)  # decimated samples not yet framed
        self.buf_start = 0  # index (decimated) of buf[0]
        self.next_frame = 0
        self.prev: np.ndarray | None = None  # band energies of the last frame
        self.words: list[np.ndarray] = []  # settled chunks, then the latest per-block arrays
        self.levels: list[np.ndarray] = []
        self.settled = 0  # how many leading entries of words/levels are joined chunks

    def _decimate(self, mono: np.ndarray) -> np.ndarray:
        if self.fir is None:
            return mono
        x = np.concatenate([self.tail, mono])
        taps = len(self.fir)
        if len(x) < taps:
            self.tail = x
            return np.zeros(0, np.float32)
        # Only every factor-th output of the filter is needed: one matrix product.
        windows = np.lib.stride_tricks.sliding_window_view(x, taps)[self.skip :: self.factor]
        out = windows @ self.fir[::-1]
        used = self.skip + len(out) * self.factor  # first window start not yet taken
        self.tail = x[used:]
        self.skip = 0
        return out.astype(np.float32, copy=False)

    def _start(self, i) -> np.ndarray:
        # Frame starts are rounded from exact times, so files at different rates stay aligned.
        return np.rint(np.asarray(i) * HOP_S * self.rate).astype(np.int64)

    def update(self, block: np.ndarray) -> None:
        """Consume the next (frames, channels) float32 block."""
        if not self.usable or not len(block):
            return
        if not np.isfinite(block).all():  # NaN/inf in a float file: silence and full scale
            block = np.nan_to_num(block, nan=0.0, posinf=1.0, neginf=-1.0)
        if block.ndim == 2:  # a matrix product is much quicker than mean(axis=1)
            mono = block @ np.full(block.shape[1], 1.0 / block.shape[1], np.float32)
        else:
            mono = block
        self.buf = np.concatenate([self.buf, self._decimate(mono.astype(np.float32, copy=False))])
        end = self.buf_start + len(self.buf)
        last = int((end - self.n) / (HOP_S * self.rate)) + 1
        idx = np.arange(self.next_frame, max(self.next_frame, last + 1))
        starts = self._start(idx)
        fits = starts + self.n <= end
        if fits.any():
            self._frames(starts[fits] - self.buf_start)
            self.next_frame = int(idx[fits][-1]) + 1
        keep_from = int(self._start(self.next_frame)) - self.buf_start
        if keep_from > 0:
            self.buf = self.buf[keep_from:]
            self.buf_start += keep_from

    def _frames(self, offsets: np.ndarray) -> None:
        # Rows of a sliding view: a row copy each, no (frames x n) index matrix to gather by.
        frames = np.lib.stride_tricks.sliding_window_view(self.buf, self.n)[offsets]
        spec = np.fft.rfft(frames * self.window, axis=1)  # float32 * float64 -> float64
        first, starts = self.bands
        spec = spec[:, first : first + starts[-1]]  # only the bins of the bands
        power = (spec.real**2 + spec.imag**2).astype(np.float32)
        energy = np.add.reduceat(power, starts[:-1], axis=1)
        # Parseval: the in-band, window-weighted mean square of the frame, in dB full scale.
        mean_sq = energy.sum(axis=1) * self.level_scale
        level = np.clip(np.rint(10.0 * np.log10(mean_sq + 1e-13)), -127, 0).astype(np.int8)
        if self.prev is None:
            level = level[1:]  # the very first frame has no predecessor, so no word
        else:
            energy = np.vstack([self.prev, energy])
        self.prev = energy[-1:]
        if len(energy) < 2:
            return
        d = energy[:, :-1] - energy[:, 1:]  # E[m] - E[m+1]
        bits = (d[1:] - d[:-1]) > 0  # (frames, 32)
        self.words.append(np.packbits(bits, axis=1, bitorder="little").view("<u4").ravel())
        self.levels.append(level)
        if len(self.words) - self.settled >= SETTLE:
            # A block gives ~70 words (350 B): as separate arrays, the objects would cost about
            # as much as the data. Join the latest ones into one chunk (each is copied once).
            k = self.settled
            self.words[k:] = [np.concatenate(self.words[k:])]
            self.levels[k:] = [np.concatenate(self.levels[k:])]
            self.settled += 1

    def result(self) -> dict:
        """``words`` (uint32 per 20 ms step), ``levels`` (int8 dB per word) and the layout."""
        words = np.concatenate(self.words) if self.words else np.zeros(0, np.uint32)
        levels = np.concatenate(self.levels) if self.levels else np.zeros(0, np.int8)
        self.words, self.levels, self.settled = [words], [levels], 1  # the parts are freed
        return {"version": VERSION, "hop_s": HOP_S, "words": words, "levels": levels}


def factory(sample_rate: int, channels: int, props=None) -> Fingerprinter:
    """The registry entry: one fingerprinter per file."""
    return Fingerprinter(sample_rate, channels, props)
