"""Find an interpolator's images by their phase, where their levels' fine structure cannot tell.

A fixed-ratio interpolator (linear, cubic, a sample hold, a short polynomial filter) brings
audio sampled at an old rate ``R`` up to the file's rate ``Fs`` and leaves the band above
``R / 2`` filled with copies of the band under it: what stood at ``g`` stands again at
``R - g`` (mirrored, its phase conjugated) and, folded back from above the file's Nyquist
frequency, at ``g + j R - m Fs`` (shifted). In a short-time spectrum each copy is its source
bin times a factor that holds for the whole file once each frame is turned by the phase the
old rate gives its start (``exp(-2 pi i j R s0 / Fs)``): so a least-squares fit of the band
above ``R / 2`` by those copies, a few complex coefficients for the whole file, explains nearly
all its power where the band is images and next to none of it where it is a recording's own.
:mod:`audiolint.analysis.imaging` reads the magnitudes' fine structure instead, which suffices
where one copy fills the band; where a mirror and a fold overlap at one level, as from 44.1 to
48 kHz (22.05-24 kHz holds both), that fine structure is a mixture that correlates with neither
(0.14-0.5). The fit is read only where that module found nothing and the verdict was genuine
or inconclusive (:mod:`audiolint.analysis.fidelity`).

The frames' length is a multiple of ``Fs / gcd(Fs, R)`` for every rate tried, so every copy
lands on a bin; one spectrum serves every rate (1764 samples at 44.1 kHz, 1920 at 48 kHz).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from audiolint.analysis import repetition
from audiolint.analysis.edge import quant_floor_db
from audiolint.analysis.imaging import NEAR, folded_onto
from audiolint.analysis.quantile import median, percentile
from audiolint.analysis.spectrum import frame_size, to_db

# a waveform that repeats this well within the spans (the median span's normalised correlation
# one period on) is read again without what repeats; spans that repeat each other this well with
# no period inside are not read. Synthetic buzzes, chip pulses and click tracks 0.87-1.0 within
# or 0.97-1.0 across; real instruments' notes up to 1.0 within (a held oboe or flute), so those
# are read again, not refused
PERIODIC, REPEATED, CLICKS, STRICT = 0.5, 0.97, 0.05, 0.85
# the standard old rates tried, lowest first (imaging.OLD_RATES less the hi-res ones)
OLD_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)
ROOM_DB = 10.0  # a cell counts when it and a copy's source stand this far above the floor
FOLDS = (0, 1, -1)  # m: the mirror (0) and the aliases folded back from Fs and -Fs
PER_PARAM = 15  # cells needed for each complex coefficient fitted
MIN_CELLS = 100  # ...and at least this many (a game sound's 36 cells fit 0.78: too few to say)
FAR_CELLS = 150  # cells past NEAR N at half the file's rate (imaging.MIN_CELLS)
MAX_CELLS = 1500
# the band read: from SINCE times R / 2 up to UNTIL times the file's Nyquist frequency (R's
# own copy of its top, R - SINCE R / 2, at most); where that leaves too few cells for the fit
# or for its controls, up to WIDER times it. From 44.1 to 48 kHz the band is 0.8 kHz wide, and
# a short clip's copies or their controls fill under 100 cells of it (Praat's 1.5 s word list
# through a cubic or linear interpolator read genuine). Not WIDER at once: where the band is
# wide, its last cells under N are fitted worse (sample-hold copies from 24 and 32 kHz in
# crude_upsampling.py fell from 0.54 to 0.47 and lost 0.006 of their mirror's share)
SINCE, UNTIL, WIDER = 1.02, 0.97, 0.99
MIN_FIT = 0.5  # share of the band's power the copies explain
# ...and the mirror about R / 2 alone at least this much: R's own copy (a fold can be a higher
# rate's too: cubic 32 -> 44.1 kHz copies fold onto 16 kHz's lattice, there 0.01-0.02 alone)
MIN_MIRROR = 0.2
CONTROL_BINS = (-40, -20, 20, 40)  # every copy's source moved this many bins: no copy
CONTROL_MARGIN = 0.3  # how far the fit stands over the best control's


def frame_length(sample_rate: int, rates) -> int:
    """A frame length near :func:`audiolint.analysis.spectrum.frame_size` that is a multiple
    of ``sample_rate / gcd(sample_rate, R)`` for every ``R`` in ``rates``."""
    step = math.lcm(*(sample_rate // math.gcd(sample_rate, r) for r in rates)) if rates else 1
    return step * max(1, round(frame_size(sample_rate) / step))


class Spectra:
    """Complex half-overlapping Hann-windowed spectra of the loud spans (``(position,
    samples)`` pairs), each frame's start sample, each bin's level (dB) and floor, and what
    changes from each frame to the next (``change``, at ``change_starts``, ``change_db``)."""

    def __init__(self, spans, sample_rate: int, n: int, bits: int, floor=None):
        window, hop = np.hanning(n), n // 2
        rows, starts = [], []
        for position, x in spans:
            x = np.asarray(x, dtype=np.float64)
            x = x.mean(axis=1) if x.ndim > 1 else x
            for s in range(0, len(x) - n + 1, hop):
                rows.append(x[s : s + n] * window)
                starts.append(position + s)
        self.n, self.sample_rate = n, sample_rate
        self.spec = np.fft.rfft(np.array(rows), axis=1) if rows else np.zeros((0, n // 2 + 1))
        self.starts = np.array(starts, dtype=np.int64)
        self.db = to_db(self.spec.real**2 + self.spec.imag**2)
        self.floor = percentile(self.db, 10, axis=0) if rows else np.zeros(n // 2 + 1)
        self.floor = self.floor if floor is None else floor  # (another reading's: the file's)
        self.quant_db = quant_floor_db(float((window**2).sum()), bits)
        # Only what changes counts: a steady tone's partials keep their phases' relations from
        # frame to frame, and where the rates are multiples of its pitch (a 147 Hz buzz at
        # 44.1 kHz: 22050 / 147 = 150) they stand mirrored and folded as copies do. Each bin
        # less its own prediction from the frame before (one complex factor per bin over the
        # file: a steady partial's turn) leaves the rest; a copy's rest is its source's rest
        # times the same factor as before, the turn's ratio folded into it.
        pairs = np.flatnonzero(np.diff(self.starts) == hop)
        now, ahead = self.spec[pairs], self.spec[pairs + 1]
        power = np.maximum((now.real**2 + now.imag**2).sum(axis=0), 1e-30)
        self.change = ahead - (ahead * now.conj()).sum(axis=0) / power * now
        self.change_starts = self.starts[pairs]
        self.change_db = to_db(self.change.real**2 + self.change.imag**2)


def fit(
    sp: Spectra, rate: int, shift: int = 0, since: float = SINCE, until: float = UNTIL
) -> dict | None:
    """The share of the power of the band above ``rate``'s Nyquist frequency that its copies
    (the mirror, the folded aliases: ``FOLDS``) explain, one coefficient and a slope across
    the band per copy, and the shares the folds and the mirror explain alone, on the same
    cells: ``{"fit", "folds_fit", "mirror_fit", "cells", "params"}`` (the two parts None where
    ``fit`` is under ``MIN_FIT``: read where the whole could pass only); None when too few cells
    stand clear of the floor (``PER_PARAM`` per coefficient, ``MIN_CELLS`` at least). ``shift``
    moves every copy's source by that many bins (a control: no interpolator leaves such
    copies). The band starts at ``since`` times ``rate``'s Nyquist frequency and ends at
    ``until`` times the file's (at ``rate`` less as much, at most). A fold that lands where
    the mirror or another fold does is read once (where the file's rate is a multiple of
    ``rate``, every fold lands on the mirror)."""
    fs, n, db, spec, starts = sp.sample_rate, sp.n, sp.change_db, sp.change, sp.change_starts
    if len(db) < 4 or rate >= fs or (rate * n) % fs:
        return None
    copies = _copies(fs, n, rate, shift, since, until)
    if copies is None:
        return None
    band, freqs, maps = copies
    room = max(float(median(sp.floor[band])), sp.quant_db) + ROOM_DB
    heard = db[:, band] >= room
    if np.count_nonzero(heard) < MIN_CELLS:  # too few cells whatever the copies' sources
        return None
    sources = np.zeros(heard.shape, dtype=bool)
    for _, _, _, _, sel, src in maps:
        sources[:, sel] |= db[:, src] >= room
    ok = heard & sources
    # past MAX_CELLS, every k-th frame only: the fit's cost goes with the cells, and a few
    # hundred cells already tell images (44.1 -> 48 kHz copies: 100-600) from chance
    stride = max(1, -(-int(np.count_nonzero(ok)) // MAX_CELLS))
    ok[np.arange(len(ok)) % stride != 0] = False
    rows, at = np.nonzero(ok)
    cells, params = len(rows), 2 * len(maps)
    if not maps or cells < max(MIN_CELLS, PER_PARAM * params):
        return None
    cols = []
    for _, jj, where, conj, _, _ in maps:
        src, col = where[at], np.zeros(cells, dtype=complex)
        has = src >= 0
        copy = spec[rows[has], src[has]]
        turn = np.exp(-2j * np.pi * ((jj * rate * starts) % fs) / fs)  # each frame's
        col[has] = turn[rows[has]] * np.where(conj[at[has]], np.conj(copy), copy)
        cols.append(col)
    slope = (freqs[at] - freqs.mean()) / (np.ptp(freqs) or 1.0)
    a = np.stack(cols + [c * slope for c in cols], axis=1)
    y = spec[rows, band[at]]
    gram, proj, power = a.conj().T @ a, a.conj().T @ y, float(np.vdot(y, y).real)
    read = {"fit": _explained(gram, proj, power), "cells": cells, "params": params}
    if read["fit"] < MIN_FIT:  # the parts are read where the whole could pass only
        return {**read, "folds_fit": None, "mirror_fit": None}
    folds = [i for i in range(params) if maps[i % len(maps)][0] != 0]
    mirror = [i for i in range(params) if maps[i % len(maps)][0] == 0]
    return {
        **read,
        "folds_fit": _explained(gram, proj, power, folds),
        "mirror_fit": _explained(gram, proj, power, mirror),
    }


@functools.lru_cache(maxsize=256)
def _copies(fs: int, n: int, rate: int, shift: int, since: float, until: float):
    """The band above ``rate``'s Nyquist frequency (bins from ``since`` times it), its bins'
    frequencies, and each copy placed in it: ``(m, j, where, conj, sel, src)``, the bins of
    the band it covers (``sel``), their sources (``src``; ``where``: the source of every bin
    of the band, -1 where none) and whether each is conjugated (``g < 0``); None when the
    band is too narrow. The same for every file at one rate: computed once."""
    old, bins = rate / 2, n // 2 + 1
    freqs = np.arange(bins) * fs / n
    top = min(rate - (SINCE - 1) * old, until * fs / 2)
    band = np.flatnonzero((freqs >= since * old) & (freqs <= top))
    if len(band) < 8:
        return None
    rb, maps, placed = rate * n // fs, [], set()
    for m in FOLDS:
        nu = band - m * n  # the alias's frequency, in bins; g = nu + j R in (-R / 2, R / 2]
        j = np.ceil((-rb / 2 - nu) / rb).astype(int)
        g = nu + j * rb
        src = np.abs(g) + shift
        valid = (src > 0) & (src < rb / 2) & (src < bins)
        for jj in sorted(set(j[valid].tolist())):  # (np.unique loads numpy.ma)
            sel = np.flatnonzero(valid & (j == jj))
            key = (sel.tobytes(), g[sel].tobytes())
            if len(sel) < 4 or key in placed:  # a few bins at a band's end; a copy placed
                continue
            placed.add(key)
            where = np.full(len(band), -1)
            where[sel] = src[sel]
            maps.append((m, int(jj), where, g < 0, sel, src[sel]))
    shared = [band, freqs[band], *(a for copy in maps for a in copy[2:])]
    for a in shared:  # cached for every file at this rate: nobody may write to them
        a.flags.writeable = False
    return band, freqs[band], maps


def _explained(gram: np.ndarray, proj: np.ndarray, power: float, cols=None) -> float:
    """The share of the target's power (``power``) that the least-squares fit by columns
    ``A`` (only ``cols``, when given) explains, from ``A^H A`` (``gram``) and ``A^H y``
    (``proj``): the normal equations, a few coefficients over thousands of cells."""
    if cols is not None:
        if not cols:
            return 0.0
        gram, proj = gram[np.ix_(cols, cols)], proj[cols]
    if power <= 0:
        return 0.0
    # a whisker of ridge keeps copies that coincide (a fold on the mirror's bins) solvable
    ridge = 1e-9 * float(np.trace(gram).real) / len(gram) + 1e-300
    coef = np.linalg.solve(gram + ridge * np.eye(len(gram)), proj)
    return round(float(np.vdot(proj, coef).real) / power, 3)


def control(sp: Spectra, rate: int, until: float = UNTIL) -> float | None:
    """The best fit with every copy's source moved by ``CONTROL_BINS``."""
    reads = (fit(sp, rate, shift=s, until=until) for s in CONTROL_BINS)
    return max((r["fit"] for r in reads if r), default=None)


def _passes(sp: Spectra, rate: int) -> dict | None:
    """``rate``'s fit when it reaches ``MIN_FIT``, the mirror alone ``MIN_MIRROR``, and it
    stands ``CONTROL_MARGIN`` over its controls; else None. Read up to ``UNTIL`` N, and up to
    ``WIDER`` N where too few cells stand there for the fit or for its controls."""
    far_read = 2 * rate != sp.sample_rate  # (read once: its band does not move with ``until``)
    for until in (UNTIL, WIDER):
        read = fit(sp, rate, until=until)
        if not read:
            continue  # too few cells: read further up
        if read["fit"] < MIN_FIT or read["mirror_fit"] < MIN_MIRROR:
            return None
        # at half the file's rate, a subband codec's edge (MP2's, SBC's at a quarter of the
        # rate) mirrors the band under it just past it alone (othercodecs.py: MP2 192-384 kbps
        # decodes 0.51-0.85 over 105-219 cells, 92 of them past 1.1 N): the band from NEAR N
        # up must be copies too, over FAR_CELLS cells
        if not far_read:
            far = fit(sp, rate, since=NEAR)
            if not far or far["cells"] < FAR_CELLS or far["fit"] < MIN_FIT:
                return None
            far_read = True
        best = control(sp, rate, until)
        if best is None:
            continue  # too few cells for the moved copies: read further up
        if read["fit"] - best < CONTROL_MARGIN:
            return None
        step = sp.sample_rate / sp.n  # Hz a bin
        moved = [
            round(step * min(map(abs, CONTROL_BINS))),
            round(step * max(map(abs, CONTROL_BINS))),
        ]
        return {**read, "rate": rate, "control_fit": best, "control_hz": moved}
    return None


def measure(spans, sample_rate: int, bits: int = 16) -> dict | None:
    """The lowest standard old rate whose band above its Nyquist frequency is its copies.

    Each rate of ``OLD_RATES`` under the file's is fitted (:func:`fit`); the first that
    reaches ``MIN_FIT``, the mirror alone ``MIN_MIRROR``, ``CONTROL_MARGIN`` over its
    controls, is taken, unless a higher rate whose images fold onto its mirror passes too
    (None: either could be the old one). Returns ``{"rate", "fit", "folds_fit", "mirror_fit",
    "cells", "params", "control_fit", "control_hz"}`` (the controls' shifts, Hz) or None.
    """
    rates = [r for r in OLD_RATES if r < sample_rate and r / 2 < 0.95 * sample_rate / 2]
    n = frame_length(sample_rate, rates)
    # two frames a span at least, for a change from one to the next: the excerpt's 4096-sample
    # spans hold them up to 2730 samples (48 kHz's 1920, 32 kHz's 2560; from 64 kHz, whose
    # frames are 3528-7680 samples, nothing is read)
    if not rates or not any(len(x) >= n + n // 2 for _, x in spans):
        return None
    sp = Spectra(spans, sample_rate, n, bits)
    for rate in rates:
        found = _passes(sp, rate)
        if found:
            # a higher rate whose images fold onto this one's mirror fits as well: either
            # could be the old one (32 kHz copies in a 48 kHz file, their source silent over
            # 8 kHz, fold to 16 - f kHz as a 16 kHz source's images stand)
            folding = (up for up in rates if up > rate and rate in folded_onto(up, sample_rate))
            if any(_passes(sp, up) for up in folding):
                return None
            return found if _not_repeating(sp, spans, bits, rate) else None
    return None


def _not_repeating(sp: Spectra, spans, bits: int, rate: int) -> bool:
    """Whether copies found at ``rate`` are no waveform repeating exactly (a synthetic
    buzz, a chip tune's pulse, a click track: their locked partials stand mirrored and folded
    about any rate their period divides; a review's 38 such signals read as copies). Spans
    that repeat each other with no period inside them (clicks a beat apart) cannot tell; where
    the spans repeat within, at a period of a whole number of the old rate's samples, the copies
    must still be found with that period taken out (an instrument's note is never exact: what
    changes from one period to the next is copied too, where the interpolator made copies)."""
    lag, within = repetition.period(spans)
    if within >= STRICT:  # the partials' own locked phases could fit: cannot tell
        return False
    if within < CLICKS and repetition.across(spans) >= REPEATED:
        return False
    if within < PERIODIC or (lag * rate) % sp.sample_rate:
        return True  # (a period of no whole number of the old rate's samples fits no copies)
    # cells must stand over the file's own floor (``sp``'s), not the combed residue's
    combed = Spectra(repetition.without(spans, lag), sp.sample_rate, sp.n, bits, sp.floor)
    return _passes(combed, rate) is not None
