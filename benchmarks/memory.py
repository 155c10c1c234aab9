"""Memory and speed of the full check on one long file: analysis must stay flat in memory.

    python benchmarks/memory.py                          # 2 h, 48 kHz, stereo, 16-bit WAV
    python benchmarks/memory.py --minutes 10 --rate 44100   # speed on a 10-minute file
    python benchmarks/memory.py --analysers --minutes 80    # growth per hour, per analyser

Writes the WAV into a temporary folder in chunks (so generating it stays small), then checks it
in a fresh Python process with ``audiolint.check`` (the full pipeline: probe, one decode feeding
every analyser, all rules) and prints the peak RSS of that process and of the worker process
that decoded and analysed the file (Linux), the wall and CPU time, and the speed in times real
time. Issue 4's target is under 300 MB peak for 2 h.
``--analysers`` instead feeds each analyser of the registry alone, in this process, from memory
(no file, no decode), ``--minutes`` and a quarter of that, and prints from tracemalloc what each
keeps while streaming and its peak during ``result()``, as growth per hour of audio (the slope
between the two lengths; fixed buffers cancel out).
The signal is a 20 s speech-like passage (tests/audiogen.py) repeated at varying gains.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
CHUNK_S = 20.0
GAINS = (1.0, 0.8, 0.6, 0.9, 0.7)

MEASURE = """
import json, resource, sys, time
sys.path.insert(0, {src!r})
import audiolint
start = time.perf_counter()
report = audiolint.check({path!r})
wall = time.perf_counter() - start
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
# Not me.ru_maxrss: Linux carries it across exec, so it would report the generating parent.
status = open("/proc/self/status").read().split("VmHWM:")[1]
own, workers = int(status.split()[0]), kids.ru_maxrss
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
fr = report.files[0]
print(json.dumps({{"wall_s": wall, "cpu_s": cpu, "own_kb": own, "worker_kb": workers,
                   "signal": fr.signal,
                   "findings": [f"{{f.rule}} {{f.message}}" for f in fr.findings]}}))
"""


def _speechlike(sr: int, seconds: float) -> np.ndarray:
    spec = importlib.util.spec_from_file_location("audiogen", ROOT / "tests" / "audiogen.py")
    audiogen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(audiogen)
    return audiogen.speechlike(sr, seconds, channels=2, seed=7, amp=0.7)


def write_long_wav(path: Path, minutes: float, sr: int) -> float:
    """Write ``minutes`` of 16-bit stereo speech-like audio in 20 s chunks; return seconds."""
    chunk = _speechlike(sr, CHUNK_S)
    chunk[:, 1] *= 0.9  # not quite dual mono
    total = int(minutes * 60 * sr)
    written = 0
    with sf.SoundFile(str(path), "w", sr, 2, subtype="PCM_16", format="WAV") as f:
        i = 0
        while written < total:
            piece = chunk[: total - written] * GAINS[i % len(GAINS)]
            f.write(piece)
            written += len(piece)
            i += 1
    return written / sr


def _traced(name: str, sr: int, chunk: np.ndarray, minutes: float) -> tuple[int, int]:
    """(bytes kept after streaming, peak bytes during result()) of one analyser."""
    import tracemalloc

    from audiolint.analysis import registry
    from audiolint.models import Properties
    from audiolint.probe.decode import BLOCK_FRAMES

    frames = int(minutes * 60 * sr)
    props = Properties(
        lossless=True,
        sample_rate=sr,
        bit_depth=16,
        channels=2,
        frames=frames,
        sample_format="int",
        duration_s=frames / sr,
    )
    loop = np.concatenate([chunk * g for g in GAINS]).astype(np.float32)
    tracemalloc.start()
    analyser = registry.FACTORIES[name](sr, 2, props)
    for start in range(0, frames, BLOCK_FRAMES):
        at = start % (len(loop) - BLOCK_FRAMES)
        analyser.update(loop[at : at + BLOCK_FRAMES])
    kept = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    analyser.result()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return kept, peak


def per_analyser(minutes: float, sr: int) -> None:
    """Print each analyser's memory growth per hour of audio (see the module docstring)."""
    sys.path.insert(0, str(ROOT / "src"))
    from audiolint.analysis import registry

    chunk = _speechlike(sr, CHUNK_S)
    chunk[:, 1] *= 0.9
    hours = (minutes - minutes / 4) / 60
    for name in registry.FACTORIES:
        (k1, p1), (k2, p2) = (_traced(name, sr, chunk, m) for m in (minutes / 4, minutes))
        print(
            f"{name:12s} kept {(k2 - k1) / hours / 1e6:5.2f} MB/h, peak in result() "
            f"{(p2 - p1) / hours / 1e6:5.2f} MB/h ({p2 / 1e6:.1f} MB at {minutes:g} min)"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=120.0)
    ap.add_argument("--rate", type=int, default=48000)
    ap.add_argument("--analysers", action="store_true", help="growth per hour, per analyser")
    args = ap.parse_args()
    if args.analysers:
        per_analyser(args.minutes, args.rate)
        return
    with tempfile.TemporaryDirectory(prefix="audiolint-mem-") as tmp:
        path = Path(tmp) / "long.wav"
        t0 = time.perf_counter()
        seconds = write_long_wav(path, args.minutes, args.rate)
        size_mb = path.stat().st_size / 1e6
        print(
            f"generated {seconds / 60:.1f} min, {args.rate} Hz stereo 16-bit WAV "
            f"({size_mb:,.0f} MB) in {time.perf_counter() - t0:.1f} s"
        )
        code = MEASURE.format(src=str(ROOT / "src"), path=str(path))
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if out.returncode:
            sys.exit(out.stderr)
        res = json.loads(out.stdout.strip().splitlines()[-1])
    own_mb, worker_mb = res["own_kb"] / 1024, res["worker_kb"] / 1024  # Linux reports KiB
    print(
        f"full check: {res['wall_s']:.1f} s wall ({seconds / res['wall_s']:.0f}x real time), "
        f"{res['cpu_s']:.1f} s CPU ({seconds / res['cpu_s']:.0f}x real time per core)"
    )
    print(
        f"peak RSS: main process {own_mb:.0f} MB, analysing worker {worker_mb:.0f} MB, "
        f"{own_mb + worker_mb:.0f} MB together at most (fork-shared pages count in both); "
        "target < 300 MB"
    )
    print("signal:", json.dumps(res["signal"]))
    for line in res["findings"]:
        print("finding:", line)


if __name__ == "__main__":
    main()
