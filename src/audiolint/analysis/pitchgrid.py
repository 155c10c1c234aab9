"""Where the loud pitched frames' pitch sits: on a semitone grid, and under a voice's range.

Read by the voice analyser (audiolint.analysis.voice) over its voiced frames within
``LOUD_BELOW_DB`` of the loud level; numpy only, no I/O.

``pitch_tuned`` asks whether the pitch sits on a scale: each pitch in semitones is a point on a
circle one semitone round, and ``pitch_tuned`` is the length of their mean (1: every frame on one
equal-tempered grid, whatever its tuning; 0: spread all round). ``tuned_notes`` counts the grid's
semitones that hold ``NOTE_SHARE`` of those frames or more, ``tuned_s`` their seconds. Instruments
play notes on a scale; a speaking voice glides through every pitch, and a singer's vibrato and
glides spread it too.

``low_pitch_ratio`` is the share of those frames whose pitch reads under ``LOW_HZ``, within half a
semitone of the lowest pitch the voice analyser searches (60 Hz): a period as long as it reads,
or longer. A bass line's or a piano's low notes, a kick drum's ring and a mains hum sit there; a
voice is pitched above it: real speech and singing read 0.04 at most on the tune half, and
espeak-ng's deepest voices (its lowest pitch setting, medians 66-76 Hz) and speech resynthesised
with its median pitch at 65-75 Hz, dry, in rooms or under noise, 0.31 at most
(benchmarks/no_voice.py's deep voices; benchmarks/no_voice_defaults.md).
"""

from __future__ import annotations

from typing import Any

import numpy as np

NOTE_SHARE = 0.04  # a semitone holding this share of the loud voiced frames is a note played
LOW_HZ = 60.0 * 2.0 ** (0.5 / 12.0)  # within half a semitone of voice.F0_MIN_HZ (61.7 Hz)
MIN_FRAMES = 10  # frames read before anything is said


def tuning(f0: np.ndarray, frame_s: float) -> dict[str, Any]:
    """``pitch_tuned``, ``tuned_notes``, ``tuned_s`` and ``low_pitch_ratio`` of these voiced
    frames' pitches (Hz; each ``frame_s`` seconds long); ``None`` under MIN_FRAMES frames."""
    out: dict[str, Any] = {"tuned_s": round(len(f0) * frame_s, 2)}
    if len(f0) < MIN_FRAMES:
        return out
    st = 12.0 * np.log2(f0.astype(np.float64) / 440.0)
    mean = np.exp(2j * np.pi * st).mean()
    # each frame's nearest semitone on the grid the mean points to, where it lies within a
    # quarter tone of it
    off = st - np.angle(mean) / (2.0 * np.pi)
    near = np.abs(off - np.round(off)) < 0.25
    counts = np.bincount(np.round(off[near] - off.min()).astype(np.int64))
    out["pitch_tuned"] = round(float(np.abs(mean)), 3)
    out["tuned_notes"] = int((counts >= NOTE_SHARE * len(st)).sum())
    out["low_pitch_ratio"] = round(float(np.mean(f0 < LOW_HZ)), 3)
    return out
