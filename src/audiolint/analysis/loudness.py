"""Integrated loudness (ITU-R BS.1770-4), streamed: K-weighting, 400 ms blocks, two gates.

* K-weighting: a high-shelf "head" filter followed by the RLB high-pass, as two biquads. The
  standard lists coefficients for 48 kHz only; :func:`k_weighting` derives them for 8 kHz and up
  from the analogue prototype (the formulation libebur128, FFmpeg and pyloudnorm use), which
  reproduces the 48 kHz table to about 1e-8. That design puts the shelf's 1.68 kHz corner at
  1.68 kHz, which a file at 3.36 kHz or less does not have (its filter blows up: "nan LUFS"), and
  under 8 kHz it departs from the 48 kHz curve by 0.5-1.4 dB. There each biquad is matched to
  the 48 kHz filter's magnitude instead (:func:`matched`): a mean square depends on nothing else.
  Filter state is kept between blocks (scipy's second-order-section kernel, the one
  ``scipy.signal.sosfilt`` runs, with its state), so block boundaries do not change the result.
* Gating blocks are 400 ms long with 75 % overlap, so the filtered energy is summed per
  100 ms step (at fixed sample positions) and each block is four consecutive steps. Only the
  per-step sums are kept: 36,000 values per channel per hour.
* Channel weights: 1.0 for the first three channels, 1.41 for surround channels four and five
  (in a six-channel 5.1 file the fourth channel is the LFE and is left out).
* Gating: blocks below -70 LUFS are dropped, then blocks more than 10 LU below the loudness of
  the rest. ``loudness_lufs`` is ``null`` when the file is shorter than one 400 ms block or
  every block is gated out (digital silence).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.machinery
import importlib.util
import sys
import threading
import types
from importlib import _bootstrap  # the import system's module locks
from typing import Any

import numpy as np

from audiolint.analysis.frames import FrameSums, channel_rows, finite, overlapping

STEP_MS = 100
STEPS_PER_BLOCK = 4
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
# Digital silence makes the K-weighting filter's state decay into subnormal floats, which the
# CPU handles some 25x slower (60 s of stereo zeros: 1.4 s against 0.05 s). A +-1e-15 signal at
# the Nyquist frequency (about -300 LUFS, far under the -70 LUFS gate; it changes a sounding
# file's loudness by under 1e-20 LU) is added to keep the state normal.
TINY = 1e-15
_tiny = np.zeros(0)  # +-TINY alternating, shared by every meter of the process


def tiny_signal(n: int) -> np.ndarray:
    """``n + 1`` samples of +-TINY alternating, starting positive (a view of a shared array)."""
    global _tiny
    if len(_tiny) < n + 1:
        grown = np.full(n + 1, TINY)
        grown[1::2] = -TINY
        _tiny = grown  # whole before it is shared
    return _tiny[: n + 1]


SHELF_F0, SHELF_Q = 1681.974450955533, 0.7071752369554196  # the head filter's corner
RLB_F0, RLB_Q = 38.13547087602444, 0.5003270373238773  # the RLB high-pass's
MATCHED_BELOW = 8000  # Hz: under this rate each biquad is matched to the 48 kHz curve
REFERENCE_RATE = 48000  # the rate BS.1770 gives the filter at


def k_weighting(sample_rate: int) -> np.ndarray:
    """The K-weighting filter as second-order sections (2, 6) for ``sample_rate``."""
    if sample_rate < MATCHED_BELOW:
        return matched(sample_rate)
    return prewarped(sample_rate)


def prewarped(sample_rate: int) -> np.ndarray:
    """K-weighting by the bilinear transform, each corner prewarped to its frequency (libebur128's
    design: the standard's 48 kHz table to about 1e-8; only for a rate over twice the shelf's
    corner)."""
    gain_db = 3.999843853973347
    k = np.tan(np.pi * SHELF_F0 / sample_rate)
    vh = 10.0 ** (gain_db / 20.0)
    vb = vh**0.4996667741545416
    q = SHELF_Q
    a0 = 1.0 + k / q + k * k
    shelf = [
        (vh + vb * k / q + k * k) / a0,
        2.0 * (k * k - vh) / a0,
        (vh - vb * k / q + k * k) / a0,
        1.0,
        2.0 * (k * k - 1.0) / a0,
        (1.0 - k / q + k * k) / a0,
    ]
    k, q = np.tan(np.pi * RLB_F0 / sample_rate), RLB_Q
    a0 = 1.0 + k / q + k * k
    highpass = [1.0, -2.0, 1.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0]
    return np.array([shelf, highpass])


def magnitude(section: np.ndarray, freq: float, sample_rate: int) -> float:
    """The gain of one biquad ``(b0, b1, b2, 1, a1, a2)`` at ``freq`` Hz."""
    z = np.exp(-2j * np.pi * freq / sample_rate * np.arange(3))
    return float(abs(section[:3] @ z) / abs(section[3:] @ z))


def matched(sample_rate: int) -> np.ndarray:
    """K-weighting for a low rate, each biquad matched to the 48 kHz filter's magnitude
    (Vicanek 2016, "Matched second order digital filters"). Poles: the analogue prototype's
    (the 48 kHz sections' corners unwarped) mapped by ``z = exp(s / rate)``, stable at any rate.
    Zeros: the shelf's give the 48 kHz gain at 0 Hz, a quarter of the rate and the Nyquist
    frequency; the high-pass keeps its double zero at 0 Hz and the 48 kHz gain at Nyquist.
    Against the 48 kHz filter: within 0.1-0.4 dB (shelf) and 0.01 dB (high-pass) from 2 to 8 kHz,
    where the prewarped design is off by 0.3-1.4 and 0.2-0.5 dB."""
    shelf, highpass = prewarped(REFERENCE_RATE)
    a1, a2 = poles(SHELF_F0, SHELF_Q, sample_rate)
    gains = [
        magnitude(shelf, f, REFERENCE_RATE) ** 2 for f in (0, sample_rate / 4, sample_rate / 2)
    ]
    # |B|^2 = B0 cos^2(w/2) + B1 sin^2(w/2) + B2 sin^2(w) with B0 = (b0 + b1 + b2)^2,
    # B1 = (b0 - b1 + b2)^2, B2 = -4 b0 b2; the same for |A|^2 (A0, A1, A2)
    big_a = ((1 + a1 + a2) ** 2, (1 - a1 + a2) ** 2, -4 * a2)
    b_0, b_1 = gains[0] * big_a[0], gains[2] * big_a[1]
    # at a quarter of the rate cos^2(w/2) = sin^2(w/2) = 0.5 and sin^2(w) = 1
    b_2 = gains[1] * (0.5 * (big_a[0] + big_a[1]) + big_a[2]) - 0.5 * (b_0 + b_1)
    w = (np.sqrt(b_0) + np.sqrt(b_1)) / 2
    b0 = (w + np.sqrt(w * w + b_2)) / 2
    shelf_out = [b0, (np.sqrt(b_0) - np.sqrt(b_1)) / 2, -b_2 / (4 * b0), 1.0, a1, a2]
    a1, a2 = poles(RLB_F0, RLB_Q, sample_rate)
    g = magnitude(highpass, sample_rate / 2, REFERENCE_RATE) * (1 - a1 + a2) / 4
    return np.array([shelf_out, [g, -2 * g, g, 1.0, a1, a2]])


def poles(f0: float, q: float, sample_rate: int) -> tuple[float, float]:
    """``a1, a2`` of the 48 kHz section with corner ``f0`` and ``q``, its analogue poles
    (corner unwarped from 48 kHz) mapped to ``sample_rate`` by ``z = exp(s / rate)``."""
    w0 = 2 * REFERENCE_RATE * np.tan(np.pi * f0 / REFERENCE_RATE) / sample_rate
    zeta = 1 / (2 * q)
    turn = np.sqrt(complex(1 - zeta * zeta)) * w0  # imaginary when overdamped: cos -> cosh
    return float(-2 * np.exp(-zeta * w0) * np.cos(turn).real), float(np.exp(-2 * zeta * w0))


def channel_weights(channels: int) -> np.ndarray:
    """BS.1770 weights G_i by channel position (see the module docstring)."""
    weights = np.ones(channels)
    if channels >= 5:
        weights[3:5] = 1.41
    if channels == 6:
        weights[3], weights[4:6] = 0.0, 1.41
    return weights


def integrated(step_sums: np.ndarray, step_counts: np.ndarray, weights: np.ndarray):
    """Gated loudness in LUFS from per-step, per-channel energy sums; ``None`` if no block."""
    if len(step_counts) < STEPS_PER_BLOCK:
        return None
    # each block's steps as sliding_window_view's views (same strides, same sums), minus its 40 us
    step_sums = np.ascontiguousarray(step_sums)
    step_counts = np.ascontiguousarray(step_counts)
    blocks = len(step_counts) - STEPS_PER_BLOCK + 1
    row, item = step_sums.strides
    windows = np.ndarray(
        (blocks, step_sums.shape[1], STEPS_PER_BLOCK),
        step_sums.dtype,
        step_sums,
        strides=(row, item, row),
    )
    energy = windows.sum(axis=-1)  # (blocks, channels)
    counts = overlapping(step_counts, blocks, STEPS_PER_BLOCK, 1).sum(axis=-1)
    z = energy / counts[:, None]  # mean square per block and channel
    weighted = z @ weights
    with np.errstate(divide="ignore"):
        block_lufs = -0.691 + 10.0 * np.log10(weighted)
    kept = z[block_lufs > ABSOLUTE_GATE]
    if not len(kept):
        return None
    relative = -0.691 + 10.0 * np.log10(kept.mean(axis=0) @ weights) + RELATIVE_GATE
    kept = z[(block_lufs > ABSOLUTE_GATE) & (block_lufs > relative)]
    return -0.691 + 10.0 * np.log10(kept.mean(axis=0) @ weights)


KERNEL = "scipy.signal._sosfilt"


@functools.lru_cache(maxsize=1)
def sosfilt_kernel():
    """``_sosfilt(sos, x, zi)``: scipy's compiled kernel behind ``scipy.signal.sosfilt``,
    filtering ``x`` (rows, samples) in place and updating ``zi`` (rows, sections, 2).

    Importing ``scipy.signal`` costs 0.7-1.2 s (it builds array-API wrappers for hundreds of
    functions); this one extension loads in about 0.05 s, so it is loaded from scipy's folder
    without running the package's ``__init__``. Same code, same numbers. Falls back to the
    public ``scipy.signal.sosfilt`` (slow to import) if scipy's layout ever changes."""
    try:
        module = scipy_extension(KERNEL)
    except Exception:  # noqa: BLE001 - any failure: the public function instead
        return public_sosfilt
    return getattr(module, "_sosfilt", public_sosfilt)


def scipy_extension(name: str):
    """The compiled extension module ``name`` (``scipy.<package>.<module>``), loaded from
    scipy's folder without running its package's ``__init__``; raises when it cannot.

    Loaded under the import system's own lock for ``name``, as an import would be: threads
    loading it at once got a half-made module (Cython hands the second caller the first one's,
    still running its init), and a fork waits for the load (:mod:`audiolint.forking`). It is
    kept here, not in ``sys.modules``: a later ``import scipy.signal`` then imports it the
    usual way (Cython hands back this same module) and binds ``scipy.signal._sosfilt``."""
    with _scipy_package(), _bootstrap._ModuleLockManager(name):
        module = sys.modules.get(name) or _EXTENSIONS.get(name)
        if module is None:
            scipy = importlib.util.find_spec("scipy")
            folder = "/".join([scipy.submodule_search_locations[0], *name.split(".")[1:-1]])
            machinery = importlib.machinery
            loader = (machinery.ExtensionFileLoader, machinery.EXTENSION_SUFFIXES)
            spec = machinery.FileFinder(folder, loader).find_spec(name)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            _EXTENSIONS[name] = module
    return module


_EXTENSIONS: dict[str, types.ModuleType] = {}


@contextlib.contextmanager
def _scipy_package():
    """While an extension loads: scipy's package in ``sys.modules``. Cython's extensions import
    ``scipy._cyutility`` (their shared helpers), and importing a submodule imports its package
    first: scipy's ``__init__``, 12-16 ms of a one-file check (``python -X importtime``). When
    this is the only thread and scipy is not imported, an empty stand-in package serves, and it
    and the submodules imported under it leave ``sys.modules`` when this returns. With other
    threads running, the real package is imported: a thread's ``import scipy`` during the load
    would be handed the stand-in (CPython returns what ``sys.modules`` holds), and its
    ``import scipy.signal`` fail on a half-made ``scipy._lib``."""
    if "scipy" in sys.modules or threading.active_count() > 1:
        importlib.import_module("scipy")
        yield
        return
    found = importlib.util.find_spec("scipy")
    if found is None or not found.submodule_search_locations:
        raise ImportError("scipy is not installed")
    stand_in = types.ModuleType("scipy")
    stand_in.__spec__ = importlib.machinery.ModuleSpec("scipy", None, is_package=True)
    stand_in.__spec__.submodule_search_locations = list(found.submodule_search_locations)
    stand_in.__path__ = list(found.submodule_search_locations)
    before = set(sys.modules)
    sys.modules["scipy"] = stand_in
    try:
        yield
    finally:
        for loaded in set(sys.modules) - before:
            if loaded == "scipy" or loaded.startswith("scipy."):
                del sys.modules[loaded]


def public_sosfilt(sos: np.ndarray, rows: np.ndarray, zi: np.ndarray) -> None:
    """The kernel's contract (filter ``rows`` in place, update ``zi`` in place) through
    ``scipy.signal.sosfilt``, whose ``zi`` is laid out (sections, rows, 2)."""
    from scipy.signal import sosfilt

    out, state = sosfilt(sos, rows, axis=-1, zi=zi.transpose(1, 0, 2))
    rows[...] = out
    zi[...] = state.transpose(1, 0, 2)


class Loudness:
    """Streaming BS.1770-4 integrated loudness meter."""

    def __init__(self, sample_rate: int, channels: int, props: Any = None):
        self.sos = k_weighting(sample_rate)
        self.zi = np.zeros((channels, len(self.sos), 2))  # the kernel's layout
        self.steps = FrameSums(sample_rate, STEP_MS, channels)
        self.weights = channel_weights(channels)
        self.sums: list[np.ndarray] = []
        self.counts: list[np.ndarray] = []
        self.odd = 0  # parity of the samples seen, so the tiny signal alternates across blocks

    def update(self, block: np.ndarray) -> None:
        """K-weight the next block (continuing the filter state) and sum it per 100 ms step."""
        if not len(block):
            return
        block = finite(block)
        n = len(block)
        # one row per channel, as sosfilt does (the levels' copy of the block, plus the tiny
        # signal into a new array the filter may overwrite)
        rows = np.add(channel_rows(block), tiny_signal(n)[self.odd : self.odd + n])
        self.odd = (self.odd + n) % 2
        sosfilt_kernel()(self.sos, rows, self.zi)
        filtered = rows.T
        np.square(filtered, out=filtered)
        sums, counts = self.steps.push(filtered)
        if len(counts):
            self.sums.append(sums)
            self.counts.append(counts)

    def result(self) -> dict[str, Any]:
        """``loudness_lufs``, rounded to 0.01 LU, or ``None`` (see the module docstring)."""
        if not self.sums:
            return {"loudness_lufs": None}
        lufs = integrated(np.concatenate(self.sums), np.concatenate(self.counts), self.weights)
        measured = lufs is not None and np.isfinite(lufs)  # a filter must never say "nan"
        return {"loudness_lufs": round(float(lufs), 2) if measured else None}
