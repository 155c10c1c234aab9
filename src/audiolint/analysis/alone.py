"""A second voice heard on its own in the main voice's pauses, for audiolint.analysis.harmony.

Under the main voice, a partner 12 dB down lies under what the comb leaves of the lead (see
audiolint.analysis.harmony); but where the lead pauses, the partner or a music bed plays on alone
and is then the main pitch itself: in benchmarks/backing_vocals.py's second speakers, the partner
alone fills a quarter of the voiced frames, and the second-pitch search counted 1-3 % of them.

A voiced frame counts here (``alone_voice_ratio``, its share of the voiced frames) when all of:

- it is quiet, ``QUIET_DB`` or more under the loud frames (the 95th percentile of the level), and
  so is every frame of its segment (a run of voiced frames whose pitch moves under ``JUMP``
  octave from one to the next): a singer's soft notes and a speaker's fading syllable are joined
  to their loud start; a partner who speaks in the lead's pause, or a bed's note, is not;
- no loud voiced frame in the ``ECHO_S`` seconds before it (or ``AHEAD_S`` after) had its pitch
  (within ``ECHO_OCTAVES``): a room's ring of an earlier syllable, or a soft onset of the next;
- what the comb at its own pitch leaves is at least ``MIN_RESIDUE_DB``, and the frames counted
  are not, in the median, a near-pure tone's (``MAX_TROUGH``): a steady tone under the voice (a
  whine, a test tone) is no voice, and the comb cancels it almost wholly where it sounds alone;
- its pitch holds from one frame to the next (``held``, as the second pitches' must);
- and, within ``CONFIRM_S`` seconds either side, the second-pitch search found that pitch (within
  ``CONFIRM_OCTAVES``) under the main voice: a bed's note or a partner's syllable that goes on
  under the lead. A soft voice, however quiet, is never found under itself. On the tune half of
  benchmarks/backing_vocals.py, quiet segments alone read up to 0.30 on solo speech (a deep
  speaker's soft, low syllables) and the music beds and second speakers 12 dB under a median 0.22
  to 0.30; confirmed, the solo voices read at most 0.08 while the mixes keep most of theirs.

Numpy only; a few array passes over the frames (no per-frame Python).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.quantile import median, percentile

QUIET_DB = 10.0
JUMP = 0.1
ECHO_S, AHEAD_S, ECHO_OCTAVES = 1.0, 0.1, 0.05
CONFIRM_S, CONFIRM_OCTAVES = 1.0, 0.06
# a steady tone (a whine, a test tone) is cancelled by the comb at its period to -45 dB; a voice or
# a played note keeps its own aperiodicity: the partners and beds of the tune half leave -6 to -23
# dB (median per mix), a 440 Hz sine 20 dB under the ALSA prompts -45 (tests/rules)
MIN_RESIDUE_DB = -30.0
# A pure tone's autocorrelation falls to -1 half a period on; a voice's or an instrument's partials
# above the first fill that trough in. Where the frames counted dip to MAX_TROUGH or lower in the
# median, the quiet source is a near-pure tone (a test tone, a whine), however much speech leaves
# in the comb's residue around it: none count. Tune half at -12 and -15 dB, per mix: beds and
# partners -0.45 to -0.82 (a soprano partner -0.94, lost), a 220-440 Hz sine 15-20 dB under the
# ALSA prompts -0.92 to -0.98
MAX_TROUGH = -0.9
HOLD_OCTAVES = 0.08  # a voice's pitch moves less than this from one frame to the next


def alone_frames(
    level: np.ndarray,
    voiced: np.ndarray,
    pitch: np.ndarray,
    res_db: np.ndarray,
    trough: np.ndarray,
    second: np.ndarray,
    pitch2: np.ndarray,
    frame_s: float,
) -> np.ndarray:
    """The ``voiced`` frames where a quieter second voice sounds on its own (see the module's
    docstring): ``level`` dB, main ``pitch`` Hz, ``res_db`` (what the comb at that pitch
    leaves, dB against the frame) and ``trough`` (the autocorrelation's lowest value within the
    period) per frame, ``second`` the frames where a second pitch ``pitch2`` was found under the
    main voice, frames ``frame_s`` seconds apart."""
    out = np.zeros(len(voiced), dtype=bool)
    if not voiced.any() or not second.any():
        return out
    loud = percentile(level, 95) - QUIET_DB
    # segments: runs of voiced frames, the pitch moving under JUMP octave from frame to frame;
    # each one's loudest frame (unvoiced frames make runs of their own, never quiet ones)
    steps = np.ones(len(voiced), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        steps[1:] = ~(voiced[1:] & voiced[:-1] & (np.abs(np.log2(pitch[1:] / pitch[:-1])) < JUMP))
    starts = np.flatnonzero(steps)
    top = np.maximum.reduceat(level, starts)
    quiet = voiced & (np.repeat(top, np.diff(np.append(starts, len(level)))) < loud)
    quiet &= res_db >= MIN_RESIDUE_DB
    if not quiet.any():
        return out
    source = voiced & (level >= loud)  # the loud frames an echo or a soft onset belongs to
    echo = _any_near(quiet, pitch, source, pitch, frame_s, ECHO_S, AHEAD_S, ECHO_OCTAVES)
    candidates = quiet & ~echo
    kept = held(candidates, pitch)
    out = kept & _any_near(kept, pitch, second, pitch2, frame_s, CONFIRM_S, CONFIRM_S,
                           CONFIRM_OCTAVES)  # fmt: skip
    if out.any() and median(trough[out]) < MAX_TROUGH:
        out[:] = False  # a near-pure tone (see MAX_TROUGH)
    return out


def _any_near(where, pitch, other, pitch2, frame_s, back_s, ahead_s, octaves) -> np.ndarray:
    """For each frame of ``where``: whether a frame of ``other`` from ``back_s`` seconds before it
    to ``ahead_s`` after (itself excluded) has its ``pitch2`` within ``octaves`` of its
    ``pitch``."""
    out = np.zeros(len(where), dtype=bool)
    idx = np.flatnonzero(where)
    if not len(idx):
        return out
    back, ahead = int(round(back_s / frame_s)), int(round(ahead_s / frame_s))
    offsets = np.concatenate([np.arange(-back, 0), np.arange(1, ahead + 1)])
    n = len(where)
    for first in range(0, len(idx), 4096):  # bounded memory on long files
        chunk = idx[first : first + 4096]
        at = chunk[:, None] + offsets[None, :]
        inside = (at >= 0) & (at < n)
        at = np.clip(at, 0, n - 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            close = np.abs(np.log2(pitch2[at] / pitch[chunk, None])) < octaves
        out[chunk] = (inside & other[at] & close).any(axis=1)
    return out


def held(found: np.ndarray, pitch: np.ndarray, octaves: float = HOLD_OCTAVES) -> np.ndarray:
    """The frames of ``found`` whose ``pitch`` the next frame of ``found`` or the one after holds
    (within ``octaves``; a frame may be lost between them), and those frames: a real voice's pitch
    moves smoothly, chance peaks of a residue jump."""
    out = np.zeros_like(found)
    for k in (1, 2):
        pair = found[:-k] & found[k:] & near(pitch[k:], pitch[:-k], octaves)
        out[:-k] |= pair
        out[k:] |= pair
    return out


def near(a: np.ndarray, b: np.ndarray, octaves: float = HOLD_OCTAVES) -> np.ndarray:
    """Where pitches ``a`` and ``b`` lie within ``octaves`` of each other."""
    return np.abs(np.log2(a / b)) < octaves
