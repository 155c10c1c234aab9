"""Memory and speed of the full check on one long file: analysis must stay flat in memory.

    python benchmarks/memory.py                          # 2 h, 48 kHz, stereo, 16-bit WAV
    python benchmarks/memory.py --minutes 10 --rate 44100   # speed on a 10-minute file

Writes the WAV into a temporary folder in chunks (so generating it stays small), then checks it
in a fresh Python process with ``audiolint.check`` (the full pipeline: probe, one decode feeding
every analyser, all rules) and prints the peak RSS of that process and of the worker process
that decoded and analysed the file (Linux), the wall and CPU time, and the speed in times real
time. Issue 4's target is under 300 MB peak for 2 h.
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=120.0)
    ap.add_argument("--rate", type=int, default=48000)
    args = ap.parse_args()
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
