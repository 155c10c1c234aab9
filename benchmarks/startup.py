"""Start-up cost: `audiolint --version` and `--help` against a bare click program, and a
one-file `check` against that file's own analysis (issue 14).

    python benchmarks/startup.py [--runs 7]

Every command runs as its own process (as pre-commit and editors run it), the commands taking
turns within each round so that a change in the machine's load hits them alike. Prints the
median wall time and the median CPU time (user + system, the process and its workers) of each,
and the targets: --version within 2x of bare click; a one-file check at most 0.3 s above the
file's own probe and analysis, measured in-process with everything imported. The CPU figures
move less than the wall times on a machine shared with other work.

The commands run with compiled bytecode, as a pip-installed package has it: when
PYTHONDONTWRITEBYTECODE is set (as on some development machines), Python would otherwise
compile every module of the run from source on each start (about 0.1 s of CPU for a one-file
check). The bytecode goes to a temporary PYTHONPYCACHEPREFIX, filled by one untimed run of
each command, so the source tree is left as it is.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = (
    "import click\n@click.command()\n@click.version_option('1')\ndef f():\n    pass\n"
    "f(['--version'])"
)
TARGET_OVERHEAD_S = 0.3
# The file's analysis alone, in a process of its own: Python's start, the imports the analysis
# needs and its first-call costs, without the command line, the worker, the rules or a report.
COLD = (
    "import sys\nfrom pathlib import Path\nfrom audiolint import configfile, pipeline\n"
    "from audiolint.config import Config\n"
    "pipeline.build_context(Path(sys.argv[1]), configfile.complete(Config()))"
)
_PYCACHE = tempfile.TemporaryDirectory(prefix="audiolint-bench-pyc-")
# The environment of every timed command: bytecode compiled once, kept in a temporary folder.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": _PYCACHE.name,
}
BYTECODE_NOTE = (
    "commands run with compiled bytecode (a temporary PYTHONPYCACHEPREFIX), as installed"
)


def run_once(argv: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``argv``, its child processes included."""
    before = os.times()
    t = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=False, env=ENV)
    wall = time.perf_counter() - t
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def analysis_once(clip: Path, config) -> tuple[float, float]:
    """(wall, CPU) seconds of the file's own probe and analysis, in this process."""
    from audiolint import pipeline

    t, c = time.perf_counter(), time.process_time()
    pipeline.build_context(clip, config)
    return time.perf_counter() - t, time.process_time() - c


def demo_clip(folder: Path) -> Path:
    """A 5 s speech-like FLAC at 48 kHz (the file the one-file figures are measured on)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import audiogen

    return audiogen.write_flac(folder / "take.flac", audiogen.speechlike(48000, 5.0), 48000)


def one_file(clip: Path, runs: int, extra: dict[str, list[str]] | None = None) -> dict:
    """Median (wall, CPU) of a one-file ``check`` process and of the file's analysis in-process,
    and of any ``extra`` commands, taking turns ``runs`` times."""
    from audiolint import configfile
    from audiolint.config import Config

    config = configfile.complete(Config())
    analysis_once(clip, config)  # imports done, caches warm
    cli = [sys.executable, "-m", "audiolint"]
    commands = {
        **(extra or {}),
        "check": [*cli, "check", "--no-cache", "--no-progress", str(clip)],
        "cold": [sys.executable, "-c", COLD, str(clip)],
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in [*commands, "analysis"]}
    for argv in commands.values():  # untimed: compiles the bytecode
        run_once(argv)
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(run_once(argv))
        times["analysis"].append(analysis_once(clip, config))
    return {
        name: tuple(statistics.median(x[k] for x in got) for k in (0, 1))
        for name, got in times.items()
    }


def overhead_lines(m: dict) -> list[str]:
    """The one-file check's lines: its time, its analysis's, the overhead against the target,
    and (when measured) how the overhead splits: what a process doing only the analysis adds
    (start-up, imports, first calls), and what the check adds to that (command line, worker,
    rules, report)."""
    (cw, cc), (aw, ac) = m["check"], m["analysis"]
    verdict = "met" if cw - aw <= TARGET_OVERHEAD_S else "MISSED"
    lines = [
        f"one-file check (5 s FLAC)   {cw:6.3f} s wall  {cc:6.3f} s CPU",
        f"  its analysis, in-process  {aw:6.3f} s wall  {ac:6.3f} s CPU",
        f"  overhead                  {cw - aw:+6.3f} s wall {cc - ac:+6.3f} s CPU   "
        f"(target <= {TARGET_OVERHEAD_S} s: {verdict})",
    ]
    if "cold" in m:
        (ow, oc) = m["cold"]
        lines += [
            f"    of which a process doing only the analysis (start, imports, first calls) "
            f"{ow - aw:+.3f} s wall {oc - ac:+.3f} s CPU",
            f"    and the check around it (CLI, worker, rules, report) "
            f"{cw - ow:+.3f} s wall {cc - oc:+.3f} s CPU",
        ]
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    py = sys.executable
    cli = [py, "-m", "audiolint"]
    extra = {
        "bare": [py, "-c", BARE],
        "version": [*cli, "--version"],
        "help": [*cli, "--help"],
        "python": [py, "-c", "pass"],
        "numpy": [py, "-c", "import numpy, soundfile"],
    }
    with tempfile.TemporaryDirectory() as tmp:
        m = one_file(demo_clip(Path(tmp)), args.runs, extra)
    print(f"median of {args.runs} rounds, commands taking turns; wall times vary with the load")
    print(BYTECODE_NOTE)
    rows = [
        ("bare click --version", "bare"),
        ("audiolint --version", "version"),
        ("audiolint --help", "help"),
        ("python -c pass", "python"),
        ("python: import numpy, sf", "numpy"),
    ]
    for label, name in rows:
        wall, cpu = m[name]
        note = f"   ({wall / m['bare'][0]:.1f}x bare; target <= 2x)" if name == "version" else ""
        print(f"{label:27} {wall:6.3f} s wall  {cpu:6.3f} s CPU{note}")
    print("\n".join(overhead_lines(m)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
