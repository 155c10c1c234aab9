"""A second pitch from the spectrum, for audiolint.analysis.harmony: harmonic summation with
the main voice's partials cancelled (after Klapuri, "Multiple fundamental frequency estimation
by summing harmonic amplitudes", ISMIR 2006).

Each frame's magnitude spectrum is partly whitened (band levels to the power ``NU - 1``, so that
formants do not outweigh the partials between them). A pitch candidate's salience is the sum of
the spectrum's local maxima at its harmonics, weighted as in Klapuri's paper. The strongest
candidate is the main voice; its partials are subtracted as the window's main lobe at each
partial's peak, and the spectrum is cleared around each partial (``NOTCH_HZ``: what the
subtraction leaves of a partial that moved inside the window is still the main voice's, and a
second speaker's series was lost to it). The strongest candidate left, away from the main pitch,
its octave and its sub-harmonics, and a peak of its own among the candidates (not the edge of
an excluded zone, where what the cancellation left of a partial in vibrato climbs towards the
main pitch), is the second pitch. Its salience against the median salience of the rest (its
``peakiness``) tells a harmonic series from a residue of noise or leakage, whose salience is
about as high at every candidate. A series that draws under ``OWN_SHARE`` of its salience from
harmonics more than ``OWN_WIDTH`` from every partial of the main voice rests on what the notches
left beside them (a vibrato smeared by a room's tail: a soprano's held E4 in a room read a second
pitch 3/2 over hers, whose 2nd, 4th... harmonics lie just beside her 3rd, 6th...); its
peakiness reads 0. A real fifth's odd harmonics are its own.
"""

from __future__ import annotations

import functools

import numpy as np

from audiolint.analysis.comb import pocketfft
from audiolint.analysis.quantile import median as _median

WINDOW_S = 0.064  # long enough to part partials 12 % apart at 100 Hz
FFT_SIZE_S = 0.256  # zero padding (to the nearest power of two): peaks on a 4-5 Hz grid
PEAK_HZ = 12.0  # a harmonic's salience is the spectrum's largest value this close to it
F0_MIN_HZ, F0_MAX_HZ, TOP_HZ = 70.0, 600.0, 1500.0
PER_OCTAVE = 48  # candidates per octave
HARMONICS = 20
NU = 0.33  # Klapuri's whitening exponent
TOLERANCE = 0.015  # a partial's peak is searched this far (relative) around its harmonic
NOTCH_HZ = 8.0  # and the spectrum is cleared this far beyond that around it, once cancelled
# the second pitch is not searched this close (octaves) to the main one, further than FAR_RATIO,
# nor near its octave (the main voice's own second harmonic is cancelled with it) and its
# sub-harmonics (whose harmonics fall on the main voice's leftovers)
NEAR_MAIN, NEAR_OCTAVE, NEAR_SUB, FAR_RATIO = 0.1, 0.1, 0.1, 2.5
# the second series must draw OWN_SHARE of its salience from harmonics further than OWN_WIDTH
# (relative: twice TOLERANCE, past the notches) from every partial of the main voice; tune half
# of benchmarks/backing_vocals.py at -12 dB: 0.5 keeps 97 % of a fifth's spectral frames
OWN_WIDTH, OWN_SHARE = 0.03, 0.5


class SecondPitch:
    """Main and second pitch per frame of a fixed length at a fixed rate."""

    def __init__(self, rate: float):
        self.n = max(64, int(round(WINDOW_S * rate)))
        self.size = max(1 << int(round(np.log2(FFT_SIZE_S * rate))), 2 * self.n)
        self.df = rate / self.size
        self.window = np.hanning(self.n).astype(np.float32)
        bins = np.arange(self.size // 2 + 1) * self.df
        self.top = int(min(TOP_HZ * (1 + TOLERANCE), 0.45 * rate) / self.df) + 4
        bins = bins[: self.top]
        self.whiten_in, self.whiten_out = (b.astype(np.float32) for b in _whitening_bands(bins))
        count = int(PER_OCTAVE * np.log2(F0_MAX_HZ / F0_MIN_HZ)) + 1
        self.f0 = F0_MIN_HZ * 2.0 ** (np.arange(count) / PER_OCTAVE)
        # salience = the max-filtered spectrum at each candidate's harmonics (bins ``self.bins``,
        # candidates by rows), weighted by Klapuri's g(f0, m); gathered, not a matrix product:
        # BLAS threads cost more than the sum on the few frames of a block
        # (only the harmonics under TOP_HZ: 8 a candidate on average; ``starts``: each one's first)
        harm = self.f0[:, None] * np.arange(1, HARMONICS + 1)[None, :]
        ok = harm < min(TOP_HZ, bins[-1] - 2 * self.df)
        self.bins = np.rint(harm[ok] / self.df).astype(np.intp)
        self.weights = ((self.f0[:, None] + 27.0) / (harm + 320.0))[ok].astype(np.float32)
        counts = ok.sum(axis=1)
        # at rates of 1.2 kHz and under the highest candidates have no harmonic in the band:
        # reduceat cannot sum an empty run, so those read zero (see _salience)
        self.summed = counts > 0
        self.starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[self.summed]
        self.reach = max(1, int(round(PEAK_HZ / self.df)))
        pad = self.size / self.n  # the window's main lobe spans +-2 bins of n, +-2 pad here
        offsets = np.arange(-int(2 * pad), int(2 * pad) + 1)
        self.offsets, self.lobe = offsets, _hann_lobe(offsets / pad)
        self.span = int(np.ceil(2 * TOLERANCE * TOP_HZ / self.df)) + 2
        # the candidates excluded as second pitch, per main pitch candidate (rows)
        octaves = np.log2(self.f0[None, :] / self.f0[:, None])
        self.excluded = (np.abs(octaves) < NEAR_MAIN) | (np.abs(octaves) > np.log2(FAR_RATIO))
        self.excluded |= np.abs(octaves - 1.0) < NEAR_OCTAVE
        for k in (2, 3, 4):
            self.excluded |= np.abs(octaves + np.log2(k)) < NEAR_SUB

    def frames(self, f: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(main pitch Hz, second pitch Hz, second pitch's peakiness, and the plain magnitude
        spectrum as :meth:`magnitude` gives it) of each row of ``f`` (``n`` samples)."""
        plain = self.magnitude(f)
        spec = plain.copy()
        bands = np.sqrt((spec * spec) @ self.whiten_in)
        spec *= np.maximum(bands, 1e-9) ** (NU - 1.0) @ self.whiten_out
        first = self._salience(spec).argmax(axis=1)
        main = self.f0[first]
        cancelled = self._cancel(spec, main)
        salience = self._salience(cancelled)
        excluded = self.excluded[first]
        median = _median(salience, axis=1)
        # only a peak of its own counts: at the edge of an excluded zone the salience may still be
        # climbing towards the main pitch (what the cancellation left of a partial in vibrato)
        excluded[:, 1:-1] |= (salience[:, 1:-1] < salience[:, :-2]) | (
            salience[:, 1:-1] < salience[:, 2:]
        )
        salience[excluded] = 0.0
        best = salience.argmax(axis=1)
        peak = salience[np.arange(len(f)), best]
        peaky = peak / np.maximum(median, 1e-12)
        own = self._own_share(cancelled, main, self.f0[best])  # see the module's docstring
        return main, self.f0[best], np.where(own >= OWN_SHARE, peaky, 0.0), plain

    def magnitude(self, f: np.ndarray) -> np.ndarray:
        """The plain magnitude spectrum of each row of ``f`` (``n`` samples; mean removed,
        windowed, not whitened) up to ``TOP_HZ``, bins ``df`` Hz apart from 0 Hz."""
        f = (f - f.mean(axis=1, keepdims=True)).astype(np.float32)  # a ratio is wanted
        return self._magnitude(f * self.window)

    def _own_share(self, spec: np.ndarray, main: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The share of each row's ``second`` pitch's salience in ``spec`` (the cancelled
        spectrum) from its harmonics further than ``OWN_WIDTH`` (relative) from every partial of
        ``main``."""
        harm = second[:, None] * np.arange(1, HARMONICS + 1)[None, :]
        ok = harm < min(TOP_HZ, (spec.shape[1] - 3) * self.df)
        at = np.minimum(np.rint(harm / self.df).astype(np.intp), spec.shape[1] - 1)
        rows = np.arange(len(spec))[:, None]
        # the spectrum's largest value within ``reach`` bins of each harmonic, as _salience
        lo, hi = np.maximum(at - self.reach, 0), np.minimum(at + self.reach, spec.shape[1] - 1)
        near = np.maximum.reduce([spec[rows, np.clip(at + s, lo, hi)]
                                  for s in range(-self.reach, self.reach + 1)])  # fmt: skip
        values = np.where(ok, near * (second[:, None] + 27.0) / (harm + 320.0), 0.0)
        k = np.maximum(1.0, np.rint(harm / main[:, None]))
        apart = np.abs(harm / (k * main[:, None]) - 1.0) > OWN_WIDTH
        total = values.sum(axis=1)
        return np.where(total > 0, (values * apart).sum(axis=1) / np.maximum(total, 1e-30), 0.0)

    def _magnitude(self, f: np.ndarray) -> np.ndarray:
        """The magnitude spectrum of each (windowed) row up to ``top``, zero-padded to
        ``size``: through scipy's pocketfft in float32 where it loads (as comb's
        autocorrelations), at about half the cost of numpy's rfft here."""
        fft = pocketfft()
        if fft is None:
            return np.abs(np.fft.rfft(f, self.size, axis=1)[:, : self.top])
        padded = np.zeros((len(f), self.size), np.float32)
        padded[:, : f.shape[1]] = f
        return np.abs(fft.r2c(padded, (1,), True, 0, None, 1)[:, : self.top])

    def _salience(self, spec: np.ndarray) -> np.ndarray:
        """Weighted sum of the spectrum's local maxima (within ``reach`` bins) at each
        candidate's harmonics."""
        peak = local_max(spec, self.reach)
        out = np.zeros((len(spec), len(self.f0)), dtype=np.float32)
        if len(self.starts):
            sums = np.add.reduceat(peak[:, self.bins] * self.weights, self.starts, axis=1)
            out[:, self.summed] = sums
        return out

    def _cancel(self, spec: np.ndarray, main: np.ndarray) -> np.ndarray:
        """``spec`` less each partial of ``main``: the window's main lobe scaled to the
        partial's peak (found within ``TOLERANCE``), then zero within ``NOTCH_HZ`` (plus the
        ``TOLERANCE``) of each partial, floored at zero."""
        rows, width = spec.shape
        harm = main[:, None] * np.arange(1, HARMONICS + 1)[None, :] / self.df  # in bins
        ok = harm * self.df < TOP_HZ
        # only the partials under TOP_HZ (about half of them): the others' lobes are zero, and
        # leaving a zero out of bincount's sums changes none of them
        row = np.broadcast_to(np.arange(rows)[:, None], ok.shape)[ok]
        start = np.clip(np.rint(harm[ok] * (1 - TOLERANCE)).astype(int), 0, width - 1)
        stop = np.rint(harm[ok] * (1 + TOLERANCE)).astype(int)
        idx = np.minimum(start[:, None] + np.arange(self.span)[None, :], width - 1)
        near = np.where(idx <= stop[:, None], spec[row[:, None], idx], -1.0)
        at = idx[np.arange(len(idx)), near.argmax(axis=1)]
        amp = spec[row, at]
        cols = at[:, None] + self.offsets[None, :]
        inside = (cols >= 0) & (cols < width)
        lobes = amp[:, None] * self.lobe[None, :] * inside
        flat = row[:, None] * width + np.clip(cols, 0, width - 1)
        lobes = np.bincount(flat.ravel(), lobes.ravel(), rows * width).reshape(rows, width)
        out = np.maximum(spec - lobes.astype(spec.dtype), 0.0)
        # what the subtraction leaves of a partial that moved inside the window (a glide, a
        # vibrato) is the main voice's, not a second one's: no second pitch may rest on it
        reach = NOTCH_HZ / self.df + TOLERANCE * harm
        edges = np.stack([np.rint(harm - reach), np.rint(harm + reach) + 1], axis=2)
        edges = np.clip(edges, 0, width).astype(int) + (width + 1) * np.arange(rows)[:, None, None]
        steps = np.bincount(edges[:, :, 0][ok], minlength=rows * (width + 1))
        steps -= np.bincount(edges[:, :, 1][ok], minlength=rows * (width + 1))
        out[np.cumsum(steps.reshape(rows, width + 1), axis=1)[:, :width] > 0] = 0.0
        return out


def local_max(spec: np.ndarray, reach: int) -> np.ndarray:
    """Each row's largest value within ``reach`` bins either side of each bin."""
    peak = spec.copy()
    for s in range(1, reach + 1):
        np.maximum(peak[:, s:], spec[:, :-s], out=peak[:, s:])
        np.maximum(peak[:, :-s], spec[:, s:], out=peak[:, :-s])
    return peak


@functools.lru_cache(maxsize=8)
def second_pitch(rate: float) -> SecondPitch:
    """The spectral second-pitch search for ``rate``, made once per rate: its tables (the
    harmonic weights, the whitening bands, the exclusions) cost about 3 ms, a whole short
    clip's spectral search, and its ``frames`` only reads them."""
    return SecondPitch(rate)


def _whitening_bands(bins: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(bins x bands) triangular band averages on the ERB scale and (bands x bins) linear
    interpolation back, for the spectral whitening."""
    erb = 21.4 * np.log10(1 + 0.00437 * np.array([40.0, TOP_HZ * 1.1]))
    centres = (10 ** (np.linspace(erb[0], erb[1], 20) / 21.4) - 1) / 0.00437
    tri = np.clip(
        np.minimum(
            (bins[:, None] - centres[None, :-2]) / np.diff(centres)[None, :-1],
            (centres[None, 2:] - bins[:, None]) / np.diff(centres)[None, 1:],
        ),
        0.0,
        None,
    )
    average = tri / np.maximum(tri.sum(axis=0, keepdims=True), 1e-12)
    middle = centres[1:-1]
    back = np.stack([np.interp(bins, middle, np.eye(len(middle))[j]) for j in range(len(middle))])
    return average, back


def _hann_lobe(x: np.ndarray) -> np.ndarray:
    """A Hann window's magnitude response (1 at 0) at ``x`` bins of its own length, main lobe
    only."""
    with np.errstate(divide="ignore", invalid="ignore"):
        lobe = np.abs(np.sinc(x) / (1.0 - x * x))
    lobe[np.abs(np.abs(x) - 1.0) < 1e-9] = 0.5
    return np.where(np.abs(x) < 2.0, lobe, 0.0)
