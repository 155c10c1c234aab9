"""Repeated hits: how closely each onset's spectrum is matched by another onset's nearby.

Music repeats itself: a drum kit strikes the same few drums bar after bar, a loop plays the same
notes through the same sound, so an onset's spectral shape is matched almost exactly by another
onset's within a few seconds. Speech does not: each syllable starts with its own consonant into
its own vowel, so even the nearest match stays several dB away.

The voice analyser hands each block's frame levels and band levels (dB, ``SHAPE_BANDS`` bands)
to an :class:`Onsets`, which keeps the band levels of every frame the level rises into by
``RISE_DB`` or more and of the frame after it (24 numbers per onset, no samples). At the end,
:func:`repeat_db` reads the onsets the voice analyser counts as loud (within 15 dB of the file's
loud level: a quiet music bed's hits between a speaker's phrases are not the file's sound):
each onset's shape (the two frames' band levels, floored ``FLOOR_DB`` under the loud frame
level so that silence has none, less each frame's mean) against
every other onset's from ``MIN_APART`` to ``MAX_APART`` frames away, the nearest by mean absolute
difference. ``onset_repeat_db`` is the median of those nearest differences (``None`` under
``MIN_ONSETS`` onsets with another in reach); ``repeat_onsets`` how many it is read over.

Whether the hits die at once is read here too (:func:`hits`, over the voice analyser's frame
levels): ``onsets`` and ``hit_decay`` (see analysis/voice.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolint.analysis.quantile import median

RISE_DB = 6.0  # the level rising this much into a frame makes it an onset
FLOOR_DB = 60.0  # band levels floored this far under the loud level (silence has no shape)
MIN_APART, MAX_APART = 10, 100  # 0.4-4 s of 40 ms frames: the next beat or bar, not the same hit
MAX_NEXT = 40  # onsets looked ahead (and so behind) for a match
MIN_ONSETS = 10
# a hit: the level rises HIT_RISE_DB or more into a sounding frame; it dies at once when it then
# falls HIT_FALL_DB or more in each of the next HIT_FRAMES frames (a drum's or a pluck's decay)
HIT_RISE_DB, HIT_FALL_DB, HIT_FRAMES = 6.0, 1.5, 3


class Onsets:
    """Band levels at the onsets of a stream of frames (two frames each)."""

    def __init__(self) -> None:
        self.frames = 0
        self.last_level = np.inf  # no onset in the first frame
        self.pending: np.ndarray | None = None  # an onset whose next frame is in the next block
        self.at: list[int] = []
        self.shapes: list[np.ndarray] = []

    def add(self, level: np.ndarray, bands: np.ndarray) -> None:
        """Consume a block's frame levels (dB) and band levels (frames x bands, dB)."""
        if self.pending is not None and len(level):
            self.shapes.append(np.concatenate([self.pending, bands[0]]).astype(np.float32))
            self.pending = None
        at = np.flatnonzero(np.diff(level, prepend=self.last_level) >= RISE_DB)
        self.at.extend((self.frames + at).tolist())
        whole = at[at + 1 < len(level)]  # the onsets whose next frame is in this block
        self.shapes.extend(
            np.concatenate([bands[whole], bands[whole + 1]], axis=1).astype(np.float32)
        )
        if len(at) > len(whole):
            self.pending = bands[at[-1]]
        self.frames += len(level)
        if len(level):
            self.last_level = float(level[-1])

    def result(self, level: np.ndarray, least: float, loud: float) -> dict[str, Any]:
        """``onset_repeat_db`` and ``repeat_onsets`` over the onsets at ``least`` dB or more
        (``level``: every frame's level, dB; ``loud``: the file's loud level)."""
        if len(self.shapes) < MIN_ONSETS:
            return {"onset_repeat_db": None, "repeat_onsets": 0}
        at = np.asarray(self.at[: len(self.shapes)], dtype=np.int64)
        keep = level[at] >= least
        return repeat_db(at[keep], np.asarray(self.shapes, dtype=np.float64)[keep], loud)


def repeat_db(at: np.ndarray, shapes: np.ndarray, loud: float) -> dict[str, Any]:
    """The median nearest-match difference (dB) of onsets at frames ``at`` with band levels
    ``shapes`` (onsets x 2 frames' bands), and how many onsets had a match in reach."""
    out: dict[str, Any] = {"onset_repeat_db": None, "repeat_onsets": 0}
    if len(at) < MIN_ONSETS:
        return out
    half = shapes.shape[1] // 2
    floored = np.maximum(shapes, loud - FLOOR_DB)
    first, second = floored[:, :half], floored[:, half:]
    shape = np.concatenate(
        [first - first.mean(axis=1, keepdims=True), second - second.mean(axis=1, keepdims=True)],
        axis=1,
    )
    nearest = np.full(len(at), np.inf)
    for k in range(1, min(MAX_NEXT, len(at))):
        apart = at[k:] - at[:-k]
        diff = np.abs(shape[k:] - shape[:-k]).mean(axis=1)
        diff[(apart < MIN_APART) | (apart > MAX_APART)] = np.inf
        nearest[k:] = np.minimum(nearest[k:], diff)
        nearest[:-k] = np.minimum(nearest[:-k], diff)
    told = nearest[np.isfinite(nearest)]
    out["repeat_onsets"] = int(len(told))
    if len(told) >= MIN_ONSETS:
        out["onset_repeat_db"] = round(float(median(told)), 2)
    return out


def hits(level: np.ndarray, sounding: np.ndarray, min_onsets: int) -> dict[str, Any]:
    """``onsets`` (frames the level rises HIT_RISE_DB or more into, sounding, with HIT_FRAMES
    frames after them) and ``hit_decay``, the share of them after which it falls HIT_FALL_DB or
    more in each of the next HIT_FRAMES frames (``None`` under ``min_onsets`` onsets)."""
    end = len(level) - HIT_FRAMES
    if end < 2:
        return {"onsets": 0}
    onset = sounding[1:end] & (level[1:end] - level[: end - 1] >= HIT_RISE_DB)
    falls = level[1:] - level[:-1] <= -HIT_FALL_DB
    dies = onset.copy()
    for k in range(HIT_FRAMES):
        dies &= falls[1 + k : end + k]
    n = int(onset.sum())
    return {"onsets": n, "hit_decay": round(float(dies.sum()) / n, 3) if n >= min_onsets else None}
