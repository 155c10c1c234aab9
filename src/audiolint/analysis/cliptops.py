"""Clipped tops: is the waveform around each run at full scale flat, or a rounded peak?

A lossy decoder rebuilds a peak-normalised source's loudest peaks a fraction of a dB over full
scale (the codec's overshoot), so its decode holds runs at the ceiling although nothing was
clipped; a source clipped before encoding comes out with its flat tops still flat (with the
codec's ripple on them). The two differ in shape, not in height: around its top, any rounded
peak is a parabola ``P - c t**2``, whose width above a level ``P - d`` is ``2 sqrt(d / c)`` and
whose slope at that level is ``2 sqrt(c d)``, so that width times that slope is ``4 d`` whatever
its curvature. A flat top is wider than its slopes say: a sine clipped 1 dB under its peak is
twice as wide, 6 dB under it four to ten times.

Each *top* is a stretch of one channel where the wave (either sign) stays at or above
``TOP_LEVEL`` (about 0.9 dB under full scale) and that holds a run of ``MIN_RUN`` or more samples
at the ceiling. Its *width ratio* is its width (samples, with the fractional crossings) times the
mean slope at its two crossings (per sample) over ``4 (P - TOP_LEVEL)``, ``P`` its highest sample:
about 1 for a rounded peak, more for a flat one. A top counts as flat at ``FLAT_RATIO`` or more.
Decoded peak-normalised speech and music (Vorbis, MP3, AAC) read 0.96-1.18 at the tops that
overshoot, with one source's 2.6 (benchmarks/clip_tops.py, tune half); clipped sources 1.5 and
more at most of their tops.

Where the file's samples take fewer than ``MIN_LEVELS`` distinct values from half the tops'
edge up (a quiet recording normalised up, its values hundreds of LSB apart), or lie on a grid
``COARSE_STEPS`` or more apart (an 8-bit file turned up into 16 bits), no top is flat: one value
held for a few samples at such a crest is its rounding. ``flat_runs`` (in
``"signal"`` as ``clipped_flat_runs``) counts the ceiling runs inside flat tops. A top
``CONTEXT // 2`` samples long or longer is flat whatever its slopes (a top longer than
``CONTEXT`` is cut where a block's carry begins).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.frames import runs
from audiolint.analysis.quantile import median

TOP_LEVEL = 0.89  # a top: the wave at or above this (about 1 dB under full scale)
FLAT_RATIO = 1.5  # a top this many times as wide as a rounded peak with its slopes is flat
CONTEXT = 4096  # samples carried from one block to the next
# tops whose wave takes fewer distinct values than this from half their edge up are too coarse
# to read: review 40's drum hit made 16-bit at -54 dBFS and normalised up (96 levels in all,
# about 27 there) read as flat tops at its peak, as did review 39's -90 dBFS fixture (3 values)
MIN_LEVELS = 64
REPEATS = 4  # ...each value held by this many samples on average: a coarse grid, not few samples
# ...or that lie on a grid this many 16-bit steps apart or more (the median step between them),
# GRID_SHARE of them within GRID_SLACK steps of it: an 8-bit file turned up or its channels
# averaged into 16 bits (review 58b: MegaGlest lines, 73-92 values on a grid 121-161 steps apart
# read "clipped, or before it was turned down" at their own peak). A 16-bit wave's values pass
# every step or two; a clipped sine's flanks stand 27-32 steps apart, off any grid
COARSE_STEPS, GRID_SHARE, GRID_SLACK = 32, 0.9, 1.5


def shapes(
    v: np.ndarray, level: float, min_run: int, lo: int, closed: bool, top: float = TOP_LEVEL
) -> tuple[np.ndarray, ...]:
    """The tops of one channel's wave ``v`` (one sign: the tops are its highs) that stand at or
    above ``top`` and hold a run of ``min_run`` samples or more at ``level`` or above, counting
    those that end at or after index ``lo``; a top still open at the end of ``v`` counts only
    when ``closed`` (the file ends there). Per top: (highest sample, ceiling runs, samples in
    them, start of its first run, whether it is flat, and its largest step into a run and out
    of one, each over its mean slope where it crosses ``top``: a wave cut off arrives and
    leaves at speed, one that levels off smoothly steps in by a sample's rounding)."""
    t_starts, t_ends = runs(v >= top)
    c_starts, c_ends = runs(v >= level)
    keep = c_ends - c_starts >= min_run
    c_starts, c_ends = c_starts[keep], c_ends[keep]
    none = np.zeros(0)
    if not len(c_starts) or not len(t_starts):
        return none, none, none, none, none.astype(bool), none, none
    done = (t_ends >= lo) & ((t_ends < len(v)) | closed)
    # the top holding each ceiling run (a ceiling run lies inside one top: level > top)
    owner = np.searchsorted(t_starts, c_starts, side="right") - 1
    counts = np.bincount(owner, minlength=len(t_starts))
    lengths = np.bincount(owner, weights=c_ends - c_starts, minlength=len(t_starts))
    firsts = np.full(len(t_starts), -1)
    firsts[owner[::-1]] = c_starts[::-1]  # each top's first run
    into = np.where(c_starts > 0, v[c_starts] - v[np.maximum(c_starts - 1, 0)], 0.0)
    out = np.where(c_ends < len(v), v[c_ends - 1] - v[np.minimum(c_ends, len(v) - 1)], 0.0)
    steps_in, steps_out = np.zeros(len(t_starts)), np.zeros(len(t_starts))
    np.maximum.at(steps_in, owner, into)
    np.maximum.at(steps_out, owner, out)
    pick = np.flatnonzero(done & (counts > 0))
    if not len(pick):
        return none, none, none, none, none.astype(bool), none, none
    a, b = t_starts[pick], t_ends[pick]
    edges = np.ravel(np.column_stack([a, b]))
    peak = np.maximum.reduceat(np.append(v, -np.inf), edges)[::2]  # each top's highest sample
    width = (b - a).astype(np.float64)
    slopes = np.zeros(len(pick))
    sides = np.zeros(len(pick))
    for edge, inner, outer in ((a > 0, a, a - 1), (b < len(v), b - 1, b)):
        i, o = np.where(edge, inner, 0), np.where(edge, outer, 0)
        rise = np.where(edge, v[i] - v[o], 0.0)
        ok = rise > 0.0
        width += np.where(ok, (v[i] - top) / np.where(ok, rise, 1.0), 0.0)
        slopes += np.where(ok, rise, 0.0)
        sides += ok
    drop = np.maximum(peak - top, 1e-9)
    ratio = width * slopes / np.maximum(sides, 1.0) / (4.0 * drop)
    flat = (ratio >= FLAT_RATIO) | (b - a >= CONTEXT // 2)  # 46 ms and more at 44.1 kHz
    slope = np.maximum(slopes / np.maximum(sides, 1.0), 1e-9)
    return (
        peak,
        counts[pick],
        lengths[pick],
        firsts[pick],
        flat,
        steps_in[pick] / slope,
        (steps_out[pick] / slope),
    )


class Levels:
    """The distinct values a file's samples take near its top, either sign, file-wide (up to
    ``CAP`` of them), so that :meth:`coarse` does not depend on how the file was cut into
    blocks (a negative value's magnitude may sit a rounding off the positive one's)."""

    CAP = 4096  # more distinct values than this: no coarse grid (16-bit audio takes thousands)

    def __init__(self) -> None:
        self.seen: dict[float, int] = {}  # value -> samples at it
        self.full = False

    def add(self, block: np.ndarray, floor: float) -> None:
        """Count the values of ``block`` (all channels) at or beyond ``floor`` either way."""
        if self.full:
            return
        values, counts = np.unique(block[np.abs(block) >= floor], return_counts=True)
        for value, count in zip(values.tolist(), counts.tolist(), strict=True):
            self.seen[value] = self.seen.get(value, 0) + count
        if len(self.seen) > self.CAP:
            self.full, self.seen = True, {}

    def coarse(self, top: float) -> bool:
        """Whether the samples take too few distinct values from half of ``top`` up to read a
        top's shape: fewer than ``MIN_LEVELS``, or on a coarse grid, each held by ``REPEATS``
        samples or more on average. A 16-bit wave's tops and slopes pass hundreds of values and
        more (a struck bell's three clipped tops over its decay; a 0.33 s tabla stroke's few
        samples up there are each a value of their own); a quiet recording normalised up (its
        values hundreds of LSB apart) keeps a few dozen, a wave a few levels dithered (a -90
        dBFS fixture brought to full scale) a handful, an 8-bit file turned up into 16 bits
        its grid."""
        if self.full:
            return False
        sides = ([(v, c) for v, c in self.seen.items() if sign * v >= top / 2] for sign in (1, -1))
        held = [side for side in sides if side]  # each sign's values (a rounding apart)
        return bool(held) and all(
            self._sparse(values) and sum(counts for _, counts in values) >= REPEATS * len(values)
            for values in held
        )

    @staticmethod
    def _sparse(values: list[tuple[float, int]]) -> bool:
        """Whether one sign's values near the top are few (``MIN_LEVELS``) or lie on a coarse
        grid (``COARSE_STEPS``, ``GRID_SHARE``, ``GRID_SLACK``)."""
        if len(values) < MIN_LEVELS:
            return True
        steps = np.sort(np.abs([v for v, _ in values])) * 32768.0  # in 16-bit steps
        step = float(median(np.diff(steps)))  # (not np.median: it loads numpy.ma)
        if step < COARSE_STEPS:
            return False
        # the grid's exact step (a gain leaves it fractional: 160.25): the span over its steps
        step = float(steps[-1] - steps[0]) / max(1, round((steps[-1] - steps[0]) / step))
        # each value's place on a grid of that step, from the grid's phase (their circular mean)
        turns = 2.0 * np.pi * steps / step
        phase = np.angle(np.exp(1j * turns).mean())
        off = np.abs(np.angle(np.exp(1j * (turns - phase)))) * step / (2.0 * np.pi)
        return float(np.mean(off <= GRID_SLACK)) >= GRID_SHARE


def flat_runs(v: np.ndarray, level: float, min_run: int, lo: int, closed: bool) -> int:
    """Ceiling runs (``min_run`` samples or more at ``level`` or above) inside flat tops of one
    channel's wave ``v`` (one sign), counting the tops :func:`shapes` counts."""
    found = shapes(v, level, min_run, lo, closed)
    counts, flat = found[1], found[4]
    return int(counts[flat].sum())


class Tops:
    """Counts the ceiling runs inside flat tops, block by block (each top once)."""

    def __init__(self, channels: int, level: float, min_run: int, levels: Levels):
        self.level, self.min_run = level, min_run
        self.carry = np.zeros((0, channels), np.float32)
        self.count = 0
        self.levels = levels  # fed by its owner (PeakTops, from under half TOP_LEVEL up)

    def _scan(self, data: np.ndarray, lo: int, closed: bool) -> None:
        for ch in range(data.shape[1]):
            wave = data[:, ch].astype(np.float64)
            for v in (wave, -wave):
                self.count += flat_runs(v, self.level, self.min_run, lo, closed)

    def update(self, block: np.ndarray, any_top: bool) -> None:
        """Consume the next block (``any_top``: a sample of it reaches the ceiling)."""
        data = np.concatenate([self.carry, block]) if len(self.carry) else block
        if any_top or len(self.carry):
            # tops ending in the carry were counted with the last block
            self._scan(data, len(self.carry), False)
        open_top = len(data) and bool((np.abs(data[-1]) >= TOP_LEVEL).any())
        self.carry = data[-CONTEXT:] if open_top else data[:0]  # a top may go on

    def result(self) -> int:
        """The count, with the tops still open at the end of the file."""
        if len(self.carry):
            self._scan(self.carry, len(self.carry), True)
            self.carry = self.carry[:0]
        return 0 if self.levels.coarse(TOP_LEVEL) else self.count  # too coarse: none flat
