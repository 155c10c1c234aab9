"""The Python API from several threads at once: how many files a run gives up on.

Each try is a fresh process (the hang came from first-use imports) in which N threads call
``audiolint.check`` on one 1.5 s file each (ALSA's recorded prompts, cut to 1.5 s), all at once,
with analysis. It prints, per try, the files that "gave up", the files whose findings differ
from a serial check of the same files (run first, in its own process) and the wall time.

    python benchmarks/api_threads.py [--tries 5] [--threads 4] [--timeout 60] [--rev REV]

``--rev`` runs ``src/`` of that commit (``git archive``): the work tree may hold other
people's unfinished edits. Wall times on a shared, loaded machine are noisy; the counts are
the figure.
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

ALSA = Path("/usr/share/sounds/alsa")
PROMPTS = ("Front_Left", "Front_Right", "Rear_Left", "Rear_Right", "Side_Left", "Side_Right")

CHILD = """
import json, sys, threading
import audiolint
paths, timeout, threaded = json.loads(sys.argv[1]), float(sys.argv[2]), sys.argv[3] == "1"
out, barrier = {}, threading.Barrier(len(paths))
def go(path):
    if threaded:
        barrier.wait()
    report = audiolint.check(path, timeout=timeout, read_config=False)
    out[path] = [(f.rule, f.message) for f in report.files[0].findings]
if threaded:
    threads = [threading.Thread(target=go, args=(p,)) for p in paths]
    [t.start() for t in threads]
    [t.join() for t in threads]
else:
    [go(p) for p in paths]
print(json.dumps(out))
"""


def make_files(folder: Path, n: int) -> list[str]:
    """``n`` 1.5 s mono WAVs at 48 kHz, one ALSA prompt each (padded with silence)."""
    import numpy as np
    import soundfile as sf

    paths = []
    for i in range(n):
        x, sr = sf.read(ALSA / f"{PROMPTS[i % len(PROMPTS)]}.wav", dtype="float32", always_2d=True)
        x = x.mean(axis=1)[: int(1.5 * sr)]
        x = np.concatenate([x, np.zeros(int(1.5 * sr) - len(x), np.float32)])
        path = folder / f"clip{i}.wav"
        sf.write(path, x, sr, subtype="PCM_16")
        paths.append(str(path))
    return paths


def run(paths, timeout: float, threaded: bool, env) -> tuple[dict, float]:
    """One fresh process checking ``paths``: {path: [(rule, message)]} and its wall time."""
    started = time.monotonic()
    args = [sys.executable, "-c", CHILD, json.dumps(paths), str(timeout), "1" if threaded else "0"]
    out = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout), time.monotonic() - started


def main() -> None:
    """Parse the arguments, run the tries, print one line per try and the totals."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tries", type=int, default=5)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=60.0, help="base time limit, s")
    parser.add_argument("--rev", help="run src/ of this commit (git archive)")
    args = parser.parse_args()
    if not (ALSA / "Front_Left.wav").exists():
        sys.exit("skipped: ALSA's recorded prompts are missing (Debian package alsa-utils)")
    with tempfile.TemporaryDirectory(prefix="audiolint-threads-") as tmp:
        env = dict(os.environ)
        if args.rev:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from startuptools import tree_at

            env["PYTHONPATH"] = tree_at(args.rev, Path(tmp) / "tree")["PYTHONPATH"]
        paths = make_files(Path(tmp), args.threads)
        serial, _ = run(paths, args.timeout, False, env)
        print(f"{args.threads} threads, one 1.5 s file each, base time limit {args.timeout:g} s")
        gave_up = differ = 0
        for i in range(args.tries):
            found, wall = run(paths, args.timeout, True, env)
            gave = sum(any("gave up" in m for _, m in found[p]) for p in paths)
            wrong = sum(found[p] != serial[p] for p in paths)
            gave_up, differ = gave_up + gave, differ + wrong
            print(f"try {i + 1}: gave up {gave} of {len(paths)}, findings differ {wrong}, "
                  f"wall {wall:.1f} s")  # fmt: skip
        total = args.tries * len(paths)
        print(f"total: gave up {gave_up} of {total} files, findings differ on {differ}")


if __name__ == "__main__":
    main()
