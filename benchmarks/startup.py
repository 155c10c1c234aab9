"""Start-up cost: `audiolint --version` and `--help` against a bare click program, and a
one-file `check` against that file's own analysis (issue 14).

    python benchmarks/startup.py [--runs 7]

Every command runs as its own process (as pre-commit and editors run it), the commands taking
turns within each round so that a change in the machine's load hits them alike. Prints the
median wall time and the median CPU time (user + system, the process and its workers) of each,
a one-file check served from the result cache (a hit) beside ``--version``,
and the targets: --version within 2x of bare click; a one-file check at most 0.3 s above the
file's own probe and analysis, measured in-process with everything imported. The one-file
headline is the check as a user first runs it (the cache on, its default, in a folder emptied
before each run: a miss, then written); the same with ``--no-cache`` is judged against the
target too. The CPU figures
(getrusage, microseconds) move less than the wall times on a machine shared with other work.

Every process, the in-process analysis included, runs with one BLAS thread (OPENBLAS_NUM_THREADS
and the like set to 1), as ``audiolint``'s command line and its workers do. ``python -S -c pass``
(no site-packages, no ``.pth`` start-up hooks) beside ``python -c pass`` shows what this
machine's site start-up adds to every process, the one-file check's included: a ``.pth`` hook
that imports a package (as some sandboxes and distributions install) can double Python's start.
The one-file check is also timed without the ``.pth`` hooks (``-S``, site-packages put on the
path by hand), as on a machine that has none: a hook's imports (pathlib, re, typing...) are
then the check's own.

The commands run with compiled bytecode, as a pip-installed package has it: when
PYTHONDONTWRITEBYTECODE is set (as on some development machines), Python would otherwise
compile every module of the run from source on each start (about 0.1 s of CPU for a one-file
check). The bytecode goes to a temporary PYTHONPYCACHEPREFIX, filled by one untimed run of
each command, so the source tree is left as it is.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from startuptools import BYTECODE_NOTE, analysis_once, demo_clip, finding_clip, run_once, tree_at

BARE = (
    "import click\n@click.command()\n@click.version_option('1')\ndef f():\n    pass\n"
    "f(['--version'])"
)
TARGET_OVERHEAD_S = 0.3
# The file's analysis alone, in a process of its own: Python's start, the imports the analysis
# needs and its first-call costs, without the command line, the worker, the rules or a report.
# It ends as the command line does (since c19183a), without the garbage collection Python runs
# at exit (gc.freeze; about 0.045 s), so that the split below compares like with like.
COLD = (
    "import gc, sys\nfrom pathlib import Path\nfrom audiolint import configfile, pipeline\n"
    "from audiolint.config import Config\n"
    "pipeline.build_context(Path(sys.argv[1]), configfile.complete(Config()))\ngc.freeze()"
)

# The one-file check as it starts on a machine without this one's .pth start-up hooks (a fresh
# CI runner has no sandbox hook importing certifi): no site start-up (-S), then site-packages and
# the source tree put on the path by hand, so that no .pth file runs. A tree of --against comes
# first on the path (PYTHONPATH), the work tree's src/ last.
NO_HOOKS = (
    "import runpy, site, sys\nsys.path += [*site.getsitepackages(), {src!r}]\n"
    "runpy.run_module('audiolint', run_name='__main__', alter_sys=True)"
)
SRC = str(Path(__file__).resolve().parents[1] / "src")


class AnalysisServer:
    """The file's analysis, warm, in a process running another tree: one (wall, CPU) per call."""

    def __init__(self, clip: Path, env: dict[str, str]):
        argv = [sys.executable, __file__, "--serve-analysis", str(clip)]
        self.proc = subprocess.Popen(
            argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.once()  # imports done, caches warm

    def once(self) -> tuple[float, float]:
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        wall, cpu = self.proc.stdout.readline().split()
        return float(wall), float(cpu)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def serve_analysis(clip: Path) -> int:
    """``--serve-analysis CLIP``: time the file's analysis once per line read."""
    from audiolint import configfile
    from audiolint.config import Config

    config = configfile.complete(Config())
    for _ in sys.stdin:
        print(*analysis_once(clip, config), flush=True)
    return 0


def one_file(
    clip: Path,
    runs: int,
    extra: dict[str, list[str]] | None = None,
    trees: dict[str, dict[str, str]] | None = None,
) -> dict:
    """Median (wall, CPU) of a one-file ``check`` process and of the file's analysis in-process,
    and of any ``extra`` commands, taking turns ``runs`` times. ``trees`` (a name and the
    environment that runs another tree, :func:`tree_at`) adds the same audiolint commands and
    analysis for each, named ``"name:check"`` and so on."""
    from audiolint import configfile
    from audiolint.config import Config

    config = configfile.complete(Config())
    low = finding_clip(clip.parent)
    analysis_once(clip, config)  # imports done, caches warm
    cli = [sys.executable, "-m", "audiolint"]
    cache = str(clip.parent / "cache")  # removed before each run: every run is a first run
    moved = clip.parent / "moved.flac"  # the same bytes; its modification time moves
    shutil.copyfile(clip, moved)
    ours = {
        "check": [*cli, "check", "--no-cache", "--no-progress", str(clip)],
        "cached": [*cli, "check", "--cache-dir", cache, "--no-progress", str(clip)],
        # kept: every timed run is a hit (the untimed run below fills it); one folder a tree
        "warm": [*cli, "check", "--cache-dir", f"{cache}-warm", "--no-progress", str(clip)],
        # kept too, but the clip's modification time moves before each run: a miss in a cache
        # that exists (pre-commit's case after its first run), the write synced
        "existing": [*cli, "check", "--cache-dir", f"{cache}-old", "--no-progress", str(moved)],
        "cold": [sys.executable, "-c", COLD, str(clip)],
        "finding": [*cli, "check", "--no-cache", "--no-progress", str(low)],
        "nohooks": [sys.executable, "-S", "-c", NO_HOOKS.format(src=SRC), "check", "--no-cache"]
        + ["--no-progress", str(clip)],
    }
    commands = {name: (argv, None) for name, argv in {**(extra or {}), **ours}.items()}
    theirs = {"version": [*cli, "--version"], "help": [*cli, "--help"], **ours}
    servers = {}
    for tree, env in (trees or {}).items():
        commands.update({f"{tree}:{name}": (argv, env) for name, argv in theirs.items()})
        for kept in ("warm", "existing"):  # a cache folder of each tree's own
            argv = [f"{a}-{tree}" if a.startswith(cache) else a for a in theirs[kept]]
            commands[f"{tree}:{kept}"] = (argv, env)
        servers[f"{tree}:analysis"] = AnalysisServer(clip, env)
        servers[f"{tree}:analysis_finding"] = AnalysisServer(low, env)
    times: dict[str, list[tuple[float, float]]] = {
        name: [] for name in [*commands, "analysis", "analysis_finding", *servers]
    }
    for name, (argv, env) in commands.items():  # untimed: compiles the bytecode
        run_once(argv, cache if name.endswith("cached") else None, env)
    for _ in range(runs):
        for name, (argv, env) in commands.items():
            if name.endswith("existing"):
                os.utime(moved)  # a new key: a miss
            times[name].append(run_once(argv, cache if name.endswith("cached") else None, env))
        times["analysis"].append(analysis_once(clip, config))
        times["analysis_finding"].append(analysis_once(low, config))
        for name, server in servers.items():
            times[name].append(server.once())
    for server in servers.values():
        server.close()
    medians = {
        name: tuple(statistics.median(x[k] for x in got) for k in (0, 1))
        for name, got in times.items()
    }
    return medians | {f"{name}#rounds": got for name, got in times.items()}


def _over(m: dict, a: str, b: str) -> tuple[float, float]:
    """(wall, CPU) of ``a`` less ``b``: the median of the differences within each round (the
    two ran within seconds of each other, under much the same load), where the rounds are
    kept; else the difference of the medians."""
    ra, rb = m.get(f"{a}#rounds"), m.get(f"{b}#rounds")
    if ra and rb:
        return tuple(
            statistics.median(x[k] - y[k] for x, y in zip(ra, rb, strict=True)) for k in (0, 1)
        )
    return m[a][0] - m[b][0], m[a][1] - m[b][1]


def _verdict(wall: float, cpu: float) -> str:
    return ", ".join(
        f"{what} {'met' if over <= TARGET_OVERHEAD_S else 'MISSED'}"
        for what, over in (("wall", wall), ("CPU", cpu))
    )


def overhead_lines(m: dict) -> list[str]:
    """The one-file check's lines. The headline is the check as a user first runs it: the
    cache on (the default), a first run (a miss, then written). Then its analysis, the overhead
    against the target, and (when measured) how the overhead splits: what a process doing only
    the analysis adds (start-up, imports, first calls), what the check adds to that (command
    line, worker, rules, report: timed with --no-cache) and what the cache adds. The same
    check with --no-cache follows, against the target too. Every difference is the median of
    the differences within a round (:func:`_over`), so that a parts' sum need not be exact."""
    (aw, ac) = m["analysis"]
    head = "cached" if "cached" in m else "check"
    (kw, kc), (ow, oc) = m[head], _over(m, head, "analysis")
    what = "the default: cache on, a first run" if head == "cached" else "--no-cache"
    lines = [
        f"one-file check (5 s FLAC)   {kw:6.3f} s wall  {kc:6.3f} s CPU   ({what})",
        f"  its analysis, in-process  {aw:6.3f} s wall  {ac:6.3f} s CPU",
        f"  overhead                  {ow:+6.3f} s wall {oc:+6.3f} s CPU   "
        f"(target <= {TARGET_OVERHEAD_S} s: {_verdict(ow, oc)})",
    ]
    if "cold" in m:
        (sw, sc), (tw, tc) = _over(m, "cold", "analysis"), _over(m, "check", "cold")
        lines += [
            f"    of which a process doing only the analysis (start, imports, first calls) "
            f"{sw:+.3f} s wall {sc:+.3f} s CPU",
            f"    the check around it (CLI, worker, rules, report; --no-cache) "
            f"{tw:+.3f} s wall {tc:+.3f} s CPU",
        ]
    if head == "cached":
        (cw, cc), (nw, nc) = _over(m, "cached", "check"), _over(m, "check", "analysis")
        lines += [
            f"    and the cache (a miss, then written) {cw:+.3f} s wall {cc:+.3f} s CPU",
            f"  the same with --no-cache: {m['check'][0]:.3f} s wall {m['check'][1]:.3f} s CPU, "
            f"overhead {nw:+.3f} s wall {nc:+.3f} s CPU (target: {_verdict(nw, nc)})",
        ]
    for name, label in (
        ("nohooks", "--no-cache without .pth start-up hooks (python -S, site-packages by hand)"),
        ("existing", "a miss in a cache that exists (pre-commit after its first run; synced)"),
    ):
        if name in m:
            (xw, xc), (dw, dc) = m[name], _over(m, name, "analysis")
            lines.append(
                f"  {label}: {xw:.3f} s wall {xc:.3f} s CPU, overhead {dw:+.3f} s wall "
                f"{dc:+.3f} s CPU"
            )
    if "warm" in m and "version" in m:  # scale.py passes no --version timing
        (ww, wc), (vw, vc) = m["warm"], _over(m, "warm", "version")
        lines.append(
            f"  served from the cache (a hit: nothing analysed): {ww:.3f} s wall "
            f"{wc:.3f} s CPU, over --version {vw:+.3f} s wall {vc:+.3f} s CPU"
        )
    if "finding" in m:
        (fw, fc), (bw, bc) = m["finding"], _over(m, "finding", "analysis_finding")
        lines.append(
            f"  a file with a finding (5 s FLAC at 16 kHz, Q003; --no-cache): {fw:.3f} s wall "
            f"{fc:.3f} s CPU, its analysis {m['analysis_finding'][1]:.3f} s CPU, overhead "
            f"{bw:+.3f} s wall {bc:+.3f} s CPU"
        )
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument(
        "--against",
        metavar="REV[,REV...]",
        default="",
        help="also time the audiolint commands of these commits (git archive), side by side",
    )
    ap.add_argument("--serve-analysis", metavar="CLIP", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_analysis:
        return serve_analysis(Path(args.serve_analysis))
    py = sys.executable
    cli = [py, "-m", "audiolint"]
    extra = {
        "bare": [py, "-c", BARE],
        "version": [*cli, "--version"],
        "help": [*cli, "--help"],
        "python": [py, "-c", "pass"],
        "nosite": [py, "-S", "-c", "pass"],
        "nohooks_python": [py, "-S", "-c", "import site, sys; sys.path += site.getsitepackages()"],
        "numpy": [py, "-c", "import numpy, soundfile"],
    }
    revs = [r for r in args.against.split(",") if r]
    with tempfile.TemporaryDirectory() as tmp:
        trees = {rev: tree_at(rev, Path(tmp, f"tree{i}")) for i, rev in enumerate(revs)}
        m = one_file(demo_clip(Path(tmp)), args.runs, extra, trees)
    print(f"median of {args.runs} rounds, commands taking turns; wall times vary with the load")
    print(BYTECODE_NOTE)
    rows = [
        ("bare click --version", "bare"),
        ("python -c pass", "python"),
        ("python -S -c pass (no site)", "nosite"),
        ("python, no .pth hooks", "nohooks_python"),
        ("python: import numpy, sf", "numpy"),
    ]
    for label, name in rows:
        wall, cpu = m[name]
        print(f"{label:27} {wall:6.3f} s wall  {cpu:6.3f} s CPU")
    site = m["python"][1] - m["nosite"][1]
    print(f"site start-up (site-packages, .pth hooks): {site:+.3f} s CPU in every process here")
    hooks = m["python"][1] - m["nohooks_python"][1]
    print(f"  of which the .pth start-up hooks: {hooks:+.3f} s CPU (a fresh machine may have none)")
    for tree in ["", *revs]:
        print(f"\n{tree or 'this work tree'}:")
        mine = {
            k.removeprefix(f"{tree}:"): v
            for k, v in m.items()
            if not tree or k.startswith(f"{tree}:")
        }
        for label, name in (("audiolint --version", "version"), ("audiolint --help", "help")):
            (wall, cpu), (bw, bc) = mine[name], m["bare"]
            note = f"({wall / bw:.1f}x bare wall, {cpu / bc:.1f}x CPU)" if name == "version" else ""
            print(f"{label:27} {wall:6.3f} s wall  {cpu:6.3f} s CPU   {note}")
        print("\n".join(overhead_lines(mine)))
    print("\ntargets: --version within 2x of bare click; one-file overhead <= 0.3 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
