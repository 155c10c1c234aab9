"""What fills the pauses: the share of the pause frames that carry a pitch, for the voice analyser.

S005 reads a level in the voice's pauses (audiolint.analysis.noise) and calls it background
noise. Hiss, room tone and rumble carry no pitch; a music bed, a mains hum or buzz, or a second
voice heard between the speaker's phrases does. This module tells the two apart from what the
voice analyser already keeps per 40 ms frame (level, and whether the frame is voiced).

A *pause* is a run of at least ``MIN_PAUSE_FRAMES`` (200 ms) frames that all lie at least
``CONTRAST_DB`` under the loud frames (the 95th percentile of the level), as the noise floor's
pauses do, and above digital silence; its first frame is left out (the end of a syllable rings
into it). A pause frame is *pitched* when it is voiced and so is a neighbour (pitched for 80 ms
or more: narrow noise reads pitched in lone frames). ``pause_pitched_ratio`` is the pitched share
of the pause frames, ``None`` under ``MIN_PAUSE_FRAMES`` of them.

The line S005 draws (0.3) was chosen on the tune half of benchmarks/pause_pitch.py before the
held-out half was read. Where S005 fires, white, pink and brown noise 35 dB under real speech read
under it in 0 of 138 mixes (both halves, in rooms or not), a 60-120 Hz hum or buzz over it in 50 of
67 (a 50 Hz hum is under the 60 Hz pitch search), tonal music beds 12-20 dB under the speech over
it in 120 of 129 and drum loops, a drum roll and percussion in 23 of 129 (a drum carries no held
pitch; the roll's ring reads pitched in 8 of 11).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.frames import runs
from audiolint.analysis.noise import MIN_CONTRAST_DB as CONTRAST_DB  # S005's pauses, as read
from audiolint.analysis.noise import STEADY_MATCH_DB, steady_frames
from audiolint.analysis.quantile import median

MIN_PAUSE_FRAMES = 5  # 200 ms of the voice analyser's 40 ms frames, as the noise floor's pauses
STEADY_WINDOW = 5  # 200 ms of them, as the noise floor's steady stretches
# a held note of the file's own sound stands this near its loud frames (review 40's singer and
# csound's flute: 7.8-9.3 dB under; a machine's tone under speech 12.5-14.1, music beds 12.3+)
NOTE_NEAR_DB = 11.0
SILENT_DB = -100.0


def pause_pitched_ratio(level: np.ndarray, voiced: np.ndarray, loud: float) -> float | None:
    """The pitched share of the pause frames (``level`` in dB per frame, ``voiced`` per frame,
    ``loud`` the loud frames' level), or ``None`` when the pauses hold too few frames."""
    quiet = (level <= loud - CONTRAST_DB) & (level > SILENT_DB)
    start, stop = runs(quiet)
    keep = stop - start >= MIN_PAUSE_FRAMES
    # +1 where a pause's frames begin (its first frame left out), -1 after its end; the runs are
    # apart and at least MIN_PAUSE_FRAMES long, so no index repeats
    edges = np.zeros(len(level) + 1, np.int64)
    edges[start[keep] + 1] += 1
    edges[stop[keep]] -= 1
    pause = np.cumsum(edges[:-1]) > 0
    n = int(pause.sum())
    if n < MIN_PAUSE_FRAMES:
        return None
    return round(float((_pitched(voiced) & pause).sum()) / n, 3)


def steady_notes_ratio(level: np.ndarray, voiced: np.ndarray, loud: float) -> float | None:
    """The share of the frames in the quietest steady stretches that are held notes: pitched
    (with a pitched neighbour) and within ``NOTE_NEAR_DB`` of the loud frames (``loud``). The
    stretches are 200 ms within 2.5 dB, 6 dB or more under the loud frames, those within
    ``STEADY_MATCH_DB`` of the quietest one's median level: where S005 reads a floor when noise
    fills the pauses. ``None`` when they hold fewer than ``MIN_PAUSE_FRAMES`` frames.

    A singer's held notes (review 40: 7.8-9.3 dB under the loud frames) and a flute's are such
    stretches, pitched; hiss filling a speaker's pauses is not pitched, and a machine's steady
    tone under a speaker (pyAudioAnalysis's recording1: 12.5-14.1 dB under) is not the file's
    own sound: neither counts."""
    start, stop = runs(steady_frames(level, STEADY_WINDOW))
    if not len(start):
        return None
    medians = np.array([float(median(level[a:b])) for a, b in zip(start, stop, strict=True)])
    keep = medians <= medians.min() + STEADY_MATCH_DB
    held = np.zeros(len(level), bool)
    for a, b in zip(start[keep], stop[keep], strict=True):
        held[a:b] = True
    n = int(held.sum())
    if n < MIN_PAUSE_FRAMES:
        return None
    notes = _pitched(voiced) & held & (level >= loud - NOTE_NEAR_DB)
    return round(float(notes.sum()) / n, 3)


def _pitched(voiced: np.ndarray) -> np.ndarray:
    """Voiced frames with a voiced neighbour: pitched for 80 ms or more."""
    near = np.zeros_like(voiced)
    near[1:] |= voiced[:-1]
    near[:-1] |= voiced[1:]
    return voiced & near
