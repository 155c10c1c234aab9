"""The whole signal analysis in one pass, this tree against other commits, in turns that stay
close together: for a change of a few per cent on a loaded machine.

    python benchmarks/one_pass.py --against REV|SRC_DIR[,...] [--rounds N] [--corpus]
    python benchmarks/one_pass.py --check [FOLDER] [--against ...] [--rounds N] [--jobs N]

``signal_cost.py --table`` starts a process per tree and round and measures every analyser
alone too, so each turn takes tens of seconds and the load moves between them (best of 3 at a
load of 10 on 2 cores moved analysers nobody had touched by 30 %). Here one process per tree
decodes ``signal_cost.py``'s sets once (the 60 s of speech, the 30 clips, with ``--corpus``
the real corpus's mix) and then, in turns, feeds each set to every analyser in one pass as a
check does (``audiolint.analysis.analyse``), a few seconds a turn. It prints, per set and tree,
the smallest and the median CPU of the turns (one BLAS thread), and each against this tree.
Other trees are ``git archive``'s ``src/`` (and ``glossary.yaml``, which a check reads from the
checkout: ``--check`` needs it beside a ``src/`` folder too) of the commits named, or a ``src/``
folder named as such (a commit less one change, say), run with ``PYTHONPATH``.

``--check`` measures what a whole check pays beyond the analysis (issue 15): in turns, per
tree, the CPU (workers included) of an ``audiolint check --no-cache`` process on FOLDER
(default: the 30 clips) and of a process that builds every file's context itself (probe,
decode, analysers: ``pipeline.build_context``, one BLAS thread); the difference is the start-up,
the workers, their messages, the rules and the report. Start-up alone (``--version``) is shown,
and the check again with its progress bar drawn on a pseudo-terminal (as a person sees it).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

WORKER = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import signal_cost
from threadpoolctl import threadpool_limits
from audiolint import pipeline
from audiolint.analysis import analyse, registry
from audiolint.probe import decode

data = {}
for label, paths in signal_cost.materials(Path(sys.argv[2])).items():
    files = []
    for path in paths:
        props = pipeline.probe_safely(path).properties
        files.append((props, list(decode.blocks(path, props.container, decoder=props.decoder))))
    data[label] = (files, sum(len(b) / p.sample_rate for p, bs in files for b in bs))
print(json.dumps({k: v[1] for k, v in data.items()}), flush=True)
with threadpool_limits(limits=1):
    for _ in sys.stdin:
        cpu = {}
        for label, (files, _seconds) in data.items():
            start = time.process_time()
            for props, blocks in files:
                analyse(iter(blocks), props, registry.FACTORIES)
            cpu[label] = time.process_time() - start
        print(json.dumps(cpu), flush=True)
"""


INPROC = r"""
import sys, time
from pathlib import Path
from audiolint import pipeline
from audiolint.config import Config

files = sorted(Path(sys.argv[1]).iterdir())
start = time.process_time()
for path in files:
    pipeline.build_context(path, Config())
print(time.process_time() - start)
"""


def _cpu(argv: list[str], env: dict, tty: bool = False) -> tuple[float, str]:
    """CPU seconds of a process (and its reaped children) and its output; with ``tty``, its
    standard error is a pseudo-terminal (read and dropped here), so a check draws its bar."""
    if not tty:
        before = os.times()
        out = subprocess.run(argv, capture_output=True, text=True, env=env, check=False).stdout
        after = os.times()
        return after[2] + after[3] - before[2] - before[3], out
    import pty
    import threading

    master, child = pty.openpty()
    drain = threading.Thread(target=_drain, args=(master,), daemon=True)
    drain.start()
    before = os.times()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=child, env=env, check=False)
    after = os.times()
    os.close(child)
    drain.join(timeout=5)
    os.close(master)
    return after[2] + after[3] - before[2] - before[3], ""


def _drain(fd: int) -> None:
    """Read a pseudo-terminal until its other end closes (else the bar's writes would block)."""
    try:
        while os.read(fd, 65536):
            pass
    except OSError:  # Linux: EIO once the last writer has gone
        pass


def check_turns(trees: dict, folder: str, rounds: int, jobs: int) -> None:
    """Print the ``--check`` figures: min and median CPU of each measurement per tree."""
    check = ["-m", "audiolint", "check", "--no-cache", f"--jobs={jobs}", folder]
    cmds = {
        "check --no-cache": [*check, "--no-progress"],
        "in-process contexts": ["-c", INPROC, folder],
        "start-up (--version)": ["-m", "audiolint", "--version"],
        "check, its bar drawn": check,  # on a pseudo-terminal
    }
    got: dict = {(who, what): [] for who in trees for what in [*cmds, "  their loop"]}
    for turn in range(rounds + 1):  # the first turn compiles bytecode, warms caches: dropped
        for who, src in trees.items():
            env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
            if src:
                env["PYTHONPATH"] = src
            for what, args in cmds.items():
                cpu, out = _cpu([sys.executable, *args], env, what.endswith("drawn"))
                if turn:
                    got[who, what].append(cpu)
                    if what == "in-process contexts":
                        got[who, "  their loop"].append(float(out.split()[-1]))
    files = len(os.listdir(folder))
    print(
        f"CPU s of a check against its analysis, {files} files of {folder}, jobs={jobs}, "
        f"{rounds} turns; load average now {os.getloadavg()[0]:.1f}"
    )
    for who in trees:
        print(f"\n{who}")
        for what in [*cmds, "  their loop"]:
            cpu = got[who, what]
            print(f"  {what:24} min {min(cpu):7.2f}  median {statistics.median(cpu):7.2f}")
        beyond = [
            c - p
            for c, p in zip(
                got[who, "check --no-cache"], got[who, "in-process contexts"], strict=True
            )
        ]
        print(
            f"  {'check - in-process':24} min {min(beyond):7.2f}  median "
            f"{statistics.median(beyond):7.2f}  (the same turn's pair)"
        )


def main(argv: list[str]) -> int:
    if {"-h", "--help"} & set(argv) or not {"--against", "--check"} & set(argv):
        print(__doc__)
        return 0
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 10
    against = argv[argv.index("--against") + 1].split(",") if "--against" in argv else []
    here = Path(__file__).resolve().parent
    if "--corpus" in argv:
        os.environ["AUDIOLINT_COST_CORPUS"] = "1"  # read by signal_cost.materials
    folder = str(Path(tempfile.gettempdir()) / "audiolint-signal-cost")
    with tempfile.TemporaryDirectory() as tmp:
        trees: dict[str, str | None] = {"this tree": None}
        for i, rev in enumerate(against):
            if Path(rev, "audiolint").is_dir():  # a source tree's src/ itself
                trees[rev] = str(Path(rev).resolve())
                continue
            tar = subprocess.run(
                ["git", "-C", str(here.parent), "archive", rev, "src", "glossary.yaml"],
                capture_output=True,
                check=True,
            ).stdout
            Path(tmp, str(i)).mkdir()
            subprocess.run(["tar", "-x", "-C", str(Path(tmp, str(i)))], input=tar, check=True)
            trees[rev] = f"{tmp}/{i}/src"
        if "--check" in argv:
            at = argv.index("--check") + 1
            given = argv[at] if at < len(argv) and not argv[at].startswith("--") else None
            jobs = int(argv[argv.index("--jobs") + 1]) if "--jobs" in argv else 2
            check_turns(trees, given or f"{folder}/clips", rounds, jobs)
            return 0
        workers, seconds = {}, {}
        for who, src in trees.items():
            env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
            if src:
                env["PYTHONPATH"] = src
            workers[who] = subprocess.Popen(
                [sys.executable, "-c", WORKER, str(here), folder],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=env,
            )
            seconds = json.loads(workers[who].stdout.readline())
        turns: dict[str, list[dict]] = {who: [] for who in workers}
        for turn in range(rounds + 1):  # the first turn warms caches and is dropped
            for who, worker in workers.items():
                worker.stdin.write("go\n")
                worker.stdin.flush()
                got = json.loads(worker.stdout.readline())
                if turn:
                    turns[who].append(got)
        for worker in workers.values():
            worker.stdin.close()
            worker.wait()
    print(f"one pass of every analyser, CPU ms over {rounds} turns (one BLAS thread)")
    for label, audio_s in seconds.items():
        print(f"\n{label}: {audio_s:.0f} s of audio")
        ref = None
        for who, got in turns.items():
            cpu = [g[label] * 1000 for g in got]
            low, mid = min(cpu), statistics.median(cpu)
            ref = ref or (low, mid)
            print(
                f"  {who[:24]:24} min {low:6.0f} ms ({audio_s * 1000 / low:4.0f}x RT)"
                f"  median {mid:6.0f} ms   vs this tree: {100 * (low / ref[0] - 1):+5.1f} % min,"
                f" {100 * (mid / ref[1] - 1):+5.1f} % median"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
