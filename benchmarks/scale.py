"""Speed and scale benchmark (issue 7): a generated dataset of many clips, checked four ways.

    python benchmarks/scale.py                # 1,000 clips (generated once, then reused)
    python benchmarks/scale.py --files 200    # a quicker look

Prints: quick (headers-only) files/s, against mediainfo and ffprobe when installed; full
analysis in times real time per core and its wall time against a bare decode of the same files
through the same worker pool (decoding is the floor); a warm-cache re-run against the cold one;
and the peak memory of the whole run.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from audiolint import pipeline
from audiolint.config import Config
from audiolint.context import FileContext
from audiolint.executor import Pool, default_jobs
from audiolint.probe import decode

FORMATS = [("wav", "WAV", "PCM_16"), ("flac", "FLAC", "PCM_16"), ("mp3", "MP3", None)]


def _clip(i: int) -> tuple[np.ndarray, int]:
    """A voice-like clip of its own: harmonics on a random pitch contour, random syllables and
    pauses, a little noise. Every clip differs (no clip is a shifted copy of another, which
    the duplicate rule would rightly report)."""
    rng = np.random.default_rng(i)
    sr = (44100, 48000)[i % 2]
    n = int(sr * rng.uniform(3, 15))
    steps = np.cumsum(rng.normal(0, 4, n // 441 + 2))  # a pitch random walk, 10 ms steps
    f0 = np.interp(np.arange(n) / 441, np.arange(len(steps)), 150 + steps - steps.mean())
    phase = 2 * np.pi * np.cumsum(np.clip(f0, 70, 400)) / sr
    voice = sum(np.sin(k * phase) * rng.uniform(0.2, 1) / k for k in range(1, 12))
    edges = np.cumsum(rng.uniform(0.08, 0.35, n // 2000 + 2) * sr).astype(int)
    gate = (np.searchsorted(edges, np.arange(n)) % 3 != 2).astype(float)  # 1/3 pauses
    envelope = np.convolve(gate, np.hanning(882) / 441, mode="same")
    x = 0.25 * voice * envelope + 0.003 * rng.standard_normal(n)
    return x.astype(np.float32)[:, None], sr


def _write(args) -> float:
    i, folder = args
    data, sr = _clip(i)
    ext, fmt, subtype = FORMATS[i % 3]
    sf.write(str(Path(folder) / f"clip{i:05d}.{ext}"), data, sr, format=fmt, subtype=subtype)
    return len(data) / sr


def make_dataset(folder: Path, count: int) -> float:
    """Generate ``count`` clips into ``folder`` (reusing it when complete); return audio seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.iterdir())) != count:
        shutil.rmtree(folder)
        folder.mkdir()
        with mp.get_context("fork").Pool(default_jobs()) as pool:
            pool.map(_write, [(i, str(folder)) for i in range(count)], chunksize=8)
    return sum(sf.info(str(p)).duration for p in folder.iterdir())


def _decode_only(path, config, on_probed=None) -> FileContext:
    ctx = pipeline.FileContext(path, str(path), pipeline.probe_safely(path))
    for _ in decode.blocks(path, ctx.props.container):
        pass
    return ctx


def timed(fn) -> float:
    """Wall seconds of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def external(folder: Path) -> dict[str, float]:
    """Wall time of mediainfo (one process) and ffprobe (one per file), when installed."""
    out = {}
    files = sorted(folder.iterdir())
    if shutil.which("mediainfo"):
        out["mediainfo"] = timed(
            lambda: subprocess.run(
                ["mediainfo", "--Output=JSON", str(folder)], capture_output=True, check=False
            )
        )
    if shutil.which("ffprobe"):
        out["ffprobe"] = timed(
            lambda: [
                subprocess.run(
                    ["ffprobe", "-v", "quiet", "-show_format", "-show_streams", str(f)],
                    capture_output=True,
                    check=False,
                )
                for f in files
            ]
        )
    return out


def main() -> None:
    """Generate the dataset, run each measurement, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "audiolint-bench")
    ap.add_argument("--jobs", type=int, default=default_jobs())
    args = ap.parse_args()
    folder = args.dir / f"voices-{args.files}"
    t = time.perf_counter()
    audio_s = make_dataset(folder, args.files)
    print(
        f"dataset: {args.files} clips, {audio_s / 60:.1f} min of audio, WAV/FLAC/MP3, "
        f"44.1/48 kHz (ready in {time.perf_counter() - t:.1f} s); jobs={args.jobs}"
    )
    cache_dir = Path(tempfile.mkdtemp(prefix="audiolint-bench-cache-"))
    quick = Config(analyse=False, jobs=args.jobs)
    full = Config(jobs=args.jobs)
    cached = Config(jobs=args.jobs, cache_dir=str(cache_dir))

    rows = []
    q = timed(lambda: pipeline.run([folder], quick))
    rows.append(("quick (headers only)", q, f"{args.files / q:,.0f} files/s"))
    for name, secs in external(folder).items():
        rows.append(
            (
                f"  {name}",
                secs,
                f"{args.files / secs:,.0f} files/s; audiolint quick is {secs / q:.1f}x faster",
            )
        )
    pool = Pool(args.jobs, full, _decode_only)
    d = timed(lambda: list(pool.run(sorted(folder.iterdir()), str, lambda *a: None)))
    rows.append(("bare decode (the floor)", d, f"{audio_s / d / args.jobs:,.0f}x real time/core"))
    f = timed(lambda: pipeline.run([folder], full))
    rows.append(
        (
            "full analysis",
            f,
            f"{audio_s / f / args.jobs:,.0f}x real time/core; {f / d:.2f}x the bare decode",
        )
    )
    cold = timed(lambda: pipeline.run([folder], cached))
    warm = timed(lambda: pipeline.run([folder], cached))
    rows.append(("cold run, filling the cache", cold, ""))
    rows.append(("warm re-run from the cache", warm, f"{cold / warm:.0f}x faster than cold"))
    shutil.rmtree(cache_dir, ignore_errors=True)

    print(f"{'measurement':34} {'wall s':>8}  figure")
    for name, secs, figure in rows:
        print(f"{name:34} {secs:8.2f}  {figure}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"peak memory: main process {own:.0f} MB, largest worker {kids:.0f} MB "
        f"(ru_maxrss; {sys.platform})"
    )


if __name__ == "__main__":
    main()
