"""Main-process memory against the number of files: ``check --format jsonl`` vs ``--format json``.

    python benchmarks/many_files.py                           # 1,000 and 10,000 files
    python benchmarks/many_files.py --counts 1000 10000 100000 --formats jsonl
    python benchmarks/many_files.py --quick                   # headers only (faster)

Writes N tiny WAVs (0.25 s, 16 kHz, 16-bit, each its own noise and tone: 8 KB) into a temporary
folder, reusing them for every count (the first N), then runs the real command line in a fresh
process, ``audiolint check DIR --no-cache --no-progress -o FILE``, and prints the peak resident
memory of that main process (VmHWM; the worker processes are not counted: their memory does
not grow with the number of files), its wall time, and the growth per file between the counts
given (each step, then smallest to largest). The figures depend on the machine's load; run the
formats side by side when comparing them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

RATE, SECONDS = 16000, 0.25
WRAPPER = """
import atexit, sys
def peak():
    status = open("/proc/self/status").read()
    sys.stderr.write("VMHWM " + status.split("VmHWM:")[1].split()[0] + "\\n")
atexit.register(peak)
from audiolint.cli import main
sys.argv = ["audiolint", *sys.argv[1:]]
main()
"""


def _header(frames: int) -> bytes:
    data = frames * 2
    return (
        b"RIFF"
        + (36 + data).to_bytes(4, "little")
        + b"WAVEfmt "
        + (16).to_bytes(4, "little")
        + (1).to_bytes(2, "little")  # PCM
        + (1).to_bytes(2, "little")  # mono
        + RATE.to_bytes(4, "little")
        + (RATE * 2).to_bytes(4, "little")
        + (2).to_bytes(2, "little")
        + (16).to_bytes(2, "little")
        + b"data"
        + data.to_bytes(4, "little")
    )


def make_files(folder: Path, count: int) -> list[Path]:
    """``count`` tiny distinct WAVs in ``folder`` (the ones already there are kept)."""
    frames = int(RATE * SECONDS)
    header = _header(frames)
    t = np.arange(frames) / RATE
    paths = []
    for i in range(count):
        sub = folder / f"{i // 1000:03d}"  # 1,000 per folder, as datasets are often split
        path = sub / f"c{i:06d}.wav"
        paths.append(path)
        if path.exists():
            continue
        sub.mkdir(parents=True, exist_ok=True)
        rng = np.random.default_rng(i)
        x = 0.2 * np.sin(2 * np.pi * rng.uniform(100, 1000) * t) + 0.05 * rng.standard_normal(
            frames
        )
        path.write_bytes(header + (x * 32767).astype("<i2").tobytes())
    return paths


def measure(folder: Path, fmt: str, quick: bool, out: Path) -> dict:
    """Run the command line on ``folder``; peak main-process RSS (MB), wall time, lines out."""
    args = [str(folder), "--no-cache", "--no-progress", "--format", fmt, "-o", str(out)]
    args += ["--quick"] if quick else []
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, "check", *args], capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    peak = [line for line in proc.stderr.splitlines() if line.startswith("VMHWM ")]
    if proc.returncode not in (0, 1) or not peak:
        raise SystemExit(f"audiolint failed ({proc.returncode}): {proc.stderr[-2000:]}")
    with open(out, encoding="utf-8") as fh:
        files = sum(1 for _ in fh) - 1 if fmt == "jsonl" else len(json.load(fh)["files"])
    return {"rss_mb": int(peak[0].split()[1]) / 1024, "wall_s": wall, "files": files}


def runs(tmp: Path, root: Path, counts, formats, quick: bool, show=print) -> dict:
    """Measure each format on the first N files of ``root`` for each N in ``counts`` (hard
    links in a folder of ``tmp``); ``show`` gets a line per run. {(format, N): measure()}."""
    results: dict = {}
    for count in sorted(counts):
        subset = tmp / f"set{count}"
        subset.mkdir()
        for i in range(count):  # hard links to the first N files
            src = root / f"{i // 1000:03d}" / f"c{i:06d}.wav"
            (subset / src.parent.name).mkdir(exist_ok=True)
            os.link(src, subset / src.parent.name / src.name)
        for fmt in formats:
            r = measure(subset, fmt, quick, tmp / f"out.{fmt}")
            assert r["files"] == count, r
            results[(fmt, count)] = r
            show(
                f"  {fmt:>5}  {count:>7,} files  {r['rss_mb']:7.1f} MB  "
                f"{r['wall_s']:7.1f} s  ({count / r['wall_s']:.0f} files/s)"
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--formats", nargs="+", default=["jsonl", "json"])
    parser.add_argument("--quick", action="store_true", help="headers only (no decoding)")
    parser.add_argument("--keep", type=Path, help="generate the files here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audiolint-many-") as tmp:
        root = args.keep or Path(tmp) / "data"
        start = time.perf_counter()
        make_files(root, max(args.counts))
        took = time.perf_counter() - start
        print(f"{max(args.counts):,} files of {SECONDS} s ready in {took:.0f} s")
        mode = "headers only (--quick)" if args.quick else "full analysis"
        print(f"check --no-cache, {mode}; peak RSS of the main process:")
        results = runs(Path(tmp), root, args.counts, args.formats, args.quick)
        counts = sorted(set(args.counts))
        steps = list(zip(counts, counts[1:], strict=False))
        if len(counts) > 2:
            steps.append((counts[0], counts[-1]))
        for fmt in args.formats:
            for low, high in steps:
                grow = results[(fmt, high)]["rss_mb"] - results[(fmt, low)]["rss_mb"]
                per = grow * 1024 * 1024 / (high - low)
                span = f"{low:,} -> {high:,} files"
                print(f"  {fmt:>5}  growth {span}: {grow:+.1f} MB ({per:.0f} B/file)")


if __name__ == "__main__":
    main()
