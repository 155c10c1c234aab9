"""Real recorded solo singers for benchmarks/no_voice.py: S007 must flag none of them; and solo
instruments playing one note at a time, which it should flag.

The folder given as ``--singers`` (default /tmp/audiolint-singers) holds the recordings in
``SINGERS`` and ``INSTRUMENTS``; what is missing is skipped, and said. None is on PyPI or in a
Debian package (sdists of pitch trackers and singing-synthesis tools searched: libf0,
pesto-pitch, penn, torchcrepe, disvoice, pyroomacoustics, spleeter, musicnn, pysinsy hold none),
so they are copied by hand from two projects' git repositories (``git show COMMIT:PATH``):

* sms-tools (github.com/MTG/sms-tools, CC BY 4.0, from freesound.org's xserra pack 13038), its
  ``sounds/`` folder at commit 7d1d2c704336e0fec7ddcec75996dfbe53e35226, the last before
  19ebefd "Remove teaching material": ``singing-female.wav`` (one held note, then a step),
  ``soprano-E4.wav`` (a held E4, 1.2 s), ``vignesh.wav`` (Carnatic singing), ``carnatic.wav``
  (Carnatic singing); and the instruments: ``sax-phrase.wav`` (a saxophone's phrase, 9 s),
  ``flute-A4.wav``, ``trumpet-A4.wav``, ``violin-B3.wav`` (one note each), ``cello-phrase.wav``
  and ``oboe-A4.wav``;
* pyroomacoustics (github.com/LCAV/pyroomacoustics): ``examples/input_samples/singing_8000.wav``
  (a sung line at 8 kHz), saved as ``pra_singing_8000.wav``, and the vocal stems of the SiSec
  2011 development songs (Bearlin's "Roads" and "Ultimate NZ Tour"), saved as
  ``bearlin_vocals.wav`` and ``nz_vocals.wav`` (no longer in the repository's current tree).
  pyroomacoustics' MIT licence does not cover those stems: each ships with its own licence file
  (Bearlin's "Roads": copyrighted, use for scientific research allowed with credit, any other use
  prohibited; "The Ultimate NZ Tour": CC BY-NC-SA 3.0). They are read only to measure, never
  committed or shipped; ``benchmarks/no_voice_songs.py`` copies them with their licence files.

Also judged: benchmarks/backing_vocals.py's extra singers when its cache holds them
(vocadito_10, tune; vocadito_14 and audioflux's ``voice.wav``, held-out). Each singer and each
instrument is judged whole, in 5 s and 2 s pieces, under white noise 40 dB down and in
benchmarks/backing_vocals.py's five simulated rooms. Halves are fixed by singer and by
instrument: thresholds are drawn from the tune half only. With pyworld installed, each singer
(not the 8 kHz one) is also judged pitch-corrected (kind ``FLAT``): resynthesised by WORLD with
each run of frames on one semitone held at its median pitch, as a singer's notes held still by
pitch correction. A solo instrument plays one note at a time, held still, with its level moving
as a singer's does: what tells it from a pitch-corrected singer is its timbre, which S007 does
not judge (see no_voice_defaults.md).

Run on its own, it judges S009 (backing vocals) on the same singers, as recorded and
pitch-corrected: none of them has a second voice, so every case flagged is a false alarm.

    python benchmarks/no_voice_singers.py [--singers /tmp/audiolint-singers]
"""

from __future__ import annotations

import argparse
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
# file stem -> half: solo instruments, one note at a time (music: S007 should flag them)
INSTRUMENTS = {
    "sax-phrase": "tune",
    "flute-A4": "tune",
    "trumpet-A4": "tune",
    "violin-B3": "tune",
    "cello-phrase": "heldout",
    "oboe-A4": "heldout",
}
ROOMS = ((0.4, 1.0), (0.8, 0.5), (0.8, 1.0), (1.5, 0.5), (2.5, 1.0))  # backing_vocals.py's
PIECES_S = (5.0, 2.0)
KIND = "real singer"
FLAT = "pitch-corrected singer"
SOLO = "solo instrument"


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
    _judge_found(judge, measure, singers(folder, cache), KIND, "real singers")


def _judge_found(judge, measure, found: list[tuple[Path, str]], kind: str, what: str) -> None:
    """Judge each recording of ``found`` (path, half) that exists as ``kind``; say which are
    missing."""
    missing = [p.name for p, _ in found if not p.exists()]
    if missing:
        print(f"skipped ({what} not found): {', '.join(missing)}")
    for seed, (path, half) in enumerate(found):
        if path.exists():
            x, sr = load(path)
            _judge_cases(judge, measure, (half, kind, path.stem), x, sr, seed)


def _judge_cases(judge, measure, key: tuple[str, str, str], x, sr: int, seed: int) -> None:
    """Judge every case of ``x`` (see ``cases``), scaled to a 0.5 peak, as ``key`` (half, kind,
    name) says."""
    half, kind, name = key
    for label, y in cases(x, sr, seed):
        y = (0.5 * y / max(float(np.abs(y).max()), 1e-9))[:, None]
        judge(half, kind, f"{name} {label}", measure(y, sr))


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
        if len(y):
            _judge_cases(judge, measure, (half, FLAT, path.stem), y, sr, seed)


def judge_instruments(judge, measure, folder: Path) -> None:
    """Judge every solo instrument found (kind ``SOLO``, by half); say what is missing."""
    found = [(folder / f"{stem}.wav", half) for stem, half in INSTRUMENTS.items()]
    _judge_found(judge, measure, found, SOLO, "solo instruments")


def main(argv=None) -> int:
    """S009's false alarms on the real solo singers, by half and kind, each flagged case named
    with its second_voice_ratio (S009 judged as a check runs it, with the voice analyser's
    result for S007's gate: benchmarks/backing_vocals.py's ``measure``)."""
    from backing_vocals import measure
    from signal_rule import fires

    from audiolint.rules import backing_vocals as rule

    ap = argparse.ArgumentParser()
    ap.add_argument("--singers", type=Path, default=Path("/tmp/audiolint-singers"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/audiolint-backing-vocals"),
                    help="benchmarks/backing_vocals.py's cache (its extra singers)")  # fmt: skip
    args = ap.parse_args(argv)
    results: dict[tuple[str, str], list[tuple[bool, float | None, str]]] = {}

    def judge(half: str, kind: str, name: str, r: dict) -> None:
        results.setdefault((half, kind), []).append((fires(rule, r), r["second_voice_ratio"], name))

    judge_singers(judge, measure, args.singers, args.cache)
    judge_flattened(judge, measure, args.singers, args.cache)
    print(f"S009 on real solo singers (fires at second_voice_ratio >= {rule.DEFAULT['min_ratio']})")
    for (half, kind), got in sorted(results.items(), key=lambda kv: (kv[0][0] != "tune", kv[0])):
        flagged = [f"{name} {r:.3f}" for fired, r, name in got if fired]
        told = [r for _, r, _ in got if r is not None]
        top = f"max ratio {max(told):.3f}" if told else "no verdict"
        print(f"  {half:<8} {kind:<24} flagged {len(flagged)} of {len(got)} ({top})"
              + (f": {'; '.join(flagged)}" if flagged else ""))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
