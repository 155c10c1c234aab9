"""Claimants racing on one new folder: how often one of them is refused its own cache folder.

Each trial makes a fresh folder name; ``--threads`` threads in this process (or
``--processes`` processes) wait at a barrier and then all call ``outputs.claim_folder`` on it
(what ``Cache`` does first). A trial fails when any claimant is refused: that claimant would
print "not using ... as the cache" and run without it. Prints failed trials / trials for each
mode, and checks the folder ends with the whole tag and nothing else.

``--rev REV`` runs ``src/audiolint/outputs.py`` as it was at a git revision instead, so the
before and after figures come from one command run. Counts depend on scheduling (2 shared
cores here): they are counts of what happened, not rates to compare across machines.

    python benchmarks/claim_race.py --trials 300 --rev HEAD~1
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load(rev: str | None):
    """audiolint.outputs now, or as it was at git revision ``rev``."""
    if rev is None:
        from audiolint import outputs

        return outputs
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:src/audiolint/outputs.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "outputs_at_rev.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("outputs_at_rev", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def whole(outputs, folder: Path) -> bool:
    """The folder holds audiolint's whole tag and nothing else."""
    names = os.listdir(folder)
    return names == [outputs.TAG_NAME] and outputs._ours(folder)


def thread_trials(outputs, root: Path, trials: int, n: int) -> tuple[int, int]:
    """(trials with a refused claimant, trials ending in a wrong folder), threads racing."""
    refused = wrong = 0
    for t in range(trials):
        folder, barrier, results = root / f"t{t}" / "cache", threading.Barrier(n), []

        def go(folder=folder, barrier=barrier, results=results):
            barrier.wait()
            results.append(outputs.claim_folder(folder))

        threads = [threading.Thread(target=go) for _ in range(n)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        refused += not all(results)
        wrong += not whole(outputs, folder)
    return refused, wrong


def _process(rev, root, trials, barrier, queue) -> None:
    outputs = load(rev)
    for t in range(trials):
        barrier.wait()
        queue.put((t, outputs.claim_folder(Path(root) / f"p{t}" / "cache")))


def process_trials(outputs, rev, root: Path, trials: int, n: int) -> tuple[int, int]:
    """(trials with a refused claimant, trials ending in a wrong folder), processes racing."""
    ctx = multiprocessing.get_context("spawn")
    barrier, queue = ctx.Barrier(n), ctx.Queue()
    procs = [
        ctx.Process(target=_process, args=(rev, str(root), trials, barrier, queue))
        for _ in range(n)
    ]
    for p in procs:
        p.start()
    failed = set()
    for _ in range(trials * n):
        t, ok = queue.get(timeout=300)
        if not ok:
            failed.add(t)
    for p in procs:
        p.join()
    wrong = sum(not whole(outputs, root / f"p{t}" / "cache") for t in range(trials))
    return len(failed), wrong


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=300)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--processes", type=int, default=3)
    ap.add_argument("--rev", action="append", default=[], help="also run outputs.py at REV")
    args = ap.parse_args()
    for rev in [*args.rev, None]:
        outputs, label = load(rev), rev or "work tree"
        with tempfile.TemporaryDirectory() as tmp:
            r, w = thread_trials(outputs, Path(tmp), args.trials, args.threads)
            print(
                f"{label}: {args.threads} threads: refused in {r}/{args.trials} trials, "
                f"folder not just the whole tag in {w}"
            )
            r, w = process_trials(outputs, rev, Path(tmp), args.trials, args.processes)
            print(
                f"{label}: {args.processes} processes: refused in {r}/{args.trials} trials, "
                f"folder not just the whole tag in {w}"
            )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
