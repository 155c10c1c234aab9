"""``--executor dask`` on a 2-worker LocalCluster against the local executor (issue 15).

    python benchmarks/dask_vs_local.py              # 600 clips (generated once, then reused)
    python benchmarks/dask_vs_local.py --files 120  # a quicker look
    python benchmarks/dask_vs_local.py --rounds 3   # the four runs three times: the spread

The clips are benchmarks/scale.py's (voice-like, 3-15 s, WAV/FLAC/MP3 at 44.1/48 kHz). Each run
is the real command line in a fresh process, ``check DIR --no-cache --format json``: the local
executor with ``-j 2`` (before and after the others, to show the load's drift), ``--executor dask
--scheduler ADDRESS`` on a 2-worker LocalCluster this script started beforehand (processes, one
thread each), and ``--executor dask -j 2``, which starts and closes its own cluster (its wall
time includes that). Prints each wall time, the Dask runs' ratio to the mean of the local runs
(target: within 1.3x) and whether every report equals the local one (measured times left out).

Beside each wall time, the run's CPU time (user + system): the command's process and every
process it started, plus this script's LocalCluster (its scheduler runs in this process, its
worker processes and the children they fork are read with psutil) over the same span. On a
shared machine a run's wall time moves with the load; the CPU it costs moves much less, so the
CPU ratio says more about the executor's own overhead.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import make_dataset  # benchmarks/ is this script's folder


def untimed(doc):
    """``doc`` without the measured wall times (``elapsed_s``)."""
    if isinstance(doc, dict):
        return {k: untimed(v) for k, v in doc.items() if k != "elapsed_s"}
    if isinstance(doc, list):
        return [untimed(v) for v in doc]
    return doc


def first_difference(a, b, where: str = "report") -> str:
    """Where two untimed reports first differ (a key path), or "" when they are equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            found = first_difference(a.get(key), b.get(key), f"{where}.{key}")
            if found:
                return found
        return ""
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        found = (first_difference(x, b[i], f"{where}[{i}]") for i, x in enumerate(a))
        return next(filter(None, found), "")
    return "" if a == b else f"{where}: {str(a)[:80]} != {str(b)[:80]}"


def cpu_so_far(procs) -> float:
    """CPU seconds so far of this process, of the children it reaped, and of ``procs`` (psutil
    processes) with the children they reaped."""
    import psutil  # a dependency of distributed

    total = sum(os.times()[:4])  # user, system, children's user, children's system
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            t = proc.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
    return total


def check(folder: Path, out: Path, *extra: str, procs=()) -> tuple[float, float, dict]:
    """Wall and CPU seconds of one ``audiolint check`` run (:func:`cpu_so_far` of ``procs``),
    and its JSON report."""
    args = [str(folder), "--no-cache", "--no-progress", "--format", "json", "-o", str(out)]
    cpu, start = cpu_so_far(procs), time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "audiolint", "check", *args, *extra], capture_output=True, text=True
    )
    wall, cpu = time.perf_counter() - start, cpu_so_far(procs) - cpu
    if proc.returncode not in (0, 1):
        raise SystemExit(f"audiolint failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, cpu, json.loads(out.read_text(encoding="utf-8"))


def compare(folder: Path, tmp: Path, cpu: dict | None = None) -> list[tuple]:
    """The runs of the module docstring on ``folder``: (name, wall seconds, ratio to the mean of
    the local runs or None for those, whether the report equals the first local run's); each
    run's CPU seconds go to ``cpu`` (name -> seconds) when given."""
    import psutil
    from distributed import LocalCluster

    out = tmp / "report.json"
    dask = ("--executor", "dask")
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:  # idle during the other runs
        procs = psutil.Process().children(recursive=True)  # its nannies and workers
        plan = [
            ("local -j 2", ("-j", "2")),
            ("dask --scheduler (running)", (*dask, "--scheduler", cluster.scheduler_address)),
            ("dask -j 2 (own cluster)", (*dask, "-j", "2")),
            ("local -j 2 (again)", ("-j", "2")),
        ]
        timed = [(name, *check(folder, out, *extra, procs=procs)) for name, extra in plan]
    runs = [(name, wall, report) for name, wall, _, report in timed]
    if cpu is not None:
        cpu.update((name, seconds) for name, _, seconds, _ in timed)
    base = statistics.mean(wall for name, wall, _ in runs if name.startswith("local"))
    reference = untimed(runs[0][2])
    for name, _, report in runs:
        if untimed(report) != reference:
            print(f"  {name}: {first_difference(reference, untimed(report))}")
    return [
        (name, wall, None if name.startswith("local") else wall / base, untimed(rep) == reference)
        for name, wall, rep in runs
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=600)
    parser.add_argument("--data", type=Path, help="where to keep the clips (default: temporary)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the four runs")
    args = parser.parse_args()
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise SystemExit("needs dask.distributed: pip install 'audiolint[dask]'") from None
    with tempfile.TemporaryDirectory(prefix="audiolint-dask-") as tmp:
        folder = args.data or Path(tmp) / "clips"
        seconds = make_dataset(folder, args.files)
        print(f"{args.files} clips, {seconds / 60:.1f} min of audio, 2 workers each way")
        ratios: dict[str, list[float]] = {}
        for turn in range(args.rounds):
            print(f"round {turn + 1} (load average {os.getloadavg()[0]:.1f}):")
            cpu: dict[str, float] = {}
            runs = compare(folder, Path(tmp), cpu)
            local_cpu = statistics.mean(s for name, s in cpu.items() if name.startswith("local"))
            for name, wall, ratio, same in runs:
                times = "" if ratio is None else f"  {ratio:.2f}x the local mean"
                if ratio is not None:
                    ratios.setdefault(name, []).append(ratio)
                    times += f" (CPU {cpu[name] / local_cpu:.2f}x)"
                same = "identical report" if same else "REPORT DIFFERS"
                print(
                    f"  {name:<28} {wall:7.1f} s  CPU {cpu[name]:6.1f} s{times}  {same}",
                    flush=True,
                )
    if args.rounds > 1:
        for name, seen in ratios.items():
            spread = ", ".join(f"{r:.2f}" for r in seen)
            print(
                f"  {name:<28} x local over {len(seen)} rounds: {spread} (median "
                f"{statistics.median(seen):.2f}, {min(seen):.2f}-{max(seen):.2f})"
            )
    print("(wall times on a shared, loaded machine: compare ratios within one run)")


if __name__ == "__main__":
    main()
