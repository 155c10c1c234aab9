"""The signal analysers (all but fidelity) of one tree against another's, in ONE process: CPU
per analyser and of all of them in one pass, and whether every result is identical (issues 11
and 15: a speed change must be exact).

    python benchmarks/signal_ab.py REV|SRC_DIR REV2|SRC_DIR [--set prompts|speech|corpus]
                                   [--rounds N]

As ``fidelity_ab.py`` (whose way of importing a second tree it uses): each tree's
``audiolint`` is imported under a name of its own, and each file is analysed by one tree and
then the other, the order alternating, ``--rounds`` times (default 9, a first warm-up turn
dropped); per file and row the best turn counts, and the per-file bests are summed. Rows: each
analyser of ``registry.SIGNAL`` and the fingerprint alone (built, fed, its result read), and
all of them fed in one pass as a check feeds them (``analysis.analyse``: what they share per
block is made once). Results are compared as JSON (arrays as their bytes); files whose
results differ are listed. Sets as ``fidelity_ab.py``'s: ``prompts`` (ALSA's eight, 1.3-1.5 s:
a file's fixed costs), ``speech`` (60 s of stereo speech: one file, so noisier), ``corpus``
(every 6th 44.1/48 kHz file of the real corpus).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fidelity_ab  # noqa: E402 - its second-tree import and its sets


def plain(value) -> str:
    """A result as JSON, arrays as their dtype, shape and sha256 (the same bytes in another
    shape or dtype are not the same result)."""

    def default(v):
        v = np.ascontiguousarray(v)
        return f"{v.dtype}:{v.shape}:" + hashlib.sha256(v.tobytes()).hexdigest()

    return json.dumps(value, sort_keys=True, default=default)


def main(argv: list[str]) -> int:
    revs = [a for i, a in enumerate(argv) if not a.startswith("-") and argv[i - 1] not in
            fidelity_ab.OPTIONS]  # fmt: skip
    if len(revs) != 2:
        print(__doc__)
        return 0
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 9
    which = argv[argv.index("--set") + 1] if "--set" in argv else "prompts"
    from threadpoolctl import threadpool_limits

    from audiolint import pipeline
    from audiolint.probe import decode

    second = revs[1] + " (again)" if revs[1] == revs[0] else revs[1]
    with tempfile.TemporaryDirectory() as tmp:
        trees = {
            revs[0]: fidelity_ab.other_tree(revs[0], Path(tmp, "a")),
            second: fidelity_ab.other_tree(revs[1], Path(tmp, "b"), fidelity_ab.NAME + "2"),
        }
        kit = {}
        for who, package in trees.items():
            registry = importlib.import_module(f"{package}.analysis.registry")
            analysis = importlib.import_module(f"{package}.analysis")
            names = [*registry.SIGNAL, "fingerprint"]
            registry.preload(names)
            kit[who] = (registry.factories(names), analysis.analyse)
        files = []
        for path in fidelity_ab.files_of(which):
            props = pipeline.probe_safely(path).properties
            blocks = list(decode.blocks(path, props.container, decoder=props.decoder))
            files.append((path, props, blocks))
        rows = [*kit[revs[0]][0], "(one pass)"]
        best = {who: dict.fromkeys(rows, 0.0) for who in trees}
        differ = []
        with threadpool_limits(limits=1), np.errstate(over="ignore", invalid="ignore"):
            for path, props, blocks in files:
                mine = {who: {} for who in trees}
                got = {}
                for turn in range(rounds + 1):  # the first turn warms caches: dropped
                    order = list(trees) if turn % 2 else list(trees)[::-1]
                    for who in order:
                        factories, analyse = kit[who]
                        spent, out = {}, {}
                        for name, make in factories.items():
                            start = time.process_time()
                            analyser = make(props.sample_rate, blocks[0].shape[1], props)
                            for block in blocks:
                                analyser.update(block)
                            out[name] = analyser.result()
                            spent[name] = time.process_time() - start
                        start = time.process_time()
                        analyse(iter(blocks), props, factories)
                        spent["(one pass)"] = time.process_time() - start
                        got[who] = plain(out)
                        if turn:
                            mine[who] = {k: min(v, mine[who].get(k, v)) for k, v in spent.items()}
                for who in trees:
                    for k, v in mine[who].items():
                        best[who][k] += v
                if len(set(got.values())) > 1:
                    differ.append(path)
    seconds = sum(sum(map(len, b)) / p.sample_rate for _, p, b in files)
    print(
        f"signal analysers on {len(files)} files ({which}, {seconds:.0f} s of audio), CPU ms a "
        f"file, best of {rounds} turns per file, in one process (one BLAS thread)"
    )
    print(f"  {'analyser':16}" + "".join(f"{who[-20:]:>22}" for who in trees) + "   change")
    for row in rows:
        cells = [best[who][row] * 1000 / len(files) for who in trees]
        change = f"{100 * (cells[1] / cells[0] - 1):+6.1f} %" if cells[0] else ""
        print(f"  {row:16}" + "".join(f"{c:22.3f}" for c in cells) + f"   {change}")
    total = [best[who]["(one pass)"] for who in trees]
    print("  x real time (one pass)" + "".join(f"{seconds / t:15.0f}x" for t in total))
    print(f"results: {len(files) - len(differ)} of {len(files)} identical")
    for path in differ:
        print(f"  differs: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
