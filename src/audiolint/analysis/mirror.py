"""The measurement the imaging search rests on: fine structure above an old Nyquist frequency
against its mirror under it (:mod:`audiolint.analysis.imaging` tells why that shows a crude
interpolator's images, and which rate it names).

:func:`frames_db` turns the loud spans :class:`audiolint.analysis.codecgrid.Excerpt` keeps into
half-overlapping frames' log power spectra, their frame-to-frame fine structure and each bin's
floor (:class:`Frames`); :func:`compare` correlates the fine structure of the cells above
``N = R / 2`` that stand clear of the floor with that of their mirror ``R - f`` under ``N`` (or,
``folded``, with the places under ``N`` that images folded back from above the file's Nyquist
frequency come from).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from audiolint.analysis.edge import quant_floor_db
from audiolint.analysis.frames import overlapping
from audiolint.analysis.quantile import median, percentile
from audiolint.analysis.spectrum import frame_size, to_db

ROOM_DB = 10.0  # a cell counts when it stands this far above the frames' floor
SMOOTH_HZ = 250.0  # the envelope removed from each frame's log spectrum, to leave its wobble


@dataclass(frozen=True)
class Frames:
    """Log power spectra (dB) of the loud spans' half-overlapping Hann-windowed frames, their
    fine structure (``wobble``: each row minus its running mean over ``SMOOTH_HZ``, then each
    bin's mean over the frames), the bins' frequencies, the samples' quantisation floor and
    each bin's floor (``floor``: the 10th percentile over the frames, its quiet frames)."""

    db: np.ndarray
    wobble: np.ndarray
    freqs: np.ndarray
    quant_db: float
    floor: np.ndarray


def frames_db(spans, sample_rate: int, bits: int = 16) -> Frames:
    """The :class:`Frames` of ``spans`` (``(position, samples)`` pairs), ``bits``-bit samples."""
    n = min(frame_size(sample_rate), 4096)
    window = np.hanning(n)
    win32, h = window.astype(np.float32), n // 2  # every half frame, as sliding_window_view[::h]
    rows = [overlapping(x, (len(x) - n) // h + 1, n, h) * win32 for _, x in spans if len(x) >= n]
    freqs = np.fft.rfftfreq(n, 1.0 / sample_rate)
    quant = quant_floor_db(float((window**2).sum()), bits)
    if not rows:
        empty = np.zeros((0, len(freqs)))
        return Frames(empty, empty, freqs, quant, np.zeros(len(freqs)))
    spec = np.fft.rfft(np.concatenate(rows), axis=1)
    db = to_db(spec.real**2 + spec.imag**2)
    wob = _wobble(db, max(3, int(SMOOTH_HZ / float(freqs[1])) | 1))
    # once per file, not in each compare(): a column's percentile depends on that column alone
    floor = percentile(db, 10, axis=0)
    # only what changes from frame to frame: a steady tone's partials (a ring, a chord) stand
    # mirrored about any multiple of their spacing, an image's wobble moves with its source
    return Frames(db, wob - wob.mean(axis=0), freqs, quant, floor)


def _wobble(db: np.ndarray, width: int) -> np.ndarray:
    """Each row minus its running mean over ``width`` bins (edges: the shorter window)."""
    c = np.cumsum(np.pad(db, ((0, 0), (1, 0))), axis=1)
    idx = np.arange(db.shape[1])
    lo, hi = np.maximum(idx - width // 2, 0), np.minimum(idx + width // 2 + 1, db.shape[1])
    return db - (c[:, hi] - c[:, lo]) / (hi - lo)


def compare(
    frames: Frames,
    sample_rate: int,
    rate: int,
    folded: bool = False,
    upto: float | None = None,
    since: float = 1.02,
) -> dict | None:
    """Fine structure above the Nyquist frequency ``N`` of ``rate`` against its mirror.

    ``frames`` is what :func:`frames_db` gives. The cells (frame, bin) from 1.02 N (or
    ``since`` N) up to ``rate`` (or 0.97 of the file's Nyquist frequency) that stand ``ROOM_DB``
    above the floor (each bin's quiet frames, or the samples' quantisation floor), and whose mirror
    ``rate - f`` does too, are compared: ``corr``, the correlation of their fine structure;
    ``image_db``, the median level of the image under its source (negative); ``cells``, how
    many. None when there is nothing to compare (no such cell, a rate too high). ``folded``: the
    multiple correlation with the band under ``N`` read at the folded images' sources too
    (:func:`_folded`), and the record says ``folded``.
    """
    db, wob, freqs = frames.db, frames.wobble, frames.freqs
    old, nyq = rate / 2, sample_rate / 2
    if len(db) < 4 or rate >= sample_rate or old >= 0.95 * nyq:
        return None
    step = float(freqs[1])
    hi = min(rate - 0.02 * old, 0.97 * nyq, (upto or 2.0) * old)
    above = np.flatnonzero((freqs >= since * old) & (freqs <= hi))
    if len(above) < 8:
        return None
    pos = (rate - freqs[above]) / step  # the mirror, in (fractional) bins
    i0 = np.floor(pos).astype(int)
    w = (pos - i0)[None, :]
    level_m = db[:, i0] * (1 - w) + db[:, i0 + 1] * w
    room = max(float(median(frames.floor[above])), frames.quant_db) + ROOM_DB
    source = db[:, above]
    ok = (source >= room) & (level_m >= room)
    cells = int(np.count_nonzero(ok))
    if cells < 3:
        return None
    if folded:
        corr = _folded(wob, ok, freqs[above] / step, sample_rate / step, rate / step)
    else:
        # the mirror's fine structure at the cells compared only (in the mask's order), read
        # by flat indices: the same values as wob[row, col] (2-d fancy indexing: 1.5x the time)
        row, col = np.divmod(np.flatnonzero(ok), ok.shape[1])  # np.nonzero(ok), in its order
        near, wc, flat = i0[col], w[0, col], wob.ravel()  # (wob: C-contiguous, frames_db's)
        at = row * wob.shape[1]
        mirror = flat[at + near] * (1 - wc) + flat[at + near + 1] * wc
        corr = float(np.corrcoef(flat[at + above[col]], mirror)[0, 1])
    if not np.isfinite(corr):
        return None
    image = float(median((source - level_m)[ok]))
    out = {"rate": rate, "corr": round(corr, 3), "image_db": round(image, 1), "cells": cells}
    return {**out, "folded": True} if folded else out


def _folded(wob: np.ndarray, ok: np.ndarray, above, sample_rate: float, rate: float) -> float:
    """The multiple correlation of the fine structure of the cells ``ok`` at bins ``above`` (in
    bins, as ``sample_rate`` and ``rate`` are) with that under ``N`` where the image at ``R - f``
    comes from, and where those at ``Fs - f`` and ``Fs + f`` that fold back onto them come from
    (a least-squares fit of the three)."""
    cols = []
    for u in (rate - above, sample_rate - above, sample_rate + above):
        r = np.mod(u, rate)
        pos = np.clip(np.minimum(r, rate - r), 0, wob.shape[1] - 2)
        i0 = np.floor(pos).astype(int)
        w = (pos - i0)[None, :]
        cols.append((wob[:, i0] * (1 - w) + wob[:, i0 + 1] * w)[ok])
    x, target = np.stack(cols, axis=1), wob[:, np.round(above).astype(int)][ok]
    fit = x @ np.linalg.lstsq(x, target, rcond=None)[0]
    return float(np.corrcoef(target, fit)[0, 1])
