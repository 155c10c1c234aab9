"""Main-process memory against the number of files: ``check --format jsonl`` vs ``--format json``.

    python benchmarks/many_files.py                           # 1,000 and 10,000 files
    python benchmarks/many_files.py --counts 1000 10000 100000 --formats jsonl
    python benchmarks/many_files.py --quick                   # headers only (faster)
    python benchmarks/many_files.py --seconds 1 --copy-every 50 --formats jsonl  # the matcher
    python benchmarks/many_files.py --matcher --counts 10000 100000   # the matcher alone

Writes N tiny WAVs (0.25 s, 16 kHz, 16-bit, each its own noise and tone: 8 KB) into a temporary
folder, reusing them for every count (the first N); ``--seconds`` makes them longer (from 0.5 s
of sound a file's fingerprint takes part in the duplicate matching, rule D003), and
``--copy-every K`` makes every K-th file a copy of the one before it (the same samples), so
the matcher has duplicates to find: the D003 findings are counted and printed, to compare
runs. Then it runs the real command line in a fresh
process, ``audiolint check DIR --no-cache --no-progress -o FILE``, and prints the peak resident
memory of that main process (VmHWM; the worker processes are not counted: their memory does
not grow with the number of files), its wall time, and the growth per file between the counts
given (each step, then smallest to largest). The figures depend on the machine's load; run the
formats side by side when comparing them.

``--matcher`` measures the duplicate matcher alone, at counts a full check would take hours
to reach: in a fresh process, N contexts with a synthetic 6 s fingerprint each (random words,
every 50th a copy of the one before with a few bits changed) go into the store a jsonl run
keeps (:class:`audiolint.kept.Kept`), then ``DatasetContext.matches()`` (D003's matching)
runs on it; printed: the peak RSS before and after the matching, its time, what it found.
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


MATCHER = """
import sys, time
from pathlib import Path
import numpy as np
from audiolint.context import DatasetContext, FileContext
from audiolint.kept import Kept
from audiolint.pipeline import display_path, probe_safely

def peak():
    return int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1024

count, frames, every, wav = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
probe, rng = probe_safely(wav), np.random.default_rng(0)
levels, kept, words = np.full(frames, -20, np.int8), Kept(display_path), None
for k in range(count):
    if k % every == every - 1:  # a copy: a few bits changed in a fifth of the frames
        words = words ^ (rng.random(frames) < 0.2).astype(np.uint32)
    else:
        words = rng.integers(1, 2**32 - 1, frames, dtype=np.uint64).astype(np.uint32)
    fp = {"version": 3, "hop_s": 0.02, "words": words, "levels": levels}
    path = wav.parent / f"f{k:07d}.wav"
    signal = {"usable_duration_s": frames * 0.02}
    ctx = FileContext(path, display_path(path), probe, signal=signal, analysers=("fingerprint",))
    ctx.analysis = {"fingerprint": fp}
    kept.append(ctx)
before, start = peak(), time.perf_counter()
found = DatasetContext(kept).matches()
print(before, peak(), time.perf_counter() - start, len(found), sum(m.inside for m in found))
"""


def matcher(counts, wav: Path, frames: int = 300, every: int = 50) -> None:
    """The duplicate matcher alone on ``counts`` synthetic fingerprints (see the docstring)."""
    print(f"duplicate matching alone, {frames * 0.02:g} s fingerprints, every {every}th a copy:")
    for count in sorted(counts):
        code = [sys.executable, "-c", MATCHER, str(count), str(frames), str(every), str(wav)]
        start = time.perf_counter()
        proc = subprocess.run(code, capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(f"failed ({proc.returncode}): {proc.stderr[-2000:]}")
        before, after, took, found, inside = proc.stdout.split()
        print(
            f"  {count:>7,} files  peak {float(before):7.1f} MB before matching, "
            f"{float(after):7.1f} MB after; matching {float(took):6.1f} s "
            f"({time.perf_counter() - start:.0f} s in all); {found} matches ({inside} inside)"
        )


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


def make_files(folder: Path, count: int, seconds=SECONDS, copy_every=0) -> list[Path]:
    """``count`` tiny WAVs in ``folder`` (the ones already there are kept), each distinct but
    every ``copy_every``-th (when not 0), a copy of the one before it."""
    frames = int(RATE * seconds)
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
        copy = copy_every and i % copy_every == copy_every - 1
        rng = np.random.default_rng(i - 1 if copy else i)
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
        text = fh.read()
    if fmt == "jsonl":
        files = text.count("\n") - 1
        found = json.loads(text.splitlines()[-1])["file_findings"]
        dups = sum(f["rule"] == "D003" for entry in found for f in entry["findings"])
    else:
        report = json.loads(text)
        files = len(report["files"])
        dups = sum(f["rule"] == "D003" for r in report["files"] for f in r["findings"])
    rss = int(peak[0].split()[1]) / 1024
    return {"rss_mb": rss, "wall_s": wall, "files": files, "duplicates": dups}


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
                f"{r['wall_s']:7.1f} s  ({count / r['wall_s']:.0f} files/s)  "
                f"{r['duplicates']} D003"
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--formats", nargs="+", default=["jsonl", "json"])
    parser.add_argument("--quick", action="store_true", help="headers only (no decoding)")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="each file's length")
    parser.add_argument("--copy-every", type=int, default=0, help="every K-th file a copy")
    parser.add_argument("--keep", type=Path, help="generate the files here and keep them")
    parser.add_argument("--matcher", action="store_true", help="the duplicate matcher alone")
    args = parser.parse_args()
    if args.matcher:
        with tempfile.TemporaryDirectory(prefix="audiolint-many-") as tmp:
            matcher(args.counts, make_files(Path(tmp), 1)[0])
        return
    with tempfile.TemporaryDirectory(prefix="audiolint-many-") as tmp:
        root = (args.keep or Path(tmp)) / f"data-{args.seconds:g}s-copy{args.copy_every}"
        start = time.perf_counter()
        make_files(root, max(args.counts), args.seconds, args.copy_every)
        took = time.perf_counter() - start
        every = f", every {args.copy_every}th a copy" if args.copy_every else ""
        print(f"{max(args.counts):,} files of {args.seconds:g} s{every} ready in {took:.0f} s")
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
