"""The whole signal analysis in one pass, this tree against other commits, in turns that stay
close together: for a change of a few per cent on a loaded machine.

    python benchmarks/one_pass.py --against REV|SRC_DIR[,...] [--rounds N] [--corpus]

``signal_cost.py --table`` starts a process per tree and round and measures every analyser
alone too, so each turn takes tens of seconds and the load moves between them (best of 3 at a
load of 10 on 2 cores moved analysers nobody had touched by 30 %). Here one process per tree
decodes ``signal_cost.py``'s sets once (the 60 s of speech, the 30 clips, with ``--corpus``
the real corpus's mix) and then, in turns, feeds each set to every analyser in one pass as a
check does (``audiolint.analysis.analyse``), a few seconds a turn. It prints, per set and tree,
the smallest and the median CPU of the turns (one BLAS thread), and each against this tree.
Other trees are ``git archive``'s ``src/`` of the commits named, or a ``src/`` folder named
as such (a commit less one change, say), run with ``PYTHONPATH``.
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


def main(argv: list[str]) -> int:
    if {"-h", "--help"} & set(argv) or "--against" not in argv:
        print(__doc__)
        return 0
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 10
    against = argv[argv.index("--against") + 1].split(",")
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
                ["git", "-C", str(here.parent), "archive", rev, "src"],
                capture_output=True,
                check=True,
            ).stdout
            Path(tmp, str(i)).mkdir()
            subprocess.run(["tar", "-x", "-C", str(Path(tmp, str(i)))], input=tar, check=True)
            trees[rev] = f"{tmp}/{i}/src"
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
