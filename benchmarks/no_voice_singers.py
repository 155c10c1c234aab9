"""Real recorded solo singers for benchmarks/no_voice.py: S007 must flag none of them.

The folder given as ``--singers`` (default /tmp/audiolint-singers) holds the recordings in
``SINGERS``; what is missing is skipped, and said. None is on PyPI or in a Debian package (sdists
of pitch trackers and singing-synthesis tools searched: libf0, pesto-pitch, penn, torchcrepe,
disvoice, pyroomacoustics, spleeter, musicnn, pysinsy hold none), so they are copied by hand from
two projects' repositories:

* sms-tools' sounds folder as it was before the project dropped its teaching material (CC BY
  4.0, from freesound.org's xserra pack 13038): ``singing-female.wav`` (one held note, then a
  step), ``soprano-E4.wav`` (a held E4, 1.2 s), ``vignesh.wav`` (Carnatic singing),
  ``carnatic.wav`` (Carnatic singing);
* pyroomacoustics' examples: ``singing_8000.wav`` (a sung line at 8 kHz), saved as
  ``pra_singing_8000.wav``, and the vocal stems of the SiSec 2011 development songs (Bearlin's
  "Roads" and "Ultimate NZ Tour"), saved as ``bearlin_vocals.wav`` and ``nz_vocals.wav``.

Also judged: benchmarks/backing_vocals.py's extra singers when its cache holds them
(vocadito_10, tune; vocadito_14 and audioflux's ``voice.wav``, held-out). Each singer is judged
whole, in 5 s and 2 s pieces, under white noise 40 dB down and in benchmarks/backing_vocals.py's
five simulated rooms. Halves are fixed by singer: thresholds are drawn from the tune half only.
With pyworld installed, each singer (not the 8 kHz one) is also judged pitch-corrected (kind
``FLAT``): resynthesised by WORLD with each run of frames on one semitone held at its median
pitch, as a singer's notes held still by pitch correction.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from voice_mixes import EXTRA_SINGERS, load, reverberant

# file stem -> half
SINGERS = {
    "singing-female": "tune",
    "soprano-E4": "tune",
    "pra_singing_8000": "tune",
    "bearlin_vocals": "tune",
    "vignesh": "heldout",
    "carnatic": "heldout",
    "nz_vocals": "heldout",
}
ROOMS = ((0.4, 1.0), (0.8, 0.5), (0.8, 1.0), (1.5, 0.5), (2.5, 1.0))  # backing_vocals.py's
PIECES_S = (5.0, 2.0)
KIND = "real singer"
FLAT = "pitch-corrected singer"


def cases(x: np.ndarray, sr: int, seed: int):
    """(label, samples): the whole clip, its 5 s and 2 s pieces, under noise, in rooms."""
    yield "whole", x
    for piece in PIECES_S:
        n = int(piece * sr)
        for i in range(0, max(1, len(x) - n // 2), n):
            yield f"{piece:g} s piece {i // n}", x[i : i + n]
    rng = np.random.default_rng(seed)
    yield "noise -40 dB", x + rng.standard_normal(len(x)) * 0.01 * np.abs(x).max()
    for rt60, wet in ROOMS:
        yield f"room {rt60:g} s/{wet:g}", reverberant(x, sr, rt60, wet, seed)


def singers(folder: Path, cache: Path) -> list[tuple[Path, str]]:
    """(path, half) of every singer, found or not."""
    found = [(folder / f"{stem}.wav", half) for stem, half in SINGERS.items()]
    return found + [(cache / f"{name}.wav", half) for name, *_, half in EXTRA_SINGERS]


def judge_singers(judge, measure, folder: Path, cache: Path) -> None:
    """Judge every singer found (kind ``KIND``, by half); say what is missing."""
    found = singers(folder, cache)
    missing = [p.name for p, _ in found if not p.exists()]
    if missing:
        print(f"skipped (real singers not found): {', '.join(missing)}")
    for seed, (path, half) in enumerate(found):
        if not path.exists():
            continue
        x, sr = load(path)
        for label, y in cases(x, sr, seed):
            y = (0.5 * y / max(float(np.abs(y).max()), 1e-9))[:, None]
            judge(half, KIND, f"{path.stem} {label}", measure(y, sr))


def flattened(x: np.ndarray, sr: int) -> np.ndarray | None:
    """``x`` with each run of voiced frames on one semitone held at its median pitch (WORLD),
    or ``None`` without pyworld."""
    try:
        import pyworld
    except ImportError:
        return None
    x = np.ascontiguousarray(x, dtype=np.float64)
    f0, t = pyworld.harvest(x, sr)
    sp, ap = pyworld.cheaptrick(x, f0, t, sr), pyworld.d4c(x, f0, t, sr)
    note = np.where(f0 > 0, np.round(12 * np.log2(np.maximum(f0, 1.0) / 440.0)), np.nan)
    held, i = f0.copy(), 0
    while i < len(f0):
        j = i + 1
        while f0[i] > 0 and j < len(f0) and note[j] == note[i]:
            j += 1
        if f0[i] > 0:
            held[i:j] = np.median(f0[i:j])
        i = j
    return pyworld.synthesize(held, sp, ap, sr)


def judge_flattened(judge, measure, folder: Path, cache: Path) -> None:
    """Judge every singer found (not under 16 kHz), pitch-corrected (kind ``FLAT``)."""
    found = singers(folder, cache)
    for seed, (path, half) in enumerate(found):
        if not path.exists():
            continue
        x, sr = load(path)
        y = flattened(x, sr) if sr >= 16000 else x[:0]
        if y is None:
            print("skipped: pitch-corrected singers (no pyworld)")
            return
        for label, z in cases(y, sr, seed) if len(y) else ():
            z = (0.5 * z / max(float(np.abs(z).max()), 1e-9))[:, None]
            judge(half, FLAT, f"{path.stem} {label}", measure(z, sr))
