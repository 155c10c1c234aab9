"""Audio fingerprint: a compact, level- and format-independent summary of what a file sounds like.

Used by the dataset's duplicate rule (D003) to find the same audio stored twice, even in another
container, codec, bit depth, sample rate or level. The method follows Haitsma and Kalker,
"A highly robust audio fingerprinting system" (ISMIR 2002): the mono mix is resampled to
8 kHz (libsoxr); every 20 ms the energies of a 368 ms stretch in 33 log-spaced bands between
250 Hz and 3 kHz are measured, and each of 32 bits records whether the energy difference
between two neighbouring bands rose or fell since the previous step. The paper reads each
stretch as one long Hann-windowed frame; here a stretch's band energies are the Hann-weighted
sum of its 13 short frames (128 ms, one every 20 ms, each computed once), which reads the same
(measured on the real corpus: the same duplicates at the same bit error, bits as balanced and
as stable) at under half the FFT work. Signs of
energy differences do not change with gain, survive lossy coding (the bands stop well below any
encoder's low-pass) and, because bands sit on a fixed Hz grid and frames start at fixed times,
do not depend on the sample rate. The long, heavily overlapped stretches make the bits change
slowly, so a copy shifted by part of a step (encoder delay) still matches.

A result holds, per 20 ms step, one ``uint32`` of bits and one ``int8`` frame level (dBFS within
the bands; 250 bytes per second of audio), so matching can skip silent frames. It also holds a
hash of the decoded samples with the rate and channel count (``digest``) and their peak
(``peak``): a clip too short to fingerprint (under half a second of sound) still matches an
exact copy of itself (:func:`audiolint.analysis.dedupe.find`). It is not in the JSON
report; rules read it from ``ctx.extras["analysis"]["fingerprint"]``.
"""

from __future__ import annotations

import functools

try:  # hashlib's own BLAKE2, without hashlib, whose import loads OpenSSL (2-4 ms a run)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without CPython's module
    from hashlib import blake2b

import numpy as np
import soxr  # 3 ms, with this module: forked workers inherit it (registry.preload)

from audiolint.analysis.comb import pocketfft
from audiolint.analysis.frames import finite, heard, overlapping

# 3: a stretch's energies summed from short frames (2: one 375 ms frame at 8 kHz; 1: at about
# 8-11 kHz after a numpy FIR decimating by an integer factor)
VERSION = 3
RATE = 8000  # every file is fingerprinted at this rate
FRAME_N = 1024  # short frame, 128 ms at RATE (7.8 Hz bins: 2.5 in the narrowest band)
HOP_S = 0.020  # one fingerprint word per hop
HOP_N = 160  # HOP_S at RATE
SPAN = 13  # short frames per word: 12 hops + 1024 = 2944 samples (368 ms)
BAND_EDGES_HZ = np.geomspace(250.0, 3000.0, 34)  # 33 bands -> 32 difference bits
MIN_RATE = 6400
DIGEST_S = 2.0  # files this long or shorter also get a hash of their samples (result's digest)
SETTLE = 256  # per-block arrays joined into one chunk at a time (a block's array costs ~100 B)
WINDOW = np.hanning(FRAME_N)
# The frames are transformed in single precision by scipy's pocketfft (half the time of double;
# numpy's own single-precision FFT is slower than its double); squares, sums and differences stay
# in double. On the 652 files of the real corpus: the same levels, and the same words but for
# 596 of 182,791, in 10 files (pure tones and a cancelled mono mix: bands far under the frame's
# level, whose bits are rounding noise in either precision)
WINDOW32 = WINDOW.astype(np.float32)
WEIGHTS = np.hanning(SPAN + 2)[1:-1]  # of the short frames in a stretch
# Parseval: band energy times this is the in-band, window-weighted mean square of the stretch
LEVEL_SCALE = 2.0 / (FRAME_N * float(np.sum(WINDOW**2))) / float(WEIGHTS.sum())


def _band_starts() -> tuple[int, int, np.ndarray]:
    """(first bin, end bin, start of each band relative to the first) for ``np.add.reduceat``:
    the bands are contiguous runs of rfft bins on the fixed Hz grid."""
    edges = np.searchsorted(np.fft.rfftfreq(FRAME_N, 1.0 / RATE), BAND_EDGES_HZ)
    return int(edges[0]), int(edges[-1]), (edges[:-1] - edges[0]).astype(np.intp)


FIRST_BIN, END_BIN, BAND_STARTS = _band_starts()


class Fingerprinter:
    """Streaming fingerprint analyser: feed (frames, channels) blocks, then ``result()``."""

    def __init__(self, sample_rate: int, channels: int, props=None):
        # The top band needs a Nyquist frequency above 3 kHz; a lower rate gets no fingerprint.
        self.usable = (sample_rate or 0) >= MIN_RATE
        self.resampler = None
        if self.usable and int(sample_rate) != RATE:
            # libsoxr's streaming resampler: block sizes do not change its output (tested), it
            # removes its own delay, and is ~5x cheaper than a numpy FIR (measured, issue 15)
            self.resampler = soxr.ResampleStream(sample_rate, RATE, 1, dtype="float32")
        self.buf = np.zeros(0, dtype=np.float32)  # resampled samples not yet framed
        self.flushed = False
        self.short = np.zeros((0, len(BAND_EDGES_HZ) - 1))  # short frames' energies, not used up
        self.prev: np.ndarray | None = None  # band energies of the last stretch
        self.words: list[np.ndarray] = []  # settled chunks, then the latest per-block arrays
        self.levels: list[np.ndarray] = []
        self.settled = 0  # how many leading entries of words/levels are joined chunks
        # a short file may hold too little sound to fingerprint: longer ones skip the hash's
        # cost (4.4 ms for 10 s of 48 kHz stereo, more than the fingerprint's own 3.7)
        duration = getattr(props, "duration_s", None)
        short = duration is None or duration <= DIGEST_S
        head = f"{sample_rate}/{channels}".encode()
        self.digest = blake2b(head, digest_size=16) if short else None
        self.peak = 0.0

    def update(self, block: np.ndarray) -> None:
        """Consume the next (frames, channels) float32 block."""
        if not len(block):
            return
        samples = finite(block)
        if self.digest is not None:
            whole = np.ascontiguousarray(samples, np.float32)
            self.digest.update(memoryview(whole).cast("B"))
            self.peak = max(self.peak, float(whole.max()), -float(whole.min()))
        if not self.usable:
            return
        # NaN/inf in a float file: silence and full scale; the mix, or where the channels are
        # in antiphase the one that carries the signal (each made once per block for every
        # analyser that asks)
        self._push(np.ascontiguousarray(heard(samples)))

    def _push(self, mix: np.ndarray) -> None:
        if self.resampler is not None:
            mix = self.resampler.resample_chunk(mix, last=self.flushed)
        self.buf = np.concatenate([self.buf, mix]) if len(self.buf) else mix
        count = (len(self.buf) - FRAME_N) // HOP_N + 1  # whole frames in the buffer
        if count > 0:
            # Frames start every HOP_N samples: a strided view, windowed in one pass
            self._frames(overlapping(self.buf, count, FRAME_N, HOP_N))
            self.buf = self.buf[count * HOP_N :].copy()

    def _frames(self, frames: np.ndarray) -> None:
        spec = rfft32()(frames * WINDOW32)[:, FIRST_BIN:END_BIN]  # the bands' bins
        # real and imaginary parts side by side: squared (in double) and summed per band
        parts = np.square(spec.view(np.float32), dtype=np.float64)
        short = np.add.reduceat(parts, 2 * BAND_STARTS, axis=1)
        short = np.concatenate([self.short, short]) if len(self.short) else short
        count = len(short) - SPAN + 1  # stretches whose short frames are all in
        if count <= 0:
            self.short = short
            return
        self.short = short[count:].copy()
        # a fixed order of products and sums, so block boundaries cannot change the rounding
        energy = WEIGHTS[0] * short[:count]
        for j in range(1, SPAN):
            energy += WEIGHTS[j] * short[j : j + count]
        mean_sq = energy.sum(axis=1) * LEVEL_SCALE  # dB full scale below
        # np.clip's values (-127 to 0) without its wrapper (which builds np.finfo each call)
        level = np.minimum(np.maximum(np.rint(10.0 * np.log10(mean_sq + 1e-13)), -127), 0)
        level = level.astype(np.int8)
        if self.prev is None:
            level = level[1:]  # the very first stretch has no predecessor, so no word
        else:
            energy = np.concatenate([self.prev, energy])  # (both 2-D: np.vstack's result)
        self.prev = energy[-1:]
        if len(energy) < 2:
            return
        d = energy[:, :-1] - energy[:, 1:]  # E[m] - E[m+1]
        bits = (d[1:] - d[:-1]) > 0  # (stretches, 32)
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
        if self.resampler is not None and not self.flushed:
            self.flushed = True  # the resampler's last samples, held back for its filter
            self._push(np.zeros(0, np.float32))
        words = np.concatenate(self.words) if self.words else np.zeros(0, np.uint32)
        levels = np.concatenate(self.levels) if self.levels else np.zeros(0, np.int8)
        self.words, self.levels, self.settled = [words], [levels], 1  # the parts are freed
        layout = {"version": VERSION, "hop_s": HOP_S, "words": words, "levels": levels}
        digest = self.digest.hexdigest() if self.digest is not None else None
        return {**layout, "digest": digest, "peak": round(self.peak, 6)}


@functools.lru_cache(maxsize=1)
def rfft32():
    """``rfft(x)`` along the last axis of a float32 array, in single precision: scipy's
    compiled pocketfft as :func:`audiolint.analysis.comb.pocketfft` loads and checks it, or
    ``scipy.fft.rfft`` where that does not load."""
    fft = pocketfft()
    if fft is None:
        import scipy.fft

        return lambda x: scipy.fft.rfft(x, axis=-1)
    return lambda x: fft.r2c(x, (x.ndim - 1,), True, 0, None, 1)  # forward, unscaled, 1 thread


def factory(sample_rate: int, channels: int, props=None) -> Fingerprinter:
    """The registry entry: one fingerprinter per file."""
    return Fingerprinter(sample_rate, channels, props)
