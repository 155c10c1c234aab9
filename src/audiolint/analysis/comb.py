"""Period estimation and comb-filter cancellation on frames of samples (rows), for
audiolint.analysis.harmony: the main voice's period, its cancellation, and the strongest
period left in what remains."""

from __future__ import annotations

import functools

import numpy as np

from audiolint.analysis.loudness import scipy_extension
from audiolint.analysis.mdct import POCKETFFT

# a lag this close to the strongest counts as the period (no octave errors). A voice with
# another a fifth over it at -6 dB repeats best at twice its own period (the pair's common one):
# 0.9 took that, and the comb then cancelled both voices
OCTAVE_SHARE = 0.8


def _normalised_acf(f: np.ndarray, hi: int, counts: np.ndarray | None = None) -> np.ndarray:
    """Unbiased autocorrelation of each row up to lag ``hi``, divided by lag 0; ``counts``
    (optional, per row) are the numbers of valid sample pairs at each lag."""
    n = f.shape[1]
    # exact (no wrap-around) up to lag size - n, so n + hi + 2 suffice; a power of two, as
    # pocketfft is slow on primes; in float32, ample for a ratio
    size = 1 << (n + hi + 1).bit_length()
    fft = pocketfft()
    if fft is None:
        spec = np.fft.rfft(f.astype(np.float32), size, axis=1)
        ac = np.fft.irfft(spec.real**2 + spec.imag**2, size, axis=1)
    else:
        padded = np.zeros((len(f), size), np.float32)
        padded[:, :n] = f
        spec = fft.r2c(padded, (1,), True, 0, None, 1)
        # the power spectrum in place: re*re + im*im into the real parts, zero imaginary parts
        # (the same float32 sums as spec.real**2 + spec.imag**2, without four temporaries)
        parts = spec.view(np.float32)
        np.square(parts, out=parts)
        parts[:, 0::2] += parts[:, 1::2]
        parts[:, 1::2] = 0.0
        ac = fft.c2r(spec, (1,), size, False, 2, None, 1)  # inverse, divided by size
    ac = ac[:, : hi + 2].astype(np.float64)
    if counts is None:  # the same pairs in every row: one row of divisors, broadcast
        counts = np.maximum(n - np.arange(hi + 2), 1)[None, :]
    else:
        counts = np.maximum(counts, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = (ac / counts) / (ac[:, :1] / counts[:, :1])
    r[~np.isfinite(r)] = 0.0  # (np.nan_to_num's checks cost more than this on small arrays)
    return r


@functools.lru_cache(maxsize=1)
def pocketfft():
    """scipy's pocketfft extension (loaded as :func:`audiolint.analysis.loudness.scipy_extension`
    loads its kernels, without ``scipy.fft``'s second of imports), or ``None``. numpy 2's rfft
    of float32 costs more than of float64 (0.28 against 0.21 ms for 80 frames of 320 samples
    padded to 512); scipy's takes 0.12-0.15 ms in float32 (measured, one thread). Its private
    signature is checked by a tiny r2c/c2r round trip against numpy's, as
    :func:`audiolint.analysis.mdct.dct4_kernel` checks its dct."""
    try:
        fft = scipy_extension(POCKETFFT)
        # the signatures and scaling _normalised_acf relies on, checked on a tiny round trip
        # uneven values, not numpy.random's (its import: about 10 ms of a one-file check)
        x = np.cos(np.arange(16, dtype=np.float32) ** 1.5).reshape(2, 8)
        spec = fft.r2c(x, (1,), True, 0, None, 1)
        back = fft.c2r(spec, (1,), 8, False, 2, None, 1)
        if not (
            np.allclose(spec, np.fft.rfft(x, axis=1), rtol=1e-4, atol=1e-4)
            and np.allclose(back, np.fft.irfft(np.fft.rfft(x, axis=1), 8, axis=1), atol=1e-4)
        ):
            return None
    except Exception:  # noqa: BLE001 - any failure or mismatch: numpy's FFT instead
        return None
    return fft


def _past_first_dip(r: np.ndarray, lo: int) -> np.ndarray:
    """``r`` with lags before ``lo`` or before its first drop under zero set to -1."""
    negative = r < 0.0
    first = np.where(negative.any(axis=1), negative.argmax(axis=1), r.shape[1])
    out = np.where(np.arange(r.shape[1])[None, :] >= np.maximum(first, lo)[:, None], r, -1.0)
    return out


def period(f: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """(peak normalised autocorrelation, period in samples with a parabolic fraction) per row."""
    peak, lag, _, _ = measured_period(f, lo, hi)
    return peak, lag


def measured_period(
    f: np.ndarray, lo: int, hi: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """As :func:`period`, whether each row's period lies at the search's short end (lag
    ``lo``): the correlation still climbing towards shorter lags, a pitch at or over the highest
    searched, whose period is not measured (it is then given as ``lo + 1``); and the lowest
    correlation within one period (a pure tone's reaches -1 half a period on; partials above
    the first fill that trough in)."""
    r = _normalised_acf(f, hi)
    search = _past_first_dip(r[:, : hi + 1], lo)
    peak = search.max(axis=1)
    first = (search >= OCTAVE_SHARE * peak[:, None]).argmax(axis=1)
    rows = np.arange(len(f))
    idx = np.minimum(first[:, None] + np.arange(5)[None, :], hi)
    found = idx[rows, np.take_along_axis(search, idx, axis=1).argmax(axis=1)]
    best = np.minimum(np.maximum(found, lo + 1), hi)  # np.clip's values, without its wrapper
    within = np.arange(hi + 1)[None, :] <= best[:, None]
    trough = np.where(within, r[:, : hi + 1], 1.0).min(axis=1)
    return peak, best + _parabola(r, best), found <= lo, trough


def cancel(
    f: np.ndarray, lag: np.ndarray, fit: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each row minus its copy delayed by ``lag`` (fractional: linear interpolation) and scaled
    to fit best, samples with no delayed partner zero; and where each row's residue starts. With
    ``fit`` (rows as ``f``), the scale is the one that fits ``fit``'s rows best: one part of a mix
    through the comb the mix's cancellation sets (benchmarks/backing_vocals.py)."""
    if fit is not None:
        return _delayed_less(f, lag, _delayed_less(fit, lag)[2])[:2]
    residue, start, _ = _delayed_less(f, lag)
    return residue, start


def _delayed_less(
    f: np.ndarray, lag: np.ndarray, gain: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`cancel`'s residue and start, with the scale fitted (``gain`` None) or given, and
    the scale (a column)."""
    n = f.shape[1]
    whole = np.floor(lag).astype(int)
    frac = (lag - whole)[:, None]
    i0 = np.arange(n)[None, :] - whole[:, None]
    valid = i0 > 0
    flat, base = f.ravel(), n * np.arange(len(f))[:, None]  # one gather, not take_along_axis
    a = flat[base + np.maximum(i0, 0)]  # (i0 < n: a lag is never negative)
    # the sample before each of a's: a shifted by one (the first column's is the row's first
    # sample, as a's is: wherever i0 <= 0 both read it)
    b = np.empty_like(a)
    b[:, 0] = a[:, 0]
    b[:, 1:] = a[:, :-1]
    delayed = ((1.0 - frac) * a + frac * b) * valid
    if gain is None:
        with np.errstate(divide="ignore", invalid="ignore"):
            gain = (f * delayed).sum(axis=1) / (delayed * delayed).sum(axis=1)
        if not np.isfinite(gain).all():  # (np.nan_to_num's own checks cost more, every call)
            gain = np.nan_to_num(gain)
        gain = gain[:, None]
    return (f - gain * delayed) * valid, whole + 1, gain


def second_period(
    e: np.ndarray,
    start: np.ndarray,
    lag: np.ndarray,
    lo: int,
    hi: int,
    near_octaves,
    far_ratio: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(peak, lag, mean-square power, correlation at the main ``lag``) of the strongest period
    of the residue ``e`` (which
    starts at ``start`` in each row), searched no further than ``far_ratio`` from the main
    ``lag`` and away from it, its octaves and twelfths by ``near_octaves`` (three widths, in
    octaves)."""
    length = e.shape[1] - start  # the residue's samples in each row
    counts = length[:, None] - np.arange(hi + 2)[None, :]
    r = _normalised_acf(e, hi, counts)[:, : hi + 1]
    octaves = np.log2(np.maximum(np.arange(hi + 1), 1)[None, :] / lag[:, None])
    near = np.abs(octaves) < near_octaves[0]
    near |= np.abs(np.abs(octaves) - 1.0) < near_octaves[1]
    near |= np.abs(np.abs(octaves) - np.log2(3.0)) < near_octaves[2]
    near |= np.abs(octaves) > np.log2(far_ratio)
    # only a peak of its own counts: on the edge of an excluded zone the correlation may still
    # be climbing towards a period inside it (a sung note's echo just under the next note)
    peak = np.zeros_like(near)
    peak[:, 1:-1] = (r[:, 1:-1] >= r[:, :-2]) & (r[:, 1:-1] >= r[:, 2:])
    search = np.where(near | ~peak, -1.0, _past_first_dip(r, lo))
    power = (e * e).sum(axis=1) / np.maximum(length, 1)
    rows = np.arange(len(e))
    at_main = r[rows, np.minimum(np.maximum(np.rint(lag).astype(int), 0), hi)]
    best = np.minimum(np.maximum(search.argmax(axis=1), 1), hi - 1)
    return search.max(axis=1), best + _parabola(r, best), power, at_main


def _parabola(r: np.ndarray, best: np.ndarray) -> np.ndarray:
    """The fraction of a sample (-0.5 to 0.5) by which each row's peak of ``r`` at ``best`` lies
    off the grid: the vertex of the parabola through it and its neighbours. At a high pitch one
    sample of lag is most of a semitone."""
    rows = np.arange(len(r))
    y0, y1, y2 = r[rows, best - 1], r[rows, best], r[rows, best + 1]
    den = y0 - 2.0 * y1 + y2
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(np.abs(den) > 1e-9, 0.5 * (y0 - y2) / den, 0.0)
    frac[np.isnan(frac)] = 0.0
    # np.clip's values (+-inf to +-0.5) without its wrapper (15-30 us a call on a few rows)
    return np.minimum(np.maximum(frac, -0.5), 0.5)
