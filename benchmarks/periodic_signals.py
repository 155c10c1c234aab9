"""Waveforms that repeat exactly, never upsampled: which T002 findings they draw, and by what.

    python benchmarks/periodic_signals.py [--out /tmp/audiolint-periodic] [--jobs 2] [--src DIR]

``--src`` reads another tree's ``src`` (``git archive REV src | tar -x -C DIR``) for a before and
after.

A waveform that repeats exactly holds partials whose phases stay locked to each other: where
its period divides an old rate, they stand mirrored and folded about that rate's Nyquist
frequency just as an interpolator's images do. Session 26's review of the phase fit
(analysis/imagefit.py) made such signals read "upsampled"; this rebuilds a set of them at 44.1
and 48 kHz and prints, per family, how many draw T002 and by which reading: the phase fit
(``image_fit``), the magnitudes' fine structure (``image_corr``, analysis/imaging.py) or a
resampler's edge. Every finding here is a false alarm.

Families: naive (aliased) and band-limited sawtooths and naive squares at 75-1000 Hz, steady,
with a 5 Hz tremolo, or as notes dying every 0.25 s; one-sample clicks every 160-2400 samples
(jittered levels) and metronomes at 60-128 bpm over faint noise; chip-tune pulse waves; beeps
(band-limited square and sawtooth bursts); ALSA's recorded prompts (alsa-utils) over a 150 or
300 Hz buzz 14-28 dB under them, skipped when the prompts are missing. Generated here, seeded:
nothing to download.
"""

from __future__ import annotations

import argparse
import collections
import glob
import os
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else None
sys.path.insert(0, _SRC or str(Path(__file__).resolve().parents[1] / "src"))
import audiolint  # noqa: E402

ALSA = "/usr/share/sounds/alsa/*.wav"


def _saw_naive(sr, f0, n):
    return 2 * ((f0 * np.arange(n) / sr) % 1.0) - 1


def _square_naive(sr, f0, n):
    return np.where((f0 * np.arange(n) / sr) % 1.0 < 0.5, 1.0, -1.0)


def _saw_bl(sr, f0, n):
    t = np.arange(n) / sr
    x = sum(np.sin(2 * np.pi * k * f0 * t) / k for k in range(1, int(sr / 2 / f0) + 1))
    return x / np.abs(x).max()


def _tremolo(x, sr):
    return x * (1 - 0.6 * (0.5 + 0.5 * np.sin(2 * np.pi * 5 * np.arange(len(x)) / sr)))


def _dying(x, sr):
    return x * np.exp(-((np.arange(len(x)) / sr) % 0.25) / 0.08)


def signals(sr: int, rng) -> dict[str, np.ndarray]:
    """Every family's signals at ``sr``, 4 s each (speech rows: the prompts' length)."""
    n, out = 4 * sr, {}
    for f0 in (75, 110, 147, 150, 200, 220, 300, 441, 1000):
        for name, wave in (("saw", _saw_naive), ("square", _square_naive), ("blsaw", _saw_bl)):
            x = 0.4 * wave(sr, f0, n)
            out[f"{name}/steady_{f0}"] = x
            out[f"{name}/tremolo_{f0}"] = _tremolo(x, sr)
            out[f"{name}/dying_{f0}"] = _dying(x, sr)
    for period in (160, 441, 480, 882, 960, 1764, 2205, 2400):
        x = np.zeros(n)
        x[::period] = 0.5 * rng.uniform(0.3, 1, len(x[::period]))
        out[f"clicks/every_{period}"] = x
    for bpm in (60, 100, 120, 128):
        x = np.zeros(2 * n)
        x[:: int(round(sr * 60 / bpm))] = 0.5
        out[f"metronome/{bpm}bpm"] = x + 1e-3 * rng.standard_normal(len(x))
    for period in (80, 100, 147, 160, 200, 300):
        x, note = np.zeros(n), sr // 8
        for i in range(0, n - note, note):
            per = period * (1 + (i // note) % 2)  # alternate octaves
            x[i : i + note] = np.where(np.arange(note) % per < per // 4, 0.3, -0.3)
            x[i : i + note] *= np.exp(-np.arange(note) / (0.05 * sr))
        out[f"chip/pulse_{period}"] = x
    gate = ((np.arange(n) / sr) % 0.5 < 0.2).astype(float)
    for f0 in (400, 1000, 2000):
        out[f"beep/blsaw_{f0}"] = 0.4 * _saw_bl(sr, f0, n) * gate
        out[f"beep/square_{f0}"] = 0.3 * _square_naive(sr, f0, n) * gate
    prompts = sorted(glob.glob(ALSA))
    if prompts:
        import soxr

        voice = np.concatenate([sf.read(p, always_2d=True)[0].mean(axis=1) for p in prompts])
        voice = voice if sr == 48000 else soxr.resample(voice, 48000, sr, quality="VHQ")
        voice = 0.5 * voice / np.abs(voice).max()
        for f0 in (150, 300):
            for level in (0.02, 0.1):
                buzz = _saw_naive(sr, f0, len(voice))
                out[f"speech+buzz/{f0}_{level}"] = voice + level * buzz
                out[f"speech+buzz/{f0}_{level}_tremolo"] = voice + level * _tremolo(buzz, sr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="/tmp/audiolint-periodic")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--src", help="another tree's src folder (read before argparse runs)")
    args = ap.parse_args()
    rng, paths = np.random.default_rng(26), []
    for sr in (44100, 48000):
        for name, x in signals(sr, rng).items():
            path = Path(args.out) / f"{name}_{sr}.wav"
            path.parent.mkdir(parents=True, exist_ok=True)
            sf.write(path, np.round(np.clip(x, -1, 1) * 32767) / 32767, sr, subtype="PCM_16")
            paths.append(str(path))
    if not glob.glob(ALSA):
        print("skipped: speech over a buzz (ALSA's prompts are missing: Debian alsa-utils)")
    print(f"audiolint from {os.path.dirname(audiolint.__file__)}")
    report = audiolint.check(paths, jobs=args.jobs, cache_dir=None, select=("T002",))
    counts, files = collections.Counter(), collections.defaultdict(list)
    for fr in report.files:
        family = Path(fr.path).parent.name
        counts[(family, "files")] += 1
        if not any(f.rule == "T002" for f in fr.findings):
            continue
        fid = fr.fidelity or {}
        how = (
            "phase fit"
            if fid.get("image_fit") is not None
            else "fine structure"
            if fid.get("image_corr") is not None
            else "edge"
        )
        counts[(family, how)] += 1
        files[how].append(f"{family}/{Path(fr.path).name}: from {fid.get('upsampled_from')}")
    hows = ("phase fit", "fine structure", "edge")
    print(f"{'family':14s} {'files':>6s} " + " ".join(f"{h:>15s}" for h in hows))
    for family in sorted({f for f, _ in counts}):
        row = " ".join(f"{counts[(family, h)]:15d}" for h in hows)
        print(f"{family:14s} {counts[(family, 'files')]:6d} {row}")
    families = {f for f, _ in counts}
    sums = " ".join(f"{sum(counts[(f, h)] for f in families):15d}" for h in hows)
    print(f"{'all':14s} {sum(counts[(f, 'files')] for f in families):6d} {sums}")
    print("\nT002 by the phase fit (every one a false alarm):")
    for line in files["phase fit"] or ["  none"]:
        print(f"  {line}")


if __name__ == "__main__":
    main()
