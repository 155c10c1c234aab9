"""Whose is a second pitch, for audiolint.analysis.harmony: the main voice's own echo (a pitch it
sang in the time before, ringing on in the room) or a voice that moves with the main one (a
harmony keeps its interval while the melody moves; an echo cannot)."""

from __future__ import annotations

import numpy as np

# The room's echo (for audiolint.analysis.harmony's second pitches): a second pitch the main
# voice sang in the seconds before, for the hold time of them (within the octaves; a sung note's
# echo drifts with its vibrato): (seconds, hold s, octaves). The comb's second pitch: a note held
# in the second before, or any pitch of the 0.2 s before (a gliding syllable's tail); the
# spectrum's, which finds a room's tail more often: any pitch of the second before.
COMB_ECHOES = ((1.0, 0.16, 0.05), (0.2, 0.0, 0.03))
SPECTRAL_ECHOES = ((1.0, 0.0, 0.04),)
# An echo is quieter than its source: a frame of the time before is one only where it was at most
# ECHO_SLACK_DB under the residue now. A partner who was the main voice while the lead paused goes
# on under the lead at its own level (1 dB over that frame, median), a room's tail 14 dB under it
# (tune half of benchmarks/backing_vocals.py: second speakers at -12 dB, solo voices in rooms)
ECHO_SLACK_DB = 3.0
# A second pitch that keeps its interval to a moving main pitch is no echo (COMOVING: reach in
# frames either side, least frames, main pitch span in octaves, largest share of it the interval
# spans; then seconds and octaves: not where the second pitches all replay the main track at one
# lag, as a steady glide's echo does). Speech falls in pitch over a phrase, so a harmony over it
# is often a pitch the voice spoke in the second before: tune half at -12 dB, a whole tone down
# 11 -> 12 of 14 flagged; move 0.02-0.04 and reach 2-5 give the same tune figures at -12 dB
COMOVING = (3, 3, 0.04, 0.5, 1.0, 0.025)


def echoes(
    second, pitch2, pitch, frame_s: float, seconds: float, hold_s: float, octaves: float, loud=None
):
    """The frames of ``second`` whose second pitch (``pitch2``) the main voice (``pitch``, NaN
    where unvoiced) sang, within ``octaves``, for ``hold_s`` (one frame at least) of the
    ``seconds`` before: its own earlier syllable or note ringing on in the room, the main pitch
    track followed with a lag. Judged frame by frame (frames ``frame_s`` apart). With ``loud``,
    (each frame's level, the least level a source of each frame's echo has), only frames at
    least that loud count as the source: an echo is quieter than what it repeats."""
    out = np.zeros_like(second)
    back = int(round(seconds / frame_s))
    hold = max(1, int(round(hold_s / frame_s)))
    idx = np.flatnonzero(second)
    if not len(idx) or back < 1:
        return out
    before = np.concatenate([np.full(back, np.nan), pitch])  # frame t's past: [t, t + back)
    if loud is not None:
        levels = np.concatenate([np.full(back, -np.inf), loud[0]])
    for chunk in np.array_split(idx, 1 + len(idx) // 4096):  # bounded memory on long files
        rows = chunk[:, None] + np.arange(back)[None, :]
        with np.errstate(invalid="ignore"):
            held = np.abs(np.log2(before[rows] / pitch2[chunk, None])) < octaves
        if loud is not None:
            held &= levels[rows] >= loud[1][chunk, None]
        out[chunk] = held.sum(axis=1) >= hold
    return out


def comoving(
    second,
    pitch2,
    pitch,
    frame_s: float,
    reach: int,
    least: int,
    move: float,
    share: float,
    seconds: float,
    octaves: float,
) -> np.ndarray:
    """The frames of ``second`` whose second pitch (``pitch2``) keeps its interval to the main
    pitch (``pitch``, NaN where unvoiced) while the main pitch moves: among the frames of
    ``second`` within ``reach`` frames either side (``least`` of them at least), the main pitch
    spans ``move`` octaves or more and the interval (in octaves) no more than ``share`` of that
    span. A room's echo holds the pitch sung before (or replays the main track late), so its
    interval changes as the main voice moves; a harmony, a double or a choir moving with the
    melody keeps it. But the echo of a steady glide keeps it too (the pitch change over the
    delay): frames whose second pitches all replay the main track at one lag of the ``seconds``
    before (within ``octaves``, frames ``frame_s`` apart) are not exempt."""
    width = 2 * reach + 1
    if len(second) < width:
        return np.zeros_like(second)

    def spans(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        padded = np.concatenate([np.full(reach, np.nan), values, np.full(reach, np.nan)])
        rows = np.lib.stride_tricks.sliding_window_view(padded, width)
        ok = np.isfinite(rows)
        top = np.where(ok, rows, -np.inf).max(axis=1)
        return top - np.where(ok, rows, np.inf).min(axis=1), ok.sum(axis=1)

    with np.errstate(invalid="ignore", divide="ignore"):
        interval, count = spans(np.where(second, np.log2(pitch2 / pitch), np.nan))
        main, _ = spans(np.where(second, np.log2(pitch), np.nan))
        out = second & (count >= least) & (main >= move) & (interval <= share * main)
        back = int(round(seconds / frame_s))
        if back >= 1 and out.any():
            out[np.flatnonzero(out)] = ~replays(second, pitch2, pitch, np.flatnonzero(out), reach,
                                                back, octaves)  # fmt: skip
    return out


def replays(second, pitch2, pitch, at: np.ndarray, reach: int, back: int, octaves: float):
    """Whether, for each frame of ``at``, the second pitches of ``second`` within ``reach``
    frames either side all lie (within ``octaves``) between the main pitch ``d`` and ``d + 1``
    frames earlier, for one lag ``d`` of 1 to ``back`` frames: the main track replayed late."""
    pad = reach + back + 1
    log_main = np.concatenate([np.full(pad, np.nan), np.log2(pitch), np.full(reach, np.nan)])
    log2nd = np.concatenate([np.full(pad, np.nan), np.log2(pitch2), np.full(reach, np.nan)])
    counted = np.concatenate([np.zeros(pad, bool), second, np.zeros(reach, bool)])
    lags = np.arange(1, back + 1)
    out = np.zeros(len(at), dtype=bool)
    for part in np.array_split(np.arange(len(at)), 1 + len(at) // 1024):  # bounded memory
        rows = (at[part] + pad)[:, None] + np.arange(-reach, reach + 1)[None, :]  # (n, width)
        a = log_main[rows[..., None] - lags]  # (n, width, back): d frames earlier
        b = log_main[rows[..., None] - lags - 1]
        x = log2nd[rows][..., None]
        with np.errstate(invalid="ignore"):
            near = (x >= np.fmin(a, b) - octaves) & (x <= np.fmax(a, b) + octaves)
        out[part] = (near | ~counted[rows][..., None]).all(axis=1).any(axis=1)
    return out


def clear_echoes(routes, main: np.ndarray, level: np.ndarray, heard: np.ndarray, frame_s: float):
    """Clear, in place, the frames of each route ``(frames, second pitches, echo tests, least
    level of an echo's source)`` whose second pitch is the main voice's (``main``, NaN where
    unvoiced) echo by any of its tests (:func:`echoes`, judged over the frames ``heard``, with
    ``level`` each frame's level), unless it moves with the main pitch (:func:`comoving`)."""
    past = main[heard]
    for frames, pitches, tests, least in routes:
        if not frames.any():  # nothing to clear
            continue
        moving = comoving(frames, pitches, main, frame_s, *COMOVING)
        source = level[heard], least[heard]
        for echo in tests:
            own = echoes(frames[heard], pitches[heard], past, frame_s, *echo, loud=source)
            frames[heard] &= ~own | moving[heard]
