"""Start-up cost in instructions, which the machine's load does not move (issue 14).

    python benchmarks/startup_instructions.py [--against REV[,REV...]]

Runs each command once under ``valgrind --tool=cachegrind`` (``PYTHONHASHSEED=0``, one BLAS
thread, compiled bytecode: the environment of ``startup.py``) and prints the instructions of:
Python's start with and without site-packages, ``import numpy, soundfile``, a process that only
analyses the benchmark's 5 s FLAC once and twice (the second analysis is the file's own, warm), and
a one-file ``check --no-cache`` (its process and its forked worker; the worker's count, which
includes what its parent ran before the fork, less a run that stops where the worker would be
forked). The overhead is the check less the warm analysis; it splits into Python's start,
numpy and soundfile, the rest of a process that only analyses, and the check around it. The
same check with the cache on (the default; a first run: a miss, then written, in an emptied
folder) is counted the same way, and what the cache adds is the difference.

Measurement only: the check runs with a time limit of a day and with worker kills turned into
joins, since under valgrind a worker's exit can take longer than the second the pool waits
before killing it (its count would then be lost). Counts move by a few million between runs
(address-space layout); changes smaller than that need several runs. Skipped, with a message,
where valgrind is not installed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from startup import COLD
from startuptools import ENV, demo_clip, tree_at

# COLD analyses once; this analyses argv[2] times (the warm analysis is the difference).
ANALYSE_N = COLD.replace(
    "pipeline.build_context(Path(sys.argv[1]), configfile.complete(Config()))",
    "config = configfile.complete(Config())\n"
    "for _ in range(int(sys.argv[2])):\n    pipeline.build_context(Path(sys.argv[1]), config)",
)
CHECK = (
    "import os, sys\nimport multiprocessing.process as mpp\n"
    "mpp.BaseProcess.kill = lambda self: self.join()\n"
    "if sys.argv[1] == 'prefork':\n    from audiolint import executor\n"
    "    executor.Pool._spawn = lambda self: os._exit(0)\n"
    "cache = ['--cache-dir', sys.argv[3]] if sys.argv[3:] else ['--no-cache']\n"
    "sys.argv = ['audiolint', 'check', *cache, '--no-progress', '--timeout', '86400',"
    " sys.argv[2]]\nfrom audiolint.cli import main\nmain()"
)
REFS = re.compile(r"==(\d+)== I\s+refs:\s+([\d,]+)")
FIRST = re.compile(r"==(\d+)== Command:")  # the process valgrind started (a fork prints none)


def instructions(argv: list[str], env: dict[str, str], out: Path) -> tuple[int, int]:
    """Instructions of one run of ``argv``: its own process's, and its forked children's."""
    log = out.with_suffix(".log")
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--log-file={log}"]
    cmd += [f"--cachegrind-out-file={out}.%p", *argv]
    subprocess.run(cmd, env=env, capture_output=True, check=False)
    text = log.read_text()
    got = {int(pid): int(n.replace(",", "")) for pid, n in REFS.findall(text)}
    own = got.pop(int(FIRST.search(text).group(1)))
    return own, sum(got.values())


def measure(clip: Path, env: dict[str, str], tmp: Path) -> dict[str, float]:
    """Millions of instructions of each command, and the check's total."""
    py = sys.executable
    commands = {
        "python": [py, "-c", "pass"],
        "nosite": [py, "-S", "-c", "pass"],
        "numpy": [py, "-c", "import numpy, soundfile"],
        "analyse1": [py, "-c", ANALYSE_N, str(clip), "1"],
        "analyse2": [py, "-c", ANALYSE_N, str(clip), "2"],
        "check": [py, "-c", CHECK, "check", str(clip)],
        "prefork": [py, "-c", CHECK, "prefork", str(clip)],
        # the default: the cache on, a first run (a miss, then written); emptied before each run
        "cached": [py, "-c", CHECK, "check", str(clip), str(tmp / "cache")],
        "cached_prefork": [py, "-c", CHECK, "prefork", str(clip), str(tmp / "cache")],
    }
    for argv in commands.values():  # untimed: compiles the bytecode
        shutil.rmtree(tmp / "cache", ignore_errors=True)
        subprocess.run(argv, env=env, capture_output=True, check=False)
    m: dict[str, float] = {}
    for name, argv in commands.items():
        shutil.rmtree(tmp / "cache", ignore_errors=True)
        own, children = instructions(argv, env, tmp / name)
        m[name] = own / 1e6
        if name in ("check", "cached"):
            m[f"{name}_worker"] = children / 1e6
    for name in ("check", "cached"):
        if not m[f"{name}_worker"]:
            raise SystemExit(
                f"the worker's count was lost in {name} (killed before valgrind wrote it?)"
            )
    m["check_total"] = m["check"] + m["check_worker"] - m["prefork"]
    m["cached_total"] = m["cached"] + m["cached_worker"] - m["cached_prefork"]
    return m


def lines(m: dict[str, float]) -> list[str]:
    """The table for one tree, in millions of instructions."""
    warm = m["analyse2"] - m["analyse1"]
    over = m["check_total"] - warm
    return [
        f"one-file check (5 s FLAC)  {m['check_total']:7.0f}  (its process {m['check']:.0f}, "
        f"its worker after the fork {m['check_worker'] - m['prefork']:.0f}; --no-cache)",
        f"  its analysis, warm        {warm:7.0f}",
        f"  overhead                  {over:7.0f}",
        f"    Python's start          {m['python']:7.0f}  (python -S: {m['nosite']:.0f})",
        f"    numpy and soundfile     {m['numpy'] - m['python']:7.0f}",
        f"    the rest of a process that only analyses {m['analyse1'] - warm - m['numpy']:.0f}",
        f"    the check around it     {m['check_total'] - m['analyse1']:7.0f}",
        f"the same with the cache on, a first run (the default: a miss, then written) "
        f"{m['cached_total']:.0f}, overhead {m['cached_total'] - warm:.0f}, of which the cache "
        f"{m['cached_total'] - m['check_total']:+.0f}",
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", metavar="REV[,REV...]", default="")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("skipped: valgrind is not installed (Debian package valgrind)")
        return 0
    env = {**ENV, "PYTHONHASHSEED": "0"}
    revs = [r for r in args.against.split(",") if r]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        clip = demo_clip(tmp)
        trees = {"this work tree": env}
        trees |= {rev: {**tree_at(rev, tmp / f"tree{i}"), **env} for i, rev in enumerate(revs)}
        print("millions of instructions (valgrind --tool=cachegrind), one run each")
        for i, (name, tree_env) in enumerate(trees.items()):
            out = tmp / f"cg{i}"
            out.mkdir()
            print(f"\n{name}:")
            print("\n".join(lines(measure(clip, tree_env, out))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
