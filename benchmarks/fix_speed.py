"""Speed of ``audiolint fix`` (issue 16): times real time per core on 44.1 kHz stereo speech.

    python benchmarks/fix_speed.py               # 40 clips of 8-12 s (generated once, reused)
    python benchmarks/fix_speed.py --files 100

The clips are voice-like (harmonics on a wandering pitch, syllables and pauses, a little
noise), 44.1 kHz stereo 16-bit WAV with edge silence and a DC offset, so every step of the fix
runs: check, DC removal, mono mix, trim, loudness, resample to 40 kHz, dither, FLAC. The whole
``audiolint.fix`` call (its check included) runs with one worker process; the figure is audio
seconds per CPU second of the parent and its workers (``getrusage``), so other load on the
machine slows the wall clock more than the figure (each is the best of ``--repeat`` runs). The
full check and fix's own, leaner check (no rules whose measurements fix does not use) are timed
the same way, to show how the time splits. Target: at least 50x real time per core.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

import audiolint
from audiolint import fixer
from audiolint.config import Config

SR = 44100


def _clip(i: int) -> np.ndarray:
    """A stereo voice-like clip of its own (no two alike, so no duplicates), with 1 s of
    silence at each end and a DC offset."""
    rng = np.random.default_rng(i)
    n = int(SR * rng.uniform(8, 12))
    steps = np.cumsum(rng.normal(0, 4, n // 441 + 2))
    f0 = np.interp(np.arange(n) / 441, np.arange(len(steps)), 150 + steps - steps.mean())
    phase = 2 * np.pi * np.cumsum(np.clip(f0, 70, 400)) / SR
    voice = sum(np.sin(k * phase) * rng.uniform(0.2, 1) / k for k in range(1, 30))
    edges = np.cumsum(rng.uniform(0.08, 0.35, n // 2000 + 2) * SR).astype(int)
    gate = (np.searchsorted(edges, np.arange(n)) % 3 != 2).astype(float)
    envelope = np.convolve(gate, np.hanning(882) / 441, mode="same")
    mono = 0.2 * voice * envelope + 0.002 * rng.standard_normal(n)
    pad = np.zeros(SR)
    mono = np.concatenate([pad, mono, pad])
    stereo = np.stack([mono, 0.8 * mono + 0.001 * rng.standard_normal(len(mono))], axis=1)
    return (stereo + 0.02).astype(np.float32)


def _dataset(folder: Path, files: int) -> float:
    """Write the clips once; return their total seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0.0
    for i in range(files):
        path = folder / f"clip{i:04d}.wav"
        if not path.exists():
            sf.write(path, _clip(i), SR, subtype="PCM_16")
        total += sf.info(path).duration
    return total


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(run) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), _cpu()
    out = run()
    return time.perf_counter() - wall, _cpu() - cpu, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "audiolint-fixbench")
    args = ap.parse_args()
    src, dst = args.dir / f"src{args.files}", args.dir / "out"
    audio = _dataset(src, args.files)
    shutil.rmtree(dst, ignore_errors=True)
    audiolint.check(src, jobs=1, read_config=False, select=("F001",))  # warm the imports
    lean, skipped = fixer.lean(Config(jobs=1))

    def fix():
        shutil.rmtree(dst, ignore_errors=True)
        return audiolint.fix(src, dst, jobs=1, read_config=False)

    runs = {  # the best of --repeat runs of each: other load only ever adds time
        "check alone (full)": lambda: audiolint.check(src, jobs=1, read_config=False),
        f"fix's check (no {', '.join(skipped)})": lambda: audiolint.check(src, lean),
        "fix (check + write)": fix,
    }
    best = {}
    for name, run in runs.items():
        best[name] = min((_timed(run) for _ in range(args.repeat)), key=lambda t: t[1])
    fixed = best["fix (check + write)"][2]
    again = "; the copies fingerprinted again" if fixed.copies_rechecked else ""
    n = len(fixed.of("written"))
    print(f"{args.files} clips, 44.1 kHz stereo 16-bit WAV, {audio:.0f} s of audio; "
          f"1 worker; {n} written; best of {args.repeat}{again}")  # fmt: skip
    print(f"{'measurement':<34}{'wall s':>8}{'cpu s':>8}  x real time per core (cpu)")
    rows = [(name, wall, cpu) for name, (wall, cpu, _) in best.items()]
    (_, cw, cc), (_, fw, fc) = rows[1], rows[2]
    rows.append(("  of which writing", fw - cw, fc - cc))
    for name, wall, cpu in rows:
        print(f"{name:<34}{wall:8.2f}{cpu:8.2f}  {audio / cpu:6.0f}x")
    verdict = "meets" if audio / fc >= 50 else "misses"
    print(f"fix: {audio / fc:.0f}x real time per core ({verdict} the 50x target)")
    shutil.rmtree(dst, ignore_errors=True)


if __name__ == "__main__":
    main()
